"""Export for teachers: curve data as CSV, image grids as PNG, a split as a TensorBoard log.

Qt-free, and cheap to import: numpy only at module level. Pillow, torch and tensorboard are
imported inside the functions that need them, so the GUI can ask :func:`tensorboard_available`
before torch has loaded and a missing optional package never breaks the import.

Every writer replaces its file atomically (temporary file beside it, then a rename), so an
interrupted export never leaves a half-written file under the user's chosen name. Problems the user
can fix raise an error with a translatable :class:`~engine.messages.Message`: a file that cannot
be written :class:`engine.atomic_file.WriteError` (the same for presets, lessons and scripts),
everything else (tensorboard not installed, a log folder that cannot be made) :class:`ExportError`.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from engine.atomic_file import write_atomic
from engine.errors import EngineError
from engine.messages import QT_TR_NOOP, Message, cannot_write

if TYPE_CHECKING:
    from engine.catalogue import ActivationSpec, Params
    from engine.datasets import ProgressContext
    from engine.pipeline import PipelineConfig

__all__ = [
    "CSV_ENCODING",
    "TENSORBOARD_HINT",
    "ExportError",
    "curves_csv",
    "export_tensorboard",
    "image_grid",
    "tensorboard_available",
    "write_png",
]

# UTF-8 *with* a byte-order mark: Excel opens a double-clicked CSV in the system's ANSI code page
# (GBK on a Chinese Windows) unless the file starts with a BOM, and then garbles every non-ASCII
# name ("Swish (β)"). Python's csv with encoding="utf-8-sig", pandas, LibreOffice and numpy's
# loadtxt(encoding="utf-8-sig") all read it.
CSV_ENCODING = "utf-8-sig"

TENSORBOARD_HINT = Message(
    QT_TR_NOOP(
        "Exporting to TensorBoard needs the optional package tensorboard, which is not "
        "installed. Install it with: {extra} (or, in a source checkout: {venv})"
    ),
    extra="pip install activation-lab[tensorboard]",
    venv=".venv/bin/pip install tensorboard",
)


class ExportError(EngineError):
    """An export that cannot be done; ``message`` says why, for the user."""


# -- CSV ---------------------------------------------------------------------------------------

Curve = tuple[str, np.ndarray, np.ndarray, np.ndarray]  # (name, x, f(x), f'(x))


def curves_csv(path: str | os.PathLike[str], curves: Sequence[Curve]) -> None:
    """Write curves as CSV: ``x,<name> f(x),<name> f'(x),…`` — one row per grid point.

    Every curve must have as many points as the first. When all x grids are equal (the usual case)
    there is one ``x`` column. They can differ in a few points, because ``engine.curves`` moves
    each activation's kinks onto its own grid; then each curve gets its own ``<name> x`` column
    before its values, so that every row states exactly where each value was computed.

    Values are written as Python's ``repr`` of the float64 value: the shortest text that reads
    back as exactly the same number (float32 data is widened to float64 first, exactly).
    """
    if not curves:
        raise ValueError("no curves to export")
    columns: list[tuple[str, np.ndarray]] = []
    arrays = [
        (str(name), *(np.asarray(a, dtype=np.float64).reshape(-1) for a in (x, y, dy)))
        for name, x, y, dy in curves
    ]
    n = len(arrays[0][1])
    for name, x, y, dy in arrays:
        if not len(x) == len(y) == len(dy) == n:
            raise ValueError(
                f"curve {name!r}: x, f(x) and f'(x) must all have {n} points "
                f"(got {len(x)}, {len(y)}, {len(dy)})"
            )
    shared = all(np.array_equal(x, arrays[0][1]) for _, x, _, _ in arrays)
    if shared:
        columns.append(("x", arrays[0][1]))
    for name, x, y, dy in arrays:
        if not shared:
            columns.append((f"{name} x", x))
        columns.append((f"{name} f(x)", y))
        columns.append((f"{name} f'(x)", dy))

    text = io.StringIO()
    # lineterminator "\r\n" is RFC 4180's (and the csv module's default); Excel expects it.
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([header for header, _ in columns])
    values = [[repr(v) for v in column.tolist()] for _, column in columns]
    writer.writerows(zip(*values, strict=True))
    write_atomic(path, text.getvalue().encode(CSV_ENCODING))


# -- PNG ---------------------------------------------------------------------------------------


def image_grid(
    images: np.ndarray, ncols: int = 8, pad: int = 2, pad_value: int = 255
) -> np.ndarray:
    """uint8 (N, H, W, 3) → one uint8 (H', W', 3) image: a row-major grid like torchvision's
    ``make_grid`` (``ncols`` per row, ``pad`` pixels of ``pad_value`` around and between cells,
    empty cells of the last row filled with ``pad_value``).

    Unlike ``make_grid`` a single image is padded too, so every grid has the same frame.
    """
    arr = np.asarray(images)
    if arr.dtype != np.uint8 or arr.ndim != 4 or arr.shape[3] != 3:
        raise ValueError(f"images must be uint8 (N, H, W, 3), got {arr.dtype} {arr.shape}")
    if len(arr) == 0:
        raise ValueError("no images for the grid")
    if ncols < 1 or pad < 0 or not 0 <= pad_value <= 255:
        raise ValueError("ncols must be ≥ 1, pad ≥ 0 and pad_value within 0…255")
    n, h, w, _ = arr.shape
    cols = min(ncols, n)
    rows = math.ceil(n / cols)
    cell_h, cell_w = h + pad, w + pad
    grid = np.full((pad + rows * cell_h, pad + cols * cell_w, 3), pad_value, dtype=np.uint8)
    for i in range(n):
        r, c = divmod(i, cols)
        top, left = pad + r * cell_h, pad + c * cell_w
        grid[top : top + h, left : left + w] = arr[i]
    return grid


def write_png(path: str | os.PathLike[str], hwc: np.ndarray) -> None:
    """Write a uint8 (H, W, 3) RGB image as PNG (atomically)."""
    from PIL import Image  # Pillow comes with torchvision; imported here to keep imports cheap

    arr = np.asarray(hwc)
    if arr.dtype != np.uint8 or arr.ndim != 3 or arr.shape[2] != 3:
        raise ValueError(f"image must be uint8 (H, W, 3), got {arr.dtype} {arr.shape}")
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(arr)).save(buffer, format="PNG")
    write_atomic(path, buffer.getvalue())


# -- TensorBoard -------------------------------------------------------------------------------


def tensorboard_available() -> bool:
    """True when the optional ``tensorboard`` package can be imported (nothing is imported)."""
    try:
        return importlib.util.find_spec("tensorboard") is not None
    except (ImportError, ValueError):  # ValueError: a module in sys.modules without a spec
        return False


def export_tensorboard(
    log_dir: str | os.PathLike[str],
    images: np.ndarray,
    spec: ActivationSpec,
    params: Params | None,
    config: PipelineConfig,
    ctx: ProgressContext | None = None,
    batch: int = 64,
    max_images: int | None = None,
) -> int:
    """Write the lesson's TensorBoard log: for each step of ``batch`` images,
    ``add_images("before", …, step)`` and ``add_images("after", …, step)``; returns the number of
    steps written.

    "before" is what the activation receives (with the lesson's ToTensor scaling, the ToTensor'd
    images), "after" its output, both as float (N, 3, H, W) exactly as the pipeline computes them;
    ``add_images`` itself maps floats to pixels (×255, clipped to 0…255), so negative values show
    as black — as in the lesson. The configured display mapping plays no part here.

    ``ctx`` (a :class:`engine.jobs.JobContext`) is checked between steps, so a cancelled export
    stops there, leaving the steps written so far in the log. Raises :class:`ExportError` with
    :data:`TENSORBOARD_HINT` when tensorboard is not installed.
    """
    if not tensorboard_available():
        raise ExportError(TENSORBOARD_HINT)
    if batch < 1:
        raise ValueError(f"batch must be at least 1, not {batch}")
    arr = np.asarray(images)
    if arr.dtype != np.uint8 or arr.ndim != 4 or arr.shape[1] != 3:
        raise ValueError(f"images must be uint8 (N, 3, H, W), got {arr.dtype} {arr.shape}")
    if max_images is not None:
        arr = arr[: max(0, max_images)]
    total = math.ceil(len(arr) / batch)
    if total == 0:
        return 0

    from engine.pipeline import channel_luts, lut_applicable, process

    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError as exc:  # installed but broken (e.g. an incompatible protobuf)
        raise ExportError(
            Message(
                QT_TR_NOOP("TensorBoard is installed but cannot be loaded: {error}"),
                error=str(exc),
            )
        ) from exc

    # The lookup tables depend only on the activation and scaling: compute them once, not per step.
    luts = channel_luts(spec, params, config.scaling) if lut_applicable(spec, config) else None
    try:
        writer = SummaryWriter(log_dir=str(Path(log_dir)))
    except OSError as exc:
        raise ExportError(cannot_write(log_dir, exc)) from exc
    try:
        if ctx is not None:
            ctx.progress(0, total)
        for step in range(total):
            if ctx is not None:
                ctx.check()
            chunk = arr[step * batch : (step + 1) * batch]
            out = process(chunk, spec, params, config, luts=luts)
            writer.add_images("before", out.before, step)  # dataformats NCHW
            writer.add_images("after", out.after, step)
            if ctx is not None:
                ctx.progress(step + 1, total)
    finally:
        writer.close()
    return total
