"""The labs' optimizers (``engine.choices.OPTIMIZERS``): built for training and written as code.

Both the XOR lab and the network lab build theirs here, and Show code writes the same call, so
a key means the same optimizer in every lab, preset and script. Torch is imported only when an
optimizer is built.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from engine.choices import OPTIMIZERS

if TYPE_CHECKING:  # pragma: no cover
    import torch

MOMENTUM = 0.9  # of "sgd_momentum"


def make_optimizer(key: str, parameters: Iterable, lr: float) -> torch.optim.Optimizer:
    """The optimizer ``key`` over ``parameters`` at learning rate ``lr``."""
    import torch

    if key == "adam":
        return torch.optim.Adam(parameters, lr=lr)
    if key in ("sgd", "sgd_momentum"):
        momentum = MOMENTUM if key == "sgd_momentum" else 0.0
        return torch.optim.SGD(parameters, lr=lr, momentum=momentum)
    raise KeyError(f"unknown optimizer {key!r}; one of {', '.join(OPTIMIZERS)}")


def optimizer_code(key: str, parameters: str, lr: str) -> str:
    """The Python call :func:`make_optimizer` makes, for generated scripts."""
    if key == "adam":
        return f"torch.optim.Adam({parameters}, lr={lr})"
    if key in ("sgd", "sgd_momentum"):
        momentum = MOMENTUM if key == "sgd_momentum" else 0.0
        return f"torch.optim.SGD({parameters}, lr={lr}, momentum={momentum})"
    raise KeyError(f"unknown optimizer {key!r}; one of {', '.join(OPTIMIZERS)}")
