"""Knowledge texts against torch: every claim in ``resources/texts/claims.json`` is checked on the
real module built from the catalogue (float64), the structured fields agree between languages and
with the claims, every number in the prose is backed by a claim, and the teaching pages are
well-formed, parallel in both languages and link to real activations.

The claim format is documented in ``tests/claims.py``; the placeholders through which the texts
quote numbers, in ``engine/text_values.py`` and ``engine/texts.py``.
"""

from __future__ import annotations

import ast
import html
import inspect
import json
import math
import re
from functools import lru_cache
from html.parser import HTMLParser

import numpy as np
import pytest

from engine import catalogue, text_render, text_values, texts
from engine.text_render import (
    HEADINGS,
    SMOOTHNESS_TEXT,
    YES_NO,
    guide_html,
    info_html,
    page_html,
    why_nonlinear_html,
)
from engine.texts import (
    PAGES,
    STRUCTURED_FIELDS,
    load_activation_texts,
    load_page,
    parse_href,
)
from tests.claims import CLAIM_KINDS, load_claims
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
        assert en[key]["odd"] == claims["odd"], key
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
def test_odd(key):
    """Odd: f(0) = 0 and f(−x) = −f(x) (see engine/texts.py)."""
    claim = _claims(key)["odd"]
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
        constants = {
            n: torch.tensor(float(v), dtype=torch.float64)
            for n, v in claim.get("constants", {}).items()
        }
        expected = _eval(claim["expr"], {"x": torch.from_numpy(x), **constants}).numpy()
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


# --- numbers in the texts: placeholders computed by torch, bound to one claim each --------------

STRUCTURAL_NUMBERS = {0.0, 1.0, 2.0}  # 1 − σ(x), x/2, ln 2, "sum to 1", [0, 1] …
# Proper names with digits that are not numeric statements.
NAMES_WITH_DIGITS = ("CIFAR-10", "float32", "float64", "GPT-2")
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])\d+(?:\.\d+)?")
_PLACEHOLDER = re.compile(text_values.PLACEHOLDER_RE)
FORMULA_FIELDS = ("formula", "derivative")  # constants of a formula, bound to formula claims


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
    """The typed numbers of a fragment: placeholders are not typed, they are computed."""
    parser = _ProseText()
    parser.feed(_PLACEHOLDER.sub(" ", fragment))
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
    assert prose_numbers("σ′(0) = {{df0}} and {{sigmoid:f1}} in float32") == {0.0}
    assert claim_numbers({"expr": "x * (1 / 8)", "v": -0.25, "b": True}) == {1.0, 8.0, 0.25}


def _fragments(entry: dict, fields) -> list[tuple[str, int | None, str]]:
    out = []
    for field in fields:
        value = entry[field]
        if isinstance(value, list):
            out += [(field, i, v) for i, v in enumerate(value)]
        else:
            out.append((field, None, value))
    return out


PROSE_FIELDS = tuple(
    f for f in texts.FIELDS if f not in STRUCTURED_FIELDS and f not in ("pytorch", *FORMULA_FIELDS)
)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ALL_KEYS)
def test_prose_types_no_number(key, lang):
    """Outside formulas a text types no number but 0, 1, 2: every other one is a placeholder."""
    entry = load_activation_texts(lang)[key]
    typed = {
        (field, i): sorted(prose_numbers(text) - STRUCTURAL_NUMBERS)
        for field, i, text in _fragments(entry, PROSE_FIELDS)
        if prose_numbers(text) - STRUCTURAL_NUMBERS
    }
    assert not typed, f"{lang}/{key}: typed numbers {typed}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ALL_KEYS)
def test_formula_constants_are_in_formula_claims(key, lang):
    """A constant typed into a formula (the 6 of x/6) occurs in a checked formula claim."""
    claims = _claims(key)
    backed = STRUCTURAL_NUMBERS | claim_numbers(
        [claims.get(k, []) for k in ("formulas", "derivative_formulas", "kinks", "defaults")]
    )
    entry = load_activation_texts(lang)[key]
    missing = {
        field: prose_numbers(text) - backed for field, _, text in _fragments(entry, FORMULA_FIELDS)
    }
    assert not any(missing.values()), f"{lang}/{key}: {missing}"


def _page_texts(name: str, lang: str) -> list[str]:
    page = load_page(name, lang)
    out = [page["title"], *page["intro"]]
    for section in page["sections"]:
        out += [section["heading"], *section["paragraphs"]]
        out += [item["text"] for item in section["items"]]
        out += [link["text"] for link in section.get("links", [])]
    return out


def _all_placeholders() -> dict[str, list[tuple[str, str]]]:
    """Every placeholder of every text: {"en/relu/pros/1": [(scope, name), ...], ...}."""
    found: dict[str, list[tuple[str, str]]] = {}
    for lang in LANGS:
        for key, entry in load_activation_texts(lang).items():
            fields = [f for f in texts.FIELDS if f not in STRUCTURED_FIELDS]
            for field, i, text in _fragments(entry, fields):
                found[f"{lang}/{key}/{field}/{i}"] = text_render.placeholders(text, key)
        for name in PAGES:
            for i, text in enumerate(_page_texts(name, lang)):
                found[f"{lang}/{name}/{i}"] = text_render.placeholders(text, name)
    return found


@lru_cache(maxsize=1)
def _scopes():
    return text_values.build_scopes()


def test_every_placeholder_names_a_computed_number():
    scopes = _scopes()
    for where, names in _all_placeholders().items():
        for scope, name in names:
            assert scope in scopes, f"{where}: no scope {scope!r}"
            assert name in scopes[scope].names(), f"{where}: {scope} has no number {name!r}"


def test_both_languages_quote_the_same_numbers():
    """Each fragment has the same placeholders in en and zh_CN: no language states a number the
    other does not."""
    found = _all_placeholders()
    for where, names in found.items():
        if where.startswith("en/"):
            other = found["zh_CN/" + where[3:]]
            assert sorted(names) == sorted(other), where


def test_every_named_number_is_quoted_or_used():
    scopes = _scopes()
    quoted = {pair for names in _all_placeholders().values() for pair in names}
    names_in_exprs = set()
    for scope in scopes.values():
        for entry in scope.say.values():
            for field in ("expr", "check"):
                names_in_exprs |= set(re.findall(r"[a-z_][a-z0-9_]*", entry.get(field, "")))
    for scope_name, scope in scopes.items():
        for name in scope.say:
            used = (scope_name, name) in quoted or name in names_in_exprs
            assert used, f"{scope_name}: {name} is never quoted"


def test_named_numbers_are_computed_and_their_checks_hold():
    scopes = _scopes()
    for scope_name, scope in scopes.items():
        for name, entry in scope.say.items():
            value = scope.value(name)
            assert isinstance(value, float), (scope_name, name)
            if "ref" in entry:
                # a literal is one checked claim's own number, found at its place
                assert text_values.resolve_ref(_claims_or_page(scope_name), entry["ref"]) == value
            assert scope.check(name), f"{scope_name}: check of {name} fails"
            text_values.format_value(value, entry.get("fmt", "g"))


def _claims_or_page(scope_name: str) -> dict:
    return load_claims().get(scope_name) or text_values.read_claims()["pages"][scope_name]


def test_refs_point_at_checked_claims():
    """A literal number is taken from a claim kind that the tests above check against torch."""
    checked = set(CLAIM_KINDS) - {"say"}
    for scope_name, scope in _scopes().items():
        for name, entry in scope.say.items():
            if "ref" in entry:
                assert entry["ref"].split(".")[0] in checked, (scope_name, name)


def test_rendered_numbers_are_the_computed_ones():
    """A number in a rendered note is formatted from torch's value at its place, in both languages:
    σ′(0) in the derivative line is df(0), not σ(0)."""
    values = text_values.compute_values()
    sigmoid = catalogue.get("sigmoid")
    df0 = float(_df("sigmoid", 0.0))
    assert values["sigmoid"]["df0"] == text_values.format_value(df0, "g") == "0.25"
    assert values["sigmoid"]["f0"] == "0.5"
    for lang in LANGS:
        page = info_html(sigmoid.key, lang, values=values)
        assert "σ′(0) = 0.25" in page
        assert "[0.5, 0.731]" in page and "0.7311" in page
        assert "{{" not in page and text_render.PENDING not in page
    # a changed value changes the text: nothing is typed
    fake = {scope: dict(v) for scope, v in values.items()}
    fake["sigmoid"]["df0"] = "9.99"
    assert "σ′(0) = 9.99" in info_html("sigmoid", "en", values=fake)


def test_rendered_texts_before_torch_show_pending_not_numbers(monkeypatch):
    """Until the worker has computed the numbers, a placeholder shows "…", never a stale value."""
    monkeypatch.setattr(text_values, "_texts", None)
    assert text_render.fill("σ′(0) = {{df0}}", "sigmoid") == "σ′(0) = " + text_render.PENDING
    page = info_html("sigmoid", "en")
    assert text_render.PENDING in page and "0.7311" not in page and "{{" not in page
    with pytest.raises(KeyError):
        text_render.fill("{{nope}}", "sigmoid", values={"sigmoid": {}})


@pytest.mark.parametrize("lang", LANGS)
def test_all_rendered_texts_are_complete(lang):
    values = text_values.compute_values()
    for key in ALL_KEYS:
        page = info_html(key, lang, values=values)
        assert "{{" not in page and "}}" not in page, key
    for name in PAGES:
        page = page_html(name, lang, values=values)
        assert "{{" not in page and "}}" not in page, name


def test_format_value():
    fmt = text_values.format_value
    assert fmt(0.25) == "0.25" and fmt(-0.2785, ".4f") == "−0.2785"
    assert fmt(2.03e6, "pow10:2") == "2.0×10⁶" and fmt(7.1e-11, "pow10:1") == "7×10⁻¹¹"
    assert fmt(11.5, "pow10:2") == "12" and fmt(0.23, "%") == "23 %"
    assert fmt(1 / 6, "inv") == "1/6" and fmt(-math.inf) == "−∞" and fmt(-1e-9, ".2f") == "0.00"


# --- statements that depend on the dtype ----------------------------------------------------------


def test_softplus_threshold_switch_per_dtype():
    """At threshold 20 the switch to x changes nothing in float32 and ~10⁶ ulp in float64; at
    threshold 1 the curve jumps by ln(1 + e) − 1 ≈ 0.313."""
    sp = _scopes()["softplus"]
    assert sp.value("gap32") == 0.0
    assert 1e-9 < sp.value("gap") < 3e-9
    assert 1e5 < sp.value("ulps64") < 1e6
    x = torch.tensor([20.0], dtype=torch.float32)
    assert torch.nn.Softplus()(x).item() == 20.0
    assert torch.nn.Softplus()(x.double()).item() > 20.0
    assert sp.value("jump") == pytest.approx(math.log1p(math.e) - 1, abs=1e-5)
    kinks = find_kinks(catalogue.get("softplus"), _params("softplus", {"threshold": 1}))
    assert kinks and kinks[0].jump  # the explorer marks the jump


def test_logsigmoid_by_hand_underflows_in_float32():
    ls = _scopes()["logsigmoid"]
    assert ls.value("hand32") == -math.inf and ls.value("f32_low") == ls.value("x_low")
    x = torch.tensor([ls.value("x_low")], dtype=torch.float64)
    assert torch.log(torch.sigmoid(x)).isfinite().all()  # float64 is still fine there


# --- what the texts teach about depth, RNNs, losses and zig-zag updates ---------------------------


def test_tanh_rnn_gradient_grows_while_state_stays_bounded():
    """Recomputed with autograd (not the Jacobian product the texts use): a bounded state does not
    bound the gradient through time."""
    guide = _scopes()["guide"]
    gen = torch.Generator().manual_seed(0)
    n, gain = 64, guide.value("gain")
    W = torch.randn(n, n, generator=gen, dtype=torch.float64) * (gain / math.sqrt(n))
    h0 = torch.randn(n, generator=gen, dtype=torch.float64)

    def run(h, steps):
        for _ in range(steps):
            h = torch.tanh(W @ h)
        return h

    for steps_name, growth_name in (("short", "g_short"), ("long", "g_long")):
        steps = int(guide.value(steps_name))
        jac = torch.autograd.functional.jacobian(lambda h, s=steps: run(h, s), h0)
        norm = float(torch.linalg.matrix_norm(jac, ord=2))
        assert norm == pytest.approx(guide.value(growth_name), rel=1e-6)
        assert run(h0, steps).abs().max() < 1
    assert guide.value("g_long") > 1e5 > 1e-5 > guide.value("g_small")
    assert guide.value("state_max") < 1


def test_depth_lab_default_relu_vanishes_and_xavier_tanh_is_healthy():
    guide = _scopes()["guide"]
    assert guide.value("relu_default") < 1e-8
    assert 0.3 < guide.value("relu_kaiming") < 10
    assert 0.3 < guide.value("tanh_xavier") < 10
    assert guide.value("tanh_default") < 1e-4
    assert _scopes()["sigmoid"].value("depth_xavier") < 1e-10


def test_output_loss_gradient_is_p_minus_y():
    sig = _scopes()["sigmoid"]
    z = sig.value("wrong_z")
    assert sig.value("bce") == pytest.approx(torch.sigmoid(torch.tensor(z)).item() - 1, abs=1e-6)
    assert abs(sig.value("bce")) > 0.99 and abs(sig.value("mse")) < 0.01
    logits = torch.tensor([[z, 0.0, 0.0]], dtype=torch.float64, requires_grad=True)
    torch.nn.CrossEntropyLoss()(logits, torch.tensor([0])).backward()
    p = torch.softmax(logits.detach(), dim=-1)
    assert torch.allclose(logits.grad, p - torch.tensor([[1.0, 0.0, 0.0]], dtype=torch.float64))


def test_zig_zag_one_sign_after_sigmoid():
    sig = _scopes()["sigmoid"]
    assert sig.value("zig_sigmoid") == 1.0 and sig.value("zig_tanh") < 0.5


def test_mean_output_for_standard_normal_inputs():
    """The glance line's mean: SELU's is 0 although SELU is not odd; ReLU's is 1/√(2π)."""
    assert abs(text_values.mean_normal("selu")) < 1e-3 and not _claims("selu")["odd"]
    assert text_values.mean_normal("relu") == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-6)
    assert text_values.mean_normal("sigmoid") == pytest.approx(0.5, abs=1e-9)
    for lang in LANGS:
        page = info_html("selu", lang, values=text_values.compute_values())
        assert HEADINGS[lang]["mean_normal"] + ("：" if lang == "zh_CN" else ": ") + "0.00" in page


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
    assert f"{heads['odd']}{colon}{yes_no[entry['odd']]}" in page
    assert f"{heads['mean_normal']}{colon}" in page
    assert f"{heads['monotonic']}{colon}{yes_no[entry['monotonic']]}" in page
    assert SMOOTHNESS_TEXT[lang][entry["smooth"]] in page
    assert text_render.fill(entry["saturation"], key) in page
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
        assert prose_numbers(fragment) <= STRUCTURAL_NUMBERS, fragment  # numbers: placeholders


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_rendered_pages_link_to_catalogue_activations(name, lang):
    rendered = page_html(name, lang, values=text_values.compute_values())
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
    assert f"<h2>{text_render.fill(page['title'], name)}</h2>" in rendered
    for section in page["sections"]:
        assert f"<h3>{text_render.fill(section['heading'], name)}</h3>" in rendered
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
    ids = [s["id"] for s in page["sections"]]
    assert ids == ["hidden", "depth", "output", "loss", "recurrent"]
    assert {"relu", "leaky_relu", "swish", "gelu"} <= _section_keys(page, "hidden")
    assert {"sigmoid", "softmax", "relu", "softplus"} <= _section_keys(page, "output")
    assert {"tanh", "sigmoid"} <= _section_keys(page, "recurrent")
    assert guide_html("en") == page_html("guide", "en")
    en, zh = guide_html("en"), guide_html("zh_CN")
    assert "Hidden layers" in en and "隐藏层" in zh
    assert "输出层" in zh and "循环神经网络" in zh and "梯度消失" not in en


def test_guide_teaches_what_is_true():
    """RNNs: a bounded state does not bound the gradients; the fixes are clipping and gates.
    Depth: initialisation (Xavier / Kaiming, calculate_gain), normalisation, residuals. Output:
    the loss on logits gives p − y. Regression: a ReLU output can die."""
    en, zh = guide_html("en"), guide_html("zh_CN")
    assert "a bounded state does not bound the gradients" in en
    assert "状态有界并不意味着梯度有界" in zh
    for text in (en, zh):
        for term in ("clip_grad_norm_", "LSTM", "GRU", "nonlinearity='relu'", "calculate_gain"):
            assert html.escape(term, quote=True) in text or term in text, term
        assert "Xavier" in text and "Kaiming" in text
        assert "<i>p</i> &minus; <i>y</i>" in text
        assert "BCEWithLogitsLoss" in text and "CrossEntropyLoss" in text and "NLLLoss" in text
    assert "can die" in en and "死亡" in zh
    assert "residual" in en and "残差连接" in zh
    assert "爆炸" in zh and "梯度裁剪" in zh  # explosion named, with its remedy
    assert "有界的激活函数则不论序列多长" not in zh and "keeps the state in a fixed" not in en


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
    monkeypatch.setattr(text_values, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    for loader in (texts.load_page, load_claims, texts.load_activation_texts):
        loader.cache_clear()
    yield tmp_path
    for loader in (texts.load_page, load_claims, texts.load_activation_texts):
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
        ("odd", "no", "'relu', field 'odd' must be true or false"),
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
        ({"relu": {"monotonic": "no", "odd": False}}, "'relu' misses claim 'range'"),
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
    assert text_render.activation_link("swish") == '<a href="activation:swish">Swish (β)</a>'
