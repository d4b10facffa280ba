"""Lesson mode: a bar above the panels with the current step's title and note, and Previous/Next.

A lesson (``engine.lesson``) is a list of steps, each a preset. Showing a step applies its preset
to the window's state through ``engine.preset.apply`` (the same path as File → Open preset), then
shows its panel. Page Down / Page Up — what presentation clickers send — step from anywhere in the
window; the arrow keys step too unless the focused widget uses them itself (a list, a slider, a
box to type in).

The bar lives in a tool bar of the main window, outside the panels, so it is neither rebuilt nor
reset when the panels are; it retranslates itself on ``LanguageChange`` (the built-in lesson then
switches to the new language at the same step).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QStyle,
    QTabBar,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine import lesson as lessons
from engine import preset
from engine.atomic_file import WriteError
from engine.lesson import Lesson, LessonError, Step
from gui.i18n import tr, tr_message

NEXT_KEYS = (Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Down)
PREVIOUS_KEYS = (Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up)
CLICKER_KEYS = (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
# Widgets whose own use of the arrow keys wins over the lesson's.
ARROW_USERS = (
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QTabBar,
)
NOTE_LINES = 2  # the note's height is fixed, so the panels do not jump from step to step


class _Keys(QObject):
    """Application event filter: steps on clicker keys pressed anywhere in the window."""

    def __init__(self, bar: LessonBar) -> None:
        super().__init__(bar)
        self.bar = bar

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Ctrl+arrows and friends belong to the window's own actions
        if not isinstance(obj, QWidget) or obj.window() is not self.bar.window:
            return False
        if QApplication.activeModalWidget() is not None or QApplication.activePopupWidget():
            return False
        key = event.key()
        if key not in NEXT_KEYS and key not in PREVIOUS_KEYS:
            return False
        if key not in CLICKER_KEYS and isinstance(QApplication.focusWidget(), ARROW_USERS):
            return False
        self.bar.step_by(1 if key in NEXT_KEYS else -1)
        return True


class _Closing(QObject):
    """Window event filter: closing the window with unsaved steps asks first."""

    def __init__(self, bar: LessonBar) -> None:
        super().__init__(bar)
        self.bar = bar

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Close and not self.bar.may_discard():
            event.ignore()
            return True
        return False


class StepDialog(QDialog):
    """Title and note for a step made from the current state."""

    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Add a lesson step"))
        self.title = QLineEdit(title)
        self.title.setMaxLength(lessons.MAX_TITLE)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(tr("What to show or ask at this step (optional)"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("Note"), self.note)
        form.addRow(buttons)


class LessonBar(QWidget):
    """The open lesson, its current step and the controls to walk through it."""

    stepShown = Signal(int)  # index of the step just applied

    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.lesson: Lesson | None = None
        self.index = 0
        self.path: Path | None = None  # the file it was opened from or last saved to
        self.builtin = False  # the shipped lesson: follows the language
        self.unsaved = False
        self.last_notes: list[str] = []  # what the last step could not apply, translated
        self._keys = _Keys(self)
        self._closing = _Closing(self)
        window.installEventFilter(self._closing)
        self.setObjectName("lessonBar")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        icons = self.style()
        pixmaps = QStyle.StandardPixmap
        self.previous_button = QToolButton()
        self.previous_button.setObjectName("lessonPrevious")
        self.previous_button.setIcon(icons.standardIcon(pixmaps.SP_ArrowBack))
        self.next_button = QToolButton()
        self.next_button.setObjectName("lessonNext")
        self.next_button.setIcon(icons.standardIcon(pixmaps.SP_ArrowForward))
        self.close_button = QToolButton()
        self.close_button.setObjectName("lessonClose")
        self.close_button.setIcon(icons.standardIcon(pixmaps.SP_TitleBarCloseButton))
        for button in (self.previous_button, self.next_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the window
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # "Step 3 / 12" opens a menu of all steps, to jump (a question sends the class back).
        self.counter = QToolButton()
        self.counter.setObjectName("lessonCounter")
        self.counter.setAutoRaise(True)
        self.counter.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.counter.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.steps_menu = QMenu(self.counter)
        self.steps_menu.aboutToShow.connect(self._fill_steps_menu)
        self.counter.setMenu(self.steps_menu)
        self.title = QLabel()
        self.title.setObjectName("lessonTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # texts from a file are never markup
        self.note = QLabel()
        self.note.setObjectName("lessonNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        # One strip, two text lines high: step number over the title on the left, the note
        # beside them — every pixel of height is taken from the panels on a 768-line projector.
        self.title.setWordWrap(False)
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.counter)
        heading.addWidget(self.title)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(10)
        layout.addWidget(self.previous_button)
        layout.addLayout(heading)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)

        self.previous_button.clicked.connect(lambda: self.step_by(-1))
        self.next_button.clicked.connect(lambda: self.step_by(1))
        self.close_button.clicked.connect(self.close_lesson)
        self._restyle()
        self.retranslate()

    # -- opening and closing -------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.lesson is not None

    def open_lesson(
        self, lesson: Lesson, path: Path | None = None, builtin: bool = False, start: int = 0
    ) -> None:
        """Show ``lesson`` and apply its step ``start``."""
        self.lesson, self.path, self.builtin, self.unsaved = lesson, path, builtin, False
        app = QApplication.instance()
        app.removeEventFilter(self._keys)
        app.installEventFilter(self._keys)
        self._set_visible(True)
        self.go(start)

    def open_file(self, path: Path) -> bool:
        """Open a lesson file; a bad one changes nothing and says why in the status bar."""
        if not self.may_discard():
            return False
        try:
            lesson = lessons.load_lesson(path)
        except LessonError as exc:
            self.window.show_message(
                tr("The lesson was not opened: {0}").format(tr_message(exc.message)), 15000
            )
            return False
        self.open_lesson(lesson, Path(path))
        self.window.show_message(tr("Lesson {0}: {1} steps").format(Path(path).name, len(lesson)))
        return True

    def open_builtin(self) -> bool:
        if not self.may_discard():
            return False
        try:
            lesson = lessons.load_builtin(self.window.lang)
        except LessonError as exc:  # a damaged installation
            self.window.show_message(tr_message(exc.message), 15000)
            return False
        self.open_lesson(lesson, builtin=True)
        return True

    def close_lesson(self) -> bool:
        """Close the lesson (asking first if it has unsaved steps); False if the teacher
        cancelled."""
        if not self.may_discard():
            return False
        self.lesson, self.path, self.builtin, self.unsaved = None, None, False, False
        QApplication.instance().removeEventFilter(self._keys)
        self._set_visible(False)
        return True

    def may_discard(self) -> bool:
        """True unless the open lesson has steps not yet saved and the teacher keeps them
        (saving them, or cancelling what would have dropped them)."""
        if not self.unsaved or self.lesson is None:
            return True
        answer = ask_unsaved(self.window, len(self.lesson))
        if answer == "save":
            self.save_dialog()
            return not self.unsaved
        return answer == "discard"

    def _set_visible(self, on: bool) -> None:
        holder = self.parentWidget()
        # In a tool bar the bar's own visibility is the tool bar's action; hide the whole bar.
        target = holder if holder is not None and holder.inherits("QToolBar") else self
        target.setVisible(on)
        self.setVisible(on)

    # -- walking -------------------------------------------------------------------------------
    def step_by(self, delta: int) -> None:
        if self.lesson is None:
            return
        target = max(0, min(len(self.lesson) - 1, self.index + delta))
        if target != self.index:
            self.go(target)

    def go(self, index: int) -> None:
        """Apply step ``index`` of the open lesson and show its texts."""
        if self.lesson is None:
            return
        self.index = max(0, min(len(self.lesson) - 1, index))
        step = self.lesson.steps[self.index]
        self._show_texts()
        self.last_notes = apply_step(self.window, step)
        if self.last_notes:
            self.window.show_message(" ".join(self.last_notes), 15000)
        self.stepShown.emit(self.index)

    # -- the teacher's own lessons -------------------------------------------------------------
    def current_step(self, title: str, note: str = "") -> Step:
        """The window's current teaching state as a step."""
        return Step(title, note, current_preset(self.window))

    def add_step(self, title: str, note: str = "") -> bool:
        """Append the current state to the open lesson (or start a new one) and show it."""
        step = self.current_step(title, note)
        try:
            if self.lesson is None:
                lesson = Lesson(tr("My lesson"), (step,), self.window.lang)
            else:
                lesson = self.lesson.with_step(step)
        except LessonError as exc:
            self.window.show_message(tr_message(exc.message), 15000)
            return False
        path, builtin = self.path, False  # an extended built-in lesson is the teacher's own
        self.open_lesson(lesson, path, builtin, start=len(lesson) - 1)
        self.unsaved = True
        self.window.show_message(
            tr("Step {0} added; File → Save lesson… keeps it.").format(len(lesson))
        )
        return True

    def save(self, path: Path) -> bool:
        """Write the open lesson; with none open, a new lesson of one step, the current state."""
        lesson = self.lesson
        if lesson is None:
            lesson = Lesson(
                tr("My lesson"), (self.current_step(self.default_title()),), self.window.lang
            )
        try:
            lessons.save_lesson(path, lesson)
        except (LessonError, WriteError) as exc:
            self.window.show_message(
                tr("The lesson was not saved: {0}").format(tr_message(exc.message)), 15000
            )
            return False
        if self.lesson is None:
            self.open_lesson(lesson, Path(path))
        self.path, self.builtin, self.unsaved = Path(path), False, False
        self.window.show_message(tr("Lesson saved to {0}").format(path))
        return True

    def default_title(self) -> str:
        """A title for a new step: the panel shown, and the activation when it matters."""
        window = self.window
        name = window.current_panel()
        title = window.tabs.tabText(window.tabs.indexOf(window.panels[name])).replace("&", "")
        if name in ("explorer", "images"):
            from engine import catalogue

            title += " — " + catalogue.get(window.explorer_state.selected).name
        return title

    # -- dialogs -------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        from gui.exporting import ask_path

        path = ask_path(self.window, tr("Open a lesson"), _pattern(), "", save=False)
        if path is not None:
            self.open_file(path)

    def save_dialog(self) -> None:
        from gui.exporting import ask_path

        name = self.path.name if self.path is not None else "lesson.json"
        path = ask_path(self.window, tr("Save the lesson"), _pattern(), name)
        if path is not None:
            self.save(path)

    def add_step_dialog(self) -> None:
        dialog = StepDialog(self.window, self.default_title())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.title.text().strip():
            self.add_step(dialog.title.text().strip(), dialog.note.toPlainText().strip())

    def _fill_steps_menu(self) -> None:
        self.steps_menu.clear()
        if self.lesson is None:
            return
        for i, step in enumerate(self.lesson.steps):
            action = self.steps_menu.addAction(f"{i + 1}. {step.title}")
            action.setCheckable(True)
            action.setChecked(i == self.index)
            action.triggered.connect(lambda _checked=False, n=i: self.go(n))

    # -- texts and looks -----------------------------------------------------------------------
    def _show_texts(self) -> None:
        if self.lesson is None:
            return
        step = self.lesson.steps[self.index]
        self.counter.setText(tr("Step {0} / {1}").format(self.index + 1, len(self.lesson)))
        self.title.setText(step.title)
        self.note.setText(step.note)
        self.note.setToolTip(step.note)  # the whole note, should it ever need a third line
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.lesson) - 1)

    def retranslate(self) -> None:
        self.previous_button.setText(tr("Previous"))
        self.previous_button.setToolTip(tr("Previous step (Page Up, ←)"))
        self.next_button.setText(tr("Next"))
        self.next_button.setToolTip(tr("Next step (Page Down, →)"))
        self.close_button.setToolTip(tr("Close the lesson"))
        self.counter.setToolTip(tr("Go to a step"))
        if self.builtin and self.lesson is not None:
            try:
                lesson = lessons.load_builtin(self.window.lang)
            except LessonError:
                lesson = self.lesson
            if len(lesson) == len(self.lesson):
                self.lesson = lesson  # same steps, other words: nothing to re-apply
        self._show_texts()

    def _restyle(self) -> None:
        base = QApplication.font()
        title = QFont(base)
        title.setPointSizeF(base.pointSizeF() * 1.15)
        title.setBold(True)
        self.title.setFont(title)
        self.counter.setFont(base)
        self.note.setFont(base)
        self.note.setFixedHeight(NOTE_LINES * self.note.fontMetrics().lineSpacing() + 2)

    def changeEvent(self, event) -> None:
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate()
        elif kind in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._restyle()
        super().changeEvent(event)


def ask_unsaved(parent: QWidget, steps: int) -> str:
    """ "save", "discard" or "cancel" for a lesson whose steps are not saved yet."""
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(
        parent,
        tr("Unsaved lesson"),
        tr("The lesson has {0} steps that are not saved. Save them?").format(steps),
        buttons.Save | buttons.Discard | buttons.Cancel,
        buttons.Save,
    )
    return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")


def _pattern() -> str:
    return tr("Activation Lab lesson (*.json)")


# -- the window's state as a step, and a step applied to the window -------------------------------


def current_preset(window) -> dict:
    """A preset of what the window shows now, with its panel (and page of that panel)."""
    images = window.image_state
    panel = window.current_panel()
    extra: dict[str, object] = {"panel": panel}
    if window.network is not None:  # the network lab's set-up travels with every step
        from engine.network_config import PRESET_KEY

        extra[PRESET_KEY] = window.network.preset_section()
    from gui.lab_presets import labs_extra

    extra.update(labs_extra(window))
    view = _current_view(window, panel)
    if view is not None:
        extra["view"] = view
    return preset.snapshot(
        window.explorer_state, images.settings, images.split or None, extra=extra
    )


def _current_view(window, panel: str) -> str | None:
    if panel == "guide":
        return window.guide.current or None
    if panel == "images" and window.images is not None:
        return (
            "inplace"
            if window.images.right_tabs.currentWidget() is window.images.inplace
            else "image"
        )
    return None


def apply_step(window, step: Step) -> list[str]:
    """Make the window show ``step``; returns notes (translated) about what could not be applied.

    The step's language and theme, if any, are left alone: the teacher chose those.
    """
    data = {k: v for k, v in step.preset.items() if k not in ("language", "theme")}
    try:
        from engine.network_config import read_preset_section

        network = read_preset_section(data)
        labs = preset.labs_of(data, window.explorer_state)
        notes = [
            tr_message(n) for n in preset.apply(data, window.explorer_state, window.image_state)
        ]
    except preset.PresetError as exc:  # validated when the lesson was read: a programming error
        return [tr_message(exc.message)]
    if window.network is not None:
        window.network.apply_preset_section(network)
    elif network is not None:
        window.waiting_network = network  # a --lesson start: the lab is built later
    from gui.lab_presets import apply_labs

    apply_labs(window, labs)
    panel = step.panel
    if panel is not None and panel in window.panels:
        if panel == "labs-xor" and "dataset" not in labs.get("xor", {}):
            window.follow_panel_link(panel)  # the lesson's XOR step is on the four XOR points
        else:
            window.show_panel(panel)
    view = step.preset.get("view")
    if panel == "guide" and view in ("guide", "why"):
        window.guide.show_page(view)
    elif panel == "images" and window.images is not None and view in ("image", "inplace"):
        images = window.images
        images.right_tabs.setCurrentWidget(images.inplace if view == "inplace" else images.detail)
    return notes
