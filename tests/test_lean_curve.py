"""Curves are stroked through fewer vertices, and the picture is the same as through all of them."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gui import lean_curve
from gui.curve_panel import CurvePanel
from gui.lean_curve import LeanCurve, _simplified_path
from gui.plot_cache import ExactCache
from gui.polyline import simplify
from tests.conftest import wait_settled


def distance_to_polyline(px, py, kept) -> np.ndarray:
    """Distance of every vertex to the segment of the kept polyline spanning it."""
    out = np.zeros(len(px))
    for a, b in itertools.pairwise(kept):
        ax, ay, dx, dy = px[a], py[a], px[b] - px[a], py[b] - py[a]
        t = np.clip(((px[a:b] - ax) * dx + (py[a:b] - ay) * dy) / (dx * dx + dy * dy), 0, 1)
        out[a:b] = np.hypot(px[a:b] - (ax + t * dx), py[a:b] - (ay + t * dy))
    return out


@pytest.mark.parametrize(
    "f",
    [np.tanh, lambda x: np.maximum(x, 0), lambda x: np.sin(3 * x) * 4, lambda x: x**3 / 9],
    ids=["tanh", "relu", "sine", "cubic"],
)
@pytest.mark.parametrize("tol", [0.02, 0.5])
def test_every_dropped_vertex_lies_within_the_tolerance(f, tol):
    x = np.linspace(-6, 6, 2001)
    px, py = x * 73.4 + 500, f(x) * -54.0 + 350  # a plot's scale, y pointing down
    kept = simplify(px, py, tol)
    assert kept[0] == 0 and kept[-1] == len(x) - 1
    assert np.all(np.diff(kept) > 0)
    assert distance_to_polyline(px, py, kept).max() <= tol
    assert len(kept) < len(x) / 2  # and most of them are dropped


def test_a_corner_is_kept_exactly():
    x = np.linspace(-6, 6, 2001)  # x = 0 is sample 1000
    kept = simplify(x * 73.4, -np.maximum(x, 0) * 54.0, 0.02)
    assert kept.tolist() == [0, 1000, 2000]


def test_breaks_stay_breaks_and_non_finite_data_is_left_to_pyqtgraph():
    x = np.linspace(-1, 1, 11)
    y = np.where(x < 0, 0.0, 1.0)  # a jump between samples 4 and 5
    connect = np.ones(11, dtype=bool)
    connect[4] = False  # no segment from sample 4 to 5
    path = _simplified_path(x, y, connect, 100.0, -100.0)
    moves = [path.elementAt(i).isMoveTo() for i in range(path.elementCount())]
    points = [(path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())]
    assert points == [(-1.0, 0.0), (x[4], 0.0), (x[5], 1.0), (1.0, 1.0)]
    assert moves == [True, False, True, False]
    y[3] = np.nan
    assert _simplified_path(x, y, connect, 100.0, -100.0) is None


def image(widget) -> np.ndarray:
    window = widget.window()
    area = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    img = window.grab(area).toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    rows = data.reshape(img.height(), img.bytesPerLine())[:, : 4 * img.width()]
    return rows.reshape(img.height(), img.width(), 4)[..., :3].astype(int)


@pytest.mark.parametrize("tolerance", [lean_curve.TOLERANCE_PX, 0.3], ids=["ours", "coarse"])
def test_the_lean_stroke_paints_what_pyqtgraph_paints(qtbot, explorer, monkeypatch, tolerance):
    """The six lesson curves, thick, dashed and with kinks, painted directly: through the lean
    path and through pyqtgraph's own. A coarse tolerance is seen (the comparison can fail)."""
    for key in ("relu", "sigmoid", "tanh", "leaky_relu", "silu", "softmax"):
        explorer.state.set_checked(key, True)
    explorer.select("leaky_relu")  # thick when selected
    wait_settled(qtbot, explorer)
    qtbot.wait(100)
    plots = explorer.curves.plots
    monkeypatch.setattr(lean_curve, "TOLERANCE_PX", tolerance)
    monkeypatch.setattr(ExactCache, "enabled", False)
    for it in explorer.curves.items.values():
        it.f._lean_key = it.d._lean_key = None  # simplified again at this tolerance
    QApplication.processEvents()
    lean = image(plots)
    monkeypatch.setattr(LeanCurve, "lean", False)
    full = image(plots)
    worst = np.abs(lean - full).max()
    if tolerance < 0.1:
        assert worst <= 16, worst
    else:
        assert worst > 24, worst


def direct(panel) -> np.ndarray:
    """The plots painted without cached pictures and through pyqtgraph's own stroke."""
    ExactCache.enabled = False
    LeanCurve.lean = False
    try:
        return image(panel.plots)
    finally:
        ExactCache.enabled = True
        LeanCurve.lean = True


@pytest.fixture
def tanh_panel(qtbot):
    from gui import style

    style.apply(QApplication.instance(), theme="light", classroom=False)  # as the window does
    panel = CurvePanel()
    qtbot.addWidget(panel)
    panel.resize(800, 600)
    panel.show()
    x = np.linspace(-6, 6, 2001)
    panel.set_curve("tanh", "Tanh", x, np.tanh(x), 1 - np.tanh(x) ** 2, [])
    qtbot.waitExposed(panel)
    qtbot.wait(200)  # the layout settles (the readout's height)
    return panel, x


def test_new_data_in_the_same_box_is_drawn_anew(qtbot, tanh_panel):
    """−tanh has the box of tanh: the same place on screen, the same view, so only the change
    of data tells the cached picture and the simplified path that they are old."""
    panel, x = tanh_panel
    first = image(panel.plots)
    panel.set_curve("tanh", "Tanh", x, -np.tanh(x), 1 - np.tanh(x) ** 2, [])
    assert panel.f_plot.getViewBox().viewRange()[1] == pytest.approx((-1.12, 1.12), abs=1e-3)
    qtbot.wait(50)
    second = image(panel.plots)
    assert np.abs(first - second).max() > 100  # the curve flipped on screen
    assert np.abs(second - direct(panel)).max() <= 24  # antialiased edges, cached or not


def test_a_new_view_of_the_same_data_is_drawn_anew(qtbot, tanh_panel):
    """A wheel zoom changes the view before any new data arrives: the pictures follow it."""
    panel, _x = tanh_panel
    first = image(panel.plots)
    for lo, hi in ((-4.0, 4.0), (-2.5, 2.5)):  # two quick steps, each painted
        panel.f_plot.getViewBox().setXRange(lo, hi, padding=0)
        panel.plots.viewport().repaint()
    qtbot.wait(50)
    zoomed = image(panel.plots)
    assert np.abs(first - zoomed).max() > 100
    assert np.abs(zoomed - direct(panel)).max() <= 24


def test_many_breaks_each_start_a_new_run():
    """A periodic own formula can break the line thousands of times: every run starts with a
    move, no segment bridges a break, and the vertices of each run stay in it."""
    rng = np.random.default_rng(7)
    x = np.linspace(-1e4, 1e4, 2001)
    y = np.abs(np.sin(x))
    connect = rng.random(2001) > 0.3
    path = _simplified_path(x, y, connect, 0.05, -300.0)
    elements = [path.elementAt(i) for i in range(path.elementCount())]
    runs = 1 + int((~connect[:-1]).sum())
    assert sum(e.isMoveTo() for e in elements) == runs
    xs = np.array([e.x for e in elements])
    run_of = np.concatenate(([0], np.cumsum(~connect[:-1])))  # run index of every sample
    index = np.searchsorted(x, xs)
    np.testing.assert_array_equal(x[index], xs)
    joined = np.array([not e.isMoveTo() for e in elements])
    assert np.all(run_of[index][1:][joined[1:]] == run_of[index][:-1][joined[1:]])


@pytest.mark.parametrize(
    "key", ["relu", "leaky_relu", "softplus", "elu"], ids=["solid", "dashed", "dotted", "long"]
)
def test_a_long_winding_curve_is_stroked_in_pieces_that_paint_the_same(qtbot, key, monkeypatch):
    """A curve that turns hundreds of times is stroked in pieces (one outline polygon of it
    cost ~100 ms): the picture is pyqtgraph's own, dashes included (each piece carries the
    pattern on); with the pattern restarted at every piece it is not (the test can fail)."""
    from gui import style

    style.apply(QApplication.instance(), theme="light", classroom=False)
    panel = CurvePanel()
    qtbot.addWidget(panel)
    panel.resize(800, 600)
    panel.show()
    x = np.linspace(-6, 6, 2001)
    y = np.sin(37 * x) + 0.3 * np.sin(5 * x)
    panel.set_curve(key, key, x, y, np.cos(37 * x), [])
    qtbot.waitExposed(panel)
    qtbot.wait(200)
    lean = panel.items[key].f._lean_path
    assert lean is not None and len(lean.x) >= lean_curve.PIECES_FROM  # drawn in pieces
    assert len(lean.pieces()) > 50
    worst = np.abs(image(panel.plots) - direct(panel)).max()
    assert worst <= 80, worst  # antialiased edges where two pieces meet
    if key != "relu":
        monkeypatch.setattr(
            lean_curve._Lean, "dash_offsets", lambda self, *a: np.zeros(len(self.starts()))
        )
        ExactCache.enabled = False
        try:
            restarted = image(panel.plots)
        finally:
            ExactCache.enabled = True
        assert np.abs(restarted - direct(panel)).max() > 100
