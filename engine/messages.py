"""User-facing messages from the Qt-free engine, translatable by the GUI.

The engine cannot call Qt's ``tr``, so it marks its English texts with ``QT_TR_NOOP`` (an identity
function here; ``pyside6-lupdate`` finds the marked literals when run over ``engine/``) and returns
:class:`Message` objects: a ``str`` holding the English text that also remembers its template and
arguments, so the GUI can translate the template and fill in the arguments afterwards.
"""

from __future__ import annotations


def QT_TR_NOOP(text: str) -> str:
    """Mark ``text`` for translation; it is returned unchanged."""
    return text


class Message(str):
    """English text of ``template.format(**args)``, keeping ``template`` and ``args``."""

    template: str
    args: dict

    def __new__(cls, template: str, **args: object) -> Message:
        obj = super().__new__(cls, template.format(**args))
        obj.template = template
        obj.args = args
        return obj


def cannot_write(path: object, exc: OSError) -> Message:
    """The one wording for a file or folder that cannot be written (presets, exports)."""
    return Message(
        QT_TR_NOOP("cannot write {path}: {error}"), path=str(path), error=exc.strerror or str(exc)
    )
