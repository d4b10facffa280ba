"""A log-scale axis whose tick labels all read the same way: 10⁻⁵, 10⁻⁴, 2×10⁻⁴ …

pyqtgraph formats log ticks with ``%0.1g``, so one axis says "0.0001" next to "10⁻⁵"; on a
projector that reads as two different kinds of number.
"""

from __future__ import annotations

import math

import pyqtgraph as pg

SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def power_label(log10_value: float) -> str:
    """The tick text for 10**log10_value: "10ⁿ" on a power of ten, else "m×10ⁿ" (one digit)."""
    exponent = math.floor(log10_value + 1e-9)
    mantissa = 10 ** (log10_value - exponent)
    digit = round(mantissa)
    if digit >= 10:  # 9.97 rounds up into the next decade
        exponent, digit = exponent + 1, 1
    power = f"10{str(exponent).translate(SUPERSCRIPTS)}"
    return power if digit == 1 else f"{digit}×{power}"


class LogAxis(pg.AxisItem):
    """Use as ``axisItems={"left": LogAxis("left")}`` on a plot with ``setLogMode(y=True)``."""

    def logTickStrings(self, values, scale, spacing) -> list[str]:
        return [power_label(float(v) + math.log10(scale)) for v in values]
