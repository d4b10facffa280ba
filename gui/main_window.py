"""The main window: one tab per panel, menus, status bar."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QTabWidget,
)

from engine import image_jobs
from gui.bridge import JobBridge
from gui.explorer_panel import ExplorerPanel
from gui.i18n import tr
from gui.images_panel import ImagesPanel

APP_NAME = "Activation Lab"


def torch_version() -> str:
    """The torch in use, without importing it if it is not loaded yet."""
    torch = sys.modules.get("torch")
    if torch is not None:
        return torch.__version__
    from importlib import metadata  # only for the About box

    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:
        return tr("unknown")


def default_data_dir() -> Path:
    """The app's own data folder (CIFAR-10 imported or downloaded lands here)."""
    location = QStandardPaths.StandardLocation.AppDataLocation
    return Path(QStandardPaths.writableLocation(location))


class MainWindow(QMainWindow):
    def __init__(
        self,
        lang: str = "en",
        data_dir: Path | None = None,
        settings: QSettings | None = None,
        cifar_root: Path | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(tr("Activation Lab — 激活函数实验室"))
        self.data_dir = data_dir or default_data_dir()
        self.settings = settings or QSettings()
        self.cifar_root = cifar_root
        self.bridge = JobBridge(self)
        self.explorer = ExplorerPanel(self.bridge, lang=lang)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # The image browser is built after the first frame (see start()); a placeholder until.
        self.images: ImagesPanel | None = None
        self._images_placeholder = QLabel(tr("Loading the image browser…"))
        self._images_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.panels = {"explorer": self.explorer, "images": self._images_placeholder}
        self.tabs.addTab(self.explorer, tr("Explorer"))
        self.tabs.addTab(self._images_placeholder, tr("Images (CIFAR-10)"))
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
        self.data_actions = []
        for text, shortcut, slot in (
            (tr("Open CIFAR-10 &folder…"), "Ctrl+O", self.open_cifar_folder),
            (tr("&Import CIFAR-10 archive…"), "Ctrl+I", self.import_archive),
            (tr("&Download CIFAR-10"), None, self.download_cifar),
            (tr("Open &image folder…"), None, self.open_image_folder),
            (tr("Use the built-in &sample images"), None, self.use_samples),
        ):
            action = QAction(text, self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            action.setEnabled(False)  # until the engine has loaded
            file_menu.addAction(action)
            self.data_actions.append(action)
        file_menu.addSeparator()
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
        """After the first frame: load torch in the background and build the image browser."""
        self.explorer.start()
        self._build_images_panel()

    def _build_images_panel(self) -> None:
        if self.images is not None:
            return
        self.images = ImagesPanel(self.bridge, self.explorer.state)
        self.images.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        index = self.tabs.indexOf(self._images_placeholder)
        current = self.tabs.currentIndex()
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, self.images, tr("Images (CIFAR-10)"))
        self.tabs.setCurrentIndex(current)
        self._images_placeholder.deleteLater()
        self.panels["images"] = self.images

    @property
    def is_settled(self) -> bool:
        return self.explorer.is_settled and self.images is not None and self.images.is_settled

    def _engine_ready(self, version: str) -> None:
        self.busy.hide()
        self.statusBar().showMessage(tr("Ready — PyTorch {0}").format(version), 10000)
        for action in self.data_actions:
            action.setEnabled(True)
        user_dir = self.settings.value("data/cifar_folder", "", type=str)
        self.images.load_source(
            image_jobs.load_start_source(
                self.cifar_root, self.data_dir, Path(user_dir) if user_dir else None
            ),
            tr("Looking for CIFAR-10…"),
        )

    # -- data sources ------------------------------------------------------------------------
    def _pick_folder(self, title: str) -> Path | None:
        start = self.settings.value("data/last_dir", str(Path.home()), type=str)
        folder = QFileDialog.getExistingDirectory(self, title, start)
        if not folder:
            return None
        self.settings.setValue("data/last_dir", folder)
        return Path(folder)

    def open_cifar_folder(self) -> None:
        folder = self._pick_folder(tr("Folder holding cifar-10-batches-py"))
        if folder is not None:
            self.settings.setValue("data/cifar_folder", str(folder))
            self.open_data(folder)

    def open_image_folder(self) -> None:
        folder = self._pick_folder(tr("Folder of images, one sub-folder per class"))
        if folder is not None:
            self.open_data(folder)

    def open_data(self, folder: Path) -> None:
        self.tabs.setCurrentWidget(self.images)
        self.images.load_source(image_jobs.open_source(folder), tr("Loading {0}…").format(folder))

    def use_samples(self) -> None:
        self.tabs.setCurrentWidget(self.images)
        self.images.load_source(image_jobs.samples(), tr("Generating sample images…"))

    def import_archive(self) -> None:
        start = self.settings.value("data/last_dir", str(Path.home()), type=str)
        path, _ = QFileDialog.getOpenFileName(
            self, tr("The official CIFAR-10 archive"), start, "cifar-10-python.tar.gz (*.tar.gz)"
        )
        if path:
            self.settings.setValue("data/last_dir", str(Path(path).parent))
            self.run_with_progress(
                image_jobs.import_archive(Path(path), self.data_dir),
                tr("Importing the CIFAR-10 archive…"),
            )

    def download_cifar(self) -> None:
        self.run_with_progress(
            image_jobs.download(self.data_dir), tr("Downloading CIFAR-10 (163 MB)…")
        )

    def run_with_progress(self, job, text: str) -> None:
        """A data job with a progress dialog whose Cancel stops it between steps."""
        self.tabs.setCurrentWidget(self.images)
        dialog = QProgressDialog(text, tr("Cancel"), 0, 1000, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.progress_dialog = dialog

        def progress(key: str, _gen: int, done: float, total: float) -> None:
            if key == "data:load" and total > 0:
                dialog.setValue(int(1000 * done / total))

        done = []

        def finished(_result=None) -> None:
            if done:  # both Cancel and the job's end may call this
                return
            done.append(True)
            self.bridge.progress.disconnect(progress)
            self.images.loadFinished.disconnect(finished)
            dialog.close()

        self.bridge.progress.connect(progress)
        self.images.loadFinished.connect(finished)
        dialog.canceled.connect(self.images.cancel_load)
        dialog.canceled.connect(finished)
        self.images.load_source(job, text)

    def closeEvent(self, event) -> None:
        self.bridge.shutdown()
        super().closeEvent(event)


PANEL_NAMES = ("explorer", "images")
