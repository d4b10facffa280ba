"""A built-in generated image set, so the image panel always has something to show.

32×32 RGB uint8 images in a few clearly different classes. Together they cover 0–255 on every
channel, and the "dark" and "bright" classes sit at the two ends of the range, which is where
activations such as Sigmoid visibly squeeze or keep the values. The pixels come from
:mod:`engine.sample_pixels` (numpy only, so a generated script can carry the same code).
"""

from __future__ import annotations

from engine.datasets import ImageSet, Split
from engine.messages import QT_TR_NOOP
from engine.sample_pixels import GENERATORS, sample_pixels

__all__ = ["SAMPLE_CLASSES", "SAMPLE_PER_CLASS", "SAMPLE_SEED", "generate_samples"]

# The classes' names, in the order of sample_pixels.GENERATORS.
SAMPLE_CLASSES: tuple[str, ...] = (
    QT_TR_NOOP("colour ramp"),
    QT_TR_NOOP("stripes"),
    QT_TR_NOOP("checkerboard"),
    QT_TR_NOOP("disc"),
    QT_TR_NOOP("rings"),
    QT_TR_NOOP("noise"),
    QT_TR_NOOP("dark"),
    QT_TR_NOOP("bright"),
)
if len(SAMPLE_CLASSES) != len(GENERATORS):
    raise ImportError("engine.sample_data: one name per generator of engine.sample_pixels")

SAMPLE_PER_CLASS = 60  # the set the program shows
SAMPLE_SEED = 0


def generate_samples(per_class: int = SAMPLE_PER_CLASS, seed: int = SAMPLE_SEED) -> ImageSet:
    """The generated set: ``per_class`` images of each class, classes interleaved (image ``i``
    has class ``i % len(classes)``), identical for the same ``seed``."""
    if per_class < 1:
        raise ValueError(f"per_class must be at least 1, got {per_class}")
    images, labels = sample_pixels(per_class, seed)
    split = Split("all", images, labels)
    # Class and set names are English data; the GUI shows them through tr().
    return ImageSet(
        QT_TR_NOOP("Generated samples"), "samples", {"all": split}, list(SAMPLE_CLASSES), None
    )
