"""The network lab's small CNN, its initialisations and the look inside it (forward hooks).

conv 3→16 → f → pool → conv 16→32 → f → pool → [conv 32→32 → f]×extra → linear → f → linear.
Each hidden layer has its own activation module, so a learnable activation (PReLU) learns one
slope per layer, and forward hooks on that module see exactly that layer's f(z).
torch is imported here at module level: only the worker and the command line import this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from engine.choices import INITIALISATIONS

HIDDEN = 64  # width of the hidden vector after the first linear layer
IMAGE_SIZE = 32


class LabCNN(nn.Module):
    """The race's network; ``make_act()`` builds one activation module per hidden layer."""

    def __init__(
        self, make_act: Callable[[], nn.Module], n_classes: int = 10, extra_convs: int = 0
    ) -> None:
        super().__init__()
        convs = [nn.Conv2d(3, 16, 3, padding=1), nn.Conv2d(16, 32, 3, padding=1)]
        convs += [nn.Conv2d(32, 32, 3, padding=1) for _ in range(extra_convs)]
        self.convs = nn.ModuleList(convs)
        self.conv_acts = nn.ModuleList(make_act() for _ in convs)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(32 * 8 * 8, HIDDEN)
        self.fc_act = make_act()
        self.fc2 = nn.Linear(HIDDEN, n_classes)
        # Channels-last: on a CPU, oneDNN's convolutions and max-pooling in this layout take
        # about two thirds of the time of a training step in NCHW and a third of an
        # evaluation (max-pooling over NCHW alone was 60 % of a forward pass). Same values.
        self.to(memory_format=torch.channels_last)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous(memory_format=torch.channels_last)
        for i, (conv, act) in enumerate(zip(self.convs, self.conv_acts, strict=True)):
            x = act(conv(x))
            if i < 2:  # 32×32 → 16×16 → 8×8; extra convs work at 8×8
                x = self.pool(x)
        return self.fc2(self.fc_act(self.fc1(x.flatten(1))))

    def layer_names(self) -> list[str]:
        """Hidden layers in order, as the curves and the inside view name them."""
        return [f"conv{i + 1}" for i in range(len(self.convs))] + ["fc1"]

    def hidden_layers(self) -> list[tuple[str, nn.Module, nn.Module]]:
        """(name, the layer computing z, the activation computing f(z)) per hidden layer."""
        pairs = [*zip(self.convs, self.conv_acts, strict=True), (self.fc1, self.fc_act)]
        return [(name, z, f) for name, (z, f) in zip(self.layer_names(), pairs, strict=True)]

    def weighted_layers(self) -> list[tuple[str, nn.Module]]:
        """Layers with weights (for gradient norms), input side first."""
        return [(name, z) for name, z, _ in self.hidden_layers()] + [("fc2", self.fc2)]


def initialise(model: LabCNN, init: str) -> None:
    """Re-draw the conv and linear weights of ``model`` with the global torch RNG."""
    if init not in INITIALISATIONS:
        raise KeyError(init)
    for _, layer in model.weighted_layers():
        if init == "default":
            layer.reset_parameters()
        elif init == "xavier":
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
        else:
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)


def initial_weights(
    init: str, seed: int, n_classes: int = 10, extra_convs: int = 0
) -> dict[str, torch.Tensor]:
    """The conv/linear weights every contestant starts from (activation parameters excluded).

    Drawn under a forked RNG so that the global torch seed of the caller is left alone.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        template = LabCNN(nn.Identity, n_classes, extra_convs)
        initialise(template, init)
    return {k: v.clone() for k, v in template.state_dict().items()}


@dataclass(frozen=True)
class LayerView:
    """One hidden layer of one image: z (before f) and f(z), as the model computed them."""

    name: str
    z: np.ndarray  # conv: (C, H, W); fc1: (HIDDEN,)
    fz: np.ndarray


@dataclass(frozen=True)
class InsideView:
    """What one model does with one image."""

    layers: tuple[LayerView, ...]
    probabilities: np.ndarray  # softmax over the logits, (n_classes,)

    def layer(self, name: str) -> LayerView:
        return next(layer for layer in self.layers if layer.name == name)


def look_inside(model: LabCNN, image: torch.Tensor) -> InsideView:
    """Run ``image`` (1×3×32×32, normalised) through ``model`` once and record, with forward
    hooks, each hidden layer's z and f(z): the model's own intermediate tensors."""
    seen: dict[str, dict[str, np.ndarray]] = {}
    handles = []

    def hook(name: str, which: str):
        def record(_module: nn.Module, _inputs: tuple, output: torch.Tensor) -> None:
            # Copied at once: an in-place activation would overwrite z afterwards.
            seen.setdefault(name, {})[which] = output.detach()[0].clone().numpy()

        return record

    for name, z_layer, act in model.hidden_layers():
        handles.append(z_layer.register_forward_hook(hook(name, "z")))
        handles.append(act.register_forward_hook(hook(name, "fz")))
    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            logits = model(image)
    finally:
        for handle in handles:
            handle.remove()
        model.train(was_training)
    probabilities = torch.softmax(logits[0], dim=0).numpy()
    layers = tuple(
        LayerView(name, seen[name]["z"], seen[name]["fz"]) for name in model.layer_names()
    )
    return InsideView(layers, probabilities)


def alive_units(output: torch.Tensor) -> torch.Tensor:
    """Per unit, True if its output is non-zero for at least one image of this batch.

    ``output`` is one layer's f(z), (N, C, H, W) or (N, units); for a conv layer a unit is one
    channel (one filter) over all positions.
    """
    dims = (0, 2, 3) if output.dim() == 4 else (0,)
    # A sum of |output| is 0 exactly when every output is 0: adding non-negative floats never
    # rounds to 0, and subnormals count. One pass; over channels-last maps about 6× faster than
    # the largest |output|. NaN is not 0: alive.
    total = output.abs().sum(dim=dims)
    return (total > 0) | total.isnan()


def dead_fraction(alive: torch.Tensor) -> float:
    """Share of units never non-zero over the evaluation batch (dead units, not zero outputs)."""
    return float((~alive).float().mean())
