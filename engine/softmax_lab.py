"""Softmax lab: probabilities from logits, temperature, log-softmax, and why libraries subtract
the maximum before exponentiating.

numpy only (tiny vectors): the GUI may call these directly on its thread. The tests compare every
number with ``torch.softmax``, ``torch.log_softmax`` and ``torch.sigmoid``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LOGITS_RANGE = (2, 10)
DEFAULT_LOGITS: tuple[float, ...] = (2.0, 1.0, 0.1)  # the lab opens on these
LOGIT_RANGE = (-10.0, 10.0)
TEMPERATURE_RANGE = (0.1, 5.0)
DEFAULT_TEMPERATURE = 1.0
SHIFT_RANGE = (-150.0, 150.0)  # c added to every logit in the naive-vs-stable table
DEFAULT_SHIFT = 0.0  # open on a calm table; the teacher goes to the overflow with one click
FLOAT32_EXP_LIMIT = float(np.log(np.finfo(np.float32).max))  # ≈ 88.72: exp overflows above


def _scaled(logits, temperature: float, dtype=np.float64) -> np.ndarray:
    x = np.asarray(logits, dtype=dtype)
    if x.ndim != 1 or not LOGITS_RANGE[0] <= x.size <= LOGITS_RANGE[1]:
        raise ValueError(f"need {LOGITS_RANGE[0]}–{LOGITS_RANGE[1]} logits, got shape {x.shape}")
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, not {temperature}")
    return x / dtype(temperature)


def softmax(logits, temperature: float = 1.0) -> np.ndarray:
    """softmax(x / T) in float64, max-subtracted so it never overflows."""
    z = _scaled(logits, temperature)
    e = np.exp(z - z.max())
    return e / e.sum()


def log_softmax(logits, temperature: float = 1.0) -> np.ndarray:
    """log softmax(x / T) = z − max − log Σ exp(z − max): finite even where softmax rounds to 0."""
    z = _scaled(logits, temperature)
    shifted = z - z.max()
    return shifted - np.log(np.exp(shifted).sum())


def sigmoid(x: float) -> float:
    """1 / (1 + e^−x), written so neither branch overflows."""
    if x >= 0:
        return float(1 / (1 + np.exp(-x)))
    e = np.exp(x)
    return float(e / (1 + e))


@dataclass(frozen=True)
class SoftmaxView:
    logits: np.ndarray
    temperature: float
    probs: np.ndarray
    log_probs: np.ndarray
    total: float  # Σ probs: 1 up to rounding
    # Two logits only: σ((x₀ − x₁)/T), equal to probs[0] — Softmax of two classes is Sigmoid.
    sigmoid_of_difference: float | None


def analyse(logits, temperature: float = 1.0) -> SoftmaxView:
    x = np.asarray(logits, dtype=np.float64)
    probs = softmax(x, temperature)
    two = sigmoid((x[0] - x[1]) / temperature) if x.size == 2 else None
    return SoftmaxView(
        logits=x,
        temperature=float(temperature),
        probs=probs,
        log_probs=log_softmax(x, temperature),
        total=float(probs.sum()),
        sigmoid_of_difference=two,
    )


@dataclass(frozen=True)
class NaiveVsStable:
    """Both formulas on z = (x + shift) / T in float32, column by column."""

    z: np.ndarray  # the float32 inputs
    exp_naive: np.ndarray  # exp(z): inf once z > 88.72, 0 once z < −103
    naive: np.ndarray  # exp(z) / Σ exp(z): NaN from inf / inf or 0 / 0
    shifted: np.ndarray  # z − max(z) ≤ 0
    exp_stable: np.ndarray  # exp(z − max) ∈ (0, 1]: never overflows, the largest is exactly 1
    stable: np.ndarray

    @property
    def naive_broken(self) -> bool:
        return not bool(np.isfinite(self.naive).all())


def naive_vs_stable(logits, shift: float = 0.0, temperature: float = 1.0) -> NaiveVsStable:
    """The textbook exp(z)/Σexp(z) beside the max-subtracted one, in float32 as a network runs.

    Softmax is unchanged by adding the same ``shift`` to every logit, so both columns should be
    equal; with large logits the naive one overflows (inf / inf = NaN) or underflows (0 / 0).
    """
    x = np.asarray(logits, dtype=np.float32) + np.float32(shift)
    z = _scaled(x, temperature, np.float32)
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        exp_naive = np.exp(z)
        naive = exp_naive / exp_naive.sum(dtype=np.float32)
        shifted = z - z.max()
        exp_stable = np.exp(shifted)
        stable = exp_stable / exp_stable.sum(dtype=np.float32)
    return NaiveVsStable(z, exp_naive, naive, shifted, exp_stable, stable)
