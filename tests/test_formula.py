"""Own activations: the whitelist parser, hostile input, the module and autograd, kinks, tables."""

from __future__ import annotations

import math
import os
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from engine import catalogue
from engine.curves import compute_curve, evaluate
from engine.formula import MAX_LENGTH, FormulaError, parse
from engine.formula_module import FormulaModule
from engine.formula_spec import make_spec, own_key
from engine.pipeline import PipelineConfig, apply_luts, channel_luts, direct, lut_applicable

HOSTILE = [
    "__import__('os').system('echo pwned')",
    "__import__",
    "import os",
    "from os import system",
    "open('/etc/passwd')",
    "open",
    "eval('1')",
    "exec('x=1')",
    "compile('1','f','eval')",
    "globals()",
    "locals()",
    "vars()",
    "getattr(x, 'real')",
    "x.__class__",
    "x.__class__.__bases__[0].__subclasses__()",
    "().__class__",
    "x.real",
    "torch.save(x, 'hacked.pt')",
    "torch.load('w.pt')",
    "torch.exp(x)",
    "np.exp(x)",
    "math.exp(x)",
    "os.system('ls')",
    "sys.exit()",
    "lambda: 1",
    "(lambda y: y)(x)",
    "[i for i in range(10)]",
    "{x: 1}",
    "{x}",
    "x[0]",
    "x if x > 0 else 0",
    "x and 1",
    "not x",
    "x or 1",
    "'a' * 10",
    '"abc"',
    "f'{x}'",
    "b'x'",
    "x; import os",
    "x\nimport os",
    "x # comment",
    "(y := 1)",
    "x @ x",
    "x % 2",
    "x // 2",
    "~x",
    "x & 1",
    "x | 1",
    "x << 2",
    "x^2",
    "9**9**9**9**9",
    "x**100000",
    "2**x**1000",
    "10**1000",
    "1e999",
    "9" * 400,
    "1j * x",
    "True",
    "None",
    "...",
    "-" * 100_000 + "x",
    "(" * 100_000 + "x" + ")" * 100_000,
    "x+" * 50_000 + "x",
    "sigmoid(" * 300 + "x" + ")" * 300,
    "x" * (MAX_LENGTH + 1),
    "-----x",
    "x\x00",
    "\x00",
    "x\u202e+1",
    "x\u2066",
    "x\u200b",
    "x\ufeff",
    "x\x1b[31m",
    "x\t+\r1",
    "ｘ",  # full-width x, which NFKC would silently turn into x
    "sigmoid（x）",
    "x × 2",
    "𝐱",
    "print(x)",
    "max(x, 0)",
    "pow(x, 2)",
    "exp",
    "exp(x, 2)",
    "where(x, 1, 0)",
    "where(x > 0, 1)",
    "sigmoid(x=1)",
    "sigmoid(*x)",
    "x > 0",
    "a(x)",
    "_secret",
    "self",
    "breakpoint()",
    "input()",
    "help",
    "await x",
    "yield x",
    "",
    "   ",
    "sigmoid(x",
    "x)",
    "x +",
    "2x",
    "a1+a2+a3+a4+a5+a6+a7+a8+a9",
    "x" + "+x" * 240,
    "x**2**2**2**2",
]


@pytest.fixture(autouse=True)
def forget_own_activations():
    """Registered own activations are process-wide: leave none behind for other tests."""
    before = dict(catalogue._USER)
    yield
    catalogue._USER.clear()
    catalogue._USER.update(before)


AUDITED = ("exec", "open", "import", "os.", "subprocess.", "socket.", "shutil.", "pickle.")


@pytest.fixture
def audit_events():
    """Every audit event raised while the block runs (sys.addaudithook cannot be removed, so the
    hook only records while the list is armed)."""
    events: list[tuple[str, tuple]] = []
    armed = {"on": False}

    def hook(event: str, args: tuple) -> None:
        if armed["on"]:
            events.append((event, args))

    sys.addaudithook(hook)

    class Recorder:
        def __enter__(self):
            events.clear()
            armed["on"] = True
            return events

        def __exit__(self, *exc):
            armed["on"] = False

    return Recorder()


def test_at_least_sixty_hostile_inputs():
    assert len(set(HOSTILE)) >= 60


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_refused_with_nothing_run(text, audit_events, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with audit_events as events:
        with pytest.raises(FormulaError) as info:
            parse(text)
        with pytest.raises(FormulaError):
            make_spec(text)
    # Only ast.parse's own compile (to a tree, never to code) may appear; nothing executed,
    # imported, opened or spawned.
    for name, args in events:
        assert not name.startswith(AUDITED), (text[:40], name)
        if name == "compile":
            assert args[1] == "<unknown>"
    assert list(tmp_path.iterdir()) == []
    message = info.value.message
    assert str(message) and message.template  # translatable
    pos = info.value.pos
    assert pos is None or 1 <= pos <= max(len(text), 1)


@pytest.mark.parametrize(
    ("text", "expected", "pos"),
    [
        ("sigmoid(x", "missing ) at 9", 9),
        ("x)", "unexpected ) at 2", 2),
        ("x^2", "'^' at 2: write powers as ** (for example x**2)", 2),
        ("max(x, 0)", "'max' at 1 is not available here; use maximum", 1),
        ("x + foo(x)", "unknown function 'foo' at 5", 5),
        ("x +", "the formula is incomplete: something is missing at 3", 3),
        ("2x", "a number directly followed by a name at 1: write * between them (2*x)", 1),
        ("sigmoid（x）", "'（' at 8: write ( (half-width) instead", 8),
        ("x\u202e", "character U+202E is not allowed in a formula (at 2)", 2),
        ("x.real", "'.' (attribute access) is not allowed in a formula (at 1)", 1),
        ("exp(x, 2)", "exp at 1 takes 1 argument(s), not 2", 1),
        ("β * open", "'open' at 5 cannot be used as a parameter name", 5),
        ("x**100", "the exponent at 4 is too large (at most 64)", 4),
        ("x > 0", "a comparison at 1 can only be the condition of where", 1),
        ("", "the formula is empty", None),
    ],
)
def test_refusals_say_why_and_where(text, expected, pos):
    with pytest.raises(FormulaError) as info:
        parse(text)
    assert str(info.value.message) == expected
    assert info.value.pos == pos


def reference(text: str, x: torch.Tensor, **p: float) -> torch.Tensor:
    """The same functions written directly in torch."""
    b, a = p.get("b", 1.0), p.get("a", 1.0)
    table = {
        "x * sigmoid(b*x)": lambda: x * torch.sigmoid(b * x),
        "where(x > 0, x, a*(exp(x) - 1))": lambda: torch.where(x > 0, x, a * (torch.exp(x) - 1)),
        "log1p(exp(x))": lambda: torch.log1p(torch.exp(x)),
        "sin(x)": lambda: torch.sin(x),
        "x * tanh(softplus(x))": lambda: x * torch.tanh(F.softplus(x)),
        "0.5*x*(1 + erf(x/sqrt(2)))": lambda: 0.5 * x * (1 + torch.erf(x / math.sqrt(2))),
        "clamp(x, -a, a) + minimum(x, 0) - maximum(-x, 0)": lambda: (
            torch.clamp(x, -a, a)
            + torch.minimum(x, torch.zeros((), dtype=x.dtype))
            - torch.maximum(-x, torch.zeros((), dtype=x.dtype))
        ),
        "abs(x) ** b / (1 + e**-x) + pi * cos(x)": lambda: (
            torch.abs(x) ** b / (1 + math.e ** (-x)) + math.pi * torch.cos(x)
        ),
        "where(-1 < x <= 1, relu(x), log(abs(x)))": lambda: torch.where(
            (x > -1) & (x <= 1), torch.relu(x), torch.log(torch.abs(x))
        ),
    }
    return table[text]()


@pytest.mark.parametrize(
    "text",
    [
        "x * sigmoid(b*x)",
        "where(x > 0, x, a*(exp(x) - 1))",
        "log1p(exp(x))",
        "sin(x)",
        "x * tanh(softplus(x))",
        "0.5*x*(1 + erf(x/sqrt(2)))",
        "clamp(x, -a, a) + minimum(x, 0) - maximum(-x, 0)",
        "abs(x) ** b / (1 + e**-x) + pi * cos(x)",
        "where(-1 < x <= 1, relu(x), log(abs(x)))",
    ],
)
@pytest.mark.parametrize("value", [1.0, 0.3, 2.5])
def test_module_is_torch_and_autograd_gives_the_derivative(text, value):
    spec = make_spec(text)
    params = {p: value for p in spec.defaults()}
    x = torch.linspace(-4, 4, 401, dtype=torch.float64)
    y, dy = evaluate(spec, params, x)
    xr = x.clone().requires_grad_(True)
    ref = reference(text, xr, **params)
    (ref_dy,) = torch.autograd.grad(ref.sum(), xr)
    assert torch.allclose(y, ref.detach(), rtol=1e-12, atol=1e-12, equal_nan=True)
    assert torch.allclose(dy, ref_dy, rtol=1e-12, atol=1e-12, equal_nan=True)
    module = FormulaModule(text, **params)
    assert isinstance(module, torch.nn.Module)
    assert module(x).dtype == torch.float64
    assert module(x.float()).dtype == torch.float32


def test_swish_formula_equals_the_catalogue_swish():
    own = make_spec("x * sigmoid(beta * x)")
    swish = catalogue.get("swish")
    x = np.linspace(-6, 6, 1001)
    for beta in (0.0, 0.5, 1.0, 3.0):
        y1, d1 = evaluate(own, {"beta": beta}, x)
        y2, d2 = evaluate(swish, {"beta": beta}, x)
        assert torch.equal(y1, y2) and torch.equal(d1, d2)


def test_constant_and_step_formulas_have_zero_derivative():
    for text in ("1", "pi", "where(x > 0, 1, 0)", "a"):
        spec = make_spec(text)
        y, dy = evaluate(spec, spec.defaults(), np.array([-1.0, 0.0, 2.0]))
        assert y.shape == (3,) and torch.all(dy == 0), text


def test_no_arithmetic_happens_in_python():
    # 10.0 ** 400 raises OverflowError in Python; in torch it is inf, as in the student's code.
    y, _ = evaluate(make_spec("(10.0 ** 60) ** 6 * x"), {}, np.array([1.0]))
    assert math.isinf(y.item())
    y, _ = evaluate(make_spec("x / 0"), {}, np.array([1.0, -1.0]))
    assert y.tolist() == [math.inf, -math.inf]


def kink_points(text: str, params: dict | None = None) -> list[float]:
    spec = make_spec(text)
    return [k.x for k in compute_curve(spec, params or spec.defaults(), (-6, 6), 201).kinks]


def test_kinks_are_found_as_for_built_in_ones():
    relu = [k.x for k in compute_curve(catalogue.get("relu"), {}, (-6, 6), 201).kinks]
    assert kink_points("relu(x)") == relu == [0.0]
    assert kink_points("where(x > a, x, 0.1*x)", {"a": 0.5}) == [0.5]
    assert kink_points("abs(x - a) + clamp(x, -2, 3)", {"a": 1.0}) == [-2.0, 1.0, 3.0]
    pts = kink_points("relu(sin(x))")
    assert pts == pytest.approx([-math.pi, 0.0, math.pi], abs=1e-12)
    assert kink_points("x * sigmoid(b*x)") == []
    assert kink_points("maximum(x, b) + minimum(x, -b)", {"b": 2.0}) == [-2.0, 2.0]
    # The kink's derivative values come from autograd on the real module.
    spec = make_spec("where(x > 0, x, a*x)")
    (kink,) = compute_curve(spec, {"a": 0.25}, (-6, 6), 201).kinks
    assert (kink.left, kink.right, kink.torch_value) == pytest.approx((0.25, 1.0, 0.25))


def test_slider_ranges_defaults_and_key():
    spec = make_spec("x * sigmoid(b*x) + c", {"b": (0.0, 10.0)})
    assert [p.name for p in spec.params] == ["b", "c"]
    assert spec.param("b").slider == (0.0, 10.0) and spec.param("b").default == 1.0
    assert spec.param("c").slider == (-5.0, 5.0)
    assert spec.key == own_key("x*sigmoid(b*x) + c") != own_key("x*sigmoid(b*x) - c")
    assert spec.key == make_spec("  x * sigmoid(b*x)   + c ").key
    assert spec.user_defined and not spec.in_torch_nn
    with pytest.raises(FormulaError):
        make_spec("b*x", {"b": (2.0, 1.0)})
    with pytest.raises(FormulaError):
        make_spec("b*x", {"b": (0.0, math.nan)})
    assert spec.validate({"b": 2.0}) is not None  # c missing
    assert spec.validate({"b": 2.0, "c": 0.0}) is None
    assert spec.call({"b": 2.0, "c": 0.0}) == "Own(b=2, c=0)"  # as Show code names it


def test_registered_own_activation_is_found_by_key():
    spec = catalogue.register(make_spec("x * tanh(a*x)"))
    assert catalogue.get(spec.key) is spec
    assert spec in catalogue.all_specs() and spec in catalogue.user_specs()
    wider = catalogue.register(make_spec("x * tanh(a*x)", {"a": (0.0, 9.0)}))
    assert catalogue.get(spec.key) is wider
    with pytest.raises(KeyError):
        catalogue.get("own:unknown")
    with pytest.raises(ValueError):
        catalogue.register(make_spec("x").__class__(**{**make_spec("x").__dict__, "key": "relu"}))


@pytest.fixture
def images() -> np.ndarray:
    rng = np.random.default_rng(7)
    i = np.arange(1024)
    every = np.stack([((i * 7 + 85 * c) % 256).reshape(32, 32) for c in range(3)])
    return np.concatenate([rng.integers(0, 256, (20, 3, 32, 32)), every[None]]).astype(np.uint8)


@pytest.mark.parametrize(
    "text",
    ["relu(x)", "where(x > a, x, 0.1*x)", "clamp(x*2 - 1, -a, a)", "sqrt(abs(x)) / (1 + x*x)"],
)
def test_exact_formulas_take_the_table_path_bit_for_bit(images, text):
    torch.set_num_threads(2)
    spec = make_spec(text)
    assert spec.lut_exact and lut_applicable(spec, PipelineConfig())
    params = {p: 0.5 for p in spec.defaults()}
    for scaling in ("to_tensor", "normalize_half", "standardize"):
        luts = channel_luts(spec, params, scaling)
        ref = direct(images, spec, params, PipelineConfig(scaling=scaling)).numpy()
        assert np.array_equal(apply_luts(images, luts), ref, equal_nan=True)


@pytest.mark.parametrize("text", ["x * sigmoid(b*x)", "exp(x)", "x**2", "tanh(x) + 1"])
def test_transcendental_formulas_take_the_direct_path(text):
    spec = make_spec(text)
    assert not spec.lut_exact and not lut_applicable(spec, PipelineConfig())


def test_module_has_no_hidden_state_to_pickle_code():
    module = FormulaModule("x * sigmoid(b*x)", b=2.0)
    assert not list(module.parameters()) and not list(module.buffers())
    assert module.values == {"b": 2.0} and module.formula == "x * sigmoid(b*x)"
    with pytest.raises(ValueError):
        FormulaModule("x * sigmoid(b*x)", c=1.0)


def test_engine_formula_parser_does_not_import_torch():
    code = (
        "import sys; import engine.formula, engine.formula_spec; "
        "assert 'torch' not in sys.modules, 'torch imported'"
    )
    import subprocess

    from tests.conftest import ROOT

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=os.environ
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "clamp(x, x, 1)",
        "clamp(1, x, 2)",
        "clamp(x, -1, x*2)",
        "minimum(1, 2)",
        "where(1 > 0, x, 1)",
        "maximum(x, x)",
        "x ** x",
        "2 ** 2 ** x",
        "sqrt(-1) + log(x)",
        "(-8) ** (1/3)",
        "where(0 < x < 1 < 2, x, 0)",
    ],
)
def test_every_valid_formula_evaluates_with_its_derivative(text):
    spec = make_spec(text)
    x = np.array([-1.0, 0.0, 0.5, 3.0])
    y, dy = evaluate(spec, spec.defaults(), x)
    assert y.shape == dy.shape == (4,)
    ys32 = FormulaModule(text)(torch.tensor(x, dtype=torch.float32))
    assert ys32.dtype == torch.float32 and ys32.shape == (4,)
