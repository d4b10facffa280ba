"""The image pipeline: torchvision's scaling, the lookup-table path bit for bit, display, conv."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from engine import catalogue
from engine.catalogue import CATALOGUE, ActivationSpec
from engine.pipeline import (
    CIFAR10_MEAN,
    CIFAR10_STD,
    SCALINGS,
    PipelineConfig,
    activation_input,
    apply_luts,
    channel_luts,
    direct,
    display_clip,
    display_diverging,
    display_stretch,
    lut_applicable,
    pre_stage,
    process,
    scale,
)

ELEMENTWISE = [s for s in CATALOGUE if s.family == "elementwise"]
VECTOR = [s for s in CATALOGUE if s.family == "vector"]


@pytest.fixture(autouse=True)
def two_torch_threads():
    """Pin torch's intra-op threads. With 5 or 7 threads torch may split a batch off the SIMD
    chunk grid and run a few pixels through its scalar kernels, which differ from the SIMD ones by
    an ulp for Sigmoid, GELU…: then the whole-batch reference itself depends on a pixel's position
    (see engine/pipeline.py). 2 is the target machine; other counts are tested below."""
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(before)


def all_values_image() -> np.ndarray:
    """One 32×32 image holding every byte value 4 times per channel, at shifted positions."""
    i = np.arange(1024)
    return np.stack([((i * 7 + 85 * c) % 256).reshape(32, 32) for c in range(3)]).astype(np.uint8)


@pytest.fixture(scope="module")
def images() -> np.ndarray:
    rng = np.random.default_rng(1234)
    random = rng.integers(0, 256, size=(50, 3, 32, 32), dtype=np.uint8)
    return np.concatenate([random, all_values_image()[None]])


def param_variants(spec: ActivationSpec) -> list[dict]:
    """Defaults, then each parameter moved alone to two points of its slider (or each choice)."""
    out = [spec.defaults()]
    for p in spec.params:
        if p.kind == "float":
            lo, hi = p.slider
            candidates = [round(lo + f * (hi - lo), 3) for f in (0.2, 0.9)]
        elif p.kind == "choice":
            candidates = [c for c in p.choices if c != p.default]
        else:
            continue
        for v in candidates:
            values = {**spec.defaults(), p.name: v}
            if v != p.default and spec.validate(values) is None:
                out.append(values)
    return out


CASES = [
    pytest.param(spec, params, id=f"{spec.key}-{i}")
    for spec in ELEMENTWISE
    for i, params in enumerate(param_variants(spec))
]


def batch_derivative(spec, params, images, scaling) -> torch.Tensor:
    from engine.pipeline import activation_module

    x = scale(images, scaling).requires_grad_(True)
    y = activation_module(spec, params)(x)
    (dy,) = torch.autograd.grad(y, x, torch.ones_like(y))
    return dy


def lookup(table: np.ndarray, images: np.ndarray) -> np.ndarray:
    """The obvious (slow) indexing, independent of apply_luts' blocking."""
    return np.stack([table[c][images[:, c]] for c in range(3)], axis=1)


# -- scaling -----------------------------------------------------------------------------------


@pytest.mark.parametrize("scaling", SCALINGS)
def test_scaling_matches_torchvision_bit_for_bit(images, scaling):
    from torchvision import transforms

    steps = [transforms.ToTensor()]
    if scaling == "normalize_half":
        steps.append(transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)))
    elif scaling == "standardize":
        steps.append(transforms.Normalize(CIFAR10_MEAN, CIFAR10_STD))
    tv = transforms.Compose(steps)
    # torchvision's ToTensor takes an H×W×C array, as the CIFAR10 dataset hands it over.
    expected = torch.stack([tv(np.ascontiguousarray(img.transpose(1, 2, 0))) for img in images])
    got = scale(images, scaling)
    assert got.dtype == torch.float32
    assert torch.equal(got, expected)


def test_scaling_ranges():
    u = np.arange(256, dtype=np.uint8)[None, None, None, :].repeat(3, axis=1)
    assert scale(u, "to_tensor").min() == 0 and scale(u, "to_tensor").max() == 1
    half = scale(u, "normalize_half")
    assert half.min() == -1 and half.max() == 1


# -- the lookup-table path, bit for bit --------------------------------------------------------


def test_every_elementwise_entry_is_lut_applicable():
    cfg = PipelineConfig()
    assert ELEMENTWISE and all(lut_applicable(s, cfg) for s in ELEMENTWISE)
    assert not any(lut_applicable(s, cfg) for s in VECTOR)
    assert not lut_applicable(catalogue.get("relu"), PipelineConfig(pre="edges"))


@pytest.mark.parametrize(("spec", "params"), CASES)
def test_lut_path_is_bit_identical_to_the_module(images, spec, params):
    for scaling in SCALINGS:
        cfg = PipelineConfig(scaling=scaling)
        luts = channel_luts(spec, params, scaling)
        assert luts.x.shape == luts.y.shape == luts.dy.shape == (3, 256)
        assert luts.y.dtype == np.float32
        ref = direct(images, spec, params, cfg).numpy()
        got = apply_luts(images, luts)
        assert got.dtype == np.float32 and got.shape == images.shape
        assert np.array_equal(got, ref, equal_nan=True), (spec.key, params, scaling)
        assert np.array_equal(lookup(luts.y, images), ref, equal_nan=True)
        assert np.array_equal(apply_luts(images, luts, "x"), scale(images, scaling).numpy())
        dy = batch_derivative(spec, params, images, scaling).numpy()
        assert np.array_equal(apply_luts(images, luts, "dy"), dy, equal_nan=True)


@pytest.mark.parametrize("threads", [1, 3, 4])
@pytest.mark.parametrize("key", ["sigmoid", "gelu", "mish", "silu", "swish", "softplus", "elu"])
def test_lut_path_at_other_thread_counts(images, key, threads):
    # These are the entries whose SIMD and scalar kernels disagree on some of the 256 inputs.
    torch.set_num_threads(threads)
    spec = catalogue.get(key)
    for scaling in SCALINGS:
        luts = channel_luts(spec, spec.defaults(), scaling)
        ref = direct(images, spec, spec.defaults(), PipelineConfig(scaling=scaling)).numpy()
        assert np.array_equal(apply_luts(images, luts), ref)


@pytest.mark.parametrize("display", ["clip", "stretch", "diverging"])
@pytest.mark.parametrize("key", ["relu", "sigmoid", "tanh", "gelu", "hardshrink"])
def test_process_fast_equals_process_direct(images, key, display):
    spec = catalogue.get(key)
    for scaling in SCALINGS:
        cfg = PipelineConfig(scaling=scaling, display=display, channel=2)
        fast = process(images, spec, spec.defaults(), cfg)
        slow = process(images, spec, spec.defaults(), cfg, use_luts=False)
        assert fast.fast and not slow.fast
        for name in ("before", "after", "before_display", "after_display"):
            a, b = getattr(fast, name), getattr(slow, name)
            assert a.dtype == b.dtype and np.array_equal(a, b), (key, scaling, name)
        assert fast.after_display.shape == (len(images), 32, 32, 3)
        assert fast.after_display.dtype == np.uint8


def test_vector_family_and_conv_take_the_direct_path(images):
    softmax = catalogue.get("softmax")
    cfg = PipelineConfig(scaling="normalize_half")
    assert not lut_applicable(softmax, cfg)
    with pytest.raises(ValueError):
        channel_luts(softmax, softmax.defaults(), "to_tensor")
    out = process(images, softmax, softmax.defaults(), cfg)
    assert not out.fast
    assert np.array_equal(out.after, direct(images, softmax, softmax.defaults(), cfg).numpy())

    relu = catalogue.get("relu")
    conv = PipelineConfig(scaling="normalize_half", pre="laplacian")
    out = process(images, relu, {}, conv)
    assert not out.fast
    x = pre_stage(scale(images, "normalize_half"), "laplacian")
    assert np.array_equal(out.before, x.numpy())
    assert np.array_equal(out.after, torch.relu(x).numpy())


@pytest.mark.parametrize("scaling", SCALINGS)
def test_softmax_over_channels_is_softmax2d(images, scaling):
    spec = catalogue.get("softmax")
    got = direct(images, spec, spec.defaults(), PipelineConfig(scaling=scaling))
    assert torch.equal(got, nn.Softmax2d()(scale(images, scaling)))
    assert torch.allclose(got.sum(dim=1), torch.ones(len(images), 32, 32))
    log = direct(images, catalogue.get("log_softmax"), {"others": (0.0,)}, PipelineConfig())
    assert torch.equal(log, torch.log_softmax(scale(images, "to_tensor"), dim=1))


# -- display -----------------------------------------------------------------------------------


def tensorboard_add_images_bytes(batch: np.ndarray) -> np.ndarray:
    """What torch.utils.tensorboard's ``image`` does to a float image after convert_to_HWC,
    copied from summary.py: scale factor 255 for non-uint8, then multiply, clip, cast."""
    scale_factor = 1 if batch.dtype == np.uint8 else 255
    tensor = batch.astype(np.float32)
    return (tensor * scale_factor).clip(0, 255).astype(np.uint8)


def test_clip_display_is_what_tensorboard_stores():
    rng = np.random.default_rng(0)
    values = rng.normal(0.5, 0.6, size=(4, 3, 8, 8)).astype(np.float32)
    values[0, 0, 0, :6] = [-0.3, 0.0, 0.999, 1.0, 1.7, 0.5]
    out = display_clip(values)
    assert np.array_equal(out, tensorboard_add_images_bytes(values))
    # It clips and truncates: 0.999·255 = 254.7 → 254, 0.5·255 = 127.5 → 127.
    assert out[0, 0, 0, :6].tolist() == [0, 0, 254, 255, 255, 127]
    cfg = PipelineConfig(display="clip")
    from engine.pipeline import to_display

    hwc = to_display(values, cfg)
    assert hwc.shape == (4, 8, 8, 3)
    assert np.array_equal(hwc, tensorboard_add_images_bytes(values).transpose(0, 2, 3, 1))


def test_clip_display_of_to_tensor_gives_back_the_bytes():
    img = all_values_image()[None]
    out = process(img, catalogue.get("relu"), {}, PipelineConfig())
    assert np.array_equal(out.before_display, img.transpose(0, 2, 3, 1))
    assert np.array_equal(out.after_display, img.transpose(0, 2, 3, 1))


def test_stretch_display():
    v = np.zeros((2, 3, 2, 2), dtype=np.float32)
    v[0, 0] = [[-1.0, 0.0], [1.0, 0.5]]  # other channels 0: min -1, max 1 over the image
    v[1] = 7.0  # constant image
    out = display_stretch(v)
    assert out.shape == (2, 2, 2, 3)
    assert out[0, :, :, 0].tolist() == [[0, 128], [255, 191]]  # 0.75·255 = 191.25
    assert (out[0, :, :, 1] == 128).all()
    assert (out[1] == 128).all()


def test_diverging_display():
    v = np.zeros((3, 3, 1, 5), dtype=np.float32)
    v[0, 1, 0] = [-2.0, -1.0, 0.0, 1.0, 2.0]
    v[0, 0, 0] = 99.0  # another channel: ignored
    v[1, 1, 0] = [-4.0, -0.5, 0.0, 0.5, 4.0]
    out = display_diverging(v, channel=1)
    assert out.shape == (3, 1, 5, 3)
    row = [tuple(p) for p in out[0, 0]]
    assert row == [(0, 0, 255), (128, 128, 255), (255, 255, 255), (255, 128, 128), (255, 0, 0)]
    assert (out[2] == 255).all()  # all zero: white
    fixed = display_diverging(v, channel=1, limit=1.0)
    assert [tuple(p) for p in fixed[1, 0]] == [
        (0, 0, 255),
        (128, 128, 255),
        (255, 255, 255),
        (255, 128, 128),
        (255, 0, 0),
    ]


def test_config_is_validated():
    with pytest.raises(ValueError):
        PipelineConfig(scaling="minmax")
    with pytest.raises(ValueError):
        PipelineConfig(pre="blur")
    with pytest.raises(ValueError):
        PipelineConfig(channel=3)
    with pytest.raises(ValueError):
        PipelineConfig(diverging_limit=0.0)
    with pytest.raises(AttributeError):
        PipelineConfig().scaling = "standardize"


# -- the convolution stage ---------------------------------------------------------------------


def edge_image() -> np.ndarray:
    """Dark left, bright middle, dark right: a rising edge between columns 9|10, a falling one
    between 19|20, constant along each column."""
    img = np.zeros((1, 3, 32, 32), dtype=np.uint8)
    img[..., 10:20] = 255
    return img


def test_edges_stage_gives_a_signed_response_on_a_vertical_edge():
    x = activation_input(edge_image(), PipelineConfig(pre="edges"))
    expected = np.zeros(32, dtype=np.float32)
    expected[[9, 10]] = 4.0  # Sobel x: (right − left)·(1 + 2 + 1) at the two columns beside it
    expected[[19, 20]] = -4.0
    assert np.array_equal(x.numpy(), np.broadcast_to(expected, (1, 3, 32, 32)))

    half = activation_input(edge_image(), PipelineConfig(scaling="normalize_half", pre="edges"))
    assert half.max() == 8.0 and half.min() == -8.0  # steps of 2 in [−1, 1]

    # Inside a CNN, ReLU keeps one sign of the edge and drops the other.
    after = direct(edge_image(), catalogue.get("relu"), {}, PipelineConfig(pre="edges"))
    assert np.array_equal(after.numpy(), np.maximum(x.numpy(), 0))


def test_flat_image_through_each_kernel():
    flat = np.full((1, 3, 8, 8), 102, dtype=np.uint8)  # 0.4 after ToTensor
    v = np.float32(102) / np.float32(255)
    for pre, gain in (("edges", 0.0), ("laplacian", 0.0), ("sharpen", 1.0), ("emboss", 1.0)):
        x = activation_input(flat, PipelineConfig(pre=pre)).numpy()
        # Reflect padding: flat right up to the border (zero padding would light up a frame).
        assert np.allclose(x, gain * v, atol=1e-6), pre


# -- the lesson's observations -----------------------------------------------------------------


def test_relu_after_to_tensor_changes_nothing(images):
    out = process(images, catalogue.get("relu"), {}, PipelineConfig())
    assert np.array_equal(out.after, out.before)
    assert np.array_equal(out.after_display, out.before_display)
    assert np.array_equal(out.before_display, images.transpose(0, 2, 3, 1))


@pytest.mark.parametrize("pre", ["edges", "laplacian", "sharpen", "emboss"])
def test_pre_stage_is_a_depthwise_conv2d_with_reflect_padding(images, pre):
    from engine.pipeline import PRE_KERNELS

    x = scale(images, "standardize")
    conv = nn.Conv2d(3, 3, 3, padding=1, padding_mode="reflect", groups=3, bias=False)
    with torch.no_grad():
        conv.weight.copy_(torch.tensor(PRE_KERNELS[pre]).expand(3, 1, 3, 3))
        expected = conv(x)
    # Same sums in another order: equal up to float32 rounding.
    torch.testing.assert_close(pre_stage(x, pre), expected, rtol=1e-5, atol=1e-5)


def test_engine_pipeline_is_cheap_to_import_and_has_no_back_door_to_the_statistics():
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import sys, engine.pipeline as p\n"
        "assert not hasattr(p, 'stats_from_counts') and not hasattr(p, '__getattr__')\n"
        "print('torchvision' in sys.modules, 'PySide6' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]
