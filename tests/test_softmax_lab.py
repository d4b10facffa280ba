"""Softmax lab: every number compared with torch."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.softmax_lab import (
    FLOAT32_EXP_LIMIT,
    analyse,
    log_softmax,
    naive_vs_stable,
    sigmoid,
    softmax,
)

logits_st = st.lists(
    st.floats(-10, 10, allow_nan=False, allow_infinity=False), min_size=2, max_size=10
)
temps = st.floats(0.1, 5.0)


@settings(max_examples=60, deadline=None)
@given(logits_st, temps)
def test_softmax_and_log_softmax_equal_torch(logits, T):
    x = torch.tensor(logits, dtype=torch.float64) / T
    np.testing.assert_allclose(softmax(logits, T), torch.softmax(x, 0).numpy(), rtol=1e-12)
    np.testing.assert_allclose(
        log_softmax(logits, T), torch.log_softmax(x, 0).numpy(), rtol=1e-12, atol=1e-12
    )
    view = analyse(logits, T)
    assert view.total == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(view.probs, torch.softmax(x, 0).numpy(), rtol=1e-12)
    np.testing.assert_allclose(np.exp(view.log_probs), view.probs, rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.floats(-10, 10), st.floats(-10, 10), temps)
def test_two_classes_are_sigmoid_of_the_difference(a, b, T):
    view = analyse([a, b], T)
    expected = torch.sigmoid(torch.tensor((a - b) / T, dtype=torch.float64)).item()
    assert view.sigmoid_of_difference == pytest.approx(expected, rel=1e-12, abs=1e-300)
    assert view.probs[0] == pytest.approx(expected, rel=1e-12, abs=1e-300)
    assert analyse([a, b, 0.0], T).sigmoid_of_difference is None


def test_sigmoid_does_not_overflow():
    assert sigmoid(1000.0) == 1.0 and sigmoid(-1000.0) == 0.0
    assert sigmoid(0.0) == 0.5


def test_temperature_flattens_or_sharpens():
    x = [2.0, 1.0, 0.1]
    hot, one, cold = (analyse(x, t).probs for t in (5.0, 1.0, 0.2))
    assert hot.max() < one.max() < cold.max()
    assert np.argmax(hot) == np.argmax(cold) == 0


def torch_naive_and_stable(logits, shift, T):
    z = (torch.tensor(logits, dtype=torch.float32) + shift) / T
    e = torch.exp(z)
    return z, e, e / e.sum(), torch.softmax(z, 0)


@pytest.mark.parametrize(
    ("logits", "shift", "T"),
    [
        ([2.0, 1.0, 0.1], 0.0, 1.0),
        ([2.0, 1.0, 0.1], 90.0, 1.0),  # every exp overflows: inf / inf
        ([2.0, 1.0, -3.0], 87.5, 1.0),  # only the largest overflows: inf / inf and x / inf
        ([2.0, 1.0, 0.1], -120.0, 1.0),  # every exp underflows: 0 / 0
        ([5.0, 1.0], 50.0, 0.5),  # the temperature doubles them past the limit
        ([10.0, -10.0, 3.0, 0.0, 7.5], 500.0, 2.0),
    ],
)
def test_naive_vs_stable_equals_torch_in_float32(logits, shift, T):
    table = naive_vs_stable(logits, shift, T)
    z, e, naive, stable = torch_naive_and_stable(logits, shift, T)
    assert table.z.dtype == np.float32 and table.stable.dtype == np.float32
    np.testing.assert_array_equal(table.z, z.numpy())
    np.testing.assert_allclose(table.exp_naive, e.numpy(), rtol=1e-6)
    np.testing.assert_allclose(table.naive, naive.numpy(), rtol=1e-6, equal_nan=True)
    np.testing.assert_allclose(table.stable, stable.numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(np.isnan(table.naive), torch.isnan(naive).numpy())
    # The stable one is the float64 softmax whatever the shift: softmax(x + c) = softmax(x).
    np.testing.assert_allclose(table.stable, softmax(logits, T), rtol=1e-5, atol=1e-7)
    assert table.exp_stable.max() == 1.0 and (table.shifted <= 0).all()
    assert table.naive_broken == bool(torch.isnan(naive).any() or torch.isinf(naive).any())


def test_naive_breaks_exactly_past_the_float32_exp_limit():
    assert abs(FLOAT32_EXP_LIMIT - 88.7228) < 1e-3
    assert not naive_vs_stable([0.0, 0.0], shift=88.0).naive_broken
    broken = naive_vs_stable([0.0, 0.0], shift=89.0)
    assert broken.naive_broken and np.isinf(broken.exp_naive).all()
    assert np.isnan(broken.naive).all()
    np.testing.assert_allclose(broken.stable, [0.5, 0.5])
    assert math.isinf(torch.exp(torch.tensor(89.0)).item())  # torch's float32 agrees
    assert math.isfinite(torch.exp(torch.tensor(88.0)).item())


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        softmax([1.0])
    with pytest.raises(ValueError):
        softmax(list(range(11)))
    with pytest.raises(ValueError):
        softmax([1.0, 2.0], temperature=0.0)
