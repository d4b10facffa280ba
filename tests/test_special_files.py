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
