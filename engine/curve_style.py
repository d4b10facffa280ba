"""How each activation is drawn: a fixed colour, dash pattern and marker per catalogue key.

A curve's look belongs to the activation, not to the order it was ticked in, so a student can
follow "the orange dashed one" from panel to panel, legend to export. Curves that coincide (ReLU
and LeakyReLU for x > 0, SiLU and Swish with β = 1, Sigmoid and Softmax with one other logit at 0)
differ in colour *and* dash, so the one on top never hides the one beneath. Keys not in the table
(activations a user defines) get a stable look derived from the key.

Plain data, no Qt: the GUI turns a :class:`CurveStyle` into a pen (``gui.curve_pens``).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Literal

from engine.catalogue import ActivationSpec, Params
from engine.params import format_value

Dash = Literal["solid", "dash", "dot", "dashdot", "longdash", "dashdotdot"]
# Dash and gap lengths in units of the line width (Qt's convention), so a thicker classroom line
# keeps its pattern. Different periods matter: two curves on top of each other with the same
# pattern would show only the upper one.
DASH_PATTERNS: dict[str, tuple[float, ...]] = {
    "solid": (),
    "dash": (4.0, 2.0),
    "dot": (1.0, 2.0),
    "dashdot": (4.0, 2.0, 1.0, 2.0),
    "longdash": (8.0, 3.0),
    "dashdotdot": (4.0, 2.0, 1.0, 2.0, 1.0, 2.0),
}
DASHES: tuple[Dash, ...] = tuple(DASH_PATTERNS)  # type: ignore[assignment]

# Okabe–Ito plus a few strong extras: tell apart on a projector, on the light and the dark theme,
# and for colour-blind students.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
ORANGE = "#E69F00"
SKY = "#56B4E9"
PINK = "#CC79A7"
MAGENTA = "#E7298A"
PURPLE = "#9061C2"
BROWN = "#A6761D"
GREY = "#8C8C8C"
PALETTE: tuple[str, ...] = (
    BLUE,
    VERMILLION,
    GREEN,
    ORANGE,
    SKY,
    PINK,
    MAGENTA,
    PURPLE,
    BROWN,
    GREY,
)
SYMBOLS: tuple[str, ...] = ("o", "s", "t", "d", "h", "p", "star", "t1", "t2", "t3", "+", "x")


@dataclass(frozen=True)
class CurveStyle:
    colour: str  # "#rrggbb"
    dash: Dash
    symbol: str  # a pyqtgraph marker name, for plots with markers (the depth lab)


def _s(colour: str, dash: Dash, symbol: str) -> CurveStyle:
    return CurveStyle(colour, dash, symbol)


# The lesson's six get the clearest looks: ReLU blue, Sigmoid vermillion, Tanh green solid;
# LeakyReLU, Swish and Softmax lie on top of another curve at their defaults, so they are dashed.
STYLES: dict[str, CurveStyle] = {
    "relu": _s(BLUE, "solid", "o"),
    "leaky_relu": _s(ORANGE, "dash", "s"),
    "prelu": _s(BROWN, "dot", "t"),
    "rrelu": _s(PURPLE, "dashdot", "d"),
    "elu": _s(GREEN, "longdash", "h"),
    "celu": _s(SKY, "dot", "p"),
    "selu": _s(GREY, "solid", "star"),
    "gelu": _s(PURPLE, "longdash", "t1"),
    "silu": _s(SKY, "solid", "star"),
    "swish": _s(MAGENTA, "dash", "t3"),
    "mish": _s(BLUE, "dashdot", "+"),
    "softplus": _s(ORANGE, "dot", "x"),
    "sigmoid": _s(VERMILLION, "solid", "d"),
    "hardsigmoid": _s(BROWN, "dashdot", "s"),
    "tanh": _s(GREEN, "solid", "t"),
    "hardtanh": _s(BROWN, "dash", "d"),
    "relu6": _s(MAGENTA, "dashdotdot", "h"),
    "hardswish": _s(GREY, "dash", "p"),
    "logsigmoid": _s(PINK, "solid", "star"),
    "softsign": _s(SKY, "dashdot", "t1"),
    "tanhshrink": _s(BROWN, "solid", "t2"),
    "softshrink": _s(PURPLE, "solid", "t3"),
    "hardshrink": _s(GREY, "dot", "+"),
    "threshold": _s(PINK, "dot", "x"),
    "softmax": _s(PURPLE, "dash", "o"),
    "softmin": _s(ORANGE, "solid", "s"),
    "log_softmax": _s(GREEN, "dashdot", "t"),
}


def style_for(key: str) -> CurveStyle:
    """The look of activation ``key``; a stable one derived from the key for unknown keys."""
    if key in STYLES:
        return STYLES[key]
    # crc32, not hash(): Python salts str hashes per process, and a look must not change
    # between runs. Prefer a (colour, dash) pair the catalogue does not use.
    h = zlib.crc32(key.encode("utf-8"))
    used = {(s.colour, s.dash) for s in STYLES.values()}
    pairs = [(c, d) for d in DASHES for c in PALETTE]
    free = [p for p in pairs if p not in used] or pairs
    colour, dash = free[h % len(free)]
    return CurveStyle(colour, dash, SYMBOLS[(h >> 8) % len(SYMBOLS)])


# Parameters as a student writes them on the board: LeakyReLU's negative_slope is the α of
# the formula, PReLU's weight is a.
_SYMBOL = {
    "negative_slope": "α",
    "alpha": "α",
    "beta": "β",
    "lambd": "λ",
    "init": "a",
}


def short_name(spec: ActivationSpec) -> str:
    """The name without its parameter hint: "Swish (β)" → "Swish"."""
    return spec.name.split(" (", 1)[0]


def curve_label(spec: ActivationSpec, params: Params | None = None) -> str:
    """The name with the values that shape the curve, e.g. ``Swish β=5``, ``LeakyReLU α=0.2``.

    Numbers always show (a legend saying "LeakyReLU" cannot say which slope); a choice shows only
    when it differs from PyTorch's default (``GELU approximate=tanh``).
    """
    params = spec.defaults() if params is None else params
    parts = [short_name(spec)]
    for p in spec.params:
        value = params.get(p.name, p.default)
        if p.kind == "choice":
            if value != p.default:
                parts.append(f"{p.name}={value}")
            continue
        text = format_value(value)
        if p.kind == "floats":
            text = f"({text})"
        parts.append(f"{_SYMBOL.get(p.name, p.name)}={text}")
    return " ".join(parts)
