"""Show code: a panel's PyTorch script in a read-only editor, with Copy and Save as .py.

The script comes from :func:`engine.codegen_export.script_for` on the state the panel draws, so
it is regenerated each time the dialog is opened or refreshed; nothing here edits it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.atomic_file import WriteError
from engine.codegen_errors import CodeError
from engine.codegen_export import write_script
from gui.i18n import tr, tr_message
from gui.live import QT_TR_NOOP, Live, Switchable
from gui.style import pt

PANEL_TITLES = {
    "explorer": QT_TR_NOOP("Explorer"),
    "images": QT_TR_NOOP("Images (CIFAR-10)"),
    "labs-xor": QT_TR_NOOP("XOR lab"),
    "labs-depth": QT_TR_NOOP("Gradients through depth"),
    "labs-softmax": QT_TR_NOOP("Softmax lab"),
    "labs-network": QT_TR_NOOP("Network lab"),
}


class CodeDialog(Switchable, QDialog):
    """The script of one panel; ``source()`` regenerates it from the live state."""

    def __init__(
        self,
        panel: str,
        source: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.live = Live()
        self.setObjectName("codeDialog")
        self.panel = panel
        self.source = source
        self.file_name = f"{panel.replace('-', '_')}.py"
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("codeText")
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(pt(11))
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(font)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("codeStatus")
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("codeCopy")
        self.save_button = QPushButton()
        self.save_button.setObjectName("codeSave")
        self.refresh_button = QPushButton()
        self.close_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.save_dialog)
        self.refresh_button.clicked.connect(self.refresh)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for b in (self.refresh_button, self.copy_button, self.save_button, self.close_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)
        self.resize(820, 600)
        self.retranslate()  # and writes the script

    @property
    def text(self) -> str:
        return self.editor.toPlainText()

    def refresh(self) -> None:
        """Regenerate the script from the panel's state now."""
        try:
            text = self.source()
        except CodeError as exc:
            text = f"# {tr_message(exc.message)}\n"
        bar = self.editor.verticalScrollBar().value()
        self.editor.setPlainText(text)
        self.editor.verticalScrollBar().setValue(bar)
        self.status.clear()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
        self.status.setText(tr("Copied to the clipboard."))

    def save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("&Save as .py…").replace("&", ""), self.file_name, tr("Python script (*.py)")
        )
        if path:
            self.save(path)

    def save(self, path: str | Path) -> bool:
        """Write the script shown; a failure is reported in the dialog, never raised."""
        path = Path(path)
        if path.suffix != ".py":
            path = path.with_name(path.name + ".py")
        try:
            write_script(path, self.text)
        except WriteError as exc:
            self.status.setText(tr_message(exc.message))
            return False
        self.file_name = str(path)
        self.status.setText(tr("Saved {0}").format(path))
        return True

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(tr("PyTorch code — {0}").format(tr(PANEL_TITLES.get(self.panel, ""))))
        self.hint.setText(
            tr(
                "A runnable script for what this panel shows now, with the current settings. "
                "Run it with: python {0}"
            ).format(Path(self.file_name).name)
        )
        self.copy_button.setText(tr("&Copy"))
        self.save_button.setText(tr("&Save as .py…"))
        self.refresh_button.setText(tr("&Refresh"))
        self.close_button.setText(tr("Close"))
        self.refresh()  # the script's comments are in the language shown too
