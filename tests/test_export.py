"""Exports: curve CSV, image grid PNG, the lesson's TensorBoard log (read back when installed)."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys

import numpy as np
import pytest

from engine import catalogue, export
from engine.atomic_file import WriteError
from engine.curves import compute_curve
from engine.export import ExportError
from engine.messages import Message
from engine.pipeline import PipelineConfig

# -- CSV ---------------------------------------------------------------------------------------


def _read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_curve_csv_columns_and_values_match_the_arrays_exactly(tmp_path):
    x = np.linspace(-6, 6, 2001)
    curves = []
    for key in ("relu", "sigmoid", "swish"):
        c = compute_curve(catalogue.get(key), catalogue.get(key).defaults(), (-6.0, 6.0), 2001)
        assert np.array_equal(c.x, x)
        curves.append((catalogue.get(key).name, c.x, c.y, c.dy))
    # float32 data (the image pipeline's) must come back exactly too.
    curves.append(("float32 ¼", x, (x / 3).astype(np.float32), np.full_like(x, 0.1, np.float32)))
    path = tmp_path / "curves.csv"
    export.curves_csv(path, curves)

    rows = _read_csv(path)
    assert rows[0] == [
        "x",
        "ReLU f(x)",
        "ReLU f'(x)",
        "Sigmoid f(x)",
        "Sigmoid f'(x)",
        "Swish (β) f(x)",
        "Swish (β) f'(x)",
        "float32 ¼ f(x)",
        "float32 ¼ f'(x)",
    ]
    table = np.array([[float(v) for v in row] for row in rows[1:]])
    assert table.shape == (2001, 9)
    expected = [x]
    for _, _, y, dy in curves:
        expected += [y, dy]
    for column, values in zip(table.T, expected, strict=True):
        assert np.array_equal(column, np.asarray(values, dtype=np.float64))
    assert path.read_bytes().count(b"\r\n") == 2002
    assert list(tmp_path.iterdir()) == [path]


def test_curve_csv_writes_one_x_column_per_curve_when_grids_differ(tmp_path):
    # Each activation's kinks are snapped onto its own grid, so overlaid grids can differ.
    ht = compute_curve(catalogue.get("hardtanh"), {"min_val": -1.0, "max_val": 1.0})
    relu = compute_curve(catalogue.get("relu"), {})
    assert len(ht.x) == len(relu.x) and not np.array_equal(ht.x, relu.x)
    path = tmp_path / "curves.csv"
    export.curves_csv(path, [("Hardtanh", ht.x, ht.y, ht.dy), ("ReLU", relu.x, relu.y, relu.dy)])
    rows = _read_csv(path)
    assert rows[0][0] == "Hardtanh x" and rows[0][3] == "ReLU x"
    table = np.array([[float(v) for v in row] for row in rows[1:]])
    for i, a in enumerate((ht.x, ht.y, ht.dy, relu.x, relu.y, relu.dy)):
        assert np.array_equal(table[:, i], a)


def test_curve_csv_quotes_awkward_names_and_keeps_special_values(tmp_path):
    x = np.array([0.0, 1e-310, -0.0, 1e308])
    y = np.array([np.nan, np.inf, -np.inf, 5e-324])
    path = tmp_path / "c.csv"
    export.curves_csv(path, [('a, "b"', x, y, y)])
    rows = _read_csv(path)
    assert rows[0] == ["x", 'a, "b" f(x)', 'a, "b" f\'(x)']
    got = np.array([[float(v) for v in row] for row in rows[1:]])
    assert np.array_equal(got[:, 0], x) and np.signbit(got[2, 0])
    assert np.array_equal(got[:, 1], y, equal_nan=True)


def test_curve_csv_refuses_curves_of_different_lengths(tmp_path):
    x = np.linspace(0, 1, 5)
    with pytest.raises(ValueError, match="5 points"):
        export.curves_csv(tmp_path / "c.csv", [("a", x, x, x), ("b", x[:4], x[:4], x[:4])])
    with pytest.raises(ValueError, match="5 points"):
        export.curves_csv(tmp_path / "c.csv", [("a", x, x, x[:3])])
    assert not (tmp_path / "c.csv").exists()


def test_writing_into_a_missing_folder_gives_a_write_error(tmp_path):
    x = np.zeros(2)
    with pytest.raises(WriteError, match="cannot write") as info:
        export.curves_csv(tmp_path / "no" / "c.csv", [("a", x, x, x)])
    assert isinstance(info.value.message, Message)


# -- image grid and PNG ------------------------------------------------------------------------


def _numbered(n: int, h: int = 3, w: int = 4) -> np.ndarray:
    """Image i filled with the value i + 1 (never the pad value 255 for small n)."""
    return np.broadcast_to(np.arange(1, n + 1, dtype=np.uint8)[:, None, None, None], (n, h, w, 3))


def test_image_grid_layout_like_make_grid():
    grid = export.image_grid(_numbered(10), ncols=4, pad=2, pad_value=255)
    # 4 columns × 3 rows of 3×4 images, 2 pixels around and between.
    assert grid.dtype == np.uint8
    assert grid.shape == (2 + 3 * (3 + 2), 2 + 4 * (4 + 2), 3)
    for i in range(10):
        r, c = divmod(i, 4)
        top, left = 2 + r * 5, 2 + c * 6
        assert (grid[top : top + 3, left : left + 4] == i + 1).all()
        assert (grid[top - 2 : top, left : left + 4] == 255).all()  # padding above
        assert (grid[top : top + 3, left - 2 : left] == 255).all()  # padding left
    assert (grid[12:15, 14:26] == 255).all()  # the two empty cells of the last row
    assert (grid[-2:] == 255).all() and (grid[:, -2:] == 255).all()


def test_image_grid_matches_torchvision_make_grid():
    torch = pytest.importorskip("torch")
    from torchvision.utils import make_grid

    images = np.random.default_rng(1).integers(0, 255, (13, 5, 6, 3), dtype=np.uint8)
    ours = export.image_grid(images, ncols=8, pad=2, pad_value=255)
    theirs = make_grid(
        torch.from_numpy(images).permute(0, 3, 1, 2), nrow=8, padding=2, pad_value=255
    )
    assert np.array_equal(ours, theirs.permute(1, 2, 0).numpy())


def test_image_grid_single_image_and_no_padding():
    one = export.image_grid(_numbered(1), pad=1, pad_value=0)
    assert one.shape == (5, 6, 3) and (one[1:4, 1:5] == 1).all() and one[0].max() == 0
    tight = export.image_grid(_numbered(3), ncols=8, pad=0)
    assert tight.shape == (3, 12, 3)
    assert [tight[0, 4 * i, 0] for i in range(3)] == [1, 2, 3]


@pytest.mark.parametrize(
    "bad",
    [np.zeros((0, 2, 2, 3), np.uint8), np.zeros((1, 2, 2, 3), np.float32), np.zeros((1, 3, 2, 2))],
)
def test_image_grid_refuses_bad_input(bad):
    with pytest.raises(ValueError):
        export.image_grid(bad)


def test_png_loads_back_at_the_right_size_with_the_same_pixels(tmp_path):
    from PIL import Image

    rng = np.random.default_rng(2)
    grid = export.image_grid(rng.integers(0, 256, (20, 32, 32, 3), dtype=np.uint8))
    path = tmp_path / "grid.png"
    export.write_png(path, grid)
    with Image.open(path) as img:
        assert img.format == "PNG" and img.mode == "RGB"
        assert img.size == (grid.shape[1], grid.shape[0]) == (2 + 8 * 34, 2 + 3 * 34)
        assert np.array_equal(np.asarray(img), grid)
    with pytest.raises(ValueError):
        export.write_png(path, grid[..., 0])


# -- TensorBoard -------------------------------------------------------------------------------


def _cifar_like(n: int) -> np.ndarray:
    rng = np.random.default_rng(5)
    images = rng.integers(0, 256, (n, 3, 32, 32), dtype=np.uint8)
    images[0] = 0  # the extremes of ToTensor's range appear in the log
    images[1] = 255
    return images


class _Ctx:
    def __init__(self, cancel_at: int | None = None) -> None:
        self.progress_calls: list[tuple[float, float]] = []
        self.checks = 0
        self.cancel_at = cancel_at

    def check(self) -> None:
        from engine.jobs import Cancelled

        if self.checks == self.cancel_at:
            raise Cancelled("test")
        self.checks += 1

    def progress(self, done: float, total: float) -> None:
        self.progress_calls.append((done, total))


def _read_log(log_dir):
    event_accumulator = pytest.importorskip(
        "tensorboard.backend.event_processing.event_accumulator",
        reason="the optional extra tensorboard is not installed",
    )
    acc = event_accumulator.EventAccumulator(
        str(log_dir), size_guidance={event_accumulator.IMAGES: 0}
    )
    acc.Reload()
    return acc


def _decode(event) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(event.encoded_image_string)).convert("RGB"))


def test_tensorboard_log_reads_back_like_the_lesson(tmp_path):
    pytest.importorskip("tensorboard", reason="the optional extra tensorboard is not installed")
    images = _cifar_like(130)
    ctx = _Ctx()
    steps = export.export_tensorboard(
        tmp_path / "logs", images, catalogue.get("sigmoid"), None, PipelineConfig(), ctx=ctx
    )
    assert steps == 3
    assert ctx.progress_calls == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert ctx.checks == 3

    acc = _read_log(tmp_path / "logs")
    assert sorted(acc.Tags()["images"]) == ["after", "before"]
    for tag in ("before", "after"):
        events = acc.Images(tag)
        assert [e.step for e in events] == [0, 1, 2]
        # add_images tiles a batch 8 wide without padding: 64 → 8×8, the last 2 → 1×2.
        assert [(e.width, e.height) for e in events] == [(256, 256), (256, 256), (64, 32)]
    before = [_decode(e) for e in acc.Images("before")]
    after = [_decode(e) for e in acc.Images("after")]
    # ToTensor's k/255 comes back to exactly k; Sigmoid squeezes [0, 1] into [0.5, 0.731].
    first = images[:8].transpose(2, 0, 3, 1).reshape(32, 256, 3)
    assert np.array_equal(before[0][:32], first)
    for img in after:
        assert img.min() >= 127 and img.max() <= 187
    assert after[0].min() == 127 and after[0].max() == 186  # the black and the white image


def test_tensorboard_export_of_a_vector_activation_and_max_images(tmp_path):
    pytest.importorskip("tensorboard", reason="the optional extra tensorboard is not installed")
    config = PipelineConfig(scaling="normalize_half", pre="edges")
    steps = export.export_tensorboard(
        tmp_path / "logs",
        _cifar_like(40),
        catalogue.get("softmax"),
        {"others": (0.0,)},
        config,
        batch=16,
        max_images=20,
    )
    assert steps == 2
    acc = _read_log(tmp_path / "logs")
    assert [(e.width, e.height) for e in acc.Images("after")] == [(256, 64), (128, 32)]


def test_tensorboard_export_stops_between_steps_when_cancelled(tmp_path):
    pytest.importorskip("tensorboard", reason="the optional extra tensorboard is not installed")
    from engine.jobs import Cancelled

    ctx = _Ctx(cancel_at=1)
    with pytest.raises(Cancelled):
        export.export_tensorboard(
            tmp_path / "logs",
            _cifar_like(130),
            catalogue.get("relu"),
            None,
            PipelineConfig(),
            ctx=ctx,
        )
    acc = _read_log(tmp_path / "logs")  # the writer was closed: the first step is readable
    assert [e.step for e in acc.Images("after")] == [0]


def test_no_images_no_log(tmp_path):
    pytest.importorskip("tensorboard", reason="the optional extra tensorboard is not installed")
    empty = np.zeros((0, 3, 32, 32), np.uint8)
    spec = catalogue.get("relu")
    assert export.export_tensorboard(tmp_path / "logs", empty, spec, None, PipelineConfig()) == 0
    assert not (tmp_path / "logs").exists()


def test_missing_tensorboard_gives_the_hint(tmp_path, monkeypatch):
    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        return None if name.split(".")[0] == "tensorboard" else real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert export.tensorboard_available() is False
    with pytest.raises(ExportError) as info:
        export.export_tensorboard(
            tmp_path / "logs", _cifar_like(4), catalogue.get("relu"), None, PipelineConfig()
        )
    assert info.value.message is export.TENSORBOARD_HINT
    assert "pip install activation-lab[tensorboard]" in str(info.value)
    assert ".venv/bin/pip install tensorboard" in str(info.value)
    assert not (tmp_path / "logs").exists()


def test_tensorboard_blocked_in_sys_modules_counts_as_missing(monkeypatch):
    # A module set to None in sys.modules is how an import is blocked; find_spec says None.
    monkeypatch.setitem(sys.modules, "tensorboard", None)
    assert export.tensorboard_available() is False
