"""The readout's number lengths from numpy equal the lengths of the texts it prints."""

from __future__ import annotations

import numpy as np

from gui.readout_width import g4_lengths


def test_lengths_equal_the_formatted_texts():
    rng = np.random.default_rng(7)
    values = rng.standard_normal(4000) * 10.0 ** rng.integers(-12, 12, 4000)
    # Round numbers (trailing zeros dropped), the edges of plain notation, and the specials.
    values[:24] = [0.0, -0.0, 1.0, -1.0, 0.5, 1000.0, 9999.0, 10000.0, 1e-4, 9.9999e-5,
                   0.0001234, -0.0001234, 123456.0, 1e100, -1.5e-100, 1e308, np.inf, -np.inf,
                   np.nan, 6.0, -5.994, 0.25, 1.2e-5, 99999.0]  # fmt: skip
    expected = np.array([len(f"{v:.4g}") for v in values])
    assert (g4_lengths(values) == expected).all()
    grid = np.linspace(-6, 6, 2001)
    assert (g4_lengths(grid) == [len(f"{v:.4g}") for v in grid]).all()
