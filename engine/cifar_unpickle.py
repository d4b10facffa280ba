"""The restricted unpickler: reads CIFAR-10's pickles without ever running code.

The official files are Python 2 pickles, and unpickling an untrusted file can run arbitrary code.
So every file goes through :class:`_RestrictedUnpickler`, which resolves only the few globals the
official format contains (the numpy array reconstruction), the way ``torch.load(...,
weights_only=True)`` does.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from engine.cifar_files import MAX_FILE_BYTES
from engine.datasets import DataError, one_line
from engine.errors import EngineError
from engine.messages import QT_TR_NOOP, Message
from engine.safe_files import FileRefused, read_bytes

__all__ = [
    "read_cifar_file",
    "restricted_load",
    "restricted_load_bytes",
    "restricted_loads",
    "text_of",
]


def _runs_code(name: str) -> Message:
    return Message(QT_TR_NOOP("the file asks to run code ({name})"), name=name)


def _truncated(filename: str) -> Message:
    return Message(QT_TR_NOOP("{file}: truncated file (not a complete pickle)"), file=filename)


def _detail(exc: BaseException) -> str:
    """The app's own (translatable) text of ``exc`` if it has one, else its text on one line."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Message):
        return exc.args[0]
    return one_line(exc)


class _Refused(EngineError, pickle.UnpicklingError):
    """What the restricted unpickler will not load; ``message`` says why."""


def _numpy_reconstruct() -> Callable[..., np.ndarray]:
    try:
        from numpy._core.multiarray import _reconstruct  # numpy 2
    except ImportError:  # numpy 1
        from numpy.core.multiarray import _reconstruct
    return _reconstruct


def _array(subtype: type, shape: tuple, dtype_char: Any) -> np.ndarray:
    # The official files create a plain ndarray; a subclass could bring its own __setstate__.
    if subtype is not np.ndarray:
        raise _Refused(Message(QT_TR_NOOP("the file asks for an unexpected array type")))
    return _numpy_reconstruct()(subtype, shape, dtype_char)


def _dtype(*args: Any) -> np.dtype:
    dtype = np.dtype(*args)
    if dtype.hasobject:  # an object array would hold arbitrary Python objects
        raise _Refused(Message(QT_TR_NOOP("the file holds Python objects inside an array")))
    return dtype


def _latin1_bytes(text: Any, encoding: str = "latin1", errors: str = "strict") -> bytes:
    # How Python 3 pickles bytes at protocol 2: _codecs.encode("…", "latin1"). Only that.
    if not isinstance(text, str) or encoding != "latin1":
        raise _Refused(_runs_code("_codecs.encode"))
    return text.encode("latin1")


def _frombuffer(buffer: Any, dtype: np.dtype, shape: tuple, order: str) -> np.ndarray:
    # How numpy pickles arrays at protocol 5 (Python 3.14's default), re-done with public API.
    if not isinstance(buffer, (bytes, bytearray)) or not isinstance(dtype, np.dtype):
        raise _Refused(_runs_code("numpy._core.numeric._frombuffer"))
    return np.frombuffer(buffer, dtype=dtype).reshape(shape, order=order)


# (module, name) → what to hand the unpickler. Nothing else resolves; in particular no builtins.
_ALLOWED: dict[tuple[str, str], Any] = {
    # The official files (Python 2, numpy 1) need exactly these three globals.
    ("numpy.core.multiarray", "_reconstruct"): _array,
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): _dtype,
    # A copy re-saved with numpy 2 names the same function under numpy._core.
    ("numpy._core.multiarray", "_reconstruct"): _array,
    # Copies written by Python 3: bytes at protocol 2, numpy arrays at protocol 5.
    ("_codecs", "encode"): _latin1_bytes,
    ("numpy.core.numeric", "_frombuffer"): _frombuffer,
    ("numpy._core.numeric", "_frombuffer"): _frombuffer,
}


class _RestrictedUnpickler(pickle.Unpickler):
    """Resolves only :data:`_ALLOWED`; every other global means the file wants to run code."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise _Refused(_runs_code(f"{module}.{name}")) from None

    def persistent_load(self, pid: Any) -> Any:
        # Never in CIFAR-10 files; also what garbage starting with "\x89P" (a PNG) decodes to.
        raise pickle.UnpicklingError(
            Message(QT_TR_NOOP("uses persistent ids, which CIFAR-10 files never do"))
        )


def restricted_loads(data: bytes, filename: str) -> object:
    """Unpickle ``data`` admitting only plain data and uint8-style numpy arrays.

    Python 2 ``str`` values come back as ``str`` (latin-1), as torchvision reads these files.
    Every failure is a :class:`DataError` naming ``filename``.
    """
    if not data:
        raise DataError(Message(QT_TR_NOOP("{file}: empty file"), file=filename))
    try:
        return _RestrictedUnpickler(io.BytesIO(data), encoding="latin1").load()
    except _Refused as exc:
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: refused to load: {reason}"), file=filename, reason=exc.message
            )
        ) from None
    except EOFError:
        raise DataError(_truncated(filename)) from None
    except MemoryError:
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: damaged file (asks for more memory than there is)"),
                file=filename,
            )
        ) from None
    except pickle.UnpicklingError as exc:
        if "truncated" in str(exc):
            raise DataError(_truncated(filename)) from None
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: not a pickle file ({detail})"),
                file=filename,
                detail=_detail(exc),
            )
        ) from None
    except Exception as exc:
        # Garbage bytes make the unpickler fail in many ways (KeyError, ValueError, …).
        detail = f"{type(exc).__name__}: {one_line(exc)}"
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: not a valid pickle file ({detail})"),
                file=filename,
                detail=detail,
            )
        ) from None


def text_of(value: object) -> object:
    """bytes → str; a latin-1 str that is really UTF-8 (a Python 2 str) → its real text."""
    if isinstance(value, bytes):
        value = value.decode("latin1")
    if isinstance(value, str):
        try:
            return value.encode("latin1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value
    return value


def restricted_load(path: Path, check: Callable[[], None] | None = None) -> dict:
    """Load one CIFAR-10 file through the restricted unpickler; keys normalised to ``str``.

    Only a regular file of at most :data:`MAX_FILE_BYTES` is read (a pipe or ``/dev/zero``
    would hang or fill memory), in chunks; ``check`` is called between them (a job's
    ``ctx.check``, to cancel).
    """
    return restricted_load_bytes(read_cifar_file(Path(path), check), Path(path).name)


def read_cifar_file(path: Path, check: Callable[[], None] | None = None) -> bytes:
    """The bytes of one CIFAR-10 file, read the safe way; DataError if it cannot be."""
    try:
        return read_bytes(path, MAX_FILE_BYTES, check)
    except FileRefused as exc:
        raise DataError(exc.message) from None


def restricted_load_bytes(data: bytes, name: str) -> dict:
    """:func:`restricted_loads` of a whole file's ``data``, which must hold a dict."""
    obj = restricted_loads(data, name)
    if not isinstance(obj, dict):
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: not a CIFAR-10 file (holds a {type}, not a dict)"),
                file=name,
                type=type(obj).__name__,
            )
        )
    return {text_of(key): value for key, value in obj.items()}
