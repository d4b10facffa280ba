"""Statistics: the byte-count fast path equals the batched direct path, and the lesson's facts."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine import catalogue, image_stats
from engine.catalogue import CATALOGUE
from engine.image_stats import (
    Stats,
    channel_counts,
    mean_std_from_counts,
    stats,
    stats_direct,
    stats_from_counts,
)
from engine.jobs import Cancelled
from engine.pipeline import SCALINGS, PipelineConfig, scale

ELEMENTWISE = [s for s in CATALOGUE if s.family == "elementwise"]


@pytest.fixture(autouse=True)
def two_torch_threads():
    """Pinned for the reason given in tests/test_pipeline.py (torch's thread split)."""
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def images() -> np.ndarray:
    rng = np.random.default_rng(99)
    random = rng.integers(0, 256, size=(50, 3, 32, 32), dtype=np.uint8)
    i = np.arange(1024)
    every = np.stack([((i * 7 + 85 * c) % 256).reshape(32, 32) for c in range(3)])
    return np.concatenate([random, every[None].astype(np.uint8)])


@pytest.fixture(scope="module")
def counts(images) -> np.ndarray:
    return channel_counts(images)


class FakeCtx:
    """A JobContext stand-in: records progress; check() raises Cancelled from call ``stop_at``."""

    def __init__(self, stop_at: int | None = None) -> None:
        self.stop_at = stop_at
        self.checks = 0
        self.progress_calls: list[tuple[float, float]] = []

    def check(self) -> None:
        self.checks += 1
        if self.stop_at is not None and self.checks >= self.stop_at:
            raise Cancelled("test")

    def progress(self, done: float, total: float) -> None:
        self.progress_calls.append((done, total))


def assert_same(a: Stats, b: Stats) -> None:
    for name in Stats.__dataclass_fields__:
        x, y = getattr(a, name), getattr(b, name)
        if name.endswith("_mean"):
            np.testing.assert_allclose(x, y, rtol=1e-12, atol=0, err_msg=name)
        elif isinstance(x, np.ndarray):
            assert x.dtype == y.dtype, name
            assert np.array_equal(x, y, equal_nan=True), name
        else:
            assert x == y, name
    assert a.same_as(b)


# -- counts ------------------------------------------------------------------------------------


def test_channel_counts_in_batches(images):
    ctx = FakeCtx()
    counts = channel_counts(images, ctx=ctx, batch=16)
    expected = np.stack([np.bincount(images[:, c].ravel(), minlength=256) for c in range(3)])
    assert counts.dtype == np.int64 and counts.shape == (3, 256)
    assert np.array_equal(counts, expected)
    assert ctx.checks == 4 and ctx.progress_calls[-1] == (51, 51)
    with pytest.raises(Cancelled):
        channel_counts(images, ctx=FakeCtx(stop_at=2), batch=16)


def test_mean_std_from_counts(images, counts):
    mean, std = mean_std_from_counts(counts)
    x = images.astype(np.float64) / 255
    np.testing.assert_allclose(mean, x.mean(axis=(0, 2, 3)), rtol=1e-12)
    np.testing.assert_allclose(std, x.std(axis=(0, 2, 3)), rtol=1e-12)


# -- fast path == direct path ------------------------------------------------------------------


@pytest.mark.parametrize("spec", ELEMENTWISE, ids=lambda s: s.key)
def test_fast_stats_equal_direct_stats(images, counts, spec):
    for scaling in SCALINGS:
        cfg = PipelineConfig(scaling=scaling)
        fast = stats_from_counts(counts, spec, spec.defaults(), cfg)
        slow = stats_direct(images, spec, spec.defaults(), cfg, batch=20)
        assert_same(fast, slow)
        assert fast.before_hist.shape == (3, 64) and fast.after_edges.shape == (3, 65)
        assert fast.before_hist.dtype == np.int64 and fast.after_edges.dtype == np.float64
        assert fast.n_values == images.size
        assert (fast.after_hist.sum(axis=1) == images.size // 3).all()


def test_fast_stats_with_other_bins_and_threshold(images, counts):
    spec = catalogue.get("tanh")
    cfg = PipelineConfig(scaling="standardize")
    fast = stats_from_counts(counts, spec, {}, cfg, bins=7, sat_threshold=0.3)
    assert_same(fast, stats_direct(images, spec, {}, cfg, bins=7, sat_threshold=0.3))
    assert 0 < fast.frac_saturated < 1


def test_missing_byte_values_and_constant_channels():
    # Only two byte values in channel 0, one in channel 1 (constant), none special in 2.
    img = np.zeros((2, 3, 4, 4), dtype=np.uint8)
    img[0, 0] = 10
    img[1, 0] = 200
    img[:, 1] = 77
    img[:, 2, :2] = 255
    spec = catalogue.get("sigmoid")
    cfg = PipelineConfig(scaling="normalize_half")
    fast = stats_from_counts(channel_counts(img), spec, {}, cfg, bins=4)
    assert_same(fast, stats_direct(img, spec, {}, cfg, bins=4))
    x10, x200 = scale(np.array([[[[10]], [[200]], [[0]]]], dtype=np.uint8), "normalize_half")[
        0, :2, 0, 0
    ]
    assert fast.before_min[0] == float(x10) and fast.before_max[0] == float(x200)
    assert fast.before_hist[0].tolist() == [16, 0, 0, 16]
    # Constant channel: edges ±0.5 around the value, everything in the middle bin.
    assert fast.before_edges[1, 0] == fast.before_min[1] - 0.5
    assert fast.before_hist[1].tolist() == [0, 0, 32, 0]


def test_no_images():
    empty = np.zeros((0, 3, 32, 32), dtype=np.uint8)
    spec = catalogue.get("relu")
    fast = stats_from_counts(channel_counts(empty), spec, {}, PipelineConfig())
    slow = stats_direct(empty, spec, {}, PipelineConfig())
    assert_same(fast, slow)
    assert fast.n_values == 0 and fast.frac_zero == 0.0 and np.isnan(fast.after_min).all()


def test_recomputing_second_pass_equals_keeping_values(images, monkeypatch):
    spec = catalogue.get("gelu")
    cfg = PipelineConfig(scaling="normalize_half", pre="sharpen")
    kept_ctx, recomputed_ctx = FakeCtx(), FakeCtx()
    kept = stats_direct(images, spec, {"approximate": "none"}, cfg, ctx=kept_ctx, batch=20)
    monkeypatch.setattr(image_stats, "KEEP_BYTES", 0)
    again = stats_direct(images, spec, {"approximate": "none"}, cfg, ctx=recomputed_ctx, batch=20)
    assert_same(kept, again)
    assert np.array_equal(kept.after_mean, again.after_mean)  # same order of summation
    assert kept_ctx.progress_calls == [(1, 3), (2, 3), (3, 3)]
    assert [d for d, _ in recomputed_ctx.progress_calls] == [1, 2, 3, 4, 5, 6]
    assert recomputed_ctx.checks == 6


def test_stats_direct_cancels_between_batches(images):
    ctx = FakeCtx(stop_at=2)
    with pytest.raises(Cancelled):
        stats_direct(images, catalogue.get("relu"), {}, PipelineConfig(pre="edges"), ctx=ctx,
                     batch=20)  # fmt: skip
    assert ctx.checks == 2 and len(ctx.progress_calls) == 1


def test_stats_dispatches_to_the_exact_fast_path(images, counts):
    relu = catalogue.get("relu")
    cfg = PipelineConfig(scaling="normalize_half")
    by_counts = stats(relu, {}, cfg, counts=counts)
    assert_same(by_counts, stats(relu, {}, cfg, images=images))
    assert_same(by_counts, stats_direct(images, relu, {}, cfg))
    conv = PipelineConfig(pre="edges")
    with pytest.raises(ValueError):
        stats(relu, {}, conv, counts=counts)  # a conv stage needs the pixels themselves
    with pytest.raises(ValueError):
        stats_from_counts(counts, relu, {}, conv)
    assert_same(stats(relu, {}, conv, images=images), stats_direct(images, relu, {}, conv))


# -- what the statistics teach -----------------------------------------------------------------


def test_relu_after_to_tensor_changes_nothing(counts):
    s = stats_from_counts(counts, catalogue.get("relu"), {}, PipelineConfig())
    assert np.array_equal(s.after_hist, s.before_hist)
    assert np.array_equal(s.after_edges, s.before_edges)
    assert np.array_equal(s.after_min, s.before_min) and np.array_equal(s.after_max, s.before_max)
    assert np.array_equal(s.after_mean, s.before_mean)
    # Only black pixels give exactly 0.
    assert s.frac_zero == counts[:, 0].sum() / counts.sum()


def test_sigmoid_after_to_tensor_is_squeezed_into_half_to_0_731(counts):
    s = stats_from_counts(counts, catalogue.get("sigmoid"), {}, PipelineConfig())
    assert (s.after_min == 0.5).all()  # sigmoid(0), every channel has black pixels here
    assert (s.after_max > 0.731).all() and (s.after_max < 0.7311).all()  # sigmoid(1) = 0.73106
    assert s.frac_zero == 0.0
    assert s.frac_saturated == 0.0  # f' ≥ 0.1966 on [0, 1]: nowhere near flat


def test_relu_after_normalize_half_zeroes_the_darker_half(images, counts):
    # (k/255 − 0.5)/0.5 ≤ 0 ⇔ k ≤ 127.5, and 127.5 is not a byte: pixels 0…127 (< 128) become
    # negative inputs (none is exactly 0), and ReLU makes exactly those 0.
    s = stats_from_counts(counts, catalogue.get("relu"), {}, PipelineConfig("normalize_half"))
    assert s.frac_zero == (images < 128).mean()
    assert np.array_equal(s.frac_zero_per_channel, (images < 128).mean(axis=(0, 2, 3)))
    assert s.frac_saturated == s.frac_zero  # f' = 0 on the dead side


def test_sigmoid_saturation_fraction(images, counts):
    sigmoid = catalogue.get("sigmoid")
    # σ'(x) = σ(1 − σ) falls below 0.2 for x > 0.9624, i.e. bytes k/255 > 0.9624: k ≥ 246.
    s = stats_from_counts(counts, sigmoid, {}, PipelineConfig(), sat_threshold=0.2)
    assert s.frac_saturated == (images >= 246).mean()
    # After an edge filter the inputs reach ±8: compute σ' by hand and compare.
    cfg = PipelineConfig(scaling="normalize_half", pre="edges")
    d = stats_direct(images, sigmoid, {}, cfg, batch=25)
    from engine.pipeline import activation_input

    x = activation_input(images, cfg).double()
    sig = torch.sigmoid(x)
    expected = (sig * (1 - sig) < 1e-2).double().mean().item()
    assert d.frac_saturated == pytest.approx(expected, abs=2 / images.size)
    assert d.frac_saturated > 0.01


def test_softmax_saturation_uses_the_diagonal_derivative(images):
    spec = catalogue.get("softmax")
    cfg = PipelineConfig(scaling="standardize", pre="edges")
    threshold = 0.05
    d = stats_direct(images, spec, spec.defaults(), cfg, sat_threshold=threshold, batch=20)
    from engine.pipeline import activation_input

    s = torch.softmax(activation_input(images, cfg).double(), dim=1)
    diag = s * (1 - s)
    expected = (diag < threshold).double().mean(dim=(0, 2, 3)).numpy()
    np.testing.assert_allclose(d.frac_saturated_per_channel, expected, atol=3 / images.size)
    assert 0 < d.frac_saturated < 1
    assert d.after_min.min() >= 0 and d.after_max.max() <= 1
