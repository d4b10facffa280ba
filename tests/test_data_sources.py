"""Choosing a source, --inspect-data's engine side, and a user's image folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine import data_sources
from engine.cifar import ARCHIVE_NAME, CIFAR_DIRNAME
from engine.data_sources import app_data_cifar_dirs, find_cifar10, inspect_data, open_data
from engine.datasets import DataError
from engine.image_folder import load_image_folder
from engine.jobs import Cancelled
from tests.cifar_fixtures import write_cifar10
from tests.conftest import ROOT
from tests.test_cifar import RecordingCtx, snapshot

SOLID = {"blue": (0, 0, 255), "green": (0, 255, 0), "red": (255, 0, 0)}


def write_images(root: Path, per_class: int = 3, size: tuple[int, int] = (40, 40)) -> Path:
    """``root/<colour>/<n>.png``: solid images in three colours (sorted: blue, green, red)."""
    for name, colour in SOLID.items():
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            Image.new("RGB", size, colour).save(root / name / f"{i}.png")
    return root


# -- open_data / inspect_data ------------------------------------------------------------------


def test_open_data_picks_cifar10_from_the_parent_or_the_folder(tmp_path: Path):
    write_cifar10(tmp_path / "data")
    for path in (tmp_path / "data", tmp_path / "data" / CIFAR_DIRNAME):
        data = open_data(path)
        assert data.kind == "cifar10"
        assert {name: len(s) for name, s in data.splits.items()} == {"test": 20, "train": 50}


def test_open_data_reads_other_folders_as_image_folders(tmp_path: Path):
    data = open_data(write_images(tmp_path / "colours"))
    assert (data.kind, data.name, data.classes) == ("folder", "colours", ["blue", "green", "red"])


def test_open_data_refuses_files_and_missing_folders(tmp_path: Path):
    archive = tmp_path / ARCHIVE_NAME
    archive.write_bytes(b"x")
    hint = r"^cifar-10-python.tar.gz: a file, not a folder — import it with File > Import"
    with pytest.raises(DataError, match=hint):
        open_data(archive)
    with pytest.raises(DataError, match=r": no such folder$"):
        open_data(tmp_path / "missing")


def test_inspect_data_summary_lines(tmp_path: Path):
    write_cifar10(tmp_path / "data")
    code, line = inspect_data(tmp_path / "data")
    assert code == 0
    assert line.startswith("cifar10: test 20, train 50; 10 classes (airplane, automobile, bird, …)")
    assert "; unverified (checksums differ: batches.meta, test_batch, data_batch_1" in line
    code, line = inspect_data(write_images(tmp_path / "colours"))
    assert (code, line) == (0, "folder: all 9; 3 classes (blue, green, red)")


def test_inspect_data_bad_data_and_surprises(tmp_path: Path, monkeypatch):
    (tmp_path / "empty").mkdir()
    assert inspect_data(tmp_path / "empty") == (
        2,
        "empty: no class folders (put the images in one folder per class)",
    )
    assert inspect_data(tmp_path / "missing") == (2, f"{tmp_path / 'missing'}: no such folder")

    def boom(*args, **kwargs):
        raise RuntimeError("something\nunexpected")

    write_cifar10(tmp_path / "data")
    monkeypatch.setattr(data_sources, "load_cifar10", boom)
    assert inspect_data(tmp_path / "data") == (
        2,
        f"{tmp_path / 'data'}: RuntimeError: something unexpected",
    )


def test_where_the_app_looks(tmp_path: Path):
    app, user = tmp_path / "app", tmp_path / "user"
    assert app_data_cifar_dirs(app, None) == [app]
    assert app_data_cifar_dirs(app, user) == [user, app]
    assert app_data_cifar_dirs(app, app) == [app]
    assert find_cifar10(app, user) is None
    write_cifar10(app)
    assert find_cifar10(app, user) == app / CIFAR_DIRNAME
    write_cifar10(user)
    assert find_cifar10(app, user) == user / CIFAR_DIRNAME  # the user's choice wins


def test_data_modules_import_without_qt_or_torchvision():
    modules = ["engine.datasets", "engine.cifar", "engine.sample_data", "engine.image_folder"]
    code = (
        f"import sys\nimport engine.data_sources\nfor m in {modules!r}: __import__(m)\n"
        "import json; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert not loaded & {"torchvision", "torch", "PySide6", "pyqtgraph", "superqt", "PIL"}


# -- image folders -----------------------------------------------------------------------------


def test_image_folder_resizes_and_keeps_colours(tmp_path: Path):
    root = write_images(tmp_path / "colours", size=(50, 70))
    data = load_image_folder(root, size=32)
    split = data.splits["all"]
    assert list(data.splits) == ["all"] and data.verified is None and data.root == root
    assert split.images.shape == (9, 3, 32, 32) and split.images.dtype == np.uint8
    assert split.images.flags.c_contiguous
    assert split.labels.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    for image, label in zip(split.images, split.labels, strict=True):
        colour = SOLID[data.classes[label]]
        assert np.array_equal(image[:, 0, 0], colour) and (image == image[:, :1, :1]).all()


def test_image_folder_crops_the_centre_of_wide_images(tmp_path: Path):
    # 64×32: blue left quarter, green middle half, red right quarter → the centre crop is green.
    pixels = np.zeros((32, 64, 3), np.uint8)
    pixels[:, :16] = SOLID["blue"]
    pixels[:, 16:48] = SOLID["green"]
    pixels[:, 48:] = SOLID["red"]
    (tmp_path / "wide" / "stripes").mkdir(parents=True)
    Image.fromarray(pixels).save(tmp_path / "wide" / "stripes" / "a.png")
    image = load_image_folder(tmp_path / "wide", size=32).splits["all"].images[0]
    assert image.shape == (3, 32, 32)
    assert (image.transpose(1, 2, 0) == SOLID["green"]).all()


def test_image_folder_converts_grey_palette_and_alpha_images(tmp_path: Path):
    folder = tmp_path / "mixed" / "any"
    folder.mkdir(parents=True)
    Image.new("L", (20, 20), 128).save(folder / "grey.png")
    Image.new("RGBA", (20, 20), (10, 20, 30, 255)).save(folder / "alpha.png")
    Image.new("RGB", (20, 20), (200, 100, 50)).convert("P").save(folder / "palette.bmp")
    Image.new("RGB", (90, 60), (0, 128, 255)).save(folder / "photo.jpg", quality=95)
    data = load_image_folder(tmp_path / "mixed", size=8)
    assert data.splits["all"].images.shape == (4, 3, 8, 8)
    by_name = dict(
        zip(["alpha", "grey", "palette", "photo"], data.splits["all"].images, strict=True)
    )
    assert by_name["grey"][:, 4, 4].tolist() == [128, 128, 128]
    assert by_name["alpha"][:, 4, 4].tolist() == [10, 20, 30]
    assert np.abs(by_name["photo"][:, 4, 4].astype(int) - [0, 128, 255]).max() <= 3


def test_image_folder_errors_name_the_folder_or_file(tmp_path: Path):
    flat = tmp_path / "flat"
    flat.mkdir()
    Image.new("RGB", (8, 8)).save(flat / "loose.png")
    with pytest.raises(DataError, match=r"^flat: no class folders"):
        load_image_folder(flat)

    hollow = tmp_path / "hollow"
    (hollow / "cats").mkdir(parents=True)
    (hollow / "cats" / "notes.txt").write_text("not an image")
    with pytest.raises(DataError, match=r"^hollow: no images in the class folders"):
        load_image_folder(hollow)

    broken = write_images(tmp_path / "broken", per_class=1)
    (broken / "green" / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n but then garbage")
    before = snapshot(broken)
    with pytest.raises(DataError) as info:
        load_image_folder(broken)
    assert str(info.value).startswith("green/bad.png: unreadable image (")
    assert "\n" not in str(info.value)
    assert inspect_data(broken) == (2, str(info.value))
    assert snapshot(broken) == before


def test_image_folder_caps_the_count_but_keeps_every_class(tmp_path: Path):
    data = load_image_folder(write_images(tmp_path / "c", per_class=4), max_images=6)
    labels = data.splits["all"].labels
    assert len(labels) == 6 and set(labels.tolist()) == {0, 1, 2}
    assert data.notes == ["6 of 12 images, spread over the classes"]
    assert data.summary() == "folder: all 6; 3 classes (blue, green, red); " + data.notes[0]


def test_image_folder_progress_and_cancel(tmp_path: Path):
    root = write_images(tmp_path / "c", per_class=20)
    ctx = RecordingCtx()
    load_image_folder(root, ctx=ctx)
    assert ctx.reports[0] == (0, 60) and ctx.reports[-1] == (60, 60)
    with pytest.raises(Cancelled):
        load_image_folder(root, ctx=RecordingCtx(cancel_when=lambda c: c.checks >= 2))
