from __future__ import annotations

import pytest

from engine import catalogue
from engine.inplace_demo import DEMO_INPUT, inplace_demo, supports_inplace


def test_relu_inplace_overwrites_its_input():
    demo = inplace_demo(catalogue.get("relu"), {})
    assert demo.supported
    plain, inplace = demo.runs
    assert not plain.inplace and not plain.shares_storage and not plain.input_changed
    assert plain.input_after == list(DEMO_INPUT)
    assert inplace.inplace and inplace.shares_storage and inplace.input_changed
    assert inplace.input_after == inplace.output == [0.0, 0.0, 0.0, 0.5, 2.0]


@pytest.mark.parametrize("key", ["sigmoid", "tanh", "gelu", "swish"])
def test_modules_without_inplace_say_so(key):
    demo = inplace_demo(catalogue.get(key), catalogue.get(key).defaults())
    assert not demo.supported and len(demo.runs) == 1
    assert not supports_inplace(catalogue.get(key))


def test_inplace_output_equals_the_plain_output_for_every_supporting_module():
    for spec in catalogue.CATALOGUE:
        demo = inplace_demo(spec, spec.defaults())
        if demo.supported:
            plain, inplace = demo.runs
            assert plain.output == pytest.approx(inplace.output), spec.key
            assert inplace.input_changed == (plain.output != list(DEMO_INPUT)), spec.key


def test_inplace_inside_autograd_reports_pytorchs_own_errors():
    """The two real failures and the safe case the notes describe, run for real."""
    from engine.inplace_demo import AUTOGRAD_CASES, autograd_cases

    cases = {c.key: c for c in autograd_cases(catalogue.get("relu"), {})}
    assert list(cases) == list(AUTOGRAD_CASES)
    after_sigmoid, leaf, conv = cases["after_sigmoid"], cases["leaf"], cases["after_conv"]
    assert not after_sigmoid.ok and "modified by an inplace operation" in after_sigmoid.error
    assert "Hint" not in after_sigmoid.error
    assert not leaf.ok and "leaf Variable that requires grad" in leaf.error
    assert leaf.error.endswith("in-place operation.")
    assert conv.ok and conv.same_grad and conv.error == ""
    assert "nn.ReLU(inplace=True)" in conv.code


def test_autograd_cases_for_every_inplace_module():
    from engine.inplace_demo import autograd_cases

    for spec in catalogue.CATALOGUE:
        cases = autograd_cases(spec, spec.defaults())
        if not supports_inplace(spec) or spec.family == "vector":
            assert cases == [], spec.key
            continue
        by_key = {c.key: c for c in cases}
        assert not by_key["leaf"].ok, spec.key
        assert by_key["after_conv"].ok and by_key["after_conv"].same_grad, spec.key
    demo = inplace_demo(catalogue.get("relu"), {})
    assert len(demo.autograd) == 3
