"""Lesson presets: the whole teaching state as a small JSON document a teacher can hand out.

This module reads, writes and applies them; what a document may hold, and every check, is
``engine.preset_schema`` (the format is described there). The same document is what the GUI
keeps in QSettings (``dumps(snapshot(...))`` to store, ``loads`` + ``apply`` to restore), so a
damaged settings value and a damaged preset file take the same path: a :class:`PresetError` with
a translatable message, and the current state untouched.

This module imports neither torch nor Qt: presets are read at start-up, before torch has loaded.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from engine import preset_schema
from engine.atomic_file import write_atomic
from engine.catalogue import ActivationSpec
from engine.json_text import parse_json
from engine.messages import QT_TR_NOOP, Message
from engine.params import ParamValue
from engine.preset_labs import LABS_KEY
from engine.preset_schema import FORMAT, RESERVED, VERSION
from engine.preset_values import PresetError
from engine.safe_files import FileRefused, holds_bad_text, read_bytes

if TYPE_CHECKING:
    from engine.explorer_state import ExplorerState
    from engine.image_state import ImageBrowserState, Settings

__all__ = [
    "FORMAT",
    "LABS_KEY",
    "MAX_BYTES",
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

MAX_BYTES = 1024 * 1024  # a real preset is ~1 kB; anything this big is not one


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
    own = [own_json(e.spec) for e in explorer.entries if e.spec.user_defined]
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
        if key in RESERVED:
            raise ValueError(f"extra may not replace the preset's own field {key!r}")
        data[key] = value
    # Never hand out a document that loads() would refuse (a programming error if it happens).
    validate(data, _specs_of(explorer))
    return data


def own_json(spec: ActivationSpec) -> dict[str, object]:
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


def validate(data: object, specs: Mapping[str, ActivationSpec] | None = None) -> None:
    """Raise :class:`PresetError` if ``data`` is not a valid preset for ``specs``
    (by default the whole catalogue)."""
    preset_schema.plan(data, specs)


def labs_of(data: Mapping[str, object], explorer: ExplorerState) -> dict[str, dict[str, object]]:
    """The checked ``labs`` section of a valid preset for ``explorer`` (``{}`` if it has none):
    ``{"xor": {...}, "depth": {...}, "softmax": {...}}``, each lab and field only if given, in
    the current vocabulary (an older file's keys translated)."""
    return preset_schema.plan(data, _specs_of(explorer)).labs


def _specs_of(explorer: ExplorerState) -> dict[str, ActivationSpec]:
    return {e.spec.key: e.spec for e in explorer.entries}


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
    plan = preset_schema.plan(data, _specs_of(explorer))
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
