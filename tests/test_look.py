"""Check boxes stay visible on the dark theme and grow in classroom mode."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QStyle

from gui import style
from gui.live import restyle_tree


def _pixels(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, : 3 * w].reshape(h, w, 3).copy()


def _unticked_box(view, row: int) -> np.ndarray:
    """The pixels of the check box of an unticked row (left part of the row)."""
    rect = view.visualRect(view.model().index(row, 0))
    size = view.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    pixels = _pixels(view.viewport())
    return pixels[rect.top() : rect.bottom(), rect.left() : rect.left() + size + 8]


def test_unticked_boxes_are_visible_on_the_dark_theme(qtbot, main_window):
    view = main_window.explorer.list_view
    row = main_window.explorer_state.index("prelu")
    assert not main_window.explorer_state.entry("prelu").checked
    main_window.set_theme("dark")
    qtbot.wait(50)
    box = _unticked_box(view, row).astype(int)
    background = np.median(box.reshape(-1, 3), axis=0)
    # A frame that stands out from the list's background by a clear step of brightness.
    contrast = np.abs(box - background).sum(axis=2)
    assert (contrast > 120).sum() >= 20
    main_window.set_theme("light")


def test_check_boxes_grow_in_classroom_mode(main_window):
    app = QApplication.instance()
    normal = app.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    style.apply(app, classroom=True)
    restyle_tree(main_window)
    try:
        big = app.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    finally:
        style.apply(app, classroom=False)
        restyle_tree(main_window)
    assert big >= 1.4 * normal


def test_classroom_size_scales_fonts_lines_and_boxes_and_is_remembered(main_window):
    from gui.persistence import SettingsStore

    app = QApplication.instance()
    metric = QStyle.PixelMetric.PM_IndicatorWidth
    main_window.set_classroom_percent(145)
    style.apply(app, classroom=True)
    restyle_tree(main_window)
    try:
        at_145 = (app.font().pointSize(), style.line(1.0), app.style().pixelMetric(metric))
        main_window.set_classroom_percent(250)
        at_250 = (app.font().pointSize(), style.line(1.0), app.style().pixelMetric(metric))
        assert at_250[0] >= 1.6 * at_145[0]  # 11 pt × 2.5 against 11 pt × 1.45
        assert at_250[1] > at_145[1] and at_250[2] > at_145[2]
        tick = main_window.explorer.curves.f_plot.getAxis("left").style["tickFont"]
        assert tick.pointSize() == style.pt(12) == 30  # the plots' ticks follow
        assert main_window.actions_.percents[250].isChecked()
        assert SettingsStore(main_window.settings).load_ui().percent == 250
    finally:
        main_window.set_classroom_percent(style.DEFAULT_PERCENT)
        style.apply(app, classroom=False)
        restyle_tree(main_window)


def test_only_classroom_sizes_that_fit_the_screen_are_offered(main_window):
    """A 1366×768 projector gets 125 % and 145 %, at which every panel fits (test_fit_1366);
    larger sizes are greyed out with the screen they need, and a remembered size that does not
    fit gives way to 145 %, said in the status bar."""
    from PySide6.QtCore import QSize

    from gui.persistence import SettingsStore

    actions = main_window.actions_.percents
    try:
        main_window.offer_classroom_sizes(QSize(1920, 1080))
        assert [p for p, a in actions.items() if a.isEnabled()] == [125, 145, 175, 200]
        main_window.set_classroom_percent(250)
        main_window.offer_classroom_sizes(QSize(1366, 768))
        assert [p for p, a in actions.items() if a.isEnabled()] == [125, 145]
        assert actions[175].toolTip() == "Needs a screen of at least 1650×928 pixels"
        assert "Needs" not in actions[145].toolTip()
        assert style.LOOK.percent == 145 and actions[145].isChecked()
        assert SettingsStore(main_window.settings).load_ui().percent == 145
        message = main_window.statusBar().currentMessage()
        assert "250 %" in message and "1366×768" in message and "145 %" in message
        main_window.set_language("zh_CN")
        assert "1650×928" in actions[175].toolTip() and "Needs" not in actions[175].toolTip()
    finally:
        main_window.set_language("en")
        main_window.offer_classroom_sizes(QSize(3840, 2160))
        main_window.set_classroom_percent(style.DEFAULT_PERCENT)
