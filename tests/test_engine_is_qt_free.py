"""engine/ must import and work without Qt (it is also used from the command line)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import engine
from tests.conftest import ROOT

QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph", "superqt", "PyQt5", "PyQt6")


def test_every_engine_module_imports_without_qt():
    names = [f"engine.{m.name}" for m in pkgutil.iter_modules(engine.__path__)]
    assert "engine.curves" in names and "engine.jobs" in names
    code = (
        "import importlib, json, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        f"print(json.dumps([m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_catalogue_and_state_do_not_import_torch():
    # The GUI lists activations before torch has loaded.
    code = (
        "import sys, engine.catalogue, engine.explorer_state, engine.jobs, engine.texts\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_torch_leaves_one_core_to_the_gui():
    from engine.runtime import torch_threads

    assert [torch_threads(n) for n in (1, 2, 3, 4, 8, 64)] == [1, 1, 2, 3, 4, 4]
