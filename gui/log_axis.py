"""A log-scale axis whose tick labels all read the same way: 10⁻⁵, 10⁻⁴, 2×10⁻⁴ …

pyqtgraph formats log ticks with ``%0.1g``, so one axis says "0.0001" next to "10⁻⁵"; on a
projector that reads as two different kinds of number.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF

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
        labels = [
            power_label(float(v) + offset) if minor_label_wanted(float(v), decades) else ""
            for v in values
        ]
        return thin_out(labels, self._labels_that_fit())

    def _labels_that_fit(self) -> int:
        """How many tick labels the axis' length holds without overlapping (a y axis: rows of
        text; on a short plot in classroom mode "9×10⁻¹" sat on "8×10⁻¹")."""
        if self.orientation not in ("left", "right"):
            return 1_000_000  # pyqtgraph spaces a horizontal axis' labels itself
        font = self.style.get("tickFont") or self.font()
        row = QFontMetricsF(font).height() * 1.15
        return max(2, int(self.geometry().height() // row)) if row > 0 else 1_000_000


def thin_out(labels: list[str], most: int) -> list[str]:
    """Blank labels evenly until at most ``most`` are left; powers of ten stay longest."""
    shown = [i for i, text in enumerate(labels) if text]
    if len(shown) <= most:
        return labels
    step = math.ceil(len(shown) / most)
    powers = [i for i in shown if "×" not in labels[i]]
    anchor = shown.index(powers[0]) if powers else 0  # count from a power of ten
    keep = {i for n, i in enumerate(shown) if (n - anchor) % step == 0}
    return [text if i in keep else "" for i, text in enumerate(labels)]
