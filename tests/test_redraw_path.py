"""The short cuts of the redraw path show what a full redraw would show.

A slider step renames one legend row in place, leaves the activation list unpainted and hides
empty marker items; each of these must give the same picture as doing the work in full.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from engine.curve_style import curve_label
from tests.conftest import wait_settled


def legend_layout(curves) -> list:
    """Texts and geometry of the legend and each of its rows, after pending layouts ran."""
    QApplication.processEvents()
    legend = curves.legend
    rows = [
        (label.text, sample.geometry().getRect(), label.geometry().getRect())
        for sample, label in legend.items
    ]
    return [legend.geometry().getRect(), rows]


def test_renaming_a_row_in_place_gives_the_legend_a_rebuild_gives(qtbot, explorer):
    explorer.select("leaky_relu")
    wait_settled(qtbot, explorer)
    curves = explorer.curves
    before = {id(label) for _, label in curves.legend.items}
    # Longer, then shorter names than the one shown: the box must follow both ways.
    for slope in (0.333, 0.5, 0.01, 1.75):
        explorer.state.set_params("leaky_relu", {"negative_slope": slope})
        wait_settled(qtbot, explorer)
        name = curve_label(explorer.state.entry("leaky_relu").spec, {"negative_slope": slope})
        assert name in [label.text for _, label in curves.legend.items]
        in_place = legend_layout(curves)
        assert {id(label) for _, label in curves.legend.items} == before  # renamed, not rebuilt
        curves._rebuild_legend()
        assert legend_layout(curves) == in_place, slope
        before = {id(label) for _, label in curves.legend.items}


class PaintCounter(QObject):
    def __init__(self, widget) -> None:
        super().__init__()
        self.widget, self.count = widget, 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.widget and event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_a_parameter_step_does_not_repaint_the_list_but_a_tick_does(qtbot, explorer):
    explorer.select("leaky_relu")
    wait_settled(qtbot, explorer)
    view = explorer.list_view
    row = explorer.model.index_of("leaky_relu")
    counter = PaintCounter(view.viewport())
    qtbot.wait(50)
    counter.count = 0

    explorer.state.set_params("leaky_relu", {"negative_slope": 0.25})
    wait_settled(qtbot, explorer)
    qtbot.wait(50)
    assert counter.count == 0
    # What the row would show on hover is the new call all the same (read when shown).
    assert "negative_slope=0.25" in row.data(Qt.ItemDataRole.ToolTipRole)

    explorer.state.set_checked("tanh", False)  # its swatch turns grey: the list must repaint
    wait_settled(qtbot, explorer)
    qtbot.waitUntil(lambda: counter.count > 0, timeout=2_000)


def test_marker_items_are_hidden_exactly_when_they_have_nothing_to_show(qtbot, explorer):
    curves = explorer.curves
    assert not any(m.isVisible() for m in curves.hover_marks)  # no mouse over the plots yet
    relu, sigmoid = curves.items["relu"], curves.items["sigmoid"]
    assert relu.d_marks.isVisible() and len(relu.d_marks.points()) > 0  # the kink at 0
    assert not relu.f_marks.isVisible() and len(relu.f_marks.points()) == 0  # f has no jump
    assert not sigmoid.d_marks.isVisible() and len(sigmoid.d_marks.points()) == 0

    curves.show_crosshair(1.0)
    for marks in curves.hover_marks:
        assert marks.isVisible() and len(marks.points()) == len(curves.shown_keys())

    explorer.select("threshold")  # f jumps: both plots get marks
    wait_settled(qtbot, explorer)
    threshold = curves.items["threshold"]
    assert threshold.f_marks.isVisible() and len(threshold.f_marks.points()) > 0
    assert threshold.d_marks.isVisible() and len(threshold.d_marks.points()) > 0


def fitted(curves, which: str) -> tuple[float, float]:
    """The y range fit_y gives for the curves on screen (the same padding)."""
    values = np.concatenate([getattr(it, which) for it in curves.shown_items()])
    lo, hi = float(values.min()), float(values.max())
    pad = 0.06 * (hi - lo) if hi > lo else 0.5
    return lo - pad, hi + pad


def test_a_new_range_fits_the_y_axes_once_to_all_its_curves(qtbot, explorer):
    curves = explorer.curves
    for key in ("relu", "sigmoid", "tanh", "elu", "softplus"):
        explorer.state.set_checked(key, True)
    wait_settled(qtbot, explorer)
    fits = []
    original = curves.fit_y

    def counting_fit() -> None:
        fits.append(explorer.state.x_range)
        original()

    curves.fit_y = counting_fit
    explorer.state.set_x_range(-2.5, 1.5)
    wait_settled(qtbot, explorer)
    assert fits == [(-2.5, 1.5)]  # once, after the last curve of the range arrived
    for plot, which in ((curves.f_plot, "y"), (curves.d_plot, "dy")):
        assert plot.getViewBox().viewRange()[1] == pytest.approx(fitted(curves, which))


def test_the_y_axes_are_fitted_even_when_a_curve_of_the_range_fails(qtbot, explorer, monkeypatch):
    from engine import curves as engine_curves

    real = engine_curves.compute_curve

    def failing_for_tanh(spec, params, x_range, *args, **kwargs):
        if spec.key == "tanh":
            raise ValueError("no curve today")
        return real(spec, params, x_range, *args, **kwargs)

    monkeypatch.setattr(engine_curves, "compute_curve", failing_for_tanh)
    explorer.state.set_x_range(-1.0, 4.0)
    wait_settled(qtbot, explorer)
    curves = explorer.curves
    shown = [it for it in curves.shown_items() if it.x[0] == -1.0]
    assert {it.name for it in shown} == {"ReLU", "Sigmoid"}
    values = np.concatenate([it.y for it in shown] + [curves.items["tanh"].y])
    lo, hi = float(values.min()), float(values.max())
    pad = 0.06 * (hi - lo)
    assert curves.f_plot.getViewBox().viewRange()[1] == pytest.approx((lo - pad, hi + pad))
