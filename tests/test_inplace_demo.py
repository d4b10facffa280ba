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
