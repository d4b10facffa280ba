"""The one place that knows where ``resources/`` lives (source tree or PyInstaller bundle)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """The ``resources`` folder: in a frozen bundle (``sys._MEIPASS``) or in the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file below ``resources/``; ``resource_path("texts", "en", "x.json")``."""
    return resources_root().joinpath(*parts)
