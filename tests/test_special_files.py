"""Files that are not what they claim: pipes, devices, huge or growing files (issue 10, item 2).

Every one must be refused with its reason, quickly, without reading it whole.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from engine.cifar import CIFAR_DIRNAME, load_cifar10
from engine.data_sources import inspect_data
from engine.datasets import DataError
from engine.jobs import Cancelled
from engine.safe_files import MB, FileRefused, clean_text, read_bytes, read_text
from tests.cifar_fixtures import TRAIN_FILES, write_cifar10

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")


def finishes(fn: Callable[[], object], unblock: Callable[[], None] = lambda: None) -> object:
    """Run ``fn`` in a thread; fail (after unblocking it) if it has not finished in 20 s."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # handed back to the test below
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(20)
    if thread.is_alive():
        unblock()
        thread.join(5)
        pytest.fail("the read blocked")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("value")


def open_fifo_writer(path: Path) -> Callable[[], None]:
    def unblock() -> None:
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))

    return unblock


@pytest.fixture
def cifar_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    write_cifar10(root)
    return root


@needs_fifo
def test_a_fifo_in_place_of_a_batch_is_refused_at_once(cifar_root: Path):
    batch = cifar_root / CIFAR_DIRNAME / "data_batch_3"
    batch.unlink()
    os.mkfifo(batch)
    with pytest.raises(DataError) as info:
        finishes(lambda: load_cifar10(cifar_root), open_fifo_writer(batch))
    assert str(info.value) == "data_batch_3: not an ordinary file (a pipe), so it is not read"
    assert finishes(lambda: inspect_data(cifar_root), open_fifo_writer(batch)) == (
        2,
        str(info.value),
    )


@needs_dev_zero
def test_a_link_to_dev_zero_is_refused_without_reading_it(cifar_root: Path):
    batch = cifar_root / CIFAR_DIRNAME / "data_batch_3"
    batch.unlink()
    batch.symlink_to("/dev/zero")
    with pytest.raises(DataError) as info:
        finishes(lambda: load_cifar10(cifar_root))
    assert str(info.value) == "data_batch_3: not an ordinary file (a device), so it is not read"


def test_a_batch_larger_than_any_cifar_file_is_refused_unread(cifar_root: Path):
    batch = cifar_root / CIFAR_DIRNAME / "data_batch_2"
    with open(batch, "r+b") as f:
        f.truncate(41 * MB)  # sparse: costs no disk
    with pytest.raises(DataError, match=r"^data_batch_2: too large for this kind of file"):
        load_cifar10(cifar_root)


def test_reading_a_large_file_can_be_cancelled_between_chunks(tmp_path: Path):
    path = tmp_path / "big"
    path.write_bytes(b"x" * (5 * MB))
    calls = []

    def check() -> None:
        calls.append(1)
        if len(calls) == 3:
            raise Cancelled("test")

    with pytest.raises(Cancelled):
        read_bytes(path, 10 * MB, check)
    assert len(calls) == 3  # stopped in the middle, not after the whole file


def test_read_bytes_refuses_folders_missing_files_and_loops(tmp_path: Path):
    with pytest.raises(FileRefused, match="a folder"):
        read_bytes(tmp_path, MB)
    with pytest.raises(FileRefused, match="missing file"):
        read_bytes(tmp_path / "nothing", MB)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(FileRefused, match="cannot read the file"):
        read_bytes(loop, MB)
    ok = tmp_path / "ok.txt"
    ok.write_bytes(b"\xef\xbb\xbfhello\x00 world")
    assert read_text(ok, MB) == "hello world"
    assert read_bytes(ok, 15) == ok.read_bytes()
    with pytest.raises(FileRefused, match="too large"):
        read_bytes(ok, 14)


def test_clean_text_removes_what_qt_cannot_take():
    assert clean_text("a\ud800b") == "a\ufffdb"
    assert clean_text("nul\x00l") == "null"
    assert clean_text("好 ok 😀") == "好 ok 😀"
    # A surrogate pair given as two characters is one character.
    assert clean_text("\ud83d\ude00") == "😀"


# -- a copy with only some splits (issue 12) -----------------------------------------------------


def test_a_copy_with_only_the_test_split_loads_and_says_what_is_missing(cifar_root: Path):
    folder = cifar_root / CIFAR_DIRNAME
    for name in TRAIN_FILES:
        (folder / name).unlink()
    data = load_cifar10(cifar_root)
    assert list(data.splits) == ["test"] and len(data.splits["test"]) == 20
    missing = ", ".join(TRAIN_FILES)
    assert data.notes == [
        "checksums differ: batches.meta, test_batch",
        f"the training split is not here ({missing} missing)",
    ]
    # Each note is a translatable template (the GUI translates it), not built English.
    assert [n.template for n in data.notes] == [
        "checksums differ: {files}",
        "{split} is not here ({files} missing)",
    ]
    code, line = inspect_data(cifar_root)
    assert code == 0
    assert line == (
        "cifar10: test 20; 10 classes (airplane, automobile, bird, …); unverified (checksums "
        f"differ: batches.meta, test_batch; the training split is not here ({missing} missing))"
    )


def test_an_incomplete_training_split_is_left_out(cifar_root: Path):
    (cifar_root / CIFAR_DIRNAME / "data_batch_4").unlink()
    data = load_cifar10(cifar_root)
    assert list(data.splits) == ["test"]
    assert data.notes[-1] == "the training split is not here (data_batch_4 missing)"


def test_only_the_training_split_checksums_of_present_files(cifar_root: Path, monkeypatch):
    import hashlib

    from engine import cifar

    folder = cifar_root / CIFAR_DIRNAME
    (folder / "test_batch").unlink()
    md5s = {p.name: hashlib.md5(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    md5s["test_batch"] = "0" * 32  # not present, so never compared
    monkeypatch.setattr(cifar, "official_md5s", lambda: md5s)
    data = load_cifar10(cifar_root)
    assert list(data.splits) == ["train"] and data.verified is True
    assert data.notes == ["the test split is not here (test_batch missing)"]
    assert data.summary().endswith("; verified; the test split is not here (test_batch missing)")


def test_a_copy_with_no_complete_split_is_an_error(cifar_root: Path):
    folder = cifar_root / CIFAR_DIRNAME
    shutil.move(folder / "test_batch", cifar_root / "elsewhere")
    (folder / "data_batch_1").unlink()
    with pytest.raises(DataError, match=r"^test_batch: missing file$"):
        load_cifar10(cifar_root)


# -- image folders that never finish (item 4) ----------------------------------------------------


def _colour_folder(root: Path) -> Path:
    from PIL import Image

    for name, colour in (("blue", (0, 0, 255)), ("red", (255, 0, 0))):
        (root / name).mkdir(parents=True)
        Image.new("RGB", (40, 40), colour).save(root / name / "a.png")
    return root


def test_an_image_folder_with_a_symlink_loop_finishes(tmp_path: Path):
    from engine.image_folder import load_image_folder

    root = _colour_folder(tmp_path / "loop")
    (root / "blue" / "again").symlink_to(".")
    (root / "red" / "up").symlink_to("..")
    (root / "here").symlink_to(".")  # a class folder that is a link to the folder itself
    data = finishes(lambda: load_image_folder(root))
    assert data.classes == ["blue", "red"]
    assert len(data.splits["all"]) == 2


def test_walking_a_folder_without_end_stops_with_the_reason(tmp_path: Path, monkeypatch):
    from engine import image_folder

    monkeypatch.setattr(image_folder, "MAX_ENTRIES", 300)
    root = _colour_folder(tmp_path / "many")
    for i in range(400):
        (root / "blue" / f"note{i}.txt").write_text("x")
    with pytest.raises(DataError, match=r"^many: more than 300 files and folders"):
        finishes(lambda: image_folder.load_image_folder(root))


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="no /proc")
def test_proc_is_not_an_image_folder_and_the_walk_ends(monkeypatch):
    from engine import image_folder

    monkeypatch.setattr(image_folder, "MAX_ENTRIES", 20_000)
    with pytest.raises(DataError) as info:
        finishes(lambda: image_folder.load_image_folder(Path("/proc")))
    message = str(info.value)
    assert message.startswith("proc: ")
    assert "more than 20000 files" in message or "no images" in message


def test_a_huge_picture_is_refused_from_its_header(tmp_path: Path):
    from PIL import Image

    from engine.image_folder import load_image_folder

    root = _colour_folder(tmp_path / "huge")
    # 12 000 × 12 000 one-bit pixels: a few kB as PNG, 432 MB as RGB (and more in torch).
    Image.new("1", (12_000, 12_000)).save(root / "red" / "poster.png")
    assert (root / "red" / "poster.png").stat().st_size < 1_000_000
    with pytest.raises(DataError) as info:
        load_image_folder(root)
    assert str(info.value) == (
        "red/poster.png: unreadable image (12000 × 12000 pixels, more than 40 million)"
    )


def test_a_large_photo_is_reduced_before_it_is_resized(tmp_path: Path):
    from PIL import Image

    from engine import image_folder

    root = _colour_folder(tmp_path / "photo")
    Image.new("RGB", (3000, 2000), (0, 255, 0)).save(root / "blue" / "big.png")
    opened = image_folder._open_rgb(root / "blue" / "big.png", 32, None)
    assert max(opened.size) < 3000 and min(opened.size) >= 32 * 4
    data = image_folder.load_image_folder(root)
    assert data.splits["all"].images.shape[0] == 3  # blue/a.png, blue/big.png, red/a.png
    assert (data.splits["all"].images[1] == np.array([0, 255, 0])[:, None, None]).all()


@needs_fifo
def test_a_pipe_named_like_an_image_is_refused_at_once(tmp_path: Path):
    from engine.image_folder import load_image_folder

    root = _colour_folder(tmp_path / "pipe")
    fifo = root / "red" / "b.png"
    os.mkfifo(fifo)
    with pytest.raises(DataError) as info:
        finishes(lambda: load_image_folder(root), open_fifo_writer(fifo))
    assert str(info.value) == (
        "red/b.png: unreadable image (b.png: not an ordinary file (a pipe), so it is not read)"
    )
