"""What the program remembers between runs, in QSettings.

Language, theme, window geometry, splitter layouts, the current panel, and the teaching state
(selected and overlaid activations with their parameters, x range, pipeline settings) — the last
stored as a preset document (``engine.preset``), so one validated format serves both. Anything
unreadable falls back to defaults with a note for the status bar, never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter

from engine import preset
from engine.messages import QT_TR_NOOP, Message
from gui import style
from gui.i18n import LANGUAGES, tr_message

STATE_KEY = "state/preset"
DAMAGED = QT_TR_NOOP("The saved settings could not be read ({0}); defaults are used.")


@dataclass
class SavedUi:
    language: str | None
    theme: str


class SettingsStore:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings
        self.splitters: dict[str, QByteArray] = {}

    # -- reading -------------------------------------------------------------------------------
    def _text(self, key: str, allowed: tuple[str, ...]) -> str | None:
        value = self.settings.value(key)
        return value if isinstance(value, str) and value in allowed else None

    def load_ui(self) -> SavedUi:
        return SavedUi(
            language=self._text("ui/language", LANGUAGES),
            theme=self._text("ui/theme", style.THEMES) or "light",
        )

    def restore_state(self, explorer_state, image_state) -> list[str]:
        """Apply the stored teaching state; returns notes (already translated) for the user."""
        notes: list[str] = []
        if self.settings.status() != QSettings.Status.NoError:
            notes.append(_damaged(Message(QT_TR_NOOP("the settings file is damaged"))))
            return notes
        text = self.settings.value(STATE_KEY)
        if text is None:
            return notes
        try:
            if not isinstance(text, str):
                raise preset.PresetError(Message(QT_TR_NOOP("not a text")))
            data = preset.loads(text)
            # The image browser has no data yet: its split is applied once images load.
            preset.apply(data, explorer_state, image_state)
        except preset.PresetError as exc:
            notes.append(_damaged(exc.message))
        return notes

    def restore_window(self, window) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            window.restoreGeometry(geometry)
        panel = self.settings.value("window/panel")
        if isinstance(panel, str) and panel in window.panels:
            window.show_panel(panel)
        for name in ("explorer", "images"):
            value = self.settings.value(f"layout/{name}")
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
        self.settings.setValue("ui/language", window.lang)
        self.settings.setValue("ui/theme", style.LOOK.theme)

    def save_panels(self, window) -> None:
        for name in ("explorer", "images"):
            splitter = _splitter(window, name)
            if splitter is not None:
                self.splitters[name] = splitter.saveState()

    def save_all(self, window) -> None:
        self.save_ui(window)
        self.save_panels(window)
        for name, state in self.splitters.items():
            self.settings.setValue(f"layout/{name}", state)
        if not style.LOOK.classroom:  # full-screen geometry is not the window's own
            self.settings.setValue("window/geometry", window.saveGeometry())
        self.settings.setValue("window/panel", window.current_panel())
        state = window.image_state
        data = preset.snapshot(window.explorer_state, state.settings, state.split or None)
        self.settings.setValue(STATE_KEY, preset.dumps(data))
        self.settings.sync()


def _damaged(reason: Message | str) -> str:
    from gui.i18n import tr

    return tr(DAMAGED).format(tr_message(reason))


def _splitter(window, name: str) -> QSplitter | None:
    panel = window.panels.get(name)
    return getattr(panel, "splitter", None) if panel is not None else None
