"""Curves equal the torch module; derivatives are autograd's; kinks follow PyTorch."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import catalogue
from engine.curves import compute_curve, evaluate, find_kinks
from engine.modules import build_module
from engine.ranges import check_range

ALL = [pytest.param(s, id=s.key) for s in catalogue.CATALOGUE]


def module_output(spec, params, x):
    """What a student gets by calling the module directly, in float64."""
    module = build_module(spec, params).double()
    xt = torch.as_tensor(x, dtype=torch.float64)
    with torch.no_grad():
        if spec.family == "vector":
            others = torch.tensor(params["others"], dtype=torch.float64).expand(len(xt), -1)
            return module(torch.cat([xt[:, None], others], 1))[:, 0].numpy()
        return module(xt).numpy()


@pytest.mark.parametrize("spec", ALL)
def test_plotted_f_equals_the_module(spec):
    curve = compute_curve(spec, spec.defaults())
    assert len(curve.x) == 2001
    assert curve.x[0] == -6.0 and curve.x[-1] == 6.0
    np.testing.assert_array_equal(curve.y, module_output(spec, spec.defaults(), curve.x))


@pytest.mark.parametrize("spec", ALL)
def test_derivative_matches_central_difference_away_from_kinks(spec):
    params = spec.defaults()
    curve = compute_curve(spec, params)
    h = 1e-6
    fd = (module_output(spec, params, curve.x + h) - module_output(spec, params, curve.x - h)) / (
        2 * h
    )
    away = np.ones_like(curve.x, dtype=bool)
    for c in spec.kink_candidates(params):
        away &= np.abs(curve.x - c) > 1e-3
    np.testing.assert_allclose(curve.dy[away], fd[away], rtol=1e-5, atol=1e-6)


def test_float32_float64_agree_for_smooth_derivatives():
    spec = catalogue.get("gelu")
    _, dy = evaluate(spec, {"approximate": "tanh"}, np.array([0.3]))
    x = torch.tensor([0.3], requires_grad=True)
    torch.nn.GELU(approximate="tanh")(x).sum().backward()
    assert dy.item() == pytest.approx(x.grad.item(), rel=1e-6)


def kinks_of(key, params=None):
    spec = catalogue.get(key)
    return {k.x: k for k in find_kinks(spec, params or spec.defaults())}


def test_relu_kink_uses_pytorchs_zero():
    (k,) = kinks_of("relu").values()
    assert (k.x, k.left, k.right, k.torch_value) == (0.0, 0.0, 1.0, 0.0)
    curve = compute_curve(catalogue.get("relu"), {})
    assert curve.dy[curve.x == 0.0].tolist() == [0.0]  # the grid holds x = 0 exactly


@pytest.mark.parametrize(
    ("key", "params", "points"),
    [
        ("relu6", None, [0.0, 6.0]),
        ("hardtanh", {"min_val": -0.5, "max_val": 2.0}, [-0.5, 2.0]),
        ("hardswish", None, [-3.0, 3.0]),
        ("hardsigmoid", None, [-3.0, 3.0]),
        ("threshold", {"threshold": 1.5, "value": -1.0}, [1.5]),
        ("softshrink", {"lambd": 0.8}, [-0.8, 0.8]),
        ("hardshrink", {"lambd": 0.8}, [-0.8, 0.8]),
        ("leaky_relu", None, [0.0]),
        ("selu", None, [0.0]),
        ("elu", {"alpha": 2.0}, [0.0]),
    ],
)
def test_kinks_are_found_where_pytorch_picks_a_side(key, params, points):
    kinks = kinks_of(key, params)
    assert sorted(kinks) == points
    spec = catalogue.get(key)
    params = params or spec.defaults()
    for x, k in kinks.items():
        xt = torch.tensor([x], dtype=torch.float64, requires_grad=True)
        (g,) = torch.autograd.grad(build_module(spec, params).double()(xt).sum(), xt)
        assert k.torch_value == g.item()
        assert not math.isclose(k.left, k.right) or k.torch_value not in (k.left, k.right)


def test_smooth_points_are_not_kinks():
    assert kinks_of("elu", {"alpha": 1.0}) == {}  # ELU with α = 1 is C¹
    assert kinks_of("celu") == {}
    assert kinks_of("softplus") == {}  # switch to linear at 20 is smooth to 1e-9


def test_jumps_of_f_are_reported():
    k = kinks_of("threshold", {"threshold": 1.0, "value": -2.0})[1.0]
    assert k.jump and k.f_left == pytest.approx(-2.0) and k.f_right == pytest.approx(1.0)
    assert not kinks_of("relu")[0.0].jump


def test_hardswish_values_at_its_kinks():
    kinks = kinks_of("hardswish")
    assert (kinks[-3.0].left, kinks[-3.0].right) == pytest.approx((0.0, -0.5))
    assert (kinks[3.0].left, kinks[3.0].right) == pytest.approx((1.5, 1.0))


def test_softmax_with_one_zero_logit_is_sigmoid():
    curve = compute_curve(catalogue.get("softmax"), {"others": (0.0,)})
    np.testing.assert_allclose(curve.y, torch.sigmoid(torch.tensor(curve.x)).numpy(), rtol=1e-12)
    s = curve.y
    np.testing.assert_allclose(curve.dy, s * (1 - s), atol=1e-12)


def test_softmin_and_log_softmax_curves():
    x = compute_curve(catalogue.get("softmin"), {"others": (1.0, -2.0)}).x
    logits = torch.stack(
        [torch.tensor(x), torch.full((len(x),), 1.0), torch.full((len(x),), -2.0)], 1
    )
    y = compute_curve(catalogue.get("softmin"), {"others": (1.0, -2.0)}).y
    np.testing.assert_allclose(y, torch.nn.functional.softmin(logits, 1)[:, 0].numpy(), rtol=1e-12)
    y = compute_curve(catalogue.get("log_softmax"), {"others": (1.0, -2.0)}).y
    np.testing.assert_allclose(y, torch.log_softmax(logits, 1)[:, 0].numpy(), rtol=1e-12)


@pytest.mark.parametrize(
    ("lo", "hi", "reason"),
    [
        (1.0, -1.0, "smaller"),
        (2.0, 2.0, "smaller"),
        (math.nan, 1.0, "finite"),
        (-math.inf, 1.0, "finite"),
        (-1e9, 1.0, "within"),
    ],
)
def test_bad_ranges_are_refused(lo, hi, reason):
    assert reason in check_range(lo, hi)
    with pytest.raises(ValueError, match=reason):
        compute_curve(catalogue.get("relu"), {}, (lo, hi))


def test_custom_range_and_resolution():
    curve = compute_curve(catalogue.get("tanh"), {}, (-2.0, 3.0), n=11)
    np.testing.assert_allclose(curve.x, np.linspace(-2, 3, 11))


def _valid_values(spec):
    """A hypothesis strategy for parameter values inside each parameter's domain."""
    fields = {}
    for p in spec.params:
        if p.kind == "choice":
            fields[p.name] = st.sampled_from(p.choices)
        elif p.kind == "floats":
            fields[p.name] = st.lists(
                st.floats(-20, 20, allow_nan=False), min_size=1, max_size=4
            ).map(tuple)
        else:
            lo = p.lo if p.lo is not None else -10.0
            lo = lo + 1e-3 if p.lo_open else lo
            fields[p.name] = st.floats(lo, max(lo + 1.0, 10.0), allow_nan=False)
    return st.fixed_dictionaries(fields).filter(lambda v: spec.validate(v) is None)


@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_any_valid_parameters_plot_the_module(data):
    spec = data.draw(st.sampled_from(catalogue.CATALOGUE))
    params = data.draw(_valid_values(spec))
    curve = compute_curve(spec, params, n=201)
    np.testing.assert_array_equal(curve.y, module_output(spec, params, curve.x))
    assert np.isfinite(curve.y).all() and np.isfinite(curve.dy).all()
