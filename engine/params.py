"""Parameter descriptions from which the GUI builds its editors, and their validation."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from engine.messages import QT_TR_NOOP, Message

ParamKind = Literal["float", "choice", "floats"]
ParamValue = float | str | tuple[float, ...]

# What a value must also satisfy to be computed, beyond what the module accepts. The image
# pipeline computes in float32 (largest 3.4e38, smallest normal 1.2e-38); the explorer computes
# in float64 but feeds inputs up to ±1e4 (engine.ranges.MAX_ABS_X). A parameter that scales x
# (a slope, β, α, a bound, a logit) must keep |p·x| and its derivative well inside float32:
# 1e30 · 1e4 = 1e34. A positive parameter that divides x (Softplus β, CELU α) must not round to
# 0 in float32 nor make x/p overflow: 1e4 / 1e-30 = 1e34. Beyond these the module's output
# would hold inf or NaN, and a plot or a histogram of it means nothing.
FLOAT32_LIMIT = 1e30
FLOAT32_TINY = 1e-30


@dataclass(frozen=True)
class ParamSpec:
    """One constructor argument of an activation module.

    ``lo``/``hi`` bound the values the module accepts (the editor refuses others, with a reason);
    ``slider`` is the narrower range that is useful to drag through in class.
    """

    name: str
    label: str
    kind: ParamKind
    default: ParamValue
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    slider: tuple[float, float] = (0.0, 1.0)
    step: float = 0.01
    choices: tuple[str, ...] = ()
    doc: str = ""
    max_items: int = 9
    why_bounded: str = ""  # why ``lo``/``hi`` are narrower than the module's own (translatable)

    def validate(self, value: object) -> str | None:
        """Return why ``value`` is not allowed, or None when it is."""
        if self.kind == "choice":
            if value not in self.choices:
                return Message(
                    QT_TR_NOOP("{label} must be one of: {choices}"),
                    label=self.label,
                    choices=", ".join(self.choices),
                )
            return None
        if self.kind == "floats":
            if not isinstance(value, (tuple, list)) or not value:
                return Message(QT_TR_NOOP("{label} needs at least one number"), label=self.label)
            if len(value) > self.max_items:
                return Message(
                    QT_TR_NOOP("{label} takes at most {n} numbers"),
                    label=self.label,
                    n=self.max_items,
                )
            for v in value:
                reason = self._check_number(v)
                if reason:
                    return reason
            return None
        return self._check_number(value)

    @property
    def domain(self) -> tuple[float, float, bool, bool]:
        """``(lo, hi, lo_open, hi_open)`` of the values accepted, float32 limits included."""
        lo, lo_open = -FLOAT32_LIMIT, False
        if self.lo is not None and self.lo > lo:
            lo, lo_open = self.lo, self.lo_open
        if lo == 0.0 and lo_open:
            lo, lo_open = FLOAT32_TINY, False
        hi, hi_open = FLOAT32_LIMIT, False
        if self.hi is not None and self.hi < hi:
            hi, hi_open = self.hi, self.hi_open
        return lo, hi, lo_open, hi_open

    def _check_number(self, value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return Message(QT_TR_NOOP("{label} must be a number"), label=self.label)
        if math.isnan(value):
            return Message(QT_TR_NOOP("{label} cannot be NaN"), label=self.label)
        if math.isinf(value):
            return Message(QT_TR_NOOP("{label} must be finite"), label=self.label)
        if self.lo is not None and (value <= self.lo if self.lo_open else value < self.lo):
            return Message(
                QT_TR_NOOP("{label} must be {rel} {bound}"),
                label=self.label,
                rel=">" if self.lo_open else "≥",
                bound=_fmt(self.lo),
            )
        if self.hi is not None and (value >= self.hi if self.hi_open else value > self.hi):
            if self.why_bounded:
                return Message(
                    QT_TR_NOOP("{label} must be {rel} {bound}: {why}"),
                    label=self.label,
                    rel="<" if self.hi_open else "≤",
                    bound=_fmt(self.hi),
                    why=self.why_bounded,
                )
            return Message(
                QT_TR_NOOP("{label} must be {rel} {bound}"),
                label=self.label,
                rel="<" if self.hi_open else "≤",
                bound=_fmt(self.hi),
            )
        return self._check_float32(float(value))

    def _check_float32(self, value: float) -> str | None:
        if abs(value) > FLOAT32_LIMIT:
            return Message(
                QT_TR_NOOP(
                    "{label} must lie within ±{limit}: beyond it the images, computed in "
                    "float32, would overflow to infinity"
                ),
                label=self.label,
                limit=_fmt(FLOAT32_LIMIT),
            )
        if self.lo == 0.0 and self.lo_open and value < FLOAT32_TINY:
            return Message(
                QT_TR_NOOP(
                    "{label} must be at least {limit}: smaller values become 0 in float32, "
                    "in which the images are computed"
                ),
                label=self.label,
                limit=_fmt(FLOAT32_TINY),
            )
        return None

    def parse(self, text: str) -> ParamValue:
        """Parse what a user typed; raises ValueError with a readable reason."""
        text = text.strip()
        if self.kind == "choice":
            return text
        if self.kind == "floats":
            parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
            if not parts:
                raise ValueError(
                    Message(QT_TR_NOOP("{label} needs at least one number"), label=self.label)
                )
            return tuple(_parse_float(p, self.label) for p in parts)
        return _parse_float(text, self.label)


def _parse_float(text: str, label: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(
            Message(QT_TR_NOOP("{label}: '{text}' is not a number"), label=label, text=text)
        ) from None


def _fmt(v: float) -> str:
    return f"{v:g}"


def format_value(value: ParamValue) -> str:
    """How a parameter value is written back into an entry field."""
    if isinstance(value, tuple):
        return ", ".join(_fmt(v) for v in value)
    if isinstance(value, float):
        return _fmt(value)
    return str(value)


def validate_all(specs: tuple[ParamSpec, ...], values: Mapping[str, ParamValue]) -> str | None:
    """First reason why ``values`` does not fit ``specs`` (missing, unknown or invalid)."""
    names = {p.name for p in specs}
    unknown = set(values) - names
    if unknown:
        return Message(
            QT_TR_NOOP("unknown parameter(s): {names}"), names=", ".join(sorted(unknown))
        )
    for p in specs:
        if p.name not in values:
            return Message(QT_TR_NOOP("{label} is missing"), label=p.label)
        reason = p.validate(values[p.name])
        if reason:
            return reason
    return None
