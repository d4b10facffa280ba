"""f(x) and f'(x) of an activation on a grid, the derivative by autograd on the real module."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import torch

from engine.catalogue import ActivationSpec, Params
from engine.modules import build_module
from engine.ranges import DEFAULT_POINTS, DEFAULT_RANGE, check_range


@dataclass(frozen=True)
class Kink:
    """A point where PyTorch's chosen derivative differs from a one-sided limit."""

    x: float
    torch_value: float  # f'(x) as autograd returns it at exactly x
    left: float  # limit of f' from the left
    right: float  # limit of f' from the right
    f_value: float
    f_left: float
    f_right: float

    @property
    def jump(self) -> bool:
        """f itself is discontinuous here (Threshold, Hardshrink)."""
        return not math.isclose(self.f_left, self.f_right, rel_tol=1e-6, abs_tol=1e-6)


@dataclass(frozen=True)
class Curve:
    key: str
    params: dict
    x: np.ndarray
    y: np.ndarray
    dy: np.ndarray
    kinks: list[Kink] = field(default_factory=list)


def evaluate(
    spec: ActivationSpec, params: Params, x: np.ndarray | torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """f(x) and autograd f'(x) of the module, in float64, for a 1-D array of inputs.

    For the Softmax family x is component 0 of the input vector and ``params["others"]`` the
    remaining components; the result is component 0 of the output.
    """
    # float64 so the one-sided limits in find_kinks are not lost in rounding (PReLU's weight
    # would otherwise stay float32).
    module = build_module(spec, params).double()
    xt = torch.as_tensor(x, dtype=torch.float64).detach().clone().requires_grad_(True)
    if spec.family == "vector":
        others = torch.tensor(params["others"], dtype=torch.float64).expand(xt.shape[0], -1)
        y = module(torch.cat([xt[:, None], others], dim=1))[:, 0]
    else:
        y = module(xt)
    # Rows are independent, so the gradient of the sum is each point's own derivative.
    (dy,) = torch.autograd.grad(y.sum(), xt)
    return y.detach(), dy


def grid(x_min: float, x_max: float, n: int, snap: list[float] = ()) -> np.ndarray:
    """``n`` points from x_min to x_max, with each kink moved onto its nearest grid point so the
    plot shows the exact value PyTorch takes there."""
    x = np.linspace(x_min, x_max, n)
    ks = np.asarray([k for k in snap if x_min < k < x_max], dtype=np.float64)
    if len(ks):
        right = np.clip(np.searchsorted(x, ks), 1, n - 1)
        nearest = np.where(ks - x[right - 1] <= x[right] - ks, right - 1, right)
        # The ends stay the range's own (they say which view a curve was computed for); of two
        # kinks on one point the larger stays.
        x[np.clip(nearest, 1, n - 2)] = ks
    return x


def find_kinks(
    spec: ActivationSpec, params: Params, x_range: tuple[float, float] | None = None
) -> list[Kink]:
    """Keep the catalogue's candidate points (those inside ``x_range`` when the activation
    finds them per range) where autograd's value differs from a side limit."""
    if x_range is not None and spec.kinks_in is not None:
        candidates = sorted(set(spec.kinks_in(params, x_range)))
    else:
        candidates = sorted(set(spec.kink_candidates(params)))
    if not candidates:
        return []
    c = np.asarray(candidates, dtype=np.float64)
    h = 1e-7 * np.maximum(1.0, np.abs(c))
    # Two points per side extrapolate the one-sided limit linearly (exact for piecewise
    # linear functions, O(h^2) otherwise); all candidates in one evaluation.
    xs = (c[:, None] + h[:, None] * np.array([-2.0, -1.0, 0.0, 1.0, 2.0])).ravel()
    y, dy = evaluate(spec, params, xs)
    y, dy = y.numpy().reshape(-1, 5), dy.numpy().reshape(-1, 5)
    left, right = 2 * dy[:, 1] - dy[:, 0], 2 * dy[:, 3] - dy[:, 4]
    f_left, f_right = 2 * y[:, 1] - y[:, 0], 2 * y[:, 3] - y[:, 4]
    value = dy[:, 2]
    tol = 1e-4 * np.maximum(1.0, np.maximum(np.abs(left), np.abs(right)))
    keep = (np.abs(value - left) > tol) | (np.abs(value - right) > tol)
    return [
        Kink(
            float(c[i]),
            float(value[i]),
            float(left[i]),
            float(right[i]),
            float(y[i, 2]),
            float(f_left[i]),
            float(f_right[i]),
        )
        for i in np.flatnonzero(keep)
    ]


def compute_curve(
    spec: ActivationSpec,
    params: Params,
    x_range: tuple[float, float] = DEFAULT_RANGE,
    n: int = DEFAULT_POINTS,
) -> Curve:
    """f and f' on ``n`` grid points of ``x_range``; raises ValueError on bad input."""
    reason = check_range(*x_range)
    if reason:
        raise ValueError(reason)
    kinks = [k for k in find_kinks(spec, params, x_range) if x_range[0] <= k.x <= x_range[1]]
    x = grid(x_range[0], x_range[1], n, [k.x for k in kinks])
    y, dy = evaluate(spec, params, x)
    return Curve(spec.key, dict(params), x, y.numpy(), dy.numpy(), kinks)
