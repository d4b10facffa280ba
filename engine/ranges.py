"""The x range of the curves (torch-free, so the GUI can validate it before torch loads)."""

from __future__ import annotations

import math

DEFAULT_RANGE = (-6.0, 6.0)
DEFAULT_POINTS = 2001
MAX_ABS_X = 1e4  # keeps the grid meaningful in float64 and the plots readable


def check_range(x_min: float, x_max: float) -> str | None:
    """Why an x range cannot be plotted, or None."""
    for v in (x_min, x_max):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            return "the x range must be finite numbers"
        if abs(v) > MAX_ABS_X:
            return f"the x range must stay within ±{MAX_ABS_X:g}"
    if x_min >= x_max:
        return f"x min must be smaller than x max (now {x_min:g} and {x_max:g})"
    return None
