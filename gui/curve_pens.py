"""Pens and markers from an activation's fixed look (``engine.curve_style``)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPen

from engine.curve_style import DASH_PATTERNS, style_for

# Dashed curves are drawn above solid ones, so a dashed curve lying exactly on a solid one shows
# the solid one's colour through its gaps.
_Z = {dash: i for i, dash in enumerate(DASH_PATTERNS)}


def curve_pen(key: str, width: float) -> QPen:
    """The pen of activation ``key`` at ``width`` px: its colour, with its dash pattern."""
    style = style_for(key)
    pen = pg.mkPen(style.colour, width=width)
    pattern = DASH_PATTERNS[style.dash]
    if pattern:
        pen.setDashPattern(list(pattern))
        # Flat ends: with square caps the dots of a thick line would merge into a solid line.
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def curve_z(key: str) -> float:
    """Stacking order among curves: solid lowest, then by dash pattern."""
    return float(_Z[style_for(key).dash])


def curve_symbol(key: str) -> str:
    return style_for(key).symbol


# A gradient signal, not an activation: dots with round ends (half a width long, three widths
# apart) on a line half as thick as the curves'. No activation's own look is thin and dotted.
SIGNAL_DOTS = (0.5, 3.0)


def signal_pen(colour: str) -> QPen:
    """The thin dotted pen of ‖∂L/∂z‖ (and dead units) in the depth lab, in ``colour``.

    Dashes already say which activation a curve belongs to (LeakyReLU is dashed), so they
    cannot also mean "∂L/∂z"."""
    from gui.style import line

    pen = pg.mkPen(colour, width=line(1.5))
    pen.setDashPattern(list(SIGNAL_DOTS))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen
