"""CIFAR-10 on disk: find it, check it, load it without ever running code, import, download.

The official files are Python 2 pickles, and unpickling an untrusted file can run arbitrary code.
So every file goes through :class:`_RestrictedUnpickler`, which resolves only the few globals the
official format contains (the numpy array reconstruction), the way ``torch.load(...,
weights_only=True)`` does; the MD5 sums only decide whether a copy is shown as "verified".

torchvision is imported inside the functions that need it (it costs seconds and pulls in
torch._dynamo); the official checksums and URL are read from it at call time.
"""

from __future__ import annotations

import io
import os
import pickle
import shutil
import socket
import tarfile
import tempfile
import threading
import urllib.error
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO
from urllib.parse import urlparse

import numpy as np

from engine.datasets import NULL_CONTEXT, DataError, ImageSet, ProgressContext, Split, one_line
from engine.messages import QT_TR_NOOP, Message

__all__ = [
    "ARCHIVE_NAME",
    "CIFAR_DIRNAME",
    "download_cifar10",
    "find_cifar_dir",
    "import_archive",
    "load_cifar10",
    "official_archive_md5",
    "official_md5s",
    "restricted_load",
    "restricted_loads",
]

CIFAR_DIRNAME = "cifar-10-batches-py"
ARCHIVE_NAME = "cifar-10-python.tar.gz"
META_FILE = "batches.meta"
SPLIT_FILES: dict[str, tuple[str, ...]] = {
    "test": ("test_batch",),
    "train": tuple(f"data_batch_{i}" for i in range(1, 6)),
}
ALL_FILES: tuple[str, ...] = (META_FILE, *SPLIT_FILES["test"], *SPLIT_FILES["train"])
IMAGE_SHAPE = (3, 32, 32)
_PIXELS = 3 * 32 * 32
_CHUNK = 1 << 20


def __getattr__(name: str) -> str:
    # ARCHIVE_MD5 comes from torchvision, which is too heavy to import with this module.
    if name == "ARCHIVE_MD5":
        return official_archive_md5()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def official_md5s() -> dict[str, str]:
    """File name → official MD5 for every file of ``cifar-10-batches-py`` (from torchvision)."""
    from torchvision.datasets import CIFAR10

    pairs = [
        *CIFAR10.train_list,
        *CIFAR10.test_list,
        (CIFAR10.meta["filename"], CIFAR10.meta["md5"]),
    ]
    return {name: md5 for name, md5 in pairs}


def official_archive_md5() -> str:
    from torchvision.datasets import CIFAR10

    return CIFAR10.tgz_md5


# -- finding ---------------------------------------------------------------------------------


def find_cifar_dir(path: Path) -> Path | None:
    """The ``cifar-10-batches-py`` folder at or inside ``path``, or None.

    ``path`` may be the folder holding ``cifar-10-batches-py`` or that folder itself (also under
    another name, if it holds any of the CIFAR-10 files, so an incomplete copy is reported as such
    rather than mistaken for an image folder).
    """
    path = Path(path)
    if not path.is_dir():
        return None
    inner = path / CIFAR_DIRNAME
    if inner.is_dir():
        return inner
    if path.name == CIFAR_DIRNAME or any((path / name).is_file() for name in ALL_FILES):
        return path
    return None


# -- the restricted unpickler ------------------------------------------------------------------


def _runs_code(name: str) -> Message:
    return Message(QT_TR_NOOP("the file asks to run code ({name})"), name=name)


def _truncated(filename: str) -> Message:
    return Message(QT_TR_NOOP("{file}: truncated file (not a complete pickle)"), file=filename)


def _detail(exc: BaseException) -> str:
    """The app's own (translatable) text of ``exc`` if it has one, else its text on one line."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Message):
        return exc.args[0]
    return one_line(exc)


class _Refused(pickle.UnpicklingError):
    def __init__(self, reason: Message) -> None:
        super().__init__(reason)
        self.reason = reason


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
                QT_TR_NOOP("{file}: refused to load: {reason}"), file=filename, reason=exc.reason
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


def _text(value: object) -> object:
    """bytes → str; a latin-1 str that is really UTF-8 (a Python 2 str) → its real text."""
    if isinstance(value, bytes):
        value = value.decode("latin1")
    if isinstance(value, str):
        try:
            return value.encode("latin1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value
    return value


def restricted_load(path: Path) -> dict:
    """Load one CIFAR-10 file through the restricted unpickler; keys normalised to ``str``."""
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(Message(QT_TR_NOOP("{file}: missing file"), file=name)) from None
    except OSError as exc:
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: cannot read the file ({detail})"),
                file=name,
                detail=str(exc.strerror or exc),
            )
        ) from None
    obj = restricted_loads(data, name)
    if not isinstance(obj, dict):
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: not a CIFAR-10 file (holds a {type}, not a dict)"),
                file=name,
                type=type(obj).__name__,
            )
        )
    return {_text(key): value for key, value in obj.items()}


# -- validating and loading ----------------------------------------------------------------


def _entry(batch: dict, key: str, name: str) -> Any:
    if key not in batch:
        raise DataError(Message(QT_TR_NOOP("{file}: no '{key}' entry"), file=name, key=key))
    return batch[key]


def _label_names(meta: dict, name: str) -> list[str]:
    names = _entry(meta, "label_names", name)
    if not isinstance(names, (list, tuple)) or not names:
        raise DataError(
            Message(QT_TR_NOOP("{file}: 'label_names' is not a non-empty list"), file=name)
        )
    texts = [_text(n) for n in names]
    if not all(isinstance(t, str) for t in texts):
        raise DataError(
            Message(QT_TR_NOOP("{file}: 'label_names' holds something other than text"), file=name)
        )
    return texts


def _labels(raw: object, name: str) -> np.ndarray:
    if isinstance(raw, np.ndarray):
        if raw.ndim != 1 or raw.dtype.kind not in "iu":
            raise DataError(
                Message(QT_TR_NOOP("{file}: 'labels' is not a list of integers"), file=name)
            )
        return raw.astype(np.int64)
    if not isinstance(raw, (list, tuple)):
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: 'labels' is not a list (a {type})"),
                file=name,
                type=type(raw).__name__,
            )
        )
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in raw):
        raise DataError(
            Message(QT_TR_NOOP("{file}: 'labels' holds values that are not integers"), file=name)
        )
    try:
        return np.asarray(raw, dtype=np.int64)
    except OverflowError:
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: 'labels' holds an integer too large for a class"), file=name
            )
        ) from None


def _images(raw: object, name: str) -> np.ndarray:
    if not isinstance(raw, np.ndarray):
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: 'data' is not a numpy array (a {type})"),
                file=name,
                type=type(raw).__name__,
            )
        )
    if raw.dtype != np.uint8:
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: 'data' has dtype {dtype}, expected uint8"),
                file=name,
                dtype=str(raw.dtype),
            )
        )
    if raw.ndim != 2 or raw.shape[1] != _PIXELS:
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: 'data' has shape {shape}, expected (N, {pixels})"),
                file=name,
                shape=str(raw.shape),
                pixels=_PIXELS,
            )
        )
    if raw.shape[0] == 0:
        raise DataError(Message(QT_TR_NOOP("{file}: holds no images"), file=name))
    # A row is 1024 red, then 1024 green, then 1024 blue values, each 32 rows of 32: a plain
    # reshape gives (N, 3, 32, 32) without copying.
    images = raw.reshape(raw.shape[0], *IMAGE_SHAPE)
    if not (images.flags.c_contiguous and images.flags.writeable):
        images = np.array(images, order="C")
    return images


def _read_batch(path: Path, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    name = path.name
    batch = restricted_load(path)
    images = _images(_entry(batch, "data", name), name)
    labels = _labels(_entry(batch, "labels", name), name)
    if len(labels) != len(images):
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: {labels} labels for {images} images"),
                file=name,
                labels=len(labels),
                images=len(images),
            )
        )
    bad = np.flatnonzero((labels < 0) | (labels >= n_classes))
    if bad.size:
        i = int(bad[0])
        raise DataError(
            Message(
                QT_TR_NOOP("{file}: label {label} of image {index} is out of range (0–{last})"),
                file=name,
                label=int(labels[i]),
                index=i,
                last=n_classes - 1,
            )
        )
    return images, labels


def _split(name: str, parts: list[tuple[np.ndarray, np.ndarray]]) -> Split:
    if len(parts) == 1:
        images, labels = parts[0]
    else:
        images = np.concatenate([p[0] for p in parts])
        labels = np.concatenate([p[1] for p in parts])
    return Split(name, images, labels)


def load_cifar10(
    path: Path, splits: Iterable[str] = ("test", "train"), ctx: ProgressContext | None = None
) -> ImageSet:
    """Load the asked splits of the CIFAR-10 copy at ``path``; reads only, writes nothing.

    ``verified`` is True iff every file read matched its official MD5; a copy that differs (a
    teacher's subset) still loads, with the differing files named in ``notes``.
    """
    from torchvision.datasets.utils import check_integrity

    ctx = ctx or NULL_CONTEXT
    splits = tuple(splits)
    unknown = [s for s in splits if s not in SPLIT_FILES]
    if unknown or not splits:
        raise ValueError(f"splits must be among {tuple(SPLIT_FILES)}, got {splits!r}")
    root = find_cifar_dir(Path(path))
    if root is None:
        raise DataError(
            Message(
                QT_TR_NOOP("{path}: no CIFAR-10 folder ({dirname}) here"),
                path=str(path),
                dirname=CIFAR_DIRNAME,
            )
        )
    expected = official_md5s()
    files = [META_FILE, *(f for s in splits for f in SPLIT_FILES[s])]
    ctx.progress(0, len(files))

    classes = _label_names(restricted_load(root / META_FILE), META_FILE)
    loaded: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for i, name in enumerate(files[1:], start=1):
        ctx.check()
        ctx.progress(i, len(files))
        loaded[name] = _read_batch(root / name, len(classes))
    ctx.check()
    differ = [f for f in files if not check_integrity(root / f, expected[f])]
    ctx.progress(len(files), len(files))

    result = {s: _split(s, [loaded[f] for f in SPLIT_FILES[s]]) for s in splits}
    notes = [f"checksums differ: {', '.join(differ)}"] if differ else []
    return ImageSet("CIFAR-10", "cifar10", result, classes, not differ, root, notes)


# -- importing the official archive ----------------------------------------------------------


def _refuse_member(archive: str, member: str, why: str) -> DataError:
    """``why`` is a :class:`Message` for the app's own reasons, else a library's text."""
    return DataError(
        Message(
            QT_TR_NOOP("{archive}: refused archive member '{member}': {reason}"),
            archive=archive,
            member=member,
            reason=why,
        )
    )


def _damaged(archive: str, exc: BaseException) -> Message:
    return Message(
        QT_TR_NOOP("{archive}: damaged archive ({detail})"), archive=archive, detail=one_line(exc)
    )


def _cannot_write(folder: Path, exc: OSError) -> Message:
    return Message(
        QT_TR_NOOP("{folder}: cannot write here ({detail})"),
        folder=str(folder),
        detail=str(exc.strerror or exc),
    )


def _outside() -> Message:
    return Message(QT_TR_NOOP("it would land outside the target folder"))


def _member_dest(member: tarfile.TarInfo, target: Path, archive: str) -> Path:
    """Where ``member`` goes below ``target``; refuse anything that could land elsewhere."""
    name = member.name
    if member.issym() or member.islnk():
        raise _refuse_member(archive, name, Message(QT_TR_NOOP("links are not allowed")))
    if not (member.isfile() or member.isdir()):
        raise _refuse_member(
            archive, name, Message(QT_TR_NOOP("not a regular file or folder (a device or pipe?)"))
        )
    parts = PurePosixPath(name).parts
    if name.startswith(("/", "\\")) or ".." in parts or "\\" in name or ":" in name:
        raise _refuse_member(archive, name, _outside())
    dest = (target / name).resolve()
    if not dest.is_relative_to(target):
        raise _refuse_member(archive, name, _outside())
    data_filter = getattr(tarfile, "data_filter", None)  # Python ≥ 3.11.4: a second opinion
    if data_filter is not None:
        try:
            data_filter(member, str(target))
        except tarfile.FilterError as exc:
            raise _refuse_member(archive, name, one_line(exc)) from None
    return dest


def _next_member(tf: tarfile.TarFile, archive: str) -> tarfile.TarInfo | None:
    try:
        return tf.next()
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise DataError(_damaged(archive, exc)) from None


def _copy_member(
    tf: tarfile.TarFile, member: tarfile.TarInfo, dest: Path, archive: str, ctx: ProgressContext
) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    source = tf.extractfile(member)
    if source is None:  # not reached for regular files; keeps the type checker honest
        raise _refuse_member(archive, member.name, Message(QT_TR_NOOP("cannot be read")))
    with source, open(dest, "wb") as out:
        while True:
            ctx.check()
            try:
                chunk = source.read(_CHUNK)
            except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
                raise DataError(_damaged(archive, exc)) from None
            if not chunk:
                return
            out.write(chunk)


def _open_tar(raw: BinaryIO, name: str) -> tarfile.TarFile:
    try:
        return tarfile.open(fileobj=raw, mode="r:gz")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise DataError(
            Message(
                QT_TR_NOOP("{archive}: not a readable .tar.gz ({detail})"),
                archive=name,
                detail=one_line(exc),
            )
        ) from None


def _extract(archive: Path, target: Path, ctx: ProgressContext) -> None:
    """Extract every member of ``archive`` into ``target``, checking each before writing it."""
    size = max(archive.stat().st_size, 1)
    with open(archive, "rb") as raw, _open_tar(raw, archive.name) as tf:
        while (member := _next_member(tf, archive.name)) is not None:
            ctx.check()
            dest = _member_dest(member, target, archive.name)
            if member.isdir():
                dest.mkdir(parents=True, exist_ok=True)
            else:
                _copy_member(tf, member, dest, archive.name, ctx)
            ctx.progress(raw.tell(), size)  # compressed bytes read so far
    ctx.progress(size, size)


def _install(extracted: Path, final: Path, scratch: Path) -> None:
    """Move ``extracted`` to ``final``; an older copy is swapped out first and restored on error."""
    previous = scratch / "previous"
    had_previous = final.exists()
    if had_previous:
        os.replace(final, previous)
    try:
        os.replace(extracted, final)
    except OSError:
        if had_previous:
            os.replace(previous, final)
        raise


def _check_md5(archive: Path, expected_md5: str | None) -> None:
    from torchvision.datasets.utils import calculate_md5

    expected = expected_md5 or official_archive_md5()
    if not archive.is_file():
        raise DataError(Message(QT_TR_NOOP("{archive}: no such file"), archive=archive.name))
    actual = calculate_md5(archive)
    if actual != expected:
        raise DataError(
            Message(
                QT_TR_NOOP(
                    "{archive}: not the official CIFAR-10 archive "
                    "(MD5 {actual}, expected {expected})"
                ),
                archive=archive.name,
                actual=actual,
                expected=expected,
            )
        )


def import_archive(
    archive: Path,
    data_dir: Path,
    ctx: ProgressContext | None = None,
    expected_md5: str | None = None,
) -> Path:
    """Check and extract the official ``cifar-10-python.tar.gz`` into ``data_dir``.

    ``expected_md5`` defaults (None) to the official archive's MD5; tests pass their own. Members
    are extracted into a scratch folder inside ``data_dir`` and ``cifar-10-batches-py`` is moved
    into place only when all went well; on any error or cancel the scratch folder is removed and
    nothing half-written remains. Returns the final ``cifar-10-batches-py`` path.
    """
    ctx = ctx or NULL_CONTEXT
    archive, data_dir = Path(archive), Path(data_dir)
    ctx.progress(0, 1)
    _check_md5(archive, expected_md5)
    ctx.check()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".cifar-import-", dir=data_dir))
    except OSError as exc:
        raise DataError(_cannot_write(data_dir, exc)) from None
    try:
        _extract(archive, scratch.resolve(), ctx)
        extracted = scratch / CIFAR_DIRNAME
        missing = [f for f in ALL_FILES if not (extracted / f).is_file()]
        if missing:
            raise DataError(
                Message(
                    QT_TR_NOOP("{archive}: the archive has no {member}"),
                    archive=archive.name,
                    member=f"{CIFAR_DIRNAME}/{missing[0]}",
                )
            )
        ctx.check()
        final = data_dir / CIFAR_DIRNAME
        _install(extracted, final, scratch)
        return final
    except OSError as exc:
        raise DataError(_cannot_write(data_dir, exc)) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# -- downloading -------------------------------------------------------------------------------

# torchvision's download reports through a module-level tqdm; one download at a time may
# replace it, so that two concurrent downloads never restore each other's hook.
_DOWNLOAD_LOCK = threading.Lock()


class _Phase:
    """Maps a sub-task's progress onto the fraction [lo, hi] of the whole job."""

    def __init__(self, ctx: ProgressContext, lo: float, hi: float) -> None:
        self._ctx, self._lo, self._hi = ctx, lo, hi

    def check(self) -> None:
        self._ctx.check()

    def progress(self, done: float, total: float) -> None:
        fraction = min(max(done / total, 0.0), 1.0) if total > 0 else 0.0
        self._ctx.progress(self._lo + (self._hi - self._lo) * fraction, 1.0)


@contextmanager
def _download_hook(module: Any, ctx: ProgressContext) -> Iterator[None]:
    """Replace torchvision's tqdm bar by one that reports progress and honours Cancel."""
    original = getattr(module, "tqdm", None)
    if original is None:  # torchvision changed; downloading still works, without progress
        yield
        return

    class _Bar:
        def __init__(self, *args: Any, total: float | None = None, **kwargs: Any) -> None:
            self.total, self.done = total or 0, 0

        def __enter__(self) -> _Bar:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def update(self, n: float = 1) -> None:
            self.done += n
            ctx.check()  # Cancelled propagates out of torchvision's read loop
            ctx.progress(self.done, self.total)

        def close(self) -> None:
            pass

    module.tqdm = _Bar
    try:
        yield
    finally:
        module.tqdm = original


def _probe(host: str, port: int, timeout: float) -> None:
    try:
        socket.create_connection((host, port), timeout).close()
    except OSError as exc:
        raise DataError(
            Message(
                QT_TR_NOOP("{host}: could not reach the CIFAR-10 server — offline? ({detail})"),
                host=host,
                detail=one_line(exc),
            )
        ) from None


def _why(exc: OSError) -> str:
    # HTTPError reads best as "HTTP Error 404: …"; a URLError's own text wraps its reason.
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        return one_line(exc.reason)
    return one_line(exc)


def _fetch(url: str, folder: Path, md5: str, timeout: float, ctx: ProgressContext) -> Path:
    from torchvision.datasets import utils as tv_utils

    host = urlparse(url).hostname or url
    previous = socket.getdefaulttimeout()
    with _DOWNLOAD_LOCK, _download_hook(tv_utils, ctx):
        socket.setdefaulttimeout(timeout)  # so a stalled connection fails instead of hanging
        try:
            tv_utils.download_url(url, str(folder), ARCHIVE_NAME, md5=md5)
        except (urllib.error.URLError, OSError) as exc:
            raise DataError(
                Message(
                    QT_TR_NOOP("{host}: download failed ({detail})"), host=host, detail=_why(exc)
                )
            ) from None
        except RuntimeError:  # torchvision: "File not found or corrupted."
            raise DataError(
                Message(
                    QT_TR_NOOP("{archive}: the download is incomplete or corrupted"),
                    archive=ARCHIVE_NAME,
                )
            ) from None
        finally:
            socket.setdefaulttimeout(previous)
    return folder / ARCHIVE_NAME


def download_cifar10(
    data_dir: Path,
    ctx: ProgressContext | None = None,
    timeout: float = 5.0,
    url: str | None = None,
    expected_md5: str | None = None,
) -> Path:
    """Download the official archive with torchvision into ``data_dir`` and import it.

    Offline, this fails within about ``timeout`` seconds with a DataError saying so. ``url`` and
    ``expected_md5`` default to torchvision's CIFAR-10 values (tests serve their own). Progress
    runs 0–0.8 for the download and 0.8–1 for the import; the archive itself is not kept.
    """
    from torchvision.datasets import CIFAR10

    ctx = ctx or NULL_CONTEXT
    url = url or CIFAR10.url
    md5 = expected_md5 or official_archive_md5()
    parsed = urlparse(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    ctx.progress(0, 1)
    _probe(parsed.hostname or "", port, timeout)
    ctx.check()
    try:
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=".cifar-download-", dir=data_dir))
    except OSError as exc:
        raise DataError(_cannot_write(data_dir, exc)) from None
    try:
        archive = _fetch(url, folder, md5, timeout, _Phase(ctx, 0.0, 0.8))
        return import_archive(archive, data_dir, _Phase(ctx, 0.8, 1.0), md5)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
