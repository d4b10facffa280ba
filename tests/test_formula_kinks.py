"""Every kink of a periodic own activation inside the plotted range is found and marked."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import catalogue
from engine.curves import compute_curve
from engine.formula_spec import make_spec
from tests.conftest import wait_settled


def multiples_of_pi(lo: float, hi: float) -> list[float]:
    return [k * math.pi for k in range(math.ceil(lo / math.pi), math.floor(hi / math.pi) + 1)]


@pytest.mark.parametrize("x_range", [(-6.0, 6.0), (-300.0, 50.0), (-1e4, 1e4), (9000.0, 1e4)])
def test_abs_sin_has_every_kink_in_the_range(x_range):
    spec = make_spec("abs(sin(x))")
    curve = compute_curve(spec, {}, x_range, 2001)
    expected = multiples_of_pi(*x_range)
    assert len(expected) >= 3
    got = [k.x for k in curve.kinks]
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-12)
    # Each one is a real kink: autograd's f′ there against the one-sided limits ±|cos|.
    for k in curve.kinks[:: max(1, len(curve.kinks) // 50)]:
        assert abs(k.left) == pytest.approx(1.0, abs=1e-6)
        assert k.right == pytest.approx(-k.left, abs=1e-6)
        # sin(k·π) in floats is not exactly 0: PyTorch takes one side's value (0 at an exact 0).
        assert min(abs(k.torch_value - k.left), abs(k.torch_value - k.right)) < 1e-6 or (
            k.torch_value == 0.0
        )
        if (x_range[1] - x_range[0]) / 2000 < math.pi / 2:  # kinks sparser than the grid
            assert curve.x[np.argmin(np.abs(curve.x - k.x))] == k.x  # drawn at exactly x


def test_a_periodic_condition_far_from_zero_and_the_old_cap():
    # Before, only the 48 switches nearest 0 were kept: none at all far out.
    spec = make_spec("where(sin(a*x) > 0, x, 0)", {"a": (0.0, 5.0)})
    curve = compute_curve(spec, {"a": 2.0}, (400.0, 500.0), 2001)
    expected = [
        k * math.pi / 2 for k in range(math.ceil(800 / math.pi), math.floor(1000 / math.pi) + 1)
    ]
    assert [k.x for k in curve.kinks] == pytest.approx(expected, rel=1e-12)


def test_built_in_kinks_are_unchanged_by_the_range():
    for key, params, where in (
        ("relu", {}, [0.0]),
        ("hardtanh", {"min_val": -2.0, "max_val": 2.0}, [-2.0, 2.0]),
        ("relu6", {}, [0.0, 6.0]),
    ):
        spec = catalogue.get(key)
        assert [k.x for k in compute_curve(spec, params, (-1e4, 1e4), 2001).kinks] == where


@pytest.fixture(autouse=True)
def forget_own_activations():
    before = dict(catalogue._USER)
    yield
    catalogue._USER.clear()
    catalogue._USER.update(before)


def test_explorer_marks_every_kink_over_a_wide_zoom(qtbot, main_window):
    explorer = main_window.explorer
    spec = make_spec("abs(sin(x))")
    explorer.add_own(spec)
    wait_settled(qtbot, explorer)
    assert explorer.state.set_x_range(-1e4, 1e4) is None

    def drawn() -> bool:
        return len(explorer.curves.items[spec.key].kinks) > 3 and explorer.is_settled

    qtbot.waitUntil(drawn, timeout=60_000)
    items = explorer.curves.items[spec.key]
    expected = multiples_of_pi(-1e4, 1e4)
    assert [k.x for k in items.kinks] == pytest.approx(expected, rel=1e-12, abs=1e-12)
    # A filled dot per kink where PyTorch's f′ is, an open circle at each one-sided limit it
    # does not take (at x = 0 it takes neither: sign(0) = 0).
    marks = items.d_marks.data
    assert len(marks) == 2 * len(expected) + 1
    assert sorted({float(x) for x in marks["x"]}) == [k.x for k in items.kinks]
