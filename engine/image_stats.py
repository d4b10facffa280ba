"""Statistics of the pipeline's values before and after the activation, per page or whole split.

Two paths give the same :class:`Stats`:

* :func:`stats_from_counts` — the fast path for element-wise activations without a pre stage: a
  split is summarised once by its byte counts per channel (:func:`channel_counts`, cached by the
  caller), and every statistic is a weighted sum over the 3 × 256 lookup-table entries. A parameter
  change costs a module call on 768 values, well under a millisecond.
* :func:`stats_direct` — the general path (convolution stage, Softmax family): the images in
  batches, with ``ctx.check()`` and ``ctx.progress`` between batches.

To make them agree exactly, both bin with the same function on the same float32 values against the
same edges (per channel, equal width from the values' min to max), and both take fractions as
integer counts divided by integer totals. Only the means may differ, in the last bits: both sum in
float64, but in a different order.

"Before" is what the activation receives (scaled images, after the pre stage if there is one).
"Saturated" means |f'| < threshold at that input, with autograd's f' on the real module — ReLU's
dead side (f' = 0, and PyTorch's f'(0) = 0) counts. For the Softmax family, whose Jacobian over the
channels is not diagonal, f' is the diagonal term ∂y_c/∂x_c: how much a channel's output moves with
its own input — s(1 − s) for Softmax, −s(1 − s) for Softmin, 1 − s for LogSoftmax.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import torch

from engine.catalogue import ActivationSpec, Params
from engine.jobs import JobContext
from engine.pipeline import (
    Luts,
    PipelineConfig,
    activation_input,
    activation_module,
    channel_luts,
    lut_applicable,
)

__all__ = [
    "BINS",
    "SAT_THRESHOLD",
    "Stats",
    "channel_counts",
    "mean_std_from_counts",
    "stats",
    "stats_direct",
    "stats_from_counts",
]

BINS = 64
SAT_THRESHOLD = 1e-2
# stats_direct keeps the batches' values for its second pass up to this size, else recomputes.
KEEP_BYTES = 64 << 20


@dataclass(frozen=True, eq=False)
class Stats:
    """Per-channel histograms and summaries of the activation's input ("before") and output."""

    before_hist: np.ndarray  # (3, bins) int64
    after_hist: np.ndarray  # (3, bins) int64
    before_edges: np.ndarray  # (3, bins + 1) float64
    after_edges: np.ndarray  # (3, bins + 1) float64
    before_min: np.ndarray  # (3,) float64 (NaN for no values)
    before_max: np.ndarray
    before_mean: np.ndarray
    after_min: np.ndarray
    after_max: np.ndarray
    after_mean: np.ndarray
    frac_zero: float  # outputs exactly 0, over all channels
    frac_zero_per_channel: np.ndarray  # (3,)
    frac_saturated: float  # |f'| < sat_threshold at the input, over all channels
    frac_saturated_per_channel: np.ndarray  # (3,)
    n_values: int  # values summarised, all channels together (N·3·H·W)
    sat_threshold: float

    def same_as(self, other: Stats, mean_rtol: float = 1e-12) -> bool:
        """Every field equal (NaN equal to NaN); the means to ``mean_rtol`` relative."""
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if f.name.endswith("_mean"):
                if not np.allclose(a, b, rtol=mean_rtol, atol=0.0, equal_nan=True):
                    return False
            elif isinstance(a, np.ndarray):
                if a.dtype != b.dtype or not np.array_equal(a, b, equal_nan=a.dtype.kind == "f"):
                    return False
            elif a != b:
                return False
        return True


# -- byte counts -------------------------------------------------------------------------------


def channel_counts(
    images: np.ndarray | torch.Tensor,
    ctx: JobContext | None = None,
    batch: int = 1000,
) -> np.ndarray:
    """How often each byte value occurs in each channel: (3, 256) int64. In batches, with
    ``ctx.check()`` before each and progress after; compute once per split and cache it."""
    u = images if isinstance(images, torch.Tensor) else torch.from_numpy(_readable(images))
    if u.dtype != torch.uint8 or u.ndim != 4 or u.shape[1] != 3:
        raise ValueError(f"images must be uint8 (N, 3, H, W), got {u.dtype} {tuple(u.shape)}")
    counts = torch.zeros(3, 256, dtype=torch.int64)
    n = u.shape[0]
    for s in range(0, n, batch):
        if ctx is not None:
            ctx.check()
        for c in range(3):
            # torch.bincount takes uint8 directly (numpy's converts to intp first: ~5× slower).
            counts[c] += torch.bincount(u[s : s + batch, c].reshape(-1), minlength=256)
        if ctx is not None:
            ctx.progress(min(s + batch, n), n)
    return counts.numpy()


def _readable(images: np.ndarray) -> np.ndarray:
    arr = np.asarray(images)
    return arr.copy() if not arr.flags.writeable else arr  # from_numpy warns on read-only


def mean_std_from_counts(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact per-channel mean and (population) std of the ToTensor values x/255 of a split,
    in float64 — e.g. for checking the rounded CIFAR-10 constants used by "standardize"."""
    counts = np.asarray(counts, dtype=np.float64)
    v = np.arange(256, dtype=np.float64) / 255
    n = counts.sum(axis=1)
    mean = counts @ v / n
    var = (counts * (v[None, :] - mean[:, None]) ** 2).sum(axis=1) / n
    return mean, np.sqrt(var)


# -- shared pieces: edges, binning, the final assembly -----------------------------------------


def _edges(lo: np.ndarray, hi: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Equal-width edges per channel from min to max: (3, bins + 1), plus the start and the
    scale (bins per unit) the binning uses. A constant channel gets ±0.5 around its value (its
    values land in the middle bin), an empty one −0.5…0.5."""
    lo = np.asarray(lo, dtype=np.float64)
    hi = np.asarray(hi, dtype=np.float64)
    flat = ~(hi > lo)  # also NaN (no values)
    # ±0.5 vanishes next to a huge constant (1e30 + 0.5 == 1e30): widen relative to it then.
    half = np.where(np.isfinite(hi), np.maximum(0.5, np.abs(hi) * 1e-6), 0.5)
    start = np.where(flat, lo - half, lo)
    stop = np.where(flat, hi + half, hi)
    empty = np.isnan(lo)
    start = np.where(empty, -0.5, start)
    stop = np.where(empty, 0.5, stop)
    edges = np.linspace(start, stop, bins + 1, axis=1)
    return edges, start, bins / (stop - start)


def _bin(
    values: torch.Tensor,
    start: np.ndarray,
    per_unit: np.ndarray,
    bins: int,
    weights: torch.Tensor | None = None,
) -> torch.Tensor:
    """Histogram counts (3, bins) int64 of values (B, 3, M), channel by channel.

    Both paths call this on identical float32 values with identical edges; float64 subtraction,
    multiplication and clamping are correctly rounded and truncation is exact,
    so every value gets the same bin in both.
    """
    s = torch.from_numpy(start).view(1, 3, 1)
    k = torch.from_numpy(per_unit).view(1, 3, 1)
    # In place on one float64 copy: position in bins, the maximum folded into the last bin
    # (truncation then gives bins - 1), then each channel moved to its own range of bins so one
    # bincount does all three.
    pos = values.to(torch.float64, copy=True).sub_(s).mul_(k).clamp_(0, bins - 0.5)
    idx = pos.to(torch.int64).add_(torch.arange(0, 3 * bins, bins).view(1, 3, 1)).reshape(-1)
    if weights is None:
        h = torch.bincount(idx, minlength=3 * bins)
    else:
        # float64 weights sum integers exactly (counts stay far below 2**53).
        h = torch.bincount(idx, weights=weights.reshape(-1), minlength=3 * bins)
        h = h.round().to(torch.int64)
    return h.view(3, bins)


def _f32_threshold(threshold: float) -> np.float32:
    """The float32 t with  x < threshold ⇔ x < t  for every float32 x (the smallest float32 ≥
    threshold), so both paths compare float32 derivatives without widening them."""
    t = np.float32(threshold)
    return np.nextafter(t, np.float32(np.inf)) if float(t) < threshold else t


@dataclass
class _Summary:
    """Per-channel sufficient statistics of the before/after values, before binning."""

    n: np.ndarray  # (3,) int64 values per channel
    before_min: np.ndarray
    before_max: np.ndarray
    before_sum: np.ndarray  # float64
    after_min: np.ndarray
    after_max: np.ndarray
    after_sum: np.ndarray
    zeros: np.ndarray  # (3,) int64
    saturated: np.ndarray  # (3,) int64


def _finish(
    s: _Summary,
    before_hist: np.ndarray,
    after_hist: np.ndarray,
    before_edges: np.ndarray,
    after_edges: np.ndarray,
    sat_threshold: float,
) -> Stats:
    n = s.n.astype(np.int64)
    total = int(n.sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        before_mean = s.before_sum / n
        after_mean = s.after_sum / n
        zero_c = np.where(n > 0, s.zeros / np.maximum(n, 1), 0.0)
        sat_c = np.where(n > 0, s.saturated / np.maximum(n, 1), 0.0)
    return Stats(
        before_hist=before_hist,
        after_hist=after_hist,
        before_edges=before_edges,
        after_edges=after_edges,
        before_min=s.before_min,
        before_max=s.before_max,
        before_mean=before_mean,
        after_min=s.after_min,
        after_max=s.after_max,
        after_mean=after_mean,
        frac_zero=int(s.zeros.sum()) / total if total else 0.0,
        frac_zero_per_channel=zero_c,
        frac_saturated=int(s.saturated.sum()) / total if total else 0.0,
        frac_saturated_per_channel=sat_c,
        n_values=total,
        sat_threshold=float(sat_threshold),
    )


# -- the fast path -----------------------------------------------------------------------------


def stats_from_counts(
    counts: np.ndarray,
    spec: ActivationSpec,
    params: Params | None,
    config: PipelineConfig,
    bins: int = BINS,
    sat_threshold: float = SAT_THRESHOLD,
    luts: Luts | None = None,
) -> Stats:
    """Whole-split statistics from the split's byte counts (3, 256) through the lookup tables.
    Only for configurations where :func:`~engine.pipeline.lut_applicable` holds."""
    if not lut_applicable(spec, config):
        raise ValueError("no lookup-table path for this activation/stage: use stats_direct")
    counts = np.asarray(counts, dtype=np.int64)
    if counts.shape != (3, 256):
        raise ValueError(f"counts must be (3, 256), got {counts.shape}")
    if luts is None:
        luts = channel_luts(spec, params, config.scaling)
    present = counts > 0

    def lo_hi(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # Only values that occur count: a split need not contain every byte value.
        v = v.astype(np.float64)
        lo = np.where(present, v, np.inf).min(axis=1)
        hi = np.where(present, v, -np.inf).max(axis=1)
        none = ~present.any(axis=1)
        return np.where(none, np.nan, lo), np.where(none, np.nan, hi)

    w = counts.astype(np.float64)
    b_lo, b_hi = lo_hi(luts.x)
    a_lo, a_hi = lo_hi(luts.y)
    summary = _Summary(
        n=counts.sum(axis=1),
        before_min=b_lo,
        before_max=b_hi,
        before_sum=(w * luts.x.astype(np.float64)).sum(axis=1),
        after_min=a_lo,
        after_max=a_hi,
        after_sum=(w * luts.y.astype(np.float64)).sum(axis=1),
        zeros=np.where(luts.y == 0, counts, 0).sum(axis=1),
        saturated=np.where(np.abs(luts.dy) < _f32_threshold(sat_threshold), counts, 0).sum(axis=1),
    )
    b_edges, b_start, b_k = _edges(b_lo, b_hi, bins)
    a_edges, a_start, a_k = _edges(a_lo, a_hi, bins)
    wt = torch.from_numpy(w).view(1, 3, 256)
    b_hist = _bin(torch.from_numpy(luts.x).view(1, 3, 256), b_start, b_k, bins, wt)
    a_hist = _bin(torch.from_numpy(luts.y).view(1, 3, 256), a_start, a_k, bins, wt)
    return _finish(summary, b_hist.numpy(), a_hist.numpy(), b_edges, a_edges, sat_threshold)


# -- the general path --------------------------------------------------------------------------


def _derivative(spec: ActivationSpec, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Autograd's ∂y/∂x for element-wise modules; for the Softmax family (over dim 1) the
    diagonal ∂y_c/∂x_c, one backward pass per channel."""
    if spec.family == "elementwise":
        (g,) = torch.autograd.grad(y, x, torch.ones_like(y))
        return g
    diag = torch.empty_like(x)
    for c in range(x.shape[1]):
        seed = torch.zeros_like(y)
        seed[:, c] = 1
        (g,) = torch.autograd.grad(y, x, seed, retain_graph=c < x.shape[1] - 1)
        diag[:, c] = g[:, c]
    return diag


def stats_direct(
    images: np.ndarray | torch.Tensor,
    spec: ActivationSpec,
    params: Params | None,
    config: PipelineConfig,
    bins: int = BINS,
    sat_threshold: float = SAT_THRESHOLD,
    ctx: JobContext | None = None,
    batch: int = 1000,
) -> Stats:
    """Statistics by running the images through the pipeline in batches, for any configuration.

    Two passes, because the histogram edges come from the global min/max: the first gathers
    min/max/sums/zeros/saturation (with autograd), the second bins. The second reuses the first's
    values when they fit in KEEP_BYTES, else recomputes them (deterministically: same batches,
    same ops). ``ctx.check()`` runs before every batch, ``ctx.progress`` after.
    """
    module = activation_module(spec, params)
    n_img = len(images)
    starts = list(range(0, n_img, batch))
    per_image = int(np.prod(images.shape[1:])) if n_img else 0
    keep = 2 * 4 * per_image * n_img <= KEEP_BYTES
    total_steps = len(starts) * (1 if keep else 2)
    done = 0

    def step_done() -> None:
        nonlocal done
        done += 1
        if ctx is not None:
            ctx.progress(done, total_steps)

    def check() -> None:
        if ctx is not None:
            ctx.check()

    inf = torch.full((3,), float("inf"), dtype=torch.float32)
    b_lo, b_hi, a_lo, a_hi = inf.clone(), -inf, inf.clone(), -inf
    b_sum = torch.zeros(3, dtype=torch.float64)
    a_sum = torch.zeros(3, dtype=torch.float64)
    zeros = torch.zeros(3, dtype=torch.int64)
    saturated = torch.zeros(3, dtype=torch.int64)
    n = torch.zeros(3, dtype=torch.int64)
    kept: list[tuple[torch.Tensor, torch.Tensor]] = []
    dims = (0, 2, 3)
    sat32 = torch.tensor(_f32_threshold(sat_threshold))  # a float32 0-d tensor: compared as is
    for s in starts:
        check()
        x = activation_input(images[s : s + batch], config).requires_grad_(True)
        y = module(x)
        dy = _derivative(spec, x, y)
        x, y = x.detach(), y.detach()
        b_lo = torch.minimum(b_lo, x.amin(dim=dims))
        b_hi = torch.maximum(b_hi, x.amax(dim=dims))
        a_lo = torch.minimum(a_lo, y.amin(dim=dims))
        a_hi = torch.maximum(a_hi, y.amax(dim=dims))
        b_sum += x.sum(dim=dims, dtype=torch.float64)
        a_sum += y.sum(dim=dims, dtype=torch.float64)
        zeros += (y == 0).sum(dim=dims)
        saturated += (dy.abs() < sat32).sum(dim=dims)
        n += x.shape[0] * x.shape[2] * x.shape[3]
        if keep:
            kept.append((x, y))
        step_done()

    empty = n == 0

    def as_np(t: torch.Tensor) -> np.ndarray:
        return np.where(empty.numpy(), np.nan, t.to(torch.float64).numpy())

    summary = _Summary(
        n=n.numpy(),
        before_min=as_np(b_lo),
        before_max=as_np(b_hi),
        before_sum=b_sum.numpy(),
        after_min=as_np(a_lo),
        after_max=as_np(a_hi),
        after_sum=a_sum.numpy(),
        zeros=zeros.numpy(),
        saturated=saturated.numpy(),
    )
    b_edges, b_start, b_k = _edges(summary.before_min, summary.before_max, bins)
    a_edges, a_start, a_k = _edges(summary.after_min, summary.after_max, bins)
    b_hist = torch.zeros(3, bins, dtype=torch.int64)
    a_hist = torch.zeros(3, bins, dtype=torch.int64)

    def add(x: torch.Tensor, y: torch.Tensor) -> None:
        nonlocal b_hist, a_hist
        b_hist += _bin(x.reshape(x.shape[0], 3, -1), b_start, b_k, bins)
        a_hist += _bin(y.reshape(y.shape[0], 3, -1), a_start, a_k, bins)

    if keep:
        for x, y in kept:
            add(x, y)
    else:
        with torch.no_grad():
            for s in starts:
                check()
                x = activation_input(images[s : s + batch], config)
                add(x, module(x))
                step_done()
    return _finish(summary, b_hist.numpy(), a_hist.numpy(), b_edges, a_edges, sat_threshold)


def stats(
    spec: ActivationSpec,
    params: Params | None,
    config: PipelineConfig,
    *,
    images: np.ndarray | torch.Tensor | None = None,
    counts: np.ndarray | None = None,
    bins: int = BINS,
    sat_threshold: float = SAT_THRESHOLD,
    ctx: JobContext | None = None,
    batch: int = 1000,
    luts: Luts | None = None,
) -> Stats:
    """Statistics by the fastest exact path: byte counts through the lookup tables when they
    apply (``counts`` computed from ``images`` if not given), else the images in batches."""
    if lut_applicable(spec, config):
        if counts is None:
            if images is None:
                raise ValueError("give images or their channel counts")
            counts = channel_counts(images, ctx=ctx, batch=batch)
        return stats_from_counts(counts, spec, params, config, bins, sat_threshold, luts)
    if images is None:
        raise ValueError("this configuration has no lookup-table path: it needs the images")
    return stats_direct(images, spec, params, config, bins, sat_threshold, ctx, batch)
