"""The one base class for errors the engine reports to the user.

Each part of the engine raises its own subclass (``PresetError``, ``DataError``, …) so callers can
tell them apart, but every one carries the same thing: ``message``, a translatable
:class:`~engine.messages.Message` (or, for old callers, a plain ``str``) that the GUI translates
and the command line prints as its one line. ``str(exc)`` is the English text.
"""

from __future__ import annotations


class EngineError(Exception):
    """Something the user can fix or must be told about; ``message`` says what, translatably."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
