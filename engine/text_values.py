"""The numbers of the teaching texts, computed by torch when the texts are loaded.

A text never types a number: it holds a named placeholder (``{{df0}}``, or ``{{sigmoid:df0}}`` for
another scope) and ``resources/texts/claims.json`` says, under ``"say"``, how that number is made:

- ``{"expr": "df(0)", "fmt": ".2f"}`` — computed here with the real module (float64 unless
  ``"dtype": "float32"``; ``"key"`` / ``"params"`` evaluate another activation or other
  parameters);
- ``{"ref": "saturation.0.from"}`` — a number that must stay literal (a bound, a setting, a
  constant of the formula) is taken from one claim at that path; the tests check that claim
  against torch, so the text and the check cannot drift apart.

Scopes are activation keys (``"activations"`` in the file) and page names (``"pages"``). Every
activation also gets ``mean_normal``: the mean output for standard normal inputs.

The expression language is a whitelist (numbers, strings as arguments, names of the scope,
+ − * / **, comparisons, ``and``/``or`` and the functions of :data:`FUNCTIONS`), never ``eval``.
torch is imported inside the functions: importing this module stays cheap, and the GUI computes the
values on its worker once torch has loaded (until then a placeholder renders as "…").
"""

from __future__ import annotations

import ast
import json
import math
import threading
from collections.abc import Callable, Mapping

from engine import catalogue
from engine.resources import resource_path

FORMAT_VERSION = 1
PLACEHOLDER_RE = r"\{\{([a-z_][a-z0-9_]*:)?([a-z_][a-z0-9_]*)\}\}"
BUILTIN_NAMES = ("mean_normal",)
# Quadrature grid for moments of f(Z), Z ~ N(0, 1): beyond ±12 the density is below 1e-31.
_NORMAL_HALF_WIDTH = 10.0
_NORMAL_POINTS = 8_001

MEAN_NORMAL_FORMAT = ".2f"

_lock = threading.Lock()
_texts: dict[str, dict[str, str]] | None = None


def read_claims() -> dict:
    """``resources/texts/claims.json`` as stored (the tests validate and check all of it)."""
    path = resource_path("texts", "claims.json")
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported format (expected {FORMAT_VERSION})")
    return data


def scopes(data: Mapping) -> dict[str, dict]:
    """``{scope: its claims}`` for every activation and page of the claims file."""
    out = {key: dict(claims) for key, claims in data.get("activations", {}).items()}
    for name, claims in data.get("pages", {}).items():
        out[name] = dict(claims)
    return out


def resolve_ref(claims: Mapping, path: str) -> float:
    """The number at ``path`` ("kinks.0.points.1.x") inside one scope's claims."""
    node: object = claims
    for part in path.split("."):
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node[part]
        else:
            raise KeyError(path)
    if node in ("-inf", "+inf"):
        return -math.inf if node == "-inf" else math.inf
    if isinstance(node, bool) or not isinstance(node, (int, float)):
        raise ValueError(f"{path} is not a number")
    return float(node)


# --- evaluating a module ---------------------------------------------------------------------


def module_values(key: str, params: Mapping | None, x, dtype: str = "float64", grad: bool = True):
    """f(x) and autograd f′(x) of the catalogue module ``key`` at the 1-D points x (tensors).

    For the Softmax family x is component 0 and the other logits are ``params["others"]``.
    """
    import torch

    from engine.modules import build_module

    spec = catalogue.get(key)
    values = {**spec.defaults(), **(params or {})}
    if "others" in values:
        values["others"] = tuple(values["others"])
    tdtype = torch.float32 if dtype == "float32" else torch.float64
    module = build_module(spec, values).to(tdtype)
    xt = torch.as_tensor(x, dtype=tdtype).detach().reshape(-1).clone().requires_grad_(grad)
    if spec.family == "vector":
        others = torch.tensor(values["others"], dtype=tdtype).expand(xt.shape[0], -1)
        y = module(torch.cat([xt[:, None], others], dim=1))[:, 0]
    else:
        y = module(xt)
    if not grad:
        return y.detach(), None
    (dy,) = torch.autograd.grad(y.sum(), xt)
    return y.detach(), dy.detach()


def mean_normal(key: str, params: Mapping | None = None) -> float:
    """E[f(Z)] for Z ~ N(0, 1), by quadrature on a fine grid (trapezoid rule)."""
    import torch

    x = torch.linspace(-_NORMAL_HALF_WIDTH, _NORMAL_HALF_WIDTH, _NORMAL_POINTS, dtype=torch.float64)
    y, _ = module_values(key, params, x, grad=False)
    pdf = torch.exp(-(x**2) / 2) / math.sqrt(2 * math.pi)
    return float(torch.trapezoid(y * pdf, x))


# --- the expression language ---------------------------------------------------------------


def _functions(key: str | None, params: Mapping | None) -> dict[str, Callable]:
    import torch

    def t(v) -> torch.Tensor:
        return v if isinstance(v, torch.Tensor) else torch.tensor(float(v), dtype=torch.float64)

    def at(v, pick: int, dtype: str = "float64"):
        if key is None:
            raise ValueError("f and df need an activation")
        out = module_values(key, params, t(v).reshape(1), dtype)[pick][0]
        return out.double() if dtype == "float64" else out

    def on_grid(a, b, pick: int) -> tuple[torch.Tensor, torch.Tensor]:
        x = torch.linspace(float(a), float(b), 20_001, dtype=torch.float64)
        return x, module_values(key, params, x)[pick]

    def argmin(a, b) -> tuple[torch.Tensor, torch.Tensor]:
        """Position and value of the minimum of f on [a, b]: a coarse grid, then a fine one."""
        x, y = on_grid(a, b, 0)
        i = int(y.argmin())
        lo, hi = x[max(i - 1, 0)], x[min(i + 1, len(x) - 1)]
        x, y = on_grid(lo, hi, 0)
        i = int(y.argmin())
        return x[i], y[i]

    def ulp(v, dtype) -> torch.Tensor:
        v = t(v).to(dtype)
        return (torch.nextafter(v, torch.tensor(math.inf, dtype=dtype)) - v).double()

    def experiment(name: str) -> Callable:
        def run(*args):
            from engine import text_experiments

            plain = [a if isinstance(a, str) else float(a) for a in args]
            return t(getattr(text_experiments, name)(*plain))

        return run

    return {
        "f": lambda v: at(v, 0),
        "df": lambda v: at(v, 1),
        "f32": lambda v: at(v, 0, "float32"),
        "df32": lambda v: at(v, 1, "float32"),
        "cast32": lambda v: t(v).float(),
        "ulp32": lambda v: ulp(v, torch.float32),
        "ulp64": lambda v: ulp(v, torch.float64),
        "minf": lambda a, b: argmin(a, b)[1],
        "argminf": lambda a, b: argmin(a, b)[0],
        "maxabsdf": lambda a, b: on_grid(a, b, 1)[1].abs().max(),
        "maxabsdiff": lambda a, b, k2: _maxabsdiff(key, params, k2, a, b),
        "mean_normal": lambda: t(mean_normal(key, params)),
        "exp": lambda v: torch.exp(t(v)),
        "log": lambda v: torch.log(t(v)),
        "sqrt": lambda v: torch.sqrt(t(v)),
        "tanh": lambda v: torch.tanh(t(v)),
        "sigmoid": lambda v: torch.sigmoid(t(v)),
        "abs": lambda v: torch.abs(t(v)),
        "max": lambda a, b: torch.maximum(t(a), t(b)),
        "min": lambda a, b: torch.minimum(t(a), t(b)),
        "rnn_growth": experiment("rnn_growth"),
        "rnn_state_max": experiment("rnn_state_max"),
        "depth_ratio": experiment("depth_ratio"),
        "depth_signal_ratio": experiment("depth_signal_ratio"),
        "bce_grad": experiment("bce_grad"),
        "sigmoid_chain": experiment("sigmoid_chain"),
        "same_sign_share": experiment("same_sign_share"),
    }


def _maxabsdiff(key, params, other_params: str, a, b):
    """max |f_params − f_other| on [a, b]; ``other_params`` is a JSON object of parameters."""
    import torch

    x = torch.linspace(float(a), float(b), 20_001, dtype=torch.float64)
    y1, _ = module_values(key, params, x, grad=False)
    y2, _ = module_values(key, {**(params or {}), **json.loads(other_params)}, x, grad=False)
    return (y1 - y2).abs().max()


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
    ast.Eq: lambda a, b: a == b,
}


def evaluate_expr(
    expr: str, names: Callable[[str], object], functions: Mapping[str, Callable]
) -> object:
    """Evaluate a whitelisted expression; ``names(name)`` gives the value of a bare name."""
    import torch

    def ev(node: ast.AST):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return torch.tensor(float(node.value), dtype=torch.float64)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            if node.id == "pi":
                return torch.tensor(math.pi, dtype=torch.float64)
            if node.id == "inf":
                return torch.tensor(math.inf, dtype=torch.float64)
            return names(node.id)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return _BINOPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = ev(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BoolOp):
            results = [bool(ev(v)) for v in node.values]
            return all(results) if isinstance(node.op, ast.And) else any(results)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _CMPOPS:
            return _CMPOPS[type(node.ops[0])](ev(node.left), ev(node.comparators[0]))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            func = functions.get(node.func.id)
            if func is not None:
                return func(*(ev(arg) for arg in node.args))
        raise ValueError(f"unsupported expression: {ast.dump(node)}")

    return ev(ast.parse(expr, mode="eval"))


class Scope:
    """The named numbers of one activation or page, each computed once on first use."""

    def __init__(self, name: str, claims: Mapping, all_scopes: Mapping[str, Scope]) -> None:
        self.name = name
        self.claims = claims
        self.say: Mapping[str, Mapping] = claims.get("say", {})
        self.key = name if name in set(catalogue.keys()) else None
        self.all = all_scopes
        self.cache: dict[str, float] = {}
        self._busy: set[str] = set()

    def names(self) -> list[str]:
        builtin = list(BUILTIN_NAMES) if self.key else []
        return builtin + list(self.say)

    def value(self, name: str) -> float:
        if name in self.cache:
            return self.cache[name]
        if name in self._busy:
            raise ValueError(f"{self.name}: {name} depends on itself")
        self._busy.add(name)
        try:
            result = self._compute(name)
        finally:
            self._busy.discard(name)
        self.cache[name] = result
        return result

    def check(self, name: str) -> bool:
        """The entry's ``check`` expression (the tests run it); True when there is none."""
        entry = self.say[name]
        if "check" not in entry:
            return True
        return bool(self._evaluate(entry["check"], entry))

    def _lookup(self, name: str) -> object:
        if ":" in name:
            scope, inner = name.split(":", 1)
            return self.all[scope].value(inner)
        return self.value(name)

    def _evaluate(self, expr: str, entry: Mapping) -> object:
        key = entry.get("key", self.key)
        functions = _functions(key, entry.get("params"))
        return evaluate_expr(expr, self._names, functions)

    def _names(self, name: str) -> object:
        import torch

        if name in self.say or name in BUILTIN_NAMES:
            return torch.tensor(self.value(name), dtype=torch.float64)
        raise ValueError(f"{self.name}: unknown name {name!r}")

    def _compute(self, name: str) -> float:
        if name == "mean_normal" and self.key:
            return mean_normal(self.key)
        if name not in self.say:
            raise KeyError(f"{self.name}: no value named {name!r}")
        entry = self.say[name]
        if "ref" in entry:
            return resolve_ref(self.claims, entry["ref"])
        if "expr" in entry:
            return float(self._evaluate(entry["expr"], entry))
        raise ValueError(f"{self.name}: {name} needs 'expr' or 'ref'")


def build_scopes(data: Mapping | None = None) -> dict[str, Scope]:
    data = read_claims() if data is None else data
    out: dict[str, Scope] = {}
    for name, claims in scopes(data).items():
        out[name] = Scope(name, claims, out)
    return out


def fmt_of(scope: Scope, name: str) -> str:
    if name == "mean_normal":
        return MEAN_NORMAL_FORMAT
    return scope.say[name].get("fmt", "g")


def compute_values() -> dict[str, dict[str, str]]:
    """Every named number of every scope, formatted as the texts print it (torch; well under a
    second). Cached for the process: later calls and :func:`current_values` return the same
    mapping."""
    global _texts
    from engine.runtime import single_threaded

    with _lock, single_threaded():
        if _texts is None:
            built = build_scopes()
            _texts = {
                name: {n: format_value(s.value(n), fmt_of(s, n)) for n in s.names()}
                for name, s in built.items()
            }
        return _texts


def current_values() -> dict[str, dict[str, str]] | None:
    """The formatted numbers, or None while torch has not computed them yet (never blocks)."""
    return _texts


# --- formatting ------------------------------------------------------------------------------

_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def format_value(value: float, fmt: str = "g") -> str:
    """A number as the texts write it: "−" for minus, "∞", ``pow10`` → "1.7×10⁶".

    ``fmt`` is a Python format spec (".3f", ".2g", "d"), ``%`` (a share as "23 %"), ``inv``
    (0.1667 → "1/6") or ``pow10`` / ``pow10:N`` (N significant digits).
    """
    if math.isnan(value):
        return "?"
    if math.isinf(value):
        return ("−" if value < 0 else "+") + "∞"
    if fmt.startswith("pow10"):
        digits = int(fmt.split(":")[1]) if ":" in fmt else 2
        if value == 0:
            return "0"
        exponent = math.floor(math.log10(abs(value)))
        mantissa = value / 10.0**exponent
        if round(abs(mantissa), digits - 1) >= 10:
            exponent, mantissa = exponent + 1, mantissa / 10
        if -1 <= exponent <= 2:
            text = f"{value:.{max(digits - 1 - exponent, 0)}f}"
        else:
            power = str(exponent).translate(_SUPERSCRIPTS)
            text = f"{mantissa:.{digits - 1}f}×10{power}"
    elif fmt == "inv":
        text = f"1/{round(1 / value)}"  # a slope of 0.1666… written as the fraction 1/6
    elif fmt == "%":
        text = f"{100 * value:.0f} %"
    elif fmt == "d":
        text = str(round(value))
    else:
        text = format(value, fmt)
        if fmt in ("g", "") and "e" not in text and text.endswith(".0"):
            text = text[:-2]
    text = text.replace("-", "−")
    if text.startswith("−") and not any(c in "123456789" for c in text):
        text = text[1:]  # "−0.00": a tiny negative rounded to zero has no sign
    return text
