"""Each activation's look is fixed by the catalogue; coinciding curves stay distinguishable."""

from __future__ import annotations

import itertools

import numpy as np
import torch

from engine import catalogue
from engine.curve_style import DASH_PATTERNS, PALETTE, STYLES, curve_label, short_name, style_for
from engine.modules import build_module


def test_every_catalogue_activation_has_its_own_look():
    keys = catalogue.keys()
    assert set(STYLES) == set(keys)
    looks = [(style_for(k).colour, style_for(k).dash) for k in keys]
    assert len(set(looks)) == len(looks)
    assert all(style_for(k).colour in PALETTE for k in keys)


def test_the_lesson_six_have_six_different_colours():
    colours = {style_for(k).colour for k in catalogue.LESSON_SIX}
    assert len(colours) == len(catalogue.LESSON_SIX)


def _default_curves() -> dict[str, np.ndarray]:
    """f of every catalogue activation at its defaults on one grid, computed by the real module."""
    x = torch.linspace(-6.0, 6.0, 1201)
    curves = {}
    for spec in catalogue.CATALOGUE:
        module = build_module(spec, spec.defaults())
        with torch.no_grad():
            if spec.elementwise:
                y = module(x)
            else:  # component 0 of the vector (x, others…), as the explorer draws it
                others = torch.tensor(spec.defaults()["others"]).expand(len(x), -1)
                y = module(torch.cat([x[:, None], others], dim=1))[:, 0]
        curves[spec.key] = y.numpy()
    return curves


def test_curves_that_coincide_stay_distinguishable():
    """Found by torch, not by hand. Curves that lie on top of each other almost everywhere
    (SiLU and Swish, Sigmoid and Softmax) and the lesson's curves where they share half the
    plot (ReLU and LeakyReLU for x > 0) differ in colour and in dash pattern, so the upper line's
    gaps show the lower one; every pair sharing half the plot differs at least in colour."""
    curves = _default_curves()
    exact, half = set(), set()
    for a, b in itertools.combinations(curves, 2):
        share = np.isclose(curves[a], curves[b], rtol=1e-3, atol=1e-3).mean()
        sa, sb = style_for(a), style_for(b)
        if share >= 0.45:
            half.add((a, b))
            assert sa.colour != sb.colour, (a, b, share)
        lesson = a in catalogue.LESSON_SIX or b in catalogue.LESSON_SIX
        if share >= 0.9 or (share >= 0.45 and lesson):
            exact.add((a, b))
            assert DASH_PATTERNS[sa.dash] != DASH_PATTERNS[sb.dash], (a, b, share)
    # The pairs the issue names are among them, so this test can fail.
    assert {("relu", "leaky_relu"), ("silu", "swish"), ("sigmoid", "softmax")} <= exact
    assert ("gelu", "relu6") in half


def test_unknown_keys_get_a_stable_look_off_the_catalogue():
    a, b = style_for("my_activation"), style_for("my_activation")
    assert a == b and a.colour in PALETTE
    used = {(s.colour, s.dash) for s in STYLES.values()}
    assert (a.colour, a.dash) not in used


def test_labels_carry_the_parameters():
    swish, leaky, gelu = (catalogue.get(k) for k in ("swish", "leaky_relu", "gelu"))
    assert short_name(swish) == "Swish"
    assert curve_label(swish, {"beta": 5.0}) == "Swish β=5"
    assert curve_label(leaky, {"negative_slope": 0.2}) == "LeakyReLU α=0.2"
    assert curve_label(catalogue.get("relu")) == "ReLU"
    assert curve_label(gelu) == "GELU"
    assert curve_label(gelu, {"approximate": "tanh"}) == "GELU approximate=tanh"
    softmax = catalogue.get("softmax")
    assert curve_label(softmax, {"others": (0.0, 1.5)}) == "Softmax others=(0, 1.5)"


def test_the_depth_labs_default_curves_have_different_markers():
    from engine.depth_lab import DEFAULT_KEYS

    symbols = [style_for(k).symbol for k in DEFAULT_KEYS]
    assert len(set(symbols)) == len(symbols)
