"""Checking one JSON value of a preset (or a lesson): its type, its range, its choice.

Every check either returns the value in the type the program holds or raises
:class:`PresetError` whose translatable message names the value's place (``labs.xor.width``),
what was expected and what was found, shown short (:func:`show`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from engine.errors import EngineError
from engine.messages import QT_TR_NOOP, Message

# JSON type names for "must be X, not Y" messages; marked so the GUI translates them.
OBJECT = QT_TR_NOOP("an object")
LIST = QT_TR_NOOP("a list")
TEXT = QT_TR_NOOP("a text")
NUMBER = QT_TR_NOOP("a number")
WHOLE = QT_TR_NOOP("a whole number")
BOOL = QT_TR_NOOP("true or false")
NULL = QT_TR_NOOP("null")
_TYPE_NAMES = {dict: OBJECT, list: LIST, str: TEXT, int: WHOLE}


class PresetError(EngineError, ValueError):
    """A preset or stored setting that cannot be used; ``message`` says why, for the user."""


def kind(value: object) -> str:
    """The JSON type name of ``value`` (translatable)."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, (int, float)):
        return NUMBER
    if isinstance(value, str):
        return TEXT
    if isinstance(value, list):
        return LIST
    return OBJECT


def show(value: object, limit: int = 40) -> str:
    """A short JSON rendering of a user's value for a message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def wrong_type(path: str, expected: str, value: object) -> PresetError:
    return PresetError(
        Message(
            QT_TR_NOOP("{path} must be {expected}, not {found}"),
            path=path,
            expected=expected,
            found=kind(value),
        )
    )


def require(section: dict, name: str, path: str, of_type: type) -> object:
    """``section[name]``, which must be there and of ``of_type`` (dict, list, str or int)."""
    if name not in section:
        raise PresetError(Message(QT_TR_NOOP("{path} is missing"), path=path))
    value = section[name]
    if isinstance(value, bool) or not isinstance(value, of_type):
        raise wrong_type(path, _TYPE_NAMES[of_type], value)
    return value


def no_unknown(section: dict, known: Iterable[str], path: str) -> None:
    """Refuse fields not in ``known``: a typo would otherwise be silently ignored."""
    known = tuple(known)
    unknown = [k for k in section if k not in known]
    if unknown:
        raise PresetError(
            Message(
                QT_TR_NOOP("{path}: unknown field(s) {names}"),
                path=path,
                names=", ".join(show(k) for k in unknown),
            )
        )


def choice(value: object, allowed: Iterable[str], path: str) -> str:
    """One of the keys ``allowed`` (a vocabulary table of ``engine.choices`` or its keys)."""
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise PresetError(
            Message(
                QT_TR_NOOP("{path} must be one of {choices}, not {value}"),
                path=path,
                choices=", ".join(allowed),
                value=show(value),
            )
        )
    return value


def number(raw: object, path: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise wrong_type(path, NUMBER, raw)
    try:
        return float(raw)  # math.isfinite() & co. overflow on huge JSON integers
    except OverflowError:
        raise PresetError(
            Message(QT_TR_NOOP("{path}: the number is too large"), path=path)
        ) from None


def boolean(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise wrong_type(path, BOOL, value)
    return value


def out_of_range(path: str, lo: object, hi: object, value: object) -> PresetError:
    return PresetError(
        Message(
            QT_TR_NOOP("{path} must be from {low} to {high}, not {value}"),
            path=path,
            low=lo,
            high=hi,
            value=show(value),
        )
    )


def whole_in(value: object, bounds: tuple[int, int], path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise wrong_type(path, WHOLE, value)
    if not bounds[0] <= value <= bounds[1]:
        raise out_of_range(path, bounds[0], bounds[1], value)
    return int(value)


def number_in(value: object, bounds: tuple[float, float], path: str) -> float:
    x = number(value, path)
    if not bounds[0] <= x <= bounds[1]:
        raise out_of_range(path, bounds[0], bounds[1], value)
    return x


def one_of(value: object, allowed: tuple[int, ...], path: str) -> int:
    """One of a few whole numbers (the XOR lab's speeds)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise PresetError(
            Message(
                QT_TR_NOOP("{path} must be one of {choices}, not {value}"),
                path=path,
                choices=", ".join(str(a) for a in allowed),
                value=show(value),
            )
        )
    return int(value)


def unknown_activation(path: str, key: object) -> PresetError:
    return PresetError(
        Message(QT_TR_NOOP("{path}: unknown activation {key}"), path=path, key=show(key))
    )
