"""Save a race and open it again, refusing anything that is not ours.

The file is ``torch.save`` of plain data: a format tag, the race set-up as JSON text, one
``state_dict`` per contestant, and (format 2) what the race needs to go on exactly where it
stood: each optimizer's per-parameter buffers (momentum, Adam's averages), the curves as number
tables, the position in the epoch with its batch order, and the random generators' states.
It is read back only with ``torch.load(..., weights_only=True)``, whose unpickler builds tensors
and plain containers and nothing else, so a hostile file cannot run code; then every tensor and
number is checked against the race the set-up describes before anything is used.
Format 1 files (weights only, from earlier versions) still open, as a new race from those weights.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from engine.catalogue import ActivationSpec
from engine.errors import EngineError
from engine.messages import QT_TR_NOOP, Message, cannot_write
from engine.network_config import EvalPoint, Point, StepPoint
from engine.network_race import Race, RaceConfig, RaceState, build_model, make_optimizer

FORMAT_1 = "activation-lab/network-weights/1"
FORMAT = "activation-lab/network-weights/2"
_STEP, _EVAL = 0, 1
# Buffers an optimizer of the lab keeps per parameter; "step" is Adam's scalar count.
_BUFFERS = {
    "sgd": set(),
    "sgd_momentum": {"momentum_buffer"},
    "adam": {"step", "exp_avg", "exp_avg_sq"},
}


class WeightsError(EngineError):
    """A weights file that cannot be used; ``message`` (translatable) says why."""


@dataclass(frozen=True)
class SavedWeights:
    config: RaceConfig
    n_classes: int
    images_seen: int
    states: tuple[dict[str, torch.Tensor], ...]  # one state_dict per contestant
    optimizers: tuple[dict, ...] = ()  # per contestant: {parameter index: {buffer: tensor}}
    race: RaceState | None = None  # None: a format-1 file, weights only
    n_train: int | None = None  # training images the race was run on
    own: tuple[ActivationSpec, ...] = ()  # its own activations, re-made from their formulas


# -- saving ------------------------------------------------------------------------------------
def _history_tables(history: tuple[Point, ...], n_weighted: int, n_hidden: int) -> dict:
    """The curves as three tensors: each point's kind, then one row per step / evaluation."""
    kinds, steps, evals = [], [], []
    for p in history:
        if isinstance(p, StepPoint):
            kinds.append(_STEP)
            steps.append([p.contestant, p.images, p.loss, *p.grad_norms])
        else:
            kinds.append(_EVAL)
            evals.append(
                [p.contestant, p.images, p.epoch, p.accuracy, p.loss, p.full, p.train_loss, *p.dead]
            )
    return {
        "kinds": torch.tensor(kinds, dtype=torch.int8),
        "steps": torch.tensor(steps, dtype=torch.float64).reshape(len(steps), 3 + n_weighted),
        "evals": torch.tensor(evals, dtype=torch.float64).reshape(len(evals), 7 + n_hidden),
    }


def _own_of(race: Race) -> list[dict[str, object]]:
    from engine.preset import own_json

    seen: dict[str, dict[str, object]] = {}
    for spec in race.specs:
        if spec.user_defined and spec.key not in seen:
            seen[spec.key] = own_json(spec)
    return list(seen.values())


def save_weights(race: Race, path: str | os.PathLike[str]) -> None:
    """Save ``race`` between two rounds (Pause, Stop and the end of a race stop there)."""
    state = race.state()
    payload = {
        "format": FORMAT,
        "config": json.dumps(race.config.to_dict()),
        # Own activations by their text and sliders (their keys alone mean nothing elsewhere).
        "own": json.dumps(_own_of(race)),
        "n_classes": race.n_classes,
        "images_seen": state.images_seen,
        "states": [{k: v.detach().clone() for k, v in m.state_dict().items()} for m in race.models],
        "optimizers": [
            {
                int(i): {k: v.detach().clone() for k, v in buffers.items()}
                for i, buffers in o.items()
            }
            for o in (opt.state_dict()["state"] for opt in race.optimizers)
        ],
        "race": {
            "history": _history_tables(
                state.history, len(race.weighted_names), len(race.layer_names)
            ),
            "n_train": len(race.data.train_labels),
            "epoch": state.epoch,
            "batch_in_epoch": state.batch_in_epoch,
            "eval_due": state.eval_due or "",
            "order": None if state.order is None else torch.from_numpy(state.order.copy()),
            "loss_sums": torch.tensor(state.loss_sums, dtype=torch.float64),
            "generator": state.generator,
            "rng": state.rng,
            "train_seconds": state.train_seconds,
            "done": state.done,
        },
    }
    try:
        torch.save(payload, Path(path))
    except OSError as exc:
        raise WeightsError(cannot_write(path, exc)) from exc


# -- opening -----------------------------------------------------------------------------------
class _Bad(EngineError):
    """Inside the checks: the file's content does not fit; args[0] (and message) say where."""


def _refuse(path: str | os.PathLike[str], why: str | Message, **args: object) -> WeightsError:
    reason = why if isinstance(why, Message) else Message(why, **args)
    return WeightsError(
        Message(QT_TR_NOOP("{file}: refused — {why}"), file=Path(path).name, why=reason)
    )


def load_weights(path: str | os.PathLike[str]) -> SavedWeights:
    """Read and check a saved race; raises :class:`WeightsError` with the reason."""
    try:
        raw = torch.load(Path(path), map_location="cpu", weights_only=True)
    except OSError as exc:
        raise _refuse(
            path, QT_TR_NOOP("cannot read it: {error}"), error=exc.strerror or exc
        ) from None
    except Exception as exc:
        # The restricted unpickler met something other than tensors and plain data (code, a
        # foreign class), or the file is damaged: either way nothing of it is used.
        text = str(exc)
        if "weights_only" in text or "Unsupported global" in text or "GLOBAL" in text:
            raise _refuse(
                path,
                QT_TR_NOOP("it asks to run code or build objects ({detail}); nothing was run"),
                detail=type(exc).__name__,
            ) from None
        raise _refuse(
            path,
            QT_TR_NOOP("not a readable weights file (damaged or of another format): {detail}"),
            detail=type(exc).__name__,
        ) from None
    if not isinstance(raw, dict) or raw.get("format") not in (FORMAT, FORMAT_1):
        raise _refuse(path, QT_TR_NOOP("not a weights file of this program's network lab"))
    try:
        config = RaceConfig.from_dict(json.loads(raw["config"]))
        n_classes = _int(raw["n_classes"], 1, 1000)
        images_seen = _int(raw["images_seen"], 0, 10**9)
        states = raw["states"]
        if not isinstance(states, list):
            raise TypeError("states")
    except (KeyError, TypeError, ValueError) as exc:
        raise _refuse(
            path, QT_TR_NOOP("its set-up cannot be read ({detail})"), detail=str(exc)
        ) from None
    own = _read_own(raw.get("own", "[]"), config, path)
    problem = config.problem(own)
    if problem:
        raise _refuse(path, problem)
    if len(states) != len(config.contestants):
        raise _refuse(path, QT_TR_NOOP("the weights do not match its set-up"))
    models = []
    for contestant, state in zip(config.contestants, states, strict=True):
        model = build_model(config, contestant, n_classes, own.get(contestant.key))
        expected = model.state_dict()
        if not isinstance(state, dict) or set(state) != set(expected):
            raise _refuse(path, QT_TR_NOOP("the weights do not match its set-up"))
        for name, tensor in state.items():
            if not _fits(tensor, expected[name]) or not bool(torch.isfinite(tensor).all()):
                raise _refuse(
                    path, QT_TR_NOOP("layer {name} has the wrong shape or values"), name=name
                )
        models.append(model)
    if raw["format"] == FORMAT_1:
        return SavedWeights(config, n_classes, images_seen, tuple(states))
    own_specs = tuple(own.values())
    try:
        optimizers = _check_optimizers(raw.get("optimizers"), config, models)
        race, n_train = _check_race(raw.get("race"), config, n_classes, images_seen, models[0])
    except _Bad as exc:
        raise _refuse(
            path, QT_TR_NOOP("its training state is not valid: {detail}"), detail=exc.args[0]
        ) from None
    return SavedWeights(
        config, n_classes, images_seen, tuple(states), optimizers, race, n_train, own_specs
    )


def _read_own(text: object, config: RaceConfig, path) -> dict[str, ActivationSpec]:
    """The file's own activations, each formula through the whitelist parser (never run), by
    key; each must be one of the race's contestants, under the key its text gives."""
    from engine.formula import FormulaError
    from engine.formula_spec import make_spec

    try:
        items = json.loads(text) if isinstance(text, str) else None
        if not isinstance(items, list) or len(items) > len(config.contestants):
            raise TypeError("own activations")
        wanted = {c.key for c in config.contestants}
        own: dict[str, ActivationSpec] = {}
        for item in items:
            if not isinstance(item, dict) or set(item) != {"formula", "sliders"}:
                raise TypeError("own activation")
            formula, sliders = item["formula"], item["sliders"]
            if not isinstance(formula, str) or not isinstance(sliders, dict):
                raise TypeError("own activation")
            ranges = {}
            for name, pair in sliders.items():
                if not isinstance(pair, list) or len(pair) != 2:
                    raise TypeError(f"slider {name!r}")
                ranges[name] = (pair[0], pair[1])
            try:
                spec = make_spec(formula, ranges)
            except FormulaError as exc:
                raise _refuse(
                    path,
                    QT_TR_NOOP("its own activation {formula} is refused: {reason}"),
                    formula=repr(formula[:40]),
                    reason=exc.message,
                ) from None
            if spec.key not in wanted:  # its text was changed after saving
                raise _refuse(
                    path,
                    QT_TR_NOOP("its own activation {formula} is not one of its contestants"),
                    formula=repr(formula[:40]),
                )
            own[spec.key] = spec
    except (TypeError, ValueError) as exc:
        raise _refuse(
            path, QT_TR_NOOP("its own activations cannot be read ({detail})"), detail=str(exc)
        ) from None
    return own


def _int(value: object, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(f"{value!r} is not a whole number from {lo} to {hi}")
    return value


def _fits(tensor: object, like: torch.Tensor) -> bool:
    return (
        isinstance(tensor, torch.Tensor)
        and tensor.shape == like.shape
        and tensor.dtype == like.dtype
        and not tensor.is_sparse
    )


def _check_optimizers(data: object, config: RaceConfig, models: list) -> tuple[dict, ...]:
    """Each optimizer's buffers: only the ones this optimizer keeps, shaped as its parameter."""
    if not isinstance(data, list) or len(data) != len(models):
        raise _Bad("optimizers")
    allowed = _BUFFERS[config.optimizer]
    out = []
    for saved, model in zip(data, models, strict=True):
        params = list(model.parameters())
        if not isinstance(saved, dict):
            raise _Bad("optimizers")
        checked = {}
        for index, buffers in saved.items():
            if not isinstance(index, int) or not 0 <= index < len(params):
                raise _Bad("optimizer parameter")
            if not isinstance(buffers, dict) or set(buffers) != allowed:
                raise _Bad("optimizer buffers")
            for name, tensor in buffers.items():
                like = torch.zeros((), dtype=torch.float32) if name == "step" else params[index]
                if not _fits(tensor, like) or not bool(torch.isfinite(tensor).all()):
                    raise _Bad(f"optimizer {name}")
            checked[index] = dict(buffers)
        # Probe on a scratch optimizer: torch's own checks see it before a real race does.
        make_optimizer(config, model).load_state_dict(
            {**make_optimizer(config, model).state_dict(), "state": checked}
        )
        out.append(checked)
    return tuple(out)


def _check_race(
    data: object, config: RaceConfig, n_classes: int, images_seen: int, model
) -> tuple[RaceState, int]:
    if not isinstance(data, dict):
        raise _Bad("race")
    try:
        n_train = _int(data["n_train"], 1, 10**6)
        epoch = _int(data["epoch"], 1, config.epochs)
        per_epoch = -(-n_train // config.batch_size)
        batch = _int(data["batch_in_epoch"], 0, per_epoch)
        eval_due = data["eval_due"]
        if eval_due not in ("", "subset", "full"):
            raise ValueError("eval_due")
        done = data["done"]
        seconds = data["train_seconds"]
        if not isinstance(done, bool) or not isinstance(seconds, float) or not seconds >= 0:
            raise ValueError("done / train_seconds")
    except (KeyError, ValueError) as exc:
        raise _Bad(str(exc)) from None
    order = data.get("order")
    if order is not None:
        if (
            not isinstance(order, torch.Tensor)
            or order.dtype != torch.int64
            or order.shape != (n_train,)
        ):
            raise _Bad("order")
        if not torch.equal(order.sort().values, torch.arange(n_train)):
            raise _Bad("order is not an order of the training images")
        order = order.numpy().copy()
    loss_sums = data.get("loss_sums")
    if not _fits(loss_sums, torch.zeros(len(config.contestants), dtype=torch.float64)):
        raise _Bad("loss_sums")
    generator = _generator_state(data.get("generator"), torch.Generator().get_state())
    rng = data.get("rng")
    if rng is not None:
        rng = _generator_state(rng, torch.get_rng_state())
    history = _read_history(data.get("history"), config, n_classes, model)
    state = RaceState(
        history=history,
        images_seen=images_seen,
        epoch=epoch,
        batch_in_epoch=batch,
        eval_due=eval_due or None,
        order=order,
        loss_sums=tuple(float(v) for v in loss_sums),
        generator=generator,
        rng=rng,
        train_seconds=seconds,
        done=done,
    )
    return state, n_train


def _generator_state(tensor: object, like: torch.Tensor) -> torch.Tensor:
    if not _fits(tensor, like):
        raise _Bad("random generator")
    try:
        torch.Generator().set_state(tensor)  # torch checks the state itself
    except RuntimeError:
        raise _Bad("random generator") from None
    return tensor.clone()


def _read_history(data: object, config: RaceConfig, n_classes: int, model) -> tuple[Point, ...]:
    """The curves back from their tables, every number checked for its kind and range."""
    if not isinstance(data, dict) or set(data) != {"kinds", "steps", "evals"}:
        raise _Bad("curves")
    kinds, steps, evals = data["kinds"], data["steps"], data["evals"]
    n_weighted, n_hidden = len(model.weighted_layers()), len(model.hidden_layers())
    if not (
        isinstance(kinds, torch.Tensor)
        and kinds.dtype == torch.int8
        and kinds.dim() == 1
        and isinstance(steps, torch.Tensor)
        and steps.dtype == torch.float64
        and isinstance(evals, torch.Tensor)
        and evals.dtype == torch.float64
        and steps.shape == (int((kinds == _STEP).sum()), 3 + n_weighted)
        and evals.shape == (int((kinds == _EVAL).sum()), 7 + n_hidden)
    ):
        raise _Bad("curves")
    n = len(config.contestants)
    k, s, e = kinds.numpy(), steps.numpy(), evals.numpy()

    def whole(column: np.ndarray, hi: float) -> bool:
        ok = np.isfinite(column) & (column >= 0) & (column <= hi) & (column == np.round(column))
        return bool(ok.all())

    def share(column: np.ndarray) -> bool:
        return bool(((column >= 0) & (column <= 1)).all())  # NaN is not a share

    def not_negative(column: np.ndarray) -> bool:
        return not bool((column < 0).any())  # a diverged race has NaN or inf losses: kept

    if not (
        bool(((k == _STEP) | (k == _EVAL)).all())
        and whole(s[:, 0], n - 1)
        and whole(s[:, 1], 1e9)
        and not_negative(s[:, 2:])
        and whole(e[:, 0], n - 1)
        and whole(e[:, 1], 1e9)
        and whole(e[:, 2], config.epochs)
        and share(e[:, 3])
        and not_negative(e[:, 4])
        and whole(e[:, 5], 1)
        and not_negative(e[:, 6])
        and share(e[:, 7:])
    ):
        raise _Bad("curves")
    points: list[Point] = []
    rows = {_STEP: iter(s.tolist()), _EVAL: iter(e.tolist())}
    for kind in kinds.tolist():
        row = next(rows[kind])
        if kind == _STEP:
            points.append(StepPoint(int(row[0]), int(row[1]), row[2], tuple(row[3:])))
        else:
            points.append(
                EvalPoint(
                    int(row[0]),
                    int(row[1]),
                    int(row[2]),
                    row[3],
                    row[4],
                    tuple(row[7:]),
                    bool(row[5]),
                    row[6],
                )
            )
    return tuple(points)
