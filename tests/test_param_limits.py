"""Values a module accepts but the program cannot compute with (issue 10, item 6).

Every float parameter's range is the module's own, narrowed to what float32 (the image pipeline)
and the explorer's inputs (up to ±1e4) can hold. At the edges of that range every curve and every
image statistic is finite; just beyond it the value is refused with the reason, and nothing
changes.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from engine import catalogue
from engine.curves import compute_curve
from engine.explorer_state import ExplorerState
from engine.params import FLOAT32_LIMIT, FLOAT32_TINY
from engine.ranges import MAX_ABS_X

EXTREMES = [
    (spec.key, p.name, edge)
    for spec in catalogue.CATALOGUE
    for p in spec.params
    if p.kind in ("float", "floats")
    for edge in ("lo", "hi")
]


def _edge_value(spec, name: str, edge: str) -> float:
    lo, hi, lo_open, hi_open = spec.param(name).domain
    assert not lo_open and not hi_open  # every edge is a value that is allowed
    return lo if edge == "lo" else hi


def _values(spec, name: str, value: float) -> dict:
    values = spec.defaults()
    values[name] = (value,) if spec.param(name).kind == "floats" else value
    return values


@pytest.mark.parametrize(("key", "name", "edge"), EXTREMES)
def test_the_edges_of_every_range_compute_finite_curves_and_images(key, name, edge):
    from engine.image_stats import stats_direct
    from engine.pipeline import PipelineConfig, process

    spec = catalogue.get(key)
    value = _edge_value(spec, name, edge)
    values = _values(spec, name, value)
    if spec.validate(values):  # an ordering rule with the defaults (Hardtanh min < max)
        pytest.skip("the other parameter's default does not fit this edge")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # no overflow in a cast either
        curve = compute_curve(spec, values, (-MAX_ABS_X, MAX_ABS_X), 401)
        assert np.isfinite(curve.y).all() and np.isfinite(curve.dy).all(), (key, name, value)
        rng = np.random.default_rng(0)
        images = rng.integers(0, 256, (4, 3, 8, 8), dtype=np.uint8)
        images[0] = 0
        images[1] = 255
        for scaling, pre in (("to_tensor", "none"), ("standardize", "laplacian")):
            config = PipelineConfig(scaling=scaling, pre=pre, display="stretch", channel=0)
            batch = process(images, spec, values, config)
            assert np.isfinite(batch.after).all(), (key, name, value, scaling)
            stats = stats_direct(images, spec, values, config)
            assert np.isfinite(stats.after_edges).all()


@pytest.mark.parametrize(("key", "name", "edge"), EXTREMES)
def test_just_beyond_the_float32_range_is_refused_with_the_reason(key, name, edge):
    spec = catalogue.get(key)
    p = spec.param(name)
    lo, hi, _, _ = p.domain
    beyond = {"lo": -1e308, "hi": 1e308}[edge]
    if edge == "lo" and lo == FLOAT32_TINY:
        beyond = FLOAT32_TINY / 10
    if edge == "lo" and p.lo is not None and lo == p.lo:
        beyond = 0.0 if lo == FLOAT32_TINY else None
    if edge == "hi" and p.hi is not None and hi == p.hi:
        beyond = None
    if beyond is None:
        pytest.skip("this edge is the module's own bound, checked elsewhere")
    state = ExplorerState.default()
    before = dict(state.entry(key).params)
    reason = state.set_params(key, _values(spec, name, beyond))
    assert reason, (key, name, beyond)
    assert state.entry(key).params == before
    if abs(beyond) > FLOAT32_LIMIT:
        assert "float32" in reason and "1e+30" in reason
    else:
        assert "float32" in reason or "must be" in reason


def test_the_slope_from_the_stress_run_is_refused_and_the_plot_keeps_the_old_curve():
    state = ExplorerState.default()
    reason = state.set_params("leaky_relu", {"negative_slope": 1e308})
    assert reason == (
        "Negative slope must lie within ±1e+30: beyond it the images, computed in float32, "
        "would overflow to infinity"
    )
    assert reason.template  # translatable
    assert state.entry("leaky_relu").params == {"negative_slope": 0.01}
    assert state.set_params("swish", {"beta": -1e31})
    assert state.set_params("softplus", {"beta": 1e-31})
    assert state.set_params("softplus", {"beta": 1e-30}) is None
    assert state.set_params("leaky_relu", {"negative_slope": 1e30}) is None
    assert math.isclose(state.entry("leaky_relu").params["negative_slope"], 1e30)


def test_the_editor_shows_the_range_that_is_accepted():
    spec = catalogue.get("leaky_relu").param("negative_slope")
    assert spec.domain == (-1e30, 1e30, False, False)
    assert catalogue.get("softplus").param("beta").domain == (1e-30, 1e30, False, False)
    assert catalogue.get("elu").param("alpha").domain == (0.0, 1e30, False, False)


def test_softplus_threshold_beyond_float32s_exp_is_refused_with_the_reason():
    state = ExplorerState.default()
    reason = state.set_params("softplus", {"threshold": 89.0})
    assert reason == (
        "Threshold must be ≤ 88: below the threshold Softplus computes exp(β·x), which is "
        "infinite in float32 beyond 88"
    )
    assert state.set_params("softplus", {"threshold": 88.0}) is None


def test_typing_1e308_in_the_explorer_is_refused_and_both_plots_keep_the_old_curve(qtbot, explorer):
    from tests.conftest import wait_settled

    explorer.select("leaky_relu")
    wait_settled(qtbot, explorer)
    items = explorer.curves.items["leaky_relu"]
    before_f, before_d = items.f.getData()[1].copy(), items.d.getData()[1].copy()
    editor = explorer.editor.editors["negative_slope"]
    editor.entry.setText("1e308")
    editor.entry.editingFinished.emit()
    wait_settled(qtbot, explorer)
    assert "must lie within ±1e+30" in explorer.editor.message.text()
    assert explorer.state.entry("leaky_relu").params["negative_slope"] == 0.01
    np.testing.assert_array_equal(items.f.getData()[1], before_f)
    np.testing.assert_array_equal(items.d.getData()[1], before_d)
    # The largest accepted slope draws both plots, finite, from the same module.
    editor.entry.setText("1e30")
    editor.entry.editingFinished.emit()
    wait_settled(qtbot, explorer)
    x, y = items.f.getData()
    _, dy = items.d.getData()
    assert np.isfinite(y).all() and np.isfinite(dy).all()
    assert y[0] == pytest.approx(1e30 * x[0]) and dy[0] == pytest.approx(1e30)
