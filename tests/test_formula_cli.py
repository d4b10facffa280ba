"""``--eval-formula … --at …``: one line per formula, the program's own numbers, exit 0 or 2."""

from __future__ import annotations

import numpy as np
import pytest

from engine.curves import evaluate
from engine.formula_cli import parse_points, plain
from engine.formula_spec import make_spec
from tests.test_main import run_main


def own_numbers(text: str, xs: list[float]) -> list[float]:
    spec = make_spec(text)
    y, dy = evaluate(spec, spec.defaults(), np.array(xs))
    return [v for pair in zip(y.tolist(), dy.tolist(), strict=True) for v in pair]


def test_plain_decimals_read_back_exactly():
    for v in (0.1, 1e-5, -2.5e-12, 123456789.125, 1 / 3, -0.0, 0.0, 1e22):
        s = plain(v)
        assert "e" not in s.lower() and float(s) == v
    assert plain(float("inf")) == "inf" and plain(float("nan")) == "nan"
    assert parse_points("-1, 0,2.5") == [-1.0, 0.0, 2.5]
    with pytest.raises(ValueError):
        parse_points("1,,2")
    with pytest.raises(ValueError):
        parse_points("nan")


def test_eval_formula_prints_the_programs_numbers():
    formulas = ["x * sigmoid(b*x)", "-x", "where(x > 0, x, a*(exp(x) - 1))", "relu(x)"]
    xs = [-1.0, 0.0, 1e-5, 2.0]
    args = [a for f in formulas for a in ("--eval-formula", f)]
    result = run_main(*args, "--at", "-1,0,1e-5,2")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == len(formulas)
    for text, line in zip(formulas, lines, strict=True):
        word, *numbers = line.split(" ")
        assert word == "ok"
        assert "e" not in line[3:].lower()
        assert [float(n) for n in numbers] == own_numbers(text, xs), text


def test_refused_formula_gives_exit_2_and_the_reason():
    result = run_main(
        "--eval-formula",
        "relu(x)",
        "--eval-formula",
        "sigmoid(x",
        "--eval-formula",
        "__import__('os').system('echo pwned')",
        "--at",
        "0,1",
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout and "pwned" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == "ok 0 0 1 1"
    assert lines[1] == "refused missing ) at 9"
    assert lines[2].startswith("refused ")


def test_bad_points_exit_2_without_traceback():
    for at in ("a,b", "", "1,inf"):
        result = run_main("--eval-formula", "x", "--at", at)
        assert result.returncode == 2, at
        assert "Traceback" not in result.stderr and len(result.stdout.splitlines()) == 1
    result = run_main("--eval-formula", "x")
    assert result.returncode == 2 and "--at" in result.stdout


def test_refusal_in_chinese():
    result = run_main("--eval-formula", "sigmoid(x", "--at", "0", "--lang", "zh_CN")
    assert result.returncode == 2
    line = result.stdout.strip()
    assert line.startswith("refused ") and "9" in line
    assert any("\u4e00" <= ch <= "\u9fff" for ch in line), line
