"""A curve item that strokes only the vertices the screen can tell apart.

Stroking a 3–5 px antialiased or dashed line through 2 001 samples cost 2–5 ms per curve here
(tanh′: 5.3 ms), most of it on vertices less than a tenth of a pixel off the line through their
neighbours. On screen this item draws the polyline simplified in device pixels
(``gui.polyline``, within ``TOLERANCE_PX``): the same picture up to the rounding of antialiased
edges, ~10× faster. The data (``getData``), hover readouts and exports are untouched: exports,
fills, shadows and anything but a plain scaled view are drawn by pyqtgraph as before.

A path of many vertices is stroked in pieces of :data:`PIECE` vertices: Qt strokes a thick
antialiased path as one outline polygon, and for a curve that turns hundreds of times
(``abs(sin(x))`` over ±300: 191 humps the height of the plot) that polygon cost ~100 ms per
stroke; the same pieces stroke in ~5 ms. A dashed pen carries its pattern on from one piece to
the next (its dash offset is the length drawn so far), so the dashes are where they were.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QTransform

from gui.polyline import simplify

TOLERANCE_PX = 0.02  # edges move by at most ~5 of 255 levels of antialiasing
PIECES_FROM = 256  # kept vertices from which a path is stroked in pieces
PIECE = 16  # vertices per piece (each shares its last vertex with the next)


class LeanCurve(pg.PlotCurveItem):
    """``PlotCurveItem`` that paints a pixel-exact simplified path for the current view."""

    lean = True  # switched off by tests to compare with pyqtgraph's own stroke
    _lean_version = 0
    _lean_key: tuple | None = None
    _lean_path: _Lean | None = None

    def updateData(self, *args, **kwargs) -> None:
        self._lean_version += 1  # new data or connect: the simplified path is rebuilt
        self._lean_path = None
        super().updateData(*args, **kwargs)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        lean = self._lean_for(painter) if LeanCurve.lean else None
        if lean is None:
            super().paint(painter, option, widget)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, bool(self.opts["antialias"]))
        pen = self.opts["pen"]
        if len(lean.x) < PIECES_FROM:
            painter.setPen(pen)
            painter.drawPath(lean.path())
            return
        offsets = None
        if pen.style() != Qt.PenStyle.SolidLine:
            t = painter.worldTransform()
            offsets = lean.dash_offsets(abs(t.m11()), abs(t.m22()), max(pen.widthF(), 1.0))
            offsets += pen.dashOffset()
            pen = QPen(pen)
        else:
            painter.setPen(pen)
        for i, piece in enumerate(lean.pieces()):
            if offsets is not None:
                pen.setDashOffset(float(offsets[i]))
                painter.setPen(pen)
            painter.drawPath(piece)

    def _lean_path_for(self, painter: QPainter) -> QPainterPath | None:
        """The simplified path for the painter's scale, or None (see :meth:`_lean_for`)."""
        lean = self._lean_for(painter)
        return None if lean is None else lean.path()

    def _lean_for(self, painter: QPainter) -> _Lean | None:
        """The simplified path in data coordinates for the painter's scale, or None when this
        curve needs pyqtgraph's own painting (export, fill, shadow, steps, rotation, NaN)."""
        opts = self.opts
        if (
            self._exportOpts is not False
            or not opts["antialias"]  # without antialiasing a 0.02 px shift can flip a pixel
            or opts["fillLevel"] is not None
            or opts["shadowPen"] is not None
            or opts["stepMode"]
            or opts["compositionMode"] is not None
            or not isinstance(opts["connect"], (np.ndarray, str))
            or (isinstance(opts["connect"], str) and opts["connect"] != "all")
        ):
            return None
        t = painter.worldTransform()
        if t.type().value > QTransform.TransformationType.TxScale.value:
            return None
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        sx, sy = abs(t.m11() * ratio), abs(t.m22() * ratio)  # device pixels per data unit
        if not (sx > 0 and sy > 0 and math.isfinite(sx) and math.isfinite(sy)):
            return None
        # Simplified for the top of the scale's octave: the tolerance then holds at every scale
        # within it, so a zoom step or a new y range rarely needs a new path, and the path for
        # given data and view never depends on the views shown before (one state, one picture).
        octave = (math.floor(math.log2(sx)), math.floor(math.log2(sy)))
        key = (self._lean_version, octave)
        if key != self._lean_key:
            top_x, top_y = 2.0 ** (octave[0] + 1), 2.0 ** (octave[1] + 1)
            self._lean_key, self._lean_path = (
                key,
                _simplified(self.xData, self.yData, opts["connect"], top_x, top_y),
            )
        return self._lean_path


class _Lean:
    """The kept vertices of a curve (data coordinates) and the paths made from them, each
    made once: the whole path, or the pieces a long one is stroked in."""

    def __init__(
        self, x: np.ndarray, y: np.ndarray, link_next: np.ndarray, sx: float, sy: float
    ) -> None:
        self.x, self.y, self.link_next = x, y, link_next
        self.scale = (sx, sy)  # pixels per data unit the vertices were kept for
        self._path: QPainterPath | None = None
        self._starts: list[int] | None = None
        self._pieces: list[QPainterPath] | None = None

    def path(self) -> QPainterPath:
        if self._path is None:
            # pyqtgraph's connect array: entry i joins vertex i to vertex i + 1.
            self._path = pg.arrayToQPath(self.x, self.y, connect=self.link_next, finiteCheck=False)
        return self._path

    def starts(self) -> list[int]:
        """The first vertex of each piece. In each stretch of PIECE vertices the piece ends
        where the line bends least (a break is best): two ends meeting at a straight vertex
        look like the line going on, at a sharp turn their caps would stick out."""
        if self._starts is None:
            n = len(self.x)
            px, py = self.x * self.scale[0], self.y * self.scale[1]
            dx, dy = np.diff(px), np.diff(py)
            length = np.hypot(dx, dy)
            length[length == 0] = 1.0
            # 1 − cos of the turn at each inner vertex: 0 straight on, 2 turning back.
            bend = 1.0 - (dx[:-1] * dx[1:] + dy[:-1] * dy[1:]) / (length[:-1] * length[1:])
            links = self.link_next[:-1].astype(bool)
            bend[~(links[:-1] & links[1:])] = -1.0  # a run ends here: no join to break
            inner = np.arange(1, n - 1)
            cuts = [
                int(inner[a + np.argmin(bend[a : a + PIECE])])
                for a in range(PIECE, n - 1 - PIECE, PIECE)
            ]
            self._starts = [0, *cuts]
        return self._starts

    def pieces(self) -> list[QPainterPath]:
        """From each start to the next (consecutive pieces share a vertex)."""
        if self._pieces is None:
            starts = self.starts()
            ends = [*starts[1:], len(self.x) - 1]
            self._pieces = [
                pg.arrayToQPath(
                    self.x[a : b + 1],
                    self.y[a : b + 1],
                    connect=self.link_next[a : b + 1],
                    finiteCheck=False,
                )
                for a, b in zip(starts, ends, strict=True)
            ]
        return self._pieces

    def dash_offsets(self, sx: float, sy: float, width: float) -> np.ndarray:
        """Per piece, the length drawn in its run before it, in pen widths at ``sx``, ``sy``
        pixels per data unit: where the dash pattern stands at the piece's first vertex (Qt
        starts the pattern anew at every run's first vertex)."""
        seg = np.hypot(np.diff(self.x) * sx, np.diff(self.y) * sy) / width
        linked = self.link_next[:-1]
        done = np.concatenate(([0.0], np.cumsum(np.where(linked, seg, 0.0))))
        # Each vertex's run began at the last vertex not joined from the one before it.
        first = np.maximum.accumulate(
            np.where(np.insert(~linked, 0, True), np.arange(len(done)), 0)
        )
        along = done - done[first]
        return along[self.starts()]


def _simplified_path(
    x: np.ndarray | None, y: np.ndarray | None, connect, sx: float, sy: float
) -> QPainterPath | None:
    """Each connected run simplified in pixels (``sx``, ``sy`` per data unit); None if the
    data holds a non-finite value (pyqtgraph's own handling then applies)."""
    lean = _simplified(x, y, connect, sx, sy)
    return None if lean is None else lean.path()


def _simplified(
    x: np.ndarray | None, y: np.ndarray | None, connect, sx: float, sy: float
) -> _Lean | None:
    """The kept vertices of :func:`_simplified_path`."""
    if x is None or y is None or len(x) < 2 or sx == 0 or sy == 0:
        return None
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        return None
    links = (
        np.ones(len(x) - 1, dtype=bool) if isinstance(connect, str) else connect[:-1].astype(bool)
    )
    # The ends of every run of joined vertices stay, so no chord bridges a break; with them all
    # runs are simplified together (a periodic formula can have thousands of breaks).
    run_end = np.append(~links, True)
    run_start = np.insert(~links, 0, True)
    kept = simplify(x * sx, y * sy, TOLERANCE_PX, fixed=run_start | run_end)
    if kept is None:  # too convoluted to simplify in time: every vertex, stroked in pieces
        kept = np.arange(len(x))
    # A kept vertex joins the next kept one unless its run ends at it.
    return _Lean(x[kept], y[kept], ~run_end[kept], sx, sy)
