"""Save a race's trained weights and open them again, refusing anything that is not ours.

The file is ``torch.save`` of plain data: a format tag, the race set-up as JSON text, the images
seen, and one ``state_dict`` per contestant. It is read back only with
``torch.load(..., weights_only=True)``, whose unpickler builds tensors and plain containers and
nothing else, so a hostile file cannot run code; then every tensor is checked against the model
the set-up describes before anything is used.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import torch

from engine.errors import EngineError
from engine.messages import QT_TR_NOOP, Message, cannot_write
from engine.network_race import Race, RaceConfig, build_model

FORMAT = "activation-lab/network-weights/1"


class WeightsError(EngineError):
    """A weights file that cannot be used; ``message`` (translatable) says why."""


@dataclass(frozen=True)
class SavedWeights:
    config: RaceConfig
    n_classes: int
    images_seen: int
    states: tuple[dict[str, torch.Tensor], ...]  # one state_dict per contestant


def save_weights(race: Race, path: str | os.PathLike[str]) -> None:
    payload = {
        "format": FORMAT,
        "config": json.dumps(race.config.to_dict()),
        "n_classes": race.n_classes,
        "images_seen": race.images_seen,
        "states": [{k: v.detach().clone() for k, v in m.state_dict().items()} for m in race.models],
    }
    try:
        torch.save(payload, Path(path))
    except OSError as exc:
        raise WeightsError(cannot_write(path, exc)) from exc


def _refuse(path: str | os.PathLike[str], why: str, **args: object) -> WeightsError:
    return WeightsError(
        Message(
            QT_TR_NOOP("{file}: refused — {why}"), file=Path(path).name, why=Message(why, **args)
        )
    )


def load_weights(path: str | os.PathLike[str]) -> SavedWeights:
    """Read and check a weights file; raises :class:`WeightsError` with the reason."""
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
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _refuse(path, QT_TR_NOOP("not a weights file of this program's network lab"))
    try:
        config = RaceConfig.from_dict(json.loads(raw["config"]))
        n_classes = int(raw["n_classes"])
        images_seen = int(raw["images_seen"])
        states = raw["states"]
        if not isinstance(states, list):
            raise TypeError("states")
    except (KeyError, TypeError, ValueError) as exc:
        raise _refuse(
            path, QT_TR_NOOP("its set-up cannot be read ({detail})"), detail=str(exc)
        ) from None
    problem = config.problem()
    if problem:
        raise _refuse(path, problem)
    if len(states) != len(config.contestants) or not 1 <= n_classes <= 1000:
        raise _refuse(path, QT_TR_NOOP("the weights do not match its set-up"))
    for contestant, state in zip(config.contestants, states, strict=True):
        expected = build_model(config, contestant, n_classes).state_dict()
        if not isinstance(state, dict) or set(state) != set(expected):
            raise _refuse(path, QT_TR_NOOP("the weights do not match its set-up"))
        for name, tensor in state.items():
            if (
                not isinstance(tensor, torch.Tensor)
                or tensor.shape != expected[name].shape
                or tensor.dtype != expected[name].dtype
                or not bool(torch.isfinite(tensor).all())
            ):
                raise _refuse(
                    path, QT_TR_NOOP("layer {name} has the wrong shape or values"), name=name
                )
    return SavedWeights(config, n_classes, images_seen, tuple(states))
