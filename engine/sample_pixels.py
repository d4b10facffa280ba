"""The pixels of the built-in sample set: numpy only, so that the network lab's "Show code"
script can carry this very code (engine.codegen_source) and generate the same images.

Eight generators, each ``(rng, n) -> float (n, 3, 32, 32)`` in 0–255; :func:`sample_pixels`
draws ``per_class`` images from each, interleaves the classes and rounds to uint8.
"""

from __future__ import annotations

import numpy as np

SIZE = 32
_Y, _X = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32) / (SIZE - 1)  # both in [0, 1]


def _corner_colours(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Two clearly different colours per image, near corners of the RGB cube: (n, 3, 1, 1)."""
    bits_a = rng.integers(0, 2, size=(n, 3))
    flip = rng.integers(1, 8, size=n)  # a non-zero channel mask: at least one channel differs
    bits_b = bits_a ^ ((flip[:, None] >> np.arange(3)) & 1)

    def colour(bits: np.ndarray) -> np.ndarray:
        jitter = rng.integers(0, 41, size=(n, 3))  # stay within 40 of 0 or 255
        return np.where(bits == 1, 255 - jitter, jitter).astype(np.float32)[:, :, None, None]

    return colour(bits_a), colour(bits_b)


def _mix(t: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Blend colours ``a`` → ``b`` by ``t`` in [0, 1] of shape (n, 32, 32)."""
    return a + (b - a) * t[:, None]


def _angle_coordinate(rng: np.random.Generator, n: int) -> np.ndarray:
    """Per image, the position along a random direction, in [0, 1]: (n, 32, 32)."""
    angle = rng.uniform(0, 2 * np.pi, size=(n, 1, 1)).astype(np.float32)
    u = np.cos(angle) * (_X - 0.5) + np.sin(angle) * (_Y - 0.5)
    lo, hi = u.min(axis=(1, 2), keepdims=True), u.max(axis=(1, 2), keepdims=True)
    return (u - lo) / (hi - lo)


def _ramp(rng: np.random.Generator, n: int) -> np.ndarray:
    # Each channel runs the whole 0→255 or 255→0 or stays put, along one direction.
    t = _angle_coordinate(rng, n)[:, None]
    mode = rng.integers(0, 3, size=(n, 3, 1, 1))
    mode[:, 0] = np.where((mode == 2).all(axis=1), 0, mode[:, 0])  # at least one channel ramps
    level = rng.uniform(0, 255, size=(n, 3, 1, 1))
    return np.select([mode == 0, mode == 1], [t * 255, (1 - t) * 255], level)


def _stripes(rng: np.random.Generator, n: int) -> np.ndarray:
    period = rng.integers(4, 11, size=(n, 1, 1))
    coordinate = _angle_coordinate(rng, n) * (SIZE - 1)
    on = (np.floor(coordinate / (period / 2)) % 2).astype(np.float32)
    return _mix(on, *_corner_colours(rng, n))


def _checkerboard(rng: np.random.Generator, n: int) -> np.ndarray:
    cell = rng.integers(2, 9, size=(n, 1, 1))
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    on = ((yy // cell + xx // cell) % 2).astype(np.float32)
    return _mix(on, *_corner_colours(rng, n))


def _radius(rng: np.random.Generator, n: int) -> np.ndarray:
    """Distance from a random centre near the middle, in pixels: (n, 32, 32)."""
    cy, cx = (rng.uniform(0.3, 0.7, size=(2, n, 1, 1)) * (SIZE - 1)).astype(np.float32)
    return np.hypot(_Y * (SIZE - 1) - cy, _X * (SIZE - 1) - cx)


def _disc(rng: np.random.Generator, n: int) -> np.ndarray:
    r = rng.uniform(6, 13, size=(n, 1, 1))
    inside = np.clip(r - _radius(rng, n) + 0.5, 0, 1)  # one pixel of anti-aliasing
    return _mix(inside, *_corner_colours(rng, n))


def _rings(rng: np.random.Generator, n: int) -> np.ndarray:
    wavelength = rng.uniform(4, 9, size=(n, 1, 1))
    t = 0.5 + 0.5 * np.cos(2 * np.pi * _radius(rng, n) / wavelength)
    return _mix(t, *_corner_colours(rng, n))


def _noise(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.uniform(0, 256, size=(n, 3, SIZE, SIZE))


def _shaded(rng: np.random.Generator, n: int, lo: float, hi: float) -> np.ndarray:
    # A soft blob plus a little noise inside [lo, hi]: clearly an image, clearly dark / bright.
    blob = np.exp(-((_radius(rng, n) / rng.uniform(6, 14, size=(n, 1, 1))) ** 2))
    tint = rng.uniform(0.2, 1.0, size=(n, 3, 1, 1))  # a coloured blob
    t = np.clip(blob[:, None] * tint + rng.normal(0, 0.05, size=(n, 3, SIZE, SIZE)), 0, 1)
    return lo + (hi - lo) * t


def _dark(rng: np.random.Generator, n: int) -> np.ndarray:
    return _shaded(rng, n, 0, 60)


def _bright(rng: np.random.Generator, n: int) -> np.ndarray:
    return _shaded(rng, n, 195, 255)


# One class per generator, in this order (engine.sample_data names them).
GENERATORS = (_ramp, _stripes, _checkerboard, _disc, _rings, _noise, _dark, _bright)


def sample_pixels(per_class: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """uint8 images (n, 3, 32, 32) and int64 labels: ``per_class`` images of each generator,
    classes interleaved (image ``i`` has class ``i % 8``), identical for the same ``seed``."""
    rng = np.random.default_rng(seed)
    stacks = [make(rng, per_class) for make in GENERATORS]  # each (per_class, 3, 32, 32)
    pixels = np.stack(stacks, axis=1).reshape(-1, 3, SIZE, SIZE)  # interleave the classes
    images = np.ascontiguousarray(np.clip(np.rint(pixels), 0, 255).astype(np.uint8))
    labels = np.tile(np.arange(len(stacks), dtype=np.int64), per_class)
    return images, labels
