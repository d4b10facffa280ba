"""The image pipeline: uint8 images → scaling → optional 3×3 stage → activation → display.

Images are uint8 arrays of shape (N, 3, H, W) (CIFAR-10: 32×32). Everything here is plain torch and
numpy, safe to run on the background job runner; torchvision is not imported (the scaling repeats
its arithmetic op for op, so results are the same bits and importing this module stays cheap).

The fast path
-------------
Under a fixed per-channel scaling, an 8-bit pixel has only 256 possible inputs per channel, so an
element-wise activation (without a pre-activation stage) is fully described by per-channel lookup
tables: input x, output f(x) and autograd's f'(x), each (3, 256). Applying them by indexing gives
the very bits that applying the module to the whole batch (:func:`direct`) gives, because:

* the scaling is ``to(float32)``, ``div(255)``, ``sub(mean)``, ``div(std)`` — correctly rounded
  IEEE operations, identical whatever the tensor's layout;
* torch's CPU kernels for transcendental activations (Sigmoid, SiLU, GELU, Mish, Softplus, ELU…)
  run a SIMD implementation over full vector chunks and a scalar one (libm) over the remainder, and
  the two disagree on some inputs (measured on the 768 table inputs: about 20 for Sigmoid and SiLU,
  by 1 ulp; 20–40 for the ELUs; 30–170 for GELU, up to 29 ulp; 230–300 for Mish). The tables are
  therefore evaluated as one contiguous (3, 256) tensor: 768 elements is a multiple of every SIMD
  step (16, 32 or 64 floats) and far below torch's intra-op grain size (32 768), so one thread
  runs every value through the SIMD kernel — as it runs every element of a contiguous
  N×3×32×32 batch (N·3072 elements, again a multiple of the step).

Caveat, and why the tests pin torch to 2 threads: torch splits a large tensor into one contiguous
range per thread, and each range ends in a scalar remainder unless it ends on a SIMD step. With
1–4 threads the ranges of N·3072 elements always do (checked: N = 1…300 and up to 1000); with 5,
7 or 8 they sometimes do not (e.g. 64 images at 5 threads, 73 at 8, 1000 at 7 send 1–3 pixels
through the scalar Sigmoid kernel). Then torch's own whole-batch result depends on a pixel's
*position*, not only its value, and no table can reproduce it; the table gives the SIMD kernel's
value for every pixel, i.e. what the whole batch gives wherever it is evaluated on the SIMD path.

Display mappings give uint8 (N, H, W, 3) for the screen: ``clip`` exactly as TensorBoard's
``add_images`` stores float images, ``stretch`` per image, ``diverging`` for one signed channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from engine import choices
from engine.catalogue import ActivationSpec, Params
from engine.modules import build_module

__all__ = [
    "CIFAR10_MEAN",
    "CIFAR10_STD",
    "DISPLAYS",
    "DIVERGING_NEGATIVE",
    "DIVERGING_POSITIVE",
    "PRE_KERNELS",
    "PRE_STAGES",
    "SCALINGS",
    "Luts",
    "PipelineConfig",
    "ProcessedBatch",
    "activation_input",
    "activation_module",
    "apply_display_luts",
    "apply_luts",
    "channel_luts",
    "direct",
    "display_clip",
    "display_diverging",
    "display_luts",
    "display_stretch",
    "lut_applicable",
    "pre_stage",
    "process",
    "scale",
    "to_display",
]

Scaling = Literal["to_tensor", "normalize_half", "standardize"]
Pre = Literal["none", "edges", "laplacian", "sharpen", "emboss"]
Display = Literal["clip", "stretch", "diverging"]

SCALINGS: tuple[str, ...] = tuple(choices.SCALINGS)
PRE_STAGES: tuple[str, ...] = tuple(choices.PRE_STAGES)
DISPLAYS: tuple[str, ...] = tuple(choices.DISPLAYS)

# The commonly used CIFAR-10 values: per-channel mean and standard deviation of all pixels of the
# 50 000 training images after ToTensor, rounded to 4 decimals (e.g. "Deep Learning with PyTorch",
# ch. 7, computes std (0.2470, 0.2435, 0.2616) this way). The also-common std
# (0.2023, 0.1994, 0.2010) is the mean of per-image stds, not the dataset's. Exact values follow
# from a loaded split's byte counts: engine.image_stats.mean_std_from_counts.
CIFAR10_MEAN: tuple[float, float, float] = (0.4914, 0.4822, 0.4465)
CIFAR10_STD: tuple[float, float, float] = (0.2470, 0.2435, 0.2616)

_NORMALIZE: dict[str, tuple[tuple[float, ...], tuple[float, ...]] | None] = {
    "to_tensor": None,
    "normalize_half": ((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)),
    "standardize": (CIFAR10_MEAN, CIFAR10_STD),
}

# Fixed 3×3 kernels, applied to each channel on its own (depthwise) as a cross-correlation (no
# flip), like nn.Conv2d: "edges" (Sobel x) is right minus left, positive where the image gets
# brighter to the right and negative where it gets darker — a signed feature map.
PRE_KERNELS: dict[str, tuple[tuple[float, float, float], ...]] = {
    "edges": ((-1.0, 0.0, 1.0), (-2.0, 0.0, 2.0), (-1.0, 0.0, 1.0)),
    "laplacian": ((0.0, 1.0, 0.0), (1.0, -4.0, 1.0), (0.0, 1.0, 0.0)),
    "sharpen": ((0.0, -1.0, 0.0), (-1.0, 5.0, -1.0), (0.0, -1.0, 0.0)),
    "emboss": ((-2.0, -1.0, 0.0), (-1.0, 1.0, 1.0), (0.0, 1.0, 2.0)),
}

# Diverging map ends (matplotlib's "bwr"): blue for negative, white at 0, red for positive.
DIVERGING_NEGATIVE = (0, 0, 255)
DIVERGING_POSITIVE = (255, 0, 0)


@dataclass(frozen=True)
class PipelineConfig:
    """Everything about the pipeline except the activation and its parameters."""

    scaling: Scaling = "to_tensor"
    pre: Pre = "none"
    display: Display = "clip"
    channel: int = 0  # the channel shown by the diverging display
    diverging_limit: float | None = None  # ±limit maps to the map's ends; None: per image max |v|

    def __post_init__(self) -> None:
        for value, allowed, what in (
            (self.scaling, SCALINGS, "scaling"),
            (self.pre, PRE_STAGES, "pre-activation stage"),
            (self.display, DISPLAYS, "display"),
        ):
            if value not in allowed:
                raise ValueError(f"unknown {what} {value!r}; one of {', '.join(allowed)}")
        if self.channel not in (0, 1, 2):
            raise ValueError(f"channel must be 0, 1 or 2, not {self.channel!r}")
        if self.diverging_limit is not None and not self.diverging_limit > 0:
            raise ValueError("diverging_limit must be positive (or None for per image)")


# -- stages ------------------------------------------------------------------------------------


def _uint8_tensor(images: np.ndarray | torch.Tensor) -> torch.Tensor:
    if isinstance(images, torch.Tensor):
        u = images
    else:
        arr = np.asarray(images)
        if arr.dtype == np.uint8 and not arr.flags.writeable:
            arr = arr.copy()  # torch.from_numpy warns about read-only arrays (e.g. np.frombuffer)
        u = torch.from_numpy(arr) if arr.dtype == np.uint8 else torch.as_tensor(arr)
    if u.dtype != torch.uint8:
        raise TypeError(f"images must be uint8, not {u.dtype}")
    if u.ndim < 3 or u.shape[-3] != 3:
        raise ValueError(f"images must be (N, 3, H, W), got shape {tuple(u.shape)}")
    return u


def scale(images: np.ndarray | torch.Tensor, scaling: str) -> torch.Tensor:
    """uint8 (…, 3, H, W) → float32, with torchvision's arithmetic in torchvision's order.

    ToTensor: ``img.to(dtype=float32).div(255)`` (transforms/functional.py ``to_tensor``);
    Normalize: mean/std as float32 tensors viewed (-1, 1, 1), then ``sub_(mean).div_(std)``
    (transforms/_functional_tensor.py ``normalize``).
    """
    if scaling not in _NORMALIZE:
        raise ValueError(f"unknown scaling {scaling!r}")
    x = _uint8_tensor(images).to(dtype=torch.float32).div(255)
    norm = _NORMALIZE[scaling]
    if norm is not None:
        mean = torch.as_tensor(norm[0], dtype=torch.float32).view(-1, 1, 1)
        std = torch.as_tensor(norm[1], dtype=torch.float32).view(-1, 1, 1)
        x = x.sub_(mean).div_(std)
    return x


def pre_stage(x: torch.Tensor, pre: str) -> torch.Tensor:
    """The fixed 3×3 depthwise convolution ``pre`` on float (N, 3, H, W); "none" returns x.

    A cross-correlation like nn.Conv2d(3, 3, 3, groups=3, bias=False) with every channel's weight
    set to the kernel, computed as a sum of shifted copies (one per non-zero weight): for three
    channels that is 3–4× faster on a CPU than F.conv2d's depthwise path.

    Reflect padding rather than nn.Conv2d's zeros: on a 32×32 image the one-pixel frame is 12 % of
    the pixels, and zero padding would make the image's border against black the strongest "edge"
    of every picture (and dominate the histograms). With reflection a flat region gives a flat
    response right up to the border, so what the activation sees comes from the picture itself.
    """
    if pre == "none":
        return x
    if pre not in PRE_KERNELS:
        raise ValueError(f"unknown pre-activation stage {pre!r}")
    h, w = x.shape[-2:]
    mode = "reflect" if min(h, w) >= 2 else "replicate"  # reflect needs 2 pixels
    padded = F.pad(x, (1, 1, 1, 1), mode=mode)
    out: torch.Tensor | None = None
    for i, row in enumerate(PRE_KERNELS[pre]):
        for j, weight in enumerate(row):
            if weight == 0:
                continue
            term = padded[..., i : i + h, j : j + w] * weight
            out = term if out is None else out.add_(term)
    assert out is not None
    return out


def activation_module(spec: ActivationSpec, params: Params | None = None) -> nn.Module:
    """The catalogue's module; the Softmax family acts over the channels (dim 1), like
    ``nn.Softmax2d`` (which uses dim -3 of an N×C×H×W input)."""
    module = build_module(spec, params)
    if spec.family == "vector":
        module.dim = 1  # Softmax, Softmin and LogSoftmax read self.dim in forward
    return module


def activation_input(images: np.ndarray | torch.Tensor, config: PipelineConfig) -> torch.Tensor:
    """What the activation receives: scaled images, through the pre-activation stage if any."""
    return pre_stage(scale(images, config.scaling), config.pre)


def direct(
    images: np.ndarray | torch.Tensor,
    spec: ActivationSpec,
    params: Params | None,
    config: PipelineConfig,
) -> torch.Tensor:
    """The reference: scale → pre → the module on the whole batch at once; float32 (N, 3, H, W)."""
    with torch.no_grad():
        return activation_module(spec, params)(activation_input(images, config))


# -- lookup tables -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Luts:
    """Per-channel tables indexed by the byte value: x (scaled input), y = f(x), dy = f'(x)."""

    x: np.ndarray  # (3, 256) float32
    y: np.ndarray  # (3, 256) float32
    dy: np.ndarray  # (3, 256) float32, autograd on the real module


def lut_applicable(spec: ActivationSpec, config: PipelineConfig) -> bool:
    """True when 256 values per channel describe the whole computation (see the module doc).

    Every element-wise catalogue entry qualifies — the tests check each one bit for bit — and an
    own activation made only of correctly rounded operations (``Formula.lut_exact``). Not the
    Softmax family (a pixel's output depends on its other channels) nor a convolution stage (the
    activation's input depends on the neighbourhood).
    """
    return spec.family == "elementwise" and spec.lut_exact and config.pre == "none"


def channel_luts(spec: ActivationSpec, params: Params | None, scaling: str) -> Luts:
    """Evaluate the module and autograd's derivative on the 3 × 256 possible inputs."""
    if spec.family != "elementwise":
        raise ValueError(f"{spec.name} is not element-wise: no lookup table")
    # (3, 1, 256) so that scale() broadcasts mean/std over dim -3 exactly as on an image.
    u = torch.arange(256, dtype=torch.uint8).expand(3, 1, 256).contiguous()
    # One contiguous 768-element tensor: a multiple of every SIMD chunk and below the intra-op
    # grain size, so each value goes through the vector kernel, like the pixels of a batch.
    x = scale(u, scaling).reshape(3, 256).contiguous().requires_grad_(True)
    y = activation_module(spec, params)(x)
    # ones_like (contiguous), as in the direct statistics, so the backward kernels match too.
    (dy,) = torch.autograd.grad(y, x, torch.ones_like(y))
    return Luts(x.detach().numpy(), y.detach().numpy(), dy.numpy())


def _block_images(images: np.ndarray) -> int:
    # ~128k indices per block: numpy converts uint8 indices to intp internally, and that
    # temporary stays in cache instead of costing a full-size pass through memory.
    return max(1, (1 << 17) // max(1, images.shape[-1] * images.shape[-2]))


def _uint8_array(images: np.ndarray | torch.Tensor) -> np.ndarray:
    arr = images.numpy() if isinstance(images, torch.Tensor) else np.asarray(images)
    if arr.dtype != np.uint8 or arr.ndim != 4 or arr.shape[1] != 3:
        raise ValueError(f"images must be uint8 (N, 3, H, W), got {arr.dtype} {arr.shape}")
    return arr


def apply_luts(
    images: np.ndarray | torch.Tensor, luts: Luts, table: str = "y", out: np.ndarray | None = None
) -> np.ndarray:
    """Look every pixel up in one of the tables ("y" outputs, "x" inputs, "dy" derivatives):
    float32 (N, 3, H, W). ``out`` may be a preallocated array to fill."""
    images = _uint8_array(images)
    lut = getattr(luts, table)
    if out is None:
        out = np.empty(images.shape, dtype=lut.dtype)
    step = _block_images(images)
    for s in range(0, images.shape[0], step):
        e = s + step
        for c in range(3):
            # uint8 indices are always in range, so mode="clip" only skips numpy's buffering.
            np.take(lut[c], images[s:e, c], out=out[s:e, c], mode="clip")
    return out


# -- display -----------------------------------------------------------------------------------


def display_clip(values: np.ndarray) -> np.ndarray:
    """float → uint8 exactly as TensorBoard's ``add_images`` stores a float image
    (torch/utils/tensorboard/summary.py ``image``: ``(tensor.astype(float32) * 255).clip(0, 255)
    .astype(uint8)``): multiply by 255 in float32, clip, then cast — which truncates, it does not
    round. Same shape as ``values``. (ToTensor's k/255 comes back to exactly k.)"""
    v = np.asarray(values, dtype=np.float32)
    return (v * np.float32(255)).clip(0, 255).astype(np.uint8)


def _round_u8(levels: np.ndarray) -> np.ndarray:
    """0…255 (float) → uint8, rounded to nearest: our own mappings round; only "clip" copies
    TensorBoard's truncation."""
    levels = levels + np.float32(0.5)  # a new array: the caller's stays untouched
    np.floor(levels, out=levels)
    np.clip(levels, 0, 255, out=levels)
    return levels.astype(np.uint8)


def display_stretch(values: np.ndarray) -> np.ndarray:
    """Per image, min → 0 and max → 255 over all three channels (so colours keep their balance);
    a constant image is mid grey (128). float (N, 3, H, W) → uint8 (N, H, W, 3)."""
    v = np.asarray(values, dtype=np.float32)
    flat_view = v.reshape(v.shape[0], -1)
    lo = flat_view.min(axis=1).reshape(-1, 1, 1, 1)
    hi = flat_view.max(axis=1).reshape(-1, 1, 1, 1)
    span = hi - lo
    flat = span == 0
    levels = (v - lo) * (np.float32(255) / np.where(flat, np.float32(1), span))
    levels = np.where(flat, np.float32(127.5), levels)
    return np.ascontiguousarray(_round_u8(levels).transpose(0, 2, 3, 1))


def display_diverging(values: np.ndarray, channel: int, limit: float | None = None) -> np.ndarray:
    """One signed channel through a blue–white–red map, 0 at white, symmetric: ±limit (or, when
    None, ± that image's max |value|) at the pure ends. float (N, 3, H, W) → uint8 (N, H, W, 3)."""
    v = np.asarray(values, dtype=np.float32)[:, channel]
    if limit is None:
        lim = np.abs(v).max(axis=(1, 2), keepdims=True)
    else:
        lim = np.full((v.shape[0], 1, 1), limit, dtype=np.float32)
    t = np.clip(v / np.where(lim > 0, lim, np.float32(1)), -1, 1)  # an all-zero image is white
    a = np.abs(t)
    out = np.empty((*v.shape, 3), dtype=np.uint8)
    for k in range(3):
        neg, pos = DIVERGING_NEGATIVE[k], DIVERGING_POSITIVE[k]
        end = np.where(t < 0, np.float32(neg), np.float32(pos))
        # Linear from white (255) at 0 to the end colour at |t| = 1.
        out[..., k] = _round_u8(255 + a * (end - 255))
    return out


def to_display(values: np.ndarray | torch.Tensor, config: PipelineConfig) -> np.ndarray:
    """float (N, 3, H, W) → uint8 (N, H, W, 3) with the configured display mapping."""
    v = values.detach().numpy() if isinstance(values, torch.Tensor) else np.asarray(values)
    if config.display == "clip":
        return np.ascontiguousarray(display_clip(v).transpose(0, 2, 3, 1))
    if config.display == "stretch":
        return display_stretch(v)
    return display_diverging(v, config.channel, config.diverging_limit)


def display_luts(luts: Luts, table: str = "y") -> np.ndarray:
    """The "clip" display of a table: (3, 256) uint8, for :func:`apply_display_luts`."""
    return display_clip(getattr(luts, table))


def apply_display_luts(images: np.ndarray | torch.Tensor, table: np.ndarray) -> np.ndarray:
    """Pixels through per-channel uint8 tables straight to uint8 (N, H, W, 3), no float image."""
    images = _uint8_array(images)
    n, _, h, w = images.shape
    out = np.empty((n, h, w, 3), dtype=np.uint8)
    step = _block_images(images)
    for s in range(0, n, step):
        e = s + step
        for c in range(3):
            out[s:e, :, :, c] = np.take(table[c], images[s:e, c], mode="clip")
    return out


# -- the whole pipeline ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ProcessedBatch:
    before_display: np.ndarray  # uint8 (N, H, W, 3)
    after_display: np.ndarray  # uint8 (N, H, W, 3)
    before: np.ndarray  # float32 (N, 3, H, W): the activation's input (scaled, then pre stage)
    after: np.ndarray  # float32 (N, 3, H, W): the activation's output
    fast: bool  # computed through the lookup tables


def process(
    images: np.ndarray | torch.Tensor,
    spec: ActivationSpec,
    params: Params | None,
    config: PipelineConfig,
    *,
    luts: Luts | None = None,
    use_luts: bool = True,
) -> ProcessedBatch:
    """Run a batch through the pipeline: the lookup tables when they apply (``luts`` may be passed
    in if already computed for this spec, params and scaling), else :func:`direct`."""
    images = _uint8_array(images)
    if use_luts and lut_applicable(spec, config):
        luts = luts if luts is not None else channel_luts(spec, params, config.scaling)
        before = apply_luts(images, luts, "x")
        after = apply_luts(images, luts, "y")
        if config.display == "clip":
            # Element-wise all the way: the display itself is a 256-entry table per channel.
            before_display = apply_display_luts(images, display_luts(luts, "x"))
            after_display = apply_display_luts(images, display_luts(luts, "y"))
        else:
            before_display, after_display = to_display(before, config), to_display(after, config)
        return ProcessedBatch(before_display, after_display, before, after, fast=True)
    with torch.no_grad():
        x = activation_input(images, config)
        y = activation_module(spec, params)(x)
    before, after = x.numpy(), y.numpy()
    return ProcessedBatch(
        to_display(before, config), to_display(after, config), before, after, fast=False
    )
