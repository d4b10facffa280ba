"""An own activation as a catalogue entry: key, name, slider ranges, kinks, the module to build.

Torch-free (the kink search imports torch only when called), like the catalogue itself.
"""

from __future__ import annotations

import hashlib
import math

from engine.catalogue import ActivationSpec, Params
from engine.formula import DEFAULT_PARAM, MAX_LITERAL, FormulaError, parse
from engine.messages import QT_TR_NOOP, Message
from engine.params import ParamSpec

DEFAULT_SLIDER = (-5.0, 5.0)


OWN_PREFIX = "own:"
OWN_NOTE = QT_TR_NOOP(
    "Your own activation: a small nn.Module whose forward runs the formula with torch "
    "operations, so autograd gives its derivative. Every name other than x, pi, e and the "
    "functions is a parameter."
)


def own_key(text: str) -> str:
    """The key of an own activation: derived from its text (spaces aside), so a saved lesson
    finds it again."""
    digest = hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()[:12]
    return OWN_PREFIX + digest


def is_own_key(key: object) -> bool:
    return isinstance(key, str) and key.startswith(OWN_PREFIX)


def display_name(text: str, limit: int = 32) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_slider(lo: object, hi: object) -> Message | None:
    """Why (lo, hi) cannot be a parameter's slider range, or None."""
    for v in (lo, hi):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or math.isnan(v):
            return Message(QT_TR_NOOP("a slider range must be two numbers"))
        if not abs(v) <= MAX_LITERAL:
            return Message(
                QT_TR_NOOP("a slider range must stay within ±{limit:g}"), limit=MAX_LITERAL
            )
    if lo >= hi:
        return Message(
            QT_TR_NOOP(
                "the slider minimum must be smaller than its maximum (now {lo:g} and {hi:g})"
            ),
            lo=lo,
            hi=hi,
        )
    return None


def make_spec(
    text: str,
    sliders: dict[str, tuple[float, float]] | None = None,
    defaults: dict[str, float] | None = None,
) -> ActivationSpec:
    """An :class:`engine.catalogue.ActivationSpec` for the formula ``text`` (not registered).

    ``sliders`` gives a parameter's slider range (default ``DEFAULT_SLIDER``, widened to include
    its default value); raises :class:`FormulaError` for a refused formula or a bad range.
    """
    formula = parse(text)
    sliders = dict(sliders or {})
    defaults = dict(defaults or {})
    specs = []
    for name in formula.params:
        default = float(defaults.get(name, DEFAULT_PARAM))
        lo, hi = sliders.get(name, DEFAULT_SLIDER)
        reason = check_slider(lo, hi) or check_slider(default, default + 1.0)
        if reason:
            raise FormulaError(reason)
        lo, hi = min(float(lo), default), max(float(hi), default)
        specs.append(ParamSpec(name, name, "float", default, slider=(lo, hi)))

    def kinks(values: Params, x_range: tuple[float, float] | None = None) -> list[float]:
        from engine.formula_module import kink_candidates

        return kink_candidates(formula, {k: float(v) for k, v in values.items()}, x_range)

    return ActivationSpec(
        own_key(formula.text),
        display_name(formula.text),
        "engine.formula_module.FormulaModule",
        tuple(specs),
        in_torch_nn=False,
        note=OWN_NOTE,
        kink_candidates=kinks,
        kinks_in=kinks,
        fixed=(("formula", formula.text),),
        lut_exact=formula.lut_exact,
        user_defined=True,
    )
