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


def minor_label_wanted(log10_value: float, decades: float) -> bool:
    """Label this tick of pyqtgraph's minor level? Powers of ten always (on a short axis they
    come in this level); all ticks when less than a decade is shown; 2× and 5× up to two
    decades; no others: a narrow plot otherwise stacks "8×10⁻¹ 6×10⁻¹ 4×10⁻¹ …" into a smear."""
    digit = round(10 ** (log10_value - math.floor(log10_value + 1e-9)))
    if decades <= 1 or digit in (1, 10):  # a power of ten among the minor ticks: always
        return True
    return decades <= 2 and digit in (2, 5)


class LogAxis(pg.AxisItem):
    """Use as ``axisItems={"left": LogAxis("left")}`` on a plot with ``setLogMode(y=True)``."""

    def logTickStrings(self, values, scale, spacing) -> list[str]:
        offset = math.log10(scale)
        if spacing is not None:  # a level of whole decades
            return [power_label(float(v) + offset) for v in values]
        decades = abs(self.range[1] - self.range[0])
        return [
            power_label(float(v) + offset) if minor_label_wanted(float(v), decades) else ""
            for v in values
        ]
