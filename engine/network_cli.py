"""``main.py --race KEYS --epochs N``: the network lab's race without a window.

Prints exactly ``epoch E KEY loss=L acc=A`` per contestant per epoch (L the mean training loss of
the epoch, A the accuracy on the whole test split as a fraction), through the same
:class:`engine.network_race.Race` the panel drives. Bad input is one line and exit code 2.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engine.datasets import DataError, one_line

Print = Callable[[str], None]


def parse_keys(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


def run_race_cli(
    keys_text: str,
    epochs: int,
    cifar_dir: Path | None,
    train_size: int | None = None,
    out: Print = print,
) -> int:
    """Run the race and print its lines; 0 on success, 2 on bad input (one line printed)."""
    from engine import catalogue

    keys = parse_keys(keys_text)
    known = catalogue.keys()
    unknown = [k for k in keys if k not in known]
    if not keys or unknown:
        shown = unknown[0] if unknown else keys_text
        out(f"unknown activation '{shown}'; choose from: {', '.join(known)}")
        return 2
    if epochs < 1:
        out(f"--epochs must be at least 1, not {epochs}")
        return 2
    if train_size is not None and train_size < 1:
        out(f"--train-size must be at least 1, not {train_size}")
        return 2
    if cifar_dir is None:
        out("no CIFAR-10 found: give --cifar-root DIR (the folder holding cifar-10-batches-py)")
        return 2

    from engine.network_race import Contestant, RaceConfig
    from engine.runtime import configure_torch

    config = RaceConfig(
        contestants=tuple(Contestant(k) for k in keys),
        epochs=epochs,
        train_size=train_size or RaceConfig.train_size,
    )
    problem = config.problem()
    if problem:
        out(str(problem))
        return 2
    configure_torch()
    from engine.cifar import load_cifar10
    from engine.network_race import Race, RaceData, RaceError

    try:
        image_set = load_cifar10(cifar_dir)
    except DataError as exc:
        out(one_line(exc))
        return 2
    try:
        race = Race(config, RaceData.from_image_set(image_set, config.train_size))
    except (RaceError, ValueError) as exc:
        out(one_line(exc))
        return 2
    from engine.network_race import EvalPoint

    seen = 0  # history read so far: lines go out as each epoch ends, not all at the end
    while True:
        going = race.advance()
        for point in race.points_since(seen):
            if isinstance(point, EvalPoint) and point.full:
                out(_line(point, keys))
        seen = len(race.history)
        if not going:
            return 0


def _line(point, keys: list[str]) -> str:
    return (
        f"epoch {point.epoch} {keys[point.contestant]} "
        f"loss={point.train_loss:.4f} acc={point.accuracy:.4f}"
    )
