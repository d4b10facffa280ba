"""Common types of the data sources: an image set with named splits, and the one error type.

Qt-free and torch-free: every source (CIFAR-10 on disk, a user's image folder, the generated
samples) returns an :class:`ImageSet` of uint8 ``N×3×H×W`` arrays, and every problem with the data
is a :class:`DataError` whose text is shown to the user as it is (translated by the GUI).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from engine.errors import EngineError

__all__ = ["NULL_CONTEXT", "DataError", "ImageSet", "ProgressContext", "Split", "one_line"]

# How many class names a one-line summary lists before "…".
_SUMMARY_CLASSES = 3


class ProgressContext(Protocol):
    """What a loader needs from its job: :class:`engine.jobs.JobContext` satisfies it."""

    def check(self) -> None: ...  # raises engine.jobs.Cancelled when the job should stop

    def progress(self, done: float, total: float) -> None: ...


class _NullContext:
    """Stands in when a loader runs outside the job runner (command line, tests)."""

    def check(self) -> None:
        pass

    def progress(self, done: float, total: float) -> None:
        pass


NULL_CONTEXT: ProgressContext = _NullContext()


class DataError(EngineError):
    """One clear, user-facing line naming the file and the problem (no traceback text).

    Example: ``"data_batch_3: truncated file (not a complete pickle)"``. ``message`` is what was
    given: a translatable :class:`~engine.messages.Message` (every raise in the engine passes one)
    or, for compatibility, a plain ``str``; ``str(exc)`` is its English text either way.
    """


def one_line(text: object) -> str:
    """Collapse an exception text onto one line (some library messages span several)."""
    return " ".join(str(text).split())


@dataclass
class Split:
    name: str  # "test" | "train" | "all"
    images: np.ndarray  # uint8, (N, 3, H, W), C-contiguous
    labels: np.ndarray  # int64, (N,)

    def __len__(self) -> int:
        return int(self.labels.shape[0])


@dataclass
class ImageSet:
    name: str  # "CIFAR-10", "Generated samples", or the folder's name
    kind: str  # "cifar10" | "samples" | "folder"
    splits: dict[str, Split]
    classes: list[str]
    verified: bool | None  # CIFAR-10: True iff every file read matched the official MD5
    root: Path | None = None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: kind, split sizes, classes, and verified / unverified (with the why)."""
        sizes = ", ".join(f"{name} {len(split)}" for name, split in self.splits.items())
        names = self.classes[:_SUMMARY_CLASSES]
        if len(self.classes) > _SUMMARY_CLASSES:
            names = [*names, "…"]
        parts = [f"{self.kind}: {sizes}", f"{len(self.classes)} classes ({', '.join(names)})"]
        notes = "; ".join(self.notes)
        if self.verified is True:
            parts.append("verified")
        elif self.verified is False:
            parts.append(f"unverified ({notes})" if notes else "unverified")
            notes = ""
        if notes:
            parts.append(notes)
        return "; ".join(parts)
