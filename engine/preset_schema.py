"""What a preset document may hold: its schema, checked field by field.

Format (version 3)::

    {
      "format": "activation-lab-preset",
      "version": 3,
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
* Every set of choices (scalings, pre-stages, displays, languages, themes, panels, optimizers,
  initialisations) is the one vocabulary of ``engine.choices``; activations are the catalogue's.
* Unknown fields inside ``explorer`` and ``images`` are refused (a typo such as ``"parms"`` would
  otherwise silently reset every parameter). Unknown top-level fields are kept and returned, so
  the GUI can store its own values next to ours (``snapshot(extra=...)``).
* Numbers for float parameters may be written as integers; the Softmax family's ``others`` tuple
  is a JSON list.
* ``panel`` (optional, from format 2) is the tab shown, one of ``engine.choices.PANELS``.
* ``labs`` (optional, from format 2) holds the three small labs' settings; each lab and each of
  its fields is optional (absent: left as it is). Values must be the labs' own choices and within
  their sliders' ranges (``engine.xor_lab``, ``engine.depth_lab``, ``engine.softmax_lab``);
  ``activation``/``activations`` name activations of this preset (own ones included); with
  ``follow`` true the XOR lab trains the explorer's selected activation. Unknown or mistyped
  fields are refused. ``network`` (the network lab) is checked by ``engine.network_config``.
* Older files are read as they were meant: version 1 knew no ``labs`` and did not check
  ``panel`` (both are kept as the caller's own fields); in version 2 the XOR lab's ``"sgd"`` was
  SGD with momentum 0.9, which is ``"sgd_momentum"`` in the one vocabulary since version 3 (where
  ``"sgd"`` is plain SGD, as in the network lab). Writing always gives the current version.

Plain Python: no torch and no Qt (presets are read at start-up, before torch has loaded).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from engine import catalogue, choices
from engine.catalogue import ActivationSpec
from engine.messages import QT_TR_NOOP, Message
from engine.params import ParamValue
from engine.preset_labs import LABS_KEY, lab_sections
from engine.preset_values import (
    LIST,
    OBJECT,
    TEXT,
    PresetError,
    choice,
    kind,
    no_unknown,
    number,
    require,
    show,
    unknown_activation,
    wrong_type,
)
from engine.ranges import check_range

FORMAT = "activation-lab-preset"
VERSION = 3
MAX_OWN = 16  # own activations in one preset
RESERVED = ("format", "version", "explorer", "images")  # fields snapshot(extra=) may not set
_EXPLORER_FIELDS = ("selected", "checked", "params", "x_range", "own")
_IMAGE_FIELDS = ("scaling", "pre", "display", "channel", "split")


@dataclass(frozen=True)
class Plan:
    """A validated preset, normalised: exactly what ``engine.preset.apply`` will set."""

    params: dict[str, dict[str, ParamValue]]  # every activation, complete
    own: tuple[ActivationSpec, ...]  # the own activations the explorer shows (and no others)
    checked: frozenset[str]
    selected: str
    x_range: tuple[float, float]
    images: dict[str, object] | None  # scaling/pre/display/channel
    split: str | None
    labs: dict[str, dict[str, object]]  # "xor"/"depth"/"softmax" → the fields given (checked)


def plan(data: object, specs: Mapping[str, ActivationSpec] | None = None) -> Plan:
    """Check ``data`` against the schema for the activations ``specs`` (by default the whole
    catalogue); :class:`PresetError` naming the first problem, else what applying it sets."""
    if specs is None:
        specs = {spec.key: spec for spec in catalogue.CATALOGUE}
    if not isinstance(data, dict):
        raise PresetError(
            Message(
                QT_TR_NOOP("not a preset: the file holds {found}, not a JSON object"),
                found=kind(data),
            )
        )
    _check_header(data)
    explorer = require(data, "explorer", "explorer", dict)
    no_unknown(explorer, _EXPLORER_FIELDS, "explorer")
    # Own activations come from the preset only: those of the current state are replaced.
    own = _own_specs(explorer.get("own", []))
    specs = {k: s for k, s in specs.items() if not s.user_defined}
    specs.update({s.key: s for s in own})

    selected = require(explorer, "selected", "explorer.selected", str)
    if selected not in specs:
        raise unknown_activation("explorer.selected", selected)

    checked = require(explorer, "checked", "explorer.checked", list)
    for i, key in enumerate(checked):
        path = f"explorer.checked[{i}]"
        if not isinstance(key, str):
            raise wrong_type(path, TEXT, key)
        if key not in specs:
            raise unknown_activation(path, key)

    given = explorer.get("params", {})
    if not isinstance(given, dict):
        raise wrong_type("explorer.params", OBJECT, given)
    for key in given:
        if key not in specs:
            raise unknown_activation("explorer.params", key)
    params = {
        key: _entry_params(spec, given.get(key), f"explorer.params.{key}")
        for key, spec in specs.items()
    }

    x_range = _x_range(require(explorer, "x_range", "explorer.x_range", list))

    images, split = None, None
    if "images" in data:
        images, split = _images(data["images"])

    for key, allowed in (("language", choices.LANGUAGES), ("theme", choices.THEMES)):
        if key in data:
            choice(data[key], allowed, key)

    # Version 1 knew no "labs" and did not check "panel": such a file is read as it always was
    # (both kept as its caller's own fields).
    labs: dict[str, dict[str, object]] = {}
    if data["version"] >= 2:
        if "panel" in data:
            choice(data["panel"], choices.PANELS, "panel")
        if LABS_KEY in data:
            labs = lab_sections(data[LABS_KEY], specs, data["version"])
    return Plan(params, tuple(own), frozenset(checked), selected, x_range, images, split, labs)


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
                value=show(fmt),
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
                value=show(version),
            )
        )
    if version > VERSION:
        raise PresetError(
            Message(
                QT_TR_NOOP(
                    "made by a newer Activation Lab (format {version}); "
                    "this version reads format {supported}"
                ),
                version=show(version),
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


# -- explorer ----------------------------------------------------------------------------------


def _own_specs(raw: object) -> list[ActivationSpec]:
    """``explorer.own``: [{"formula": "x * sigmoid(b*x)", "sliders": {"b": [0, 5]}}, …], each
    formula checked by the whitelist parser (never evaluated). Their keys (``own:…``, from the
    text) are what ``checked``, ``selected`` and ``params`` use."""
    from engine.formula import FormulaError
    from engine.formula_spec import make_spec

    if not isinstance(raw, list):
        raise wrong_type("explorer.own", LIST, raw)
    if len(raw) > MAX_OWN:
        raise PresetError(
            Message(QT_TR_NOOP("explorer.own: at most {n} own activations"), n=MAX_OWN)
        )
    specs: list[ActivationSpec] = []
    for i, item in enumerate(raw):
        path = f"explorer.own[{i}]"
        if not isinstance(item, dict):
            raise wrong_type(path, OBJECT, item)
        no_unknown(item, ("formula", "sliders"), path)
        formula = require(item, "formula", f"{path}.formula", str)
        sliders_raw = item.get("sliders", {})
        if not isinstance(sliders_raw, dict):
            raise wrong_type(f"{path}.sliders", OBJECT, sliders_raw)
        sliders = {}
        for name, pair in sliders_raw.items():
            where = f"{path}.sliders.{name}"
            if not isinstance(pair, list) or len(pair) != 2:
                raise wrong_type(where, LIST, pair)
            sliders[name] = (number(pair[0], where), number(pair[1], where))
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
                    param=show(sorted(unknown)[0]),
                )
            )
        if any(s.key == spec.key for s in specs):
            raise PresetError(Message(QT_TR_NOOP("{path}: the same formula twice"), path=path))
        specs.append(spec)
    return specs


def _entry_params(spec: ActivationSpec, given: object, path: str) -> dict[str, ParamValue]:
    values: dict[str, ParamValue] = spec.defaults()
    if given is None:
        return values
    if not isinstance(given, dict):
        raise wrong_type(path, OBJECT, given)
    names = {p.name for p in spec.params}
    for name, raw in given.items():
        if name not in names:
            raise PresetError(
                Message(
                    QT_TR_NOOP("{path}: {name} has no parameter {param}"),
                    path=path,
                    name=spec.name,
                    param=show(name),
                )
            )
        values[name] = _param_value(raw, spec.param(name).kind, f"{path}.{name}")
    reason = spec.validate(values)
    if reason:
        raise PresetError(Message(QT_TR_NOOP("{path}: {reason}"), path=path, reason=reason))
    return values


def _param_value(raw: object, param_kind: str, path: str) -> ParamValue:
    """JSON value → the type the explorer holds (float, str, tuple of floats)."""
    if param_kind == "choice":
        if not isinstance(raw, str):
            raise wrong_type(path, TEXT, raw)
        return raw
    if param_kind == "floats":
        if not isinstance(raw, list):
            raise wrong_type(path, LIST, raw)
        return tuple(number(v, f"{path}[{i}]") for i, v in enumerate(raw))
    return number(raw, path)


def _x_range(raw: list) -> tuple[float, float]:
    if len(raw) != 2:
        raise PresetError(
            Message(
                QT_TR_NOOP("explorer.x_range must hold two numbers [min, max], not {count}"),
                count=len(raw),
            )
        )
    lo = number(raw[0], "explorer.x_range[0]")
    hi = number(raw[1], "explorer.x_range[1]")
    reason = check_range(lo, hi)
    if reason:
        raise PresetError(
            Message(QT_TR_NOOP("{path}: {reason}"), path="explorer.x_range", reason=reason)
        )
    return lo, hi


# -- images ------------------------------------------------------------------------------------


def _images(raw: object) -> tuple[dict[str, object], str | None]:
    if not isinstance(raw, dict):
        raise wrong_type("images", OBJECT, raw)
    no_unknown(raw, _IMAGE_FIELDS, "images")
    settings: dict[str, object] = {}
    for name, allowed in (
        ("scaling", choices.SCALINGS),
        ("pre", choices.PRE_STAGES),
        ("display", choices.DISPLAYS),
    ):
        path = f"images.{name}"
        settings[name] = choice(require(raw, name, path, str), allowed, path)
    channel = require(raw, "channel", "images.channel", int)
    if channel not in (0, 1, 2):
        raise PresetError(
            Message(
                QT_TR_NOOP("images.channel must be 0, 1 or 2, not {value}"), value=show(channel)
            )
        )
    settings["channel"] = int(channel)
    split = raw.get("split")
    if split is not None and not isinstance(split, str):
        raise wrong_type("images.split", TEXT, split)
    return settings, split
