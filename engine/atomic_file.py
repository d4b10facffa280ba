"""Writing a file atomically: a crash or a full disk leaves the old file, never half a new one.

Presets, lessons, exports and generated scripts all write through :func:`write_atomic`; a file
that cannot be written raises :class:`WriteError`, the same class for every caller, whose
message names the file.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from engine.errors import EngineError
from engine.messages import cannot_write

__all__ = ["WriteError", "write_atomic"]


class WriteError(EngineError):
    """A file that could not be written; ``message`` names it and the system's reason."""


def write_atomic(path: str | os.PathLike[str], payload: bytes) -> None:
    """Write ``payload`` to a temporary file beside ``path``, then rename it over ``path``."""
    target = Path(path)
    # Same folder, so os.replace is a rename on one file system; mode 0o666 (less the umask)
    # rather than mkstemp's 0o600, so a handed-out file is readable like any other.
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(payload)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise WriteError(cannot_write(target, exc)) from exc
