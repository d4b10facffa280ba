"""The network lab's race: 1–6 activations train the same CNN on the same batches, in turn.

Every contestant starts from identical conv/linear weights (:func:`initial_weights`) and takes the
same batch in the same order, one batch per contestant in turn, so the activation is the only
difference. The work is a generator that yields after each unit (one contestant's training step,
or one chunk of an evaluation): the worker runs it in short jobs and can stop between any two
units, and the command line simply runs it to the end. Results accumulate in ``history``
(append-only), which a GUI reads incrementally with :meth:`Race.points_since`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
import torch
from torch import nn

from engine import catalogue
from engine.datasets import ImageSet
from engine.messages import QT_TR_NOOP, Message
from engine.modules import InvalidParams, build_module
from engine.network_model import (
    INITS,
    LabCNN,
    alive_units,
    dead_fraction,
    initial_weights,
)
from engine.params import ParamValue

OPTIMIZERS: dict[str, str] = {
    "sgd": QT_TR_NOOP("SGD (plain)"),
    "sgd_momentum": QT_TR_NOOP("SGD with momentum 0.9"),
    "adam": QT_TR_NOOP("Adam"),
}
TRAIN_SIZES: tuple[int, ...] = (5000, 10000, 50000)
BATCH_SIZES: tuple[int, ...] = (32, 64, 128, 256)
MAX_CONTESTANTS = 6
MAX_EXTRA_CONVS = 6
LR_RANGE = (1e-5, 10.0)
EVAL_CHUNK = 500  # images per evaluation step: bounds memory and the time between checks


@dataclass(frozen=True)
class Contestant:
    """One activation of the catalogue with its parameter values."""

    key: str
    params: tuple[tuple[str, ParamValue], ...] = ()

    @classmethod
    def of(cls, key: str, params: Mapping[str, ParamValue] | None = None) -> Contestant:
        return cls(key, tuple(sorted((params or {}).items())))

    @property
    def spec(self) -> catalogue.ActivationSpec:
        return catalogue.get(self.key)

    def values(self) -> dict[str, ParamValue]:
        return {**self.spec.defaults(), **dict(self.params)}

    def label(self) -> str:
        """The catalogue name, with the parameters that differ from their defaults."""
        spec = self.spec
        changed = [f"{k}={v:g}" for k, v in self.params if v != spec.defaults().get(k)]
        return f"{spec.name} ({', '.join(changed)})" if changed else spec.name


@dataclass(frozen=True)
class RaceConfig:
    contestants: tuple[Contestant, ...] = (
        Contestant("relu"),
        Contestant("sigmoid"),
        Contestant("tanh"),
    )
    optimizer: str = "sgd"
    lr: float = 0.05
    batch_size: int = 64
    init: str = "default"
    seed: int = 0
    train_size: int = 10000
    epochs: int = 2
    extra_convs: int = 0  # conv 32→32 layers added after the second pool: a deeper net
    eval_every: int = 40  # training batches between two evaluations on the test subset
    eval_images: int = 500  # the fixed test subset (the "evaluation batch")

    def problem(self) -> Message | None:
        """Why this race cannot run, or None."""
        if not 1 <= len(self.contestants) <= MAX_CONTESTANTS:
            return Message(QT_TR_NOOP("Choose between 1 and {n} activations."), n=MAX_CONTESTANTS)
        for c in self.contestants:
            try:
                spec = c.spec
            except KeyError:
                return Message(QT_TR_NOOP("unknown activation '{key}'"), key=c.key)
            if not spec.elementwise:
                return Message(
                    QT_TR_NOOP(
                        "{name} acts on a whole vector, not on each unit: it belongs after the "
                        "last layer, not in a hidden layer"
                    ),
                    name=spec.name,
                )
            reason = spec.validate(c.values())
            if reason:
                return Message(QT_TR_NOOP("{name}: {reason}"), name=spec.name, reason=reason)
        if self.optimizer not in OPTIMIZERS:
            return Message(QT_TR_NOOP("unknown optimizer '{key}'"), key=self.optimizer)
        if self.init not in INITS:
            return Message(QT_TR_NOOP("unknown initialisation '{key}'"), key=self.init)
        if not LR_RANGE[0] <= self.lr <= LR_RANGE[1]:
            return Message(
                QT_TR_NOOP("The learning rate must be between {lo:g} and {hi:g}."),
                lo=LR_RANGE[0],
                hi=LR_RANGE[1],
            )
        for name, value, lo, hi in (
            ("batch_size", self.batch_size, 1, 4096),
            ("train_size", self.train_size, 1, 10**6),
            ("epochs", self.epochs, 1, 1000),
            ("extra_convs", self.extra_convs, 0, MAX_EXTRA_CONVS),
            ("eval_every", self.eval_every, 1, 10**6),
            ("eval_images", self.eval_images, 1, 10**6),
        ):
            if not isinstance(value, int) or not lo <= value <= hi:
                return Message(
                    QT_TR_NOOP("{name} must be a whole number from {lo} to {hi}"),
                    name=name,
                    lo=lo,
                    hi=hi,
                )
        return None

    def to_dict(self) -> dict:
        """Plain JSON-able data (presets, the weights file)."""
        out = asdict(self)
        out["contestants"] = [{"key": c.key, "params": dict(c.params)} for c in self.contestants]
        return out

    @classmethod
    def from_dict(cls, data: Mapping) -> RaceConfig:
        """The inverse of :meth:`to_dict`; raises ValueError/TypeError/KeyError on bad data
        (the caller turns those into its own message), then call :meth:`problem`."""
        if not isinstance(data, Mapping):
            raise TypeError("not a mapping")
        known = {f for f in cls.__dataclass_fields__ if f != "contestants"}
        unknown = set(data) - known - {"contestants"}
        if unknown:
            raise KeyError(f"unknown fields: {sorted(unknown)}")
        contestants = []
        for item in data.get("contestants", ()):
            params = item.get("params", {})
            if not isinstance(item.get("key"), str) or not isinstance(params, Mapping):
                raise TypeError("bad contestant")
            contestants.append(Contestant.of(item["key"], params))
        values = {k: data[k] for k in known if k in data}
        for k in values:
            expected = type(getattr(cls(), k))
            if expected is float and isinstance(values[k], int) and not isinstance(values[k], bool):
                values[k] = float(values[k])
            if type(values[k]) is not expected:
                raise TypeError(f"{k} must be {expected.__name__}")
        return cls(contestants=tuple(contestants), **values)


# The two ready set-ups of the issue, plus the lesson's default race.
SETUPS: dict[str, tuple[str, RaceConfig]] = {
    "lesson": (QT_TR_NOOP("The lesson: ReLU, Sigmoid, Tanh"), RaceConfig()),
    "dying_relu": (
        QT_TR_NOOP("Dying ReLU: a large learning rate"),
        RaceConfig(
            contestants=(Contestant("relu"), Contestant.of("leaky_relu", {"negative_slope": 0.1})),
            optimizer="sgd_momentum",
            lr=0.3,
        ),
    ),
    "deep_sigmoid": (
        QT_TR_NOOP("Sigmoid in a deeper net"),
        RaceConfig(extra_convs=4),
    ),
}


@dataclass(frozen=True)
class StepPoint:
    """One training step of one contestant."""

    contestant: int
    images: int  # training images this contestant has seen, this step included
    loss: float
    grad_norms: tuple[float, ...]  # ‖∂L/∂W‖ per weighted layer, input side first


@dataclass(frozen=True)
class EvalPoint:
    """One evaluation of one contestant on the test subset (or the whole test split)."""

    contestant: int
    images: int
    epoch: int
    accuracy: float
    loss: float
    dead: tuple[float, ...]  # per hidden layer: share of units 0 for every evaluated image
    full: bool  # the whole test split at the end of an epoch
    train_loss: float = float("nan")  # mean training loss of the epoch (full evaluations)


Point = StepPoint | EvalPoint


def to_input(images: np.ndarray) -> torch.Tensor:
    """uint8 (N, 3, 32, 32) → float in [−1, 1], as (x/255 − 0.5)/0.5 in the classic tutorial."""
    return torch.from_numpy(np.ascontiguousarray(images)).float().div_(127.5).sub_(1.0)


@dataclass
class RaceData:
    """The images a race uses: uint8 arrays, never copied to float as a whole."""

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    classes: list[str]
    kind: str  # "cifar10" | "samples" | "folder", from the ImageSet
    notes: list[str] = field(default_factory=list)

    @property
    def is_cifar(self) -> bool:
        return self.kind == "cifar10"

    @classmethod
    def from_image_set(cls, image_set: ImageSet, train_size: int | None = None) -> RaceData:
        """Train/test from CIFAR-10's splits; another source's images split 80/20 (fixed)."""
        splits = image_set.splits
        if "train" in splits and "test" in splits:
            train, test = splits["train"], splits["test"]
            tr_img, tr_lab = train.images, train.labels
            te_img, te_lab = test.images, test.labels
        else:
            split = next(iter(splits.values()))
            order = np.random.default_rng(0).permutation(len(split))
            cut = max(1, round(len(order) * 0.8))
            if cut >= len(order):
                cut = len(order) - 1
            tr_idx, te_idx = np.sort(order[:cut]), np.sort(order[cut:])
            tr_img, tr_lab = split.images[tr_idx], split.labels[tr_idx]
            te_img, te_lab = split.images[te_idx], split.labels[te_idx]
        if tr_img.shape[1:] != (3, 32, 32):
            raise ValueError(f"the lab needs 3×32×32 images, not {tr_img.shape[1:]}")
        if train_size is not None:
            # A view, not a copy: the first images of the train split.
            tr_img, tr_lab = tr_img[:train_size], tr_lab[:train_size]
        return cls(tr_img, tr_lab, te_img, te_lab, list(image_set.classes), image_set.kind)


def build_activation(contestant: Contestant) -> nn.Module:
    return build_module(contestant.spec, contestant.values())


def build_model(config: RaceConfig, contestant: Contestant, n_classes: int) -> LabCNN:
    return LabCNN(lambda: build_activation(contestant), n_classes, config.extra_convs)


def make_optimizer(config: RaceConfig, model: nn.Module) -> torch.optim.Optimizer:
    if config.optimizer == "adam":
        return torch.optim.Adam(model.parameters(), lr=config.lr)
    momentum = 0.9 if config.optimizer == "sgd_momentum" else 0.0
    return torch.optim.SGD(model.parameters(), lr=config.lr, momentum=momentum)


class RaceError(ValueError):
    """A race that cannot be set up; ``message`` is translatable."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def n_classes_of(data: RaceData) -> int:
    return max(len(data.classes), int(data.train_labels.max()) + 1)


class Race:
    """The state of one race; not thread-safe: drive it from one thread (the worker)."""

    def __init__(
        self,
        config: RaceConfig,
        data: RaceData,
        weights: Mapping[int, Mapping[str, torch.Tensor]] | None = None,
    ) -> None:
        problem = config.problem()
        if problem:
            raise RaceError(problem)
        if len(data.train_labels) == 0 or len(data.test_labels) == 0:
            raise RaceError(Message(QT_TR_NOOP("There are no images to train on.")))
        self.config = config
        self.data = data
        self.n_classes = n_classes_of(data)
        start = initial_weights(config.init, config.seed, self.n_classes, config.extra_convs)
        self.models: list[LabCNN] = []
        for i, contestant in enumerate(config.contestants):
            try:
                model = build_model(config, contestant, self.n_classes)
            except InvalidParams as exc:  # problem() validated; a module may still refuse
                reason = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else None
                raise RaceError(
                    reason
                    or Message(QT_TR_NOOP("{name}: {reason}"), name=contestant.key, reason=str(exc))
                ) from exc
            # Identical conv/linear weights for all; activation parameters (PReLU) keep theirs.
            model.load_state_dict(start, strict=False)
            if weights is not None:
                try:
                    model.load_state_dict(weights[i])
                except (RuntimeError, KeyError) as exc:
                    raise RaceError(
                        Message(
                            QT_TR_NOOP("The saved weights do not fit these images ({n} classes)."),
                            n=n_classes_of(data),
                        )
                    ) from exc
            model.train()
            self.models.append(model)
        self.optimizers = [make_optimizer(config, m) for m in self.models]
        self.loss_fn = nn.CrossEntropyLoss()
        self.layer_names = self.models[0].layer_names()
        self.weighted_names = [name for name, _ in self.models[0].weighted_layers()]
        n_test = len(data.test_labels)
        k = min(config.eval_images, n_test)
        self.eval_subset = np.unique(np.linspace(0, n_test - 1, k).round().astype(np.int64))
        self.history: list[Point] = []
        self.images_seen = 0  # per contestant
        self.epoch = 1
        self.batches_per_epoch = -(-len(data.train_labels) // config.batch_size)
        self.batch_in_epoch = 0
        self.train_seconds = 0.0  # time spent in training steps (for images per second)
        self.done = False
        self._work: Iterator[None] = self._run()

    # -- driving -------------------------------------------------------------------------------
    def advance(self) -> bool:
        """Do one unit of work; False once the race is over."""
        if self.done:
            return False
        try:
            next(self._work)
        except StopIteration:
            self.done = True
        return not self.done

    def run_to_end(self) -> None:
        while self.advance():
            pass

    def points_since(self, n: int) -> list[Point]:
        return self.history[n:]

    @property
    def progress(self) -> float:
        """0…1 over all epochs."""
        if self.done:
            return 1.0
        per_epoch = self.batch_in_epoch / self.batches_per_epoch
        return min(1.0, (self.epoch - 1 + per_epoch) / self.config.epochs)

    @property
    def images_per_second(self) -> float:
        """Training images through all contestants per second of training."""
        if self.train_seconds <= 0:
            return 0.0
        return self.images_seen * len(self.models) / self.train_seconds

    # -- the work ------------------------------------------------------------------------------
    def _run(self) -> Iterator[None]:
        config, data = self.config, self.data
        generator = torch.Generator().manual_seed(config.seed)
        # Stochastic modules (RReLU in training mode) draw from the global RNG: seed it too.
        torch.manual_seed(config.seed)
        n = len(data.train_labels)
        for epoch in range(1, config.epochs + 1):
            self.epoch = epoch
            order = torch.randperm(n, generator=generator).numpy()
            loss_sums = [0.0] * len(self.models)
            for b in range(self.batches_per_epoch):
                idx = order[b * config.batch_size : (b + 1) * config.batch_size]
                x = to_input(data.train_images[idx])
                y = torch.from_numpy(data.train_labels[idx]).long()
                seen = self.images_seen + len(idx)
                for i in range(len(self.models)):
                    loss_sums[i] += self._step(i, x, y, seen) * len(idx)
                    yield
                self.images_seen = seen
                self.batch_in_epoch = b + 1
                if (b + 1) % config.eval_every == 0 and b + 1 < self.batches_per_epoch:
                    yield from self._evaluate(self.eval_subset, full=False)
            train_losses = [s / n for s in loss_sums]
            yield from self._evaluate(None, full=True, train_losses=train_losses)
            self.batch_in_epoch = 0

    def _step(self, i: int, x: torch.Tensor, y: torch.Tensor, seen: int) -> float:
        model, optimizer = self.models[i], self.optimizers[i]
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = self.loss_fn(model(x), y)
        loss.backward()
        # Norms before the step: the gradient this batch produced in each layer.
        norms = torch.stack([layer.weight.grad.norm() for _, layer in model.weighted_layers()])
        optimizer.step()
        value = loss.item()
        grad_norms = tuple(float(v) for v in norms)
        self.train_seconds += time.perf_counter() - start
        self.history.append(StepPoint(i, seen, value, grad_norms))
        return value

    def _evaluate(
        self, subset: np.ndarray | None, full: bool, train_losses: list[float] | None = None
    ) -> Iterator[None]:
        data = self.data
        n = len(data.test_labels) if subset is None else len(subset)
        for i, model in enumerate(self.models):
            correct, loss_sum = 0, 0.0
            alive: list[torch.Tensor | None] = [None] * len(self.layer_names)
            for start in range(0, n, EVAL_CHUNK):
                idx = np.arange(start, min(n, start + EVAL_CHUNK))
                if subset is not None:
                    idx = subset[idx]
                x = to_input(data.test_images[idx])
                y = torch.from_numpy(data.test_labels[idx]).long()
                logits, outputs = self._forward_recording(model, x)
                correct += int((logits.argmax(1) == y).sum())
                loss_sum += float(nn.functional.cross_entropy(logits, y, reduction="sum"))
                for layer, out in enumerate(outputs):
                    now = alive_units(out)
                    alive[layer] = now if alive[layer] is None else alive[layer] | now
                yield
            dead = tuple(dead_fraction(a) for a in alive if a is not None)
            self.history.append(
                EvalPoint(
                    i,
                    self.images_seen,
                    self.epoch,
                    correct / n,
                    loss_sum / n,
                    dead,
                    full,
                    train_losses[i] if train_losses is not None else float("nan"),
                )
            )

    @staticmethod
    def _forward_recording(
        model: LabCNN, x: torch.Tensor
    ) -> tuple[torch.Tensor, list[torch.Tensor]]:
        """Logits in eval mode, plus each hidden activation's output (forward hooks)."""
        outputs: dict[int, torch.Tensor] = {}
        handles = [
            act.register_forward_hook(
                lambda _m, _i, out, layer=layer: outputs.__setitem__(layer, out)
            )
            for layer, (_, _, act) in enumerate(model.hidden_layers())
        ]
        model.eval()
        try:
            with torch.no_grad():
                logits = model(x)
        finally:
            model.train()
            for handle in handles:
                handle.remove()
        return logits, [outputs[k] for k in sorted(outputs)]

    # -- results ---------------------------------------------------------------------------
    def epoch_results(self) -> list[EvalPoint]:
        return [p for p in self.history if isinstance(p, EvalPoint) and p.full]
