"""Swish with a β, as the lesson writes it: f(x) = x·sigmoid(βx). Not part of torch.nn."""

from __future__ import annotations

import torch
from torch import nn


class Swish(nn.Module):
    """x·sigmoid(βx); β = 1 is ``nn.SiLU``, β → ∞ approaches ReLU, β = 0 gives x/2."""

    def __init__(self, beta: float = 1.0) -> None:
        super().__init__()
        self.beta = float(beta)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.sigmoid(self.beta * x)

    def extra_repr(self) -> str:
        return f"beta={self.beta:g}"
