"""The window is built once: language, theme and classroom switches keep every panel's state."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from gui import style
from tests.conftest import close_window, open_settled_window


def settle(qtbot, window):
    qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)


@pytest.fixture
def window(qtbot, tmp_path):
    w = open_settled_window(qtbot, tmp_path, (1300, 850))
    yield w
    close_window(w)


def _drawn(xor) -> dict[str, np.ndarray]:
    """What the XOR lab shows: the straight boundary, the decision images, the loss curves."""
    xs, ys = xor.boundary_line.getData()
    shown = {
        "boundary_x": np.array([] if xs is None else xs, copy=True),
        "boundary_y": np.array([] if ys is None else ys, copy=True),
    }
    for key, image in xor.images.items():
        shown[f"image_{key}"] = np.array(image.image, copy=True)
    for key, curve in xor.loss_curves.items():
        shown[f"loss_{key}"] = np.array(curve.getData()[1], copy=True)
    return shown


def test_language_switch_during_xor_training_keeps_step_and_boundary(qtbot, window):
    window.show_panel("labs-xor")
    xor = window.labs["labs-xor"]
    qtbot.waitUntil(lambda: xor.frame is not None and xor.is_settled, timeout=60_000)
    xor.set_dataset("spirals")  # keeps training for a while: no early stop at convergence
    xor.speed_combo.setCurrentIndex(xor.speed_combo.findData(300))
    qtbot.waitUntil(lambda: xor.is_settled and xor.frame.dataset.name == "spirals", timeout=60_000)
    xor.start()
    qtbot.waitUntil(lambda: xor.frame.step >= 40, timeout=60_000)
    frame, before = xor.frame, _drawn(xor)

    window.set_language("zh_CN")  # synchronous: no frame can arrive in between
    assert xor.frame is frame
    after = _drawn(xor)
    assert after.keys() == before.keys()
    for name, values in before.items():
        np.testing.assert_array_equal(after[name], values, err_msg=name)
    assert xor.is_running
    assert xor.start_button.text() == "开始"
    assert f"第 {frame.step} 步" in xor.status.text()

    # Training goes on from the same networks: later steps, the same loss history before them.
    qtbot.waitUntil(lambda: xor.frame.step > frame.step, timeout=60_000)
    later = xor.frame
    np.testing.assert_array_equal(later.loss["act"][: len(frame.loss["act"])], frame.loss["act"])
    xor.pause()


def _shortcut_actions(window, key: str) -> list[QAction]:
    wanted = QKeySequence(key)
    return [a for a in window.findChildren(QAction) if wanted in a.shortcuts()]


def test_exactly_one_f11_and_one_esc_and_esc_leaves_classroom(qtbot, window):
    assert len(_shortcut_actions(window, "F11")) == 1
    assert len(_shortcut_actions(window, "Esc")) == 1
    window.activateWindow()
    qtbot.waitActive(window)
    window.showNormal()
    window.setGeometry(60, 50, 1200, 760)
    qtbot.wait(50)
    before = window.geometry()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.isFullScreen(), timeout=5_000)
    assert style.LOOK.classroom and window.classroom_action.isChecked()
    for lang in ("zh_CN", "en"):  # switches in classroom mode add no second Esc
        window.set_language(lang)
    assert len(_shortcut_actions(window, "Esc")) == 1
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5_000)
    assert not style.LOOK.classroom and not window.classroom_action.isChecked()
    qtbot.waitUntil(lambda: window.geometry() == before, timeout=5_000)


def test_twenty_switches_keep_every_panel_and_add_nothing(qtbot, window):
    for name in window.panels:
        window.show_panel(name)
        settle(qtbot, window)
    xor = window.labs["labs-xor"]
    depth = window.labs["labs-depth"]
    softmax = window.labs["labs-softmax"]
    xor.lr_slider.setValue(0.123)
    xor.seed_slider.setValue(7)
    depth.layers_slider.setValue(12)
    softmax.temperature.setValue(2.5)
    softmax.set_logits([3.0, -1.0, 0.5, 2.0])
    window.explorer_state.set_params("leaky_relu", {"negative_slope": 0.2})
    window.explorer.select("leaky_relu")
    window.image_state.set_settings(pre="sharpen")
    settle(qtbot, window)

    actions = len(window.findChildren(QAction))
    widgets = len(window.findChildren(QWidget))
    listeners = len(window.explorer_state._listeners)
    panels = dict(window.panels)
    switches = [
        lambda: window.set_language("zh_CN"),
        lambda: window.set_theme("dark"),
        window.toggle_classroom,
        lambda: window.set_language("en"),
        lambda: window.set_theme("light"),
    ]
    for i in range(20):
        switches[i % len(switches)]()
    if style.LOOK.classroom:
        window.toggle_classroom()
    settle(qtbot, window)

    assert len(window.findChildren(QAction)) == actions
    assert len(window.findChildren(QWidget)) == widgets
    assert len(window.explorer_state._listeners) == listeners
    assert window.panels == panels  # the very same widgets
    assert xor.lr_slider.value() == pytest.approx(0.123)
    assert xor.seed_slider.value() == 7
    assert depth.layers_slider.value() == 12
    assert softmax.temperature.value() == pytest.approx(2.5)
    assert softmax.logits() == [3.0, -1.0, 0.5, 2.0]
    assert window.explorer.editor.values == {"negative_slope": 0.2}
    assert window.images.pre.currentData() == "sharpen"


def test_theme_and_classroom_restyle_the_live_plots(qtbot, window):
    window.show_panel("labs-depth")
    settle(qtbot, window)
    depth = window.labs["labs-depth"]
    views = [window.explorer.curves.plots, depth.plots]
    window.set_theme("dark")
    for view in views:
        assert view.backgroundBrush().color().name() == style.colour("background") == "#15171a"
    grid_pen = window.explorer.curves.grids[0].opts["pen"]
    assert grid_pen.color().name() == style.colour("grid")
    width = next(iter(depth.curves.values()))["grad"].opts["pen"].widthF()
    window.toggle_classroom()
    try:
        assert next(iter(depth.curves.values()))["grad"].opts["pen"].widthF() > width
        assert depth.font().pointSize() == style.pt(12)
    finally:
        window.toggle_classroom()
    window.set_theme("light")
    assert window.explorer.curves.plots.backgroundBrush().color().name() == "#ffffff"
