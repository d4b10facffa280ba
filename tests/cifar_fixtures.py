"""Write small CIFAR-10 folders and archives in the official format, and hostile pickles.

The official files were written by Python 2 (cPickle, protocol 2) with numpy 1: ``str`` values
are raw byte strings (SHORT_BINSTRING / BINSTRING opcodes) and arrays are rebuilt through
``numpy.core.multiarray._reconstruct``. Python 3 with numpy 2 writes neither, so
:class:`Py2Pickler` reproduces both on top of the pure-Python pickler.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import struct
import sys
import tarfile
from pathlib import Path

import numpy as np

CIFAR_CLASSES = [
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
]
DIRNAME = "cifar-10-batches-py"
TRAIN_FILES = [f"data_batch_{i}" for i in range(1, 6)]


def _reconstruct():
    try:
        from numpy._core.multiarray import _reconstruct
    except ImportError:
        from numpy.core.multiarray import _reconstruct
    return _reconstruct


class Py2Pickler(pickle._Pickler):
    """Protocol 2 the way Python 2 + numpy 1 wrote it: bytes as str, numpy under numpy.core."""

    dispatch = pickle._Pickler.dispatch.copy()

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=2)

    def save_py2_str(self, obj: bytes) -> None:
        # Python 2's str: SHORT_BINSTRING below 256 bytes, else BINSTRING (4-byte length).
        if len(obj) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(obj)]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(obj)) + obj)
        self.memoize(obj)

    dispatch[bytes] = save_py2_str

    def reducer_override(self, obj: object):
        if isinstance(obj, np.ndarray):
            state = (1, obj.shape, obj.dtype, False, obj.tobytes())
            return _reconstruct(), (np.ndarray, (0,), b"b"), state
        if isinstance(obj, np.dtype):
            # numpy 1 under Python 2: dtype("u1", 0, 1) with state (3, "|", …) as byte strings.
            return np.dtype, (obj.str[1:].encode(), 0, 1), (3, b"|", None, None, None, -1, -1, 0)
        return NotImplemented

    def save_global(self, obj: object, name: str | None = None) -> None:
        if obj is _reconstruct():
            self.write(pickle.GLOBAL + b"numpy.core.multiarray\n_reconstruct\n")
            self.memoize(obj)
            return
        super().save_global(obj, name)


def py2_dumps(obj: object) -> bytes:
    buffer = io.BytesIO()
    Py2Pickler(buffer).dump(obj)
    return buffer.getvalue()


def pixel_rows(n: int, seed: int) -> np.ndarray:
    """Random but reproducible image rows (n, 3072) covering 0–255."""
    return np.random.default_rng(seed).integers(0, 256, size=(n, 3072), dtype=np.uint8)


def batch_dict(data: np.ndarray, labels: list[int], label: str, py2: bool = True) -> dict:
    key = (lambda k: k.encode()) if py2 else (lambda k: k)
    names = [f"image_{i:05d}.png" for i in range(len(labels))]
    return {
        key("batch_label"): key(label),
        key("labels"): list(labels),
        key("data"): data,
        key("filenames"): [key(n) for n in names],
    }


def meta_dict(names: list[str] = CIFAR_CLASSES, per_batch: int = 10000, py2: bool = True) -> dict:
    key = (lambda k: k.encode()) if py2 else (lambda k: k)
    return {
        key("label_names"): [key(n) for n in names],
        key("num_cases_per_batch"): per_batch,
        key("num_vis"): 3072,
    }


def dump(obj: object, path: Path, py2: bool = True) -> Path:
    path.write_bytes(py2_dumps(obj) if py2 else pickle.dumps(obj))
    return path


def write_cifar10(
    root: Path, n_test: int = 20, n_train_per_batch: int = 10, seed: int = 0, py2: bool = True
) -> Path:
    """Write ``root/cifar-10-batches-py`` in the official format; returns that folder.

    Image ``i`` of a batch has label ``i % 10``; pixels come from :func:`pixel_rows` with seed
    ``seed`` for the test batch and ``seed + k`` for ``data_batch_k``. ``py2=False`` writes the
    same dicts the way Python 3 would by default (str keys, current protocol, numpy 2 names).
    """
    folder = Path(root) / DIRNAME
    folder.mkdir(parents=True, exist_ok=True)
    dump(meta_dict(per_batch=n_train_per_batch, py2=py2), folder / "batches.meta", py2)
    batches = [("test_batch", n_test, seed, "testing batch 1 of 1")]
    batches += [
        (name, n_train_per_batch, seed + k, f"training batch {k} of 5")
        for k, name in enumerate(TRAIN_FILES, start=1)
    ]
    for name, n, batch_seed, label in batches:
        labels = [i % 10 for i in range(n)]
        dump(batch_dict(pixel_rows(n, batch_seed), labels, label, py2), folder / name, py2)
    return folder


def make_archive(root: Path, out: Path) -> tuple[Path, str]:
    """Pack ``root/cifar-10-batches-py`` into the .tar.gz ``out``; returns (path, md5)."""
    with tarfile.open(out, "w:gz") as tf:
        tf.add(Path(root) / DIRNAME, arcname=DIRNAME)
    return out, hashlib.md5(out.read_bytes()).hexdigest()


class _Payload:
    """Unpickling this runs code: it creates ``marker`` one way or another."""

    def __init__(self, marker: Path, via: str) -> None:
        self.marker, self.via = str(marker), via

    def __reduce__(self):
        if self.via == "open":
            return open, (self.marker, "w")
        if self.via == "system":
            command = f"\"{sys.executable}\" -c \"open(r'{self.marker}', 'w')\""
            return os.system, (command,)
        if self.via == "eval":
            return eval, (f"open(r'{self.marker}', 'w')",)
        raise ValueError(self.via)


def malicious_pickle(path: Path, marker: Path, via: str = "open") -> Path:
    """Write a CIFAR-looking batch whose loading would create ``marker`` (``via``: open, system,
    eval), in the Python 2 style of the official files."""
    batch = batch_dict(pixel_rows(2, 0), [0, 1], "evil")
    batch[b"data"] = _Payload(marker, via)
    return dump(batch, Path(path))
