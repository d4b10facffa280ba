"""Gradients through depth: the teaching result, and every number checked against plain torch."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine import catalogue
from engine.depth_lab import DEFAULT_KEYS, DepthConfig, depth_job, depth_study, make_stack
from engine.jobs import Cancelled


def study(keys, **kw):
    return depth_study(DepthConfig(**kw), [(catalogue.get(k), {}) for k in keys])


@pytest.mark.parametrize("init", ["default", "xavier", "kaiming"])
def test_sigmoid_gradient_vanishes_through_30_layers(init):
    curves = study(["sigmoid"], layers=30, init=init).curves["sigmoid"]
    g = curves.grad_norm
    assert g[0] > 0  # vanished, yet not lost to float32 rounding in the norm
    assert g[0] < 1e-3 * g[-1]
    # It shrinks steadily, layer after layer, by orders of magnitude in all.
    assert (np.diff(np.log10(g)) > 0).mean() > 0.9
    assert np.log10(g[-1] / g[0]) > 10


def test_relu_with_kaiming_keeps_its_gradient_through_30_layers():
    for seed in range(3):
        g = study(["relu"], layers=30, init="kaiming", seed=seed).curves["relu"].grad_norm
        assert 0.1 < g[0] / g[-1] < 10
        assert g.max() / g.min() < 10


def test_relu_with_the_pytorch_default_init_vanishes_too():
    # nn.Linear's default U(±1/√n) halves the signal variance too much for ReLU: He init fixes it.
    g = study(["relu"], layers=30, init="default").curves["relu"].grad_norm
    assert g[0] < 1e-3 * g[-1]


def reference(spec_key: str, config: DepthConfig):
    """The same stacks as plain nn.Sequential models, one per seed, through ordinary autograd."""
    weights, biases, x, r = make_stack(config)
    module = catalogue.get(spec_key)
    from engine.modules import build_module

    act = build_module(module)
    norms, signals, zero, dead, saturated = [], [], [], [], []
    for s in range(config.seeds):
        layers = []
        for W, b in zip(weights, biases, strict=True):
            linear = torch.nn.Linear(config.width, config.width)
            with torch.no_grad():
                linear.weight.copy_(W[s])
                linear.bias.copy_(b[s, 0])
            layers += [linear, act]
        net = torch.nn.Sequential(*layers)
        outs = []
        h = x[s]
        zs = []
        live_zs = []
        for i in range(0, len(layers), 2):
            z = layers[i](h)
            z.retain_grad()
            live_zs.append(z)
            h = layers[i + 1](z)
            zs.append(z.detach())
            outs.append(h.detach())
        loss = (h * r[s]).sum() / config.batch
        loss.backward()
        norms.append([float(m.weight.grad.double().norm()) for m in net[::2]])
        signals.append([float(z.grad.double().norm()) for z in live_zs])
        zero.append([float((o == 0).double().mean()) for o in outs])
        # one unit per column: dead when its column is 0 for every row (example)
        dead.append([float((o == 0).all(dim=0).double().mean()) for o in outs])
        sat = []
        for z in zs:
            z = z.clone().requires_grad_(True)
            (d,) = torch.autograd.grad(act(z).sum(), z)
            sat.append(float((d.abs() < torch.tensor(0.01)).double().mean()))
        saturated.append(sat)
    return tuple(np.mean(v, axis=0) for v in (norms, signals, zero, dead, saturated))


@pytest.mark.parametrize("key", ["relu", "sigmoid", "leaky_relu", "gelu"])
def test_batched_study_equals_plain_sequential_models(key):
    config = DepthConfig(layers=6, width=16, init="xavier", seeds=3, batch=8, seed=2)
    curves = depth_study(config, [(catalogue.get(key), {})]).curves[key]
    norms, signals, zero, dead, saturated = reference(key, config)
    np.testing.assert_allclose(curves.grad_norm, norms, rtol=1e-4)
    np.testing.assert_allclose(curves.signal_norm, signals, rtol=1e-4)
    np.testing.assert_allclose(curves.zero, zero, atol=1e-9)
    np.testing.assert_allclose(curves.dead_units, dead, atol=1e-9)
    np.testing.assert_allclose(curves.saturated, saturated, atol=1e-9)


def test_zero_outputs_dead_units_and_saturated_shares():
    result = study(DEFAULT_KEYS, layers=10, init="kaiming")
    relu, leaky, sigmoid = (result.curves[k] for k in ("relu", "leaky_relu", "sigmoid"))
    # About half of ReLU's outputs are exactly 0, and there f′ = 0 too — ordinary sparsity: far
    # fewer units are dead (0 for every input of the batch).
    assert 0.35 < relu.zero.mean() < 0.65
    np.testing.assert_allclose(relu.saturated, relu.zero)
    assert relu.dead_units[0] < 0.05 and relu.dead_units.max() < 0.5 * relu.zero.min()
    # LeakyReLU's slope 0.01 is not "below 0.01" and it is never exactly 0 on random inputs.
    assert leaky.zero.max() == 0 and leaky.dead_units.max() == 0 and leaky.saturated.max() == 0
    assert sigmoid.zero.max() == 0 and sigmoid.dead_units.max() == 0
    assert list(result.curves) == list(DEFAULT_KEYS)
    assert result.layers.tolist() == list(range(1, 11))


def test_dead_units_are_units_silent_for_the_whole_batch():
    """A large negative bias kills units: they are 0 for every input, and get no gradient."""
    config = DepthConfig(layers=3, width=8, init="kaiming", seeds=1, batch=16)
    weights, biases, x, r = make_stack(config)
    biases[0][..., :3] = -100.0  # three units of layer 1 can never fire
    relu = catalogue.get("relu")
    from engine.depth_lab import _study_one

    curves = _study_one(relu, {}, (weights, biases, x, r), config)
    assert curves.dead_units[0] == pytest.approx(3 / 8)
    assert curves.zero[0] >= 3 / 8


def test_signal_and_weight_gradients_can_disagree():
    """‖∂L/∂W‖ hides vanishing when the forward activations shrink as fast as the signal grows:
    ReLU with Xavier init keeps its weight gradients while the signal ∂L/∂z fades."""
    curves = study(["relu"], layers=30, init="xavier").curves["relu"]
    assert 0.3 < curves.first_over_last < 10
    assert curves.signal_first_over_last < 1e-3
    kaiming = study(["relu"], layers=30, init="kaiming").curves["relu"]
    assert 0.1 < kaiming.signal_first_over_last < 10


def test_saturated_share():
    # Tanh on Xavier-scaled inputs stays in its linear middle; Hardtanh with He-scaled inputs
    # often leaves [−1, 1], where its f′ is exactly 0.
    spec = catalogue.get("tanh")
    small = depth_study(DepthConfig(layers=5, init="xavier"), [(spec, {})]).curves["tanh"]
    assert small.saturated.mean() < 0.05
    hard = catalogue.get("hardtanh")
    curves = depth_study(DepthConfig(layers=5, init="kaiming"), [(hard, {})]).curves["hardtanh"]
    assert curves.saturated.mean() > 0.2


def test_params_from_the_explorer_are_used():
    spec = catalogue.get("leaky_relu")
    a = depth_study(DepthConfig(layers=8), [(spec, {"negative_slope": 0.01})]).curves
    b = depth_study(DepthConfig(layers=8), [(spec, {"negative_slope": 0.5})]).curves
    assert not np.allclose(a["leaky_relu"].grad_norm, b["leaky_relu"].grad_norm)
    assert b["leaky_relu"].params == {"negative_slope": 0.5}


def test_vector_activations_have_no_saturation_figure():
    curves = study(["softmax"], layers=4).curves["softmax"]
    assert np.isnan(curves.saturated).all()
    assert np.isfinite(curves.grad_norm).all()


def test_fifty_layers_all_finite_and_seeded():
    a = study(DEFAULT_KEYS, layers=50)
    b = study(DEFAULT_KEYS, layers=50)
    for key in DEFAULT_KEYS:
        assert a.curves[key].grad_norm.shape == (50,)
        np.testing.assert_array_equal(a.curves[key].grad_norm, b.curves[key].grad_norm)
    assert not np.allclose(
        a.curves["relu"].grad_norm, study(["relu"], layers=50, seed=1).curves["relu"].grad_norm
    )


def test_job_checks_for_cancellation_and_reports_progress():
    calls = []

    class Ctx:
        def check(self):
            if len(calls) >= 2:
                raise Cancelled("test")

        def progress(self, done, total):
            calls.append((done, total))

    job = depth_job(DepthConfig(layers=3), [(catalogue.get(k), {}) for k in DEFAULT_KEYS])
    with pytest.raises(Cancelled):
        job(Ctx())
    assert calls == [(0, 6), (1, 6)]


def test_invalid_config_is_refused():
    for bad in (DepthConfig(layers=0), DepthConfig(layers=51), DepthConfig(width=2)):
        with pytest.raises(ValueError):
            study(["relu"], **bad.__dict__)
    with pytest.raises(KeyError):
        study(["relu"], init="orthogonal")
