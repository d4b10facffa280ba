"""How the network lab splits a source without a test split (the built-in samples, an image
folder): numpy only, so that the lab's "Show code" script can carry this very code."""

from __future__ import annotations

import numpy as np


def train_test_indices(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted indices of the training and the test images: a fixed random 80 / 20 of ``n``
    (the same for every run), at least one image in each part."""
    order = np.random.default_rng(0).permutation(n)
    cut = max(1, round(n * 0.8))
    if cut >= n:
        cut = n - 1
    return np.sort(order[:cut]), np.sort(order[cut:])
