"""Importing the official ``cifar-10-python.tar.gz`` from a local file.

The archive is checked against its official MD5 first; every member is then checked before it
is written (no links, no devices, nothing landing outside the target folder), extracted into a
scratch folder and moved into place only when all went well.
"""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from engine.cifar_files import ALL_FILES, CIFAR_DIRNAME, official_archive_md5
from engine.datasets import NULL_CONTEXT, DataError, ProgressContext, one_line
from engine.messages import QT_TR_NOOP, Message

__all__ = ["cannot_write_folder", "import_archive"]

_CHUNK = 1 << 20


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


def cannot_write_folder(folder: Path, exc: OSError) -> Message:
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
        raise DataError(cannot_write_folder(data_dir, exc)) from None
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
        raise DataError(cannot_write_folder(data_dir, exc)) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
