"""The program's own code, written into a generated script: where a script must compute exactly
what the program computes (the built-in sample images, the lab's 80 / 20 split, the image-folder
recipe), it carries the engine's definitions rather than a copy written by hand.

The text is read from the engine's source file (a frozen bundle ships those modules' ``.py``
files too: ``module_collection_mode`` in activation_lab.spec) and cleaned with ``ast``: no
docstrings, comments, imports or annotations — the script explains in the user's language and
imports what it needs itself.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterable

from engine.codegen_errors import CodeError
from engine.messages import QT_TR_NOOP, Message

# Modules whose code a script may carry (activation_lab.spec ships their source).
CARRIED = ("engine.sample_pixels", "engine.holdout", "engine.image_folder")


class SourceMissing(CodeError):
    """The engine's source is not available (a bundle built without it): Show code and
    ``--export-code`` say so like any script that cannot be written."""


def _defined(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, ast.Assign):
        return {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return {node.target.id}
    return set()


def _plain(node: ast.stmt) -> ast.stmt:
    """``node`` without docstrings and annotations (nested definitions too)."""
    for inner in ast.walk(node):
        if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner.returns = None
            for arg in (*inner.args.posonlyargs, *inner.args.args, *inner.args.kwonlyargs):
                arg.annotation = None
        if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = inner.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                inner.body = body[1:] or [ast.Pass()]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
        node = ast.Assign(targets=[node.target], value=node.value, lineno=node.lineno)
    return node


def _source(module: object) -> str:
    """The module's source text (OSError when the file is not there)."""
    return inspect.getsource(module)  # type: ignore[arg-type]


def engine_code(module_name: str, names: Iterable[str] | None = None) -> str:
    """The top-level definitions ``names`` of ``module_name`` (every one if None), in their
    order, as plain source; SourceMissing if the module's source cannot be read."""
    if module_name not in CARRIED:
        raise ValueError(f"{module_name} is not one of {CARRIED}")
    try:
        tree = ast.parse(_source(importlib.import_module(module_name)))
    except (OSError, TypeError) as exc:
        raise SourceMissing(
            Message(
                QT_TR_NOOP("this copy of the program lacks its own source ({module})"),
                module=module_name,
            )
        ) from exc
    wanted = None if names is None else set(names)
    out, last_def = "", None
    for node in tree.body:
        defined = _defined(node)
        if not defined or (wanted is not None and not defined & wanted):
            continue  # docstring, imports, checks: not definitions
        is_def = isinstance(node, (ast.FunctionDef, ast.ClassDef))
        if last_def is not None:  # two blank lines around a definition, as in the engine
            out += "\n\n\n" if is_def or last_def else "\n"
        out += ast.unparse(_plain(node))
        last_def = is_def
    missing = (wanted or set()) - {n for node in tree.body for n in _defined(node)}
    if missing:
        raise ValueError(f"{module_name} defines no {sorted(missing)}")
    return out
