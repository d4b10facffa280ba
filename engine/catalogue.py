"""The catalogue of activations: one description per ``torch.nn`` activation.

This module is plain data and does not import torch, so the GUI can list the activations before
torch has loaded. ``engine.modules`` turns a description and parameter values into a real module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from engine.messages import QT_TR_NOOP, Message
from engine.params import ParamSpec, ParamValue, validate_all

Params = Mapping[str, ParamValue]
Family = Literal["elementwise", "vector"]


@dataclass(frozen=True)
class ActivationSpec:
    """How to build one activation and what to tell about it."""

    key: str
    name: str
    module: str  # import path of the module class, resolved lazily
    params: tuple[ParamSpec, ...] = ()
    family: Family = "elementwise"
    in_torch_nn: bool = True
    lesson: bool = False  # one of the six activations the lesson covers in depth
    eval_mode: bool = False  # built in eval mode (RReLU's random slope is fixed there)
    note: str = ""
    # Points where the derivative may jump or PyTorch picks a one-sided value; curves.py keeps
    # only those where PyTorch's derivative really differs from a one-sided limit.
    kink_candidates: Callable[[Params], list[float]] = field(default=lambda p: [])
    # Candidates inside a plotted x range, for activations that may have any number of them (an
    # own formula such as abs(sin(x))); None: kink_candidates holds them all.
    kinks_in: Callable[[Params, tuple[float, float]], list[float]] | None = None
    # Constraints between parameters that single-parameter ranges cannot express.
    cross_check: Callable[[Params], str | None] = field(default=lambda p: None)
    # Constructor arguments that are not parameters (an own activation's formula text).
    fixed: tuple[tuple[str, str], ...] = ()
    # A 256-entry table per channel reproduces the module bit for bit (engine.pipeline); an own
    # activation qualifies only when its operations are proven exact.
    lut_exact: bool = True
    user_defined: bool = False  # a student's own activation (engine.formula), not a torch.nn one

    @property
    def elementwise(self) -> bool:
        return self.family == "elementwise"

    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> ParamSpec:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def validate(self, values: Params) -> str | None:
        """Why these parameter values cannot build the module, or None if they can."""
        return validate_all(self.params, values) or self.cross_check(values)

    def call(self, values: Params | None = None) -> str:
        """The PyTorch call a student would write, e.g. ``nn.LeakyReLU(negative_slope=0.1)``."""
        values = self.defaults() if values is None else values
        if self.user_defined:  # the class "Show code" writes for an own activation
            args = ", ".join(f"{p.name}={values.get(p.name, p.default):g}" for p in self.params)
            return f"Own({args})"
        cls = self.module.rsplit(".", 1)[1]
        prefix = "nn." if self.in_torch_nn else ""
        args = [f"{k}={v!r}" for k, v in self.fixed]
        if self.family == "vector":
            args.append("dim=-1")
        for p in self.params:
            if p.name == "others":
                continue
            v = values.get(p.name, p.default)
            args.append(f"{p.name}={v!r}" if isinstance(v, str) else f"{p.name}={v:g}")
        return f"{prefix}{cls}({', '.join(args)})"


# log(largest float32) = 88.72: exp of anything larger is inf in the image pipeline.
SOFTPLUS_MAX_THRESHOLD = 88.0


def _slope(name: str, default: float, label: str, doc: str = "") -> ParamSpec:
    return ParamSpec(name, label, "float", default, slider=(0.0, 1.0), doc=doc)


def _positive(name: str, default: float, label: str, slider: tuple[float, float]) -> ParamSpec:
    return ParamSpec(name, label, "float", default, lo=0.0, lo_open=True, slider=slider)


def _free(name: str, default: float, label: str, slider: tuple[float, float]) -> ParamSpec:
    return ParamSpec(name, label, "float", default, slider=slider)


def _lambd(default: float = 0.5) -> ParamSpec:
    return ParamSpec("lambd", QT_TR_NOOP("λ (lambd)"), "float", default, lo=0.0, slider=(0.0, 3.0))


_OTHER_LOGITS = ParamSpec(
    "others",
    QT_TR_NOOP("Other logits"),
    "floats",
    (0.0,),
    slider=(-6.0, 6.0),
    doc="The other components of the input vector, held fixed while x varies.",
)


def _ordered(lo_name: str, hi_name: str, strict: bool) -> Callable[[Params], str | None]:
    def check(p: Params) -> str | None:
        lo, hi = p.get(lo_name), p.get(hi_name)
        if not isinstance(lo, (int, float)) or not isinstance(hi, (int, float)):
            return None
        if (lo >= hi) if strict else (lo > hi):
            return Message(
                QT_TR_NOOP("{lo_name} must be {rel} {hi_name} (now {lo:g} and {hi:g})"),
                lo_name=lo_name,
                rel="<" if strict else "≤",
                hi_name=hi_name,
                lo=lo,
                hi=hi,
            )
        return None

    return check


def _at(*points: float) -> Callable[[Params], list[float]]:
    return lambda p: list(points)


def _plus_minus(name: str) -> Callable[[Params], list[float]]:
    return lambda p: [-float(p[name]), float(p[name])]


CATALOGUE: tuple[ActivationSpec, ...] = (
    ActivationSpec(
        "relu",
        "ReLU",
        "torch.nn.ReLU",
        lesson=True,
        kink_candidates=_at(0.0),
    ),
    ActivationSpec(
        "leaky_relu",
        "LeakyReLU",
        "torch.nn.LeakyReLU",
        (_slope("negative_slope", 0.01, QT_TR_NOOP("Negative slope")),),
        lesson=True,
        kink_candidates=_at(0.0),
    ),
    ActivationSpec(
        "prelu",
        "PReLU",
        "torch.nn.PReLU",
        (_slope("init", 0.25, QT_TR_NOOP("Initial slope (init)")),),
        note=QT_TR_NOOP("The slope is a learnable weight; shown at its initial value."),
        kink_candidates=_at(0.0),
    ),
    ActivationSpec(
        "rrelu",
        "RReLU",
        "torch.nn.RReLU",
        (
            ParamSpec("lower", QT_TR_NOOP("Lower slope"), "float", 1 / 8, slider=(0.0, 1.0)),
            ParamSpec("upper", QT_TR_NOOP("Upper slope"), "float", 1 / 3, slider=(0.0, 1.0)),
        ),
        eval_mode=True,
        note=QT_TR_NOOP(
            "Shown in eval mode: the negative slope is fixed at (lower + upper) / 2. "
            "In training mode it is drawn at random for every element."
        ),
        kink_candidates=_at(0.0),
        cross_check=_ordered("lower", "upper", strict=False),
    ),
    ActivationSpec(
        "elu",
        "ELU",
        "torch.nn.ELU",
        (ParamSpec("alpha", QT_TR_NOOP("α (alpha)"), "float", 1.0, lo=0.0, slider=(0.0, 3.0)),),
        kink_candidates=_at(0.0),
    ),
    ActivationSpec(
        "celu",
        "CELU",
        "torch.nn.CELU",
        (_positive("alpha", 1.0, QT_TR_NOOP("α (alpha)"), (0.05, 3.0)),),
        kink_candidates=_at(0.0),
    ),
    ActivationSpec("selu", "SELU", "torch.nn.SELU", kink_candidates=_at(0.0)),
    ActivationSpec(
        "gelu",
        "GELU",
        "torch.nn.GELU",
        (
            ParamSpec(
                "approximate",
                QT_TR_NOOP("Approximation"),
                "choice",
                "none",
                choices=("none", "tanh"),
            ),
        ),
    ),
    ActivationSpec("silu", "SiLU", "torch.nn.SiLU", note=QT_TR_NOOP("SiLU is Swish with β = 1.")),
    ActivationSpec(
        "swish",
        "Swish (β)",
        "engine.swish.Swish",
        (_free("beta", 1.0, QT_TR_NOOP("β (beta)"), (0.0, 5.0)),),
        in_torch_nn=False,
        lesson=True,
        note=QT_TR_NOOP(
            "Not part of torch.nn: a small module of this program computing x·sigmoid(βx). "
            "With β = 1 it is nn.SiLU."
        ),
    ),
    ActivationSpec("mish", "Mish", "torch.nn.Mish"),
    ActivationSpec(
        "softplus",
        "Softplus",
        "torch.nn.Softplus",
        (
            _positive("beta", 1.0, QT_TR_NOOP("β (beta)"), (0.1, 5.0)),
            ParamSpec(
                "threshold",
                QT_TR_NOOP("Threshold"),
                "float",
                20.0,
                lo=0.0,
                lo_open=True,
                # Below the threshold PyTorch computes exp(βx), which overflows float32 above 88.
                hi=SOFTPLUS_MAX_THRESHOLD,
                slider=(1.0, 30.0),
                why_bounded=QT_TR_NOOP(
                    "below the threshold Softplus computes exp(β·x), which is infinite in float32 "
                    "beyond 88"
                ),
            ),
        ),
        note=QT_TR_NOOP(
            "Above x = threshold / β PyTorch returns x itself, for numerical stability; with a "
            "low threshold the curve visibly jumps there."
        ),
        kink_candidates=lambda p: [float(p["threshold"]) / float(p["beta"])],
    ),
    ActivationSpec("sigmoid", "Sigmoid", "torch.nn.Sigmoid", lesson=True),
    ActivationSpec(
        "hardsigmoid", "Hardsigmoid", "torch.nn.Hardsigmoid", kink_candidates=_at(-3.0, 3.0)
    ),
    ActivationSpec("tanh", "Tanh", "torch.nn.Tanh", lesson=True),
    ActivationSpec(
        "hardtanh",
        "Hardtanh",
        "torch.nn.Hardtanh",
        (
            _free("min_val", -1.0, QT_TR_NOOP("Minimum (min_val)"), (-3.0, 3.0)),
            _free("max_val", 1.0, QT_TR_NOOP("Maximum (max_val)"), (-3.0, 3.0)),
        ),
        kink_candidates=lambda p: [float(p["min_val"]), float(p["max_val"])],
        cross_check=_ordered("min_val", "max_val", strict=True),
    ),
    ActivationSpec("relu6", "ReLU6", "torch.nn.ReLU6", kink_candidates=_at(0.0, 6.0)),
    ActivationSpec("hardswish", "Hardswish", "torch.nn.Hardswish", kink_candidates=_at(-3.0, 3.0)),
    ActivationSpec("logsigmoid", "LogSigmoid", "torch.nn.LogSigmoid"),
    ActivationSpec("softsign", "Softsign", "torch.nn.Softsign"),
    ActivationSpec("tanhshrink", "Tanhshrink", "torch.nn.Tanhshrink"),
    ActivationSpec(
        "softshrink",
        "Softshrink",
        "torch.nn.Softshrink",
        (_lambd(),),
        kink_candidates=_plus_minus("lambd"),
    ),
    ActivationSpec(
        "hardshrink",
        "Hardshrink",
        "torch.nn.Hardshrink",
        (_lambd(),),
        kink_candidates=_plus_minus("lambd"),
    ),
    ActivationSpec(
        "threshold",
        "Threshold",
        "torch.nn.Threshold",
        (
            _free("threshold", 0.5, QT_TR_NOOP("Threshold"), (-3.0, 3.0)),
            _free("value", 0.0, QT_TR_NOOP("Replacement value"), (-3.0, 3.0)),
        ),
        note=QT_TR_NOOP("Keeps x where x > threshold and replaces everything else by value."),
        kink_candidates=lambda p: [float(p["threshold"])],
    ),
    ActivationSpec(
        "softmax",
        "Softmax",
        "torch.nn.Softmax",
        (_OTHER_LOGITS,),
        family="vector",
        lesson=True,
        note=QT_TR_NOOP(
            "Softmax acts on a whole vector. The curve is component 0 as its logit x varies "
            "while the other logits stay fixed. With one other logit at 0, Softmax equals "
            "Sigmoid."
        ),
    ),
    ActivationSpec(
        "softmin",
        "Softmin",
        "torch.nn.Softmin",
        (_OTHER_LOGITS,),
        family="vector",
        note=QT_TR_NOOP(
            "Softmin(x) = Softmax(−x): component 0 as its logit x varies, others fixed."
        ),
    ),
    ActivationSpec(
        "log_softmax",
        "LogSoftmax",
        "torch.nn.LogSoftmax",
        (_OTHER_LOGITS,),
        family="vector",
        note=QT_TR_NOOP("log(Softmax(x)): component 0 as its logit x varies, others fixed."),
    ),
)

_BY_KEY = {spec.key: spec for spec in CATALOGUE}
LESSON_SIX: tuple[str, ...] = ("relu", "sigmoid", "tanh", "leaky_relu", "swish", "softmax")


# Own activations (engine.formula.make_spec), registered under a key derived from their text so
# that the same formula always has the same key. Specs are immutable; registering again replaces
# (new slider ranges).
_USER: dict[str, ActivationSpec] = {}


def get(key: str) -> ActivationSpec:
    """The catalogue entry (or registered own activation) for ``key``; KeyError when unknown."""
    spec = _BY_KEY.get(key) or _USER.get(key)
    if spec is None:
        raise KeyError(key)
    return spec


def register(spec: ActivationSpec) -> ActivationSpec:
    """Make an own activation known to :func:`get` (the labs and the pipeline look keys up)."""
    if spec.key in _BY_KEY:
        raise ValueError(f"{spec.key} is a built-in activation")
    _USER[spec.key] = spec
    return spec


def unregister(key: str) -> None:
    """Forget a removed own activation: :func:`get` and every list stop offering it."""
    _USER.pop(key, None)


def user_specs() -> list[ActivationSpec]:
    """The registered own activations, in the order they were first registered."""
    return list(_USER.values())


def all_specs() -> list[ActivationSpec]:
    """The catalogue followed by the registered own activations."""
    return [*CATALOGUE, *_USER.values()]


def keys() -> list[str]:
    return [spec.key for spec in CATALOGUE]
