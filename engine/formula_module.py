"""A checked formula as a real ``nn.Module``: its forward is torch operations, so autograd gives f′.

The tree from :mod:`engine.formula` is walked once per forward call; every number becomes a 0-d
tensor of the input's dtype first, so no arithmetic ever happens in Python (``10.0 ** 400`` would
raise there; in torch it is ``inf``, as it would be in the student's own PyTorch code).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from engine.formula import (
    CONSTANTS,
    DEFAULT_PARAM,
    Bin,
    Call,
    Compare,
    Const,
    Formula,
    Neg,
    Node,
    Num,
    Param,
    Var,
    parse,
    walk,
)
from engine.messages import QT_TR_NOOP, Message
from engine.ranges import MAX_ABS_X

_UNARY = {
    "exp": torch.exp,
    "log": torch.log,
    "log1p": torch.log1p,
    "sqrt": torch.sqrt,
    "abs": torch.abs,
    "sin": torch.sin,
    "cos": torch.cos,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "softplus": torch.nn.functional.softplus,
    "relu": torch.relu,
    "erf": torch.erf,
}
_COMPARE = {
    "<": torch.lt,
    "<=": torch.le,
    ">": torch.gt,
    ">=": torch.ge,
    "==": torch.eq,
    "!=": torch.ne,
}
_BINARY = {
    "+": torch.add,
    "-": torch.sub,
    "*": torch.mul,
    "/": torch.div,
    "**": torch.pow,
}


class FormulaModule(nn.Module):
    """f(x) given by a formula; its parameters are plain numbers (shown as sliders)."""

    def __init__(self, formula: str | Formula, **params: float) -> None:
        super().__init__()
        self.parsed = formula if isinstance(formula, Formula) else parse(formula)
        unknown = set(params) - set(self.parsed.params)
        if unknown:
            raise ValueError(
                Message(
                    QT_TR_NOOP("unknown parameter(s): {names}"), names=", ".join(sorted(unknown))
                )
            )
        self.values = {p: float(params.get(p, DEFAULT_PARAM)) for p in self.parsed.params}

    @property
    def formula(self) -> str:
        return self.parsed.text

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = evaluate_tree(self.parsed.tree, x, self.values)
        y = y.expand_as(x) if y.shape != x.shape else y
        if x.requires_grad and not y.requires_grad:
            # f does not depend on x (a constant, a step): keep it in the graph with f′ = 0, so
            # autograd answers 0 instead of refusing; NaN inputs stay NaN.
            y = torch.where(torch.isnan(x), x, y)
        return y

    def extra_repr(self) -> str:
        values = ", ".join(f"{k}={v:g}" for k, v in self.values.items())
        return f"{self.parsed.text!r}" + (f", {values}" if values else "")


def evaluate_tree(node: Node, x: torch.Tensor, values: dict[str, float]) -> torch.Tensor:
    """The value of ``node`` for input ``x`` (depth bounded by the parser)."""

    def scalar(v: float) -> torch.Tensor:
        return torch.tensor(v, dtype=x.dtype)

    def ev(n: Node) -> torch.Tensor:
        if isinstance(n, Var):
            return x
        if isinstance(n, Num):
            return scalar(n.value)
        if isinstance(n, Const):
            return scalar(CONSTANTS[n.name])
        if isinstance(n, Param):
            return scalar(values[n.name])
        if isinstance(n, Neg):
            return torch.neg(ev(n.operand))
        if isinstance(n, Bin):
            left, right = ev(n.left), ev(n.right)
            if n.op == "**":
                # As a student's "x ** 2" or "2 ** x": the side without x is a Python number
                # (torch squares x exactly for a number 2, not for a tensor 2).
                if not uses_x(n.right):
                    return torch.pow(left, right.item())
                if not uses_x(n.left):
                    return torch.pow(left.item(), right)
            return _BINARY[n.op](left, right)
        if isinstance(n, Compare):
            operands = [ev(o) for o in n.operands]
            result = None
            for op, a, b in zip(n.ops, operands, operands[1:], strict=False):
                link = _COMPARE[op](a, b)
                result = link if result is None else torch.logical_and(result, link)
            return result
        if isinstance(n, Call):
            args = [ev(a) for a in n.args]
            if n.fn in _UNARY:
                return _UNARY[n.fn](args[0])
            if n.fn == "where":
                return torch.where(args[0], args[1], args[2])
            if n.fn == "minimum":
                return torch.minimum(args[0], args[1])
            if n.fn == "maximum":
                return torch.maximum(args[0], args[1])
            if n.fn == "clamp":
                # Bounds that do not depend on x are plain numbers, as a student writes them:
                # torch.clamp's derivative at a bound differs between number and tensor bounds.
                # torch.clamp takes two numbers or two tensors, never one of each.
                if uses_x(n.args[1]) or uses_x(n.args[2]):
                    return torch.clamp(args[0], args[1], args[2])
                return torch.clamp(args[0], args[1].item(), args[2].item())
        raise TypeError(f"unexpected node {n!r}")  # the parser never builds one

    return ev(node)


def uses_x(node: Node) -> bool:
    return any(isinstance(n, Var) for n in walk(node))


# -- kinks -------------------------------------------------------------------------------------

MAX_KINKS = 48  # without a range: the ones nearest 0 (a periodic formula has thousands)
MAX_KINKS_IN_RANGE = 20_000  # within a plotted range: every one, up to this many
SCAN_STEP = 0.005  # the scan's step near 0 (and over a whole range up to 1000 wide)
RANGE_SCAN_POINTS = 200_001  # at most this many evenly spaced (±10⁴: every 0.1)


def _scan_grid() -> torch.Tensor:
    near = np.linspace(-20.0, 20.0, round(40 / SCAN_STEP) + 1)
    far = np.geomspace(20.0, MAX_ABS_X, 1500)[1:]
    return torch.from_numpy(np.concatenate([-far[::-1], near, far]))


_GRID = _scan_grid()


def _range_grid(lo: float, hi: float) -> torch.Tensor:
    """An even scan of [lo, hi] every SCAN_STEP (at most RANGE_SCAN_POINTS points) with the
    fixed grid's points inside it (exact round numbers such as 0, fine steps near 0)."""
    n = int(min(RANGE_SCAN_POINTS, max(8001, math.ceil((hi - lo) / SCAN_STEP) + 1)))
    even = torch.linspace(lo, hi, n, dtype=torch.float64)
    inside = _GRID[(_GRID - lo >= 0) & (hi - _GRID >= 0)]
    return torch.sort(torch.cat([inside, even])).values


def kink_candidates(
    formula: Formula, values: dict[str, float], x_range: tuple[float, float] | None = None
) -> list[float]:
    """Points where a branch of the formula switches (relu/abs/sqrt at 0, the arguments of
    minimum/maximum/clamp crossing, a where-condition changing): candidates for
    :func:`engine.curves.find_kinks`, which keeps those where autograd's f′ really differs from a
    one-sided limit. Found numerically on a grid and refined by bisection to neighbouring floats.

    Without ``x_range``: over ±MAX_ABS_X, at most MAX_KINKS, nearest to 0 first. With it: every
    switch inside the range that its scan resolves (two switches closer than the scan's step
    can hide each other), at most MAX_KINKS_IN_RANGE, in order."""
    pairs = formula.switches()
    if not pairs:
        return []
    grid = _GRID if x_range is None else _range_grid(*x_range)
    found: set[float] = set()
    with torch.no_grad():
        for a, b in pairs:
            found.update(_roots(a, b, values, grid))
    if x_range is None:
        return sorted(found, key=lambda v: (abs(v), v))[:MAX_KINKS]
    lo, hi = x_range
    inside = sorted(v for v in found if lo <= v <= hi)
    if len(inside) > MAX_KINKS_IN_RANGE:  # keep the ones nearest the middle of the view
        mid = (lo + hi) / 2
        inside = sorted(sorted(inside, key=lambda v: abs(v - mid))[:MAX_KINKS_IN_RANGE])
    return inside


def _roots(a: Node, b: Node, values: dict[str, float], g: torch.Tensor) -> list[float]:
    def s(x: torch.Tensor) -> torch.Tensor:
        return evaluate_tree(a, x, values) - evaluate_tree(b, x, values)

    v = s(g).expand_as(g)
    roots = g[v == 0].tolist()
    finite = torch.isfinite(v)
    change = (torch.sign(v[:-1]) * torch.sign(v[1:]) < 0) & finite[:-1] & finite[1:]
    lo, hi = g[:-1][change], g[1:][change]
    if lo.numel():
        slo = torch.sign(s(lo).expand_as(lo))
        for _ in range(80):  # down to neighbouring floats
            mid = (lo + hi) / 2
            sm = torch.sign(s(mid).expand_as(mid))
            left = sm == slo
            lo = torch.where(left, mid, lo)
            hi = torch.where(left, hi, mid)
        vlo, vhi = s(lo).expand_as(lo).abs(), s(hi).expand_as(hi).abs()
        roots += torch.where(vlo <= vhi, lo, hi).tolist()
    return [r for r in roots if math.isfinite(r)]
