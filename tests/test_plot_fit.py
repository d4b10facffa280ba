"""Plot areas fit their window: legends take the columns that fit, titles wrap (gui.plot_fit)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from gui.plot_fit import PlotFitter, columns_that_fit


def test_columns_that_fit_picks_the_most_that_fit():
    widths = [100, 240, 110, 100, 150, 110, 370, 300]
    # 3 columns: [100, 240, 110], [100, 150, 110], [370, 300] → 370 + 300 + 110 + 5 gaps of 10
    assert columns_that_fit(widths, 830, 10, most=4) == 3
    assert columns_that_fit(widths, 829, 10, most=4) == 2
    assert columns_that_fit(widths, 5000, 10, most=4) == 4  # never more than asked for
    assert columns_that_fit(widths, 10, 10, most=4) == 1  # one column even if it does not fit
    assert columns_that_fit([50], 5000, 10, most=6) == 1


def _need(view) -> float:
    return view.ci.effectiveSizeHint(Qt.SizeHint.MinimumSize).width()


def test_long_titles_and_legends_stay_inside_the_view(qtbot):
    view = pg.GraphicsLayoutWidget()
    qtbot.addWidget(view)
    legend = pg.LegendItem(colCount=4, labelTextSize="18pt")
    view.addItem(legend, row=0, col=0, colspan=2)
    left = view.addPlot(row=1, col=0)
    right = view.addPlot(row=1, col=1)
    for i in range(6):
        legend.addItem(left.plot([0, 1], [i, i]), f"a fairly long curve name {i}")
    long_title = "A title far too long to sit in half of a narrow window on one line"
    left.setTitle(long_title, size="18pt")
    right.setTitle("Short", size="18pt")
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    assert _need(view) > view.viewport().width()  # the defect: the layout is wider than the view
    fitter = PlotFitter(view)
    fitter.fit()
    assert _need(view) <= view.viewport().width()
    assert legend.columnCount < 4
    assert left.titleLabel.item.textWidth() > 0  # wrapped onto more lines
    assert right.titleLabel.item.textWidth() < 0  # a title that fits stays one line
    assert left.titleLabel.text == long_title  # the same words, only wrapped
    # Wider again: the legend gets its columns back (up to the four it was made with).
    view.resize(3000, 500)
    qtbot.waitUntil(lambda: view.viewport().width() > 2900)
    fitter.fit()
    assert legend.columnCount == 4
    assert left.titleLabel.item.textWidth() < 0
