"""How long the hover readout's numbers are at every grid point, without formatting each one.

The readout prints values with ``{:.4g}``. The length of such a text follows from the sign, the
decimal exponent and the trailing zeros of the four significant digits, which numpy computes for
a whole curve at once (formatting 2 001 points per curve in Python costs milliseconds on every
slider step). The readout then measures only its longest texts to reserve the height they need.
"""

from __future__ import annotations

import numpy as np


def g4_lengths(values: np.ndarray) -> np.ndarray:
    """``len(f"{v:.4g}")`` for each value (exact but for rare ties in the last digit's rounding)."""
    v = np.asarray(values, dtype=float)
    out = np.zeros(v.shape, dtype=int)
    finite = np.isfinite(v) & (v != 0)
    a = np.abs(np.where(finite, v, 1.0))
    exponent = np.floor(np.log10(a)).astype(int)
    digits = np.rint(a / 10.0 ** (exponent - 3)).astype(np.int64)  # 1000..10000
    carry = digits >= 10_000
    exponent = exponent + carry
    digits = np.where(carry, digits // 10, digits)
    kept = 4 - (digits % 10 == 0) - (digits % 100 == 0) - (digits % 1000 == 0)
    plain = (exponent >= -4) & (exponent < 4)
    whole = np.maximum(exponent + 1, 1)
    decimals = np.where(exponent >= 0, np.maximum(kept - exponent - 1, 0), -exponent - 1 + kept)
    fixed_len = np.where(exponent >= 0, whole, 1) + np.where(decimals > 0, 1 + decimals, 0)
    exp_digits = np.maximum(2, np.floor(np.log10(np.maximum(np.abs(exponent), 1))).astype(int) + 1)
    sci_len = kept + (kept > 1) + 2 + exp_digits
    out = np.where(plain, fixed_len, sci_len) + (v < 0)
    out = np.where(v == 0, 1 + np.signbit(v), out)
    out = np.where(np.isnan(v), 3, out)
    return np.where(np.isinf(v), 3 + (v < 0), out)
