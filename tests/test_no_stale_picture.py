"""Nothing on screen is stale: after a fast double zoom the plots show exactly the new curves.

The defect this guards against: Ctrl+0, then `+` `+` quickly, and the f′ plot kept an old cached
picture (Tanh′ peaking at x ≈ 2.1) while the data in the items was right. So the test zooms the
way a teacher does, with real paints in between, and then compares the pixels on screen with a
fresh panel drawing the same data in the same ranges, and the plotted data with torch.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from engine import catalogue
from engine.modules import build_module
from gui.curve_panel import CurvePanel
from gui.plot_cache import ExactCache
from tests.conftest import close_window, open_settled_window


def settle(qtbot, window):
    qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)


@pytest.fixture
def window(qtbot, tmp_path):
    w = open_settled_window(qtbot, tmp_path, (1366, 768))
    yield w
    close_window(w)


def pixels(widget) -> np.ndarray:
    """The widget as it paints now: a real paint of its window, cropped to the widget (so the
    widget is painted at its place in the window, as on screen)."""
    window = widget.window()
    area = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    image = window.grab(area).toImage().convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    rows = data.reshape(height, image.bytesPerLine())[:, : 4 * width]
    return rows.reshape(height, width, 4)[..., :3].copy()


def fresh_render(curves: CurvePanel, qtbot, cached: bool) -> np.ndarray:
    """A new panel of the same size given the same curves and the same view ranges; painted
    through the cached pictures (``cached``) or directly."""
    fresh = CurvePanel()
    qtbot.addWidget(fresh)
    fresh.resize(curves.size())
    fresh.show()
    fresh.set_loading(False)
    for key, it in curves.items.items():
        if it.shown:
            fresh.set_curve(key, it.name, it.x, it.y, it.dy, it.kinks, selected=it.selected)
    qtbot.waitUntil(lambda: fresh.plots.size() == curves.plots.size(), timeout=5_000)
    pairs = ((curves.f_plot, fresh.f_plot), (curves.d_plot, fresh.d_plot))
    for mine, theirs in pairs:
        # Axes only ever widen for the longest tick label they have shown: same layout here.
        theirs.getAxis("left").setWidth(mine.getAxis("left").width())
        theirs.getAxis("bottom").setHeight(mine.getAxis("bottom").height())
    qtbot.waitUntil(
        lambda: all(
            theirs.getViewBox().size() == mine.getViewBox().size() for mine, theirs in pairs
        ),
        timeout=5_000,
    )
    fresh.set_view_range(*curves._x_range)
    for mine, theirs in pairs:
        (x0, x1), (y0, y1) = mine.getViewBox().viewRange()
        theirs.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
    QApplication.processEvents()
    for mine, theirs in pairs:
        np.testing.assert_allclose(
            theirs.getViewBox().viewRange(), mine.getViewBox().viewRange(), rtol=0, atol=1e-12
        )
    ExactCache.enabled = cached
    try:
        image = pixels(fresh.plots)
    finally:
        ExactCache.enabled = True
    fresh.close()
    return image


def torch_curves(key: str, params: dict, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    module = build_module(catalogue.get(key), params).double()
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = module(xt)
    (dy,) = torch.autograd.grad(y.sum(), xt)
    return y.detach().numpy(), dy.numpy()


@pytest.mark.parametrize("attempt", range(8))
def test_fast_double_zoom_leaves_no_stale_picture(qtbot, window, attempt):
    """Timing decides whether a stale picture shows, so the attempts vary it: where the view was
    before, the pause between the key presses, with Ctrl+0 first or from the current view."""
    curves = window.explorer.curves
    state = window.explorer_state
    start = 1.25 + 0.25 * (attempt // 2)
    window.zoom(start)  # somewhere else first, drawn and settled
    settle(qtbot, window)
    qtbot.wait(200)

    # Ctrl+0, then `+` `+` quickly: each key press lands while the last change is drawn.
    pause = (20, 40, 80)[attempt % 3]
    reset = attempt % 2 == 0
    if reset:
        curves.reset_view()
        qtbot.wait(pause)
    window.zoom(0.8)
    qtbot.wait(pause)
    window.zoom(0.8)
    qtbot.wait(1500)
    settle(qtbot, window)
    half = 6 * 0.64 * (1 if reset else start)
    lo, hi = state.x_range
    assert (lo, hi) == pytest.approx((-half, half))
    qtbot.waitUntil(
        lambda: all(
            it.x is not None and (it.x[0], it.x[-1]) == state.x_range
            for it in curves.items.values()
            if it.shown
        ),
        timeout=30_000,
    )
    QApplication.processEvents()
    on_screen = pixels(curves.plots)

    # The plotted data is torch's at the plotted x.
    for key in curves.shown_keys():
        it = curves.items[key]
        x, dy = it.d.getData()
        fx, fy = it.f.getData()
        np.testing.assert_array_equal(x, fx)
        assert x[0] == lo and x[-1] == hi
        ty, tdy = torch_curves(key, state.entry(key).params, x)
        np.testing.assert_array_equal(fy, ty)
        np.testing.assert_array_equal(dy, tdy)

    # And the picture is what a fresh render of the same data and ranges shows: exactly the
    # same through fresh cached pictures, and up to the rounding of antialiased edges when
    # painted directly (a stale curve differs by far more, over thousands of pixels).
    exact = fresh_render(curves, qtbot, cached=True)
    differing = np.any(on_screen != exact, axis=-1)
    assert not differing.any(), f"{int(differing.sum())} pixels differ from a fresh render"
    direct = fresh_render(curves, qtbot, cached=False)
    assert np.abs(on_screen.astype(int) - direct).max() <= 24


def test_cached_pictures_land_where_the_widget_is_painted(qtbot, window):
    """On screen a widget is painted into its window's backing store at an offset; the cached
    curves must land at the same place as everything else (rendering with an offset does that)."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QWidget

    plots = window.explorer.curves.plots
    size = plots.size()

    def render(dx: int, dy: int) -> np.ndarray:
        image = QImage(size.width() + 50, size.height() + 40, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        QWidget.render(plots, image, QPoint(dx, dy))
        data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
        rows = data.reshape(image.height(), image.bytesPerLine())[:, : 4 * image.width()]
        pixels_ = rows.reshape(image.height(), image.width(), 4)
        return pixels_[dy : dy + size.height(), dx : dx + size.width(), :3].copy()

    at_origin, shifted = render(0, 0), render(37, 23)
    differing = np.any(at_origin != shifted, axis=-1)
    assert not differing.any(), f"{int(differing.sum())} pixels moved with the offset"
