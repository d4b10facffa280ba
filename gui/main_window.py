"""The main window: one tab per panel, menus, status bar, language, theme, classroom mode.

The engine state (activations, parameters, images, settings of the pipeline) lives in plain
objects owned here; panels are views over it. The window is built once: a language switch
re-labels the live widgets (Qt's ``LanguageChange`` → ``retranslate()``), a theme or classroom
switch re-styles them (``gui.live.restyle_tree``), so no panel, lab run or slider loses its state.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QSize, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QScrollArea,
    QStatusBar,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine import choices, image_jobs
from engine.explorer_state import ExplorerState
from engine.image_state import ImageBrowserState
from gui import gc_hold, i18n, style
from gui import settings_keys as keys
from gui.bridge import JobBridge
from gui.code_view import CodeDialog
from gui.explorer_panel import ExplorerPanel
from gui.exporting import Exporter, ask_path
from gui.guide_panel import GuidePanel
from gui.i18n import tr
from gui.images_panel import ImagesPanel
from gui.live import QT_TR_NOOP, Live, Switchable, restyle_tree
from gui.memory_release import MemoryRelease
from gui.menus import build_menus
from gui.persistence import SettingsStore
from gui.progress_dialog import JobProgressDialog, run_job_with_dialog

# Panel names for --panel, in tab order, with their tab titles; the image browser and the labs
# are built after the first frame.
PANEL_TITLES = choices.PANELS
PANEL_NAMES = tuple(PANEL_TITLES)
LAB_PANELS = ("labs-xor", "labs-depth", "labs-softmax")
# How long closing waits for the workers to stop (longer waits happen after the window is gone).
CLOSE_WAIT_S = 0.25
# A classroom size the screen cannot show whole (style.FITS_FROM).
NEEDS_SCREEN = QT_TR_NOOP("Needs a screen of at least {0}×{1} pixels")
TOO_LARGE = QT_TR_NOOP("Classroom size {0} % does not fit this {1}×{2} screen: {3} % instead")


def code_panels() -> tuple[str, ...]:
    from engine.codegen_export import CODE_PANELS

    return CODE_PANELS


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


class _Placeholder(Switchable, QLabel):
    """Keeps a panel's tab in place until the panel is built after the first frame."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.live = Live()
        self.live.text(self.setText, text)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)


class _Holder(QWidget):
    """Holds one panel in its page. It hides the panel's height-for-width: word-wrapped labels
    make a layout's height-for-width the sum of preferred heights (1455 px for the image
    browser), and a scroll area would scroll to it even though the panel fits."""

    def __init__(self, panel: QWidget) -> None:
        super().__init__()
        self.panel = panel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel)

    def hasHeightForWidth(self) -> bool:
        return False

    def heightForWidth(self, width: int) -> int:
        return -1


class PanelTabs(QTabWidget):
    """Tabs whose pages scroll when a panel needs more room than the screen has.

    A page's minimum size used to become the window's: the image browser made a 1366×768
    window 785 px tall, classroom mode 944 px, pushing the status bar off a projector's screen.
    Each panel now sits in a scroll area, so the window keeps exactly the size asked for and a
    panel that cannot fit scrolls instead of being cut. Callers still see the panels themselves:
    ``indexOf``, ``currentWidget``, ``setCurrentWidget`` and ``widget`` map pages to panels.
    """

    def _page(self, panel: QWidget) -> QScrollArea:
        page = QScrollArea()
        page.setObjectName("panelPage")
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        page.setWidget(_Holder(panel))
        return page

    def addTab(self, panel: QWidget, text: str) -> int:  # type: ignore[override]
        return super().addTab(self._page(panel), text)

    def insertTab(self, index: int, panel: QWidget, text: str) -> int:  # type: ignore[override]
        return super().insertTab(index, self._page(panel), text)

    def widget(self, index: int) -> QWidget | None:  # type: ignore[override]
        page = super().widget(index)
        if isinstance(page, QScrollArea) and isinstance(page.widget(), _Holder):
            return page.widget().panel
        return page

    def indexOf(self, panel: QWidget) -> int:  # type: ignore[override]
        for i in range(self.count()):
            if self.widget(i) is panel:
                return i
        return -1

    def currentWidget(self) -> QWidget | None:  # type: ignore[override]
        return self.widget(self.currentIndex())

    def setCurrentWidget(self, panel: QWidget) -> None:  # type: ignore[override]
        index = self.indexOf(panel)
        if index >= 0:
            self.setCurrentIndex(index)

    def page(self, panel: QWidget) -> QScrollArea:
        """The scroll area holding ``panel``."""
        page = super().widget(self.indexOf(panel))
        assert isinstance(page, QScrollArea)
        return page

    def replace(self, old: QWidget, new: QWidget) -> None:
        """Put ``new`` in ``old``'s page (the tab, its title and the current tab stay)."""
        page = self.page(old)
        page.takeWidget().deleteLater()  # the holder; the old panel goes with it
        page.setWidget(_Holder(new))


class MainWindow(Switchable, QMainWindow):
    def __init__(
        self,
        lang: str | None = None,
        data_dir: Path | None = None,
        settings: QSettings | None = None,
        cifar_root: Path | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir or default_data_dir()
        self.store = SettingsStore(settings, keep_dir=self.data_dir)
        self.settings = self.store.settings
        self.cifar_root = cifar_root
        self.explorer_state = ExplorerState.default()
        self.image_state = ImageBrowserState()
        self.bridge = JobBridge(self)  # heavy work: loading, whole-split statistics, exports
        self.light = JobBridge(self, name="activation-lab-worker-light")  # curves, thumbnails
        # Freed buffers go back to the system between bursts of work (RSS stays flat).
        self.memory = MemoryRelease(self.bridge, self.light, self)
        self.started = False
        self.engine_version = ""
        self._source_requested = False
        self._geometry_before_classroom: tuple[bool, QRect] | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.exporter = Exporter(self)
        self.network = None  # gui.labs.network_panel.NetworkLabPanel, built after the first frame
        self.waiting_network: tuple | None = None  # its preset section until then

        saved = self.store.load_ui()
        self.lang = i18n.normalize(lang or saved.language or i18n.system_language())
        style.LOOK.theme = saved.theme
        style.LOOK.percent = saved.percent
        i18n.install(self.lang)
        self.settings_notes = self.store.restore_state(self.explorer_state, self.image_state)
        app = QApplication.instance()
        if app is not None:
            style.apply(app)
        # Created after install(): a LanguageChange before the window is built finds no `live`.
        self.live = Live()
        self._build_lesson_bar()
        self._build()
        self.store.restore_window(self)

    def _build_lesson_bar(self) -> None:
        """Lesson mode's bar, in a tool bar above the panels, hidden until a lesson is open
        (gui/lesson_bar.py)."""
        from PySide6.QtWidgets import QToolBar

        from gui.lesson_bar import LessonBar

        self.lesson_bar = LessonBar(self)
        holder = QToolBar()
        holder.setObjectName("lessonToolBar")
        holder.setMovable(False)
        holder.setFloatable(False)
        holder.toggleViewAction().setVisible(False)
        holder.addWidget(self.lesson_bar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, holder)
        holder.hide()

    # -- building (once) -----------------------------------------------------------------------
    def _build(self) -> None:
        self.live.text(self.setWindowTitle, QT_TR_NOOP("Activation Lab — 激活函数实验室"))
        self.explorer = ExplorerPanel(self.light, self.explorer_state)
        self.explorer.engineReady.connect(self._engine_ready)
        self.explorer.message.connect(self.show_message)
        self.tabs = PanelTabs()
        self.tabs.setDocumentMode(True)
        self.images: ImagesPanel | None = None
        self.labs: dict[str, QWidget] = {}
        # Lab settings applied before the labs are built (the remembered session): gui/lab_presets
        self.waiting_labs: dict[str, dict[str, object]] = dict(self.store.restored_labs)
        self.guide = GuidePanel()
        self.guide.activationLinked.connect(self.show_activation)
        self.guide.panelLinked.connect(self.follow_panel_link)
        self.panels: dict[str, QWidget] = {}
        for name in PANEL_NAMES:
            if name == "explorer":
                widget: QWidget = self.explorer
            elif name == "guide":
                widget = self.guide
            elif name == "images":
                widget = _Placeholder(QT_TR_NOOP("Loading the image browser…"))
            else:
                widget = _Placeholder(QT_TR_NOOP("Loading…"))
            self.panels[name] = widget
            self.tabs.addTab(widget, "")
        self._retitle_tabs()
        self.explorer.textsReady.connect(self.guide.refresh)
        # "Show code" beside the tabs: one button for whichever panel is on screen.
        self.code_button = QToolButton()
        self.code_button.setObjectName("showCode")
        self.code_button.setAutoRaise(True)
        self.live.text(self.code_button.setText, QT_TR_NOOP("</> Show code"))
        self.live.text(
            self.code_button.setToolTip,
            QT_TR_NOOP("The PyTorch code for what this panel shows"),
        )
        self.code_button.clicked.connect(lambda _checked=False: self.show_code())
        self.tabs.setCornerWidget(self.code_button, Qt.Corner.TopRightCorner)
        self.tabs.currentChanged.connect(lambda _index: self._update_code_button())
        self.code_dialog: CodeDialog | None = None
        self.setCentralWidget(self.tabs)

        self.setStatusBar(QStatusBar())
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().showMessage(tr("Loading PyTorch…"))
        self.actions_ = build_menus(self)
        self.data_actions = self.actions_.data
        self.classroom_action = self.actions_.classroom
        self.side_action = self.actions_.side_panels
        self._plain_plot_menus()
        self.offer_classroom_sizes()

    def _retitle_tabs(self) -> None:
        for name, widget in self.panels.items():
            self.tabs.setTabText(self.tabs.indexOf(widget), tr(PANEL_TITLES[name]))

    def retranslate(self) -> None:
        """Qt's LanguageChange reached the window: re-label menus, tabs and the status bar."""
        self.live.retranslate()
        self._retitle_tabs()
        self.offer_classroom_sizes(announce=False)  # the tooltips of the sizes offered
        if not self.engine_version:
            self.statusBar().showMessage(tr("Loading PyTorch…"))
        else:
            self.statusBar().clearMessage()  # a message in the old language would be stale

    def restyle(self) -> None:
        self.live.restyle()

    def current_panel(self) -> str:
        widget = self.tabs.currentWidget()
        return next((name for name, w in self.panels.items() if w is widget), "explorer")

    # -- language, theme, classroom mode -------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Switch the live window to ``lang``: every widget retranslates, nothing is rebuilt."""
        lang = i18n.normalize(lang)
        for key, action in self.actions_.languages.items():
            action.setChecked(key == lang)
        if lang == self.lang and lang == i18n.current():
            return
        self.lang = lang
        i18n.install(lang)  # delivers LanguageChange to every widget before it returns
        self.store.save_ui(self)

    def set_classroom_percent(self, percent: int) -> None:
        """The classroom scale (fonts, lines, check boxes): applied now if classroom mode is on,
        remembered for the next time."""
        if percent in self.actions_.percents:
            self.actions_.percents[percent].setChecked(True)
        if percent == style.LOOK.percent:
            return
        style.apply(QApplication.instance(), percent=percent)
        if style.LOOK.classroom:
            restyle_tree(self)
        self.store.save_ui(self)

    def offer_classroom_sizes(self, screen: QSize | None = None, announce: bool = True) -> None:
        """Offer the classroom sizes at which every panel fits ``screen`` (default: the screen
        the window is on); the others are greyed out with the screen they need. A remembered
        size that does not fit gives way to the largest that does, and the status bar says so.
        """
        if getattr(self, "actions_", None) is None:
            return  # a language change before the menus exist
        if screen is None:
            on = self.screen()
            if on is None:
                return
            screen = on.geometry().size()
        w, h = screen.width(), screen.height()
        fits = style.percents_that_fit(w, h)
        for percent, action in self.actions_.percents.items():
            action.setEnabled(percent in fits)
            need = style.FITS_FROM[percent]
            action.setToolTip("" if percent in fits else tr(NEEDS_SCREEN).format(need[0], need[1]))
        wanted = style.LOOK.percent
        if wanted not in fits:
            self.set_classroom_percent(max(fits))
            if announce:
                self.show_message(tr(TOO_LARGE).format(wanted, w, h, max(fits)))

    def set_theme(self, theme: str) -> None:
        if theme in self.actions_.themes:
            self.actions_.themes[theme].setChecked(True)
        if theme == style.LOOK.theme:
            return
        style.apply(QApplication.instance(), theme=theme)
        restyle_tree(self)
        self.store.save_ui(self)

    def toggle_classroom(self) -> None:
        """Full screen, large fonts and thick lines for the back of the room; again to leave."""
        self.set_classroom(not style.LOOK.classroom)

    def leave_classroom(self) -> None:
        if style.LOOK.classroom:
            self.set_classroom(False)

    def set_classroom(self, on: bool) -> None:
        self.classroom_action.setChecked(on)
        self.actions_.leave_classroom.setEnabled(on)
        if on == style.LOOK.classroom:
            return
        if on:
            self._geometry_before_classroom = (self.isMaximized(), self.geometry())
            self.offer_classroom_sizes()  # the projector may be smaller than the last screen
        style.apply(QApplication.instance(), classroom=on)
        restyle_tree(self)
        if on:
            self.showFullScreen()
        elif self._geometry_before_classroom is not None:
            maximized, geometry = self._geometry_before_classroom
            if maximized:
                self.showMaximized()
            else:
                self.showNormal()
                self.setGeometry(geometry)  # exactly where it was, unlike restoreGeometry()
        else:
            self.showNormal()
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

    def _build_late_panels(self) -> None:
        if self.images is not None:
            return
        self.images = ImagesPanel(
            self.bridge, self.explorer_state, self.image_state, light_bridge=self.light
        )
        self.images.message.connect(self.show_message)
        self._replace_tab("images", self.images)
        from gui.labs.depth_panel import DepthLabPanel
        from gui.labs.softmax_panel import SoftmaxLabPanel
        from gui.labs.xor_panel import XorLabPanel

        for name, cls in zip(
            LAB_PANELS, (XorLabPanel, DepthLabPanel, SoftmaxLabPanel), strict=True
        ):
            # Short jobs, frame by frame: they share the light worker with the curves.
            panel = cls(self.light, self.explorer_state)
            panel.message.connect(self.show_message)
            self.labs[name] = panel
            self._replace_tab(name, panel)
        from gui.lab_presets import show_waiting_labs

        show_waiting_labs(self)
        from gui.labs.network_panel import NetworkLabPanel

        # Heavy work: the race trains on the main worker, in short jobs beside loading and stats.
        self.network = NetworkLabPanel(self.bridge, self.explorer_state, self.image_state)
        self.network.message.connect(self.show_message)
        self.network.apply_preset_section(self.waiting_network)  # a --preset's set-up
        self.waiting_network = None
        self._replace_tab("labs-network", self.network)
        self._plain_plot_menus()
        self.store.restore_panels(self)

    def _plain_plot_menus(self) -> None:
        import pyqtgraph as pg

        for view in self.findChildren(pg.GraphicsView):
            style.plain_menus(view)

    def _replace_tab(self, name: str, widget: QWidget) -> None:
        old = self.panels[name]
        self.tabs.replace(old, widget)
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
        user_dir = self.settings.value(keys.CIFAR_FOLDER, "", type=str)
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

    # -- show code -----------------------------------------------------------------------------
    def show_code(self, panel: str | None = None) -> CodeDialog | None:
        """The PyTorch script of ``panel`` (default: the one on screen) in a dialog, generated
        from the state the panel draws; regenerated by the dialog's Refresh."""
        from engine.codegen_export import script_for
        from gui.code_state import code_state

        panel = panel or self.current_panel()
        if panel not in code_panels():
            self.show_message(tr("This panel has no code to show."))
            return None
        # Comments in the language shown; regenerated when it changes (CodeDialog.retranslate).
        dialog = CodeDialog(panel, lambda: script_for(panel, code_state(self), tr), self)
        dialog.setModal(False)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.code_dialog = dialog
        return dialog

    def _update_code_button(self) -> None:
        self.code_button.setEnabled(self.current_panel() in code_panels())

    # -- data sources ------------------------------------------------------------------------
    def _pick_folder(self, title: str) -> Path | None:
        start = self.settings.value(keys.DATA_DIR, str(Path.home()), type=str)
        folder = QFileDialog.getExistingDirectory(self, title, start)
        if not folder:
            return None
        self.settings.setValue(keys.DATA_DIR, folder)
        return Path(folder)

    def open_cifar_folder(self) -> None:
        folder = self._pick_folder(tr("Folder holding cifar-10-batches-py"))
        if folder is not None:
            self.settings.setValue(keys.CIFAR_FOLDER, str(folder))
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
        start = self.settings.value(keys.DATA_DIR, str(Path.home()), type=str)
        path, _ = QFileDialog.getOpenFileName(
            self, tr("The official CIFAR-10 archive"), start, "cifar-10-python.tar.gz (*.tar.gz)"
        )
        if path:
            self.settings.setValue(keys.DATA_DIR, str(Path(path).parent))
            self.run_with_progress(
                image_jobs.import_archive(Path(path), self.data_dir),
                tr("Importing the CIFAR-10 archive…"),
            )

    def download_cifar(self) -> None:
        self.run_with_progress(
            image_jobs.download(self.data_dir), tr("Downloading CIFAR-10 (163 MB)…")
        )

    def run_with_progress(self, job, text: str) -> None:
        """A data job (import, download) with a progress dialog; Cancel stops it between steps
        and the previous images stay."""
        self.show_panel("images")
        dialog = JobProgressDialog(text, self, on_cancel=self.images.cancel_load)
        self.progress_dialog = dialog
        self.images.load_source(job, text, on_progress=dialog.progress, on_end=dialog.finish)

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

    def export_to(self, slot, pattern: str, name: str) -> None:
        path = ask_path(self, tr("Export"), pattern, name)
        if path is not None:
            slot(path)

    def tensorboard_dialog(self) -> None:
        start = self.settings.value(keys.EXPORT_DIR, str(Path.home()), type=str)
        folder = QFileDialog.getExistingDirectory(self, tr("Folder for the TensorBoard log"), start)
        if folder:
            self.exporter.tensorboard(Path(folder))

    def run_job_with_progress(
        self, key: str, job, text: str, on_done: Callable[[object], None]
    ) -> None:
        """A long job on the heavy worker with a progress dialog; Cancel stops it."""
        self.progress_dialog, _ = run_job_with_dialog(
            self,
            self.bridge,
            key,
            job,
            text,
            on_done=on_done,
            on_error=lambda text: self.show_message(text, 15000),
            on_cancel=lambda: self.show_message(tr("Cancelled.")),
        )

    # -- closing -------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        self.store.save_all(self)
        # The window goes at once, whatever the workers are doing.
        self.hide()
        QGuiApplication.sync()
        # Jobs stop at their next check, well within the short wait. A job that cannot stop
        # soon (torch importing, the first statistics while torch warms up) is cancelled and
        # not waited for here: main() joins the workers after the event loop (join_workers).
        for bridge in (self.bridge, self.light):
            bridge.shutdown(0.0)  # both cancelled first, then one shared wait
        deadline = time.monotonic() + CLOSE_WAIT_S
        for bridge in (self.bridge, self.light):
            bridge.shutdown(max(0.0, deadline - time.monotonic()))
        gc_hold.release_all()
        super().closeEvent(event)

    def join_workers(self, timeout: float = 10.0) -> None:
        """Wait for the (already cancelled) workers to end, e.g. a torch import in progress."""
        for bridge in (self.bridge, self.light):
            bridge.shutdown(timeout)
