"""The main window: one tab per panel, menus, status bar."""

from __future__ import annotations

import sys
from importlib import metadata

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressBar, QTabWidget

from gui.bridge import JobBridge
from gui.explorer_panel import ExplorerPanel

APP_NAME = "Activation Lab"


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def torch_version() -> str:
    """The torch in use, without importing it if it is not loaded yet."""
    torch = sys.modules.get("torch")
    if torch is not None:
        return torch.__version__
    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:
        return tr("unknown")


class MainWindow(QMainWindow):
    def __init__(self, lang: str = "en") -> None:
        super().__init__()
        self.setWindowTitle(tr("Activation Lab — 激活函数实验室"))
        self.bridge = JobBridge(self)
        self.explorer = ExplorerPanel(self.bridge, lang=lang)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.panels = {"explorer": self.explorer}
        self.tabs.addTab(self.explorer, tr("Explorer"))
        self.setCentralWidget(self.tabs)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().showMessage(tr("Loading PyTorch…"))
        self.explorer.engineReady.connect(self._engine_ready)
        self.explorer.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._build_menus()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(tr("&File"))
        quit_action = QAction(tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(tr("&View"))
        reset = QAction(tr("&Reset view"), self)
        reset.setShortcut(QKeySequence("Ctrl+0"))
        reset.triggered.connect(self.explorer.curves.reset_view)
        view_menu.addAction(reset)
        for text, shortcut, delta in (
            (tr("&Next activation"), "Ctrl+Down", 1),
            (tr("&Previous activation"), "Ctrl+Up", -1),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, d=delta: self.explorer.step_activation(d))
            view_menu.addAction(action)

        help_menu = self.menuBar().addMenu(tr("&Help"))
        about = QAction(tr("&About Activation Lab"), self)
        about.setShortcut(QKeySequence.StandardKey.HelpContents)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def about_text(self) -> str:
        return tr(
            "<h3>Activation Lab — 激活函数实验室</h3>"
            "<p>Non-linear activation functions of neural networks, shown on the real "
            "PyTorch modules.</p><p>PyTorch {0}</p>"
        ).format(torch_version())

    def show_about(self) -> None:
        QMessageBox.about(self, tr("About Activation Lab"), self.about_text())

    def show_panel(self, name: str) -> None:
        self.tabs.setCurrentWidget(self.panels[name])

    def start(self) -> None:
        self.explorer.start()

    def _engine_ready(self, version: str) -> None:
        self.busy.hide()
        self.statusBar().showMessage(tr("Ready — PyTorch {0}").format(version), 10000)

    def closeEvent(self, event) -> None:
        self.bridge.shutdown()
        super().closeEvent(event)


PANEL_NAMES = ("explorer",)
