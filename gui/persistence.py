"""What the program remembers between runs, in QSettings.

Language, theme, window geometry, splitter layouts, the current panel, and the teaching state
(selected and overlaid activations with their parameters, x range, pipeline settings) — the last
stored as a preset document (``engine.preset``), so one validated format serves both. Anything
unreadable falls back to defaults with a note for the status bar, never a crash; the store that
could not be read is set aside (copied next to it as ``….damaged-<time>``) and the bad value
removed, so the next start is clean. A store file that is not a regular file (a pipe would block
QSettings for ever) or is absurdly large is moved aside before QSettings opens it.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QSplitter

from engine import preset
from engine.messages import QT_TR_NOOP, Message
from engine.safe_files import MB
from gui import settings_keys as keys
from gui import style
from gui.i18n import LANGUAGES, tr_message

STATE_KEY = keys.TEACHING_STATE
DAMAGED = QT_TR_NOOP("The saved settings could not be read ({0}); defaults are used.")
KEPT = QT_TR_NOOP("The damaged settings were kept as {0}.")
# A real store is a few kB (one preset, window geometry, splitter states).
STORE_LIMIT = 4 * MB


@dataclass
class SavedUi:
    language: str | None
    theme: str
    percent: int = style.DEFAULT_PERCENT  # classroom scale


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def default_store_path() -> Path | None:
    """The file behind ``QSettings()`` where it is an INI-style file (Linux, BSD), else None."""
    if not (os.name == "posix" and not _is_mac()):
        return None  # Windows: the registry; macOS: a plist written by the system
    app = QCoreApplication.instance()
    if app is None:
        return None
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    org = app.organizationName() or app.applicationName()
    return Path(base) / org / f"{app.applicationName()}.conf"


def _is_mac() -> bool:
    return sys.platform == "darwin"


def guard_store_file(path: Path | None) -> str | None:
    """Move ``path`` aside if QSettings could hang on it or be flooded by it; a note if so."""
    if path is None:
        return None
    try:
        info = os.stat(path)  # stat never blocks, even on a pipe
    except OSError:
        return None  # absent (first start) or unreachable: QSettings starts empty
    if stat.S_ISREG(info.st_mode) and info.st_size <= STORE_LIMIT:
        return None
    aside = path.with_name(f"{path.name}.damaged-{_stamp()}")
    try:
        os.replace(path, aside)
    except OSError:
        return None
    reason = Message(QT_TR_NOOP("the settings file is not an ordinary file or is too large"))
    return " ".join([_damaged(reason), _tr(KEPT).format(str(aside))])


def open_default_settings() -> tuple[QSettings, list[str]]:
    """``QSettings()`` made safe to open, and notes (translated) about what was set aside."""
    note = guard_store_file(default_store_path())
    return QSettings(), [note] if note else []


def _tr(text: str) -> str:
    from gui.i18n import tr

    return tr(text)


class SettingsStore:
    def __init__(self, settings: QSettings | None = None, keep_dir: Path | None = None) -> None:
        self.notes: list[str] = []
        # Where a copy of a failed value goes when the store is no file to copy (Windows keeps
        # QSettings in the registry): the program's data folder.
        self.keep_dir = keep_dir
        if settings is None:
            settings, self.notes = open_default_settings()
        self.settings = settings
        self.splitters: dict[str, QByteArray] = {}
        self.restored_labs: dict[str, dict[str, object]] = {}  # labs of the remembered session

    # -- reading -------------------------------------------------------------------------------
    def _text(self, key: str, allowed: tuple[str, ...]) -> str | None:
        value = self.settings.value(key)
        return value if isinstance(value, str) and value in allowed else None

    def load_ui(self) -> SavedUi:
        return SavedUi(
            language=self._text(keys.LANGUAGE, LANGUAGES),
            theme=self._text(keys.THEME, style.THEMES) or "light",
            percent=self._percent(),
        )

    def _percent(self) -> int:
        value = self.settings.value(keys.CLASSROOM_PERCENT)
        try:
            percent = int(value)
        except (TypeError, ValueError):
            return style.DEFAULT_PERCENT
        return percent if percent in style.CLASSROOM_PERCENTS else style.DEFAULT_PERCENT

    def restore_state(self, explorer_state, image_state) -> list[str]:
        """Apply the stored teaching state; returns notes (already translated) for the user."""
        notes = list(self.notes)
        if self.settings.status() != QSettings.Status.NoError:
            reason = Message(QT_TR_NOOP("the settings file is damaged"))
            notes.append(self._set_aside(_damaged(reason), clear=True))
            return notes
        text = self.settings.value(STATE_KEY)
        if text is None:
            return notes
        try:
            if not isinstance(text, str):
                raise preset.PresetError(Message(QT_TR_NOOP("not a text")))
            data = preset.loads(text)
            labs = preset.labs_of(data, explorer_state)  # shown once the labs are built
            # The image browser has no data yet: its split is applied once images load.
            preset.apply(data, explorer_state, image_state)
            self.restored_labs = labs
        except preset.PresetError as exc:
            notes.append(self._set_aside(_damaged(exc.message)))
        return notes

    def _set_aside(self, note: str, clear: bool = False) -> str:
        """Keep a copy of the store that failed, drop what failed; ``note`` plus where the copy
        is. The next start then begins clean instead of failing the same way again."""
        aside = self._keep_copy()
        if aside is not None:
            note = " ".join([note, _tr(KEPT).format(str(aside))])
        if clear:
            self.settings.clear()
        else:
            self.settings.remove(STATE_KEY)
        self.settings.sync()
        return note

    def _keep_copy(self) -> Path | None:
        """A copy of what failed: the store file itself (an INI file on Linux, a plist on
        macOS), else (the Windows registry) the stored teaching state as a text file in
        ``keep_dir``. None if neither can be written; the defaults are used all the same."""
        stamp = _stamp()
        source = Path(self.settings.fileName())
        try:
            if source.is_file():
                aside = source.with_name(f"{source.name}.damaged-{stamp}")
                shutil.copyfile(source, aside)
                return aside
            text = self.settings.value(STATE_KEY)
            if self.keep_dir is None or not isinstance(text, str):
                return None
            aside = self.keep_dir / f"settings.damaged-{stamp}.txt"
            aside.parent.mkdir(parents=True, exist_ok=True)
            # Kept as it was, lone surrogates written as \udxxx escapes.
            aside.write_text(text, encoding="utf-8", errors="backslashreplace")
            return aside
        except (OSError, ValueError):
            return None

    def restore_window(self, window) -> None:
        geometry = self.settings.value(keys.GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            window.restoreGeometry(geometry)
        panel = self.settings.value(keys.PANEL)
        if isinstance(panel, str) and panel in window.panels:
            window.show_panel(panel)
        for name in ("explorer", "images"):
            value = self.settings.value(keys.layout(name))
            if isinstance(value, QByteArray) and not value.isEmpty():
                self.splitters[name] = value
        self.restore_panels(window)

    def restore_panels(self, window) -> None:
        """Splitter layouts of the panels that exist now (the image browser comes later)."""
        for name in ("explorer", "images"):
            splitter = _splitter(window, name)
            if splitter is not None and name in self.splitters:
                splitter.restoreState(self.splitters[name])

    # -- writing -------------------------------------------------------------------------------
    def save_ui(self, window) -> None:
        self.settings.setValue(keys.LANGUAGE, window.lang)
        self.settings.setValue(keys.THEME, style.LOOK.theme)
        self.settings.setValue(keys.CLASSROOM_PERCENT, style.LOOK.percent)

    def save_panels(self, window) -> None:
        for name in ("explorer", "images"):
            splitter = _splitter(window, name)
            if splitter is not None:
                self.splitters[name] = splitter.saveState()

    def save_all(self, window) -> None:
        self.save_ui(window)
        self.save_panels(window)
        for name, state in self.splitters.items():
            self.settings.setValue(keys.layout(name), state)
        if not style.LOOK.classroom:  # full-screen geometry is not the window's own
            self.settings.setValue(keys.GEOMETRY, window.saveGeometry())
        self.settings.setValue(keys.PANEL, window.current_panel())
        state = window.image_state
        from gui.lab_presets import labs_extra

        data = preset.snapshot(
            window.explorer_state,
            state.settings,
            state.split or None,
            extra={"panel": window.current_panel(), **labs_extra(window)},
        )
        self.settings.setValue(STATE_KEY, preset.dumps(data))
        self.settings.sync()


def _damaged(reason: Message | str) -> str:
    from gui.i18n import tr

    return tr(DAMAGED).format(tr_message(reason))


def _splitter(window, name: str) -> QSplitter | None:
    panel = window.panels.get(name)
    return getattr(panel, "splitter", None) if panel is not None else None
