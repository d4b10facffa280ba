"""Lessons: an ordered list of steps a teacher walks through, each a title, a short note for the
teacher and a preset (``engine.preset``: the whole teaching state, including the panel shown).

Format (version 1)::

    {
      "format": "activation-lab-lesson",
      "version": 1,
      "title": "Non-linear activations",
      "language": "en",                      # optional: the language the texts are written in
      "steps": [
        {"title": "Why non-linearity?",
         "note": "Two networks, one without activations …",
         "preset": {"format": "activation-lab-preset", "version": 1, "panel": "labs-xor", …}}
      ]
    }

A lesson file comes from someone else's computer, so it is read like any untrusted input: a
regular file only (a FIFO would block, ``/dev/zero`` never ends), at most :data:`MAX_BYTES`, UTF-8
JSON, every step's preset validated by ``engine.preset``. Anything wrong raises
:class:`LessonError` with one translatable reason, and nothing is applied. A step's ``panel``
lives inside its preset (a top-level field the preset format keeps for its caller) and must name
one of :data:`PANELS`; an optional ``view`` opens a page inside that panel (:data:`VIEWS`).

This module imports neither torch nor Qt (lessons open at start-up, before torch has loaded).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from engine import choices, preset
from engine.atomic_file import write_atomic
from engine.errors import EngineError
from engine.json_text import parse_json
from engine.messages import QT_TR_NOOP, Message
from engine.preset_values import show
from engine.resources import resource_path
from engine.safe_files import FileRefused, holds_bad_text, read_bytes

__all__ = [
    "BUILTIN",
    "FORMAT",
    "MAX_BYTES",
    "MAX_NOTE",
    "MAX_STEPS",
    "MAX_TITLE",
    "PANELS",
    "VERSION",
    "VIEWS",
    "Lesson",
    "LessonError",
    "Step",
    "builtin_path",
    "dumps",
    "load_builtin",
    "load_lesson",
    "loads",
    "read_capped",
    "save_lesson",
    "to_document",
]

FORMAT = "activation-lab-lesson"
VERSION = 1
MAX_BYTES = 2 * 1024 * 1024  # a 12-step lesson is ~20 kB; anything this big is not a lesson
MAX_STEPS = 200
MAX_TITLE = 200  # characters
MAX_NOTE = 4000
BUILTIN = "nonlinear_activations.json"  # resources/lessons/<lang>/
# The main window's panel names, in tab order (the one vocabulary).
PANELS: tuple[str, ...] = tuple(choices.PANELS)
# Pages inside a panel a step may open: the image browser's right-hand tabs, the Guide's pages.
VIEWS: dict[str, tuple[str, ...]] = {"images": ("image", "inplace"), "guide": ("guide", "why")}
_LANGUAGES = tuple(choices.LANGUAGES)
_FIELDS = ("format", "version", "title", "language", "steps")
_STEP_FIELDS = ("title", "note", "preset")


class LessonError(EngineError, ValueError):
    """A lesson file that cannot be used; ``message`` says why, for the user."""


@dataclass(frozen=True)
class Step:
    title: str
    note: str
    preset: dict = field(hash=False, compare=True)  # a valid preset document

    @property
    def panel(self) -> str | None:
        value = self.preset.get("panel")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Lesson:
    title: str
    steps: tuple[Step, ...]
    language: str | None = None

    def __len__(self) -> int:
        return len(self.steps)

    def with_step(self, step: Step) -> Lesson:
        """A copy with ``step`` appended (a teacher building a lesson from the live program)."""
        if len(self.steps) >= MAX_STEPS:
            raise LessonError(_too_many())
        return Lesson(self.title, (*self.steps, step), self.language)


# -- reading -----------------------------------------------------------------------------------


def read_capped(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`LessonError` otherwise
    (``engine.safe_files``: never blocks on a FIFO, never reads ``/dev/zero`` without end)."""
    try:
        return read_bytes(path, limit, name=str(path))
    except FileRefused as exc:
        raise LessonError(exc.message) from None


def load_lesson(path: str | os.PathLike[str]) -> Lesson:
    """Read and validate a lesson file; raises :class:`LessonError` on any problem."""
    return loads(read_capped(path, MAX_BYTES))


def loads(text: str | bytes) -> Lesson:
    """Parse and validate a lesson's text; raises :class:`LessonError`, and nothing else."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise LessonError(_too_large())
    data = parse_json(text, LessonError)
    if holds_bad_text(data):  # a lone surrogate ("\\ud800") or NUL would reach Qt
        raise LessonError(Message(QT_TR_NOOP("the file holds characters that are not valid text")))
    return from_document(data)


def from_document(data: object) -> Lesson:
    """Validate a parsed lesson document and return the :class:`Lesson` it describes."""
    if not isinstance(data, dict):
        raise LessonError(Message(QT_TR_NOOP("not a lesson: the file holds no JSON object")))
    _check_header(data)
    unknown = [k for k in data if k not in _FIELDS]
    if unknown:
        raise LessonError(_unknown_fields(Message(QT_TR_NOOP("the lesson")), unknown))
    title = _text(data.get("title", ""), Message(QT_TR_NOOP("the lesson's title")), MAX_TITLE)
    language = data.get("language")
    if language is not None and language not in _LANGUAGES:
        raise LessonError(
            Message(
                QT_TR_NOOP("language must be one of {choices}, not {value}"),
                choices=", ".join(_LANGUAGES),
                value=show(language),
            )
        )
    steps = data.get("steps")
    if not isinstance(steps, list):
        raise LessonError(Message(QT_TR_NOOP("the lesson has no list of steps")))
    if not steps:
        raise LessonError(Message(QT_TR_NOOP("the lesson has no steps")))
    if len(steps) > MAX_STEPS:
        raise LessonError(_too_many())
    return Lesson(title, tuple(_step(raw, i + 1) for i, raw in enumerate(steps)), language)


def _check_header(data: dict) -> None:
    if data.get("format") != FORMAT:
        raise LessonError(
            Message(
                QT_TR_NOOP('not an Activation Lab lesson ("format" is not "{expected}")'),
                expected=FORMAT,
            )
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise LessonError(
            Message(
                QT_TR_NOOP('the lesson\'s "version" must be a whole number from 1, not {value}'),
                value=show(version),
            )
        )
    if version > VERSION:
        raise LessonError(
            Message(
                QT_TR_NOOP(
                    "made by a newer Activation Lab (lesson format {version}); "
                    "this version reads format {supported}"
                ),
                version=version,
                supported=VERSION,
            )
        )


def _step(raw: object, number: int) -> Step:
    where = Message(QT_TR_NOOP("step {number}"), number=number)
    if not isinstance(raw, dict):
        raise LessonError(Message(QT_TR_NOOP("step {number} must be a JSON object"), number=number))
    unknown = [k for k in raw if k not in _STEP_FIELDS]
    if unknown:
        raise LessonError(_unknown_fields(where, unknown))
    title = _text(
        raw.get("title"),
        Message(QT_TR_NOOP("the title of step {number}"), number=number),
        MAX_TITLE,
        required=True,
    )
    note = _text(
        raw.get("note", ""),
        Message(QT_TR_NOOP("the note of step {number}"), number=number),
        MAX_NOTE,
    )
    data = raw.get("preset")
    if data is None:
        raise LessonError(Message(QT_TR_NOOP("step {number} has no preset"), number=number))
    try:
        preset.validate(data)
        if isinstance(data, dict):
            from engine.network_config import read_preset_section

            read_preset_section(data)  # the network lab's set-up, if the step has one
    except preset.PresetError as exc:
        raise LessonError(
            Message(QT_TR_NOOP("step {number}: {reason}"), number=number, reason=exc.message)
        ) from None
    panel = data.get("panel")
    if panel is not None and panel not in PANELS:
        raise LessonError(
            Message(
                QT_TR_NOOP("step {number}: panel must be one of {choices}, not {value}"),
                number=number,
                choices=", ".join(PANELS),
                value=show(panel),
            )
        )
    view = data.get("view")
    if view is not None and view not in VIEWS.get(panel, ()):
        raise LessonError(
            Message(
                QT_TR_NOOP("step {number}: the {panel} panel has no view {value}"),
                number=number,
                panel=show(panel),
                value=show(view),
            )
        )
    return Step(title, note, data)


def _text(value: object, where: Message, limit: int, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise LessonError(Message(QT_TR_NOOP("{where} must be a text"), where=where))
    if len(value) > limit:
        raise LessonError(
            Message(
                QT_TR_NOOP("{where} is longer than {limit} characters"), where=where, limit=limit
            )
        )
    try:
        value.encode("utf-8")  # a lone surrogate (valid JSON "\ud800") cannot reach Qt
    except UnicodeEncodeError:
        raise LessonError(
            Message(QT_TR_NOOP("{where} holds a character that is not valid text"), where=where)
        ) from None
    return value


# -- writing -----------------------------------------------------------------------------------


def to_document(lesson: Lesson) -> dict:
    data: dict[str, object] = {"format": FORMAT, "version": VERSION, "title": lesson.title}
    if lesson.language:
        data["language"] = lesson.language
    data["steps"] = [{"title": s.title, "note": s.note, "preset": s.preset} for s in lesson.steps]
    return data


def dumps(lesson: Lesson) -> str:
    return json.dumps(to_document(lesson), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def save_lesson(path: str | os.PathLike[str], lesson: Lesson) -> None:
    """Validate and write ``lesson`` atomically; :class:`engine.atomic_file.WriteError` when it
    cannot be written."""
    text = dumps(lesson)
    from_document(json.loads(text))  # never write a file this program would refuse
    write_atomic(path, text.encode("utf-8"))


def builtin_path(lang: str) -> Path:
    return resource_path("lessons", lang if lang in _LANGUAGES else "en", BUILTIN)


def load_builtin(lang: str) -> Lesson:
    """The lesson the program ships with, in ``lang`` (English for any other language)."""
    return load_lesson(builtin_path(lang))


# -- messages ------------------------------------------------------------------------------------


def _too_large() -> Message:
    return Message(
        QT_TR_NOOP("the file is too large to be a lesson (more than {limit} MB)"),
        limit=MAX_BYTES // (1024 * 1024),
    )


def _too_many() -> Message:
    return Message(QT_TR_NOOP("a lesson has at most {limit} steps"), limit=MAX_STEPS)


def _unknown_fields(where: Message, names: list[str]) -> Message:
    return Message(
        QT_TR_NOOP("{where}: unknown field(s) {names}"),
        where=where,
        names=", ".join(show(k) for k in names),
    )
