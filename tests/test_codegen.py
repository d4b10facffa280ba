"""Show code: every panel's script runs on its own and prints the program's own figures."""

from __future__ import annotations

import ast
import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import catalogue
from engine.codegen import activation_code, own_class
from engine.codegen_explorer import explorer_script, sample_points
from engine.codegen_images import images_script
from engine.codegen_labs import depth_script, softmax_script, xor_script
from engine.curves import evaluate
from engine.formula import parse
from engine.formula_spec import make_spec

FLOAT = r"-?(?:\d+\.?\d*(?:e[-+]?\d+)?|inf|nan)"


def run_script(path: Path, cwd: Path, patch_cifar_md5: bool = False) -> str:
    """Run a generated script from another folder, as a student would."""
    if patch_cifar_md5:
        # torchvision checks the official MD5 sums; the test's small CIFAR-10 copy differs.
        code = (
            "import runpy, torchvision.datasets.cifar as c; "
            "c.check_integrity = lambda *a, **k: True; "
            f"runpy.run_path({str(path)!r}, run_name='__main__')"
        )
        cmd = [sys.executable, "-c", code]
    else:
        cmd = [sys.executable, str(path)]
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def write(tmp_path: Path, text: str, name: str = "script.py") -> Path:
    ast.parse(text)  # valid Python before anything runs
    path = tmp_path / "out" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def floats(text: str) -> list[float]:
    return [float(v) for v in re.findall(FLOAT, text)]


OWN = [
    "x * sigmoid(b*x)",
    "where(x > a, x, 0.1*x) + where(x > 0, 0.1, 0.2)",
    "clamp(x, -a, a) + e**-x - (2*pi)**2 + log1p(exp(-abs(x)))",
    "x ** 2 / (1 + x ** 2) - (-x) ** 3 + 2 ** -x",
    "where(0 < x <= 1, 1, 0) + maximum(x, 0.5) * minimum(x, -a)",
    "1",
    "softplus(training * x) - sqrt(relu(x)) + erf(x) * tanh(x) + sin(x) * cos(x)",
    "x - (x - 1) - (1 - x + 2) / (x / 2 / 3)",
    "clamp(x, x, 1) + clamp(1, x, 2) + clamp(x, -1, x*2) + minimum(1, 2) + x ** x",
    "where(1 > 0, x, 1) + maximum(x, x) + where(x > x, 1, 2) + 2 ** 2 ** x + pi ** e",
]


@pytest.mark.parametrize("text", OWN)
def test_own_class_computes_what_the_module_computes(tmp_path, text):
    import torch

    spec = make_spec(text)
    params = {p: 0.75 for p in spec.defaults()}
    source, needs_math, needs_f = own_class(parse(text))
    namespace: dict = {}
    prelude = "import math\nimport torch\nimport torch.nn.functional as F\nfrom torch import nn\n"
    exec(compile(prelude + source, "<generated>", "exec"), namespace)  # our own generated code
    module = namespace["Own"](**params).double()
    x = torch.linspace(-3, 3, 61, dtype=torch.float64).requires_grad_(True)
    y = module(x)
    (dy,) = torch.autograd.grad(y.sum(), x)
    ref_y, ref_dy = evaluate(spec, params, x.detach())
    # Bit for bit, NaN where the module gives NaN (x ** x for x < 0).
    assert torch.allclose(y.detach(), ref_y, rtol=0, atol=0, equal_nan=True), text
    assert torch.allclose(dy, ref_dy, rtol=0, atol=0, equal_nan=True), text
    from engine.formula import Const, walk

    assert needs_math == any(isinstance(n, Const) for n in walk(parse(text).tree))
    assert needs_f == ("softplus" in text)


def test_parameter_named_like_a_module_attribute_keeps_the_module_working():
    code = activation_code(make_spec("softplus(training * x)"), {"training": 2.0})
    assert "self.training_ = training" in code.classes["Own"]
    assert code.expr == "Own(training=2.0)"


def test_catalogue_calls_keep_every_digit():
    rrelu = catalogue.get("rrelu")
    code = activation_code(rrelu, rrelu.defaults())
    assert code.expr == "nn.RReLU(lower=0.125, upper=0.3333333333333333).eval()"
    assert activation_code(catalogue.get("softmax"), {"others": (0.0,)}, dim=1).expr == (
        "nn.Softmax(dim=1)"
    )
    assert activation_code(catalogue.get("gelu"), {"approximate": "tanh"}).expr == (
        "nn.GELU(approximate='tanh')"
    )
    assert "class Swish" in activation_code(catalogue.get("swish"), {"beta": 2.0}).classes["Swish"]


def explorer_case():
    own = make_spec(OWN[1])
    step = make_spec(OWN[5])
    acts = [
        (catalogue.get("relu"), {}),
        (catalogue.get("prelu"), {"init": 0.3}),
        (catalogue.get("rrelu"), catalogue.get("rrelu").defaults()),
        (catalogue.get("swish"), {"beta": 2.5}),
        (catalogue.get("softplus"), {"beta": 2.0, "threshold": 3.0}),
        (catalogue.get("softmax"), {"others": (0.5, -1.0)}),
        (catalogue.get("gelu"), {"approximate": "tanh"}),
        (own, {"a": 0.5}),
        (step, {}),
    ]
    return acts


def test_explorer_script_prints_the_explorers_numbers(tmp_path):
    acts = explorer_case()
    x_range = (-3.0, 4.5)
    path = write(tmp_path, explorer_script(acts, x_range))
    out = run_script(path, tmp_path)
    blocks = out.strip().split("\n")
    xs = sample_points(x_range)
    rows = [ln for ln in blocks if ln.startswith("  x =")]
    assert len(rows) == len(acts) * len(xs)
    for i, (spec, params) in enumerate(acts):
        y, dy = evaluate(spec, params, np.array(xs))
        for j, x in enumerate(xs):
            got = floats(rows[i * len(xs) + j])
            assert got[0] == x
            assert got[1] == pytest.approx(y[j].item(), rel=1e-12, abs=1e-15), (spec.key, x)
            assert got[2] == pytest.approx(dy[j].item(), rel=1e-12, abs=1e-15), (spec.key, x)


@pytest.mark.parametrize(
    ("key", "scaling", "pre", "split"),
    [
        ("sigmoid", "to_tensor", "none", "test"),
        ("relu", "standardize", "edges", "test"),
        ("softmax", "normalize_half", "laplacian", "train"),
        ("own", "normalize_half", "sharpen", "test"),
    ],
)
def test_images_script_prints_the_browsers_value_ranges(tmp_path, key, scaling, pre, split):
    from engine.cifar import load_cifar10
    from engine.image_stats import stats
    from engine.pipeline import PipelineConfig
    from tests.cifar_fixtures import write_cifar10

    write_cifar10(tmp_path / "data", n_test=70, n_train_per_batch=20, seed=5)
    spec = make_spec("x * sigmoid(b*x)") if key == "own" else catalogue.get(key)
    params = {"b": 2.0} if key == "own" else spec.defaults()
    text = images_script(spec, params, scaling, pre, split, tmp_path / "data")
    assert "SummaryWriter" in text and "DataLoader(dataset, batch_size=64)" in text
    path = write(tmp_path, text)
    out = run_script(path, tmp_path, patch_cifar_md5=True)
    images = load_cifar10(tmp_path / "data").splits[split].images
    app = stats(spec, params, PipelineConfig(scaling=scaling, pre=pre), images=images)
    before = next(ln for ln in out.splitlines() if ln.startswith("before"))
    after = next(ln for ln in out.splitlines() if ln.startswith("after"))
    got_before, got_after = floats(before), floats(after)
    assert got_before == pytest.approx([*app.before_min, *app.before_max], rel=1e-6, abs=1e-6)
    assert got_after == pytest.approx([*app.after_min, *app.after_max], rel=1e-6, abs=1e-6)
    assert f"{len(images)} images" in out


def test_images_script_without_tensorboard_says_so(tmp_path):
    from tests.cifar_fixtures import write_cifar10

    write_cifar10(tmp_path / "data", n_test=10, n_train_per_batch=10)
    text = images_script(catalogue.get("relu"), {}, cifar_root=tmp_path / "data")
    path = write(tmp_path, text)
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.startswith(('tensorboard', 'torch.utils.tensorboard')):\n"
        "            raise ImportError('blocked for the test')\n"
        "sys.meta_path.insert(0, Block())\n"
    )
    import os

    code = (
        "import runpy, torchvision.datasets.cifar as c; "
        "c.check_integrity = lambda *a, **k: True; "
        f"runpy.run_path({str(path)!r}, run_name='__main__')"
    )
    env = {**os.environ, "PYTHONPATH": str(blocker)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "tensorboard is not installed" in result.stdout
    assert "before min" in result.stdout and not (tmp_path / "logs").exists()


@pytest.mark.parametrize(
    ("key", "dataset", "optimizer", "steps", "depth"),
    [
        ("relu", "xor", "adam", 60, 1),
        ("tanh", "noisy_xor", "sgd", 25, 2),
        ("own", "circles", "adam", 15, 1),
        ("leaky_relu", "spirals", "adam", 10, 3),
    ],
)
def test_xor_script_prints_the_labs_figures(tmp_path, key, dataset, optimizer, steps, depth):
    from engine.runtime import single_threaded
    from engine.xor_lab import XorConfig, XorTrainer

    spec = make_spec("x * sigmoid(b*x)") if key == "own" else catalogue.get(key)
    params = {"b": 1.5} if key == "own" else spec.defaults()
    config = XorConfig(spec, params, dataset, width=6, depth=depth, seed=3, optimizer=optimizer)
    with single_threaded():
        trainer = XorTrainer(config)
        for _ in range(steps):
            trainer.step()
        frame = trainer.frame()
    text = xor_script(spec, params, dataset, 6, depth, 3, optimizer, 0.03, steps)
    out = run_script(write(tmp_path, text), tmp_path).splitlines()
    for line, net in zip(out[:2], ("act", "identity"), strict=True):
        step, loss, accuracy = floats(line.split(":", 1)[1])
        assert step == steps
        assert loss == pytest.approx(frame.current_loss[net], rel=1e-5)
        assert accuracy == pytest.approx(frame.accuracy[net])
    w = floats(out[2])
    assert w[:2] == pytest.approx(frame.w_total.tolist(), rel=1e-6, abs=1e-9)
    assert w[2] == pytest.approx(frame.b_total, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("init", ["default", "xavier", "kaiming"])
def test_depth_script_prints_the_labs_gradient_norms(tmp_path, init):
    from engine.depth_lab import DepthConfig, depth_study

    acts = [
        (catalogue.get("sigmoid"), {}),
        (catalogue.get("relu"), {}),
        (catalogue.get("leaky_relu"), {"negative_slope": 0.2}),
        (make_spec("x * sigmoid(b*x)"), {"b": 1.7}),
    ]
    config = DepthConfig(layers=8, width=16, init=init, seeds=3, batch=8, seed=2)
    result = depth_study(config, acts)
    text = depth_script(acts, 8, 16, init, 3, 8, 2)
    out = run_script(write(tmp_path, text), tmp_path).splitlines()
    for i, (spec, _) in enumerate(acts):
        curves = result.curves[spec.key]
        ratio = floats(out[2 * i].rsplit("=", 1)[1])[0]
        norms = floats(out[2 * i + 1].split(":", 1)[1])
        assert norms == pytest.approx(curves.grad_norm.tolist(), rel=1e-5)
        assert ratio == pytest.approx(curves.first_over_last, rel=1e-5)


@pytest.mark.parametrize(
    ("logits", "temperature", "shift"),
    [([2.0, 1.0, 0.1], 1.0, 0.0), ([3.0, -1.0], 0.5, 0.0), ([1.0, 2.0, 3.0, 4.0], 2.0, 100.0)],
)
def test_softmax_script_prints_the_labs_figures(tmp_path, logits, temperature, shift):
    from engine.softmax_lab import analyse, naive_vs_stable

    view = analyse(logits, temperature)
    nvs = naive_vs_stable(logits, shift, temperature)
    out = run_script(write(tmp_path, softmax_script(logits, temperature, shift)), tmp_path)
    lines = {ln.split(" ", 1)[0]: ln for ln in out.splitlines()}
    assert floats(lines["probabilities"]) == pytest.approx(view.probs.tolist(), rel=1e-12)
    assert floats(lines["log-probabilities"].split(" ", 1)[1]) == pytest.approx(
        view.log_probs.tolist(), rel=1e-12
    )
    assert floats(lines["sum"])[0] == pytest.approx(view.total, rel=1e-15)
    if len(logits) == 2:
        two = next(ln for ln in out.splitlines() if ln.startswith("sigmoid"))
        assert floats(two)[-1] == pytest.approx(view.sigmoid_of_difference, rel=1e-12)
    naive = [float(v) for v in re.findall(FLOAT, lines["naive"])]
    stable = floats(lines["stable"])
    assert stable == pytest.approx(nvs.stable.tolist(), rel=1e-6)
    assert np.allclose(naive, nvs.naive, rtol=1e-6, equal_nan=True)
    assert any(math.isnan(v) for v in naive) == nvs.naive_broken


def test_export_code_writes_every_panels_script_that_runs_anywhere(tmp_path):
    from engine.codegen_export import CODE_PANELS, CodeState, script_for
    from tests.test_main import run_main

    for panel in CODE_PANELS:
        if panel == "images":
            continue  # needs data: below
        path = tmp_path / f"{panel}.py"
        result = run_main("--export-code", panel, str(path))
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip() == f"wrote the {panel} code to {path}"
        assert path.read_text(encoding="utf-8") == script_for(panel, CodeState())
    # The explorer's start state, run from another folder: the program's own numbers.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run_script(tmp_path / "explorer.py", elsewhere)
    state = CodeState()
    xs = sample_points(state.explorer.x_range)
    rows = [v for ln in out.splitlines() if ln.startswith("  x =") for v in floats(ln)]
    expected = []
    for spec, params in state.visible():
        y, dy = evaluate(spec, params, np.array(xs))
        for x, a, b in zip(xs, y.tolist(), dy.tolist(), strict=True):
            expected += [x, a, b]
    assert rows == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_export_code_with_preset_and_cifar_root(tmp_path):
    import json

    from engine.preset import FORMAT, VERSION
    from tests.cifar_fixtures import write_cifar10
    from tests.test_main import run_main

    preset = {
        "format": FORMAT,
        "version": VERSION,
        "explorer": {
            "selected": "leaky_relu",
            "checked": ["leaky_relu", "tanh"],
            "params": {"leaky_relu": {"negative_slope": 0.2}},
            "x_range": [-2, 3],
        },
        "images": {"scaling": "standardize", "pre": "edges", "display": "clip", "channel": 0},
    }
    (tmp_path / "p.json").write_text(json.dumps(preset), encoding="utf-8")
    folder = write_cifar10(tmp_path / "data", n_test=12, n_train_per_batch=10)
    out = tmp_path / "images.py"
    result = run_main(
        "--export-code",
        "images",
        str(out),
        "--preset",
        str(tmp_path / "p.json"),
        "--cifar-root",
        str(folder),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = out.read_text(encoding="utf-8")
    assert "nn.LeakyReLU(negative_slope=0.2)" in text and "Normalize" in text
    assert f"ROOT = {str(tmp_path / 'data')!r}" in text and 'padding_mode="reflect"' in text
    printed = run_script(out, tmp_path, patch_cifar_md5=True)
    assert "12 images" in printed
    result = run_main(
        "--export-code", "explorer", str(tmp_path / "e.py"), "--preset", str(tmp_path / "p.json")
    )
    assert "'LeakyReLU': nn.LeakyReLU(negative_slope=0.2)" in (tmp_path / "e.py").read_text()


def test_export_code_refusals_exit_2_without_traceback(tmp_path):
    from tests.test_main import run_main

    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    cases = [
        ("guide", str(tmp_path / "g.py"), []),
        ("nonsense", str(tmp_path / "n.py"), []),
        ("explorer", str(tmp_path / "no" / "such" / "dir" / "e.py"), []),
        ("explorer", str(tmp_path / "e.py"), ["--preset", str(tmp_path / "bad.json")]),
    ]
    for panel, path, extra in cases:
        result = run_main("--export-code", panel, path, *extra)
        assert result.returncode == 2, (panel, result.stdout)
        assert "Traceback" not in result.stderr and len(result.stdout.splitlines()) == 1
    assert not (tmp_path / "e.py").exists()
