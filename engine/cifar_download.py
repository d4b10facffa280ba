"""Downloading the official CIFAR-10 archive with torchvision, then importing it.

Offline (the usual case in a classroom) this fails fast with a clear message; a stalled
connection times out instead of hanging; Cancel stops the download between chunks.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import urllib.error
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from engine.cifar_archive import cannot_write_folder, import_archive
from engine.cifar_files import ARCHIVE_NAME, official_archive_md5
from engine.datasets import NULL_CONTEXT, DataError, ProgressContext, one_line
from engine.messages import QT_TR_NOOP, Message

__all__ = ["download_cifar10"]

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
        raise DataError(cannot_write_folder(data_dir, exc)) from None
    try:
        archive = _fetch(url, folder, md5, timeout, _Phase(ctx, 0.0, 0.8))
        return import_archive(archive, data_dir, _Phase(ctx, 0.8, 1.0), md5)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
