"""The race's curves as a CSV table and as TensorBoard scalars (the lesson's own tool)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path

from engine.atomic_file import write_atomic
from engine.export import CSV_ENCODING, TENSORBOARD_HINT, ExportError, tensorboard_available
from engine.messages import QT_TR_NOOP, Message, cannot_write
from engine.network_config import EvalPoint, Point, StepPoint

HEADER = ("activation", "metric", "layer", "images_seen", "epoch", "value")


def curve_rows(
    history: Sequence[Point], names: Sequence[str], layers: Sequence[str], weighted: Sequence[str]
) -> list[tuple]:
    """One row per number of every curve: long format, easy to filter in a spreadsheet."""
    rows: list[tuple] = []
    for p in history:
        name = names[p.contestant]
        if isinstance(p, StepPoint):
            rows.append((name, "train_loss", "", p.images, "", p.loss))
            rows += [
                (name, "grad_norm", layer, p.images, "", g)
                for layer, g in zip(weighted, p.grad_norms, strict=True)
            ]
        else:
            kind = "test" if p.full else "test_subset"
            rows.append((name, f"{kind}_accuracy", "", p.images, p.epoch, p.accuracy))
            rows.append((name, f"{kind}_loss", "", p.images, p.epoch, p.loss))
            rows += [
                (name, f"{kind}_dead_units", layer, p.images, p.epoch, d)
                for layer, d in zip(layers, p.dead, strict=True)
            ]
    return rows


def export_curves_csv(
    path: str | os.PathLike[str],
    history: Sequence[Point],
    names: Sequence[str],
    layers: Sequence[str],
    weighted: Sequence[str],
) -> int:
    """Write the CSV atomically (WriteError if it cannot be); returns the number of data rows."""
    rows = curve_rows(history, names, layers, weighted)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    write_atomic(path, buffer.getvalue().encode(CSV_ENCODING))
    return len(rows)


def export_scalars(
    log_dir: str | os.PathLike[str],
    history: Sequence[Point],
    keys: Sequence[str],
    layers: Sequence[str],
    weighted: Sequence[str],
) -> int:
    """One TensorBoard run per activation (``log_dir/<i>_<key>``), so TensorBoard overlays them;
    the step is the number of training images seen. Returns the number of scalars written."""
    if not tensorboard_available():
        raise ExportError(TENSORBOARD_HINT)
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError as exc:
        raise ExportError(
            Message(
                QT_TR_NOOP("TensorBoard is installed but cannot be loaded: {error}"),
                error=str(exc),
            )
        ) from exc
    writers = {}
    written = 0
    try:
        for i, key in enumerate(keys):
            try:
                writers[i] = SummaryWriter(log_dir=str(Path(log_dir) / f"{i + 1}_{key}"))
            except OSError as exc:
                raise ExportError(cannot_write(log_dir, exc)) from exc
        for p in history:
            w = writers[p.contestant]
            if isinstance(p, StepPoint):
                w.add_scalar("train/loss", p.loss, p.images)
                for layer, g in zip(weighted, p.grad_norms, strict=True):
                    w.add_scalar(f"grad_norm/{layer}", g, p.images)
                written += 1 + len(weighted)
            elif isinstance(p, EvalPoint):
                kind = "test" if p.full else "test_subset"
                w.add_scalar(f"{kind}/accuracy", p.accuracy, p.images)
                w.add_scalar(f"{kind}/loss", p.loss, p.images)
                for layer, d in zip(layers, p.dead, strict=True):
                    w.add_scalar(f"dead_units/{layer}", d, p.images)
                written += 2 + len(layers)
    finally:
        for w in writers.values():
            w.close()
    return written
