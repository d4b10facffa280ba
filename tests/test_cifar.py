"""CIFAR-10 on disk: the official format, the restricted unpickler, bad data, import, download."""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import os
import pickle
import pickletools
import re
import shutil
import socket
import tarfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from engine import cifar
from engine.cifar import (
    CIFAR_DIRNAME,
    download_cifar10,
    find_cifar_dir,
    import_archive,
    load_cifar10,
    restricted_load,
    restricted_loads,
)
from engine.data_sources import inspect_data
from engine.datasets import DataError
from engine.jobs import Cancelled
from tests.cifar_fixtures import (
    CIFAR_CLASSES,
    TRAIN_FILES,
    batch_dict,
    dump,
    make_archive,
    malicious_pickle,
    meta_dict,
    pixel_rows,
    py2_dumps,
    write_cifar10,
)

ALL_FILES = ["batches.meta", "test_batch", *TRAIN_FILES]


class RecordingCtx:
    """A JobContext stand-in: records progress; can cancel once ``cancel_when(self)`` holds."""

    def __init__(self, cancel_when: Callable[[RecordingCtx], bool] | None = None) -> None:
        self.reports: list[tuple[float, float]] = []
        self.checks = 0
        self._cancel_when = cancel_when

    def check(self) -> None:
        self.checks += 1
        if self._cancel_when is not None and self._cancel_when(self):
            raise Cancelled("test")

    def progress(self, done: float, total: float) -> None:
        self.reports.append((done, total))


def snapshot(folder: Path) -> list[tuple[str, int, int]]:
    """Everything below ``folder`` (and the folder itself): name, size, mtime."""
    entries = [folder, *folder.rglob("*")]
    return sorted(
        (p.relative_to(folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in entries
    )


def md5_of(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


@pytest.fixture
def cifar_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    write_cifar10(root)
    return root


@pytest.fixture
def cifar_dir(cifar_root: Path) -> Path:
    return cifar_root / CIFAR_DIRNAME


# -- the official format ---------------------------------------------------------------------


def globals_in(data: bytes) -> set[str]:
    return {str(arg) for op, arg, _ in pickletools.genops(data) if op.name == "GLOBAL"}


def test_fixture_is_written_like_the_official_python2_files(cifar_dir: Path):
    data = (cifar_dir / "test_batch").read_bytes()
    assert data[:2] == b"\x80\x02"  # protocol 2
    assert globals_in(data) == {
        "numpy.core.multiarray _reconstruct",
        "numpy ndarray",
        "numpy dtype",
    }
    ops = {op.name for op, _, _ in pickletools.genops(data)}
    assert "SHORT_BINSTRING" in ops and "BINSTRING" in ops  # Python 2 str, not unicode
    assert "BINUNICODE" not in ops
    assert globals_in((cifar_dir / "batches.meta").read_bytes()) == set()


def test_loads_both_splits(cifar_root: Path):
    data = load_cifar10(cifar_root)
    assert (data.name, data.kind) == ("CIFAR-10", "cifar10")
    assert data.root == cifar_root / CIFAR_DIRNAME
    assert data.classes == CIFAR_CLASSES
    assert list(data.splits) == ["test", "train"]
    for name, n in (("test", 20), ("train", 50)):
        split = data.splits[name]
        assert split.name == name
        assert split.images.shape == (n, 3, 32, 32)
        assert split.images.dtype == np.uint8
        assert split.images.flags.c_contiguous and split.images.flags.writeable
        assert split.labels.dtype == np.int64
        assert split.labels.shape == (n,)
    assert data.splits["test"].labels.tolist() == [i % 10 for i in range(20)]
    assert data.splits["train"].labels.tolist() == [i % 10 for i in range(10)] * 5


def test_train_split_concatenates_the_five_batches_in_order(cifar_root: Path):
    train = load_cifar10(cifar_root, splits=("train",)).splits["train"]
    expected = np.concatenate([pixel_rows(10, k) for k in range(1, 6)])
    assert np.array_equal(train.images.reshape(50, -1), expected)


def test_pixel_layout_is_planar_rgb_row_major(tmp_path: Path):
    root = tmp_path / "data"
    folder = write_cifar10(root, n_test=4)
    rows = np.zeros((4, 3072), dtype=np.uint8)
    for i, ch, yy, xx in ((1, 0, 0, 1), (2, 1, 5, 30), (3, 2, 31, 31)):
        rows[i, ch * 1024 + yy * 32 + xx] = 200 + ch
    dump(batch_dict(rows, [0, 1, 2, 3], "layout"), folder / "test_batch")
    images = load_cifar10(root, splits=("test",)).splits["test"].images
    assert images[1, 0, 0, 1] == 200  # red, row 0, column 1
    assert images[2, 1, 5, 30] == 201  # green, row 5, column 30
    assert images[3, 2, 31, 31] == 202  # blue, last pixel
    assert int(images.sum()) == 603

    # Every pixel: the row value at c*1024 + y*32 + x lands at images[n, c, y, x].
    def value(i: int, ch: int, yy: int, xx: int) -> int:
        return (i * 61 + ch * 101 + yy * 7 + xx * 3) % 256

    for i, ch, yy, xx in np.ndindex(4, 3, 32, 32):
        rows[i, ch * 1024 + yy * 32 + xx] = value(i, ch, yy, xx)
    dump(batch_dict(rows, [0, 1, 2, 3], "layout"), folder / "test_batch")
    images = load_cifar10(root, splits=("test",)).splits["test"].images
    assert all(images[idx] == value(*idx) for idx in np.ndindex(4, 3, 32, 32))


def test_same_pixels_and_labels_as_torchvisions_own_reader(cifar_root: Path, monkeypatch):
    import torchvision.datasets.cifar as tv_cifar
    from torchvision.datasets import CIFAR10

    monkeypatch.setattr(tv_cifar, "check_integrity", lambda *a, **k: True)  # fixture MD5s differ
    ours = load_cifar10(cifar_root)
    for train, split in ((False, "test"), (True, "train")):
        theirs = CIFAR10(str(cifar_root), train=train)
        assert np.array_equal(theirs.data, ours.splits[split].images.transpose(0, 2, 3, 1))
        assert theirs.targets == ours.splits[split].labels.tolist()
        assert theirs.classes == ours.classes


def test_only_the_asked_splits_are_read(cifar_root: Path, cifar_dir: Path):
    for name in TRAIN_FILES:
        (cifar_dir / name).unlink()
    data = load_cifar10(cifar_root, splits=("test",))
    assert list(data.splits) == ["test"]
    assert data.notes == ["checksums differ: batches.meta, test_batch"]
    with pytest.raises(ValueError):
        load_cifar10(cifar_root, splits=("validation",))


def test_find_cifar_dir_accepts_the_parent_or_the_folder_itself(tmp_path: Path, cifar_root: Path):
    inner = cifar_root / CIFAR_DIRNAME
    assert find_cifar_dir(cifar_root) == inner
    assert find_cifar_dir(inner) == inner
    renamed = tmp_path / "my copy"
    shutil.copytree(inner, renamed)
    assert find_cifar_dir(renamed) == renamed  # holds the CIFAR files under another name
    assert find_cifar_dir(tmp_path / "nowhere") is None
    (tmp_path / "other").mkdir()
    assert find_cifar_dir(tmp_path / "other") is None
    assert find_cifar_dir(inner / "test_batch") is None
    assert load_cifar10(inner).splits["test"].images.shape == (20, 3, 32, 32)


def test_python3_written_copies_load_too(tmp_path: Path):
    write_cifar10(tmp_path / "a", py2=False)  # str keys, default protocol, numpy 2 names
    data = load_cifar10(tmp_path / "a")
    assert data.classes == CIFAR_CLASSES and len(data.splits["train"]) == 50
    batch = batch_dict(pixel_rows(3, 1), [0, 1, 2], "x")
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        loaded = restricted_loads(pickle.dumps(batch, protocol=protocol), "p")
        assert np.array_equal(loaded[b"data"], batch[b"data"])
        assert loaded[b"labels"] == [0, 1, 2]


def test_a_teachers_subset_with_fewer_classes_loads(tmp_path: Path):
    folder = write_cifar10(tmp_path, n_test=6, n_train_per_batch=3)
    dump(meta_dict(["cat", "dog", "frog"]), folder / "batches.meta")
    for name in ["test_batch", *TRAIN_FILES]:
        n = 6 if name == "test_batch" else 3
        dump(batch_dict(pixel_rows(n, 5), [i % 3 for i in range(n)], name), folder / name)
    data = load_cifar10(tmp_path)
    assert data.classes == ["cat", "dog", "frog"]
    assert len(data.splits["test"]) == 6 and len(data.splits["train"]) == 15
    assert data.verified is False


def test_utf8_label_names_from_python2_come_back_as_text(tmp_path: Path):
    folder = write_cifar10(tmp_path)
    names = [f"类{i}".encode() for i in range(10)]
    dump({b"label_names": names}, folder / "batches.meta")
    assert load_cifar10(tmp_path, splits=("test",)).classes == [f"类{i}" for i in range(10)]


# -- checksums ---------------------------------------------------------------------------------


def test_fixture_is_unverified_and_names_the_files(cifar_root: Path):
    data = load_cifar10(cifar_root)
    assert data.verified is False
    assert data.notes == [f"checksums differ: {', '.join(ALL_FILES)}"]
    assert data.summary() == (
        "cifar10: test 20, train 50; 10 classes (airplane, automobile, bird, …); "
        f"unverified (checksums differ: {', '.join(ALL_FILES)})"
    )


def test_verified_when_every_md5_matches(cifar_root: Path, cifar_dir: Path, monkeypatch):
    md5s = {name: md5_of(cifar_dir / name) for name in ALL_FILES}
    monkeypatch.setattr(cifar, "official_md5s", lambda: md5s)
    data = load_cifar10(cifar_root)
    assert data.verified is True and data.notes == []
    assert data.summary().endswith("; verified")

    md5s["test_batch"] = "0" * 32
    data = load_cifar10(cifar_root)
    assert data.verified is False
    assert data.notes == ["checksums differ: test_batch"]


def test_official_md5s_come_from_torchvision():
    from torchvision.datasets import CIFAR10

    md5s = cifar.official_md5s()
    assert sorted(md5s) == sorted(ALL_FILES)
    assert md5s["test_batch"] == dict(CIFAR10.test_list)["test_batch"]
    assert CIFAR10.tgz_md5 == cifar.official_archive_md5()
    assert not hasattr(cifar, "ARCHIVE_MD5")  # no module __getattr__ back door


# -- bad data ----------------------------------------------------------------------------------


def _rewrite(name: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    """A case that loads ``name`` with the (trusted) standard unpickler, changes it, rewrites."""

    def apply(folder: Path) -> None:
        batch = pickle.loads((folder / name).read_bytes(), encoding="bytes")
        change(batch)
        dump(batch, folder / name)

    return apply


def _write_bytes(name: str, data: bytes | Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        path.write_bytes(data(path.read_bytes()) if callable(data) else data)

    return apply


def _set(key: bytes, value: object) -> Callable[[dict], None]:
    return lambda batch: batch.__setitem__(key, value)


def _delete(key: bytes) -> Callable[[dict], None]:
    return lambda batch: batch.pop(key)


BAD_CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "no split complete": (
        lambda f: [(f / n).unlink() for n in ("test_batch", "data_batch_4")],
        "test_batch: missing file",
    ),
    "missing meta": (lambda f: (f / "batches.meta").unlink(), "batches.meta: missing file"),
    "empty": (_write_bytes("data_batch_2", b""), "data_batch_2: empty file"),
    "truncated": (
        _write_bytes("data_batch_3", lambda d: d[: len(d) // 2]),
        "data_batch_3: truncated file (not a complete pickle)",
    ),
    "text file": (
        _write_bytes("data_batch_4", b"hello, these are not images\n"),
        "data_batch_4: not a pickle file",
    ),
    "png file": (
        _write_bytes("test_batch", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
        "test_batch: not",
    ),
    "not a dict": (
        _write_bytes("data_batch_1", py2_dumps([1, 2, 3])),
        "data_batch_1: not a CIFAR-10 file (holds a list, not a dict)",
    ),
    "no data": (_rewrite("data_batch_5", _delete(b"data")), "data_batch_5: no 'data' entry"),
    "no labels": (_rewrite("test_batch", _delete(b"labels")), "test_batch: no 'labels' entry"),
    "data float": (
        _rewrite("test_batch", _set(b"data", np.zeros((20, 3072), np.float32))),
        "test_batch: 'data' has dtype float32, expected uint8",
    ),
    "data shape": (
        _rewrite("test_batch", _set(b"data", np.zeros((20, 32, 32, 3), np.uint8))),
        "test_batch: 'data' has shape (20, 32, 32, 3), expected (N, 3072)",
    ),
    "data 1024 wide": (
        _rewrite("test_batch", _set(b"data", np.zeros((20, 1024), np.uint8))),
        "test_batch: 'data' has shape (20, 1024), expected (N, 3072)",
    ),
    "data list": (
        _rewrite("test_batch", _set(b"data", [[0] * 3072] * 20)),
        "test_batch: 'data' is not a numpy array (a list)",
    ),
    "no images": (
        _rewrite(
            "test_batch",
            lambda b: b.update({b"data": np.zeros((0, 3072), np.uint8), b"labels": []}),
        ),
        "test_batch: holds no images",
    ),
    "label count": (
        _rewrite("test_batch", _set(b"labels", list(range(10)))),
        "test_batch: 10 labels for 20 images",
    ),
    "label too big": (
        _rewrite("data_batch_2", _set(b"labels", [0, 1, 2, 10, 4, 5, 6, 7, 8, 9])),
        "data_batch_2: label 10 of image 3 is out of range (0–9)",
    ),
    "label negative": (
        _rewrite("data_batch_2", _set(b"labels", [-1] * 10)),
        "data_batch_2: label -1 of image 0 is out of range (0–9)",
    ),
    "label huge": (
        _rewrite("data_batch_2", _set(b"labels", [2**70] * 10)),
        "data_batch_2: 'labels' holds an integer too large",
    ),
    "label float": (
        _rewrite("test_batch", _set(b"labels", [0.5] * 20)),
        "test_batch: 'labels' holds values that are not integers",
    ),
    "label text": (
        _rewrite("test_batch", _set(b"labels", [b"cat"] * 20)),
        "test_batch: 'labels' holds values that are not integers",
    ),
    "label array float": (
        _rewrite("test_batch", _set(b"labels", np.zeros(20, np.float64))),
        "test_batch: 'labels' is not a list of integers",
    ),
    "labels not a list": (
        _rewrite("test_batch", _set(b"labels", 7)),
        "test_batch: 'labels' is not a list (a int)",
    ),
    "no label names": (
        _rewrite("batches.meta", _delete(b"label_names")),
        "batches.meta: no 'label_names' entry",
    ),
    "empty label names": (
        _rewrite("batches.meta", _set(b"label_names", [])),
        "batches.meta: 'label_names' is not a non-empty list",
    ),
    "too few label names": (
        _rewrite("batches.meta", _set(b"label_names", [b"a", b"b", b"c", b"d", b"e"])),
        "test_batch: label 5 of image 5 is out of range (0–4)",
    ),
    "label names not text": (
        _rewrite("batches.meta", _set(b"label_names", [1, 2])),
        "batches.meta: 'label_names' holds something other than text",
    ),
    "a folder instead of a file": (
        lambda f: ((f / "test_batch").unlink(), (f / "test_batch").mkdir()),
        "test_batch: not an ordinary file (a folder), so it is not read",
    ),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_data_gives_one_clear_line(case: str, cifar_root: Path, cifar_dir: Path):
    spoil, expected = BAD_CASES[case]
    spoil(cifar_dir)
    before = snapshot(cifar_root)
    with pytest.raises(DataError) as info:
        load_cifar10(cifar_root)
    message = str(info.value)
    assert message.startswith(expected), message
    assert "\n" not in message and "Traceback" not in message
    assert inspect_data(cifar_root) == (2, message)
    assert snapshot(cifar_root) == before


def test_truncated_at_any_byte_is_reported_as_truncated():
    data = py2_dumps(batch_dict(pixel_rows(1, 0), [3], "one"))
    for cut in range(1, len(data) - 1):  # the last byte is STOP: without it, still truncated
        with pytest.raises(DataError, match=r"^b: truncated file \(not a complete pickle\)$"):
            restricted_loads(data[:cut], "b")


def test_restricted_load_normalises_keys_to_str(cifar_dir: Path):
    batch = restricted_load(cifar_dir / "test_batch")
    assert set(batch) == {"batch_label", "labels", "data", "filenames"}
    assert batch["batch_label"] == "testing batch 1 of 1"
    meta = restricted_load(cifar_dir / "batches.meta")
    assert meta == {"label_names": CIFAR_CLASSES, "num_cases_per_batch": 10, "num_vis": 3072}


# -- a file that would run code ----------------------------------------------------------------

RUN_CODE_NAMES = {
    "open": f"{open.__module__}.open",  # io.open
    "eval": "__builtin__.eval",
    "system": f"{os.system.__module__}.system",
}


@pytest.mark.parametrize("via", list(RUN_CODE_NAMES))
def test_a_file_that_would_run_code_does_not(via: str, tmp_path: Path, cifar_root: Path):
    marker = tmp_path / f"marker-{via}"
    malicious_pickle(cifar_root / CIFAR_DIRNAME / "data_batch_1", marker, via)
    with pytest.raises(DataError) as info:
        load_cifar10(cifar_root)
    expected = f"data_batch_1: refused to load: the file asks to run code ({RUN_CODE_NAMES[via]})"
    assert str(info.value) == expected
    assert inspect_data(cifar_root) == (2, expected)
    assert not marker.exists()

    # The payload really works when unpickled without the restriction.
    pickle.loads((cifar_root / CIFAR_DIRNAME / "data_batch_1").read_bytes(), encoding="bytes")
    assert marker.exists()


class _Evil:
    def __init__(self, reduce: tuple) -> None:
        self._reduce = reduce

    def __reduce__(self):
        return self._reduce


def _python3_payloads(marker: Path) -> dict[str, object]:
    import subprocess

    cmd = ["python", "-c", f"open(r'{marker}', 'w')"]
    return {
        "builtins.exec": _Evil((exec, (f"open(r'{marker}', 'w')",))),
        "subprocess.call": _Evil((subprocess.call, (cmd,))),
        "functools.partial": _Evil((functools.partial, (open, str(marker), "w"))),
        "builtins.getattr": _Evil((getattr, ("text", "upper"))),
    }


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_python3_payloads_are_refused_at_any_protocol(protocol: int, tmp_path: Path):
    marker = tmp_path / "marker"
    for name, payload in _python3_payloads(marker).items():
        data = pickle.dumps({"data": payload}, protocol=protocol)
        with pytest.raises(DataError) as info:
            restricted_loads(data, "evil")
        assert str(info.value).startswith("evil: refused to load: the file asks to run code (")
        assert name.split(".")[1] in str(info.value)
        assert not marker.exists()


def test_object_arrays_and_array_subclasses_are_refused():
    data = pickle.dumps({"data": np.array([1, "x"], dtype=object)}, protocol=2)
    with pytest.raises(DataError, match="Python objects inside an array"):
        restricted_loads(data, "f")
    data = pickle.dumps(np.ma.masked_array([1, 2]), protocol=2)
    with pytest.raises(
        DataError, match=r"^f: refused to load: the file asks to run code \(numpy\.ma"
    ):
        restricted_loads(data, "f")


# -- progress, cancel, read-only -------------------------------------------------------------


def test_progress_and_nothing_written(cifar_root: Path):
    before = snapshot(cifar_root)
    ctx = RecordingCtx()
    load_cifar10(cifar_root, ctx=ctx)
    assert inspect_data(cifar_root)[0] == 0
    assert snapshot(cifar_root) == before
    assert ctx.reports[0] == (0, 7) and ctx.reports[-1] == (7, 7)
    assert [d for d, _ in ctx.reports] == sorted(d for d, _ in ctx.reports)
    assert ctx.checks >= 6  # between files


def test_cancel_between_files(cifar_root: Path):
    ctx = RecordingCtx(cancel_when=lambda c: c.checks >= 3)
    with pytest.raises(Cancelled):
        load_cifar10(cifar_root, ctx=ctx)


# -- importing the archive -------------------------------------------------------------------


@pytest.fixture
def archive(tmp_path: Path, cifar_root: Path) -> tuple[Path, str]:
    return make_archive(cifar_root, tmp_path / "cifar-10-python.tar.gz")


def test_import_archive(tmp_path: Path, archive: tuple[Path, str], cifar_root: Path):
    path, md5 = archive
    target = tmp_path / "app data"
    ctx = RecordingCtx()
    final = import_archive(path, target, ctx=ctx, expected_md5=md5)
    assert final == target / CIFAR_DIRNAME
    assert os.listdir(target) == [CIFAR_DIRNAME]  # no scratch folder left behind
    for name in ALL_FILES:
        assert md5_of(final / name) == md5_of(cifar_root / CIFAR_DIRNAME / name)
    assert load_cifar10(target).splits["train"].images.shape == (50, 3, 32, 32)
    done = [d for d, _ in ctx.reports]
    assert done == sorted(done) and ctx.reports[-1][0] == ctx.reports[-1][1] == path.stat().st_size


def test_import_replaces_an_older_copy(tmp_path: Path, archive: tuple[Path, str]):
    target = tmp_path / "app"
    (target / CIFAR_DIRNAME).mkdir(parents=True)
    (target / CIFAR_DIRNAME / "stale").write_text("old")
    import_archive(archive[0], target, expected_md5=archive[1])
    assert os.listdir(target) == [CIFAR_DIRNAME]
    assert sorted(os.listdir(target / CIFAR_DIRNAME)) == sorted(ALL_FILES)


def test_archive_that_is_not_the_official_one(tmp_path: Path, archive: tuple[Path, str]):
    target = tmp_path / "app"
    with pytest.raises(DataError) as info:
        import_archive(archive[0], target)  # the official MD5 by default
    assert str(info.value).startswith(
        f"cifar-10-python.tar.gz: not the official CIFAR-10 archive (MD5 {archive[1]}, expected "
    )
    assert not target.exists()


def _tar(out: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> tuple[Path, str]:
    with tarfile.open(out, "w:gz") as tf:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tf.addfile(info, io.BytesIO(data) if data is not None else None)
    return out, md5_of(out)


def _member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


HOSTILE = {
    "dot-dot": ([_member(f"{CIFAR_DIRNAME}/../../escaped")], "it would land outside"),
    "absolute": ([_member("/tmp/activation-lab-escaped")], "it would land outside"),
    "symlink out": (
        [_member(f"{CIFAR_DIRNAME}/test_batch", tarfile.SYMTYPE, "/etc/passwd")],
        "links are not allowed",
    ),
    "symlink then write through it": (
        [_member("link", tarfile.SYMTYPE, ".."), _member("link/escaped")],
        "links are not allowed",
    ),
    "hardlink out": (
        [_member(f"{CIFAR_DIRNAME}/x", tarfile.LNKTYPE, "../../../etc/passwd")],
        "links are not allowed",
    ),
    "device": ([_member(f"{CIFAR_DIRNAME}/null", tarfile.CHRTYPE)], "not a regular file or folder"),
    "fifo": ([_member(f"{CIFAR_DIRNAME}/pipe", tarfile.FIFOTYPE)], "not a regular file or folder"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_archive_members_are_refused(case: str, tmp_path: Path):
    bad, why = HOSTILE[case]
    first = _member(f"{CIFAR_DIRNAME}/batches.meta")
    members = [(first, b"ok"), *((m, b"x" if m.isreg() else None) for m in bad)]
    path, md5 = _tar(tmp_path / "bad.tar.gz", members)
    target = tmp_path / "deep" / "app"
    with pytest.raises(DataError) as info:
        import_archive(path, target, expected_md5=md5)
    assert str(info.value).startswith(f"bad.tar.gz: refused archive member '{bad[0].name}': ")
    assert why in str(info.value)
    assert os.listdir(target) == []  # the scratch folder is gone, nothing installed
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "deep" / "escaped").exists()
    assert not Path("/tmp/activation-lab-escaped").exists()


def test_archive_without_the_cifar_files(tmp_path: Path):
    path, md5 = _tar(tmp_path / "a.tar.gz", [(_member(f"{CIFAR_DIRNAME}/batches.meta"), b"x")])
    with pytest.raises(
        DataError, match=rf"^a.tar.gz: the archive has no {CIFAR_DIRNAME}/test_batch$"
    ):
        import_archive(path, tmp_path / "app", expected_md5=md5)
    assert os.listdir(tmp_path / "app") == []


@pytest.mark.parametrize(
    "spoil, expected",
    [
        (lambda d: d[: len(d) // 2], "damaged archive"),
        (lambda d: d[:100], "not a readable .tar.gz"),
        # tarfile takes a broken header after the first member for the end of the archive.
        (lambda d: d[:5000] + bytes(len(d) - 5000), "(damaged archive|the archive has no)"),
        (lambda d: b"this is not a tar.gz at all", "not a readable .tar.gz"),
        (lambda d: b"", "not a readable .tar.gz"),
    ],
)
def test_corrupt_archive(spoil, expected: str, tmp_path: Path, archive: tuple[Path, str]):
    bad = tmp_path / "corrupt.tar.gz"
    bad.write_bytes(spoil(archive[0].read_bytes()))
    target = tmp_path / "app"
    (target / CIFAR_DIRNAME).mkdir(parents=True)  # an older copy must survive
    (target / CIFAR_DIRNAME / "old").write_text("keep me")
    with pytest.raises(DataError) as info:
        import_archive(bad, target, expected_md5=md5_of(bad))
    assert re.match(f"corrupt.tar.gz: {expected}", str(info.value)), str(info.value)
    assert "\n" not in str(info.value)
    assert os.listdir(target) == [CIFAR_DIRNAME]
    assert os.listdir(target / CIFAR_DIRNAME) == ["old"]


def test_cancel_after_the_first_member_leaves_nothing(tmp_path: Path, archive: tuple[Path, str]):
    ctx = RecordingCtx(cancel_when=lambda c: any(done > 0 for done, _ in c.reports))
    target = tmp_path / "app"
    with pytest.raises(Cancelled):
        import_archive(archive[0], target, ctx=ctx, expected_md5=archive[1])
    assert len([d for d, _ in ctx.reports if d > 0]) == 1  # stopped right after one member
    assert os.listdir(target) == []


def test_missing_archive(tmp_path: Path):
    with pytest.raises(DataError, match=r"^nothing.tar.gz: no such file$"):
        import_archive(tmp_path / "nothing.tar.gz", tmp_path / "app", expected_md5="0" * 32)


# -- downloading (never the real network) ----------------------------------------------------


def test_offline_fails_fast_with_a_clear_message(tmp_path: Path, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(socket, "create_connection", unreachable)
    start = time.monotonic()
    with pytest.raises(DataError) as info:
        download_cifar10(tmp_path / "app", timeout=2.0)
    assert time.monotonic() - start < 5
    message = str(info.value)
    assert message.startswith("www.cs.toronto.edu: could not reach the CIFAR-10 server — offline?")
    assert "\n" not in message
    assert not (tmp_path / "app").exists()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a cancelled download closes the connection mid-file: expected here


@pytest.fixture
def local_server(tmp_path: Path, monkeypatch):
    """Serves ``tmp_path/www`` on 127.0.0.1 (loopback only): yields (folder, base url)."""
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    www = tmp_path / "www"
    www.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(www))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="test-http", daemon=True)
    thread.start()
    yield www, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_download_through_torchvision_with_progress(local_server, archive, tmp_path: Path):
    import torchvision.datasets.utils as tv_utils

    www, base = local_server
    shutil.copy(archive[0], www / "cifar-10-python.tar.gz")
    original_tqdm, original_timeout = tv_utils.tqdm, socket.getdefaulttimeout()
    ctx = RecordingCtx()
    target = tmp_path / "app"
    final = download_cifar10(
        target, ctx=ctx, url=f"{base}/cifar-10-python.tar.gz", expected_md5=archive[1]
    )
    assert final == target / CIFAR_DIRNAME and os.listdir(target) == [CIFAR_DIRNAME]
    assert load_cifar10(target).splits["test"].images.shape == (20, 3, 32, 32)
    fractions = [d / t for d, t in ctx.reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any(0 < f < 0.8 for f in fractions)  # progress during the download itself
    assert tv_utils.tqdm is original_tqdm and socket.getdefaulttimeout() == original_timeout


def test_cancel_during_download(local_server, archive, tmp_path: Path):
    import torchvision.datasets.utils as tv_utils

    www, base = local_server
    shutil.copy(archive[0], www / "cifar-10-python.tar.gz")
    original_tqdm = tv_utils.tqdm
    ctx = RecordingCtx(cancel_when=lambda c: any(0 < d / t < 0.8 for d, t in c.reports))
    target = tmp_path / "app"
    with pytest.raises(Cancelled):
        download_cifar10(
            target, ctx=ctx, url=f"{base}/cifar-10-python.tar.gz", expected_md5=archive[1]
        )
    assert os.listdir(target) == []
    assert tv_utils.tqdm is original_tqdm


def test_download_errors(local_server, archive, tmp_path: Path):
    www, base = local_server
    shutil.copy(archive[0], www / "cifar-10-python.tar.gz")
    target = tmp_path / "app"
    with pytest.raises(DataError, match=r"^cifar-10-python.tar.gz: the download is incomplete"):
        download_cifar10(target, url=f"{base}/cifar-10-python.tar.gz", expected_md5="0" * 32)
    with pytest.raises(DataError, match=r"^127.0.0.1: download failed \(.*404"):
        download_cifar10(target, url=f"{base}/missing.tar.gz", expected_md5=archive[1])
    assert os.listdir(target) == []
