"""Reading files a user pointed at, without hanging, without filling memory, without bad text.

Every file the program reads on a user's word (CIFAR-10 batches, presets, lessons, settings) goes
through :func:`read_bytes`: it opens without blocking (a FIFO would otherwise wait forever for a
writer), accepts only regular files (``/dev/zero`` or a socket is refused by its kind), refuses
files larger than the cap of their format before reading them, and reads in chunks so a job can
be cancelled in the middle of a large file. :func:`clean_text` makes any text that came from a
file safe for Qt and the screen (Qt's translator raises on a lone surrogate; NUL cuts a label).

Qt-free and torch-free.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from engine.errors import EngineError
from engine.messages import QT_TR_NOOP, Message

__all__ = [
    "MB",
    "FileRefused",
    "clean_text",
    "file_kind",
    "has_bad_text",
    "holds_bad_text",
    "read_bytes",
    "read_text",
]

MB = 1024 * 1024
_CHUNK = MB
# O_NONBLOCK makes open() of a FIFO return at once instead of waiting for a writer; it has no
# effect on regular files. Windows has neither the flag nor FIFOs.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS |= getattr(os, "O_NOCTTY", 0)


class FileRefused(EngineError):
    """A file that is not read; ``message`` (a translatable Message) says why."""


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words the user knows (translatable)."""
    if stat.S_ISDIR(mode):
        return QT_TR_NOOP("a folder")
    if stat.S_ISFIFO(mode):
        return QT_TR_NOOP("a pipe")
    if stat.S_ISSOCK(mode):
        return QT_TR_NOOP("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return QT_TR_NOOP("a device")
    return QT_TR_NOOP("not a regular file")


def _not_regular(name: str, mode: int) -> FileRefused:
    return FileRefused(
        Message(
            QT_TR_NOOP("{file}: not an ordinary file ({kind}), so it is not read"),
            file=name,
            kind=file_kind(mode),
        )
    )


def _too_large(name: str, limit: int) -> FileRefused:
    return FileRefused(
        Message(
            QT_TR_NOOP("{file}: too large for this kind of file (more than {limit} MB)"),
            file=name,
            limit=f"{limit / MB:g}",
        )
    )


def _cannot_read(name: str, exc: OSError) -> FileRefused:
    if isinstance(exc, FileNotFoundError):
        return FileRefused(Message(QT_TR_NOOP("{file}: missing file"), file=name))
    return FileRefused(
        Message(
            QT_TR_NOOP("{file}: cannot read the file ({detail})"),
            file=name,
            detail=clean_text(str(exc.strerror or exc)),
        )
    )


def read_bytes(
    path: str | os.PathLike[str],
    limit: int,
    check: Callable[[], None] | None = None,
    name: str | None = None,
) -> bytes:
    """The contents of the regular file ``path``, at most ``limit`` bytes.

    Raises :class:`FileRefused` for a missing, unreadable or special file and for one larger
    than ``limit``; ``check`` is called before every chunk (a job's ``ctx.check``, which raises
    to cancel). ``name`` is how messages name the file (default: its base name).
    """
    path = Path(path)
    name = clean_text(name if name is not None else path.name)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _cannot_read(name, exc) from None
    try:
        info = os.fstat(fd)
        # fstat of the opened file, not stat of the name: the name cannot be swapped in between.
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(name, info.st_mode)
        if info.st_size > limit:
            raise _too_large(name, limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            if check is not None:
                check()
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            except OSError as exc:
                raise _cannot_read(name, exc) from None
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # the file grew while being read
                raise _too_large(name, limit)
    finally:
        os.close(fd)


def read_text(
    path: str | os.PathLike[str],
    limit: int,
    check: Callable[[], None] | None = None,
    name: str | None = None,
) -> str:
    """:func:`read_bytes` decoded as UTF-8 (a BOM is skipped), made safe by :func:`clean_text`.

    Undecodable bytes raise :class:`FileRefused`.
    """
    data = read_bytes(path, limit, check, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        shown = clean_text(name if name is not None else Path(path).name)
        raise FileRefused(Message(QT_TR_NOOP("{file}: not UTF-8 text"), file=shown)) from None
    return clean_text(text)


def clean_text(text: str) -> str:
    """``text`` safe to hand to Qt: lone surrogates become U+FFFD and NUL characters go.

    A surrogate pair written as two escapes (valid JSON for one emoji) is joined into its
    character; a lone one cannot be encoded at all and would make Qt's translator raise.
    """
    if text.isascii():
        return text.replace("\0", "") if "\0" in text else text
    fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return fixed.replace("\0", "")


def has_bad_text(text: str) -> bool:
    """True if ``text`` holds a lone surrogate or a NUL (what :func:`clean_text` would change)."""
    return clean_text(text) != text


def holds_bad_text(data: object) -> bool:
    """True if any text (key or value) in parsed JSON ``data`` :func:`has_bad_text`.

    JSON may spell a lone surrogate as ``"\\ud800"``; such a document is refused rather than
    repaired, so what is applied is what the file says.
    """
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_bad_text(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
