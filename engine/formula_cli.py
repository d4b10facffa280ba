"""``--eval-formula EXPR … --at X1,X2,…``: each formula evaluated the program's way, one line each.

The program's way is :func:`engine.curves.evaluate` on the formula's module: float64, f′ by
autograd, parameters at their defaults (1).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from engine.formula import FormulaError
from engine.messages import QT_TR_NOOP, Message


def plain(value: float) -> str:
    """A float as a plain decimal with every digit needed to read it back exactly (no 1e-05)."""
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return np.format_float_positional(value, unique=True, trim="-")


def parse_points(text: str) -> list[float]:
    """``"-1,0,2.5"`` → numbers; raises ValueError with a translatable message."""
    parts = [p.strip() for p in str(text).split(",")]
    out = []
    for p in parts:
        try:
            v = float(p)
        except ValueError:
            raise ValueError(
                Message(
                    QT_TR_NOOP("--at needs numbers separated by commas, not '{text}'"), text=p[:40]
                )
            ) from None
        if not math.isfinite(v):
            raise ValueError(Message(QT_TR_NOOP("--at needs finite numbers")))
        out.append(v)
    if not out or len(out) > 1000:
        raise ValueError(Message(QT_TR_NOOP("--at needs between 1 and 1000 numbers")))
    return out


def eval_line(text: str, xs: Sequence[float], translate: Callable[[object], str] = str) -> str:
    """``ok f(x1) f′(x1) …`` or ``refused REASON`` for one formula."""
    from engine.curves import evaluate
    from engine.formula_spec import make_spec

    try:
        spec = make_spec(text)
    except FormulaError as exc:
        return "refused " + translate(exc.message)
    try:
        y, dy = evaluate(spec, spec.defaults(), np.asarray(xs, dtype=np.float64))
    except (RuntimeError, ValueError, TypeError) as exc:  # a torch limit the parser missed
        reason = Message(QT_TR_NOOP("torch cannot evaluate it: {error}"), error=str(exc)[:200])
        return "refused " + translate(reason)
    numbers = []
    for f, d in zip(y.tolist(), dy.tolist(), strict=True):
        numbers += [plain(f), plain(d)]
    return "ok " + " ".join(numbers)


def run(
    formulas: Sequence[str],
    at: str | None,
    translate: Callable[[object], str] = str,
    out: Callable[[str], None] = print,
) -> int:
    """Print one line per formula; 0 when all were ok, 2 when any was refused or --at is bad."""
    if at is None:
        out(translate(Message(QT_TR_NOOP("--eval-formula needs --at X1,X2,…"))))
        return 2
    try:
        xs = parse_points(at)
    except ValueError as exc:
        out(translate(exc.args[0]))
        return 2
    code = 0
    for text in formulas:
        line = eval_line(text, xs, translate)
        code = code if line.startswith("ok") else 2
        out(line)
    return code
