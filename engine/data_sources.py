"""Choosing and opening a data source, as the app and ``main.py --inspect-data`` do.

A folder is CIFAR-10 if it is, or holds, ``cifar-10-batches-py``; otherwise it is read as an
image folder (one sub-folder per class). The generated samples need no folder at all.
"""

from __future__ import annotations

from pathlib import Path

from engine.cifar import ARCHIVE_NAME, find_cifar_dir, load_cifar10
from engine.datasets import DataError, ImageSet, ProgressContext, one_line
from engine.image_folder import load_image_folder
from engine.messages import QT_TR_NOOP, Message

__all__ = ["app_data_cifar_dirs", "find_cifar10", "inspect_data", "open_data"]


def open_data(path: Path, ctx: ProgressContext | None = None) -> ImageSet:
    """Open ``path`` as CIFAR-10 (both splits) or else as an image folder; DataError if bad."""
    path = Path(path)
    if path.is_file():
        if path.name == ARCHIVE_NAME:
            template = QT_TR_NOOP(
                "{file}: a file, not a folder — import it with File > Import CIFAR-10 archive…"
            )
        else:
            template = QT_TR_NOOP("{file}: a file, not a folder")
        raise DataError(Message(template, file=path.name))
    if not path.is_dir():
        raise DataError(Message(QT_TR_NOOP("{path}: no such folder"), path=str(path)))
    if find_cifar_dir(path) is not None:
        return load_cifar10(path, ctx=ctx)
    return load_image_folder(path, ctx=ctx)


def inspect_data(path: Path) -> tuple[int, str]:
    """``(0, summary)`` if ``path`` loads as the app would load it, else ``(2, one-line message)``.

    Never raises for bad data: an unexpected exception is reported as
    ``"<path>: <ExcType>: <message>"`` so the command line never shows a traceback.
    """
    try:
        return 0, open_data(Path(path)).summary()
    except DataError as exc:
        return 2, one_line(exc)
    except Exception as exc:
        return 2, f"{path}: {type(exc).__name__}: {one_line(exc)}"


def app_data_cifar_dirs(app_data_dir: Path, user_dir: Path | None) -> list[Path]:
    """Where the app looks for CIFAR-10, in order: the user's folder, then the app data folder
    (where imports and downloads go). Each may hold ``cifar-10-batches-py`` or be it."""
    places = [Path(user_dir)] if user_dir is not None else []
    if Path(app_data_dir) not in places:
        places.append(Path(app_data_dir))
    return places


def find_cifar10(app_data_dir: Path, user_dir: Path | None) -> Path | None:
    """The first ``cifar-10-batches-py`` found in :func:`app_data_cifar_dirs`, or None."""
    for place in app_data_cifar_dirs(app_data_dir, user_dir):
        found = find_cifar_dir(place)
        if found is not None:
            return found
    return None
