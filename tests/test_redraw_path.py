"""The short cuts of the redraw path show what a full redraw would show.

A slider step renames one legend row in place, leaves the activation list unpainted and hides
empty marker items; each of these must give the same picture as doing the work in full.
"""

from __future__ import annotations

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
