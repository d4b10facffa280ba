"""XOR lab: the same small MLP trained with an activation and without one (identity), side by side.

Everything that touches torch modules or optimizers lives in an :class:`XorLab`, and only jobs
built here (all submitted under one job key, so they run one after another on the worker) touch
it. A job returns an :class:`XorFrame`: plain numpy snapshots the GUI may keep and draw.

torch is imported inside functions so the GUI can import this module before torch has loaded.

Why the identity network fails: without activations ``W_L(…(W_1 x + b_1)…) + b_L`` is one affine
map ``W_total x + b_total``, so its decision boundary is the single line ``W_total·x + b_total = 0``
and its loss can never go below the best a linear (logistic) classifier reaches. On the four XOR
points that best value is ln 2 ≈ 0.693, reached only at p = 0.5 everywhere (see
:func:`xor_best_linear_loss`).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from engine.catalogue import ActivationSpec
from engine.messages import QT_TR_NOOP
from engine.runtime import single_threaded

if TYPE_CHECKING:  # pragma: no cover
    import torch
    from torch import nn

Job = Callable[[object], object]

DATASETS: dict[str, str] = {
    "xor": QT_TR_NOOP("XOR (4 points)"),
    "noisy_xor": QT_TR_NOOP("Noisy XOR (4 clusters)"),
    "circles": QT_TR_NOOP("Circles"),
    "spirals": QT_TR_NOOP("Two spirals"),
}
GRID = 96  # decision image is GRID × GRID: cheap enough to recompute every frame
FRAME_INTERVAL_S = 1 / 30  # never more than ~30 frames per second
MAX_FPS = 30
# Training speeds offered to the teacher, in optimizer steps per second. Slow by default: at 10
# steps a second ReLU takes several seconds on XOR, so students see the boundary being bent.
SPEEDS: tuple[int, ...] = (1, 2, 5, 10, 20, 50, 100, 300, 1000)
DEFAULT_SPEED = 10
SPEED_LABEL = QT_TR_NOOP("{0} steps/s")
STEP_LIMIT_RANGE = (10, 100_000)
DEFAULT_STEP_LIMIT = 2000
SOLVED_LOSS = 0.01  # every point right and the loss below this: nothing left to watch
PLATEAU_STEPS = 500  # …or the loss improved by less than PLATEAU_GAIN over this many steps
PLATEAU_GAIN = 0.01
# Undecided: every prediction on the data within 0.5 ± this — the net says "p = 0.5" everywhere,
# its accuracy is a coin toss of rounding and its boundary line moves with noise.
UNDECIDED_P = 0.01
WIDTH_RANGE = (2, 16)
DEPTH_RANGE = (1, 3)
SEED_RANGE = (0, 99)
LR_RANGE = (0.001, 0.5)  # the learning-rate slider (three decimals)
DEFAULT_LR = 0.05
NETS = ("act", "identity")


# -- data ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dataset:
    name: str
    X: np.ndarray  # (n, 2) float32
    y: np.ndarray  # (n,) float32, 0 or 1
    extent: tuple[float, float, float, float]  # x0, x1, y0, y1 of the decision image


def _extent(X: np.ndarray) -> tuple[float, float, float, float]:
    lo, hi = X.min(axis=0), X.max(axis=0)
    # A margin so points never sit on the image's edge; XOR's [0, 1] becomes [−0.5, 1.5].
    margin = max(0.25 * float((hi - lo).max()), 0.5)
    return (
        float(lo[0] - margin),
        float(hi[0] + margin),
        float(lo[1] - margin),
        float(hi[1] + margin),
    )


def make_dataset(name: str, seed: int = 0) -> Dataset:
    """One of :data:`DATASETS`, generated reproducibly from ``seed``."""
    rng = np.random.default_rng(seed)
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    xor_labels = np.array([0, 1, 1, 0], dtype=np.float64)
    if name == "xor":
        X, y = corners, xor_labels
    elif name == "noisy_xor":
        per = 40
        X = np.repeat(corners, per, axis=0) + rng.normal(0, 0.18, (4 * per, 2))
        y = np.repeat(xor_labels, per)
    elif name == "circles":
        per = 100
        angle = rng.uniform(0, 2 * np.pi, 2 * per)
        radius = np.concatenate([np.full(per, 1.0), np.full(per, 0.45)])
        radius = radius + rng.normal(0, 0.08, 2 * per)
        X = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
        y = np.concatenate([np.zeros(per), np.ones(per)])  # inner disc is class 1
    elif name == "spirals":
        per = 100
        t = np.sqrt(rng.uniform(0.02, 1, per)) * 3 * np.pi
        arm = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / (3 * np.pi)
        X = np.concatenate([arm, -arm]) + rng.normal(0, 0.025, (2 * per, 2))
        y = np.concatenate([np.zeros(per), np.ones(per)])
    else:
        raise KeyError(name)
    X = X.astype(np.float32)
    return Dataset(name, X, y.astype(np.float32), _extent(X))


def pace(steps_per_second: float) -> tuple[int, float]:
    """(optimizer steps per frame, seconds between frames) for a speed, at most MAX_FPS frames."""
    if not steps_per_second > 0:
        raise ValueError(f"speed must be > 0, not {steps_per_second}")
    steps = max(1, math.ceil(steps_per_second / MAX_FPS))
    return steps, steps / steps_per_second


def convergence(loss: np.ndarray, accuracy: float) -> str | None:
    """Why training can stop: "solved" (all right, tiny loss), "plateau" (no progress), or None."""
    if len(loss) == 0:
        return None
    if accuracy == 1.0 and loss[-1] < SOLVED_LOSS:
        return "solved"
    if len(loss) > PLATEAU_STEPS:
        before, now = float(loss[-1 - PLATEAU_STEPS]), float(loss[-1])
        if before - now < PLATEAU_GAIN * before:
            return "plateau"
    return None


def grid_points(extent: tuple[float, float, float, float], n: int = GRID) -> np.ndarray:
    """Pixel centres of an n×n image over ``extent``, row-major (row = y, column = x)."""
    x0, x1, y0, y1 = extent
    xs = x0 + (np.arange(n) + 0.5) * (x1 - x0) / n
    ys = y0 + (np.arange(n) + 0.5) * (y1 - y0) / n
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)


# -- the linear reference -------------------------------------------------------------------------
def xor_best_linear_loss() -> float:
    """ln 2: the lowest mean BCE any linear classifier reaches on the four XOR points.

    With logit z = w·x + b: z(0,0) + z(1,1) = z(0,1) + z(1,0) = w₁ + w₂ + 2b =: s. The loss is
    ¼[sp(z₀₀) + sp(z₁₁) + sp(−z₀₁) + sp(−z₁₀)] with the convex softplus sp(t) = ln(1 + eᵗ), so by
    Jensen it is ≥ ½[sp(s/2) + sp(−s/2)] ≥ sp(0) = ln 2, with equality at w = 0, b = 0 (p = 0.5).
    """
    return math.log(2.0)


def best_linear_loss(X: np.ndarray, y: np.ndarray) -> float:
    """The lowest mean BCE of a logistic regression on (X, y), by L-BFGS (the loss is convex)."""
    import torch

    Xt = torch.as_tensor(X, dtype=torch.float64)
    yt = torch.as_tensor(y, dtype=torch.float64)
    wb = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([wb], lr=1, max_iter=200, line_search_fn="strong_wolfe")

    def loss_fn() -> torch.Tensor:
        logits = Xt @ wb[:2] + wb[2]
        return torch.nn.functional.binary_cross_entropy_with_logits(logits, yt)

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        # Never report more than the trivial p = 0.5 classifier (w = 0, b = 0) reaches.
        return float(min(loss_fn().item(), math.log(2.0)))


def boundary_segment(
    w: np.ndarray, b: float, extent: tuple[float, float, float, float]
) -> np.ndarray | None:
    """The part of the line w·x + b = 0 inside ``extent`` as two end points, or None."""
    x0, x1, y0, y1 = extent
    w1, w2 = float(w[0]), float(w[1])
    if math.hypot(w1, w2) < 1e-9:
        return None
    points: list[tuple[float, float]] = []
    if abs(w2) > 1e-12:
        for x in (x0, x1):
            y = -(w1 * x + b) / w2
            if y0 <= y <= y1:
                points.append((x, y))
    if abs(w1) > 1e-12:
        for y in (y0, y1):
            x = -(w2 * y + b) / w1
            if x0 <= x <= x1:
                points.append((x, y))
    unique: list[tuple[float, float]] = []
    for p in points:
        if all(math.dist(p, q) > 1e-9 for q in unique):
            unique.append(p)
    if len(unique) < 2:
        return None
    return np.array(unique[:2], dtype=np.float64)


# -- networks -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class XorConfig:
    """Everything that defines the two networks and their data; a change means a fresh start."""

    spec: ActivationSpec
    params: Mapping[str, object] = field(default_factory=dict)
    dataset: str = "xor"
    width: int = 8
    depth: int = 1
    seed: int = 0
    optimizer: str = "adam"


def _linear(fan_in: int, fan_out: int, gen: torch.Generator) -> nn.Linear:
    """nn.Linear with PyTorch's default init U(±1/√fan_in), drawn from a local generator so that
    a seed reproduces the same weights whatever else used the global RNG."""
    import torch
    from torch import nn

    layer = nn.Linear(fan_in, fan_out)
    bound = 1 / math.sqrt(fan_in)
    with torch.no_grad():
        layer.weight.uniform_(-bound, bound, generator=gen)
        layer.bias.uniform_(-bound, bound, generator=gen)
    return layer


def build_mlp(
    width: int, depth: int, make_activation: Callable[[], nn.Module], seed: int
) -> nn.Sequential:
    """2 → [Linear(width) + activation] × depth → Linear(1): one logit per point."""
    import torch
    from torch import nn

    if not WIDTH_RANGE[0] <= width <= WIDTH_RANGE[1]:
        raise ValueError(f"width must be in {WIDTH_RANGE}, not {width}")
    if not DEPTH_RANGE[0] <= depth <= DEPTH_RANGE[1]:
        raise ValueError(f"depth must be in {DEPTH_RANGE}, not {depth}")
    gen = torch.Generator().manual_seed(seed)
    layers: list[nn.Module] = []
    fan_in = 2
    for _ in range(depth):
        layers += [_linear(fan_in, width, gen), make_activation()]
        fan_in = width
    layers.append(_linear(fan_in, 1, gen))
    return nn.Sequential(*layers)


def linear_layers(net: nn.Sequential) -> list[nn.Linear]:
    from torch import nn

    return [m for m in net if isinstance(m, nn.Linear)]


def product_matrix(net: nn.Sequential) -> tuple[np.ndarray, float]:
    """(W_total, b_total) with W_total = W_L ⋯ W_1: the one affine map a net without activations
    computes, logit = W_total x + b_total."""
    import torch

    with torch.no_grad():
        W = torch.eye(2, dtype=torch.float64)
        b = torch.zeros(2, dtype=torch.float64)
        for layer in linear_layers(net):
            Wl, bl = layer.weight.double(), layer.bias.double()
            W, b = Wl @ W, Wl @ b + bl
    return W[0].numpy().copy(), float(b[0])


# -- frames -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class XorFrame:
    """A snapshot for the GUI; arrays are never written again after the frame is made."""

    version: int  # the GUI's configuration version the networks were built for
    step: int
    dataset: Dataset
    # "act" / "identity" → loss[i] = loss of the weights after i updates, i = 0..step-1 (each
    # computed on the way to update i + 1); ``current_loss`` is the loss at ``step``.
    loss: dict[str, np.ndarray]
    current_loss: dict[str, float]
    prob: dict[str, np.ndarray]  # GRID×GRID probabilities of class 1, row = y, column = x
    accuracy: dict[str, float]
    w_total: np.ndarray  # identity net: (2,)
    b_total: float
    boundary: np.ndarray | None  # identity net's line inside the image, 2 end points
    best_linear: float  # lowest loss any linear classifier reaches on this data
    linear_layers: int  # how many weight matrices the product multiplies
    # The activation net's first hidden layer: for each unit the line where its input is 0 —
    # where a ReLU unit bends (None where the line misses the image).
    unit_lines: tuple[np.ndarray | None, ...] = ()
    undecided: frozenset[str] = frozenset()  # nets predicting p ≈ 0.5 on every data point
    converged: str | None = None  # see :func:`convergence`
    # The learning rate as training used it: (first step, rate) at each change, so "Show code"
    # can replay a run whose rate the teacher changed midway.
    lr_schedule: tuple[tuple[int, float], ...] = ()

    def curve(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(steps, losses) of one net for the loss plot: steps 0..step, the last one current."""
        ys = np.append(self.loss[key], self.current_loss[key])
        return np.arange(len(ys), dtype=np.float64), ys


class _History:
    """Grow-only float array: a view of the first n values handed to the GUI stays valid and
    unchanged, because the worker only ever writes beyond n (growth copies into a new array)."""

    def __init__(self) -> None:
        self._data = np.empty(1024, dtype=np.float64)
        self.n = 0

    def append(self, value: float) -> None:
        if self.n == len(self._data):
            grown = np.empty(2 * len(self._data), dtype=np.float64)
            grown[: self.n] = self._data[: self.n]
            self._data = grown
        self._data[self.n] = value
        self.n += 1

    def view(self) -> np.ndarray:
        v = self._data[: self.n]
        v.flags.writeable = False
        return v


class XorTrainer:
    """Two networks with identical initial weights — one with the activation, one without —
    their optimizers and loss histories. Not thread-safe: only the worker may use it."""

    def __init__(self, config: XorConfig, version: int = 0) -> None:
        import torch
        from torch import nn

        from engine.modules import build_module

        self.config = config
        self.version = version
        self.data = make_dataset(config.dataset, config.seed)
        self.X = torch.as_tensor(self.data.X)
        self.y = torch.as_tensor(self.data.y)
        self.grid = torch.as_tensor(grid_points(self.data.extent))
        params = {**config.spec.defaults(), **config.params}
        # Same seed → same weights: the only difference between the two nets is the activation.
        self.nets: dict[str, nn.Sequential] = {
            "act": build_mlp(
                config.width, config.depth, lambda: build_module(config.spec, params), config.seed
            ),
            "identity": build_mlp(config.width, config.depth, nn.Identity, config.seed),
        }
        self.optimizers = {k: self._optimizer(net) for k, net in self.nets.items()}
        self.history = {k: _History() for k in NETS}
        self.steps = 0
        self.lr_schedule: list[tuple[int, float]] = []
        if config.dataset == "xor":
            self.best_linear = xor_best_linear_loss()
        else:
            self.best_linear = best_linear_loss(self.data.X, self.data.y)

    def _optimizer(self, net: nn.Module) -> torch.optim.Optimizer:
        from engine.optimizers import make_optimizer

        return make_optimizer(self.config.optimizer, net.parameters(), 0.03)  # then set_lr

    def set_lr(self, lr: float) -> None:
        if not lr > 0:
            raise ValueError(f"learning rate must be > 0, not {lr}")
        for opt in self.optimizers.values():
            for group in opt.param_groups:
                group["lr"] = lr
        lr = float(lr)
        if self.lr_schedule and self.lr_schedule[-1][0] == self.steps:
            self.lr_schedule.pop()  # changed again before any step used it
        if not self.lr_schedule or self.lr_schedule[-1][1] != lr:
            self.lr_schedule.append((self.steps, lr))

    def step(self) -> None:
        """One full-batch update of both networks."""
        from torch.nn.functional import binary_cross_entropy_with_logits as bce

        for key, net in self.nets.items():
            opt = self.optimizers[key]
            opt.zero_grad(set_to_none=True)
            loss = bce(net(self.X).squeeze(-1), self.y)
            loss.backward()
            opt.step()
            self.history[key].append(loss.item())
        self.steps += 1

    def logits(self, key: str, X: torch.Tensor) -> torch.Tensor:
        import torch

        with torch.no_grad():
            return self.nets[key](X).squeeze(-1)

    def frame(self) -> XorFrame:
        import torch
        from torch.nn.functional import binary_cross_entropy_with_logits as bce

        prob, accuracy, current, undecided = {}, {}, {}, set()
        for key in NETS:
            p = torch.sigmoid(self.logits(key, self.grid)).numpy()
            prob[key] = p.reshape(GRID, GRID)
            logits = self.logits(key, self.X)
            predicted = logits > 0  # p > 0.5
            accuracy[key] = float((predicted == (self.y > 0.5)).float().mean())
            current[key] = float(bce(logits, self.y))
            if float((torch.sigmoid(logits) - 0.5).abs().max()) < UNDECIDED_P:
                undecided.add(key)
        w_total, b_total = product_matrix(self.nets["identity"])
        first = linear_layers(self.nets["act"])[0]
        with torch.no_grad():
            weights, biases = first.weight.double().numpy(), first.bias.double().numpy()
        loss = {k: self.history[k].view() for k in NETS}
        return XorFrame(
            version=self.version,
            step=self.steps,
            dataset=self.data,
            loss=loss,
            current_loss=current,
            prob=prob,
            accuracy=accuracy,
            w_total=w_total,
            b_total=b_total,
            # An undecided net has no boundary worth drawing: its line follows rounding noise.
            boundary=None
            if "identity" in undecided
            else boundary_segment(w_total, b_total, self.data.extent),
            best_linear=self.best_linear,
            linear_layers=len(linear_layers(self.nets["identity"])),
            unit_lines=tuple(
                boundary_segment(w, float(b), self.data.extent)
                for w, b in zip(weights, biases, strict=True)
            ),
            undecided=frozenset(undecided),
            lr_schedule=tuple(self.lr_schedule),
            converged=convergence(
                np.append(loss["act"], current["act"]) if self.steps else loss["act"],
                accuracy["act"],
            ),
        )


# -- jobs ---------------------------------------------------------------------------------------


class XorLab:
    """Owns the trainer between jobs. Every job touching it must be submitted under one job key
    so the runner runs them one at a time on its worker; the GUI only ever sees frames."""

    def __init__(self) -> None:
        self.trainer: XorTrainer | None = None
        self.last_frame_at = 0.0
        self.compute_s = 0.0  # smoothed time one frame's steps + images take
        # Guards against a misuse (two keys, or a call from the GUI thread) rather than races
        # the single worker could have: a second concurrent user fails loudly.
        self._busy = threading.Lock()

    def _enter(self) -> None:
        if not self._busy.acquire(blocking=False):
            raise RuntimeError("XorLab used by two threads at once")


def reset_job(lab: XorLab, config: XorConfig, version: int) -> Job:
    """Build fresh networks for ``config`` and return their first frame (step 0)."""

    def run(ctx) -> XorFrame:
        lab._enter()
        try:
            with single_threaded():
                lab.trainer = XorTrainer(config, version)
                return lab.trainer.frame()
        finally:
            lab._busy.release()

    return run


def train_job(
    lab: XorLab,
    lr: float,
    steps: int,
    min_interval: float = FRAME_INTERVAL_S,
    clock: Callable[[], float] = time.perf_counter,
) -> Job:
    """Run ``steps`` updates of both nets, then return one frame.

    The GUI submits the next one as each frame arrives, so other panels' jobs get the worker
    between frames and a cancel (pause) stops within one optimizer step, the state kept for a
    resume. Frames are spaced at least ``min_interval`` apart.

    The job waits *first* and computes last: while it sleeps (GIL released) the GUI thread draws
    the previous frame undisturbed, instead of both threads fighting over the GIL. The wait is
    shortened by the time the computation is expected to take, so frames stay evenly spaced.
    """

    def run(ctx) -> XorFrame:
        lab._enter()
        try:
            trainer = lab.trainer
            if trainer is None:
                raise RuntimeError("no networks yet: reset first")
            ready_at = lab.last_frame_at + min_interval - lab.compute_s
            while (left := ready_at - clock()) > 0:
                ctx.check()
                time.sleep(min(left, 0.005))
            started = clock()
            trainer.set_lr(lr)
            with single_threaded():
                for _ in range(steps):
                    ctx.check()  # between whole steps, so a pause leaves a consistent state
                    trainer.step()
                frame = trainer.frame()
            lab.last_frame_at = clock()
            took = lab.last_frame_at - started
            lab.compute_s = took if lab.compute_s == 0 else 0.8 * lab.compute_s + 0.2 * took
            return frame
        finally:
            lab._busy.release()

    return run
