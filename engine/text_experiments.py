"""Small torch experiments whose results the teaching texts quote (via ``claims.json``).

Each returns one float and is deterministic (its own seeded generator, float64), so a text that
quotes it says exactly what torch computes, and the tests can recompute it. Each runs in
milliseconds. torch is imported inside the functions.
"""

from __future__ import annotations

import math
from functools import lru_cache


def _generator(seed: float):
    import torch

    return torch.Generator().manual_seed(int(seed))


@lru_cache(maxsize=8)
def _rnn(steps: float, gain: float, width: float, seed: float):
    """A plain tanh RNN h_t = tanh(W h_{t−1}) with W ~ N(0, gain²/n), h_0 ~ N(0, 1).

    Returns the largest |h_t| seen and the Jacobian ∂h_T/∂h_0 (a product of diag(1 − h²)·W).
    """
    import torch

    n = int(width)
    gen = _generator(seed)
    W = torch.randn(n, n, generator=gen, dtype=torch.float64) * (float(gain) / math.sqrt(n))
    h = torch.randn(n, generator=gen, dtype=torch.float64)
    jac = torch.eye(n, dtype=torch.float64)
    state_max = 0.0
    for _ in range(int(steps)):
        h = torch.tanh(W @ h)
        jac = (1 - h**2)[:, None] * (W @ jac)  # chain rule: diag(tanh′) · W, step by step
        state_max = max(state_max, float(h.abs().max()))
    return state_max, jac.clone()


def rnn_growth(steps: float, gain: float, width: float, seed: float) -> float:
    """‖∂h_T/∂h_0‖ (spectral norm) of a tanh RNN after ``steps`` steps."""
    import torch

    return float(torch.linalg.matrix_norm(_rnn(steps, gain, width, seed)[1], ord=2))


def rnn_state_max(steps: float, gain: float, width: float, seed: float) -> float:
    """The largest |h_t| over all steps and units of the same RNN: always below 1."""
    return _rnn(steps, gain, width, seed)[0]


@lru_cache(maxsize=32)
def _depth(key: str, init: str, layers: float):
    from engine import catalogue
    from engine.depth_lab import DepthConfig, depth_study

    spec = catalogue.get(key)
    config = DepthConfig(layers=int(layers), init=init)
    return depth_study(config, [(spec, spec.defaults())]).curves[key]


def depth_ratio(key: str, init: str, layers: float) -> float:
    """The depth lab's figure: ‖∂L/∂W‖ at layer 1 over layer N, default parameters."""
    return _depth(key, init, layers).first_over_last


def depth_signal_ratio(key: str, init: str, layers: float) -> float:
    """The same for the backpropagated signal ‖∂L/∂z‖."""
    return _depth(key, init, layers).signal_first_over_last


def bce_grad(loss: str, logit: float, target: float) -> float:
    """∂loss/∂logit for one output unit: ``"bce_logits"`` (BCEWithLogitsLoss on the logit) or
    ``"mse_sigmoid"`` (MSELoss on the sigmoid's output)."""
    import torch

    z = torch.tensor([float(logit)], dtype=torch.float64, requires_grad=True)
    y = torch.tensor([float(target)], dtype=torch.float64)
    if loss == "bce_logits":
        value = torch.nn.BCEWithLogitsLoss()(z, y)
    elif loss == "mse_sigmoid":
        value = torch.nn.MSELoss()(torch.sigmoid(z), y)
    else:
        raise ValueError(loss)
    (grad,) = torch.autograd.grad(value, z)
    return float(grad[0])


def same_sign_share(key: str, width: float, seed: float) -> float:
    """Share of a layer's neurons whose weight gradients (one sample) all have one sign.

    The layer reads the outputs of ``key`` applied to random pre-activations. ∂L/∂w_ij is
    δ_i · h_j, so when every input h_j is positive (Sigmoid) each row shares the sign of δ_i.
    """
    import torch

    from engine import catalogue
    from engine.modules import build_module

    n = int(width)
    gen = _generator(seed)
    module = build_module(catalogue.get(key)).double()
    h = module(torch.randn(1, n, generator=gen, dtype=torch.float64))
    layer = torch.nn.Linear(n, n).double()
    with torch.no_grad():
        layer.weight.copy_(torch.randn(n, n, generator=gen, dtype=torch.float64) / math.sqrt(n))
    target = torch.randn(1, n, generator=gen, dtype=torch.float64)
    loss = ((layer(h) - target) ** 2).sum()
    (grad,) = torch.autograd.grad(loss, layer.weight)
    rows = ((grad > 0).all(dim=1) | (grad < 0).all(dim=1)).double()
    return float(rows.mean())
