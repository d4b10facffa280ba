"""Two stacked plots, f(x) above f'(x), with linked x axes, legend, crosshair and kink marks.

Plot items are created once per activation and updated with ``setData``; the panel knows nothing
about torch or the catalogue, it only draws the curves it is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from engine.curve_style import style_for
from engine.ranges import DEFAULT_RANGE, MAX_ABS_X
from gui.curve_pens import curve_pen, curve_z
from gui.i18n import tr
from gui.kink_marks import KinkArrays, KinkNote, breaks, cached_brush, mark, new_marks
from gui.live import QT_TR_NOOP, Live, Switchable
from gui.plot_cache import CachedCurve, CachedGrid
from gui.plot_fit import PlotFitter
from gui.readout_width import g4_lengths
from gui.style import colour as style_colour
from gui.style import line as line_width
from gui.style import pt

LINE_WIDTH = 3.0
SELECTED_WIDTH = 5.0
LEGEND_COLUMNS = 6  # at most; fewer when the names are wider than the plot (gui.plot_fit)


@dataclass
class CurveItems:
    """The plot items of one activation, created once and then updated."""

    f: CachedCurve
    d: CachedCurve
    f_marks: pg.ScatterPlotItem  # jumps of f (Threshold, Hardshrink)
    d_marks: pg.ScatterPlotItem  # kinks of f'
    name: str = ""
    rank: int = 0  # place in the legend and in exports (see CurvePanel.order)
    colour: str = ""
    selected: bool = False
    kinks: list = field(default_factory=list)
    kink_arrays: KinkArrays | None = None  # of ``kinks``, made once per list
    pen: object = None
    pen_key: tuple = ()
    x: np.ndarray | None = None
    y: np.ndarray | None = None
    dy: np.ndarray | None = None
    readout_chars: np.ndarray | None = None  # characters of f and f′ in the readout, per point
    shown: bool = False


class CurvePanel(Switchable, QWidget):
    """Shows f and f' of the visible activations; reports x-range edits and pan/zoom."""

    rangeEdited = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = Live()
        self.items: dict[str, CurveItems] = {}
        # The legend lists curves in this order (the catalogue's), whatever order they arrive in.
        self.order: list[str] = []
        self._x_range = DEFAULT_RANGE
        self._loading_text = QT_TR_NOOP("Loading PyTorch…")
        self._readout_x: float | None = None  # where the crosshair was last put
        self._readout_samples: list[str] = []  # the longest readouts its height is set for
        self._readout_chars = 0  # and their length in characters
        self._longest_chars = 0  # the longest readout's length over the current data
        self.grids: list[pg.GridItem] = []
        self.axis_lines: list[pg.InfiniteLine] = []

        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setObjectName("curvePlots")
        # The legend has its own row above the plots: inside the plot it covered curves
        # (in classroom mode most of the f plot's upper left).
        self.legend = pg.LegendItem(colCount=LEGEND_COLUMNS, labelTextSize=f"{pt(13)}pt")
        self.plots.addItem(self.legend, row=0, col=0)
        self.f_plot: pg.PlotItem = self.plots.addPlot(row=1, col=0)
        self.d_plot: pg.PlotItem = self.plots.addPlot(row=2, col=0)
        self.d_plot.setXLink(self.f_plot)
        self._add_grid_and_axes(self.f_plot)
        self._add_grid_and_axes(self.d_plot)
        self.d_plot.setLabel("bottom", "x")
        # Ticks read the values themselves: σ′(0) is 0.25 on the axis, never "250 (x0.001)".
        for plot in (self.f_plot, self.d_plot):
            for side in ("left", "bottom"):
                plot.getAxis(side).enableAutoSIPrefix(False)
            # The y axis widens for a longer tick label but never narrows again: shrinking it
            # after a zoom resized the plot, so every curve and grid was drawn a second time.
            plot.getAxis("left").setStyle(autoReduceTextSpace=False)
        self.fitter = PlotFitter(self.plots)

        self.vlines = []
        self.hover_marks = []
        for plot in (self.f_plot, self.d_plot):
            line = pg.InfiniteLine(angle=90, movable=False)
            line.setVisible(False)
            plot.addItem(line, ignoreBounds=True)
            self.vlines.append(line)
            marks = pg.ScatterPlotItem(size=11, pen=pg.mkPen("w", width=1.5))
            marks.setVisible(False)  # until the mouse is over the plots
            plot.addItem(marks, ignoreBounds=True)
            self.hover_marks.append(marks)

        self.kink_note = KinkNote(self.d_plot.getViewBox())

        self.loading = pg.TextItem(anchor=(0.5, 0.5))
        self.f_plot.addItem(self.loading, ignoreBounds=True)
        self.loading.setPos(0, 0.5)

        self._mouse_proxy = pg.SignalProxy(
            self.plots.scene().sigMouseMoved, rateLimit=60, slot=self._on_mouse_moved
        )
        # Pan/zoom settles before the grid is recomputed for the new view.
        self._view_timer = QTimer(self, singleShot=True, interval=150)
        self._view_timer.timeout.connect(self._emit_view_range)
        self.f_plot.getViewBox().sigXRangeChanged.connect(lambda *_: self._view_timer.start())

        self.readout = QLabel()
        self.readout.setObjectName("readout")
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)

        self.x_min = self._range_box(DEFAULT_RANGE[0])
        self.x_max = self._range_box(DEFAULT_RANGE[1])
        self.reset_button = QPushButton()
        self.live.text(self.reset_button.setText, QT_TR_NOOP("Reset view"))
        self.live.text(
            self.reset_button.setToolTip,
            QT_TR_NOOP("Back to x from −6 to 6 with the y axes fitted (Ctrl+0)"),
        )
        self.reset_button.clicked.connect(self.reset_view)
        self.range_message = QLabel()
        self.range_message.setObjectName("rangeMessage")

        controls = QHBoxLayout()
        controls.addWidget(self.live.label(QT_TR_NOOP("x from")))
        controls.addWidget(self.x_min)
        controls.addWidget(self.live.label(QT_TR_NOOP("to")))
        controls.addWidget(self.x_max)
        controls.addWidget(self.reset_button)
        controls.addWidget(self.range_message, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.plots, 1)
        layout.addWidget(self.readout)
        self.set_view_range(*DEFAULT_RANGE)
        self.live.look(self._style)
        self.retranslate()

    # -- construction helpers --------------------------------------------------------------
    def _add_grid_and_axes(self, plot: pg.PlotItem) -> None:
        # A GridItem in the view, not the axes' alpha grid: the axes' grid repaints the whole
        # plot area on every curve change and cost ~40 ms per frame here.
        # Drawing the grid's picture cost ~4 ms a frame; cached, it is a blit until the view or
        # the pens change (gui.plot_cache: never a picture of another view).
        grid = CachedGrid(textPen=None)
        # Two levels of lines, not pyqtgraph's three: the finest (~240 lines at 0.1 spacing,
        # alpha ≈ 22/255) changed no pixel by more than 6 levels and cost ~7 ms to draw on
        # every zoom or pan step.
        grid.setTickSpacing(x=[None, None], y=[None, None])
        plot.addItem(grid, ignoreBounds=True)
        self.grids.append(grid)
        for angle in (0, 90):
            axis_line = pg.InfiniteLine(pos=0, angle=angle)
            plot.addItem(axis_line, ignoreBounds=True)
            self.axis_lines.append(axis_line)
        # The y range is fitted by fit_y()/expand_y(), not on every setData: a fixed range lets
        # the unchanged curves repaint from their cached pixmaps while a slider is dragged.
        plot.getViewBox().disableAutoRange(axis="y")

    def _style(self) -> None:
        """Sizes and colours of the current look (theme, classroom mode) on the live items."""
        font = QFont(self.font().family(), pt(12))
        for plot, label in ((self.f_plot, "f(x)"), (self.d_plot, "f′(x)")):
            plot.setLabel("left", label, **{"font-size": f"{pt(15)}pt"})
            for side in ("left", "bottom"):
                axis = plot.getAxis(side)
                axis.setTickFont(font)
                axis.setTextPen(style_colour("foreground"))
                axis.setPen(pg.mkPen(style_colour("foreground")))
        self.d_plot.setLabel("bottom", "x", **{"font-size": f"{pt(12)}pt"})
        for grid in self.grids:
            grid.setPen(pg.mkPen(style_colour("grid"), width=1))
            grid.update()
        axis_pen = pg.mkPen(style_colour("axis"), width=line_width(1.5))
        for axis_line in self.axis_lines:
            axis_line.setPen(axis_pen)
        for vline in self.vlines:
            vline.setPen(pg.mkPen(style_colour("muted"), width=line_width(1)))
        self.legend.setLabelTextSize(f"{pt(13)}pt")
        self.loading.setColor(style_colour("foreground"))
        self.kink_note.restyle(style_colour("muted"), QFont(self.font().family(), pt(11)))
        self.loading.setFont(QFont(self.font().family(), pt(20)))
        self.readout.setStyleSheet(f"font-size: {pt(12)}pt;")
        self.range_message.setStyleSheet(f"color: {style_colour('error')}; font-weight: bold;")
        for key, it in self.items.items():
            if it.shown:  # thicker lines in classroom mode
                self._draw(key, it)
        self._rebuild_legend()  # legend samples with the new pens; the readout's new height

    def retranslate(self) -> None:
        self.live.retranslate()
        self.loading.setText(tr(self._loading_text))
        if self._readout_x is None:
            self.readout.setText(tr("Move the mouse over the plots to read x, f(x) and f′(x)."))
        for key, it in self.items.items():
            if it.shown and it.kinks:  # the kinks' tooltips
                self._draw(key, it)
        self.kink_note.retranslate()
        self._fit_readout()  # the hint's lines in this language

    def _range_box(self, value: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(-MAX_ABS_X, MAX_ABS_X)
        box.setDecimals(2)
        box.setSingleStep(0.5)
        box.setValue(value)
        box.setKeyboardTracking(False)
        box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        box.editingFinished.connect(self._emit_box_range)
        return box

    # -- curves ----------------------------------------------------------------------------
    def _items_for(self, key: str) -> CurveItems:
        if key not in self.items:
            # Thick antialiased lines are slow to stroke: an unchanged curve in an unchanged
            # view repaints from its exact cached picture (gui.plot_cache).
            it = CurveItems(
                f=CachedCurve(),
                d=CachedCurve(),
                f_marks=new_marks(),
                d_marks=new_marks(),
            )
            for item in (it.f, it.d):
                item.setZValue(curve_z(key))
            known = key in self.order
            it.rank = self.order.index(key) if known else len(self.order) + len(self.items)
            self.items[key] = it
        return self.items[key]

    def set_curve(
        self,
        key: str,
        name: str,
        x: np.ndarray,
        y: np.ndarray,
        dy: np.ndarray,
        kinks: list,
        selected: bool = False,
        refit: bool = False,
        hold_y: bool = False,
    ) -> None:
        """Show (or update) one activation's curves; ``kinks`` are ``engine.curves.Kink``.

        ``name`` is the legend label with the parameter values (``Swish β=5``); the colour and dash
        belong to ``key`` (``engine.curve_style``). ``refit``: fit the y axes to the new data
        (after an x-range change) instead of only growing them when the curve leaves the view
        (after a parameter change). ``hold_y``: leave the y axes as they are (more curves of a
        new x range are on their way; the last one refits).
        """
        it = self._items_for(key)
        old_name = it.name
        it.name, it.colour, it.selected, it.kinks = (
            name,
            style_for(key).colour,
            selected,
            list(kinks),
        )
        it.x, it.y, it.dy = x, y, dy
        it.readout_chars = g4_lengths(y) + g4_lengths(dy)  # with the data: never stale
        self._draw(key, it)
        if not it.shown:
            self.f_plot.addItem(it.f)
            self.d_plot.addItem(it.d)
            self.f_plot.addItem(it.f_marks)
            self.d_plot.addItem(it.d_marks)
            it.shown = True
            self._rebuild_legend()
            self.fit_y()
        else:
            if name != old_name:
                self._rename_in_legend(it, grew=len(name) > len(old_name))
            if refit:
                self.fit_y()
            elif not hold_y:
                self.expand_y()
            self._fit_readout(grow_only=True)
        self._refresh_readout()

    def _draw(self, key: str, it: CurveItems) -> None:
        """Put ``it``'s data on its items with the current pens and kink marks."""
        x, y, dy, colour, name = it.x, it.y, it.dy, it.colour, it.name
        pen = self._pen(key, it)
        if it.kink_arrays is None or it.kink_arrays.source is not it.kinks:
            it.kink_arrays = KinkArrays(it.kinks)
        f_connect, d_connect = breaks(x, it.kink_arrays)
        it.f.setData(x, y, pen=pen, connect=f_connect, name=name)
        it.d.setData(x, dy, pen=pen, connect=d_connect, name=name)
        unmarked = mark(it.f_marks, it.d_marks, it.kinks, it.kink_arrays, name, colour)
        self.kink_note.set(key, name, unmarked)

    def _pen(self, key: str, it: CurveItems):
        """The activation's own colour and dash; thicker when selected and in classroom mode."""
        width = line_width(SELECTED_WIDTH if it.selected else LINE_WIDTH)
        if it.pen_key != (key, width):
            it.pen_key, it.pen = (key, width), curve_pen(key, width)
        return it.pen

    def set_selected(self, key: str, selected: bool) -> None:
        it = self.items.get(key)
        if it is not None and it.shown:
            it.selected = selected
            pen = self._pen(key, it)
            it.f.setPen(pen)
            it.d.setPen(pen)
            self._rebuild_legend()  # the legend sample follows the new pen

    def _rebuild_legend(self) -> None:
        """Rows in a fixed order (see ``order``), so the legend never reorders on a click."""
        self.legend.clear()
        for it in self.shown_items():
            self.legend.addItem(it.f, it.name)
        self.fitter.fit()
        self._fit_readout()

    def _rename_in_legend(self, it: CurveItems, grew: bool) -> None:
        """A parameter change renames one row (``LeakyReLU α=0.3``): change that label's text
        instead of rebuilding every row's sample and label on each slider step."""
        label = self.legend.getLabel(it.f)
        if label is None:
            self._rebuild_legend()
            return
        label.setText(it.name)
        # Labels only ever grow by themselves (the layout stretches every row to the widest):
        # back to their own texts' sizes, so the box is measured from the texts shown now.
        for _sample, row_label in self.legend.items:
            row_label.resize(row_label.minimumSize())
        self.legend.updateSize()
        # A longer name may need another legend column or readout line; after a shorter one
        # the heights stay (the plots must not jump while a slider is dragged).
        if grew:
            self.fitter.fit()
            self._fit_readout(grow_only=True)

    def shown_items(self) -> list[CurveItems]:
        """The curves on screen in legend order (also the order of the CSV columns)."""
        return sorted((i for i in self.items.values() if i.shown), key=lambda i: i.rank)

    def hide_curve(self, key: str) -> None:
        it = self.items.get(key)
        if it is None or not it.shown:
            return
        for plot, item in (
            (self.f_plot, it.f),
            (self.d_plot, it.d),
            (self.f_plot, it.f_marks),
            (self.d_plot, it.d_marks),
        ):
            plot.removeItem(item)
        it.shown = False
        self.kink_note.set(key)
        self._rebuild_legend()
        self.fit_y()
        self._refresh_readout()

    def shown_keys(self) -> list[str]:
        return [k for k, it in self.items.items() if it.shown]

    # -- y ranges --------------------------------------------------------------------------
    def _y_extent(self, which: str) -> tuple[float, float] | None:
        values = [getattr(it, which) for it in self.items.values() if it.shown]
        finite = [v[np.isfinite(v)] for v in values if v is not None]
        finite = [v for v in finite if v.size]
        if not finite:
            return None
        return min(float(v.min()) for v in finite), max(float(v.max()) for v in finite)

    def fit_y(self) -> None:
        """Fit both y axes to the curves on screen."""
        for plot, which in ((self.f_plot, "y"), (self.d_plot, "dy")):
            extent = self._y_extent(which)
            if extent is not None:
                lo, hi = extent
                pad = 0.06 * (hi - lo) if hi > lo else 0.5
                plot.setYRange(lo - pad, hi + pad, padding=0)

    def expand_y(self) -> None:
        """Grow a y axis only when a curve leaves it, with headroom so a drag rarely refits."""
        for plot, which in ((self.f_plot, "y"), (self.d_plot, "dy")):
            extent = self._y_extent(which)
            if extent is None:
                continue
            lo, hi = extent
            view_lo, view_hi = plot.getViewBox().viewRange()[1]
            if lo < view_lo or hi > view_hi:
                span = max(hi, view_hi) - min(lo, view_lo)
                plot.setYRange(
                    min(lo, view_lo) - 0.25 * span * (lo < view_lo),
                    max(hi, view_hi) + 0.25 * span * (hi > view_hi),
                    padding=0,
                )

    def set_loading(self, loading: bool, text: str | None = None) -> None:
        """``text``: an untranslated source (``QT_TR_NOOP``), shown in the current language."""
        if text:
            self._loading_text = text
            self.loading.setText(tr(text))
        self.loading.setVisible(loading)

    # -- x range ---------------------------------------------------------------------------
    def set_view_range(self, x_min: float, x_max: float) -> None:
        """Show this x range in the fields and the plots (does not emit rangeEdited)."""
        self._x_range = (x_min, x_max)
        for box, v in ((self.x_min, x_min), (self.x_max, x_max)):
            with QSignalBlocker(box):
                box.setValue(v)
        self.f_plot.setXRange(x_min, x_max, padding=0)
        self._view_timer.stop()
        self.range_message.clear()

    def set_range_error(self, message: str) -> None:
        self.range_message.setText(message)

    def reset_view(self) -> None:
        self.range_message.clear()
        self.rangeEdited.emit(*DEFAULT_RANGE)
        self.fit_y()

    def _emit_box_range(self) -> None:
        x_min, x_max = self.x_min.value(), self.x_max.value()
        if (x_min, x_max) != self._x_range:
            self.rangeEdited.emit(x_min, x_max)

    def _emit_view_range(self) -> None:
        x_min, x_max = self.f_plot.getViewBox().viewRange()[0]
        if not np.allclose((x_min, x_max), self._x_range, rtol=1e-9, atol=1e-9):
            self.rangeEdited.emit(float(x_min), float(x_max))

    # -- readout height ----------------------------------------------------------------------
    def _readout_lines(self, text: str) -> int:
        """Lines ``text`` (rich text) takes in the readout at its current width."""
        doc = QTextDocument()
        doc.setDefaultFont(self.readout.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        doc.setTextWidth(max(self.readout.contentsRect().width(), 100))
        spacing = QFontMetrics(self.readout.font()).lineSpacing()
        return max(1, math.ceil(doc.size().height() / spacing - 0.2))

    def _longest_readouts(self, count: int = 3) -> list[str]:
        """The crosshair's ``count`` longest readouts over the grid of the curves shown (by
        characters, from the numbers' lengths; the caller measures them)."""
        shown = [it for it in self.shown_items() if it.x is not None]
        if not shown:
            self._longest_chars = 0
            return []
        grid = shown[0].x
        total = g4_lengths(grid)
        for it in shown:
            lengths = it.readout_chars
            same = len(it.x) == len(grid) and it.x[0] == grid[0] and it.x[-1] == grid[-1]
            total = total + (lengths if same else lengths.max())
        longest = np.argsort(total, kind="stable")[::-1][:count]
        self._longest_chars = int(total[longest[0]])
        return [self._readout_at(float(grid[i]), shown)[0] for i in longest.tolist()]

    def _fit_readout(self, grow_only: bool = False) -> None:
        """A fixed height for the longest readout the curves shown can give (and the hint
        shown before the mouse came): hovering never makes the plots jump. A change of curves,
        width or look sets it anew; new data of the same curves (a slider being dragged) can
        only make it taller, when a longer value would not fit."""
        samples = self._longest_readouts()
        if grow_only and (
            samples == self._readout_samples or self._longest_chars <= self._readout_chars
        ):
            # New data of the same curves: only a longer text could need another line (laying
            # out four rich texts at every curve's arrival cost milliseconds per zoom step).
            return
        self._readout_samples, self._readout_chars = samples, self._longest_chars
        hint = tr("Move the mouse over the plots to read x, f(x) and f′(x).")
        lines = max(self._readout_lines(text) for text in [hint, *samples])
        spacing = QFontMetrics(self.readout.font()).lineSpacing()
        if grow_only and lines * spacing <= self._readout_room():
            return
        self._set_readout_lines(lines)

    def _readout_room(self) -> int:
        """Height the readout's text has (its fixed height less margins)."""
        margins = self.readout.contentsMargins()
        return self.readout.maximumHeight() - margins.top() - margins.bottom() - 4

    def _set_readout_lines(self, lines: int) -> None:
        spacing = QFontMetrics(self.readout.font()).lineSpacing()
        margins = self.readout.contentsMargins()
        height = lines * spacing + margins.top() + margins.bottom() + 4
        if self.readout.minimumHeight() != height or self.readout.maximumHeight() != height:
            self.readout.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fitter.fit()
            self._fit_readout()

    # -- crosshair -------------------------------------------------------------------------
    def _on_mouse_moved(self, event) -> None:
        pos = event[0]
        for plot in (self.f_plot, self.d_plot):
            if plot.sceneBoundingRect().contains(pos):
                self.show_crosshair(float(plot.getViewBox().mapSceneToView(pos).x()))
                return

    def _refresh_readout(self) -> None:
        """Values under a standing crosshair follow every change of the curves (never stale)."""
        if self._readout_x is not None:
            self.show_crosshair(self._readout_x)

    def show_crosshair(self, x: float) -> str:
        """Move the crosshair to the grid point nearest ``x`` and return the readout text.

        Values are read at that grid point, never interpolated, so they are exactly what the
        module returned there (interpolation would blur kinks and jumps).
        """
        self._readout_x = x
        shown = [it for it in self.shown_items() if it.x is not None]
        if shown:
            grid = shown[0].x
            x = float(grid[int(np.argmin(np.abs(grid - x)))])
        text, f_spots, d_spots = self._readout_at(x, shown)
        for line in self.vlines:
            line.setPos(x)
            line.setVisible(True)
        for marks, spots in ((self.hover_marks[0], f_spots), (self.hover_marks[1], d_spots)):
            marks.setData(spots)
            marks.setVisible(bool(spots))
        self.readout.setText(text)
        # Rare values (1e+308) can be longer than the height allows: grow rather than clip.
        lines = self._readout_lines(text)
        if lines * QFontMetrics(self.readout.font()).lineSpacing() > self.readout.height():
            self._set_readout_lines(lines)
        return text

    @staticmethod
    def _readout_at(x: float, shown: list[CurveItems]) -> tuple[str, list, list]:
        """The readout's text at grid point ``x`` and the hover marks of the f and f′ plots."""
        parts = [f"<b>x = {x:.4g}</b>"]
        f_spots, d_spots = [], []
        for it in shown:
            if not it.x[0] <= x <= it.x[-1]:
                continue
            i = int(np.argmin(np.abs(it.x - x)))
            colour = it.colour
            parts.append(
                f"<span style='color:{colour}'><b>{it.name}</b>: "
                f"f = {it.y[i]:.4g}, f′ = {it.dy[i]:.4g}</span>"
            )
            f_spots.append({"pos": (it.x[i], it.y[i]), "brush": cached_brush(colour)})
            d_spots.append({"pos": (it.x[i], it.dy[i]), "brush": cached_brush(colour)})
        return " &nbsp;│&nbsp; ".join(parts), f_spots, d_spots
