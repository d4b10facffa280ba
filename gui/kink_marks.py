"""Kink marks on the explorer's plots: a filled dot where PyTorch's value is, open circles at the
one-sided limits it does not take, for f′ at every kink and for f where f jumps.

A periodic own formula can have thousands of kinks in view (``abs(sin(x))`` over ±10⁴: 6 367).
Thousands of 13-pixel dots on a plot a thousand pixels wide merge into a band and cost pyqtgraph
tens of milliseconds on the GUI thread (its symbol atlas walks every spot in Python), so at most
:data:`MAX_MARKED` kinks of a curve are marked; with more in view the curve gets no marks and
:class:`KinkNote` says how many there are, until a zoom brings them below the cap. The line
breaks at the kinks are set for all of them, with numpy.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSimpleTextItem

from gui.i18n import tr
from gui.live import QT_TR_NOOP
from gui.style import line as line_width

MAX_MARKED = 200  # kinks marked per curve; abs(sin(x)) over ±300 has 191

KINK_TIP = QT_TR_NOOP(
    "{name} at x = {x}\n{what} from the left → {left}\n{what} from the right → {right}\n"
    "PyTorch uses {what}({x}) = {value}"
)
TOO_MANY = QT_TR_NOOP("{name}: {count} kinks in view, too many to mark; zoom in to see them")


def kink_tip(x: float, y: float, data: object) -> str:
    """The tooltip of a kink's dot, written when it is shown (``data``: name, kink, f or f′)."""
    name, k, derivative = data
    if derivative:
        value, left, right, what = k.torch_value, k.left, k.right, "f′"
    else:
        value, left, right, what = k.f_value, k.f_left, k.f_right, "f"
    return tr(KINK_TIP).format(
        name=name,
        x=f"{k.x:g}",
        what=what,
        left=f"{left:.6g}",
        right=f"{right:.6g}",
        value=f"{value:.6g}",
    )


def new_marks() -> pg.ScatterPlotItem:
    """The item one plot's kink dots of one curve live in (created once, then setData)."""
    return pg.ScatterPlotItem(size=13, hoverable=True, tip=kink_tip)


class KinkArrays:
    """Where the kinks are and which are jumps of f, as arrays: made once per list of kinks
    (a restyle or retranslation draws the same list again)."""

    def __init__(self, kinks: Sequence) -> None:
        self.source = kinks
        n = len(kinks)
        self.x = np.fromiter((k.x for k in kinks), float, n)
        left = np.fromiter((k.f_left for k in kinks), float, n)
        right = np.fromiter((k.f_right for k in kinks), float, n)
        # Kink.jump, for all at once: math.isclose(left, right, rel_tol=1e-6, abs_tol=1e-6).
        tol = np.maximum(1e-6 * np.maximum(np.abs(left), np.abs(right)), 1e-6)
        with np.errstate(invalid="ignore"):
            self.jump = ~((np.abs(left - right) <= tol) | (left == right))


def breaks(x: np.ndarray, kinks: KinkArrays) -> tuple[np.ndarray, np.ndarray]:
    """``connect`` arrays for f and f′: the lines break on both sides of each kink (of f only
    where it jumps), so PyTorch's value stands as its own dot."""
    n = len(x)
    d_connect = np.ones(n, dtype=bool)
    f_connect = np.ones(n, dtype=bool)
    where = np.searchsorted(x, kinks.x)
    for connect, at in ((d_connect, where), (f_connect, where[kinks.jump])):
        connect[np.maximum(at - 1, 0)] = False
        connect[at[at < n]] = False
    return f_connect, d_connect


class Spots:
    """The dots of some kinks as the arrays ScatterPlotItem.setData takes."""

    def __init__(self) -> None:
        self.x: list[float] = []
        self.y: list[float] = []
        self.brush: list = []
        self.pen: list = []
        self.data: list[tuple] = []

    def add(self, x: float, y: float, brush, pen, data: tuple) -> None:
        self.x.append(x)
        self.y.append(y)
        self.brush.append(brush)
        self.pen.append(pen)
        self.data.append(data)

    def add_kink(self, name: str, colour: str, k, derivative: bool) -> None:
        """A filled dot where PyTorch's value is, open circles at one-sided limits it does not
        take (of f′, or of f where f jumps)."""
        if derivative:
            value, left, right = k.torch_value, k.left, k.right
        else:
            value, left, right = k.f_value, k.f_left, k.f_right
        data = (name, k, derivative)
        self.add(k.x, value, cached_brush(colour), _pen(colour, 1.0), data)
        for limit in (left, right):
            # numpy's isclose(limit, value, rtol=1e-6, atol=1e-6) on two floats (NaN: apart).
            if not abs(limit - value) <= 1e-6 + 1e-6 * abs(value):
                self.add(k.x, limit, cached_brush("w"), _pen(colour, line_width(2.5)), data)

    def show_on(self, item: pg.ScatterPlotItem) -> None:
        data = np.empty(len(self.data), dtype=object)
        data[:] = self.data
        item.setData(x=self.x, y=self.y, brush=self.brush, pen=self.pen, data=data)
        # An empty scatter item still costs ~0.3 ms in every paint of the plots.
        item.setVisible(bool(self.x))


def mark(
    f_marks: pg.ScatterPlotItem,
    d_marks: pg.ScatterPlotItem,
    kinks: Sequence,
    arrays: KinkArrays,
    name: str,
    colour: str,
) -> int:
    """Put the dots of ``kinks`` on the two items; returns how many kinks went unmarked
    (all of them when there are more than :data:`MAX_MARKED`, else 0)."""
    f_spots, d_spots = Spots(), Spots()
    marked = len(kinks) <= MAX_MARKED
    if marked:
        for k, jump in zip(kinks, arrays.jump.tolist(), strict=True):
            d_spots.add_kink(name, colour, k, True)
            if jump:
                f_spots.add_kink(name, colour, k, False)
    for spots, item in ((f_spots, f_marks), (d_spots, d_marks)):
        if spots.x or len(item.data):
            spots.show_on(item)
        else:
            item.setVisible(False)
    return 0 if marked else len(kinks)


class KinkNote:
    """A line per curve whose kinks are too many to mark, in the corner of the f′ plot: in the
    view box's own (pixel) coordinates, so it stays put while the view pans and zooms."""

    MARGIN = 6

    def __init__(self, view: pg.ViewBox) -> None:
        self.item = QGraphicsSimpleTextItem()
        self.item.setParentItem(view)
        self.item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresParentOpacity)
        self.item.setZValue(1000)
        self.item.setPos(self.MARGIN * 2, self.MARGIN)
        self.item.setVisible(False)
        self.counts: dict[str, tuple[str, int]] = {}  # curve key -> (name, unmarked kinks)

    def set(self, key: str, name: str = "", count: int = 0) -> None:
        """``count`` kinks of curve ``key`` are not marked (0: all are, or it is gone)."""
        before = self.counts.get(key)
        if count:
            self.counts[key] = (name, count)
        else:
            self.counts.pop(key, None)
        if self.counts.get(key) != before:
            self.retranslate()

    def text(self) -> str:
        return "\n".join(
            tr(TOO_MANY).format(name=name, count=count) for name, count in self.counts.values()
        )

    def retranslate(self) -> None:
        self.item.setText(self.text())
        self.item.setVisible(bool(self.counts))

    def restyle(self, colour: str, font: QFont) -> None:
        self.item.setBrush(QBrush(QColor(colour)))
        self.item.setFont(font)


# pyqtgraph's symbol atlas keys its cached symbols by the identity of each spot's pen and brush,
# so a fresh QPen/QBrush per hover or redraw would add an atlas entry every time: reuse them.
@functools.lru_cache(maxsize=256)
def cached_brush(colour: str):
    return pg.mkBrush(colour)


@functools.lru_cache(maxsize=256)
def _pen(colour: str, width: float):
    return pg.mkPen(colour, width=width)
