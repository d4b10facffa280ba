"""The x range of the curves (torch-free, so the GUI can validate it before torch loads)."""

from __future__ import annotations

import math

from engine.messages import QT_TR_NOOP, Message

DEFAULT_RANGE = (-6.0, 6.0)
DEFAULT_POINTS = 2001
MAX_ABS_X = 1e4  # keeps the grid meaningful in float64 and the plots readable


def check_range(x_min: float, x_max: float) -> str | None:
    """Why an x range cannot be plotted, or None."""
    for v in (x_min, x_max):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            return Message(QT_TR_NOOP("the x range must be finite numbers"))
        if abs(v) > MAX_ABS_X:
            return Message(QT_TR_NOOP("the x range must stay within ±{limit:g}"), limit=MAX_ABS_X)
    if x_min >= x_max:
        return Message(
            QT_TR_NOOP("x min must be smaller than x max (now {lo:g} and {hi:g})"),
            lo=x_min,
            hi=x_max,
        )
    return None
