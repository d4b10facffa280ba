"""The main window: one tab per panel, menus, status bar, language, theme, classroom mode.

The engine state (activations, parameters, images, settings of the pipeline) lives in plain
objects owned here. Panels are views over it: switching language, theme or classroom mode
rebuilds the panels and menus around the same state, so nothing a teacher set up is lost and
every text is re-read through Qt's translator.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QStatusBar,
    QTabWidget,
    QWidget,
)

from engine import image_jobs
from engine.explorer_state import ExplorerState
from engine.image_state import ImageBrowserState
from gui import i18n, style
from gui.bridge import JobBridge
from gui.explorer_panel import ExplorerPanel
from gui.exporting import Exporter, ask_path
from gui.guide_panel import GuidePanel
from gui.i18n import tr
from gui.images_panel import ImagesPanel
from gui.persistence import SettingsStore

# Panel names for --panel, in tab order; the image browser is built after the first frame.
PANEL_NAMES = ("explorer", "images", "labs-xor", "labs-depth", "labs-softmax", "guide")


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
        lang: str | None = None,
        data_dir: Path | None = None,
        settings: QSettings | None = None,
        cifar_root: Path | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir or default_data_dir()
        self.store = SettingsStore(settings or QSettings())
        self.settings = self.store.settings
        self.cifar_root = cifar_root
        self.explorer_state = ExplorerState.default()
        self.image_state = ImageBrowserState()
        self.bridge = JobBridge(self)  # heavy work: loading, whole-split statistics, exports
        self.light = JobBridge(self, name="activation-lab-worker-light")  # curves, thumbnails
        self.started = False
        self.engine_version = ""
        self._source_requested = False
        self.progress_dialog: QProgressDialog | None = None
        self.exporter = Exporter(self)

        saved = self.store.load_ui()
        self.lang = i18n.normalize(lang or saved.language or i18n.system_language())
        style.LOOK.theme = saved.theme
        i18n.install(self.lang)
        self.settings_notes = self.store.restore_state(self.explorer_state, self.image_state)
        app = QApplication.instance()
        if app is not None:
            style.apply(app)
        self._build()
        self.store.restore_window(self)

    # -- building and rebuilding ---------------------------------------------------------------
    def _build(self) -> None:
        self.setWindowTitle(tr("Activation Lab — 激活函数实验室"))
        self.explorer = ExplorerPanel(self.light, self.explorer_state, lang=self.lang)
        self.explorer.engineReady.connect(self._engine_ready)
        self.explorer.message.connect(self.show_message)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.images: ImagesPanel | None = None
        self._placeholder = QLabel(tr("Loading the image browser…"))
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.panels: dict[str, QWidget] = {"explorer": self.explorer, "images": self._placeholder}
        self.tabs.addTab(self.explorer, tr("Explorer"))
        self.tabs.addTab(self._placeholder, tr("Images (CIFAR-10)"))
        # The labs are built after the first frame too; placeholders keep their tabs' places.
        self.labs: dict[str, QWidget] = {}
        for name, title in self._lab_titles().items():
            placeholder = QLabel(tr("Loading…"))
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.panels[name] = placeholder
            self.tabs.addTab(placeholder, title)
        self.guide = GuidePanel(self.lang)
        self.guide.activationLinked.connect(self.show_activation)
        self.guide.panelLinked.connect(self.follow_panel_link)
        self.panels["guide"] = self.guide
        self.tabs.addTab(self.guide, tr("Guide"))
        self.setCentralWidget(self.tabs)

        self.setStatusBar(QStatusBar())
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.statusBar().addPermanentWidget(self.busy)
        self.busy.setVisible(not self.engine_version)
        if not self.engine_version:
            self.statusBar().showMessage(tr("Loading PyTorch…"))
        self.menuBar().clear()
        self._build_menus()
        if self.started:  # a rebuild: the engine is loaded, build everything now
            self._build_late_panels()
            self.explorer.start()
        self._plain_plot_menus()

    def rebuild(self) -> None:
        """Rebuild panels and menus around the same state (language, theme, classroom mode)."""
        current = self.current_panel()
        self.store.save_panels(self)
        for panel in (self.explorer, self.images, *self.labs.values()):
            if panel is not None:
                panel.detach()
        old = self.centralWidget()
        self._build()
        old.deleteLater()
        self.store.restore_panels(self)
        self.show_panel(current)

    def current_panel(self) -> str:
        widget = self.tabs.currentWidget()
        return next((name for name, w in self.panels.items() if w is widget), "explorer")

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
            action = self._action(text, slot, shortcut, file_menu)
            action.setEnabled(bool(self.engine_version))  # enabled once the engine has loaded
            self.data_actions.append(action)
        file_menu.addSeparator()
        self._action(tr("&Save preset…"), self.save_preset_dialog, "Ctrl+S", file_menu)
        self._action(tr("&Open preset…"), self.open_preset_dialog, "Ctrl+Shift+O", file_menu)
        export_menu = file_menu.addMenu(tr("&Export"))
        png, svg, csv_ = tr("PNG image (*.png)"), tr("SVG drawing (*.svg)"), tr("CSV table (*.csv)")
        for text, slot, pattern, name in (
            (tr("Plots as &PNG…"), self.exporter.plots_png, png, "activation-plots.png"),
            (tr("Plots as &SVG…"), self.exporter.plots_svg, svg, "activation-plots.svg"),
            (tr("Curve data as &CSV…"), self.exporter.curves_csv, csv_, "activation-curves.csv"),
            (tr("Image &grid before/after as PNG…"), self.exporter.grid_png, png, "grid.png"),
            (tr("&Large before/after view as PNG…"), self.exporter.large_view_png, png, "view.png"),
        ):
            self._action(
                text, lambda s=slot, p=pattern, n=name: self._export_to(s, p, n), None, export_menu
            )
        self._action(tr("Split to a &TensorBoard log…"), self.tensorboard_dialog, None, export_menu)
        file_menu.addSeparator()
        self._action(tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, file_menu)

        view = self.menuBar().addMenu(tr("&View"))
        self._action(tr("&Reset view"), self.explorer.curves.reset_view, "Ctrl+0", view)
        zoom_in = self._action(tr("Zoom &in"), lambda: self.zoom(0.8), None, view)
        zoom_in.setShortcuts(
            [QKeySequence("+"), QKeySequence("="), QKeySequence.StandardKey.ZoomIn]
        )
        zoom_out = self._action(tr("Zoom &out"), lambda: self.zoom(1.25), None, view)
        zoom_out.setShortcuts([QKeySequence("-"), QKeySequence(QKeySequence.StandardKey.ZoomOut)])
        view.addSeparator()
        self._action(
            tr("&Next activation"), lambda: self.explorer.step_activation(1), "Ctrl+Down", view
        )
        self._action(
            tr("&Previous activation"), lambda: self.explorer.step_activation(-1), "Ctrl+Up", view
        )
        self._action(tr("Next &image"), lambda: self.step_image(1), "Ctrl+Right", view)
        self._action(tr("Previous i&mage"), lambda: self.step_image(-1), "Ctrl+Left", view)
        view.addSeparator()
        self.classroom_action = self._action(
            tr("&Classroom mode (full screen, large)"), self.toggle_classroom, "F11", view
        )
        self.classroom_action.setCheckable(True)
        self.classroom_action.setChecked(style.LOOK.classroom)
        exit_classroom = QAction(self)
        exit_classroom.setShortcut(QKeySequence("Esc"))
        exit_classroom.triggered.connect(lambda: style.LOOK.classroom and self.toggle_classroom())
        self.addAction(exit_classroom)
        self.side_action = self._action(
            tr("Show the &side panels"), self.set_side_panels_visible, "Ctrl+B", view
        )
        self.side_action.setCheckable(True)
        self.side_action.setChecked(True)

        theme_menu = view.addMenu(tr("&Theme"))
        themes = QActionGroup(self)
        for key, text in (("light", tr("&Light")), ("dark", tr("&Dark"))):
            action = self._action(text, lambda k=key: self.set_theme(k), None, theme_menu)
            action.setCheckable(True)
            action.setChecked(style.LOOK.theme == key)
            action.setData(key)
            themes.addAction(action)
        language_menu = view.addMenu(tr("&Language"))
        languages = QActionGroup(self)
        for key in i18n.LANGUAGES:
            action = self._action(
                i18n.LANGUAGE_NAMES[key], lambda k=key: self.set_language(k), None, language_menu
            )
            action.setCheckable(True)
            action.setChecked(self.lang == key)
            action.setData(key)
            languages.addAction(action)

        help_menu = self.menuBar().addMenu(tr("&Help"))
        self._action(
            tr("&About Activation Lab"),
            self.show_about,
            QKeySequence.StandardKey.HelpContents,
            help_menu,
        )

    def _action(self, text: str, slot, shortcut, menu) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # -- language, theme, classroom mode -------------------------------------------------------
    def set_language(self, lang: str) -> None:
        lang = i18n.normalize(lang)
        if lang == self.lang:
            return
        self.lang = lang
        i18n.install(lang)
        self.store.save_ui(self)
        self.rebuild()

    def set_theme(self, theme: str) -> None:
        if theme == style.LOOK.theme:
            return
        style.apply(QApplication.instance(), theme=theme)
        self.store.save_ui(self)
        self.rebuild()

    def toggle_classroom(self) -> None:
        """Full screen, large fonts and thick lines for the back of the room; again to leave."""
        on = not style.LOOK.classroom
        style.apply(QApplication.instance(), classroom=on)
        if on:
            self._geometry_before_classroom = self.saveGeometry()
            self.showFullScreen()
        else:
            self.showNormal()
            saved = getattr(self, "_geometry_before_classroom", None)
            if isinstance(saved, QByteArray):
                self.restoreGeometry(saved)
        self.rebuild()
        self.show_message(
            tr("Classroom mode: F11 or Esc to leave") if on else tr("Classroom mode off")
        )

    def set_side_panels_visible(self, visible: bool | None = None) -> None:
        if visible is None:
            visible = self.side_action.isChecked()
        self.explorer.set_side_panels_visible(visible)
        if self.images is not None:
            self.images.set_side_panel_visible(visible)

    def zoom(self, factor: float) -> None:
        """Zoom the explorer's x range around its centre (+ / − keys)."""
        lo, hi = self.explorer_state.x_range
        centre, half = (lo + hi) / 2, (hi - lo) / 2 * factor
        self.explorer_state.set_x_range(centre - half, centre + half)

    def step_image(self, delta: int) -> None:
        if self.images is not None:
            self.show_panel("images")
            self.images.step_image(delta)

    # -- panels --------------------------------------------------------------------------------
    def show_panel(self, name: str) -> None:
        self.tabs.setCurrentWidget(self.panels[name])

    def show_activation(self, key: str) -> None:
        """A link in the guide: select the activation and show it in the explorer."""
        self.explorer.select(key)
        self.show_panel("explorer")

    def follow_panel_link(self, name: str) -> None:
        if name in self.panels:
            xor = self.labs.get("labs-xor")
            if name == "labs-xor" and xor is not None:
                xor.set_dataset("xor")  # the Guide's link is about the four XOR points
            self.show_panel(name)
        else:
            self.show_message(tr("That page is not available in this version."))

    def start(self) -> None:
        """After the first frame: load torch in the background and build the other panels."""
        self.started = True
        self.explorer.start()
        self._build_late_panels()
        for note in self.settings_notes:
            self.show_message(note)

    @staticmethod
    def _lab_titles() -> dict[str, str]:
        return {
            "labs-xor": tr("XOR lab"),
            "labs-depth": tr("Depth lab"),
            "labs-softmax": tr("Softmax lab"),
        }

    def _build_late_panels(self) -> None:
        if self.images is not None:
            return
        self.images = ImagesPanel(
            self.bridge, self.explorer_state, self.image_state, light_bridge=self.light
        )
        self.images.message.connect(self.show_message)
        self._replace_tab("images", self.images, tr("Images (CIFAR-10)"))
        from gui.labs.depth_panel import DepthLabPanel
        from gui.labs.softmax_panel import SoftmaxLabPanel
        from gui.labs.xor_panel import XorLabPanel

        titles = self._lab_titles()
        for name, cls in (
            ("labs-xor", XorLabPanel),
            ("labs-depth", DepthLabPanel),
            ("labs-softmax", SoftmaxLabPanel),
        ):
            # Short jobs, frame by frame: they share the light worker with the curves.
            panel = cls(self.light, self.explorer_state)
            panel.message.connect(self.show_message)
            self.labs[name] = panel
            self._replace_tab(name, panel, titles[name])
        self._plain_plot_menus()

    def _plain_plot_menus(self) -> None:
        import pyqtgraph as pg

        for view in self.findChildren(pg.GraphicsView):
            style.plain_menus(view)

    def _replace_tab(self, name: str, widget: QWidget, title: str) -> None:
        old = self.panels[name]
        index = self.tabs.indexOf(old)
        current = self.tabs.currentIndex()
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, title)
        self.tabs.setCurrentIndex(current)
        old.deleteLater()
        self.panels[name] = widget

    @property
    def is_settled(self) -> bool:
        panels = [p for p in self.panels.values() if hasattr(p, "is_settled")]
        return self.images is not None and all(p.is_settled for p in panels)

    def show_message(self, text: str, timeout_ms: int = 10000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def _engine_ready(self, version: str) -> None:
        self.engine_version = version
        self.busy.hide()
        self.show_message(tr("Ready — PyTorch {0}").format(version))
        for action in self.data_actions:
            action.setEnabled(True)
        if self._source_requested:
            return
        self._source_requested = True
        user_dir = self.settings.value("data/cifar_folder", "", type=str)
        self.images.load_source(
            image_jobs.load_start_source(
                self.cifar_root, self.data_dir, Path(user_dir) if user_dir else None
            ),
            tr("Looking for CIFAR-10…"),
        )

    # -- about ---------------------------------------------------------------------------------
    def about_text(self) -> str:
        return tr(
            "<h3>Activation Lab — 激活函数实验室</h3>"
            "<p>Non-linear activation functions of neural networks, shown on the real "
            "PyTorch modules.</p><p>PyTorch {0}</p>"
        ).format(torch_version())

    def show_about(self) -> None:
        QMessageBox.about(self, tr("About Activation Lab"), self.about_text())

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
        self.show_panel("images")
        self.images.load_source(image_jobs.open_source(folder), tr("Loading {0}…").format(folder))

    def use_samples(self) -> None:
        self.show_panel("images")
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
        self.show_panel("images")
        dialog = QProgressDialog(text, tr("Cancel"), 0, 1000, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.progress_dialog = dialog
        images = self.images

        def progress(key: str, _gen: int, done: float, total: float) -> None:
            if key == "data:load" and total > 0:
                dialog.setValue(int(1000 * done / total))

        done = []

        def finished(_result=None) -> None:
            if done:  # both Cancel and the job's end may call this
                return
            done.append(True)
            self.bridge.progress.disconnect(progress)
            images.loadFinished.disconnect(finished)
            dialog.close()

        self.bridge.progress.connect(progress)
        images.loadFinished.connect(finished)
        dialog.canceled.connect(images.cancel_load)
        dialog.canceled.connect(finished)
        images.load_source(job, text)

    # -- presets and export --------------------------------------------------------------------
    def save_preset_dialog(self) -> None:
        pattern = tr("Activation Lab preset (*.json)")
        path = ask_path(self, tr("Save the lesson preset"), pattern, "lesson.json")
        if path is not None:
            self.exporter.save_preset(path)

    def open_preset_dialog(self) -> None:
        pattern = tr("Activation Lab preset (*.json)")
        path = ask_path(self, tr("Open a lesson preset"), pattern, "", save=False)
        if path is not None:
            self.exporter.open_preset(path)

    def _export_to(self, slot, pattern: str, name: str) -> None:
        path = ask_path(self, tr("Export"), pattern, name)
        if path is not None:
            slot(path)

    def tensorboard_dialog(self) -> None:
        start = self.settings.value("export/last_dir", str(Path.home()), type=str)
        folder = QFileDialog.getExistingDirectory(self, tr("Folder for the TensorBoard log"), start)
        if folder:
            self.exporter.tensorboard(Path(folder))

    def run_job_with_progress(self, key: str, job, text: str) -> None:
        """A long job with a progress dialog; Cancel stops it between steps."""
        dialog = QProgressDialog(text, tr("Cancel"), 0, 1000, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        self.progress_dialog = dialog

        def progress(k: str, _gen: int, done: float, total: float) -> None:
            if k == key and total > 0:
                dialog.setValue(int(1000 * done / total))

        finished = []

        def stop_listening() -> None:
            if not finished:  # the job's end and Cancel may both get here
                finished.append(True)
                self.bridge.progress.disconnect(progress)
                self.bridge.result.disconnect(result)

        def result(res) -> None:
            if res.key != key or finished:
                return
            stop_listening()
            dialog.close()
            if res.status == "ok" and key == "export:tensorboard":
                self.exporter.tensorboard_done(res.value)
            elif res.status != "ok":
                self.show_message(str(res.error), 15000)

        def cancel() -> None:
            if finished:
                return
            self.bridge.runner.cancel(key)
            stop_listening()
            self.show_message(tr("Cancelled."))

        self.bridge.progress.connect(progress)
        self.bridge.result.connect(result)
        dialog.canceled.connect(cancel)
        self.bridge.submit(key, job)

    # -- closing -------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        self.store.save_all(self)
        self.bridge.shutdown()
        self.light.shutdown()
        super().closeEvent(event)
