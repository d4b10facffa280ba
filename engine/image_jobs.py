"""Job functions for the image browser, run on the job runner's worker thread.

Each factory captures everything the job needs at submit time (arrays, activation, settings,
the state's ``version``) and returns ``fn(ctx)``; results are small dataclasses that carry the
version so the GUI can drop anything computed for settings that are no longer shown. Bad data
raises ``engine.datasets.DataError`` (its message is translatable) and the old source stays.
torch is imported inside the jobs, so importing this module stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from engine.catalogue import ActivationSpec
from engine.image_state import Settings

Job = Callable[[object], object]
THUMB_BATCH = 256


@dataclass(frozen=True)
class Thumbs:
    """Before/after display images (uint8 N×H×W×3) of ``rows``."""

    version: int
    rows: list[int]
    before: np.ndarray
    after: np.ndarray


@dataclass(frozen=True)
class SplitStats:
    """Statistics of a whole split; ``counts`` are its byte counts when they were computed."""

    version: int
    split: str
    counts: object  # engine.image_stats per-channel counts, or None (direct path)
    stats: object  # engine.image_stats.Stats


@dataclass(frozen=True)
class Detail:
    """The selected image's float values before/after the activation and its statistics."""

    version: int
    row: int
    before: np.ndarray
    after: np.ndarray
    stats: object  # engine.image_stats.Stats


def config_of(settings: Settings):
    from engine.pipeline import PipelineConfig

    return PipelineConfig(
        scaling=settings.scaling,
        pre=settings.pre,
        display=settings.display,
        channel=settings.channel,
    )


def thumbnails(
    images: np.ndarray,
    rows: Sequence[int],
    spec: ActivationSpec,
    params: dict,
    settings: Settings,
    version: int,
) -> Job:
    """Before/after display images (uint8 H×W×3) of the given rows."""
    rows = np.asarray(rows, dtype=np.int64)

    def run(ctx):
        from engine.pipeline import process

        config = config_of(settings)
        before, after = [], []
        for start in range(0, len(rows), THUMB_BATCH):
            ctx.check()
            batch = process(images[rows[start : start + THUMB_BATCH]], spec, params, config)
            before.append(batch.before_display)
            after.append(batch.after_display)
        return Thumbs(version, rows.tolist(), np.concatenate(before), np.concatenate(after))

    return run


def split_stats(
    images: np.ndarray,
    split: str,
    counts_cache: dict,
    spec: ActivationSpec,
    params: dict,
    settings: Settings,
    version: int,
) -> Job:
    """Whole-split statistics: from the cached byte counts when the LUT path applies."""
    cached = counts_cache.get(split)

    def run(ctx):
        from engine.image_stats import channel_counts, stats_direct, stats_from_counts
        from engine.pipeline import lut_applicable

        config = config_of(settings)
        if lut_applicable(spec, config):
            counts = cached if cached is not None else channel_counts(images, ctx=ctx)
            return SplitStats(
                version, split, counts, stats_from_counts(counts, spec, params, config)
            )
        return SplitStats(version, split, None, stats_direct(images, spec, params, config, ctx=ctx))

    return run


def detail(
    images: np.ndarray,
    row: int,
    spec: ActivationSpec,
    params: dict,
    settings: Settings,
    version: int,
) -> Job:
    """The selected image's float values before/after and its own statistics."""

    def run(ctx):
        from engine.image_stats import stats_direct
        from engine.pipeline import process

        config = config_of(settings)
        one = images[row : row + 1]
        batch = process(one, spec, params, config)
        stats = stats_direct(one, spec, params, config)
        return Detail(version, row, batch.before[0], batch.after[0], stats)

    return run


def inplace(spec: ActivationSpec, params: dict) -> Job:
    def run(ctx):
        from engine.inplace_demo import inplace_demo

        return inplace_demo(spec, params)

    return run


@dataclass(frozen=True)
class Loaded:
    """A data source together with its per-split byte counts.

    Counting every byte value per channel (``engine.image_stats.channel_counts``) is done once,
    while loading, so every whole-split histogram afterwards is a lookup through 256-entry
    tables: choosing an activation or dragging a slider never touches the images again.
    """

    image_set: object
    counts: dict


def _loaded(image_set, ctx) -> Loaded:
    from engine.image_stats import channel_counts

    counts = {}
    for name, split in image_set.splits.items():
        ctx.check()
        counts[name] = channel_counts(split.images)
    return Loaded(image_set, counts)


def load_start_source(cifar_root, app_data_dir, user_dir) -> Job:
    """At start: CIFAR-10 from ``cifar_root``, the user's folder or the app data folder; else
    the generated samples. A bad CIFAR-10 copy falls back to the samples with its message in
    the set's notes."""

    def run(ctx):
        from engine.data_sources import find_cifar10, open_data
        from engine.datasets import DataError
        from engine.sample_data import generate_samples

        root = cifar_root or find_cifar10(app_data_dir, user_dir)
        if root is not None:
            try:
                return _loaded(open_data(root, ctx=ctx), ctx)
            except DataError as exc:
                samples = generate_samples()
                samples.notes.insert(0, getattr(exc, "message", str(exc)))
                return _loaded(samples, ctx)
        return _loaded(generate_samples(), ctx)

    return run


def open_source(path) -> Job:
    def run(ctx):
        from engine.data_sources import open_data

        return _loaded(open_data(path, ctx=ctx), ctx)

    return run


def samples() -> Job:
    def run(ctx):
        from engine.sample_data import generate_samples

        return _loaded(generate_samples(), ctx)

    return run


def import_archive(archive, app_data_dir) -> Job:
    def run(ctx):
        from engine.cifar import import_archive as do_import
        from engine.data_sources import open_data

        return _loaded(open_data(do_import(archive, app_data_dir, ctx=ctx), ctx=ctx), ctx)

    return run


def download(app_data_dir) -> Job:
    def run(ctx):
        from engine.cifar import download_cifar10
        from engine.data_sources import open_data

        return _loaded(open_data(download_cifar10(app_data_dir, ctx=ctx), ctx=ctx), ctx)

    return run
