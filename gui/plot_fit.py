"""Plot areas that fit their window: legends with as many columns as fit, titles that wrap.

pyqtgraph lays a plot area out at least as wide as its widest row of titles and legend entries.
When classroom fonts make that wider than the window (the depth lab at 1366×768) the layout grows
past the view and its right edge is simply not drawn. Here a legend takes the column count that
fits and a plot title wraps onto a second line instead of pushing the plots apart.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption


def columns_that_fit(widths: list[float], room: float, spacing: float, most: int) -> int:
    """The largest column count ≤ ``most`` whose row-major table of ``widths`` fits ``room``."""
    for n in range(max(1, min(most, len(widths))), 0, -1):
        columns = [max(widths[c::n]) for c in range(n)]
        if sum(columns) + spacing * (2 * n - 1) <= room:
            return n
    return 1


def fit_legend(legend: pg.LegendItem, room: float, most: int) -> None:
    """Give ``legend`` the most columns (up to ``most``) that fit ``room`` pixels."""
    if not legend.items:
        return
    widths = [
        sample.boundingRect().width() + label.minimumWidth() for sample, label in legend.items
    ]
    left, _top, right, _bottom = legend.layout.getContentsMargins()
    spacing = legend.layout.horizontalSpacing()
    legend.setColumnCount(columns_that_fit(widths, room - left - right, spacing, most))


def wrap_title(plot: pg.PlotItem, room: float) -> None:
    """Wrap ``plot``'s title to ``room`` pixels if it is wider (else one line, as before)."""
    label = plot.titleLabel
    if not label.isVisible() or not label.text:
        return
    text = label.item
    text.setTextWidth(-1)
    if text.boundingRect().width() > room > 0:
        option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        text.document().setDefaultTextOption(option)
        text.setTextWidth(room)
    label.updateMin()
    label.resizeEvent(None)
    fit_title_height(plot)


def fit_title_height(plot: pg.PlotItem) -> None:
    """pyqtgraph fixes a plot's title row at 30 px (``setTitle``): a classroom-sized title,
    or one wrapped onto two lines, ran into the plot below it. The row as tall as the text."""
    label = plot.titleLabel
    if not label.isVisible() or not label.text:
        return
    height = math.ceil(label.itemRect().height())
    if height != label.maximumHeight():  # also back to one line when the plot widens again
        label.setMaximumHeight(height)
        plot.layout.setRowFixedHeight(0, height)


class PlotFitter:
    """Keeps the legends and plot titles of ``view`` within its width. The panel calls
    :meth:`fit` from its resizeEvent and after titles or legends change. (Not an event filter
    or a signal on the view: those were still called while the window was destroyed at exit,
    and crashed it.)

    Each item's room is its share of the columns it spans (weighted by the columns' stretch
    factors); a legend never gets more columns than it was created with."""

    def __init__(self, view: pg.GraphicsLayoutWidget) -> None:
        self.view = view
        self._most: dict[pg.LegendItem, int] = {}

    def fit(self) -> None:
        width = self.view.viewport().width()
        layout = self.view.ci
        grid = layout.layout
        stretch = [max(1, grid.columnStretchFactor(c)) for c in range(grid.columnCount())]
        total = sum(stretch) or 1
        # The layout's own margins and the spacing between its columns are no item's room.
        left, _top, right, _bottom = grid.getContentsMargins()
        width -= left + right + grid.horizontalSpacing() * (len(stretch) - 1)
        for item, cells in list(layout.items.items()):
            room = width * sum(stretch[col] for col in {col for _row, col in cells}) / total
            if isinstance(item, pg.LegendItem):
                most = self._most.setdefault(item, item.columnCount)
                fit_legend(item, room - 2, most)
            elif isinstance(item, pg.PlotItem):
                axis = item.getAxis("left")
                used = axis.effectiveSizeHint(Qt.SizeHint.MinimumSize).width()
                wrap_title(item, room - (used if axis.isVisible() else 0) - 30)


def fit_axis_label(plot: pg.PlotItem, side: str, texts: list[str], size: str) -> str:
    """Label ``plot``'s ``side`` axis with the first of ``texts`` that fits along the axis
    (a rotated y label longer than a short plot is drawn past both its ends and cut: the XOR
    lab's loss plot in classroom mode); the last one if none does. Returns the text chosen."""
    axis = plot.getAxis(side)
    plot.layout.activate()  # the axis' length in the current size, not the last one
    vertical = side in ("left", "right")
    room = axis.geometry().height() if vertical else axis.geometry().width()
    for text in texts:
        if axis.labelText != text or axis.labelStyle.get("font-size") != size:
            plot.setLabel(side, text, **{"font-size": size})
        if axis.label.boundingRect().width() <= room:
            break
    return axis.labelText


class AxisLabelFitter(pg.PlotWidget):
    """A plot widget whose axis label follows its size (see :func:`fit_axis_label`).

    ``labels`` gives the texts to try, longest first, and the font size (both change with the
    language and the look); the owner calls :meth:`fit_label` after changing either."""

    def __init__(self, side: str, labels, **kwargs) -> None:
        super().__init__(**kwargs)
        self._side, self._labels = side, labels

    def fit_label(self) -> str:
        texts, size = self._labels()
        return fit_axis_label(self.getPlotItem(), self._side, texts, size)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if "_labels" in self.__dict__:  # not while pyqtgraph's __init__ sizes the view
            self.fit_label()


class FittedPlots(pg.GraphicsLayoutWidget):
    """A plot area whose legends and titles are fitted (:class:`PlotFitter`) whenever its own
    width changes, also when only a splitter beside it moved (the network lab's controls column
    grows with classroom sizes: titles wrapped for the old width pushed the plots past the
    view). An override of its own resizeEvent, not a filter or signal (see PlotFitter)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fitter = PlotFitter(self)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if "fitter" in self.__dict__ and event.oldSize().width() != event.size().width():
            self.fitter.fit()


def set_title(plot: pg.PlotItem, text: str, **args) -> None:
    """``plot.setTitle`` with the title row as tall as the text (see :func:`fit_title_height`)."""
    plot.setTitle(text, **args)
    fit_title_height(plot)
