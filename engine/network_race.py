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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from engine import optimizers
from engine.catalogue import ActivationSpec
from engine.datasets import ImageSet
from engine.errors import EngineError
from engine.holdout import train_test_indices
from engine.messages import QT_TR_NOOP, Message
from engine.modules import InvalidParams, build_module
from engine.network_config import (  # noqa: F401  (re-exported: one place to import from)
    BATCH_SIZES,
    LR_RANGE,
    MAX_CONTESTANTS,
    MAX_EXTRA_CONVS,
    SETUPS,
    TRAIN_SIZES,
    Contestant,
    EvalPoint,
    Point,
    RaceConfig,
    StepPoint,
)
from engine.network_model import LabCNN, alive_units, dead_fraction, initial_weights

EVAL_CHUNK = 64  # images per evaluation step: bounds memory and the time between checks; as
# small as a training batch, its tensors reuse freed memory (200 cost ~16 000 page faults, +45 %)


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
            tr_idx, te_idx = train_test_indices(len(split))
            tr_img, tr_lab = split.images[tr_idx], split.labels[tr_idx]
            te_img, te_lab = split.images[te_idx], split.labels[te_idx]
        if tr_img.shape[1:] != (3, 32, 32):
            raise RaceError(
                Message(
                    QT_TR_NOOP("The lab needs 32×32 colour images, not {shape}."),
                    shape="×".join(map(str, tr_img.shape[1:])),
                )
            )
        if train_size is not None:
            # A view, not a copy: the first images of the train split.
            tr_img, tr_lab = tr_img[:train_size], tr_lab[:train_size]
        return cls(tr_img, tr_lab, te_img, te_lab, list(image_set.classes), image_set.kind)


def build_activation(contestant: Contestant, spec: ActivationSpec | None = None) -> nn.Module:
    """The contestant's module; ``spec`` for an own activation not registered (a file's)."""
    spec = spec or contestant.spec
    return build_module(spec, contestant.values(spec))


def build_model(
    config: RaceConfig, contestant: Contestant, n_classes: int, spec: ActivationSpec | None = None
) -> LabCNN:
    return LabCNN(lambda: build_activation(contestant, spec), n_classes, config.extra_convs)


def make_optimizer(config: RaceConfig, model: nn.Module) -> torch.optim.Optimizer:
    return optimizers.make_optimizer(config.optimizer, model.parameters(), config.lr)


class RaceError(EngineError, ValueError):
    """A race that cannot be set up; ``message`` is translatable."""


def n_classes_of(data: RaceData) -> int:
    return max(len(data.classes), int(data.train_labels.max()) + 1)


@dataclass(frozen=True)
class RaceState:
    """Everything but the models and optimizers that a race needs to go on exactly where it
    stood: its points so far, its position and its random generators."""

    history: tuple[Point, ...]
    images_seen: int
    epoch: int
    batch_in_epoch: int
    eval_due: str | None
    order: np.ndarray | None  # this epoch's order of the training images, None between epochs
    loss_sums: tuple[float, ...]
    generator: torch.Tensor  # the batch-order generator's state
    rng: torch.Tensor | None  # the global torch RNG (RReLU), None before the first step
    train_seconds: float
    done: bool


class Race:
    """The state of one race; not thread-safe: drive it from one thread (the worker)."""

    def __init__(
        self,
        config: RaceConfig,
        data: RaceData,
        weights: Mapping[int, Mapping[str, torch.Tensor]] | None = None,
        resume: RaceState | None = None,
        optimizer_states: Sequence[Mapping] | None = None,
    ) -> None:
        problem = config.problem()
        if problem:
            raise RaceError(problem)
        if len(data.train_labels) == 0 or len(data.test_labels) == 0:
            raise RaceError(Message(QT_TR_NOOP("There are no images to train on.")))
        self.config = config
        self.data = data
        # The activations as they were at the start: a saved race records the own ones' formulas
        # even after they have left the catalogue.
        self.specs: tuple[ActivationSpec, ...] = tuple(c.spec for c in config.contestants)
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
        for optimizer, saved in zip(self.optimizers, optimizer_states or (), strict=False):
            # Only the per-parameter buffers are taken; the settings come from ``config``.
            optimizer.load_state_dict({**optimizer.state_dict(), "state": dict(saved)})
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
        self.batch_in_epoch = 0  # batches every contestant has taken this epoch
        self.train_seconds = 0.0  # time spent in training steps (for images per second)
        self.done = False
        self.in_round = False  # some contestants have taken the current batch, not all
        self._order: np.ndarray | None = None  # this epoch's batch order
        self._loss_sums = [0.0] * len(self.models)  # this epoch's training loss × images
        self._eval_due: str | None = None  # "subset" | "full": the evaluation next in turn
        self._eval_start: int | None = None  # len(history) when a running evaluation began
        self._generator = torch.Generator().manual_seed(config.seed)
        self._rng_state: torch.Tensor | None = None  # the global RNG to restore at the start
        if resume is not None:
            self._resume(resume)
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
    def finish_round(self) -> None:
        """Let the contestants that have not taken the current batch take it, so that every
        model has seen the same batches (Pause and Stop end here; a saved race starts here)."""
        while self.in_round and self.advance():
            pass

    def _run(self) -> Iterator[None]:
        config, data = self.config, self.data
        # Stochastic modules (RReLU in training mode) draw from the global RNG: seed it too.
        if self._rng_state is None:
            torch.manual_seed(config.seed)
        else:
            torch.set_rng_state(self._rng_state)
        n = len(data.train_labels)
        while True:
            if self._eval_due is not None:
                full = self._eval_due == "full"
                self._eval_start = len(self.history)
                train_losses = [s / n for s in self._loss_sums] if full else None
                yield from self._evaluate(None if full else self.eval_subset, full, train_losses)
                self._eval_due = self._eval_start = None
                if full:
                    self._order = None
                    self.batch_in_epoch = 0
                    if self.epoch >= config.epochs:
                        return
                    self.epoch += 1
                continue
            if self._order is None:  # a new epoch: a new order of the same batches for all
                self._order = torch.randperm(n, generator=self._generator).numpy()
                self._loss_sums = [0.0] * len(self.models)
            b = self.batch_in_epoch
            idx = self._order[b * config.batch_size : (b + 1) * config.batch_size]
            x = to_input(data.train_images[idx])
            y = torch.from_numpy(data.train_labels[idx]).long()
            seen = self.images_seen + len(idx)
            for i in range(len(self.models)):
                self._loss_sums[i] += self._step(i, x, y, seen) * len(idx)
                self.in_round = i + 1 < len(self.models)
                if not self.in_round:  # the round is complete: the race's position moves on
                    self.images_seen = seen
                    self.batch_in_epoch = b + 1
                    if self.batch_in_epoch == self.batches_per_epoch:
                        self._eval_due = "full"
                    elif self.batch_in_epoch % config.eval_every == 0:
                        self._eval_due = "subset"
                yield

    # -- saving and resuming ---------------------------------------------------------------
    def state(self) -> RaceState:
        """Where the race stands, to save it: call between rounds (:meth:`finish_round`).

        An evaluation under way is left out (its points too): the resumed race runs it again,
        with the same weights it gives the same numbers.
        """
        if self.in_round:
            raise RuntimeError("finish the round first")
        history = self.history if self._eval_start is None else self.history[: self._eval_start]
        return RaceState(
            history=tuple(history),
            images_seen=self.images_seen,
            epoch=self.epoch,
            batch_in_epoch=self.batch_in_epoch,
            eval_due=self._eval_due,
            order=None if self._order is None else self._order.copy(),
            loss_sums=tuple(self._loss_sums),
            generator=self._generator.get_state(),
            rng=torch.get_rng_state() if self.history else None,
            train_seconds=self.train_seconds,
            done=self.done,
        )

    def _resume(self, state: RaceState) -> None:
        n = len(self.data.train_labels)
        if state.order is not None and len(state.order) != n:
            raise RaceError(Message(QT_TR_NOOP("The saved race was trained on other images.")))
        self.history = list(state.history)
        self.images_seen = state.images_seen
        self.epoch = state.epoch
        self.batch_in_epoch = state.batch_in_epoch
        self._eval_due = state.eval_due
        self._order = None if state.order is None else np.asarray(state.order)
        self._loss_sums = list(state.loss_sums)
        self._generator.set_state(state.generator)
        self._rng_state = state.rng
        self.train_seconds = state.train_seconds
        self.done = state.done

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
            with torch.inference_mode():
                logits = model(x)
        finally:
            model.train()
            for handle in handles:
                handle.remove()
        return logits, [outputs[k] for k in sorted(outputs)]

    # -- results ---------------------------------------------------------------------------
    def epoch_results(self) -> list[EvalPoint]:
        return [p for p in self.history if isinstance(p, EvalPoint) and p.full]
