"""``main.py --race``: the network lab headless, on a tiny CIFAR-10 folder written here."""

from __future__ import annotations

import re

import pytest

from tests.cifar_fixtures import write_cifar10
from tests.test_main import run_main

LINE = re.compile(r"^epoch (\d+) ([a-z_0-9]+) loss=(\d+\.\d{4}) acc=(\d\.\d{4})$")


@pytest.fixture(scope="module")
def cifar(tmp_path_factory):
    root = tmp_path_factory.mktemp("cifar")
    write_cifar10(root, n_test=20, n_train_per_batch=8)
    return root


def test_race_prints_one_line_per_activation_per_epoch(cifar):
    result = run_main(
        "--race",
        "relu,sigmoid,tanh",
        "--epochs",
        "2",
        "--cifar-root",
        str(cifar),
        "--train-size",
        "32",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    matches = [LINE.match(line) for line in lines]
    assert all(matches), lines
    got = [(int(m[1]), m[2]) for m in matches]
    assert got == [(e, k) for e in (1, 2) for k in ("relu", "sigmoid", "tanh")]
    for m in matches:
        acc = float(m[4])
        assert 0.0 <= acc <= 1.0
        assert abs(acc * 20 - round(acc * 20)) < 1e-3  # a share of the 20 test images
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args, words",
    [
        (("--race", "relu,nonsense"), "unknown activation 'nonsense'"),
        (("--race", "softmax"), "whole vector"),
        (("--race", "relu", "--epochs", "0"), "--epochs"),
    ],
)
def test_race_bad_input_is_one_line_and_exit_2(cifar, args, words):
    result = run_main(*args, "--cifar-root", str(cifar))
    assert result.returncode == 2
    assert result.stdout.count("\n") == 1 and words in result.stdout
    assert "Traceback" not in result.stderr


def test_race_without_data_is_one_line_and_exit_2(tmp_path):
    result = run_main("--race", "relu", "--cifar-root", str(tmp_path))
    assert result.returncode == 2
    assert result.stdout.count("\n") == 1 and "no CIFAR-10" in result.stdout
    # No folder given and none in the (empty, sandboxed) app data folder.
    result = run_main("--race", "relu")
    assert result.returncode == 2
    assert result.stdout.count("\n") == 1 and "--cifar-root" in result.stdout
