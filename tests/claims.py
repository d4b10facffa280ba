"""The test-only loader of ``resources/texts/claims.json``: the machine-checkable claims.

The program itself reads only the ``say`` entries (the numbers the texts quote) through
:mod:`engine.text_values`; everything else in the file exists to be checked against torch by
``tests/test_knowledge.py``. The kinds of claims:

- ``range`` {lo, hi, lo_closed, hi_closed, approx?}: output range; ``"-inf"``/``"+inf"`` for
  unbounded ends. ``monotonic``: ``"increasing"`` (strictly), ``"non-decreasing"``,
  ``"decreasing"`` or ``"no"``. ``odd``: bool, f(−x) = −f(x) (must equal the texts' field).
- ``formulas`` / ``derivative_formulas`` [{expr, params?, domain?, atol?}]: f (or autograd's f′)
  equals the expression in ``x`` on a grid.
- ``values`` [{x, f}], ``derivatives`` [{x, df}] (autograd's value exactly at x), ``limits``
  [{x: "-inf"|"+inf", f}], ``extrema`` / ``df_extrema`` [{kind: "min"|"max", x, f|df}] (global).
- ``images`` [{from: [a, b], to: [c, d]}]: f maps [a, b] onto [c, d].
- ``gaps`` [{lo, hi, lo_closed, hi_closed}]: an interval inside the range that f never hits.
- ``saturation`` [{from, to, df_max}]: |f′| ≤ df_max on that interval.
- ``kinks`` [{params?, approx?, points: [{x, df_left, df_right, df_torch, f_left?, f_right?}]}]:
  exactly the points ``engine.curves.find_kinks`` reports, with their one-sided limits.
- ``defaults`` [{param, value}]: the catalogue's default (and torch's, where torch has one).
- ``facts`` [{expr, value, key?, params?}]: an expression of ``f(v)``, ``df(v)``.
- ``moments`` {mean, var, tol}: of f(Z) for a standard normal Z.
- ``say`` {name: {expr | ref, fmt?, check?, key?, params?, dtype?}}: the numbers the texts
  quote (see :mod:`engine.text_values`).

A stated number is exact unless its claim has ``"approx": true``; then the true value must round
to it at the number of decimals written (0.731 → within 0.0005). Pages (``"pages"``) have only
``say``.
"""

from __future__ import annotations

from functools import lru_cache

from engine.text_values import read_claims

CLAIM_KINDS = (
    "range",
    "monotonic",
    "odd",
    "formulas",
    "derivative_formulas",
    "values",
    "derivatives",
    "limits",
    "extrema",
    "df_extrema",
    "images",
    "gaps",
    "saturation",
    "kinks",
    "defaults",
    "facts",
    "moments",
    "say",
)
MONOTONIC_CLAIMS = ("increasing", "non-decreasing", "decreasing", "no")
_NOT_LISTS = ("range", "monotonic", "odd", "moments", "say")


def validate(data: dict, source: str = "claims.json") -> dict[str, dict]:
    """The activations' claims, after checking their structure (``ValueError`` naming the
    activation and the claim)."""
    activations = data.get("activations")
    if not isinstance(activations, dict):
        raise ValueError(f"{source}: missing or invalid 'activations' object")
    for key, claims in activations.items():
        if not isinstance(claims, dict):
            raise ValueError(f"{source}: activation {key!r} is not an object")
        for required in ("range", "monotonic", "odd"):
            if required not in claims:
                raise ValueError(f"{source}: activation {key!r} misses claim {required!r}")
        unknown = sorted(set(claims) - set(CLAIM_KINDS))
        if unknown:
            raise ValueError(f"{source}: activation {key!r} has unknown claim(s) {unknown}")
        rng = claims["range"]
        if not isinstance(rng, dict) or not {"lo", "hi", "lo_closed", "hi_closed"} <= set(rng):
            raise ValueError(f"{source}: activation {key!r}, claim 'range' needs lo, hi, ...")
        if claims["monotonic"] not in MONOTONIC_CLAIMS:
            raise ValueError(f"{source}: activation {key!r}, claim 'monotonic' is invalid")
        if not isinstance(claims["odd"], bool):
            raise ValueError(f"{source}: activation {key!r}, claim 'odd' must be bool")
        for kind in CLAIM_KINDS:
            if kind in claims and kind not in _NOT_LISTS:
                items = claims[kind]
                if not isinstance(items, list) or not all(isinstance(c, dict) for c in items):
                    raise ValueError(
                        f"{source}: activation {key!r}, claim {kind!r} must be a list of objects"
                    )
        say = claims.get("say", {})
        if not isinstance(say, dict) or not all(
            isinstance(v, dict) and ("expr" in v) != ("ref" in v) for v in say.values()
        ):
            raise ValueError(f"{source}: activation {key!r}, 'say' entries need expr or ref")
    return activations


@lru_cache(maxsize=1)
def load_claims() -> dict[str, dict]:
    """The validated claims of every activation, keyed by catalogue key. Cached: do not modify."""
    return validate(read_claims())
