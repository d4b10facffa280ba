"""The network lab's work as jobs for the background worker (typed results, no Qt).

Training runs as a chain of short jobs: each advances the race for about ``budget_s`` seconds,
checking for cancellation between units (one contestant's batch, one evaluation chunk), and returns
the points added since the caller's last one. The caller submits the next job when it has drawn
the result, so other work on the same worker gets its turn in between, pausing is simply not
submitting, and a cancelled job loses nothing: its points come with the next result.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.datasets import ImageSet
from engine.jobs import JobContext
from engine.network_config import EvalPoint, Point, RaceConfig

Job = Callable[[JobContext], object]

FIRST_BUDGET_S = 0.05  # the first job returns quickly: the first point on screen soon
BUDGET_S = 0.15


@dataclass(frozen=True)
class RaceStarted:
    race: object  # engine.network_race.Race; used only on the worker from now on
    layer_names: tuple[str, ...]
    weighted_names: tuple[str, ...]
    classes: tuple[str, ...]
    is_cifar: bool
    n_train: int
    n_test: int
    resumed: bool = False  # an opened race goes on where it stood (its curves come with it)
    note: object = None  # engine.messages.Message: why an opened race starts afresh


@dataclass(frozen=True)
class RaceUpdate:
    since: int  # index in the race's history of points[0]
    points: tuple[Point, ...]
    progress: float  # 0…1 over all epochs
    epoch: int
    images_seen: int  # per contestant
    images_per_second: float  # through all contestants
    done: bool
    evaluated: bool  # an evaluation finished in this slice: the inside view is due


@dataclass(frozen=True)
class InsideResult:
    image: np.ndarray  # the uint8 3×32×32 image looked at
    views: tuple[object, ...]  # engine.network_model.InsideView per contestant
    images_seen: int


def start_race(config: RaceConfig, image_set: ImageSet, saved: object = None) -> Job:
    """Build the race (models, identical start weights) on the worker; from an opened file
    (:class:`engine.network_weights.SavedWeights`) its weights, and where the images are the
    ones it was trained on, its optimizers, curves and position too."""

    def run(ctx: JobContext) -> RaceStarted:
        # A set-up the data cannot serve raises RaceError, whose message is translatable.
        from engine.messages import QT_TR_NOOP, Message
        from engine.network_race import Race, RaceData

        note = None
        data = RaceData.from_image_set(image_set, config.train_size)
        ctx.check()
        weights = resume = optimizers = None
        if saved is not None:
            weights = dict(enumerate(saved.states))
            if saved.race is not None and saved.n_train == len(data.train_labels):
                resume, optimizers = saved.race, saved.optimizers
            elif saved.race is not None:
                note = Message(
                    QT_TR_NOOP(
                        "The saved race was trained on {saved} images, these are {here}: "
                        "its weights start a new race."
                    ),
                    saved=saved.n_train,
                    here=len(data.train_labels),
                )
        race = Race(config, data, weights, resume=resume, optimizer_states=optimizers)
        return RaceStarted(
            race,
            tuple(race.layer_names),
            tuple(race.weighted_names),
            tuple(data.classes),
            data.is_cifar,
            len(data.train_labels),
            len(data.test_labels),
            resume is not None,
            note,
        )

    return run


def advance_race(race, since: int, budget_s: float = BUDGET_S) -> Job:
    """Train for about ``budget_s`` seconds (at least one unit; none for 0); return the points
    from ``since`` on."""

    def run(ctx: JobContext) -> RaceUpdate:
        start = time.perf_counter()
        evaluated = False
        if budget_s <= 0:
            # Paused or stopped: the contestants still to take this batch take it, so that
            # all models have seen the same batches (the inside view compares like with like,
            # a saved race starts from there); then the points are fetched.
            race.finish_round()
        # budget_s == 0 only fetches the points (after a pause); otherwise at least one unit.
        while budget_s > 0 and not race.done:
            ctx.check()
            unit = len(race.history)
            race.advance()
            last = len(race.models) - 1
            if any(isinstance(p, EvalPoint) and p.contestant == last for p in race.history[unit:]):
                # The last contestant's evaluation is in, so all of them are (they take turns):
                # deliver it at once. It may have begun in an earlier slice.
                evaluated = True
                break
            if time.perf_counter() - start >= budget_s:
                break
        ctx.progress(race.progress, 1.0)
        return RaceUpdate(
            since,
            tuple(race.points_since(since)),
            race.progress,
            race.epoch,
            race.images_seen,
            race.images_per_second,
            race.done,
            evaluated or race.done,
        )

    return run


def look_inside_race(race, image: np.ndarray) -> Job:
    """Each contestant's view of one uint8 image (3×32×32), through forward hooks."""

    def run(ctx: JobContext) -> InsideResult:
        from engine.network_model import look_inside
        from engine.network_race import to_input

        x = to_input(image[None])
        views = []
        for model in race.models:
            ctx.check()
            views.append(look_inside(model, x))
        return InsideResult(image, tuple(views), race.images_seen)

    return run
