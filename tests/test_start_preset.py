"""A start with ``--preset`` (or the remembered session) reproduces the whole preset, also the
parts that can only be shown once the data has loaded and the labs are built (issue 10)."""

from __future__ import annotations

import configparser
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from engine import preset
from engine.explorer_state import ExplorerState
from engine.image_state import Settings
from engine.network_config import SETUPS, preset_section
from gui import style
from tests.conftest import ROOT
from tests.test_main_robust import env_for

XOR_RATE = 0.3


def lesson_preset(**extra) -> dict:
    state = ExplorerState.default()
    state.set_checked("tanh", True)
    state.select("tanh")
    setup = "deep_sigmoid"
    extra = {
        "panel": "labs-xor",
        "labs": {"xor": {"learning_rate": XOR_RATE}},
        "network": preset_section(setup, SETUPS[setup][1]),
        **extra,
    }
    return preset.snapshot(state, Settings(display="diverging"), "train", extra=extra)


def open_window(qtbot, tmp_path: Path, cifar_dir: Path, settings: QSettings | None = None):
    from gui.main_window import MainWindow

    settings = settings or QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        lang="en", data_dir=tmp_path / "appdata", settings=settings, cifar_root=cifar_dir
    )
    qtbot.addWidget(window)
    return window


def started(qtbot, window):
    window.resize(1366, 768)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
    return window


def close(window) -> None:
    window.close()
    window.join_workers()


def test_a_start_preset_is_shown_once_data_and_labs_are_there(qtbot, tmp_path, cifar_dir):
    data = preset.loads(preset.dumps(lesson_preset(theme="dark")))
    window = open_window(qtbot, tmp_path, cifar_dir)
    try:
        assert window.images is None and window.network is None  # nothing loaded yet
        notes = window.exporter.apply_preset(data, look=True)
        assert notes == []  # no "the data has no train split": there is no data yet
        started(qtbot, window)
        assert style.LOOK.theme == "dark"
        assert window.current_panel() == "labs-xor"
        images = window.images
        assert images.state.split == "train" and len(images.state) == 150
        assert images.split.currentData() == "train"
        assert images.state.settings.display == "diverging"
        assert window.labs["labs-xor"].preset_section()["learning_rate"] == XOR_RATE
        assert window.network.preset_section() == data["network"]
        assert window.explorer_state.selected == "tanh"
    finally:
        window.set_theme("light")
        close(window)


def test_the_remembered_split_is_shown_once_the_data_loads(qtbot, tmp_path, cifar_dir):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("state/preset", preset.dumps(lesson_preset()))
    settings.sync()
    window = open_window(qtbot, tmp_path, cifar_dir, settings)
    try:
        assert window.settings_notes == []
        started(qtbot, window)
        assert window.image_state.split == "train"
        assert window.images.split.currentData() == "train"
    finally:
        close(window)


def test_a_later_folder_does_not_inherit_the_wanted_split(qtbot, tmp_path, cifar_dir):
    from engine.image_state import ImageBrowserState

    state = ImageBrowserState()
    assert state.want_split("train")

    class Source:
        def __init__(self, *names):
            self.splits = dict.fromkeys(names)

    state.set_source(Source("test", "train"))
    assert state.split == "train"
    state.set_source(Source("test", "train"))  # another folder opened later: its default
    assert state.split == "test"
    assert not state.want_split("validation")  # data on show without it: nothing changes
    assert state.split == "test"


def stored(tmp_path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser()
    parser.read(tmp_path / "config" / "Activation Lab" / "Activation Lab.conf", encoding="utf-8")
    return parser


def test_main_with_a_preset_starts_dark_in_its_language_panel_and_split(tmp_path, cifar_dir):
    path = tmp_path / "lesson.json"
    preset.save_preset(path, lesson_preset(theme="dark", language="zh_CN"))
    out = tmp_path / "shot.png"
    args = ["--preset", str(path), "--cifar-root", str(cifar_dir), "--size", "1366x768"]
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--screenshot", str(out)],
        cwd=ROOT,
        env=env_for(tmp_path),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out)).convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    assert pixels[:, : image.width() * 3].mean() < 80  # the dark theme, not a light window
    conf = stored(tmp_path)  # what the window showed when it closed
    assert conf.get("ui", "theme") == "dark" and conf.get("ui", "language") == "zh_CN"
    assert conf.get("window", "panel") == "labs-xor"
    state = json.loads(conf.get("state", "preset").strip('"').encode().decode("unicode_escape"))
    assert state["images"]["split"] == "train"
    assert state["labs"]["xor"]["learning_rate"] == XOR_RATE


def test_command_line_panel_and_language_win_over_the_preset(tmp_path, cifar_dir):
    path = tmp_path / "lesson.json"
    preset.save_preset(path, lesson_preset(language="zh_CN"))
    args = ["--preset", str(path), "--panel", "guide", "--lang", "en", "--size", "800x600"]
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--screenshot", str(tmp_path / "s.png")],
        cwd=ROOT,
        env=env_for(tmp_path),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    conf = stored(tmp_path)
    assert conf.get("window", "panel") == "guide" and conf.get("ui", "language") == "en"
