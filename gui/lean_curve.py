"""A curve item that strokes only the vertices the screen can tell apart.

Stroking a 3–5 px antialiased or dashed line through 2 001 samples cost 2–5 ms per curve here
(tanh′: 5.3 ms), most of it on vertices less than a tenth of a pixel off the line through their
neighbours. On screen this item draws the polyline simplified in device pixels
(``gui.polyline``, within ``TOLERANCE_PX``): the same picture up to the rounding of antialiased
edges, ~10× faster. The data (``getData``), hover readouts and exports are untouched: exports,
fills, shadows and anything but a plain scaled view are drawn by pyqtgraph as before.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPainter, QPainterPath, QTransform

from gui.polyline import simplify

TOLERANCE_PX = 0.02  # edges move by at most ~5 of 255 levels of antialiasing


class LeanCurve(pg.PlotCurveItem):
    """``PlotCurveItem`` that paints a pixel-exact simplified path for the current view."""

    lean = True  # switched off by tests to compare with pyqtgraph's own stroke
    _lean_version = 0
    _lean_key: tuple | None = None
    _lean_path: QPainterPath | None = None

    def updateData(self, *args, **kwargs) -> None:
        self._lean_version += 1  # new data or connect: the simplified path is rebuilt
        self._lean_path = None
        super().updateData(*args, **kwargs)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        path = self._lean_path_for(painter) if LeanCurve.lean else None
        if path is None:
            super().paint(painter, option, widget)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, bool(self.opts["antialias"]))
        painter.setPen(self.opts["pen"])
        painter.drawPath(path)

    def _lean_path_for(self, painter: QPainter) -> QPainterPath | None:
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
                _simplified_path(self.xData, self.yData, opts["connect"], top_x, top_y),
            )
        return self._lean_path


def _simplified_path(
    x: np.ndarray | None, y: np.ndarray | None, connect, sx: float, sy: float
) -> QPainterPath | None:
    """Each connected run simplified in pixels (``sx``, ``sy`` per data unit); None if the
    data holds a non-finite value (pyqtgraph's own handling then applies)."""
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
    if kept is None:
        return None
    # A kept vertex joins the next kept one unless its run ends at it.
    link_next = ~run_end[kept]
    # pyqtgraph's connect array: entry i joins vertex i to vertex i + 1.
    return pg.arrayToQPath(x[kept], y[kept], connect=link_next, finiteCheck=False)
