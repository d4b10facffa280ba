"""Build real ``torch.nn`` modules from catalogue entries."""

from __future__ import annotations

import importlib

from torch import nn

from engine.catalogue import ActivationSpec, Params
from engine.errors import EngineError


class InvalidParams(EngineError, ValueError):
    """Parameter values that the module does not accept; the message says why."""


def module_class(spec: ActivationSpec) -> type[nn.Module]:
    path, name = spec.module.rsplit(".", 1)
    return getattr(importlib.import_module(path), name)


def build_module(spec: ActivationSpec, values: Params | None = None) -> nn.Module:
    """Instantiate the activation with ``values`` (validated first; defaults when None)."""
    values = spec.defaults() if values is None else dict(values)
    reason = spec.validate(values)
    if reason:
        raise InvalidParams(reason)
    kwargs = {k: v for k, v in values.items() if k != "others"}
    kwargs.update(spec.fixed)
    if spec.family == "vector":
        kwargs["dim"] = -1
    module = module_class(spec)(**kwargs)
    if spec.eval_mode:
        module.eval()
    return module
