"""What the user reads when a job fails: the exception's own translatable message.

Engine errors (``DataError``, ``FileRefused``, ``ExportError``, ``WeightsError``, ``RaceError``,
``PresetError``…) carry an ``engine.messages.Message`` — an English ``QT_TR_NOOP`` template with
its arguments — which is translated here, in the language shown now. Anything else is a defect or
the machine running short; the user gets one translated sentence for it, never an exception's
type name or an English library text (the bridge logs the traceback).
"""

from __future__ import annotations

from engine.messages import QT_TR_NOOP, Message
from gui.i18n import tr, tr_message

__all__ = ["error_text", "message_of"]

UNEXPECTED = QT_TR_NOOP("an unexpected error stopped this computation (details in the terminal)")
NO_MEMORY = QT_TR_NOOP("not enough memory for this computation")
NO_FILE_ACCESS = QT_TR_NOOP("cannot use the file {0}")


def message_of(exc: BaseException) -> Message | None:
    """The translatable message an engine error carries, or None for any other exception."""
    message = getattr(exc, "message", None)
    if isinstance(message, Message):
        return message
    if exc.args and isinstance(exc.args[0], Message):
        return exc.args[0]
    return None


def error_text(exc: BaseException) -> str:
    """``exc`` in words for the user, in the current language."""
    message = message_of(exc)
    if message is not None:
        return tr_message(message)
    if isinstance(exc, MemoryError):
        return tr(NO_MEMORY)
    if isinstance(exc, OSError) and exc.filename:
        return tr(NO_FILE_ACCESS).format(exc.filename)
    return tr(UNEXPECTED)
