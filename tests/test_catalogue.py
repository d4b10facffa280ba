"""The catalogue describes the real torch.nn modules with their real parameters."""

from __future__ import annotations

import inspect
import math

import pytest
import torch
from torch import nn

from engine import catalogue
from engine.modules import InvalidParams, build_module, module_class

# Every element-wise activation in torch.nn the lesson needs, plus the Softmax family.
TORCH_ELEMENTWISE = {
    "ReLU", "LeakyReLU", "PReLU", "RReLU", "ELU", "CELU", "SELU", "GELU", "SiLU", "Mish",
    "Softplus", "Sigmoid", "Hardsigmoid", "Tanh", "Hardtanh", "ReLU6", "Hardswish", "LogSigmoid",
    "Softsign", "Tanhshrink", "Softshrink", "Hardshrink", "Threshold",
}  # fmt: skip
TORCH_VECTOR = {"Softmax", "Softmin", "LogSoftmax"}
ALL = [pytest.param(s, id=s.key) for s in catalogue.CATALOGUE]


def test_every_torch_activation_is_in_the_catalogue():
    torch_entries = {s.module.rsplit(".", 1)[1] for s in catalogue.CATALOGUE if s.in_torch_nn}
    assert torch_entries == TORCH_ELEMENTWISE | TORCH_VECTOR
    vector = {s.module.rsplit(".", 1)[1] for s in catalogue.CATALOGUE if s.family == "vector"}
    assert vector == TORCH_VECTOR


def test_swish_is_ours_and_labelled_as_not_torch_nn():
    spec = catalogue.get("swish")
    assert not spec.in_torch_nn
    assert not hasattr(nn, "Swish")
    assert "not part of torch.nn" in spec.note.lower()
    x = torch.linspace(-6, 6, 101)
    assert torch.allclose(build_module(spec, {"beta": 1.0})(x), nn.SiLU()(x))
    assert torch.allclose(build_module(spec, {"beta": 2.5})(x), x * torch.sigmoid(2.5 * x))


@pytest.mark.parametrize("spec", ALL)
def test_builds_the_real_module_class(spec):
    module = build_module(spec)
    assert type(module) is module_class(spec)
    if spec.in_torch_nn:
        assert type(module).__module__.startswith("torch.nn")


@pytest.mark.parametrize("spec", [s for s in ALL if s.values[0].in_torch_nn])
def test_defaults_are_pytorchs_own(spec):
    sig = inspect.signature(module_class(spec).__init__)
    for p in spec.params:
        if p.name == "others":
            continue
        default = sig.parameters[p.name].default
        if default is inspect.Parameter.empty:  # Threshold has none: any valid value will do
            continue
        assert p.default == pytest.approx(default) if isinstance(default, float) else default


@pytest.mark.parametrize("spec", ALL)
def test_defaults_validate_and_sit_in_their_slider_range(spec):
    assert spec.validate(spec.defaults()) is None
    for p in spec.params:
        if p.kind == "float":
            assert p.slider[0] <= p.default <= p.slider[1]


def test_rrelu_is_built_in_eval_mode_and_says_so():
    spec = catalogue.get("rrelu")
    module = build_module(spec, {"lower": 0.1, "upper": 0.3})
    assert not module.training
    x = -torch.ones(1000)
    assert torch.allclose(module(x), torch.full_like(x, -0.2))  # fixed slope (lower+upper)/2
    assert "eval mode" in spec.note


BAD = [
    ("leaky_relu", {"negative_slope": math.nan}, "NaN"),
    ("leaky_relu", {"negative_slope": math.inf}, "finite"),
    ("elu", {"alpha": -math.inf}, "finite"),
    ("softplus", {"beta": 0.0, "threshold": 20.0}, "> 0"),
    ("softplus", {"beta": -1.0, "threshold": 20.0}, "> 0"),
    ("hardtanh", {"min_val": 1.0, "max_val": 1.0}, "min_val must be <"),
    ("hardtanh", {"min_val": 2.0, "max_val": -1.0}, "min_val must be <"),
    ("rrelu", {"lower": 0.5, "upper": 0.2}, "lower must be ≤"),
    ("celu", {"alpha": 0.0}, "> 0"),
    ("softshrink", {"lambd": -0.1}, "≥ 0"),
    ("gelu", {"approximate": "cubic"}, "one of"),
    ("softmax", {"others": ()}, "at least one"),
    ("softmax", {"others": (0.0, math.nan)}, "NaN"),
    ("threshold", {"threshold": 0.5}, "missing"),
]


@pytest.mark.parametrize(("key", "values", "reason"), BAD)
def test_bad_parameters_are_refused_with_a_reason(key, values, reason):
    spec = catalogue.get(key)
    got = spec.validate(values)
    assert got is not None and reason in got
    with pytest.raises(InvalidParams):
        build_module(spec, values)


def test_softmax_family_note_explains_the_sigmoid_case():
    assert "equals Sigmoid" in catalogue.get("softmax").note
    assert catalogue.get("softmax").defaults() == {"others": (0.0,)}


def test_pytorch_call_text():
    assert catalogue.get("leaky_relu").call({"negative_slope": 0.2}) == (
        "nn.LeakyReLU(negative_slope=0.2)"
    )
    assert catalogue.get("gelu").call() == "nn.GELU(approximate='none')"
    assert catalogue.get("swish").call() == "Swish(beta=1)"
