"""The ``labs`` section of a preset (from format 2): the XOR, depth and Softmax labs' settings.

Each lab and each of its fields is optional (absent: left as it is); every value is checked
against the one vocabulary (``engine.choices``), the preset's activations and the lab's own
ranges (``engine.xor_lab``, ``engine.depth_lab``, ``engine.softmax_lab``). The labs' modules are
imported only when a preset has a ``labs`` section.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine import choices
from engine.catalogue import ActivationSpec
from engine.messages import QT_TR_NOOP, Message
from engine.preset_values import (
    LIST,
    OBJECT,
    TEXT,
    PresetError,
    boolean,
    choice,
    no_unknown,
    number_in,
    one_of,
    unknown_activation,
    whole_in,
    wrong_type,
)

LABS_KEY = "labs"
_LAB_FIELDS = {
    "xor": (
        "dataset",
        "activation",
        "follow",
        "width",
        "layers",
        "optimizer",
        "learning_rate",
        "speed",
        "step_limit",
        "seed",
        "unit_lines",
    ),
    "depth": ("activations", "layers", "width", "init", "seeds"),
    "softmax": ("logits", "temperature", "shift"),
}
# Version 2's XOR lab knew two optimizers, and its "sgd" had momentum 0.9.
_V2_XOR_OPTIMIZERS = {"adam": "adam", "sgd": "sgd_momentum"}


def lab_sections(
    raw: object, specs: Mapping[str, ActivationSpec], version: int
) -> dict[str, dict[str, object]]:
    """``labs``: each lab and each of its fields optional (absent: left as it is), every value
    checked against the one vocabulary and the lab's own ranges (``engine.xor_lab`` & co.)."""
    from engine import depth_lab, softmax_lab, xor_lab

    if not isinstance(raw, dict):
        raise wrong_type(LABS_KEY, OBJECT, raw)
    no_unknown(raw, _LAB_FIELDS, LABS_KEY)
    labs: dict[str, dict[str, object]] = {}
    for lab, fields in _LAB_FIELDS.items():
        if lab not in raw:
            continue
        section = raw[lab]
        where = f"{LABS_KEY}.{lab}"
        if not isinstance(section, dict):
            raise wrong_type(where, OBJECT, section)
        no_unknown(section, fields, where)
        labs[lab] = {k: section[k] for k in fields if k in section}

    def optimizer(value: object, path: str) -> str:
        if version < 3:
            return _V2_XOR_OPTIMIZERS[choice(value, _V2_XOR_OPTIMIZERS, path)]
        return choice(value, choices.OPTIMIZERS, path)

    checks: dict[str, dict[str, object]] = {
        "xor": {
            "dataset": lambda v, p: choice(v, xor_lab.DATASETS, p),
            "activation": lambda v, p: _activation_key(v, specs, p),
            "follow": boolean,
            "width": lambda v, p: whole_in(v, xor_lab.WIDTH_RANGE, p),
            "layers": lambda v, p: whole_in(v, xor_lab.DEPTH_RANGE, p),
            "optimizer": optimizer,
            "learning_rate": lambda v, p: number_in(v, xor_lab.LR_RANGE, p),
            "speed": lambda v, p: one_of(v, xor_lab.SPEEDS, p),
            "step_limit": lambda v, p: whole_in(v, xor_lab.STEP_LIMIT_RANGE, p),
            "seed": lambda v, p: whole_in(v, xor_lab.SEED_RANGE, p),
            "unit_lines": boolean,
        },
        "depth": {
            "activations": lambda v, p: _activation_keys(v, specs, p),
            "layers": lambda v, p: whole_in(v, depth_lab.LAYERS_RANGE, p),
            "width": lambda v, p: whole_in(v, depth_lab.WIDTH_RANGE, p),
            "init": lambda v, p: choice(v, choices.INITIALISATIONS, p),
            "seeds": lambda v, p: whole_in(v, depth_lab.SEEDS_RANGE, p),
        },
        "softmax": {
            "logits": _logits,
            "temperature": lambda v, p: number_in(v, softmax_lab.TEMPERATURE_RANGE, p),
            "shift": lambda v, p: number_in(v, softmax_lab.SHIFT_RANGE, p),
        },
    }
    for lab, section in labs.items():
        for name, value in list(section.items()):
            section[name] = checks[lab][name](value, f"{LABS_KEY}.{lab}.{name}")  # type: ignore[operator]
    return labs


def _activation_key(value: object, specs: Mapping[str, ActivationSpec], path: str) -> str:
    if not isinstance(value, str):
        raise wrong_type(path, TEXT, value)
    if value not in specs:
        raise unknown_activation(path, value)
    return value


def _activation_keys(value: object, specs: Mapping[str, ActivationSpec], path: str) -> list[str]:
    if not isinstance(value, list):
        raise wrong_type(path, LIST, value)
    return [_activation_key(v, specs, f"{path}[{i}]") for i, v in enumerate(value)]


def _logits(value: object, path: str) -> list[float]:
    from engine.softmax_lab import LOGIT_RANGE, LOGITS_RANGE

    if not isinstance(value, list):
        raise wrong_type(path, LIST, value)
    if not LOGITS_RANGE[0] <= len(value) <= LOGITS_RANGE[1]:
        raise PresetError(
            Message(
                QT_TR_NOOP("{path} must hold {low} to {high} numbers, not {count}"),
                path=path,
                low=LOGITS_RANGE[0],
                high=LOGITS_RANGE[1],
                count=len(value),
            )
        )
    return [number_in(v, LOGIT_RANGE, f"{path}[{i}]") for i, v in enumerate(value)]
