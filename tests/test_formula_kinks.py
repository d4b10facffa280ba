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


def zoom_to(qtbot, explorer, key: str, lo: float, hi: float) -> None:
    assert explorer.state.set_x_range(lo, hi) is None

    def drawn() -> bool:
        items = explorer.curves.items[key]
        return bool(items.kinks) and items.kinks[0].x >= lo and explorer.is_settled

    qtbot.waitUntil(drawn, timeout=60_000)


def marks_of(item) -> list[tuple[float, float]]:
    """The dots a scatter item holds, read back from its data."""
    return sorted(zip(item.data["x"].tolist(), item.data["y"].tolist(), strict=True))


def test_every_kink_in_view_is_marked_where_the_engine_puts_it(qtbot, main_window):
    """±300: 191 kinks of abs(sin(x)), all marked: a filled dot at PyTorch's f′ and an open
    circle at each one-sided limit it does not take, at the engine's own positions."""
    explorer = main_window.explorer
    spec = make_spec("abs(sin(x))")
    explorer.add_own(spec)
    wait_settled(qtbot, explorer)
    zoom_to(qtbot, explorer, spec.key, -300.0, 300.0)
    items = explorer.curves.items[spec.key]
    expected = multiples_of_pi(-300.0, 300.0)
    assert [k.x for k in items.kinks] == pytest.approx(expected, rel=1e-12, abs=1e-12)
    want = []
    for k in items.kinks:
        want.append((k.x, k.torch_value))
        want += [(k.x, v) for v in (k.left, k.right) if abs(v - k.torch_value) > 1e-6]
    assert items.d_marks.isVisible()
    assert marks_of(items.d_marks) == sorted(want)
    assert len(want) == 2 * len(expected) + 1  # at x = 0 PyTorch takes neither limit
    assert not items.f_marks.isVisible()  # f does not jump
    assert not explorer.curves.kink_note.item.isVisible()
    # The f′ line is broken on both sides of every kink.
    kx = np.array([k.x for k in items.kinks])
    at = np.searchsorted(items.x, kx)
    connect = items.d.opts["connect"]
    assert not connect[at].any() and not connect[at - 1].any()


def test_too_many_kinks_in_view_are_counted_not_marked(qtbot, main_window):
    """±10⁴: 6 367 kinks would merge into a band of dots (and cost the GUI thread tens of ms):
    the curve gets no marks, the note in the f′ plot counts them, and a zoom in marks them."""
    from gui.i18n import tr
    from gui.kink_marks import MAX_MARKED, TOO_MANY

    explorer = main_window.explorer
    spec = make_spec("abs(sin(x))")
    explorer.add_own(spec)
    wait_settled(qtbot, explorer)
    zoom_to(qtbot, explorer, spec.key, -1e4, 1e4)
    items = explorer.curves.items[spec.key]
    expected = multiples_of_pi(-1e4, 1e4)
    assert len(items.kinks) == len(expected) > MAX_MARKED
    assert not items.d_marks.isVisible() and len(items.d_marks.data) == 0
    note = explorer.curves.kink_note.item
    assert note.isVisible()
    assert note.text() == tr(TOO_MANY).format(name=items.name, count=len(expected))
    assert "6367 kinks" in note.text()
    # The line breaks are still at every kink.
    at = np.searchsorted(items.x, np.array([k.x for k in items.kinks]))
    assert not items.d.opts["connect"][at].any()

    zoom_to(qtbot, explorer, spec.key, -20.0, 20.0)
    assert not note.isVisible()
    assert {x for x, _ in marks_of(items.d_marks)} == {k.x for k in items.kinks}
    assert len(items.kinks) == len(multiples_of_pi(-20.0, 20.0))


def test_line_breaks_match_the_kinks_one_by_one():
    """The numpy breaks equal a kink-by-kink loop (both sides of each kink; f only at jumps),
    including kinks off the grid's ends."""
    from engine.curves import Kink
    from gui.kink_marks import KinkArrays, breaks

    x = np.linspace(-5, 5, 101)
    kinks = [
        Kink(-7.0, 0, 0, 1, 0, 0, 1),  # before the grid, a jump of f
        Kink(-5.0, 0, 0, 1, 0, 0, 0),
        Kink(0.05, 0, 0, 1, 1, 1, 1),
        Kink(2.0, 0, 0, 1, 0, 0, 2),  # a jump
        Kink(5.0, 0, 0, 1, 0, float("nan"), 0),  # NaN on one side: a jump
        Kink(6.0, 0, 0, 1, 0, 0, 0),  # after the grid
    ]
    f_want, d_want = np.ones(101, bool), np.ones(101, bool)
    for k in kinks:
        j = int(np.searchsorted(x, k.x))
        d_want[max(j - 1, 0) : j + 1] = False
        if k.jump:
            f_want[max(j - 1, 0) : j + 1] = False
    f_got, d_got = breaks(x, KinkArrays(kinks))
    assert np.array_equal(f_got, f_want) and np.array_equal(d_got, d_want)
    assert KinkArrays(kinks).jump.tolist() == [k.jump for k in kinks]
