"""The CIFAR-10 python version's files: their names, their official checksums, where they are.

torchvision is imported only inside the checksum functions (it costs seconds and pulls in
torch._dynamo); the official values are read from it at call time.
"""

from __future__ import annotations

from pathlib import Path

from engine.safe_files import MB

__all__ = [
    "ALL_FILES",
    "ARCHIVE_NAME",
    "CIFAR_DIRNAME",
    "IMAGE_SHAPE",
    "MAX_FILE_BYTES",
    "META_FILE",
    "SPLIT_FILES",
    "find_cifar_dir",
    "official_archive_md5",
    "official_md5s",
]

CIFAR_DIRNAME = "cifar-10-batches-py"
ARCHIVE_NAME = "cifar-10-python.tar.gz"
META_FILE = "batches.meta"
SPLIT_FILES: dict[str, tuple[str, ...]] = {
    "test": ("test_batch",),
    "train": tuple(f"data_batch_{i}" for i in range(1, 6)),
}
ALL_FILES: tuple[str, ...] = (META_FILE, *SPLIT_FILES["test"], *SPLIT_FILES["train"])
IMAGE_SHAPE = (3, 32, 32)
# An official batch is 31 MB (10 000 images of 3 072 bytes and their labels); a copy re-saved
# with another pickle protocol is a little larger. Anything beyond this is not a CIFAR-10 file.
MAX_FILE_BYTES = 40 * MB


def official_md5s() -> dict[str, str]:
    """File name → official MD5 for every file of ``cifar-10-batches-py`` (from torchvision)."""
    from torchvision.datasets import CIFAR10

    pairs = [
        *CIFAR10.train_list,
        *CIFAR10.test_list,
        (CIFAR10.meta["filename"], CIFAR10.meta["md5"]),
    ]
    return {name: md5 for name, md5 in pairs}


def official_archive_md5() -> str:
    """The MD5 of the official ``cifar-10-python.tar.gz`` (from torchvision)."""
    from torchvision.datasets import CIFAR10

    return CIFAR10.tgz_md5


def find_cifar_dir(path: Path) -> Path | None:
    """The ``cifar-10-batches-py`` folder at or inside ``path``, or None.

    ``path`` may be the folder holding ``cifar-10-batches-py`` or that folder itself (also under
    another name, if it holds any of the CIFAR-10 files, so an incomplete copy is reported as such
    rather than mistaken for an image folder).
    """
    path = Path(path)
    if not path.is_dir():
        return None
    inner = path / CIFAR_DIRNAME
    if inner.is_dir():
        return inner
    if path.name == CIFAR_DIRNAME or any((path / name).is_file() for name in ALL_FILES):
        return path
    return None
