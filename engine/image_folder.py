"""A user's own folder of images (one sub-folder per class), resized to small squares.

The layout students meet in tutorials (torchvision's ``ImageFolder``: class = sub-folder, the
classes sorted by name, the files of a class sorted by path), turned into the same uint8
``N×3×size×size`` arrays as CIFAR-10.

A folder is whatever the user picked, so the walk is bounded: symlinked folders are not followed
(a link to ``.`` would loop for ever), a folder seen twice is skipped, and at most
:data:`MAX_ENTRIES` names are looked at (``/proc`` never ends otherwise). Each image is read as
a regular file of at most :data:`MAX_IMAGE_BYTES` (a pipe named ``a.png`` would block), and one
with more than :data:`MAX_PIXELS` pixels is refused from its header, before it is decoded: a
424 KB PNG can hold 12 000 × 12 000 pixels, 2 GB once decoded.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.datasets import NULL_CONTEXT, DataError, ImageSet, ProgressContext, Split, one_line
from engine.errors import EngineError
from engine.messages import QT_TR_NOOP, Message
from engine.safe_files import MB, FileRefused, clean_text, read_bytes

if TYPE_CHECKING:  # annotations only: PIL and torch load when a folder is read
    import torch
    from PIL import Image

__all__ = [
    "IMAGE_EXTENSIONS",
    "IMAGE_SIZE",
    "MAX_ENTRIES",
    "MAX_IMAGES",
    "MAX_PIXELS",
    "draft_small",
    "folder_transform",
    "load_image_folder",
    "rgb_small",
    "scan_folder",
    "spread_pick",
]

# torchvision's IMG_EXTENSIONS, so a folder loads here as it would in a tutorial.
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp")
MAX_ENTRIES = 200_000  # names looked at while walking, in all
MAX_IMAGE_BYTES = 64 * MB
MAX_PIXELS = 40_000_000  # after JPEG's reduced decoding; a 40 MP RGB image is 120 MB
IMAGE_SIZE = 32  # the side of the squares the images become
MAX_IMAGES = 5000  # images read from one folder, spread over the classes
_PROGRESS_EVERY = 16
_CHECK_EVERY = 256  # names walked between cancellation checks


def _name(path: Path, root: Path) -> str:
    return clean_text(path.relative_to(root).as_posix())


class _Walk:
    """Counts what the walk has looked at, across class folders, and stops at the limit."""

    def __init__(self, root: Path, ctx: ProgressContext) -> None:
        self.root, self.ctx = root, ctx
        self.entries = 0
        self.seen: set[tuple[int, int]] = set()

    def tick(self) -> None:
        self.entries += 1
        if self.entries % _CHECK_EVERY == 0:
            self.ctx.check()
        if self.entries > MAX_ENTRIES:
            raise DataError(
                Message(
                    QT_TR_NOOP(
                        "{folder}: more than {limit} files and folders to look through; "
                        "pick a folder that holds only the class folders"
                    ),
                    folder=clean_text(self.root.name or str(self.root)),
                    limit=MAX_ENTRIES,
                )
            )

    def first_visit(self, path: Path) -> bool:
        try:
            info = os.stat(path, follow_symlinks=False)
        except OSError:
            return False
        key = (info.st_dev, info.st_ino)
        if key in self.seen:  # a bind mount or a hard-linked folder loops too
            return False
        self.seen.add(key)
        return True

    def images_below(self, folder: Path) -> list[Path]:
        """Image files below ``folder``, sorted by path, not following symlinked folders."""
        found: list[Path] = []
        stack = [folder]
        while stack:
            current = stack.pop()
            if not self.first_visit(current):
                continue
            try:
                entries = list(os.scandir(current))
            except OSError:
                continue  # an unreadable sub-folder holds nothing we can show
            for entry in entries:
                self.tick()
                try:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
                    elif entry.name.lower().endswith(IMAGE_EXTENSIONS):
                        found.append(Path(entry.path))
                except OSError:
                    continue
        return sorted(found)


def scan_folder(
    path: Path, ctx: ProgressContext | None = None
) -> tuple[list[str], list[tuple[Path, int]]]:
    """``(classes, [(image path, class index), …])`` of the folder, the way ImageFolder orders
    them; DataError for a folder that is not an image folder."""
    ctx = ctx or NULL_CONTEXT
    path = Path(path)
    folder = clean_text(path.name or str(path))
    if not path.is_dir():
        raise DataError(Message(QT_TR_NOOP("{path}: no such folder"), path=clean_text(str(path))))
    walk = _Walk(path, ctx)
    walk.first_visit(path)
    try:
        top = list(os.scandir(path))
    except OSError as exc:
        raise DataError(
            Message(
                QT_TR_NOOP("{folder}: cannot read the folder ({detail})"),
                folder=folder,
                detail=clean_text(one_line(exc)),
            )
        ) from None
    class_dirs = []
    for entry in top:
        walk.tick()
        try:
            if entry.is_dir(follow_symlinks=False):
                class_dirs.append(entry.name)
        except OSError:
            continue
    if not class_dirs:
        raise DataError(
            Message(
                QT_TR_NOOP("{folder}: no class folders (put the images in one folder per class)"),
                folder=folder,
            )
        )
    classes = sorted(class_dirs)
    samples = [
        (image, index)
        for index, name in enumerate(classes)
        for image in walk.images_below(path / name)
    ]
    if not samples:
        raise DataError(
            Message(
                QT_TR_NOOP("{folder}: no images in the class folders (PNG, JPEG, BMP, …)"),
                folder=folder,
            )
        )
    return [clean_text(c) for c in classes], samples


def _too_many_pixels(width: int, height: int) -> Message:
    return Message(
        QT_TR_NOOP("{width} × {height} pixels, more than {limit} million"),
        width=width,
        height=height,
        limit=MAX_PIXELS // 1_000_000,
    )


class _Refused(EngineError):
    """An image file that is not decoded; ``message`` says why."""


def _open_rgb(path: Path, size: int, check: Any) -> Any:
    """The image at ``path`` as RGB, decoded at a few times ``size`` where the format allows."""
    from PIL import Image, UnidentifiedImageError

    try:
        data = read_bytes(path, MAX_IMAGE_BYTES, check)
    except FileRefused as exc:
        raise _Refused(exc.message) from None
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; the pixel count is checked below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise _Refused(Message(QT_TR_NOOP("not in a picture format that can be read"))) from None
    except Image.DecompressionBombError:
        raise _Refused(
            Message(QT_TR_NOOP("far more than {limit} million pixels"), limit=MAX_PIXELS // 10**6)
        ) from None
    with opened as image:
        draft_small(image, size)
        width, height = image.size
        if width * height > MAX_PIXELS:  # known from the header; nothing decoded yet
            raise _Refused(_too_many_pixels(width, height))
        return rgb_small(image, size)


# The next four are the whole recipe from a file to the lab's pixels; the network lab's "Show
# code" script carries their code (engine.codegen_source), so keep them self-contained.
def draft_small(image: Image.Image, size: int) -> None:
    """Ask the decoder for a few times ``size``: JPEG can decode at 1/2…1/8 scale, so photos
    load many times faster, and a few times the final size is enough for a good downscale."""
    image.draft("RGB", (size * 4, size * 4))


def rgb_small(image: Image.Image, size: int) -> Image.Image:
    """The image as RGB, shrunk first by a whole factor (a box filter, cheap) so that the
    resize works on a few times the final size instead of the whole picture."""
    rgb = image.convert("RGB")
    factor = min(rgb.size) // (size * 4)
    return rgb.reduce(factor) if factor >= 2 else rgb


def folder_transform(size: int) -> Callable[[Image.Image], torch.Tensor]:
    """PIL image -> uint8 (3, size, size): the shorter side scaled to ``size``, centre cropped."""
    from torchvision.transforms import v2

    return v2.Compose([v2.PILToTensor(), v2.Resize(size, antialias=True), v2.CenterCrop(size)])


def spread_pick(total: int, max_images: int) -> np.ndarray:
    """Indices of at most ``max_images`` samples, spread evenly so every class keeps its share
    (the samples are sorted by class)."""
    if total <= max_images:
        return np.arange(total)
    return np.unique(np.linspace(0, total - 1, max_images).round().astype(np.int64))


def _unreadable(name: str, detail: str) -> DataError:
    return DataError(
        Message(QT_TR_NOOP("{file}: unreadable image ({detail})"), file=name, detail=detail)
    )


def load_image_folder(
    path: Path,
    size: int = IMAGE_SIZE,
    ctx: ProgressContext | None = None,
    max_images: int = MAX_IMAGES,
) -> ImageSet:
    """Load the images below ``path`` (``path/<class>/<image>``), each resized to size×size.

    The shorter side is scaled to ``size`` and the centre cropped. At most ``max_images`` are
    read (spread over the classes; a note says so). Any unreadable image is a DataError.
    """
    ctx = ctx or NULL_CONTEXT
    path = Path(path)
    classes, samples = scan_folder(path, ctx)
    transform = folder_transform(size)
    chosen = spread_pick(len(samples), max_images)
    images = np.empty((len(chosen), 3, size, size), dtype=np.uint8)
    labels = np.empty(len(chosen), dtype=np.int64)
    for row, index in enumerate(chosen):
        if row % _PROGRESS_EVERY == 0:
            ctx.check()
            ctx.progress(row, len(chosen))
        file, label = samples[index]
        try:
            tensor = transform(_open_rgb(file, size, ctx.check))
        except _Refused as exc:
            raise _unreadable(_name(file, path), exc.message) from None
        except DataError:
            raise
        except Exception as exc:  # PIL raises many types for broken files
            if type(exc).__name__ == "Cancelled":
                raise
            raise _unreadable(_name(file, path), clean_text(one_line(exc))) from None
        images[row] = tensor.numpy()
        labels[row] = label
    ctx.progress(len(chosen), len(chosen))
    notes: list[str] = []
    if len(chosen) < len(samples):
        notes.append(
            Message(
                QT_TR_NOOP("{shown} of {total} images, spread over the classes"),
                shown=len(chosen),
                total=len(samples),
            )
        )
    split = Split("all", images, labels)
    name = clean_text(path.name)
    return ImageSet(name, "folder", {"all": split}, classes, None, path, notes)
