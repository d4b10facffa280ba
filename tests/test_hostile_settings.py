"""Hostile settings stores and preset files (issue 10, items 1 and 3): the program always starts,
a store that failed is set aside so the next start is clean, and nothing blocks the window."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from engine import preset
from engine.explorer_state import ExplorerState
from gui import persistence, style
from gui.main_window import MainWindow
from gui.persistence import SettingsStore

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def surrogate_preset_text() -> str:
    """A stored preset whose "selected" is the JSON escape \\ud800: valid JSON, not UTF-8."""
    data = preset.snapshot(ExplorerState.default())
    data["explorer"]["selected"] = "\ud800"
    text = json.dumps(data)  # ensure_ascii: the surrogate is written as the 6 characters \ud800
    assert "\\ud800" in text and text.isascii()
    return text


def open_window(qtbot, ini: Path, tmp_path: Path) -> MainWindow:
    window = MainWindow(
        lang="en",
        settings=QSettings(str(ini), QSettings.Format.IniFormat),
        data_dir=tmp_path / "appdata",
    )
    qtbot.addWidget(window)
    return window


def test_a_lone_surrogate_in_the_store_does_not_stop_the_start(qtbot, tmp_path):
    ini = tmp_path / "settings.ini"
    store = QSettings(str(ini), QSettings.Format.IniFormat)
    store.setValue("ui/theme", "light")
    store.setValue(persistence.STATE_KEY, surrogate_preset_text())
    store.sync()
    del store

    window = open_window(qtbot, ini, tmp_path)  # raised UnicodeEncodeError before the fix
    try:
        assert window.explorer_state.visible_keys() == ["relu", "sigmoid", "tanh"]
        (note,) = window.settings_notes
        assert "defaults are used" in note and "\ud800" not in note
        kept = sorted(tmp_path.glob("settings.ini.damaged-*"))
        assert len(kept) == 1 and "\\ud800" in kept[0].read_text()
        assert str(kept[0]) in note
        # The bad value is gone from the store; the rest stays.
        check = QSettings(str(ini), QSettings.Format.IniFormat)
        assert check.value(persistence.STATE_KEY) is None
        assert check.value("ui/theme") == "light"
    finally:
        window.close()
    # The next start is clean.
    second = open_window(qtbot, ini, tmp_path)
    try:
        assert second.settings_notes == []
    finally:
        second.close()
        style.apply(QApplication.instance(), theme="light", classroom=False)


def test_a_preset_with_a_lone_surrogate_is_refused_in_words(tmp_path):
    path = tmp_path / "lesson.json"
    path.write_text(surrogate_preset_text())
    with pytest.raises(preset.PresetError) as info:
        preset.load_preset(path)
    assert "not valid Unicode" in str(info.value)
    str(info.value).encode("utf-8")  # the message itself is clean text


def test_translating_text_with_a_lone_surrogate_does_not_raise(qapp):
    from engine.messages import Message
    from gui.i18n import tr, tr_message

    assert tr("x\ud800") == "x\ufffd"
    assert tr_message(Message("{path}: missing file", path="a\ud800")) == "a\ufffd: missing file"


@needs_fifo
def test_a_store_file_that_is_a_pipe_or_huge_is_moved_aside(qapp, tmp_path):
    fifo = tmp_path / "Activation Lab.conf"
    os.mkfifo(fifo)
    note = persistence.guard_store_file(fifo)
    assert note and "not an ordinary file" in note
    assert not fifo.exists() and len(list(tmp_path.glob("*.damaged-*"))) == 1
    huge = tmp_path / "big.conf"
    with open(huge, "wb") as f:
        f.truncate(persistence.STORE_LIMIT + 1)
    assert persistence.guard_store_file(huge) is not None and not huge.exists()
    small = tmp_path / "ok.conf"
    small.write_text("[ui]\ntheme=dark\n")
    assert persistence.guard_store_file(small) is None and small.exists()
    assert persistence.guard_store_file(tmp_path / "absent.conf") is None


@needs_fifo
def test_open_preset_on_a_pipe_says_why_without_blocking(qtbot, tmp_path):
    ini = tmp_path / "settings.ini"
    window = open_window(qtbot, ini, tmp_path)
    fifo = tmp_path / "lesson.json"
    os.mkfifo(fifo)
    released = threading.Event()

    def release_if_stuck() -> None:
        # Before the fix open() waited for a writer for ever; unblock it so the test can fail.
        if not released.wait(20):
            with open(fifo, "wb"):
                pass

    threading.Thread(target=release_if_stuck, daemon=True).start()
    try:
        before = window.explorer_state.visible_keys()
        assert window.exporter.open_preset(fifo) is False
        released.set()
        assert "not an ordinary file (a pipe)" in window.statusBar().currentMessage()
        assert window.explorer_state.visible_keys() == before
    finally:
        released.set()
        window.close()


REGISTRY = r"\HKEY_CURRENT_USER\Software\Activation Lab\Activation Lab"


@pytest.mark.parametrize("store", ["ini file", "registry"])
def test_a_failed_store_is_kept_where_the_platform_allows(qapp, tmp_path, store):
    """Linux and macOS keep a copy of the store file; the Windows registry is no file, so the
    failed value is kept as a text file in the program's data folder. Either way the note says
    where, the name is valid on Windows, and the next start is clean."""
    from engine.image_state import ImageBrowserState

    ini = tmp_path / "settings.ini"
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    settings.setValue(persistence.STATE_KEY, surrogate_preset_text())
    settings.sync()
    if store == "registry":
        settings.fileName = lambda: REGISTRY  # what QSettings() reports on Windows
    keep_dir = tmp_path / "appdata"
    state = SettingsStore(settings, keep_dir=keep_dir)
    (note,) = state.restore_state(ExplorerState.default(), ImageBrowserState())
    kept = sorted((tmp_path if store == "ini file" else keep_dir).glob("*damaged-*"))
    assert len(kept) == 1 and str(kept[0]) in note, note
    assert "\\ud800" in kept[0].read_text(encoding="utf-8")
    assert not set('<>:"|?*') & set(kept[0].name)
    assert settings.value(persistence.STATE_KEY) is None
    again = SettingsStore(settings, keep_dir=keep_dir)
    assert again.restore_state(ExplorerState.default(), ImageBrowserState()) == []


def test_no_place_to_keep_a_copy_still_starts_with_the_defaults(qapp, tmp_path):
    from engine.image_state import ImageBrowserState

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(persistence.STATE_KEY, surrogate_preset_text())
    settings.fileName = lambda: REGISTRY
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    (note,) = SettingsStore(settings, keep_dir=blocked).restore_state(
        ExplorerState.default(), ImageBrowserState()
    )
    assert "defaults are used" in note and "kept" not in note
    assert settings.value(persistence.STATE_KEY) is None


def test_other_platforms_open_the_store_without_the_file_guard(qapp, monkeypatch):
    for name, platform in (("nt", "win32"), ("posix", "darwin")):
        monkeypatch.setattr(persistence.os, "name", name)
        monkeypatch.setattr(persistence.sys, "platform", platform)
        assert persistence.default_store_path() is None
        settings, notes = persistence.open_default_settings()
        assert notes == [] and isinstance(settings, QSettings)
