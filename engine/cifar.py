"""CIFAR-10 on disk: load the splits a copy holds, checked, without ever running code.

The work is done in rooms of their own, re-exported here so callers import one module:
``engine.cifar_files`` (names, official checksums, finding the folder), ``engine.cifar_unpickle``
(the restricted unpickler), ``engine.cifar_validate`` (what a file must hold),
``engine.cifar_archive`` (importing the official archive) and ``engine.cifar_download``.

A copy may hold only some splits (the lesson uses only the test split, 30 MB instead of 170 MB):
the splits that are complete load, the missing ones are named in the notes, and the checksums
of the files that were read decide whether the copy is shown as "verified".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from engine.cifar_archive import import_archive
from engine.cifar_download import download_cifar10
from engine.cifar_files import (
    ALL_FILES,
    ARCHIVE_NAME,
    CIFAR_DIRNAME,
    META_FILE,
    SPLIT_FILES,
    find_cifar_dir,
    official_archive_md5,
    official_md5s,
)
from engine.cifar_unpickle import (
    read_cifar_file,
    restricted_load,
    restricted_load_bytes,
    restricted_loads,
)
from engine.cifar_validate import batch_arrays, label_names
from engine.datasets import NULL_CONTEXT, DataError, ImageSet, ProgressContext, Split
from engine.messages import QT_TR_NOOP, Message

__all__ = [
    "ALL_FILES",
    "ARCHIVE_NAME",
    "CIFAR_DIRNAME",
    "download_cifar10",
    "find_cifar_dir",
    "import_archive",
    "load_cifar10",
    "missing_splits",
    "official_archive_md5",
    "official_md5s",
    "restricted_load",
    "restricted_loads",
]

# How the notes name a split (translated by the GUI with the rest of the note).
SPLIT_LABELS = {"test": QT_TR_NOOP("the test split"), "train": QT_TR_NOOP("the training split")}


def _present(root: Path, name: str) -> bool:
    # A dangling link or a folder in a file's place counts as present: reading it says why.
    path = root / name
    return path.exists() or path.is_symlink()


def missing_splits(root: Path, splits: Iterable[str]) -> dict[str, list[str]]:
    """Split → its files that are not in ``root``, for each asked split with any missing."""
    missing = {s: [f for f in SPLIT_FILES[s] if not _present(root, f)] for s in splits}
    return {s: files for s, files in missing.items() if files}


def _missing_note(split: str, files: list[str]) -> Message:
    return Message(
        QT_TR_NOOP("{split} is not here ({files} missing)"),
        split=SPLIT_LABELS[split],
        files=", ".join(files),
    )


def _split(name: str, parts: list[tuple[np.ndarray, np.ndarray]]) -> Split:
    if len(parts) == 1:
        images, labels = parts[0]
    else:
        images = np.concatenate([p[0] for p in parts])
        labels = np.concatenate([p[1] for p in parts])
    return Split(name, images, labels)


def _read(root: Path, name: str, ctx: ProgressContext) -> tuple[dict, str]:
    """One file, unpickled, and the MD5 of exactly the bytes that were unpickled."""
    data = read_cifar_file(root / name, ctx.check)
    return restricted_load_bytes(data, name), hashlib.md5(data).hexdigest()


def load_cifar10(
    path: Path, splits: Iterable[str] = ("test", "train"), ctx: ProgressContext | None = None
) -> ImageSet:
    """Load the asked splits of the CIFAR-10 copy at ``path`` that it holds; writes nothing.

    A split whose files are all missing (or some of them) is left out and named in ``notes``;
    if none of the asked splits is complete, that is a DataError. ``verified`` is True iff every
    file read matched its official MD5; a copy that differs (a teacher's subset) still loads,
    with the differing files named in ``notes``.
    """
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
    missing = missing_splits(root, splits)
    present = [s for s in splits if s not in missing]
    if not present:
        first = next(f for files in missing.values() for f in files)
        raise DataError(Message(QT_TR_NOOP("{file}: missing file"), file=first))
    files = [META_FILE, *(f for s in present for f in SPLIT_FILES[s])]
    ctx.progress(0, len(files))

    meta, meta_md5 = _read(root, META_FILE, ctx)
    md5s = {META_FILE: meta_md5}
    classes = label_names(meta, META_FILE)
    loaded: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for i, name in enumerate(files[1:], start=1):
        ctx.check()
        ctx.progress(i, len(files))
        batch, md5s[name] = _read(root, name, ctx)
        loaded[name] = batch_arrays(batch, name, len(classes))
        del batch  # the arrays are views or copies of it; let the raw dict go early
    ctx.check()
    expected = official_md5s()
    differ = [f for f in files if md5s[f] != expected[f]]
    ctx.progress(len(files), len(files))

    result = {s: _split(s, [loaded[f] for f in SPLIT_FILES[s]]) for s in present}
    notes: list[str] = [_missing_note(s, files) for s, files in missing.items()]
    if differ:
        notes.insert(0, Message(QT_TR_NOOP("checksums differ: {files}"), files=", ".join(differ)))
    return ImageSet("CIFAR-10", "cifar10", result, classes, not differ, root, notes)
