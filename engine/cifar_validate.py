"""Checking what a CIFAR-10 file holds: label names, a batch's images and labels.

The restricted unpickler only guarantees plain data; these checks make sure it is the data of a
CIFAR-10 file, and say in one line what is wrong when it is not.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.cifar_files import IMAGE_SHAPE
from engine.cifar_unpickle import text_of
from engine.datasets import DataError
from engine.messages import QT_TR_NOOP, Message

__all__ = ["batch_arrays", "label_names"]

_PIXELS = 3 * 32 * 32


def _entry(batch: dict, key: str, name: str) -> Any:
    if key not in batch:
        raise DataError(Message(QT_TR_NOOP("{file}: no '{key}' entry"), file=name, key=key))
    return batch[key]


def label_names(meta: dict, name: str) -> list[str]:
    names = _entry(meta, "label_names", name)
    if not isinstance(names, (list, tuple)) or not names:
        raise DataError(
            Message(QT_TR_NOOP("{file}: 'label_names' is not a non-empty list"), file=name)
        )
    texts = [text_of(n) for n in names]
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


def batch_arrays(batch: dict, name: str, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """The checked ``(images N×3×32×32 uint8, labels int64)`` of a loaded batch file."""
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
