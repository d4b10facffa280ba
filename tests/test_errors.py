"""One error base class: every error the engine defines carries a translatable message the same
way, and every file the program writes fails with the same WriteError."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import numpy as np
import pytest

from engine import export, lesson, preset
from engine.atomic_file import WriteError, write_atomic
from engine.codegen_export import write_script
from engine.errors import EngineError
from engine.messages import Message
from engine.network_export import export_curves_csv

ENGINE = Path(__file__).resolve().parents[1] / "engine"


def _exception_classes() -> list[type]:
    """Every class in engine/ that derives, directly or not, from an exception."""
    found = []
    for path in sorted(ENGINE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
        if not names:
            continue
        module = importlib.import_module(f"engine.{path.stem}")
        for name in names:
            cls = getattr(module, name)
            if isinstance(cls, type) and issubclass(cls, BaseException):
                found.append(cls)
    return found


def test_every_engine_error_derives_from_the_one_base():
    classes = _exception_classes()
    names = {c.__name__ for c in classes}
    # The ones the GUI and the command line catch by name must be among them.
    assert {"PresetError", "LessonError", "DataError", "ExportError", "WriteError"} <= names
    for cls in classes:
        if cls.__name__ == "Cancelled":  # the job runner's control flow, not an error
            continue
        assert issubclass(cls, EngineError), cls
        # Only the base keeps the message: no subclass repeats the same constructor.
        if cls is not EngineError and "__init__" in vars(cls):
            assert cls.__name__ == "FormulaError", f"{cls.__name__} repeats __init__"


def test_the_base_keeps_the_translatable_message():
    message = Message("{path} is missing", path="explorer")
    exc = preset.PresetError(message)
    assert exc.message is message and str(exc) == "explorer is missing"
    assert isinstance(exc, ValueError)  # callers that caught ValueError still do


@pytest.mark.parametrize(
    "write",
    [
        lambda p: preset.save_preset(p, preset.snapshot(_explorer())),
        lambda p: lesson.save_lesson(p, lesson.load_builtin("en")),
        lambda p: export.curves_csv(p, [("a", np.zeros(2), np.zeros(2), np.zeros(2))]),
        lambda p: export.write_png(p, np.zeros((2, 2, 3), np.uint8)),
        lambda p: write_script(p, "print(1)\n"),
        lambda p: export_curves_csv(p, [], ["ReLU"], [], []),
        lambda p: write_atomic(p, b"x"),
    ],
    ids=["preset", "lesson", "csv", "png", "script", "race-csv", "atomic"],
)
def test_every_writer_fails_with_the_same_write_error(tmp_path, write):
    target = tmp_path / "missing-folder" / "file"
    with pytest.raises(WriteError) as info:
        write(target)
    assert type(info.value) is WriteError  # not re-badged as the caller's own class
    assert isinstance(info.value.message, Message)
    assert info.value.message.template == "cannot write {path}: {error}"
    assert info.value.message.args["path"] == str(target)
    assert list(tmp_path.iterdir()) == []  # nothing half-written left behind


def test_an_atomic_write_replaces_the_whole_file(tmp_path):
    target = tmp_path / "f.txt"
    target.write_bytes(b"old and longer")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def _explorer():
    from engine.explorer_state import ExplorerState

    return ExplorerState.default()
