"""Gradients through depth: the gradient reaching each layer of a deep Linear + activation stack.

The stack is N layers of ``z_l = W_l h_{l-1} + b_l``, ``h_l = f(z_l)`` on random inputs. Every
activation sees the *same* weights, inputs and upstream gradient: the loss is
``L = Σ r · h_N / batch`` with a fixed random r, so ∂L/∂h_N is identical for all activations
and any difference in the plot comes from propagating back through f and the weights.

Per layer, averaged over seeds, we report

- ‖∂L/∂W_l‖ (Frobenius norm of the weight gradient): how hard one training step pushes that layer;
- ‖∂L/∂z_l‖, the backpropagated signal itself. ∂L/∂W_l = Σ ∂L/∂z_l · h_{l−1}ᵀ, so when the forward
  activations h shrink at the same rate as the signal grows (or the other way round) the weight
  gradient can look steady while the signal vanishes; both are shown;
- the share of outputs that are exactly 0 (for ReLU about half at initialisation: ordinary
  sparsity, not death);
- the share of dead units: units whose output is 0 for *every* input of the batch, so they pass
  no gradient back for any of them;
- the share where |f′(z)| < 0.01 ("saturated").

The initialisations are the ones the notes teach: PyTorch's default for ``nn.Linear``, Xavier
(Glorot) for tanh / sigmoid, Kaiming (He) for the ReLU family (gain √2 =
``nn.init.calculate_gain("relu")``).

All seeds run at once as a batch of independent stacks (``torch.baddbmm``), so the cost is a few
small batched matrix products per layer, with no Python loop over seeds or units. torch is
imported inside the functions so importing this module stays cheap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from engine.catalogue import ActivationSpec
from engine.choices import INITIALISATIONS
from engine.runtime import single_threaded

Job = Callable[[object], object]

DEFAULT_KEYS: tuple[str, ...] = ("sigmoid", "tanh", "relu", "leaky_relu", "gelu", "silu")
LAYERS_RANGE = (1, 50)
WIDTH_RANGE = (4, 256)
SEEDS_RANGE = (1, 16)
SATURATED_BELOW = 0.01


@dataclass(frozen=True)
class DepthConfig:
    layers: int = 30
    width: int = 64
    init: str = "kaiming"
    seeds: int = 4
    batch: int = 32
    seed: int = 0

    def validate(self) -> None:
        for name, value, (lo, hi) in (
            ("layers", self.layers, LAYERS_RANGE),
            ("width", self.width, WIDTH_RANGE),
            ("seeds", self.seeds, SEEDS_RANGE),
        ):
            if not lo <= value <= hi:
                raise ValueError(f"{name} must be in [{lo}, {hi}], not {value}")
        if self.init not in INITIALISATIONS:
            raise KeyError(self.init)
        if self.batch < 1:
            raise ValueError("batch must be ≥ 1")


@dataclass(frozen=True)
class DepthCurves:
    """One activation's per-layer figures; index 0 is layer 1 (next to the input)."""

    key: str
    name: str
    params: dict
    grad_norm: np.ndarray  # mean over seeds of ‖∂L/∂W_l‖
    signal_norm: np.ndarray  # mean over seeds of ‖∂L/∂z_l‖, the backpropagated signal
    zero: np.ndarray  # share of outputs h_l exactly 0
    dead_units: np.ndarray  # share of units of layer l that output 0 for every input of the batch
    saturated: np.ndarray  # share with |f′(z_l)| < 0.01; NaN for vector activations (Softmax)

    @property
    def first_over_last(self) -> float:
        """Weight gradient at layer 1 relative to layer N (1 = no vanishing)."""
        last = float(self.grad_norm[-1])
        return float(self.grad_norm[0]) / last if last > 0 else math.nan

    @property
    def signal_first_over_last(self) -> float:
        """Backpropagated signal ‖∂L/∂z‖ at layer 1 relative to layer N."""
        last = float(self.signal_norm[-1])
        return float(self.signal_norm[0]) / last if last > 0 else math.nan


@dataclass(frozen=True)
class DepthResult:
    config: DepthConfig
    curves: dict[str, DepthCurves]  # in the order requested

    @property
    def layers(self) -> np.ndarray:
        return np.arange(1, self.config.layers + 1)


def make_stack(config: DepthConfig):
    """Weights (N tensors S×w×w), biases (N × S×1×w), inputs and upstream gradient (S×B×w),
    all float32 from one local generator so a seed always gives the same stack."""
    import torch

    n, s, w, b = config.layers, config.seeds, config.width, config.batch
    gen = torch.Generator().manual_seed(config.seed)
    W = torch.empty(n, s, w, w)
    bias = torch.zeros(n, s, 1, w)
    if config.init == "default":
        bound = 1 / math.sqrt(w)  # nn.Linear.reset_parameters: kaiming_uniform(a=√5) + bias
        W.uniform_(-bound, bound, generator=gen)
        bias.uniform_(-bound, bound, generator=gen)
    elif config.init == "xavier":
        bound = math.sqrt(6 / (w + w))  # nn.init.xavier_uniform_, gain 1
        W.uniform_(-bound, bound, generator=gen)
    elif config.init == "kaiming":
        W.normal_(0, math.sqrt(2 / w), generator=gen)  # nn.init.kaiming_normal_(relu), fan_in
    else:
        raise KeyError(config.init)
    x = torch.randn(s, b, w, generator=gen)
    r = torch.randn(s, b, w, generator=gen)
    return list(W.unbind(0)), list(bias.unbind(0)), x, r


def _study_one(spec: ActivationSpec, params: Mapping, stack, config: DepthConfig) -> DepthCurves:
    import torch

    from engine.modules import build_module

    weights, biases, x, r = stack
    module = build_module(spec, {**spec.defaults(), **params})
    Ws = [W.detach().requires_grad_(True) for W in weights]
    h, zs, zeros, dead = x, [], [], []
    for W, b in zip(Ws, biases, strict=True):
        z = torch.baddbmm(b, h, W.transpose(1, 2))  # batched h @ Wᵀ + b, one stack per seed
        h = module(z)
        zs.append(z)
        is_zero = h == 0  # seeds × batch × units
        zeros.append(is_zero.float().mean())
        # A dead unit is 0 for every example of the batch, not just for some of them.
        dead.append(is_zero.all(dim=1).float().mean())
    loss = (h * r).sum() / config.batch
    grads = torch.autograd.grad(loss, [*Ws, *zs])
    with torch.no_grad():
        # Norm per layer and seed, then the mean over seeds. In float64: squaring gradients of
        # 1e-24 underflows float32, which would report 0 for a gradient that is not 0.
        norms = [g.double().flatten(1).norm(dim=1).mean() for g in grads]
        w_norms = torch.stack(norms[: len(Ws)])
        z_norms = torch.stack(norms[len(Ws) :])
    if spec.elementwise:
        # f′ at every pre-activation of every layer in one autograd call: for an element-wise f
        # the gradient of Σ f(z) is f′(z) element by element.
        z_all = torch.stack([z.detach() for z in zs]).requires_grad_(True)
        (fprime,) = torch.autograd.grad(module(z_all).sum(), z_all)
        # Compared in float32: LeakyReLU's float32 slope 0.01 is not "below 0.01".
        threshold = torch.tensor(SATURATED_BELOW, dtype=fprime.dtype)
        saturated = (fprime.abs() < threshold).float().flatten(1).mean(dim=1).numpy()
    else:
        saturated = np.full(config.layers, np.nan)  # f′ is a Jacobian, not one number per unit
    return DepthCurves(
        key=spec.key,
        name=spec.name,
        params=dict(params),
        grad_norm=w_norms.numpy(),
        signal_norm=z_norms.numpy(),
        zero=torch.stack(zeros).double().numpy(),
        dead_units=torch.stack(dead).double().numpy(),
        saturated=np.asarray(saturated, dtype=np.float64),
    )


def depth_study(
    config: DepthConfig,
    activations: Sequence[tuple[ActivationSpec, Mapping]],
    ctx=None,
) -> DepthResult:
    """Per-layer gradient and signal norms, exactly-0, dead-unit and saturated shares for each
    (spec, params)."""
    config.validate()
    with single_threaded():
        stack = make_stack(config)
        curves: dict[str, DepthCurves] = {}
        for i, (spec, params) in enumerate(activations):
            if ctx is not None:
                ctx.check()
                ctx.progress(i, len(activations))
            curves[spec.key] = _study_one(spec, params, stack, config)
    return DepthResult(config, curves)


def depth_job(config: DepthConfig, activations: Sequence[tuple[ActivationSpec, Mapping]]) -> Job:
    """A job for the runner; the inputs are captured now (the GUI may change them later)."""
    activations = [(spec, dict(params)) for spec, params in activations]

    def run(ctx) -> DepthResult:
        return depth_study(config, activations, ctx)

    return run
