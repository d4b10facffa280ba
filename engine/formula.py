"""A student's own activation: a whitelist parser for formulas in x.

The text is checked character by character *before* Python's parser sees it (length, allowed
characters, bracket nesting, runs of signs, keywords), because ``ast.parse`` itself can raise
``MemoryError`` or ``RecursionError`` on long runs of unary minus or deep nesting. Only then is it
parsed with ``ast`` and the tree converted into this module's own small node types, accepting only
numbers, ``x``, the constants ``pi`` and ``e``, parameters, + − * / **, calls of the whitelisted
functions, and comparisons as the condition of ``where``. Nothing is ever evaluated here: the
tree is data, and ``engine.formula_module`` turns it into torch operations.

Every refusal is a :class:`FormulaError` carrying a translatable message and, where it makes
sense, the 1-based position of the character at fault (for a missing closing bracket: the last
character, after which it is missing — ``sigmoid(x`` → "missing ) at 9").

Torch-free, so the GUI can check a formula as the student types, before torch has loaded.
"""

from __future__ import annotations

import ast
import builtins
import keyword
import unicodedata
from dataclasses import dataclass

from engine.errors import EngineError
from engine.messages import QT_TR_NOOP, Message

MAX_LENGTH = 500
MAX_BRACKET_DEPTH = 20
MAX_SIGN_RUN = 3  # "x - -1" is fine, "-----x" is a typo or an attack
MAX_TREE_DEPTH = 40
MAX_NODES = 200
MAX_PARAMS = 8
MAX_NAME = 24
MAX_LITERAL = 1e6
MAX_EXPONENT = 64.0
MAX_POWER_CHAIN = 3
DEFAULT_PARAM = 1.0

# name → number of arguments
FUNCTIONS: dict[str, int] = {
    "exp": 1,
    "log": 1,
    "log1p": 1,
    "sqrt": 1,
    "abs": 1,
    "sin": 1,
    "cos": 1,
    "tanh": 1,
    "sigmoid": 1,
    "softplus": 1,
    "relu": 1,
    "erf": 1,
    "where": 3,
    "minimum": 2,
    "maximum": 2,
    "clamp": 3,
}
CONSTANTS: dict[str, float] = {"pi": 3.141592653589793, "e": 2.718281828459045}
VARIABLE = "x"

# Functions whose result is correctly rounded (or exact) element by element, so a lookup table of
# 256 inputs per channel gives the same bits as the module on a whole batch, whatever the layout.
EXACT_FUNCTIONS = frozenset({"abs", "relu", "sqrt", "where", "minimum", "maximum", "clamp"})

# Python's own names: refused as parameter names so that no formula even looks like it could
# reach them ("open", "eval", "__import__" …); a few module names too.
_RESERVED = (
    frozenset(dir(builtins))
    | frozenset(keyword.kwlist)
    | frozenset(keyword.softkwlist)
    | {"torch", "nn", "F", "np", "numpy", "math", "os", "sys", "self", "builtins", "lambda"}
)

# What a student on a Chinese input method or a word processor may type instead of ASCII.
_LOOKALIKES = {
    "（": "(",
    "）": ")",
    "，": ",",
    "＋": "+",
    "－": "-",
    "−": "-",
    "–": "-",
    "＊": "*",
    "×": "*",
    "·": "*",
    "／": "/",
    "÷": "/",
    "＜": "<",
    "＞": ">",
    "＝": "=",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "。": ".",
    "．": ".",
}
_HINT_NAMES = {
    "max": "maximum",
    "min": "minimum",
    "pow": "**",
    "ln": "log",
    "exp2": "exp",
    "sgn": "where",
    "sign": "where",
    "if": "where",
}

_ASCII_OK = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ +-*/().,<>=!"
)


def _greek(ch: str) -> bool:
    return "\u0391" <= ch <= "\u03a9" or "\u03b1" <= ch <= "\u03c9"


class FormulaError(EngineError, ValueError):
    """A refused formula: ``message`` (translatable) says why, ``pos`` where (1-based or None)."""

    def __init__(self, message: Message, pos: int | None = None) -> None:
        super().__init__(message)
        self.pos = pos


# -- the tree ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Var:
    pass


@dataclass(frozen=True)
class Const:
    name: str


@dataclass(frozen=True)
class Param:
    name: str


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class Bin:
    op: str  # one of + - * / **
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    fn: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Compare:
    """A chain ``a < b <= c``: true where every link holds."""

    ops: tuple[str, ...]  # < <= > >= == !=
    operands: tuple[Node, ...]


Node = Num | Var | Const | Param | Neg | Bin | Call | Compare


@dataclass(frozen=True)
class Formula:
    """A checked formula: its text, its tree and its parameters in order of appearance."""

    text: str
    tree: Node
    params: tuple[str, ...]
    functions: frozenset[str]

    @property
    def lut_exact(self) -> bool:
        """Only correctly rounded operations: a 256-entry table per channel reproduces the module
        on a whole batch bit for bit (transcendental functions may not: SIMD vs scalar kernels)."""
        return self.functions <= EXACT_FUNCTIONS and not _has_power(self.tree)

    def switches(self) -> list[tuple[Node, Node]]:
        """Pairs (a, b) whose sign of a − b decides a branch: where the derivative may jump."""
        out: list[tuple[Node, Node]] = []
        for node in walk(self.tree):
            if isinstance(node, Call):
                a = node.args
                if node.fn in ("relu", "abs", "sqrt"):
                    out.append((a[0], Num(0.0)))
                elif node.fn in ("minimum", "maximum"):
                    out.append((a[0], a[1]))
                elif node.fn == "clamp":
                    out += [(a[0], a[1]), (a[0], a[2])]
            elif isinstance(node, Compare):
                out += list(zip(node.operands, node.operands[1:], strict=False))
        return out


def walk(node: Node):
    """Every node of the tree, parents first (iterative: trees are shallow, but be safe)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, Neg):
            stack.append(n.operand)
        elif isinstance(n, Bin):
            stack += [n.right, n.left]
        elif isinstance(n, Call):
            stack += list(reversed(n.args))
        elif isinstance(n, Compare):
            stack += list(reversed(n.operands))


def _has_power(node: Node) -> bool:
    return any(isinstance(n, Bin) and n.op == "**" for n in walk(node))


# -- checks before parsing ---------------------------------------------------------------------


def _show_char(ch: str) -> str:
    """A character as the message shows it: itself if visible, else its code point."""
    cat = unicodedata.category(ch)
    if cat[0] in "CZ" and ch != " ":
        return f"U+{ord(ch):04X}"
    return ch


def _precheck(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            Message(
                QT_TR_NOOP("the formula is too long: {n} characters (at most {limit})"),
                n=len(text),
                limit=MAX_LENGTH,
            )
        )
    if not text.strip():
        raise FormulaError(Message(QT_TR_NOOP("the formula is empty")))
    for i, ch in enumerate(text):
        if ch in _ASCII_OK or _greek(ch):
            continue
        pos = i + 1
        if ch in _LOOKALIKES:
            raise FormulaError(
                Message(
                    QT_TR_NOOP("'{ch}' at {pos}: write {ascii} (half-width) instead"),
                    ch=ch,
                    pos=pos,
                    ascii=_LOOKALIKES[ch],
                ),
                pos,
            )
        if ch == "^":
            raise FormulaError(
                Message(QT_TR_NOOP("'^' at {pos}: write powers as ** (for example x**2)"), pos=pos),
                pos,
            )
        raise FormulaError(
            Message(
                QT_TR_NOOP("character {ch} is not allowed in a formula (at {pos})"),
                ch=_show_char(ch),
                pos=pos,
            ),
            pos,
        )
    _check_brackets(text)
    _check_signs(text)
    _check_words(text)


def _check_brackets(text: str) -> None:
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i + 1)
            if len(stack) > MAX_BRACKET_DEPTH:
                raise FormulaError(
                    Message(
                        QT_TR_NOOP("brackets nested too deeply at {pos} (at most {limit})"),
                        pos=i + 1,
                        limit=MAX_BRACKET_DEPTH,
                    ),
                    i + 1,
                )
        elif ch == ")":
            if not stack:
                raise FormulaError(Message(QT_TR_NOOP("unexpected ) at {pos}"), pos=i + 1), i + 1)
            stack.pop()
    if stack:
        end = len(text.rstrip())
        raise FormulaError(Message(QT_TR_NOOP("missing ) at {pos}"), pos=end), end)


def _check_signs(text: str) -> None:
    run, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "+-":
            if run == 0:
                start = i + 1
            run += 1
            if run > MAX_SIGN_RUN:
                raise FormulaError(
                    Message(QT_TR_NOOP("too many signs in a row at {pos}"), pos=start), start
                )
        elif ch != " ":
            run = 0


def _words(text: str):
    """(1-based position, word) for each identifier-like run of letters, digits and _."""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isalpha() or ch == "_":
            j = i
            while j < len(text) and (text[j].isalnum() or text[j] == "_"):
                j += 1
            # a number's exponent ("1e5", "2.5E-3") is not a word
            if not (i > 0 and (text[i - 1].isdigit() or text[i - 1] == ".") and ch in "eE"):
                yield i + 1, text[i:j]
            i = j
        else:
            i += 1


def _check_words(text: str) -> None:
    for pos, word in _words(text):
        if word.startswith("_"):
            raise FormulaError(
                Message(
                    QT_TR_NOOP("names cannot start with _ ('{name}' at {pos})"),
                    name=word[:MAX_NAME],
                    pos=pos,
                ),
                pos,
            )
        if keyword.iskeyword(word) or word == "lambda":
            hint = _HINT_NAMES.get(word)
            if hint:
                raise _hint_error(word, hint, pos)
            raise FormulaError(
                Message(
                    QT_TR_NOOP("'{name}' at {pos} is a Python keyword, not part of a formula"),
                    name=word,
                    pos=pos,
                ),
                pos,
            )
        if len(word) > MAX_NAME:
            raise FormulaError(
                Message(
                    QT_TR_NOOP("the name at {pos} is too long (at most {limit} characters)"),
                    pos=pos,
                    limit=MAX_NAME,
                ),
                pos,
            )
        if unicodedata.normalize("NFKC", word) != word:
            raise FormulaError(
                Message(
                    QT_TR_NOOP("the name '{name}' at {pos} has unusual letters"), name=word, pos=pos
                ),
                pos,
            )


def _hint_error(word: str, hint: str, pos: int) -> FormulaError:
    return FormulaError(
        Message(
            QT_TR_NOOP("'{name}' at {pos} is not available here; use {hint}"),
            name=word,
            pos=pos,
            hint=hint,
        ),
        pos,
    )


# -- parsing -----------------------------------------------------------------------------------

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_CMPOPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
# How a refused node type is named in the message (never Python's internal class name alone).
_NODE_WORDS = {
    ast.Attribute: QT_TR_NOOP("'.' (attribute access)"),
    ast.Subscript: QT_TR_NOOP("[ ] (indexing)"),
    ast.Lambda: "lambda",
    ast.IfExp: "if … else",
    ast.BoolOp: "and / or",
    ast.Tuple: QT_TR_NOOP("a list of values"),
    ast.Starred: "*",
    ast.Mod: "%",
    ast.FloorDiv: "//",
}


def parse(text: object) -> Formula:
    """Check and parse ``text``; raises :class:`FormulaError` (nothing is ever evaluated)."""
    if not isinstance(text, str):
        raise FormulaError(Message(QT_TR_NOOP("the formula must be text")))
    _precheck(text)
    source = text.strip()
    lead = len(text) - len(text.lstrip())
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        end = len(text.rstrip())
        if not exc.offset:  # Python's parser ran out of input
            raise FormulaError(
                Message(
                    QT_TR_NOOP("the formula is incomplete: something is missing at {pos}"), pos=end
                ),
                end,
            ) from None
        pos = max(1, min(_char_pos(source, exc.offset) + lead, end))
        if "decimal literal" in str(exc.msg):  # "2x"
            raise FormulaError(
                Message(
                    QT_TR_NOOP(
                        "a number directly followed by a name at {pos}: write * between them (2*x)"
                    ),
                    pos=pos,
                ),
                pos,
            ) from None
        raise FormulaError(
            Message(QT_TR_NOOP("this is not a valid formula (at {pos})"), pos=pos), pos
        ) from None
    except (ValueError, MemoryError, RecursionError):  # cannot happen after the pre-checks
        raise FormulaError(Message(QT_TR_NOOP("this is not a valid formula"))) from None
    for count, _node in enumerate(ast.walk(tree), 1):
        if count > MAX_NODES:
            raise FormulaError(
                Message(
                    QT_TR_NOOP("the formula is too complicated (at most {n} parts)"), n=MAX_NODES
                )
            )
    if _ast_depth(tree) > MAX_TREE_DEPTH:
        raise FormulaError(
            Message(
                QT_TR_NOOP("the formula is nested too deeply (at most {n} levels)"),
                n=MAX_TREE_DEPTH,
            )
        )
    conv = _Converter(source, lead)
    root = conv.node(tree.body)
    if isinstance(root, Compare):
        raise conv.error(
            tree.body, QT_TR_NOOP("a comparison at {pos} can only be the condition of where")
        )
    if len(conv.params) > MAX_PARAMS:
        raise FormulaError(Message(QT_TR_NOOP("too many parameters (at most {n})"), n=MAX_PARAMS))
    return Formula(text.strip(), root, tuple(conv.params), frozenset(conv.functions))


def _char_pos(source: str, byte_offset: int) -> int:
    """ast counts columns in UTF-8 bytes; a student counts characters (both 1-based here)."""
    return len(source.encode("utf-8")[: max(byte_offset - 1, 0)].decode("utf-8", "ignore")) + 1


def _ast_depth(tree: ast.AST) -> int:
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_TREE_DEPTH:
            stack += [(child, depth + 1) for child in ast.iter_child_nodes(node)]
    return deepest


class _Converter:
    """ast → this module's nodes, refusing everything not on the whitelist."""

    def __init__(self, source: str, lead: int) -> None:
        self.source = source
        self.lead = lead
        self.params: list[str] = []
        self.functions: set[str] = set()

    def pos(self, node: ast.AST) -> int:
        return _char_pos(self.source, getattr(node, "col_offset", 0) + 1) + self.lead

    def error(self, node: ast.AST, template: str, **args: object) -> FormulaError:
        pos = self.pos(node)
        return FormulaError(Message(template, pos=pos, **args), pos)

    def node(self, n: ast.AST, condition: bool = False, power_chain: int = 0) -> Node:
        if isinstance(n, ast.Constant):
            return self.number(n)
        if isinstance(n, ast.Name):
            return self.name(n)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, (ast.USub, ast.UAdd)):
            inner = self.node(n.operand)
            return Neg(inner) if isinstance(n.op, ast.USub) else inner
        if isinstance(n, ast.BinOp) and type(n.op) in _BINOPS:
            op = _BINOPS[type(n.op)]
            chain = power_chain + 1 if op == "**" else 0
            if chain > MAX_POWER_CHAIN:
                raise self.error(n, QT_TR_NOOP("too many powers of powers at {pos}"))
            left = self.node(n.left, power_chain=chain if op == "**" else 0)
            right = self.node(n.right, power_chain=chain if op == "**" else 0)
            if op == "**":
                self.check_exponent(n.right, right)
            return Bin(op, left, right)
        if isinstance(n, ast.Call):
            return self.call(n)
        if isinstance(n, ast.Compare):
            if not condition:
                raise self.error(
                    n, QT_TR_NOOP("a comparison at {pos} can only be the condition of where")
                )
            ops = []
            for op in n.ops:
                if type(op) not in _CMPOPS:
                    raise self.error(n, QT_TR_NOOP("this comparison is not allowed (at {pos})"))
                ops.append(_CMPOPS[type(op)])
            operands = (self.node(n.left), *(self.node(c) for c in n.comparators))
            return Compare(tuple(ops), operands)
        what = _NODE_WORDS.get(type(n)) or _NODE_WORDS.get(type(getattr(n, "op", None)))
        if what:
            raise self.error(
                n, QT_TR_NOOP("{what} is not allowed in a formula (at {pos})"), what=what
            )
        raise self.error(n, QT_TR_NOOP("this is not allowed in a formula (at {pos})"))

    def number(self, n: ast.Constant) -> Num:
        value = n.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if isinstance(value, complex):
                raise self.error(n, QT_TR_NOOP("imaginary numbers are not allowed (at {pos})"))
            raise self.error(n, QT_TR_NOOP("only numbers and names are allowed (at {pos})"))
        # A huge integer literal would not even convert to float: compare as int first.
        if isinstance(value, int) and abs(value) > MAX_LITERAL:
            raise self.error(
                n,
                QT_TR_NOOP("the number at {pos} is too large (at most {limit:g})"),
                limit=MAX_LITERAL,
            )
        value = float(value)
        if not abs(value) <= MAX_LITERAL:  # also catches inf and nan
            raise self.error(
                n,
                QT_TR_NOOP("the number at {pos} is too large (at most {limit:g})"),
                limit=MAX_LITERAL,
            )
        return Num(value)

    def name(self, n: ast.Name) -> Node:
        ident = n.id
        if ident == VARIABLE:
            return Var()
        if ident in CONSTANTS:
            return Const(ident)
        if ident in FUNCTIONS:
            raise self.error(
                n, QT_TR_NOOP("{name} at {pos} is a function: write {name}(…)"), name=ident
            )
        if ident in _HINT_NAMES:
            raise _hint_error(ident, _HINT_NAMES[ident], self.pos(n))
        if ident in _RESERVED or ident.startswith("_"):
            raise self.error(
                n, QT_TR_NOOP("'{name}' at {pos} cannot be used as a parameter name"), name=ident
            )
        if ident not in self.params:
            self.params.append(ident)
        return Param(ident)

    def call(self, n: ast.Call) -> Call:
        if not isinstance(n.func, ast.Name):
            raise self.error(n, QT_TR_NOOP("only the listed functions can be called (at {pos})"))
        fn = n.func.id
        if fn not in FUNCTIONS:
            if fn in _HINT_NAMES:
                raise _hint_error(fn, _HINT_NAMES[fn], self.pos(n))
            raise self.error(
                n, QT_TR_NOOP("unknown function '{name}' at {pos}"), name=fn[:MAX_NAME]
            )
        if n.keywords:
            raise self.error(n, QT_TR_NOOP("{name} at {pos} takes no named arguments"), name=fn)
        if any(isinstance(a, ast.Starred) for a in n.args):
            raise self.error(n, QT_TR_NOOP("* is not allowed in a formula (at {pos})"))
        want = FUNCTIONS[fn]
        if len(n.args) != want:
            raise self.error(
                n,
                QT_TR_NOOP("{name} at {pos} takes {want} argument(s), not {got}"),
                name=fn,
                want=want,
                got=len(n.args),
            )
        args = tuple(
            self.node(a, condition=(fn == "where" and i == 0)) for i, a in enumerate(n.args)
        )
        if fn == "where" and not isinstance(args[0], Compare):
            raise self.error(
                n.args[0],
                QT_TR_NOOP("the first argument of where (at {pos}) must be a comparison"),
            )
        self.functions.add(fn)
        return Call(fn, args)

    def check_exponent(self, raw: ast.AST, node: Node) -> None:
        value = node.operand if isinstance(node, Neg) else node
        if isinstance(value, Num) and abs(value.value) > MAX_EXPONENT:
            raise self.error(
                raw,
                QT_TR_NOOP("the exponent at {pos} is too large (at most {limit:g})"),
                limit=MAX_EXPONENT,
            )


def check(text: object) -> FormulaError | None:
    """The refusal for ``text``, or None when it is a valid formula."""
    try:
        parse(text)
    except FormulaError as exc:
        return exc
    return None
