"""The lesson's ``inplace`` point: does the module write into its input tensor, and what does
autograd say about it? The demo runs PyTorch for real and reports PyTorch's own error text."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

import torch

from engine.catalogue import ActivationSpec, Params
from engine.messages import QT_TR_NOOP
from engine.modules import build_module, module_class

DEMO_INPUT = (-2.0, -0.5, 0.0, 0.5, 2.0)


@dataclass(frozen=True)
class InplaceRun:
    inplace: bool
    input_before: list[float]
    output: list[float]
    input_after: list[float]
    shares_storage: bool  # the output is the input tensor's memory
    input_changed: bool


@dataclass(frozen=True)
class AutogradCase:
    """One use of the in-place module inside autograd, run for real."""

    key: str  # one of AUTOGRAD_CASES
    code: str  # the lines that were run, as a student would write them
    ok: bool  # forward and backward() ran
    error: str  # PyTorch's own message when not ok (without its long hint)
    same_grad: bool | None  # with ok: the input gradient equals the one without inplace


@dataclass(frozen=True)
class InplaceDemo:
    supported: bool  # the module's constructor takes ``inplace``
    runs: list[InplaceRun]
    autograd: list[AutogradCase] = field(default_factory=list)


# What each case shows, for the GUI (translated there).
AUTOGRAD_CASES: dict[str, str] = {
    "after_sigmoid": QT_TR_NOOP(
        "After torch.sigmoid: sigmoid saved its output for backward(), the in-place module "
        "overwrites it"
    ),
    "leaf": QT_TR_NOOP("On a leaf tensor that requires grad"),
    "after_conv": QT_TR_NOOP(
        "After a convolution (the common safe case: its backward does not need its output)"
    ),
}


def supports_inplace(spec: ActivationSpec) -> bool:
    """True when the module class accepts ``inplace=`` (read from its real signature)."""
    return "inplace" in inspect.signature(module_class(spec).__init__).parameters


def _run(spec: ActivationSpec, params: Params, inplace: bool) -> InplaceRun:
    module = build_module(spec, params)
    # Every torch.nn activation that takes ``inplace=`` keeps it as an attribute read in forward.
    module.inplace = inplace
    x = torch.tensor(DEMO_INPUT)
    before = x.tolist()
    with torch.no_grad():
        y = module(x)
    return InplaceRun(
        inplace=inplace,
        input_before=before,
        output=y.tolist(),
        input_after=x.tolist(),
        shares_storage=y.untyped_storage().data_ptr() == x.untyped_storage().data_ptr(),
        input_changed=x.tolist() != before,
    )


def _pytorch_message(error: Exception) -> str:
    """PyTorch's message, without the hint paragraph it appends."""
    return str(error).split(" Hint:")[0].strip()


def _case(key: str, spec: ActivationSpec, params: Params) -> AutogradCase:
    def module(inplace: bool) -> torch.nn.Module:
        m = build_module(spec, params)
        m.inplace = inplace
        return m

    def grad_of(inplace: bool) -> torch.Tensor:
        x = torch.tensor(DEMO_INPUT, requires_grad=True)
        if key == "after_sigmoid":
            y = module(inplace)(torch.sigmoid(x))
        elif key == "leaf":
            y = module(inplace)(x)
        else:
            conv = torch.nn.Conv1d(1, 1, kernel_size=1)
            with torch.no_grad():
                conv.weight.fill_(1.5)
                conv.bias.fill_(-0.25)
            y = module(inplace)(conv(x.view(1, 1, -1)))
        y.sum().backward()
        return x.grad

    name = f"nn.{type(module(True)).__name__}(inplace=True)"
    code = {
        "after_sigmoid": f"y = {name}(torch.sigmoid(x)); y.sum().backward()",
        "leaf": f"x = torch.tensor(..., requires_grad=True); y = {name}(x)",
        "after_conv": f"y = {name}(conv(x)); y.sum().backward()",
    }[key]
    try:
        got = grad_of(inplace=True)
    except RuntimeError as error:
        return AutogradCase(key, code, False, _pytorch_message(error), None)
    # allclose: in-place ELU-type modules take f′ from their output, rounding differently
    same = bool(torch.allclose(got, grad_of(inplace=False), rtol=1e-5, atol=1e-7))
    return AutogradCase(key, code, True, "", same)


def autograd_cases(spec: ActivationSpec, params: Params) -> list[AutogradCase]:
    """The three uses of ``inplace=True`` that the notes describe, run through autograd."""
    if spec.family == "vector" or not supports_inplace(spec):
        return []
    return [_case(key, spec, params) for key in AUTOGRAD_CASES]


def inplace_demo(spec: ActivationSpec, params: Params) -> InplaceDemo:
    """Apply the module to a small tensor with ``inplace=False`` and, if it can, ``True``; then
    run the in-place module inside autograd (see :func:`autograd_cases`)."""
    if spec.family == "vector":
        return InplaceDemo(False, [])
    runs = [_run(spec, params, inplace=False)]
    supported = supports_inplace(spec)
    if supported:
        runs.append(_run(spec, params, inplace=True))
    return InplaceDemo(supported, runs, autograd_cases(spec, params))
