"""Lesson presets: the whole teaching state as a small JSON document a teacher can hand out.

The same document is what the GUI keeps in QSettings (``dumps(snapshot(...))`` to store,
``loads`` + ``apply`` to restore), so a damaged settings value and a damaged preset file take the
same path: a :class:`PresetError` with a translatable message, and the current state untouched.

Format (version 2)::

    {
      "format": "activation-lab-preset",
      "version": 1,
      "explorer": {
        "selected": "sigmoid",
        "checked": ["relu", "sigmoid", "tanh"],
        "params": {"hardtanh": {"min_val": -2.0, "max_val": 2.0}, "softmax": {"others": [0.0]}},
        "x_range": [-6.0, 6.0]
      },
      "images": {"scaling": "to_tensor", "pre": "none", "display": "clip", "channel": 0,
                 "split": "test"},
      "language": "zh_CN",
      "theme": "dark",
      "panel": "labs-xor",
      "labs": {
        "xor": {"dataset": "xor", "activation": "relu", "follow": true, "width": 8, "layers": 1,
                "optimizer": "adam", "learning_rate": 0.05, "speed": 10, "step_limit": 2000,
                "seed": 0, "unit_lines": true},
        "depth": {"activations": ["sigmoid", "relu"], "layers": 30, "width": 64,
                  "init": "kaiming", "seeds": 4},
        "softmax": {"logits": [2.0, 1.0, 0.1], "temperature": 1.0, "shift": 0.0}
      }
    }

Rules, chosen so that a hand-edited file either means one thing or is refused with a reason:

* A preset is the *whole* explorer state. ``params`` lists only the activations whose values
  differ from the catalogue defaults (small and readable); every activation not listed is reset
  to its defaults, and a listed one may name only some parameters, the others taking their
  defaults. Activations not in ``checked`` are unchecked. Curve colours are not stored: each
  activation has its own fixed look (``engine.curve_style``).
* ``explorer.own`` (optional) lists the student's own activations by their text, with their
  sliders' ranges: ``[{"formula": "x * sigmoid(b*x)", "sliders": {"b": [0, 5]}}]``. Each formula
  goes through the whitelist parser (``engine.formula``), never ``eval``. Their keys
  (``engine.formula_spec.own_key``: ``own:`` and a hash of the text) are what ``selected``,
  ``checked`` and ``params`` use. Own activations not listed are removed.
* ``explorer`` with ``selected``, ``checked`` and ``x_range`` is required; ``params`` is optional.
  ``images`` is optional (absent: the image settings are left as they are); inside it
  ``scaling``, ``pre``, ``display`` and ``channel`` are required, ``split`` is optional.
  ``language`` and ``theme`` are optional and only checked here; the GUI applies them.
* Unknown fields inside ``explorer`` and ``images`` are refused (a typo such as ``"parms"`` would
  otherwise silently reset every parameter). Unknown top-level fields are kept and returned, so
  the GUI can store its own values next to ours (``snapshot(extra=...)``).
* Numbers for float parameters may be written as integers; the Softmax family's ``others`` tuple
  is a JSON list.
* ``panel`` (optional, format 2) is the tab shown, one of ``engine.choices.PANELS``.
* ``labs`` (optional, format 2) holds the three small labs' settings; each lab and each of its
  fields is optional (absent: left as it is). Values must be the labs' own choices and within
  their sliders' ranges (``engine.xor_lab``, ``engine.depth_lab``, ``engine.softmax_lab``);
  ``activation``/``activations`` name activations of this preset (own ones included); with
  ``follow`` true the XOR lab trains the explorer's selected activation. Unknown or mistyped
  fields are refused. ``network`` (the network lab) is checked by ``engine.network_config``.
* Version 1 files are read exactly as before: they know no ``labs`` and their ``panel`` is not
  checked here (both are kept as the caller's own fields). Writing always gives version 2.

This module imports neither torch nor Qt: presets are read at start-up, before torch has loaded.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine import catalogue, choices
from engine.atomic_file import write_atomic
from engine.catalogue import ActivationSpec
from engine.errors import EngineError
from engine.json_text import parse_json
from engine.messages import QT_TR_NOOP, Message
from engine.params import ParamValue
from engine.ranges import check_range
from engine.safe_files import FileRefused, holds_bad_text, read_bytes

if TYPE_CHECKING:
    from engine.explorer_state import ExplorerState
    from engine.image_state import ImageBrowserState, Settings

__all__ = [
    "FORMAT",
    "LABS_KEY",
    "LANGUAGES",
    "MAX_BYTES",
    "THEMES",
    "VERSION",
    "PresetError",
    "apply",
    "dumps",
    "labs_of",
    "load_preset",
    "loads",
    "save_preset",
    "snapshot",
    "validate",
]

FORMAT = "activation-lab-preset"
VERSION = 2
LABS_KEY = "labs"  # the three small labs' settings (format 2)
MAX_BYTES = 1024 * 1024  # a real preset is ~1 kB; anything this big is not one
MAX_OWN = 16  # own activations in one preset
# The allowed values come from the one vocabulary (engine.choices), which loads no torch.
LANGUAGES: tuple[str, ...] = tuple(choices.LANGUAGES)
THEMES: tuple[str, ...] = tuple(choices.THEMES)
SCALINGS: tuple[str, ...] = tuple(choices.SCALINGS)
PRE_STAGES: tuple[str, ...] = tuple(choices.PRE_STAGES)
DISPLAYS: tuple[str, ...] = tuple(choices.DISPLAYS)
PANELS: tuple[str, ...] = tuple(choices.PANELS)

_RESERVED = ("format", "version", "explorer", "images")
_EXPLORER_FIELDS = ("selected", "checked", "params", "x_range", "own")
_IMAGE_FIELDS = ("scaling", "pre", "display", "channel", "split")

# JSON type names for "must be X, not Y" messages; marked so the GUI translates them.
_OBJECT = QT_TR_NOOP("an object")
_LIST = QT_TR_NOOP("a list")
_TEXT = QT_TR_NOOP("a text")
_NUMBER = QT_TR_NOOP("a number")
_WHOLE = QT_TR_NOOP("a whole number")
_BOOL = QT_TR_NOOP("true or false")
_NULL = QT_TR_NOOP("null")


class PresetError(EngineError, ValueError):
    """A preset or stored setting that cannot be used; ``message`` says why, for the user."""


# -- writing -----------------------------------------------------------------------------------


def snapshot(
    explorer: ExplorerState,
    images: Settings | None = None,
    split: str | None = None,
    extra: Mapping[str, object] | None = None,
) -> dict:
    """The preset document describing the current state (plain JSON types only).

    ``split`` is stored only together with ``images``. ``extra`` adds top-level fields (e.g.
    ``{"language": "zh_CN", "theme": "dark"}``); it may not replace the reserved ones.
    """
    params: dict[str, dict[str, object]] = {}
    for entry in explorer.entries:
        if entry.params != entry.spec.defaults():
            params[entry.spec.key] = {k: _to_json(v) for k, v in entry.params.items()}
    data: dict[str, object] = {
        "format": FORMAT,
        "version": VERSION,
        "explorer": {
            "selected": explorer.selected,
            "checked": [e.spec.key for e in explorer.entries if e.checked],
            "params": params,
            "x_range": [float(explorer.x_range[0]), float(explorer.x_range[1])],
        },
    }
    own = [_own_json(e.spec) for e in explorer.entries if e.spec.user_defined]
    if own:
        data["explorer"]["own"] = own  # type: ignore[index]
    if images is not None:
        section: dict[str, object] = {
            "scaling": images.scaling,
            "pre": images.pre,
            "display": images.display,
            "channel": int(images.channel),
        }
        if split:
            section["split"] = split
        data["images"] = section
    for key, value in (extra or {}).items():
        if key in _RESERVED:
            raise ValueError(f"extra may not replace the preset's own field {key!r}")
        data[key] = value
    # Never hand out a document that loads() would refuse (a programming error if it happens).
    validate(data, _specs_of(explorer))
    return data


def _own_json(spec: ActivationSpec) -> dict[str, object]:
    """An own activation as the preset stores it: its text and its sliders' ranges."""
    return {
        "formula": dict(spec.fixed)["formula"],
        "sliders": {p.name: [float(p.slider[0]), float(p.slider[1])] for p in spec.params},
    }


def _to_json(value: ParamValue) -> object:
    return list(value) if isinstance(value, tuple) else value


def dumps(data: Mapping[str, object]) -> str:
    """JSON text of a preset: indented, non-ASCII kept readable, strict (no NaN/Infinity)."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def save_preset(path: str | os.PathLike[str], data: Mapping[str, object]) -> None:
    """Validate ``data`` and write it as UTF-8 JSON, atomically (a crash leaves the old file).

    Raises :class:`PresetError` for a document that is not a valid preset and
    :class:`engine.atomic_file.WriteError` for a file that cannot be written.
    """
    validate(data)
    write_atomic(path, dumps(data).encode("utf-8"))


# -- reading -----------------------------------------------------------------------------------


def load_preset(path: str | os.PathLike[str]) -> dict:
    """Read and validate a preset file; raises :class:`PresetError` on any problem.

    Only a regular file of at most :data:`MAX_BYTES` is read (``engine.safe_files``): a pipe
    or a device is refused at once instead of hanging the window or filling memory.
    """
    try:
        payload = read_bytes(path, MAX_BYTES, name=str(path))
    except FileRefused as exc:
        raise PresetError(exc.message) from None
    return loads(payload)


def loads(text: str | bytes) -> dict:
    """Parse and validate a preset's text; returns the document (a dict) unchanged.

    Raises :class:`PresetError`, and nothing else, for anything that is not a valid preset.
    """
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise PresetError(
            Message(
                QT_TR_NOOP("the file is too large to be a preset (more than {limit} MB)"),
                limit=MAX_BYTES // (1024 * 1024),
            )
        )
    data = parse_json(text, PresetError)
    if holds_bad_text(data):
        raise PresetError(
            Message(
                QT_TR_NOOP(
                    "the file holds text that is not valid Unicode (a lone surrogate or a NUL)"
                )
            )
        )
    validate(data)
    return data


# -- validation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """A validated preset, normalised: exactly what ``apply`` will set."""

    params: dict[str, dict[str, ParamValue]]  # every activation, complete
    own: tuple[ActivationSpec, ...]  # the own activations the explorer shows (and no others)
    checked: frozenset[str]
    selected: str
    x_range: tuple[float, float]
    images: dict[str, object] | None  # scaling/pre/display/channel
    split: str | None
    labs: dict[str, dict[str, object]]  # "xor"/"depth"/"softmax" → the fields given (checked)


def validate(data: object, specs: Mapping[str, ActivationSpec] | None = None) -> None:
    """Raise :class:`PresetError` if ``data`` is not a valid preset for ``specs``
    (by default the whole catalogue)."""
    _plan(data, specs)


def labs_of(data: Mapping[str, object], explorer: ExplorerState) -> dict[str, dict[str, object]]:
    """The checked ``labs`` section of a valid preset for ``explorer`` (``{}`` if it has none):
    ``{"xor": {...}, "depth": {...}, "softmax": {...}}``, each lab and field only if given."""
    return _plan(data, _specs_of(explorer)).labs


def _specs_of(explorer: ExplorerState) -> dict[str, ActivationSpec]:
    return {e.spec.key: e.spec for e in explorer.entries}


def _plan(data: object, specs: Mapping[str, ActivationSpec] | None) -> _Plan:
    if specs is None:
        specs = {spec.key: spec for spec in catalogue.CATALOGUE}
    if not isinstance(data, dict):
        raise PresetError(
            Message(
                QT_TR_NOOP("not a preset: the file holds {found}, not a JSON object"),
                found=_kind(data),
            )
        )
    _check_header(data)
    explorer = _require(data, "explorer", "explorer", dict)
    _no_unknown(explorer, _EXPLORER_FIELDS, "explorer")
    # Own activations come from the preset only: those of the current state are replaced.
    own = _own_specs(explorer.get("own", []))
    specs = {k: s for k, s in specs.items() if not s.user_defined}
    specs.update({s.key: s for s in own})

    selected = _require(explorer, "selected", "explorer.selected", str)
    if selected not in specs:
        raise _unknown_activation("explorer.selected", selected)

    checked = _require(explorer, "checked", "explorer.checked", list)
    for i, key in enumerate(checked):
        path = f"explorer.checked[{i}]"
        if not isinstance(key, str):
            raise _wrong_type(path, _TEXT, key)
        if key not in specs:
            raise _unknown_activation(path, key)

    given = explorer.get("params", {})
    if not isinstance(given, dict):
        raise _wrong_type("explorer.params", _OBJECT, given)
    for key in given:
        if key not in specs:
            raise _unknown_activation("explorer.params", key)
    params = {
        key: _entry_params(spec, given.get(key), f"explorer.params.{key}")
        for key, spec in specs.items()
    }

    x_range = _x_range(_require(explorer, "x_range", "explorer.x_range", list))

    images, split = None, None
    if "images" in data:
        images, split = _images(data["images"])

    for key, allowed in (("language", LANGUAGES), ("theme", THEMES)):
        if key in data:
            _choice(data[key], allowed, key)

    # Version 1 knew no "labs" and did not check "panel": such a file is read as it always was
    # (both kept as its caller's own fields).
    labs: dict[str, dict[str, object]] = {}
    if data["version"] >= 2:
        if "panel" in data:
            _choice(data["panel"], PANELS, "panel")
        if LABS_KEY in data:
            labs = _labs(data[LABS_KEY], specs)
    return _Plan(params, tuple(own), frozenset(checked), selected, x_range, images, split, labs)


def _own_specs(raw: object) -> list[ActivationSpec]:
    """``explorer.own``: [{"formula": "x * sigmoid(b*x)", "sliders": {"b": [0, 5]}}, …], each
    formula checked by the whitelist parser (never evaluated). Their keys (``own:…``, from the
    text) are what ``checked``, ``selected`` and ``params`` use."""
    from engine.formula import FormulaError
    from engine.formula_spec import make_spec

    if not isinstance(raw, list):
        raise _wrong_type("explorer.own", _LIST, raw)
    if len(raw) > MAX_OWN:
        raise PresetError(
            Message(QT_TR_NOOP("explorer.own: at most {n} own activations"), n=MAX_OWN)
        )
    specs: list[ActivationSpec] = []
    for i, item in enumerate(raw):
        path = f"explorer.own[{i}]"
        if not isinstance(item, dict):
            raise _wrong_type(path, _OBJECT, item)
        _no_unknown(item, ("formula", "sliders"), path)
        formula = _require(item, "formula", f"{path}.formula", str)
        sliders_raw = item.get("sliders", {})
        if not isinstance(sliders_raw, dict):
            raise _wrong_type(f"{path}.sliders", _OBJECT, sliders_raw)
        sliders = {}
        for name, pair in sliders_raw.items():
            where = f"{path}.sliders.{name}"
            if not isinstance(pair, list) or len(pair) != 2:
                raise _wrong_type(where, _LIST, pair)
            sliders[name] = (_number(pair[0], where), _number(pair[1], where))
        try:
            spec = make_spec(formula, sliders)
        except FormulaError as exc:
            raise PresetError(
                Message(QT_TR_NOOP("{path}: {reason}"), path=path, reason=exc.message)
            ) from None
        unknown = set(sliders) - {p.name for p in spec.params}
        if unknown:
            raise PresetError(
                Message(
                    QT_TR_NOOP("{path}: the formula has no parameter {param}"),
                    path=path,
                    param=_show(sorted(unknown)[0]),
                )
            )
        if any(s.key == spec.key for s in specs):
            raise PresetError(Message(QT_TR_NOOP("{path}: the same formula twice"), path=path))
        specs.append(spec)
    return specs


def _check_header(data: dict) -> None:
    fmt = data.get("format")
    if fmt != FORMAT:
        if "format" not in data:
            raise PresetError(
                Message(QT_TR_NOOP('not an Activation Lab preset (no "format" field)'))
            )
        raise PresetError(
            Message(
                QT_TR_NOOP('not an Activation Lab preset ("format" is {value}, not "{expected}")'),
                value=_show(fmt),
                expected=FORMAT,
            )
        )
    if "version" not in data:
        raise PresetError(Message(QT_TR_NOOP('the preset has no format "version"')))
    version = data["version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise PresetError(
            Message(
                QT_TR_NOOP('the preset\'s "version" must be a whole number, not {value}'),
                value=_show(version),
            )
        )
    if version > VERSION:
        raise PresetError(
            Message(
                QT_TR_NOOP(
                    "made by a newer Activation Lab (format {version}); "
                    "this version reads format {supported}"
                ),
                version=_show(version),
                supported=VERSION,
            )
        )
    if version < 1:
        raise PresetError(
            Message(
                QT_TR_NOOP('the preset\'s "version" must be 1 or more, not {value}'),
                value=version,
            )
        )


def _entry_params(spec: ActivationSpec, given: object, path: str) -> dict[str, ParamValue]:
    values: dict[str, ParamValue] = spec.defaults()
    if given is None:
        return values
    if not isinstance(given, dict):
        raise _wrong_type(path, _OBJECT, given)
    names = {p.name for p in spec.params}
    for name, raw in given.items():
        if name not in names:
            raise PresetError(
                Message(
                    QT_TR_NOOP("{path}: {name} has no parameter {param}"),
                    path=path,
                    name=spec.name,
                    param=_show(name),
                )
            )
        kind = spec.param(name).kind
        values[name] = _param_value(raw, kind, f"{path}.{name}")
    reason = spec.validate(values)
    if reason:
        raise PresetError(Message(QT_TR_NOOP("{path}: {reason}"), path=path, reason=reason))
    return values


def _param_value(raw: object, kind: str, path: str) -> ParamValue:
    """JSON value → the type the explorer holds (float, str, tuple of floats)."""
    if kind == "choice":
        if not isinstance(raw, str):
            raise _wrong_type(path, _TEXT, raw)
        return raw
    if kind == "floats":
        if not isinstance(raw, list):
            raise _wrong_type(path, _LIST, raw)
        return tuple(_number(v, f"{path}[{i}]") for i, v in enumerate(raw))
    return _number(raw, path)


def _number(raw: object, path: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise _wrong_type(path, _NUMBER, raw)
    try:
        return float(raw)  # math.isfinite() & co. overflow on huge JSON integers
    except OverflowError:
        raise PresetError(
            Message(QT_TR_NOOP("{path}: the number is too large"), path=path)
        ) from None


def _x_range(raw: list) -> tuple[float, float]:
    if len(raw) != 2:
        raise PresetError(
            Message(
                QT_TR_NOOP("explorer.x_range must hold two numbers [min, max], not {count}"),
                count=len(raw),
            )
        )
    lo = _number(raw[0], "explorer.x_range[0]")
    hi = _number(raw[1], "explorer.x_range[1]")
    reason = check_range(lo, hi)
    if reason:
        raise PresetError(
            Message(QT_TR_NOOP("{path}: {reason}"), path="explorer.x_range", reason=reason)
        )
    return lo, hi


def _images(raw: object) -> tuple[dict[str, object], str | None]:
    if not isinstance(raw, dict):
        raise _wrong_type("images", _OBJECT, raw)
    _no_unknown(raw, _IMAGE_FIELDS, "images")
    settings: dict[str, object] = {}
    for name, allowed in (("scaling", SCALINGS), ("pre", PRE_STAGES), ("display", DISPLAYS)):
        path = f"images.{name}"
        settings[name] = _choice(_require(raw, name, path, str), allowed, path)
    channel = _require(raw, "channel", "images.channel", int)
    if channel not in (0, 1, 2):
        raise PresetError(
            Message(
                QT_TR_NOOP("images.channel must be 0, 1 or 2, not {value}"), value=_show(channel)
            )
        )
    settings["channel"] = int(channel)
    split = raw.get("split")
    if split is not None and not isinstance(split, str):
        raise _wrong_type("images.split", _TEXT, split)
    return settings, split


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


def _labs(raw: object, specs: Mapping[str, ActivationSpec]) -> dict[str, dict[str, object]]:
    """``labs``: each lab and each of its fields optional (absent: left as it is), every value
    checked against the lab's own choices and ranges (``engine.xor_lab`` and friends)."""
    from engine import depth_lab, softmax_lab, xor_lab

    if not isinstance(raw, dict):
        raise _wrong_type(LABS_KEY, _OBJECT, raw)
    _no_unknown(raw, tuple(_LAB_FIELDS), LABS_KEY)
    labs: dict[str, dict[str, object]] = {}
    for lab, fields in _LAB_FIELDS.items():
        if lab not in raw:
            continue
        section = raw[lab]
        where = f"{LABS_KEY}.{lab}"
        if not isinstance(section, dict):
            raise _wrong_type(where, _OBJECT, section)
        _no_unknown(section, fields, where)
        labs[lab] = {k: section[k] for k in fields if k in section}
    xor = labs.get("xor", {})
    checks: dict[str, object] = {
        "dataset": lambda v, p: _choice(v, tuple(xor_lab.DATASETS), p),
        "activation": lambda v, p: _activation_key(v, specs, p),
        "follow": _boolean,
        "width": lambda v, p: _whole_in(v, xor_lab.WIDTH_RANGE, p),
        "layers": lambda v, p: _whole_in(v, xor_lab.DEPTH_RANGE, p),
        "optimizer": lambda v, p: _choice(v, tuple(xor_lab.OPTIMIZERS), p),
        "learning_rate": lambda v, p: _number_in(v, xor_lab.LR_RANGE, p),
        "speed": lambda v, p: _one_of(v, xor_lab.SPEEDS, p),
        "step_limit": lambda v, p: _whole_in(v, xor_lab.STEP_LIMIT_RANGE, p),
        "seed": lambda v, p: _whole_in(v, xor_lab.SEED_RANGE, p),
        "unit_lines": _boolean,
    }
    for name, value in list(xor.items()):
        xor[name] = checks[name](value, f"{LABS_KEY}.xor.{name}")  # type: ignore[operator]
    depth = labs.get("depth", {})
    checks = {
        "activations": lambda v, p: _activation_keys(v, specs, p),
        "layers": lambda v, p: _whole_in(v, depth_lab.LAYERS_RANGE, p),
        "width": lambda v, p: _whole_in(v, depth_lab.WIDTH_RANGE, p),
        "init": lambda v, p: _choice(v, tuple(depth_lab.INIT_NAMES), p),
        "seeds": lambda v, p: _whole_in(v, depth_lab.SEEDS_RANGE, p),
    }
    for name, value in list(depth.items()):
        depth[name] = checks[name](value, f"{LABS_KEY}.depth.{name}")  # type: ignore[operator]
    soft = labs.get("softmax", {})
    checks = {
        "logits": _logits,
        "temperature": lambda v, p: _number_in(v, softmax_lab.TEMPERATURE_RANGE, p),
        "shift": lambda v, p: _number_in(v, softmax_lab.SHIFT_RANGE, p),
    }
    for name, value in list(soft.items()):
        soft[name] = checks[name](value, f"{LABS_KEY}.softmax.{name}")  # type: ignore[operator]
    return labs


def _activation_key(value: object, specs: Mapping[str, ActivationSpec], path: str) -> str:
    if not isinstance(value, str):
        raise _wrong_type(path, _TEXT, value)
    if value not in specs:
        raise _unknown_activation(path, value)
    return value


def _activation_keys(value: object, specs: Mapping[str, ActivationSpec], path: str) -> list[str]:
    if not isinstance(value, list):
        raise _wrong_type(path, _LIST, value)
    return [_activation_key(v, specs, f"{path}[{i}]") for i, v in enumerate(value)]


def _boolean(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise _wrong_type(path, _BOOL, value)
    return value


def _out_of_range(path: str, lo: object, hi: object, value: object) -> PresetError:
    return PresetError(
        Message(
            QT_TR_NOOP("{path} must be from {low} to {high}, not {value}"),
            path=path,
            low=lo,
            high=hi,
            value=_show(value),
        )
    )


def _whole_in(value: object, bounds: tuple[int, int], path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type(path, _WHOLE, value)
    if not bounds[0] <= value <= bounds[1]:
        raise _out_of_range(path, bounds[0], bounds[1], value)
    return int(value)


def _number_in(value: object, bounds: tuple[float, float], path: str) -> float:
    number = _number(value, path)
    if not bounds[0] <= number <= bounds[1]:
        raise _out_of_range(path, bounds[0], bounds[1], value)
    return number


def _one_of(value: object, allowed: tuple[int, ...], path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise PresetError(
            Message(
                QT_TR_NOOP("{path} must be one of {choices}, not {value}"),
                path=path,
                choices=", ".join(str(a) for a in allowed),
                value=_show(value),
            )
        )
    return int(value)


def _logits(value: object, path: str) -> list[float]:
    from engine.softmax_lab import LOGIT_RANGE, LOGITS_RANGE

    if not isinstance(value, list):
        raise _wrong_type(path, _LIST, value)
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
    return [_number_in(v, LOGIT_RANGE, f"{path}[{i}]") for i, v in enumerate(value)]


def _choice(value: object, allowed: tuple[str, ...], path: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise PresetError(
            Message(
                QT_TR_NOOP("{path} must be one of {choices}, not {value}"),
                path=path,
                choices=", ".join(allowed),
                value=_show(value),
            )
        )
    return value


_TYPE_NAMES = {dict: _OBJECT, list: _LIST, str: _TEXT, int: _WHOLE}


def _require(section: dict, name: str, path: str, kind: type) -> object:
    if name not in section:
        raise PresetError(Message(QT_TR_NOOP("{path} is missing"), path=path))
    value = section[name]
    if isinstance(value, bool) or not isinstance(value, kind):
        raise _wrong_type(path, _TYPE_NAMES[kind], value)
    return value


def _no_unknown(section: dict, known: tuple[str, ...], path: str) -> None:
    unknown = [k for k in section if k not in known]
    if unknown:
        raise PresetError(
            Message(
                QT_TR_NOOP("{path}: unknown field(s) {names}"),
                path=path,
                names=", ".join(_show(k) for k in unknown),
            )
        )


def _unknown_activation(path: str, key: str) -> PresetError:
    return PresetError(
        Message(QT_TR_NOOP("{path}: unknown activation {key}"), path=path, key=_show(key))
    )


def _wrong_type(path: str, expected: str, value: object) -> PresetError:
    return PresetError(
        Message(
            QT_TR_NOOP("{path} must be {expected}, not {found}"),
            path=path,
            expected=expected,
            found=_kind(value),
        )
    )


def _kind(value: object) -> str:
    if value is None:
        return _NULL
    if isinstance(value, bool):
        return _BOOL
    if isinstance(value, (int, float)):
        return _NUMBER
    if isinstance(value, str):
        return _TEXT
    if isinstance(value, list):
        return _LIST
    return _OBJECT


def _show(value: object, limit: int = 40) -> str:
    """A short JSON rendering of a user's value for a message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- applying ----------------------------------------------------------------------------------


def apply(
    data: Mapping[str, object],
    explorer: ExplorerState,
    images_state: ImageBrowserState | None = None,
) -> list[Message]:
    """Make ``explorer`` (and ``images_state``, if given) show the preset; returns notes for the
    user about parts that could not be applied (e.g. a split the current data does not have).

    Everything is validated and computed first; on any problem a :class:`PresetError` is raised
    and both states are untouched. The changes then go through the states' own methods, so their
    listeners (and the GUI's views) hear about them. Order: parameters, checked, selected, x range,
    then the image settings and split.
    """
    plan = _plan(data, _specs_of(explorer))
    notes: list[Message] = []

    keep = {spec.key for spec in plan.own}
    for entry in explorer.own_entries():
        if entry.spec.key not in keep:
            explorer.remove_activation(entry.spec.key)
    for spec in plan.own:
        explorer.add_activation(spec, plan.params[spec.key])

    for entry in explorer.entries:
        reason = explorer.set_params(entry.spec.key, plan.params[entry.spec.key])
        assert reason is None, reason  # validated above with the same specs
    # Uncheck before checking: fewer curves on screen at once while the preset is applied.
    for entry in explorer.entries:
        if entry.spec.key not in plan.checked:
            explorer.set_checked(entry.spec.key, False)
    for entry in explorer.entries:
        if entry.spec.key in plan.checked:
            explorer.set_checked(entry.spec.key, True)
    explorer.select(plan.selected)
    reason = explorer.set_x_range(*plan.x_range)
    assert reason is None, reason

    if images_state is not None and plan.images is not None:
        images_state.set_settings(**plan.images)
        # Before any data is loaded the split is shown once the data arrives.
        wanted = plan.split is not None and plan.split != images_state.split
        if wanted and not images_state.want_split(plan.split):
            notes.append(
                Message(
                    QT_TR_NOOP(
                        'the preset shows the "{split}" split, which the current data does '
                        'not have; staying on "{current}"'
                    ),
                    split=plan.split,
                    current=images_state.split or "—",
                )
            )
    return notes
