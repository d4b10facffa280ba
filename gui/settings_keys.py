"""Every key the program stores in QSettings, spelled once.

A key misspelt in one place silently reads nothing; keeping them here makes a rename or a new
key one edit, and lets a test check that nothing else spells one. Plain strings, no Qt: the
command line reads one before any window exists.
"""

from __future__ import annotations

LANGUAGE = "ui/language"
THEME = "ui/theme"
CLASSROOM_PERCENT = "ui/classroom_percent"
GEOMETRY = "window/geometry"
PANEL = "window/panel"
TEACHING_STATE = "state/preset"  # the explorer, images and labs as a preset document
CIFAR_FOLDER = "data/cifar_folder"  # the CIFAR-10 folder the user chose
DATA_DIR = "data/last_dir"  # where the last data folder or file was picked
EXPORT_DIR = "export/last_dir"  # where the last export went


def layout(panel: str) -> str:
    """A panel's splitter layout."""
    return f"layout/{panel}"
