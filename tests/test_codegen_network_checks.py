"""The network script also prints what the lab draws between epochs: every EVAL_EVERY batches
the accuracy, loss and dead-unit shares on the test subset and each layer's gradient norm, and
the whole test split's loss and dead units per epoch; compared with the race's own points."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.codegen_network import network_script
from engine.network_config import Contestant, EvalPoint, RaceConfig, StepPoint
from tests.test_codegen import run_script, write
from tests.test_codegen_network_sources import compare_grads

CHECK = re.compile(
    r"^check epoch (\d+) images (\d+) (\S+) acc=(\S+) loss=(\S+) dead=(\S+) grad=(\S+)$"
)
TEST = re.compile(r"^test loss=(\S+) dead=(\S+)$")


def numbers(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


@pytest.fixture(scope="module")
def cifar(tmp_path_factory) -> Path:
    from tests.cifar_fixtures import write_cifar10

    root = tmp_path_factory.mktemp("cifar")
    return write_cifar10(root / "data", n_test=230, n_train_per_batch=20, seed=4)


@pytest.mark.parametrize(
    "config",
    [
        RaceConfig(
            contestants=(Contestant("relu"), Contestant.of("prelu"), Contestant("tanh")),
            optimizer="adam",
            lr=0.05,
            batch_size=16,
            seed=2,
            train_size=70,
            epochs=2,
            eval_every=2,
            eval_images=50,
        ),
        RaceConfig(
            contestants=(Contestant("relu"),),
            optimizer="sgd",
            lr=0.1,  # large enough to kill units: dead shares above 0 are compared too
            init="kaiming",
            extra_convs=1,
            batch_size=8,
            train_size=40,
            epochs=1,
            eval_every=1,
            eval_images=230,
        ),
    ],
    ids=["three-adam", "relu-dying"],
)
def test_network_script_prints_the_checks_the_lab_draws(tmp_path, cifar, config):
    from engine.cifar import load_cifar10
    from engine.network_race import Race, RaceData

    race = Race(config, RaceData.from_image_set(load_cifar10(cifar), config.train_size))
    race.run_to_end()
    keys = [c.key for c in config.contestants]
    out = run_script(write(tmp_path, network_script(config, cifar)), tmp_path, True)
    lines = [ln.strip() for ln in out.splitlines()]

    checks = [CHECK.match(ln) for ln in lines if ln.startswith("check")]
    subset = [p for p in race.history if isinstance(p, EvalPoint) and not p.full]
    assert len(checks) == len(subset) > 0
    for m, point in zip(checks, subset, strict=True):
        assert (int(m[1]), int(m[2]), m[3]) == (point.epoch, point.images, keys[point.contestant])
        assert float(m[4]) == pytest.approx(point.accuracy, abs=1e-4)
        assert float(m[5]) == pytest.approx(point.loss, rel=1e-4)
        assert numbers(m[6]) == pytest.approx(point.dead, abs=1e-5)
        # The gradient norms of this contestant's step just before the check.
        step = [
            p
            for p in race.history
            if isinstance(p, StepPoint)
            and p.contestant == point.contestant
            and p.images == point.images
        ][-1]
        assert numbers(m[7]) == pytest.approx(step.grad_norms, rel=1e-4)

    compare_grads(lines, race, keys)  # and every step's gradient norms

    tests = [TEST.match(ln) for ln in lines if ln.startswith("test")]
    full = race.epoch_results()
    assert len(tests) == len(full) == config.epochs * len(keys)
    for m, point in zip(tests, full, strict=True):
        assert float(m[1]) == pytest.approx(point.loss, rel=1e-4)
        assert numbers(m[2]) == pytest.approx(point.dead, abs=1e-5)


def test_a_dying_relu_race_has_dead_units_to_compare(cifar):
    """The second case above really compares dead shares that are not all 0."""
    from engine.cifar import load_cifar10
    from engine.network_race import Race, RaceData

    config = RaceConfig(
        contestants=(Contestant("relu"),),
        optimizer="sgd",
        lr=0.1,
        init="kaiming",
        extra_convs=1,
        batch_size=8,
        train_size=40,
        epochs=1,
        eval_every=1,
        eval_images=230,
    )
    race = Race(config, RaceData.from_image_set(load_cifar10(cifar), config.train_size))
    race.run_to_end()
    assert any(any(d > 0 for d in p.dead) for p in race.history if isinstance(p, EvalPoint))


def test_network_script_reads_the_labs_source():
    """CIFAR-10, the built-in samples or the image folder: whichever the lab trains on (the
    scripts are run against the race in tests/test_codegen_network_sources.py)."""
    from engine.codegen_export import CodeState, script_for

    cifar = script_for("labs-network", CodeState())
    assert "CIFAR10(ROOT" in cifar and "sample_pixels" not in cifar
    samples = script_for("labs-network", CodeState(data_kind="samples"))
    assert "CIFAR10" not in samples and "sample_pixels(PER_CLASS, SAMPLE_SEED)" in samples
    folder = script_for("labs-network", CodeState(data_kind="folder", data_folder="/data/pics"))
    assert "CIFAR10" not in folder and "FOLDER = '/data/pics'" in folder
