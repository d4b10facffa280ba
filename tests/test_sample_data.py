"""The built-in generated sample set."""

from __future__ import annotations

import numpy as np
import pytest

from engine.sample_data import SAMPLE_CLASSES, generate_samples


def test_shape_labels_and_metadata():
    data = generate_samples(per_class=5)
    assert (data.name, data.kind, data.verified, data.root) == (
        "Generated samples",
        "samples",
        None,
        None,
    )
    assert list(data.splits) == ["all"]
    split = data.splits["all"]
    n = 5 * len(SAMPLE_CLASSES)
    assert 6 <= len(data.classes) <= 10 and data.classes == list(SAMPLE_CLASSES)
    assert split.images.shape == (n, 3, 32, 32) and split.images.dtype == np.uint8
    assert split.images.flags.c_contiguous
    assert split.labels.dtype == np.int64
    assert split.labels.tolist() == list(range(len(SAMPLE_CLASSES))) * 5  # interleaved
    assert data.summary().startswith(f"samples: all {n}; {len(SAMPLE_CLASSES)} classes (")


def test_deterministic_per_seed():
    a, b = generate_samples(seed=3), generate_samples(seed=3)
    assert np.array_equal(a.splits["all"].images, b.splits["all"].images)
    c = generate_samples(seed=4)
    assert not np.array_equal(a.splits["all"].images, c.splits["all"].images)
    assert np.array_equal(a.splits["all"].labels, c.splits["all"].labels)


def test_full_range_on_every_channel():
    images = generate_samples().splits["all"].images
    for channel in range(3):
        assert images[:, channel].min() == 0 and images[:, channel].max() == 255


def test_every_image_is_different():
    images = generate_samples().splits["all"].images
    assert len(np.unique(images.reshape(len(images), -1), axis=0)) == len(images)


def _by_class(name: str) -> np.ndarray:
    data = generate_samples()
    split = data.splits["all"]
    return split.images[split.labels == data.classes.index(name)].astype(np.float64)


def test_classes_are_recognisable():
    assert _by_class("dark").max() <= 60
    assert _by_class("bright").min() >= 195
    noise = _by_class("noise")
    smooth = _by_class("colour ramp")

    def roughness(images: np.ndarray) -> float:  # mean jump between neighbouring pixels
        return float(np.abs(np.diff(images, axis=-1)).mean())

    assert roughness(noise) > 60 > 20 > roughness(smooth)
    for sharp in ("stripes", "checkerboard", "disc"):
        # Two colours far apart: most pixels sit within 40 of 0 or 255 on every channel.
        values = _by_class(sharp)
        assert ((values <= 40) | (values >= 215)).mean() > 0.9, sharp
    assert _by_class("rings").std() > 60


def test_class_means_differ():
    data = generate_samples()
    split = data.splits["all"]
    stats = [
        (split.images[split.labels == k].mean(), split.images[split.labels == k].std())
        for k in range(len(data.classes))
    ]
    assert len({(round(m), round(s)) for m, s in stats}) == len(stats)


@pytest.mark.parametrize("per_class", [1, 7])
def test_sizes(per_class: int):
    assert len(generate_samples(per_class=per_class).splits["all"]) == per_class * len(
        SAMPLE_CLASSES
    )


def test_rejects_an_empty_request():
    with pytest.raises(ValueError):
        generate_samples(per_class=0)
