"""Knowledge texts against torch: every claim in ``resources/texts/claims.json`` is checked on the
real module built from the catalogue (float64), the structured fields agree between languages and
with the claims, every number in the prose is backed by a claim, and the teaching pages are
well-formed, parallel in both languages and link to real activations.

The claim format and the rules (exact vs ``approx``, the definition of zero-centred, which prose
numbers count) are documented in ``engine/texts.py``.
"""

from __future__ import annotations

import ast
import inspect
import json
import math
import re
from functools import lru_cache
from html.parser import HTMLParser

import numpy as np
import pytest

from engine import catalogue, texts
from engine.texts import (
    CLAIM_KINDS,
    HEADINGS,
    PAGES,
    SMOOTHNESS_TEXT,
    STRUCTURED_FIELDS,
    YES_NO,
    guide_html,
    info_html,
    load_activation_texts,
    load_claims,
    load_page,
    page_html,
    parse_href,
    why_nonlinear_html,
)
from tests.html_check import check_fragment

torch = pytest.importorskip("torch")

from engine.curves import evaluate, find_kinks  # noqa: E402
from engine.modules import module_class  # noqa: E402

LANGS = ("en", "zh_CN")
ALL_KEYS = tuple(catalogue.keys())
GRID = np.linspace(-50.0, 50.0, 200_001)  # step 5e-4
FAR = 1e8  # "at infinity" for limits and unbounded ends
RESOLVED = 15.0  # |x| up to which float64 still resolves every open bound from the curve
EXACT_TOL = 1e-9
LIMIT_TOL = 1e-6  # how close f(±1e8) must come to a limit (Softsign approaches like 1/x)


# --- helpers ------------------------------------------------------------------------------------


def _num(value) -> float:
    if value == "-inf":
        return -math.inf
    if value == "+inf":
        return math.inf
    return float(value)


def _decimals(value: float) -> int:
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        frac = mantissa.split(".")[1] if "." in mantissa else ""
        return max(0, len(frac.rstrip("0")) - int(exponent))
    frac = text.split(".")[1].rstrip("0")
    return len(frac)


def _tol(stated: float, approx: bool) -> float:
    """How far the true value may be from a stated number: rounding at the written decimals."""
    if approx:
        return 0.5 * 10.0 ** -_decimals(stated) + 1e-12
    return EXACT_TOL * max(1.0, abs(stated))


def _check(true: float, stated, approx: bool, what: str) -> None:
    stated = float(stated)
    assert abs(true - stated) <= _tol(stated, approx), f"{what}: torch gives {true!r}, not {stated}"


def _params(key: str, override: dict | None = None) -> dict:
    spec = catalogue.get(key)
    values = spec.defaults()
    for name, value in (override or {}).items():
        kind = spec.param(name).kind
        values[name] = float(value) if kind == "float" else value
    return values


@lru_cache(maxsize=256)
def _curve_cached(key: str, params_json: str, xs: bytes) -> tuple[np.ndarray, np.ndarray]:
    x = np.frombuffer(xs, dtype=np.float64).copy()
    params = json.loads(params_json)
    if "others" in params:
        params["others"] = tuple(params["others"])
    y, dy = evaluate(catalogue.get(key), params, x)
    return y.numpy(), dy.numpy()


def _curve(key: str, x, override: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """f and autograd f' of the catalogue module (float64) at the points x."""
    params = _params(key, override)
    x = np.ascontiguousarray(np.asarray(x, dtype=np.float64))
    return _curve_cached(key, json.dumps(params, sort_keys=True), x.tobytes())


def _f(key: str, v: float, override: dict | None = None) -> float:
    return float(_curve(key, [v], override)[0][0])


def _df(key: str, v: float, override: dict | None = None) -> float:
    return float(_curve(key, [v], override)[1][0])


def _claims(key: str) -> dict:
    return load_claims()[key]


def keys_with(*kinds: str) -> list[str]:
    """The catalogue keys that have at least one of these kinds of claims."""
    return [k for k in ALL_KEYS if any(kind in load_claims()[k] for kind in kinds)]


def _candidates(key: str, override: dict | None = None) -> list[float]:
    return catalogue.get(key).kink_candidates(_params(key, override))


# --- a small, safe expression evaluator (numbers, x, pi, + - * / **, comparisons, functions) ----

_FUNCS = {
    "exp": torch.exp,
    "log": torch.log,
    "sqrt": torch.sqrt,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "erf": torch.special.erf,
    "abs": torch.abs,
    "max": torch.maximum,
    "min": torch.minimum,
    "clamp": lambda x, lo, hi: torch.clamp(x, min=float(lo), max=float(hi)),
    "where": torch.where,
}
_BINOPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}
_CMPOPS = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}


def _eval(expr: str | ast.AST, names: dict | None = None):
    names = {"pi": torch.tensor(math.pi, dtype=torch.float64), **(names or {})}

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return torch.tensor(float(node.value), dtype=torch.float64)
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return _BINOPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = ev(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _CMPOPS:
            return _CMPOPS[type(node.ops[0])](ev(node.left), ev(node.comparators[0]))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            func = names.get(node.func.id) or _FUNCS.get(node.func.id)
            if func is not None:
                return func(*(ev(arg) for arg in node.args))
        raise ValueError(f"unsupported expression: {ast.dump(node)}")

    tree = ast.parse(expr, mode="eval") if isinstance(expr, str) else expr
    return ev(tree)


def test_expression_evaluator():
    x = torch.tensor([-1.0, 0.0, 2.0], dtype=torch.float64)
    out = _eval("where(x > 0, x ** 2, -x) + min(x, 1) - abs(-1)", {"x": x})
    assert out.tolist() == [-1.0, -1.0, 4.0]
    assert float(_eval("(1 / 8 + 1 / 3) / 2")) == pytest.approx(11 / 48)
    with pytest.raises(ValueError):
        _eval("__import__('os')")
    with pytest.raises(ValueError):
        _eval("x.real", {"x": x})


# --- coverage and agreement ---------------------------------------------------------------------


def test_claims_cover_the_catalogue_and_are_well_formed():
    claims = load_claims()
    assert list(claims) == list(ALL_KEYS)
    for key, entry in claims.items():
        assert set(entry) <= set(CLAIM_KINDS), key


def test_structured_fields_agree_between_languages_and_with_claims():
    en, zh = load_activation_texts("en"), load_activation_texts("zh_CN")
    for key in ALL_KEYS:
        for field in STRUCTURED_FIELDS:
            assert en[key][field] == zh[key][field], (key, field)
        claims = _claims(key)
        assert en[key]["zero_centred"] == claims["zero_centred"], key
        assert en[key]["monotonic"] == (claims["monotonic"] != "no"), key
        if en[key]["smooth"] != "smooth":
            # the kinks the prose talks about are claimed at the default parameters
            assert any("params" not in group for group in claims.get("kinks", [])), key


def test_lesson_facts_are_claimed():
    """The facts the lesson is built on must stay in the claims (and so stay checked)."""
    sig = _claims("sigmoid")
    assert {"from": [0, 1], "to": [0.5, 0.731], "approx": True} in sig["images"]
    assert {"x": 0, "f": 0.5} in sig["values"]
    assert {"x": 0, "df": 0.25} in sig["derivatives"]
    assert {"from": [0, 1], "to": [0, 1]} in _claims("relu")["images"]
    assert _claims("relu6")["range"]["hi"] == 6
    assert _claims("selu")["moments"] == {"mean": 0, "var": 1, "tol": 0.001}


# --- range, monotonicity, zero-centred, smoothness ------------------------------------------------


def _extra_points(key: str) -> list[float]:
    claims = _claims(key)
    points = [float(p["x"]) for p in claims.get("extrema", []) if "params" not in p]
    return points + [float(c) for c in _candidates(key)]


@pytest.mark.parametrize("key", ALL_KEYS)
def test_range(key):
    rng = _claims(key)["range"]
    approx = rng.get("approx", False)
    x = np.concatenate([GRID, _extra_points(key)])
    y, _ = _curve(key, x)
    y_far = _curve(key, [-FAR, FAR])[0]
    resolved = np.abs(x) <= RESOLVED
    inner = np.abs(x) <= 10.0
    for end, sign in (("lo", 1.0), ("hi", -1.0)):
        bound, closed = _num(rng[end]), rng[f"{end}_closed"]
        # sign flips the "hi" end into a "lo" end: every check below is for a lower bound
        ys, far = sign * y, sign * y_far
        if math.isinf(bound):
            assert not closed, (key, end)
            assert far.min() <= -1e5, f"{key}: {end} claimed unbounded, f(±1e8) = {y_far}"
            continue
        b = sign * bound
        tol = _tol(bound, approx)
        assert ys.min() >= b - tol, f"{key}: values beyond {end} = {bound}"
        if closed:  # attained at a finite point
            assert abs(ys[inner].min() - b) <= tol, f"{key}: {end} = {bound} is not attained"
        else:  # approached at infinity, never attained
            reach = max(tol, LIMIT_TOL)
            assert abs(far.min() - b) <= reach, f"{key}: {end} = {bound} is not approached"
            if approx:
                assert (ys[resolved] > far.min()).all(), f"{key}: {end} attained"
            else:
                assert (ys[resolved] > b).all(), f"{key}: open {end} = {bound} is attained"


@pytest.mark.parametrize("key", ALL_KEYS)
def test_monotonicity(key):
    claim = _claims(key)["monotonic"]
    y, _ = _curve(key, GRID)
    d = np.diff(y)
    d_inner = d[(np.abs(GRID[:-1]) <= 10.0) & (np.abs(GRID[1:]) <= 10.0)]
    noise = 1e-12
    if claim == "increasing":
        assert (d >= -noise).all() and (d_inner > 0).all(), key
    elif claim == "non-decreasing":
        assert (d >= -noise).all(), key
        assert (np.abs(d_inner) < 1e-15).any(), f"{key} is strictly increasing, not just ≥"
    elif claim == "decreasing":
        assert (d <= noise).all() and (d_inner < 0).all(), key
    else:
        assert d.max() > 1e-9 and d.min() < -1e-9, f"{key} is monotonic after all"


@pytest.mark.parametrize("key", ALL_KEYS)
def test_zero_centred(key):
    """Zero-centred: f(0) = 0 and f(−x) = −f(x) (see engine/texts.py)."""
    claim = _claims(key)["zero_centred"]
    x = np.linspace(0.0, 50.0, 100_001)
    x = np.concatenate([x, [abs(c) for c in _candidates(key)]])
    y_pos, _ = _curve(key, x)
    y_neg, _ = _curve(key, -x)
    f0 = _f(key, 0.0)
    odd = abs(f0) < 1e-15 and np.allclose(y_neg, -y_pos, rtol=1e-12, atol=1e-12)
    assert odd == claim, f"{key}: f(0) = {f0}, odd: {odd}, claimed {claim}"


@pytest.mark.parametrize("key", ALL_KEYS)
def test_smoothness_matches_find_kinks(key):
    smooth = load_activation_texts("en")[key]["smooth"]
    spec = catalogue.get(key)
    kinks = find_kinks(spec, _params(key))
    if smooth == "smooth":
        assert kinks == [], f"{key} has kinks {kinks}"
    elif smooth == "kink":
        assert kinks and not any(k.jump for k in kinks), f"{key}: {kinks}"
    else:
        assert any(k.jump for k in kinks), f"{key}: {kinks}"
    # On a fine grid: f continuous unless "jump", f' continuous if "smooth".
    x = np.linspace(-10.0, 10.0, 20_001)
    y, dy = _curve(key, x)
    if smooth != "jump":
        assert np.abs(np.diff(y)).max() < 0.01, key
    if smooth == "smooth":
        assert np.abs(np.diff(dy)).max() < 0.01, key


# --- formulas, values, limits, extrema, images, gaps, saturation --------------------------------


def _formula_claims(key: str, kind: str) -> list[dict]:
    return _claims(key)[kind]


@pytest.mark.parametrize("key", keys_with("formulas"))
def test_formulas(key):
    for claim in _formula_claims(key, "formulas"):
        lo, hi = claim.get("domain", [-20, 20])
        x = np.linspace(lo, hi, 4001)
        y, _ = _curve(key, x, claim.get("params"))
        expected = _eval(claim["expr"], {"x": torch.from_numpy(x)}).numpy()
        expected = np.broadcast_to(expected, x.shape)
        atol = claim.get("atol", 1e-12)
        err = np.abs(y - expected).max()
        assert np.allclose(y, expected, rtol=1e-10, atol=atol), (key, claim, err)


@pytest.mark.parametrize("key", keys_with("derivative_formulas"))
def test_derivative_formulas(key):
    for claim in _formula_claims(key, "derivative_formulas"):
        lo, hi = claim.get("domain", [-20, 20])
        x = np.linspace(lo, hi, 4001)
        # at a kink PyTorch picks one side; the kinks claims check those points
        keep = np.ones_like(x, dtype=bool)
        for c in _candidates(key, claim.get("params")):
            keep &= np.abs(x - c) > 1e-9
        x = x[keep]
        _, dy = _curve(key, x, claim.get("params"))
        expected = _eval(claim["expr"], {"x": torch.from_numpy(x)}).numpy()
        expected = np.broadcast_to(expected, x.shape)
        # rtol 1e-7: some float64 backward kernels use float32 constants (Hardsigmoid's 1/6)
        assert np.allclose(dy, expected, rtol=1e-7, atol=1e-12), (key, claim)


@pytest.mark.parametrize("key", ALL_KEYS)
def test_values_derivatives_and_limits(key):
    claims = _claims(key)
    for c in claims.get("values", []):
        _check(_f(key, c["x"], c.get("params")), c["f"], c.get("approx", False), f"{key} f")
    for c in claims.get("derivatives", []):
        got = _df(key, c["x"], c.get("params"))
        _check(got, c["df"], c.get("approx", False), f"{key} f' at {c['x']}")
    for c in claims.get("limits", []):
        x = FAR if _num(c["x"]) > 0 else -FAR
        got, stated = _f(key, x), float(c["f"])
        tol = max(_tol(stated, c.get("approx", False)), LIMIT_TOL)
        assert abs(got - stated) <= tol, f"{key}: f({x:g}) = {got}, limit {stated} claimed"


def _refine(
    key: str, x0: float, override: dict | None, pick: int, kind: str
) -> tuple[float, float]:
    """Argmin/argmax of f (pick=0) or f' (pick=1) on a fine local grid around x0."""
    x = np.linspace(x0 - 1e-3, x0 + 1e-3, 20_001)
    values = _curve(key, x, override)[pick]
    i = int(values.argmin() if kind == "min" else values.argmax())
    return float(x[i]), float(values[i])


@pytest.mark.parametrize("key", keys_with("extrema", "df_extrema"))
def test_extrema(key):
    claims = _claims(key)
    for pick, kind_name, value_name in ((0, "extrema", "f"), (1, "df_extrema", "df")):
        for c in claims.get(kind_name, []):
            override = c.get("params")
            values = _curve(key, GRID, override)[pick]
            i = int(values.argmin() if c["kind"] == "min" else values.argmax())
            x, v = _refine(key, float(GRID[i]), override, pick, c["kind"])
            approx = c.get("approx", False)
            _check(v, c[value_name], approx, f"{key} {c['kind']} of {value_name}")
            _check(x, c["x"], approx, f"{key} position of the {c['kind']}")


@pytest.mark.parametrize("key", keys_with("images"))
def test_interval_images(key):
    claims = _claims(key)
    for c in claims["images"]:
        a, b = c["from"]
        x = np.linspace(a, b, 100_001)
        y, _ = _curve(key, x)
        approx = c.get("approx", False)
        _check(float(y.min()), c["to"][0], approx, f"{key} image of [{a}, {b}], lower end")
        _check(float(y.max()), c["to"][1], approx, f"{key} image of [{a}, {b}], upper end")


def test_sigmoid_image_of_pixels():
    """The lesson's CIFAR-10 observation, on the 256 pixel values of ToTensor()."""
    x = np.arange(256) / 255.0
    y, _ = _curve("sigmoid", x)
    assert round(float(y.min()), 3) == 0.5 and round(float(y.max()), 3) == 0.731
    y, _ = _curve("relu", x)
    assert np.array_equal(y, x)


@pytest.mark.parametrize("key", keys_with("gaps", "saturation"))
def test_gaps_and_saturation(key):
    claims = _claims(key)
    x = np.concatenate(
        [GRID, _candidates(key), [c + s for c in _candidates(key) for s in (-1e-9, 1e-9)]]
    )
    y, dy = _curve(key, x)
    for g in claims.get("gaps", []):
        lo, hi = float(g["lo"]), float(g["hi"])
        above = y >= lo if g["lo_closed"] else y > lo
        below = y <= hi if g["hi_closed"] else y < hi
        assert not (above & below).any(), f"{key}: values inside the gap {g}"
    for s in claims.get("saturation", []):
        lo, hi = max(_num(s["from"]), -50.0), min(_num(s["to"]), 50.0)
        inside = (x >= lo) & (x <= hi)
        assert inside.any()
        worst = float(np.abs(dy[inside]).max())
        assert worst <= float(s["df_max"]) + 1e-12, f"{key}: |f'| = {worst} on [{lo}, {hi}]"


@pytest.mark.parametrize("key", keys_with("kinks"))
def test_kinks(key):
    claims = _claims(key)
    spec = catalogue.get(key)
    for group in claims["kinks"]:
        found = find_kinks(spec, _params(key, group.get("params")))
        points = group["points"]
        assert [k.x for k in found] == pytest.approx([p["x"] for p in points]), (key, group)
        approx = group.get("approx", False)
        for kink, point in zip(found, points, strict=True):
            for field, attr in (
                ("df_left", "left"),
                ("df_right", "right"),
                ("df_torch", "torch_value"),
                ("f_left", "f_left"),
                ("f_right", "f_right"),
            ):
                if field in point:
                    stated = float(point[field])
                    tol = max(_tol(stated, approx), 1e-6)  # one-sided limits are extrapolated
                    got = getattr(kink, attr)
                    assert abs(got - stated) <= tol, (key, kink.x, field, got, stated)


@pytest.mark.parametrize("key", keys_with("defaults"))
def test_defaults(key):
    claims = _claims(key)
    spec = catalogue.get(key)
    signature = inspect.signature(module_class(spec).__init__).parameters
    for c in claims.get("defaults", []):
        approx = c.get("approx", False)
        _check(float(spec.param(c["param"]).default), c["value"], approx, f"{key} catalogue")
        torch_default = signature[c["param"]].default
        if torch_default is not inspect.Parameter.empty:  # nn.Threshold has no defaults
            _check(float(torch_default), c["value"], approx, f"{key} torch default")


@pytest.mark.parametrize("key", keys_with("facts", "moments"))
def test_facts_and_moments(key):
    claims = _claims(key)
    for c in claims.get("facts", []):
        other, override = c.get("key", key), c.get("params")

        def f(v, other=other, override=override):
            return torch.tensor(_f(other, float(v), override), dtype=torch.float64)

        def df(v, other=other, override=override):
            return torch.tensor(_df(other, float(v), override), dtype=torch.float64)

        got = float(_eval(c["expr"], {"f": f, "df": df}))
        _check(got, c["value"], c.get("approx", False), f"{key}: {c['expr']}")
    if "moments" in claims:
        m = claims["moments"]
        x = np.linspace(-12.0, 12.0, 240_001)
        y, _ = _curve(key, x)
        pdf = np.exp(-(x**2) / 2) / math.sqrt(2 * math.pi)
        mean = np.trapezoid(y * pdf, x)
        var = np.trapezoid((y - mean) ** 2 * pdf, x)
        assert abs(mean - m["mean"]) <= m["tol"] and abs(var - m["var"]) <= m["tol"], (mean, var)


# --- every number in the prose is backed by a claim ----------------------------------------------

STRUCTURAL_NUMBERS = {0.0, 1.0, 2.0}  # 1 − σ(x), x/2, ln 2, "sum to 1", [0, 1] …
# Proper names with digits that are not numeric statements.
NAMES_WITH_DIGITS = ("CIFAR-10",)
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])\d+(?:\.\d+)?")


class _ProseText(HTMLParser):
    """Text outside <code>, <sup> and <sub> (code, exponents and indices are not statements)."""

    SKIP = frozenset({"code", "sup", "sub"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0:
            self.chunks.append(data)


def prose_numbers(fragment: str) -> set[float]:
    parser = _ProseText()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.chunks)
    for name in NAMES_WITH_DIGITS:
        text = text.replace(name, " ")
    return {float(m) for m in _NUMBER.findall(text)}


def claim_numbers(obj) -> set[float]:
    """Absolute values of every number in a claims object, including those inside expressions."""
    found: set[float] = set()
    if isinstance(obj, bool):
        return found
    if isinstance(obj, (int, float)):
        found.add(abs(float(obj)))
    elif isinstance(obj, str):
        found |= {float(m) for m in _NUMBER.findall(obj)}
    elif isinstance(obj, dict):
        for value in obj.values():
            found |= claim_numbers(value)
    elif isinstance(obj, list):
        for value in obj:
            found |= claim_numbers(value)
    return found


def test_prose_number_extraction():
    assert prose_numbers("σ(1) ≈ 0.7311, [0.5, 0.731]") == {1.0, 0.7311, 0.5, 0.731}
    assert prose_numbers("ReLU6(<i>x</i> + 3) / 6, MobileNetV3, L1") == {3.0, 6.0}
    assert prose_numbers("e<sup>&minus;<i>x</i></sup>, <code>dim=1</code>, CIFAR-10") == set()
    assert prose_numbers("大于 5 左右，&minus;1.7581") == {5.0, 1.7581}
    assert claim_numbers({"expr": "x * (1 / 8)", "v": -0.25, "b": True}) == {1.0, 8.0, 0.25}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_prose_number_is_claimed(key, lang):
    entry = load_activation_texts(lang)[key]
    backed = claim_numbers(_claims(key)) | STRUCTURAL_NUMBERS
    missing = {}
    for field in texts.FIELDS:
        if field == "pytorch" or field in STRUCTURED_FIELDS:
            continue  # the call is checked against the catalogue below
        value = entry[field]
        for fragment in value if isinstance(value, list) else [value]:
            for number in prose_numbers(fragment) - backed:
                missing.setdefault(number, field)
    assert not missing, f"{lang}/{key}: numbers without a claim: {missing}"


# --- the PyTorch call ----------------------------------------------------------------------------


def _literal(node: ast.AST):
    try:
        return ast.literal_eval(node)
    except ValueError:
        return float(_eval(node))  # 1/8, 1/3


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ALL_KEYS)
def test_pytorch_call_builds_the_drawn_module(key, lang):
    spec = catalogue.get(key)
    call = ast.parse(load_activation_texts(lang)[key]["pytorch"], mode="eval").body
    assert isinstance(call, ast.Call) and not call.args
    cls = module_class(spec)
    if spec.in_torch_nn:
        assert isinstance(call.func, ast.Attribute) and call.func.value.id == "nn"
        assert call.func.attr == cls.__name__
    else:
        assert isinstance(call.func, ast.Name) and call.func.id == cls.__name__
    kwargs = {kw.arg: _literal(kw.value) for kw in call.keywords}
    cls(**kwargs)  # a real, valid call
    shown = {p.name for p in spec.params if p.name != "others"}
    assert shown <= set(kwargs), f"{key}: parameters missing from the call"
    for name in shown:
        default = spec.param(name).default
        if isinstance(default, str):
            assert kwargs[name] == default, (key, name)
        else:
            assert kwargs[name] == pytest.approx(default, rel=1e-12), (key, name)
    if spec.family == "vector":
        assert "dim" in kwargs


# --- info_html: the glance line -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ALL_KEYS)
def test_info_html_glance_line(key, lang):
    entry = load_activation_texts(lang)[key]
    page = info_html(key, lang)
    heads, yes_no = HEADINGS[lang], YES_NO[lang]
    colon = "：" if lang == "zh_CN" else ": "
    assert f"<b>{heads['glance']}</b>" in page
    assert f"{heads['zero_centred']}{colon}{yes_no[entry['zero_centred']]}" in page
    assert f"{heads['monotonic']}{colon}{yes_no[entry['monotonic']]}" in page
    assert SMOOTHNESS_TEXT[lang][entry["smooth"]] in page
    assert entry["saturation"] in page
    other = "zh_CN" if lang == "en" else "en"
    assert HEADINGS[other]["glance"] not in page


# --- teaching pages -------------------------------------------------------------------------------

PAGE_TAGS = {"i", "b", "sup", "sub", "code", "br"}
RENDERED_TAGS = PAGE_TAGS | {"h2", "h3", "p", "ul", "li", "a", "table", "tr", "th", "td"}


def _parse(fragment: str, allowed: set[str]):
    return check_fragment(fragment, allowed)


def _page_fragments(page: dict) -> list[str]:
    out = [page["title"], *page["intro"]]
    for section in page["sections"]:
        out += [section["heading"], *section["paragraphs"]]
        out += [item["text"] for item in section["items"]]
        out += [link["text"] for link in section.get("links", [])]
        if "table" in section:
            out += section["table"]["header"] + [c for row in section["table"]["rows"] for c in row]
    return out


def _structure(page: dict) -> list:
    return [
        (
            s["id"],
            len(s["paragraphs"]),
            [item["keys"] for item in s["items"]],
            [link["href"] for link in s.get("links", [])],
            s.get("table", {}).get("rows"),
            len(s.get("table", {}).get("header", [])),
        )
        for s in page["sections"]
    ]


@pytest.mark.parametrize("name", PAGES)
def test_pages_have_the_same_structure_in_both_languages(name):
    en, zh = load_page(name, "en"), load_page(name, "zh_CN")
    assert en["language"] == "en" and zh["language"] == "zh_CN"
    assert _structure(en) == _structure(zh)
    assert len(en["intro"]) == len(zh["intro"])
    for fragment in _page_fragments(zh)[:3]:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in fragment), fragment


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_page_fragments_are_clean(name, lang):
    page = load_page(name, lang)
    for fragment in _page_fragments(page):
        assert _parse(fragment, PAGE_TAGS).problems == [], fragment
        for marker in ("\\frac", "$", "\\(", "\\[", "^{", "_{"):
            assert marker not in fragment, (marker, fragment)
        assert prose_numbers(fragment) <= STRUCTURAL_NUMBERS, fragment


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_rendered_pages_link_to_catalogue_activations(name, lang):
    rendered = page_html(name, lang)
    parsed = _parse(rendered, RENDERED_TAGS)
    assert parsed.problems == []
    page = load_page(name, lang)
    keys = [k for s in page["sections"] for item in s["items"] for k in item["keys"]]
    assert keys, name
    for key in keys:
        assert key in ALL_KEYS
        assert f'<a href="activation:{key}">{catalogue.get(key).name}</a>' in rendered
    for href in parsed.hrefs:
        scheme, target = parse_href(href)
        assert scheme in ("activation", "panel")
        if scheme == "activation":
            assert target in ALL_KEYS
    assert f"<h2>{page['title']}</h2>" in rendered
    for section in page["sections"]:
        assert f"<h3>{section['heading']}</h3>" in rendered
    other = "zh_CN" if lang == "en" else "en"
    if any(s["items"] for s in page["sections"]):
        assert HEADINGS[lang]["activations"] in rendered
        assert (
            f"{HEADINGS[other]['activations']}{'：' if other == 'zh_CN' else ': '}" not in rendered
        )


def _section_keys(page: dict, sid: str) -> set[str]:
    section = next(s for s in page["sections"] if s["id"] == sid)
    return {k for item in section["items"] for k in item["keys"]}


def test_guide_recommends_the_lesson_choices():
    page = load_page("guide", "en")
    assert [s["id"] for s in page["sections"]] == ["hidden", "output", "recurrent"]
    assert {"relu", "leaky_relu", "swish", "gelu"} <= _section_keys(page, "hidden")
    assert {"sigmoid", "softmax", "relu"} <= _section_keys(page, "output")
    assert {"tanh", "sigmoid"} <= _section_keys(page, "recurrent")
    assert guide_html("en") == page_html("guide", "en")
    assert "Hidden layers" in guide_html("en") and "隐藏层" in guide_html("zh_CN")
    assert "输出层" in guide_html("zh_CN") and "循环神经网络" in guide_html("zh_CN")
    assert "梯度消失" in guide_html("zh_CN") and "爆炸" in guide_html("zh_CN")


def test_why_nonlinear_page_links_to_the_xor_lab():
    for lang in LANGS:
        rendered = why_nonlinear_html(lang)
        assert '<a href="panel:labs-xor">' in rendered
        page = load_page("why_nonlinear", lang)
        xor = next(s for s in page["sections"] if s["id"] == "xor")
        rows = [[int(c) for c in row] for row in xor["table"]["rows"]]
        assert rows == [[a, b, a ^ b] for a in (0, 1) for b in (0, 1)]
    assert "W</i><sub>2</sub><i>W</i><sub>1</sub>" in why_nonlinear_html("en")


def test_why_nonlinear_arguments_hold_in_torch():
    """The page's two computations: stacked linear layers collapse; two ReLU units solve XOR."""
    torch.manual_seed(0)
    l1, l2 = torch.nn.Linear(2, 5).double(), torch.nn.Linear(5, 3).double()
    x = torch.randn(20, 2, dtype=torch.float64)
    merged_w = l2.weight @ l1.weight
    merged_b = l2.weight @ l1.bias + l2.bias
    assert torch.allclose(l2(l1(x)), x @ merged_w.T + merged_b)
    points = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float64)
    relu = torch.nn.ReLU()
    h1 = relu(points[:, 0] + points[:, 1])
    h2 = relu(points[:, 0] + points[:, 1] - 1)
    assert (h1 - 2 * h2).tolist() == [0.0, 1.0, 1.0, 0.0]
    # without the ReLU the same weights are linear: y = −(x1 + x2) + 2, wrong on (0, 0)
    assert ((points[:, 0] + points[:, 1]) - 2 * (points[:, 0] + points[:, 1] - 1)).tolist()[0] == 2


# --- loaders reject malformed files --------------------------------------------------------------


@pytest.fixture
def fake_resources(tmp_path, monkeypatch):
    monkeypatch.setattr(texts, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    for loader in (texts.load_page, texts.load_claims, texts.load_activation_texts):
        loader.cache_clear()
    yield tmp_path
    for loader in (texts.load_page, texts.load_claims, texts.load_activation_texts):
        loader.cache_clear()


def _write(root, rel: str, payload) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload), encoding="utf-8")


# Copies of good data, taken before a test points the loaders at a temporary folder.
GOOD_RELU = json.loads(json.dumps(load_activation_texts("en")["relu"]))
GOOD_GUIDE = json.loads(json.dumps(load_page("guide", "en")))
GOOD_RELU_CLAIMS = json.loads(json.dumps(load_claims()["relu"]))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("smooth", None, "misses field.*smooth"),
        ("saturation", None, "misses field.*saturation"),
        ("smooth", "wiggly", "'relu', field 'smooth' must be one of"),
        ("zero_centred", "no", "'relu', field 'zero_centred' must be true or false"),
        ("pros", "fast", "'relu', field 'pros' must be a list"),
    ],
)
def test_bad_activation_entry(fake_resources, field, value, message):
    entry = json.loads(json.dumps(GOOD_RELU))
    if value is None:
        del entry[field]
    else:
        entry[field] = value
    payload = {"format": 1, "language": "en", "activations": {"relu": entry}}
    _write(fake_resources, "texts/en/activations.json", payload)
    with pytest.raises(ValueError, match=message):
        load_activation_texts("en")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda p: p.update(format=9), "format version"),
        (lambda p: p.pop("title"), "misses field 'title'"),
        (lambda p: p["sections"][0].pop("items"), "section 'hidden' misses field 'items'"),
        (lambda p: p["sections"][1]["items"][0].pop("keys"), "item 0 misses field 'keys'"),
        (lambda p: p["sections"][0]["items"][0]["keys"].append("nope"), "not a catalogue key"),
        (
            lambda p: p["sections"][2].update(links=[{"href": "http://x", "text": "x"}]),
            "neither activation",
        ),
        (
            lambda p: p["sections"][2].update(links=[{"href": "activation:nope", "text": "x"}]),
            "names no catalogue activation",
        ),
        (lambda p: p["sections"][0].update(table={"header": ["a"], "rows": [["1", "2"]]}), "rows"),
    ],
)
def test_bad_page(fake_resources, mutate, message):
    page = json.loads(json.dumps(GOOD_GUIDE))
    mutate(page)
    _write(fake_resources, "texts/en/guide.json", page)
    with pytest.raises(ValueError, match=message):
        load_page("guide", "en")


def test_unknown_page_name():
    with pytest.raises(KeyError):
        load_page("no_such_page", "en")


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"relu": {"monotonic": "no", "zero_centred": False}}, "'relu' misses claim 'range'"),
        (
            {"relu": {**GOOD_RELU_CLAIMS, "colour": "red"}},
            "unknown claim",
        ),
        ({"relu": {**GOOD_RELU_CLAIMS, "monotonic": "sideways"}}, "'monotonic' is invalid"),
        ({"relu": {**GOOD_RELU_CLAIMS, "values": {"x": 0}}}, "list of objects"),
    ],
)
def test_bad_claims(fake_resources, claims, message):
    good = json.loads(json.dumps(claims))
    _write(fake_resources, "texts/claims.json", {"format": 1, "activations": good})
    with pytest.raises(ValueError, match=message):
        load_claims()


def test_parse_href():
    assert parse_href("activation:relu") == ("activation", "relu")
    assert parse_href("panel:labs-xor") == ("panel", "labs-xor")
    assert parse_href("activation:") is None
    assert parse_href("https://example.org") is None
    assert texts.activation_link("swish") == '<a href="activation:swish">Swish (β)</a>'
