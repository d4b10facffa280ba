"""The lesson's ``inplace`` point: does the module write into its input tensor?"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import torch

from engine.catalogue import ActivationSpec, Params
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
class InplaceDemo:
    supported: bool  # the module's constructor takes ``inplace``
    runs: list[InplaceRun]


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


def inplace_demo(spec: ActivationSpec, params: Params) -> InplaceDemo:
    """Apply the module to a small tensor with ``inplace=False`` and, if it can, ``True``."""
    if spec.family == "vector":
        return InplaceDemo(False, [])
    runs = [_run(spec, params, inplace=False)]
    supported = supports_inplace(spec)
    if supported:
        runs.append(_run(spec, params, inplace=True))
    return InplaceDemo(supported, runs)
