"""Give memory that the program has freed back to the system.

On Linux the C library's allocator (glibc) keeps freed blocks for reuse instead of returning
them, and the image pipeline's batches and the labs' tensors (a few MB each, made and freed on
two worker threads and the GUI thread) leave it holding more and more free memory: over a long
lesson the process's RSS grew by hundreds of MB while the memory actually in use stayed flat.
``malloc_trim`` hands the free pages back. Windows and macOS allocators return memory on their
own, and another C library may lack the call: there this is a no-op.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

__all__ = ["can_release", "release_free_memory"]


def _find_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim  # glibc only (musl has no malloc_trim)
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_TRIM = _find_trim()


def can_release() -> bool:
    return _TRIM is not None


def release_free_memory() -> bool:
    """Return freed memory to the system (all threads' heaps); True if anything was returned.

    Runs without the GIL (ctypes releases it); it briefly locks each heap of the allocator, so
    call it when the program is quiet, not in the middle of a drag.
    """
    return bool(_TRIM(0)) if _TRIM is not None else False
