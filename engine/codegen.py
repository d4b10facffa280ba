"""PyTorch source for activations: the building block of every panel's "Show code" script.

A catalogue entry becomes the call a student would write (``nn.LeakyReLU(negative_slope=0.1)``,
every number with all its digits so the script computes what the program computes); Swish and an
own activation become small ``nn.Module`` classes whose forward is written from the same formula
tree :mod:`engine.formula_module` evaluates. Torch-free: this only writes text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from engine.catalogue import ActivationSpec, Params
from engine.formula import Bin, Call, Compare, Const, Formula, Neg, Node, Num, Param, Var, parse
from engine.messages import QT_TR_NOOP

# Translates a comment's English source text (the GUI's tr, or str for English): comments and
# docstrings of a script are written in the user's language; code and printed lines are not.
Tr = Callable[[str], str]

# nn.Module's own attribute names: a parameter called "training" must not overwrite the module's.
_MODULE_ATTRS = frozenset(
    {
        "T_destination",
        "add_module",
        "apply",
        "bfloat16",
        "buffers",
        "call_super_init",
        "children",
        "cpu",
        "cuda",
        "double",
        "dump_patches",
        "eval",
        "extra_repr",
        "float",
        "forward",
        "get_buffer",
        "get_extra_state",
        "get_parameter",
        "get_submodule",
        "half",
        "ipu",
        "load_state_dict",
        "modules",
        "mtia",
        "named_buffers",
        "named_children",
        "named_modules",
        "named_parameters",
        "parameters",
        "register_backward_hook",
        "register_buffer",
        "register_forward_hook",
        "register_forward_pre_hook",
        "register_full_backward_hook",
        "register_full_backward_pre_hook",
        "register_load_state_dict_post_hook",
        "register_load_state_dict_pre_hook",
        "register_module",
        "register_parameter",
        "register_state_dict_post_hook",
        "register_state_dict_pre_hook",
        "requires_grad_",
        "set_extra_state",
        "set_submodule",
        "share_memory",
        "state_dict",
        "to",
        "to_empty",
        "train",
        "training",
        "type",
        "xpu",
        "zero_grad",
    }
)

_TORCH_FUNCTIONS = {
    "exp": "torch.exp",
    "log": "torch.log",
    "log1p": "torch.log1p",
    "sqrt": "torch.sqrt",
    "abs": "torch.abs",
    "sin": "torch.sin",
    "cos": "torch.cos",
    "tanh": "torch.tanh",
    "sigmoid": "torch.sigmoid",
    "softplus": "F.softplus",
    "relu": "torch.relu",
    "erf": "torch.erf",
    "where": "torch.where",
    "minimum": "torch.minimum",
    "maximum": "torch.maximum",
    "clamp": "torch.clamp",
}
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "**": 4}
_NEG_PREC = 3
_ATOM = 9

SWISH_DOC = QT_TR_NOOP(
    "Swish as the lesson writes it: x * sigmoid(beta * x) (beta = 1 is nn.SiLU)."
)


def swish_class(tr: Tr = str) -> str:
    return (
        "\n".join(
            [
                "class Swish(nn.Module):",
                *docstring(tr(SWISH_DOC), "    "),
                "",
                "    def __init__(self, beta=1.0):",
                "        super().__init__()",
                "        self.beta = beta",
                "",
                "    def forward(self, x):",
                "        return x * torch.sigmoid(self.beta * x)",
            ]
        )
        + "\n"
    )


# -- comments in the user's language ------------------------------------------------------------

COMMENT_WIDTH = 92  # display columns; a CJK character takes two
_UNIT = re.compile(
    r"\s+|[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+"
)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` display columns, broken at spaces or between
    Chinese characters (which need no spaces); a longer word keeps its own line."""
    lines: list[str] = []
    line = ""
    for unit in _UNIT.findall(" ".join(text.split())):
        if _width(line + unit) <= width or not line.strip():
            line = line + unit if line or not unit.isspace() else ""
            continue
        lines.append(line.rstrip())
        line = "" if unit.isspace() else unit
    if line.strip():
        lines.append(line.rstrip())
    return lines


def comment(text: str, indent: str = "") -> list[str]:
    """``text`` as ``#`` comment lines at ``indent``."""
    return [f"{indent}# {ln}" for ln in wrap(text, COMMENT_WIDTH - len(indent) - 2)]


def docstring(text: str, indent: str = "") -> list[str]:
    """``text`` as a docstring at ``indent``: one line if it fits, else wrapped."""
    text = text.replace("\\", "\\\\").replace('"""', "'''")
    if _width(text) + len(indent) + 6 <= COMMENT_WIDTH:
        return [f'{indent}"""{text}"""']
    lines = wrap(text, COMMENT_WIDTH - len(indent))
    lines[0] = '"""' + lines[0]
    return [f"{indent}{ln}" for ln in lines] + [f'{indent}"""']


def inline(code: str, note: str) -> str:
    """A line of code with a short comment after it."""
    return f"{code}  # {note}"


def number(value: float) -> str:
    """A float as Python source that reads back to the same float."""
    value = float(value)
    if value != value:
        return 'float("nan")'
    if value in (float("inf"), float("-inf")):
        return 'float("inf")' if value > 0 else '-float("inf")'
    return repr(value)


def attr_name(param: str) -> str:
    return param + "_" if param in _MODULE_ATTRS else param


@dataclass
class ActivationCode:
    """How a script builds one activation: the classes it needs and the expression."""

    expr: str
    classes: dict[str, str] = field(default_factory=dict)  # class name → source
    needs_math: bool = False
    needs_functional: bool = False


def activation_code(
    spec: ActivationSpec,
    params: Params,
    dim: int | None = None,
    class_name: str = "Own",
    tr: Tr = str,
) -> ActivationCode:
    """The constructor call for ``spec`` with ``params`` (``dim`` for the Softmax family);
    ``tr`` translates the comments of the classes it needs."""
    if spec.user_defined:
        formula = parse(dict(spec.fixed)["formula"])
        source, needs_math, needs_f = own_class(formula, class_name, tr)
        args = ", ".join(f"{p}={number(params[p])}" for p in formula.params)
        return ActivationCode(f"{class_name}({args})", {class_name: source}, needs_math, needs_f)
    cls = spec.module.rsplit(".", 1)[1]
    args = []
    if spec.family == "vector":
        args.append(f"dim={-1 if dim is None else dim}")
    for p in spec.params:
        if p.name == "others":
            continue
        v = params.get(p.name, p.default)
        args.append(f"{p.name}={v!r}" if isinstance(v, str) else f"{p.name}={number(v)}")
    if spec.in_torch_nn:
        expr = f"nn.{cls}({', '.join(args)})"
        classes = {}
    else:
        if cls != "Swish":
            raise ValueError(f"no source for {spec.module}")
        expr, classes = f"Swish({', '.join(args)})", {"Swish": swish_class(tr)}
    if spec.eval_mode:
        expr += ".eval()"
    return ActivationCode(expr, classes)


def combine(codes: Iterable[ActivationCode]) -> tuple[list[str], bool, bool]:
    """The distinct class sources of several activations, and whether math / F are needed."""
    classes: dict[str, str] = {}
    needs_math = needs_f = False
    for c in codes:
        classes.update(c.classes)
        needs_math |= c.needs_math
        needs_f |= c.needs_functional
    return list(classes.values()), needs_math, needs_f


def imports(needs_math: bool, needs_functional: bool, extra: Iterable[str] = ()) -> str:
    lines = ["import math"] if needs_math else []
    lines += ["", "import torch"] if needs_math else ["import torch"]
    if needs_functional:
        lines.append("import torch.nn.functional as F")
    lines.append("from torch import nn")
    lines += list(extra)
    return "\n".join(lines)


# -- an own activation as a class --------------------------------------------------------------


def own_class(formula: Formula, class_name: str = "Own", tr: Tr = str) -> tuple[str, bool, bool]:
    """(class source, needs ``import math``, needs ``F``) for an own activation."""
    writer = _Writer()
    body, _, is_tensor = writer.node(formula.tree)
    if not _differentiable(formula.tree) or not is_tensor:
        # Like the program's module: keep x in the graph (f′ = 0) when f does not depend on it.
        body = f"torch.where(torch.isnan(x), x, {body})"
        note = QT_TR_NOOP(
            "f does not change smoothly with x: keep x in the graph so that autograd gives "
            "f'(x) = 0 instead of an error (NaN inputs stay NaN)."
        )
        ret = [*comment(tr(note), "        "), f"        return {body}"]
    else:
        ret = [f"        return {body}"]
    params = formula.params
    sig = ", ".join(["self", *(f"{p}=1.0" for p in params)])
    doc = tr(QT_TR_NOOP("Your own activation: f(x) = {formula}")).format(
        formula=" ".join(formula.text.split())
    )
    lines = [
        f"class {class_name}(nn.Module):",
        *docstring(doc, "    "),
        "",
        f"    def __init__({sig}):",
        "        super().__init__()",
        *(f"        self.{attr_name(p)} = {p}" for p in params),
        "",
        "    def forward(self, x):",
        *ret,
    ]
    return "\n".join(lines) + "\n", writer.needs_math, writer.needs_f


def _differentiable(tree: Node) -> bool:
    """x appears outside every comparison (so f(x) is connected to x in autograd's graph)."""
    stack = [tree]
    while stack:
        n = stack.pop()
        if isinstance(n, Var):
            return True
        if isinstance(n, Neg):
            stack.append(n.operand)
        elif isinstance(n, Bin):
            stack += [n.left, n.right]
        elif isinstance(n, Call):
            stack += list(n.args[1:] if n.fn == "where" else n.args)
    return False


class _Writer:
    """Formula tree → torch source with as few brackets as keep the same evaluation order."""

    def __init__(self) -> None:
        self.needs_math = False
        self.needs_f = False

    @staticmethod
    def tensor(src: str) -> str:
        return f"torch.tensor({src}, dtype=x.dtype)"

    def node(self, n: Node) -> tuple[str, int, bool]:
        """(source, precedence, is a tensor); numbers not involving x stay Python numbers, but
        never meet in Python arithmetic: one side becomes a tensor first (as in the module)."""
        if isinstance(n, Var):
            return "x", _ATOM, True
        if isinstance(n, Num):
            # As typed: "x ** 2" rather than "x ** 2.0" (torch treats both the same).
            v = n.value
            return (str(int(v)) if v.is_integer() and abs(v) < 1e15 else number(v)), _ATOM, False
        if isinstance(n, Const):
            self.needs_math = True
            return f"math.{n.name}", _ATOM, False
        if isinstance(n, Param):
            return f"self.{attr_name(n.name)}", _ATOM, False
        if isinstance(n, Neg):
            src, prec, t = self.node(n.operand)
            if prec < _NEG_PREC or src.startswith("-"):
                src = f"({src})"
            return f"-{src}", _NEG_PREC, t
        if isinstance(n, Bin):
            return self.binary(n)
        if isinstance(n, Compare):
            parts = [self.node(o) for o in n.operands]
            links = []
            for op, (a, _, ta), (b, _, tb) in zip(n.ops, parts, parts[1:], strict=False):
                a = a if ta or tb else self.tensor(a)
                links.append(f"({a} {op} {b})")
            return " & ".join(links), (_ATOM if len(links) == 1 else 0), True
        if isinstance(n, Call):
            return self.call(n)
        raise TypeError(n)

    def binary(self, n: Bin) -> tuple[str, int, bool]:
        prec = _PREC[n.op]
        left, lp, lt = self.node(n.left)
        right, rp, rt = self.node(n.right)
        if n.op == "**":
            if lp <= prec:
                left = f"({left})"
            if rp < _NEG_PREC:
                right = f"({right})"
        else:
            if lp < prec:
                left = f"({left})"
            if rp <= prec:  # a - (b - c), a + (b + c): float addition is not associative
                right = f"({right})"
        if not lt and not rt:
            left = self.tensor(left)
        return f"{left} {n.op} {right}", prec, True

    def call(self, n: Call) -> tuple[str, int, bool]:
        if n.fn == "softplus":
            self.needs_f = True
        fn = _TORCH_FUNCTIONS[n.fn]
        parts = [self.node(a) for a in n.args]
        args = []
        for i, (src, _, t) in enumerate(parts):
            if n.fn == "clamp" and i > 0:
                # Number bounds as the module passes them; two tensors if either depends on x.
                either = parts[1][2] or parts[2][2]
                args.append(self.tensor(src) if either and not t else src)
            elif n.fn == "where" and i > 0:
                # One tensor operand fixes the result's dtype (two Python numbers would give
                # float32 even for a float64 x).
                other = parts[3 - i][2]
                args.append(src if t or other or i == 2 else self.tensor(src))
            else:
                args.append(src if t else self.tensor(src))
        return f"{fn}({', '.join(args)})", _ATOM, True


def own_class_names(specs: Iterable[ActivationSpec]) -> dict[str, str]:
    """A class name per own activation: ``Own`` for one, ``Own1``, ``Own2``… for several."""
    own = [s.key for s in specs if s.user_defined]
    own = list(dict.fromkeys(own))
    if len(own) == 1:
        return {own[0]: "Own"}
    return {k: f"Own{i}" for i, k in enumerate(own, 1)}


def header(title: str, text: str = "", tr: Tr = str) -> str:
    """The script's opening docstring: ``title`` and ``text`` (both already translated)."""
    note = tr(QT_TR_NOOP("Generated by Activation Lab; run it with: python THIS_FILE"))
    width = COMMENT_WIDTH
    parts = [*wrap(title, width), "", *(wrap(text, width) if text else []), "", note]
    if not text:
        parts = [*wrap(title, width), "", note]
    body = "\n".join(parts).replace("\\", "\\\\").replace('"""', "'''")
    return f'"""{body}\n"""\n'


def params_of(values: Mapping[str, object]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())
