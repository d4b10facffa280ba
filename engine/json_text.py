"""Parse the text of a small JSON document a user handed in (a preset, a lesson).

Every way the text can be bad gets one translatable message, raised as the caller's own error
class, so a preset and a lesson refuse the same damage with the same words.
"""

from __future__ import annotations

import json

from engine.messages import QT_TR_NOOP, Message


def parse_json(text: str | bytes, error: type[Exception]) -> object:
    """Decode (UTF-8, an optional BOM) and parse ``text``; raise ``error(Message)`` if bad."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")  # tolerate the BOM some Windows editors add
        except UnicodeDecodeError:
            raise error(Message(QT_TR_NOOP("the file is not UTF-8 text"))) from None
    if not text.strip():
        raise error(Message(QT_TR_NOOP("the file is empty")))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # Cut off inside a string or after the last complete token: the file was truncated
        # (an unterminated string can only mean that the text ended before its closing quote).
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise error(
                Message(
                    QT_TR_NOOP("the file ends too early (truncated JSON, line {line})"),
                    line=exc.lineno,
                )
            ) from None
        raise error(
            Message(
                QT_TR_NOOP("the file is not valid JSON (line {line}, column {column})"),
                line=exc.lineno,
                column=exc.colno,
            )
        ) from None
    except RecursionError:
        raise error(Message(QT_TR_NOOP("the file is not valid JSON (nested too deeply)"))) from None
    except ValueError:  # an integer beyond Python's digit limit (sys.get_int_max_str_digits)
        raise error(
            Message(QT_TR_NOOP("the file is not valid JSON (a number is too long)"))
        ) from None
