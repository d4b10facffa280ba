"""Tick labels of a log axis never sit on each other, however short the plot."""

from __future__ import annotations

import itertools

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QFont, QImage, QPainter

from gui.log_axis import LogAxis, thin_out


def test_thin_out_keeps_every_other_label_from_a_power_of_ten():
    assert thin_out(["4", "5", "6", "7", "8", "9"], 3) == ["4", "", "6", "", "8", ""]
    assert thin_out(["a", "", "b"], 5) == ["a", "", "b"]
    assert thin_out(["2×", "10", "2×", "5×", "100"], 3) == ["", "10", "", "5×", ""]


@pytest.mark.parametrize("height", [110, 160, 400])
def test_log_tick_labels_do_not_overlap_on_a_short_plot(qtbot, height):
    """Less than a decade on a short y axis with classroom-sized ticks (the XOR lab's loss
    plot at 145 %: "9×10⁻¹" was drawn over "8×10⁻¹")."""
    widget = pg.PlotWidget(axisItems={"left": LogAxis("left")})
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    plot.setLogMode(y=True)
    axis = plot.getAxis("left")
    axis.setTickFont(QFont(widget.font().family(), 17))
    plot.plot([0, 1, 2], [0.4, 0.6, 0.9])
    plot.setYRange(-0.4, -0.04, padding=0)  # log10 of 0.4 … 0.9
    widget.resize(500, height)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(50)
    plot.layout.activate()
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    rects = sorted((rect for rect, _flags, text in texts if text), key=lambda r: r.top())
    assert len(rects) >= 2
    for upper, lower in itertools.pairwise(rects):
        assert upper.bottom() <= lower.top() + 1, (upper, lower)
