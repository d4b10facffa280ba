"""A user's own folder of images (one sub-folder per class), resized to small squares.

Read with torchvision's ``ImageFolder`` (so class = sub-folder, the layout students meet in
tutorials) and turned into the same uint8 ``N×3×size×size`` arrays as CIFAR-10.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from engine.datasets import NULL_CONTEXT, DataError, ImageSet, ProgressContext, Split, one_line
from engine.messages import QT_TR_NOOP, Message

__all__ = ["load_image_folder"]

_PROGRESS_EVERY = 16


def _open_rgb(size: int) -> Any:
    from PIL import Image

    def load(path: str) -> Any:
        with Image.open(path) as image:
            # JPEG can decode at 1/2…1/8 scale: photos load many times faster, and we only
            # need a few times the final size for a good downscale.
            image.draft("RGB", (size * 4, size * 4))
            return image.convert("RGB")

    return load


def _transform(size: int) -> Any:
    from torchvision.transforms import v2

    return v2.Compose(
        [v2.PILToTensor(), v2.Resize(size, antialias=True), v2.CenterCrop(size)]
    )  # uint8 (3, size, size)


def _dataset(path: Path, size: int) -> Any:
    from torchvision.datasets import ImageFolder

    if not path.is_dir():
        raise DataError(Message(QT_TR_NOOP("{path}: no such folder"), path=str(path)))
    if not any(entry.is_dir() for entry in path.iterdir()):
        raise DataError(
            Message(
                QT_TR_NOOP("{folder}: no class folders (put the images in one folder per class)"),
                folder=path.name,
            )
        )
    try:
        dataset = ImageFolder(
            str(path), transform=_transform(size), loader=_open_rgb(size), allow_empty=True
        )
    except (FileNotFoundError, OSError) as exc:
        raise DataError(
            Message(
                QT_TR_NOOP("{folder}: cannot read the folder ({detail})"),
                folder=path.name,
                detail=one_line(exc),
            )
        ) from None
    if not dataset.samples:
        raise DataError(
            Message(
                QT_TR_NOOP("{folder}: no images in the class folders (PNG, JPEG, BMP, …)"),
                folder=path.name,
            )
        )
    return dataset


def _pick(total: int, max_images: int) -> np.ndarray:
    """Indices of at most ``max_images`` samples, spread evenly so every class keeps its share
    (the samples are sorted by class)."""
    if total <= max_images:
        return np.arange(total)
    return np.unique(np.linspace(0, total - 1, max_images).round().astype(np.int64))


def load_image_folder(
    path: Path, size: int = 32, ctx: ProgressContext | None = None, max_images: int = 5000
) -> ImageSet:
    """Load the images below ``path`` (``path/<class>/<image>``), each resized to size×size.

    The shorter side is scaled to ``size`` and the centre cropped. At most ``max_images`` are
    read (spread over the classes; a note says so). Any unreadable image is a DataError.
    """
    ctx = ctx or NULL_CONTEXT
    path = Path(path)
    dataset = _dataset(path, size)
    chosen = _pick(len(dataset.samples), max_images)
    images = np.empty((len(chosen), 3, size, size), dtype=np.uint8)
    labels = np.empty(len(chosen), dtype=np.int64)
    for row, index in enumerate(chosen):
        if row % _PROGRESS_EVERY == 0:
            ctx.check()
            ctx.progress(row, len(chosen))
        file, label = dataset.samples[index]
        try:
            tensor, _ = dataset[int(index)]
        except Exception as exc:  # PIL raises many types for broken files
            name = Path(file).relative_to(path).as_posix()
            raise DataError(
                Message(
                    QT_TR_NOOP("{file}: unreadable image ({detail})"),
                    file=name,
                    detail=one_line(exc),
                )
            ) from None
        images[row] = tensor.numpy()
        labels[row] = label
    ctx.progress(len(chosen), len(chosen))
    notes = []
    if len(chosen) < len(dataset.samples):
        notes.append(f"{len(chosen)} of {len(dataset.samples)} images, spread over the classes")
    split = Split("all", images, labels)
    return ImageSet(path.name, "folder", {"all": split}, list(dataset.classes), None, path, notes)
