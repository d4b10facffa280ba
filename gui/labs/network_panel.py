"""Network lab: race catalogue activations training the same CNN, and look inside it.

The race lives on the heavy worker (:mod:`engine.network_jobs`): this panel submits one short
training job at a time and the next one when the previous result has been drawn, so the curves of
all contestants grow together, Pause is "submit no more" and the window never waits for torch.
The "inside" view shows each contestant's own intermediate tensors (forward hooks), refreshed at
each evaluation and on Pause.
"""

from __future__ import annotations

import contextlib
import html
import math
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine import catalogue
from engine.curve_style import DASH_PATTERNS, style_for
from engine.explorer_state import ExplorerState
from engine.image_state import ImageBrowserState
from engine.messages import QT_TR_NOOP, Message
from gui import gc_hold
from gui.bridge import JobBridge, JobSet
from gui.curve_pens import curve_pen
from gui.errors import error_text
from gui.i18n import tr, tr_message
from gui.plot_fit import FittedPlots
from gui.style import colour, line, pt
from gui.wheel_guard import WheelGuard

KEY_START = "labs:network:start"
KEY_TRAIN = "labs:network:train"
KEY_INSIDE = "labs:network:inside"
KEY_FILE = "labs:network:file"
SMOOTH = 10  # training loss: moving average over this many batches
DRAW_EVERY_MS = 250  # at most four curve repaints a second while racing
DATA_NOTE = QT_TR_NOOP(
    "No CIFAR-10 here: the race runs on {source}, which says little about real images. "
    "Get CIFAR-10 with File > Import CIFAR-10 archive… (or File > Download CIFAR-10)."
)
VECTOR_NOTE = QT_TR_NOOP(
    "Softmax, Softmin and LogSoftmax act on a whole vector, not on each unit: they are not "
    "hidden-layer activations and cannot race."
)
# Labels of the vocabularies defined in the engine (imported late: the engine modules load torch).
STATES = {
    "idle": QT_TR_NOOP("Ready"),
    "starting": QT_TR_NOOP("Preparing the race…"),
    "running": QT_TR_NOOP("Training"),
    "paused": QT_TR_NOOP("Paused"),
    "stopped": QT_TR_NOOP("Stopped"),
    "finished": QT_TR_NOOP("Finished"),
}


def _set_label(item: pg.LabelItem, text: str) -> None:
    """Set a label's text only when it changed: each new text re-lays out the whole grid."""
    if item.text != text:
        item.setText(text)


def _mosaic(maps: np.ndarray, gap: int = 1) -> np.ndarray:
    """(C, H, W) feature maps → one image of ⌈√C⌉ columns, gaps NaN (shown transparent)."""
    c, h, w = maps.shape
    cols = math.ceil(math.sqrt(c))
    rows = math.ceil(c / cols)
    out = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap), np.nan, dtype=np.float32)
    for i in range(c):
        r, k = divmod(i, cols)
        out[r * (h + gap) : r * (h + gap) + h, k * (w + gap) : k * (w + gap) + w] = maps[i]
    return out


class _Curves:
    """What the panel has drawn so far, per contestant (copies of the race's points)."""

    def __init__(self, n: int) -> None:
        self.step_x: list[list[int]] = [[] for _ in range(n)]
        self.loss: list[list[float]] = [[] for _ in range(n)]
        self.grad: list[list[tuple[float, ...]]] = [[] for _ in range(n)]
        self.eval_x: list[list[int]] = [[] for _ in range(n)]
        self.acc: list[list[float]] = [[] for _ in range(n)]
        self.dead: list[list[tuple[float, ...]]] = [[] for _ in range(n)]
        self.full: list[list[bool]] = [[] for _ in range(n)]
        self.points: list = []  # every point, in the race's order (exports)

    def add(self, points) -> None:
        from engine.network_config import StepPoint

        for p in points:
            self.points.append(p)
            i = p.contestant
            if isinstance(p, StepPoint):
                self.step_x[i].append(p.images)
                self.loss[i].append(p.loss)
                self.grad[i].append(p.grad_norms)
            else:
                self.eval_x[i].append(p.images)
                self.acc[i].append(p.accuracy)
                self.dead[i].append(p.dead)
                self.full[i].append(p.full)


def _smooth(values: list[float], window: int = SMOOTH) -> np.ndarray:
    """Trailing moving average (shorter at the start), NaN-safe enough for diverging losses."""
    v = np.asarray(values, dtype=float)
    if v.size == 0:
        return v
    c = np.cumsum(np.insert(v, 0, 0.0))
    idx = np.arange(1, v.size + 1)
    lo = np.maximum(0, idx - window)
    return (c[idx] - c[lo]) / (idx - lo)


class NetworkLabPanel(QWidget):
    """Controls on the left; curves and the inside view on the right."""

    message = Signal(str)
    stateChanged = Signal(str)
    pointsShown = Signal()  # new points are in the plot items
    insideShown = Signal()  # a look inside arrived (drawn now, or when its tab is shown)
    insideDrawn = Signal()  # the inside view's items show the latest look inside

    def __init__(
        self,
        bridge: JobBridge,
        explorer_state: ExplorerState,
        image_state: ImageBrowserState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.explorer_state = explorer_state
        self.image_state = image_state
        self.jobs = JobSet(bridge)  # jobs in flight, by key
        self.state = "idle"
        self.started = None  # engine.network_jobs.RaceStarted of the current race
        self.curves = _Curves(0)
        self.keys: list[str] = []
        self.names: list[str] = []
        self.progress_value = 0.0
        self.images_per_second = 0.0
        self.epoch = 0
        self.inside = None  # engine.network_jobs.InsideResult shown
        self.inside_image: np.ndarray | None = None
        self._pause_after_start = False
        self._inside_stale = False
        self._curves_stale = False  # points arrived while the Inside tab was shown
        self._inside_shape: int | None = None  # contestants the inside view's items are for
        self._inside_rows: list[dict] = []
        # The inside view's items are built a cell at a time between events (a whole grid
        # of plots at once froze the window for ~0.4 s on a school laptop).
        self._build_steps: Iterator[None] | None = None
        self._build_for: int | None = None
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.timeout.connect(self._build_step)
        self._row_work: list[tuple] = []  # the inside view's rows still to draw
        self._row_timer = QTimer(self)
        self._row_timer.setSingleShot(True)
        self._row_timer.timeout.connect(self._draw_next_row)
        self._drawn_at = 0.0
        self._draw_timer = QTimer(self)
        self._draw_timer.setSingleShot(True)
        self._draw_timer.timeout.connect(self._draw_now)
        self._texts: list[tuple[Callable[[str], object], str]] = []
        self._combos: list[tuple[QComboBox, Callable[[], dict[str, str]]]] = []
        font = QFont(self.font())
        font.setPointSize(pt(11))
        self.setFont(font)
        self._build_controls()
        self._build_views()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.controls_scroll)
        splitter.addWidget(self.views)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 1030])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        image_state.subscribe(self._on_images)
        explorer_state.subscribe(self._on_explorer)
        self.apply_setup("lesson")
        self._update_buttons()
        self._update_data_note()

    # -- building ------------------------------------------------------------------------------
    def _text(self, setter: Callable[[str], object], source: str) -> None:
        """Show ``tr(source)`` now and again after every language switch."""
        self._texts.append((setter, source))
        setter(tr(source))

    def _label(self, source: str) -> QLabel:
        label = QLabel()
        self._text(label.setText, source)
        return label

    def _combo(self, name: str, labels: Callable[[], dict[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for key, text in labels().items():
            combo.addItem(tr(text), key)
        self._combos.append((combo, labels))
        return combo

    def _build_controls(self) -> None:
        from engine.choices import INITIALISATIONS, OPTIMIZERS
        from engine.network_config import (
            BATCH_SIZES,
            LR_RANGE,
            MAX_EXTRA_CONVS,
            SETUPS,
            TRAIN_SIZES,
        )

        box = QWidget()
        box.setObjectName("networkControls")
        v = QVBoxLayout(box)
        title = self._label(QT_TR_NOOP("Network lab: race activations on real images"))
        title.setWordWrap(True)
        title.setStyleSheet(f"font-size: {pt(14)}pt; font-weight: bold;")
        self._title = title
        top = QVBoxLayout()  # always in sight: title, Start/Pause/Stop, progress, notes
        top.addWidget(title)
        self.setup_combo = self._combo(
            "networkSetup", lambda: {k: t for k, (t, _) in SETUPS.items()}
        )
        self._text(self.setup_combo.setToolTip, QT_TR_NOOP("Ready set-ups: fill in every control"))
        self.setup_combo.activated.connect(
            lambda _i: self.apply_setup(self.setup_combo.currentData())
        )
        form0 = QFormLayout()
        # The set-up's name above its box: the whole column's width shows it whole at 250 %.
        form0.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form0.addRow(self._label(QT_TR_NOOP("Set-up")), self.setup_combo)
        v.addLayout(form0)
        v.addWidget(self._label(QT_TR_NOOP("Activations (1–6):")))
        self.activation_list = QListWidget()
        self.activation_list.setObjectName("networkActivations")
        self.activation_list.setMinimumHeight(120)
        self._fill_activations()
        v.addWidget(self.activation_list, 1)
        self.vector_note = self._label(VECTOR_NOTE)
        self.vector_note.setWordWrap(True)
        self.vector_note.setStyleSheet(f"color: {colour('muted')};")
        v.addWidget(self.vector_note)

        self.optimizer_combo = self._combo("networkOptimizer", lambda: OPTIMIZERS)
        self.lr_spin = QDoubleSpinBox()
        self.lr_spin.setObjectName("networkLr")
        self.lr_spin.setDecimals(4)
        self.lr_spin.setRange(0.0001, min(LR_RANGE[1], 5.0))
        self.lr_spin.setSingleStep(0.01)
        self.batch_combo = QComboBox()
        self.batch_combo.setObjectName("networkBatch")
        for b in BATCH_SIZES:
            self.batch_combo.addItem(str(b), b)
        self.init_combo = self._combo("networkInit", lambda: INITIALISATIONS)
        self.seed_spin = QSpinBox()
        self.seed_spin.setObjectName("networkSeed")
        self.seed_spin.setRange(0, 99999)
        self.train_combo = QComboBox()
        self.train_combo.setObjectName("networkTrainSize")
        for n in TRAIN_SIZES:
            self.train_combo.addItem(f"{n:,}".replace(",", " "), n)
        self.epochs_spin = QSpinBox()
        self.epochs_spin.setObjectName("networkEpochs")
        self.epochs_spin.setRange(1, 50)
        self.extra_spin = QSpinBox()
        self.extra_spin.setObjectName("networkExtraConvs")
        self.extra_spin.setRange(0, MAX_EXTRA_CONVS)
        form = QFormLayout()
        for source, widget in (
            (QT_TR_NOOP("Optimizer"), self.optimizer_combo),
            (QT_TR_NOOP("Learning rate"), self.lr_spin),
            (QT_TR_NOOP("Batch size"), self.batch_combo),
            (QT_TR_NOOP("Initialisation"), self.init_combo),
            (QT_TR_NOOP("Seed"), self.seed_spin),
            (QT_TR_NOOP("Training images"), self.train_combo),
            (QT_TR_NOOP("Epochs"), self.epochs_spin),
            (QT_TR_NOOP("Extra conv layers"), self.extra_spin),
        ):
            label = self._label(source)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self._text(
            self.extra_spin.setToolTip,
            QT_TR_NOOP("Conv 32→32 layers added after the second pooling: a deeper network"),
        )
        v.addLayout(form)

        self.start_button = QPushButton()
        self.start_button.setObjectName("networkStart")
        self._text(self.start_button.setText, QT_TR_NOOP("&Start"))
        self.pause_button = QPushButton()
        self.pause_button.setObjectName("networkPause")
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("networkStop")
        self._text(self.stop_button.setText, QT_TR_NOOP("S&top"))
        buttons = QHBoxLayout()
        for b in (self.start_button, self.pause_button, self.stop_button):
            buttons.addWidget(b)
        top.addLayout(buttons)
        self.start_button.clicked.connect(lambda _checked=False: self.start())
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.stop)
        self.progress = QProgressBar()
        self.progress.setObjectName("networkProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        top.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("networkStatus")
        self.status.setWordWrap(True)
        top.addWidget(self.status)
        self.data_note = QLabel()
        self.data_note.setObjectName("networkDataNote")
        self.data_note.setWordWrap(True)
        self.data_note.setStyleSheet(f"color: {colour('error')}; font-weight: bold;")
        top.addWidget(self.data_note)

        files = QGridLayout()
        self.save_button = QPushButton()
        self._text(self.save_button.setText, QT_TR_NOOP("Save weights…"))
        self.load_button = QPushButton()
        self._text(self.load_button.setText, QT_TR_NOOP("Open weights…"))
        self._text(
            self.save_button.setToolTip,
            QT_TR_NOOP(
                "Saves the race: the trained weights, the optimizers' state, the curves and "
                "where the race stands. Opening it goes on from there."
            ),
        )
        self.csv_button = QPushButton()
        self._text(self.csv_button.setText, QT_TR_NOOP("Curves as CSV…"))
        self.tb_button = QPushButton()
        self._text(self.tb_button.setText, QT_TR_NOOP("TensorBoard scalars…"))
        for i, b in enumerate(
            (self.save_button, self.load_button, self.csv_button, self.tb_button)
        ):
            files.addWidget(b, i // 2, i % 2)
        self.save_button.clicked.connect(self.save_weights_dialog)
        self.load_button.clicked.connect(self.open_weights_dialog)
        self.csv_button.clicked.connect(self.export_csv_dialog)
        self.tb_button.clicked.connect(self.export_tensorboard_dialog)
        v.addLayout(files)
        self._files_grid = files

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.controls_scroll = QWidget()
        self.controls_scroll.setObjectName("networkLeft")
        column = QVBoxLayout(self.controls_scroll)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(scroll, 1)
        self._controls_box = box
        self._fit_controls_width()
        for combo in box.findChildren(QComboBox):
            # Long translated labels must not widen the column past the screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        WheelGuard(scroll, box)  # the wheel scrolls the column, never a setting under the pointer
        # Keyboard: Ctrl+Enter starts, Space (outside text fields) pauses and resumes.
        QShortcut(QKeySequence("Ctrl+Return"), self, self.start)
        pause = QShortcut(QKeySequence("Ctrl+P"), self, self.toggle_pause)
        pause.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _fill_activations(self) -> None:
        from engine.network_config import RaceConfig

        checked = (
            self.checked_keys()
            if self.activation_list.count()
            else [c.key for c in RaceConfig().contestants]
        )
        with QSignalBlocker(self.activation_list):
            self.activation_list.clear()
            for spec in catalogue.all_specs():  # own activations after the catalogue's
                item = QListWidgetItem(spec.name)
                item.setData(Qt.ItemDataRole.UserRole, spec.key)
                if spec.elementwise:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    on = spec.key in checked
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                else:
                    off = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                    item.setFlags(item.flags() & ~off)
                    item.setToolTip(tr(VECTOR_NOTE))
                self.activation_list.addItem(item)
        self._catalogue_keys = [s.key for s in catalogue.all_specs()]

    def _build_views(self) -> None:
        self.views = QTabWidget()
        self.views.setObjectName("networkViews")
        # -- curves
        curves = QWidget()
        cv = QVBoxLayout(curves)
        cv.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.layer_label = self._label(QT_TR_NOOP("Layer for gradient and dead units:"))
        self.layer_combo = QComboBox()
        self.layer_combo.setObjectName("networkCurveLayer")
        self.layer_label.setBuddy(self.layer_combo)
        self.layer_combo.currentIndexChanged.connect(lambda _i: self._draw_curves())
        row.addWidget(self.layer_label)
        row.addWidget(self.layer_combo)
        row.addStretch(1)
        cv.addLayout(row)
        self.plots = FittedPlots()
        self.plots.setObjectName("networkPlots")
        self.legend = pg.LegendItem(colCount=6, labelTextSize=f"{pt(11)}pt")
        self.plots.addItem(self.legend, row=0, col=0, colspan=2)
        self.loss_plot = self.plots.addPlot(row=1, col=0)
        self.acc_plot = self.plots.addPlot(row=1, col=1)
        self.grad_plot = self.plots.addPlot(row=2, col=0)
        self.dead_plot = self.plots.addPlot(row=2, col=1)
        # Titles wrap and the legend takes the columns that fit (classroom sizes at 1366×768).
        self.plot_fit = self.plots.fitter
        self.grad_plot.setLogMode(y=True)
        self.grad_plot.getAxis("left").enableAutoSIPrefix(False)
        self.acc_plot.setYRange(0, 1, padding=0.02)
        self.dead_plot.setYRange(0, 100, padding=0.02)
        for plot in (self.loss_plot, self.acc_plot, self.grad_plot, self.dead_plot):
            plot.setMenuEnabled(False)
        self._style_plots()
        self.plot_items: list[dict[str, pg.PlotDataItem]] = []
        cv.addWidget(self.plots, 1)
        self.views.addTab(curves, "")
        # -- inside
        inside = QWidget()
        iv = QVBoxLayout(inside)
        iv.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.inside_layer = QComboBox()
        self.inside_layer.setObjectName("networkInsideLayer")
        self.inside_layer.currentIndexChanged.connect(lambda _i: self._draw_inside())
        self.test_image = QSpinBox()
        self.test_image.setObjectName("networkTestImage")
        self.test_image.setRange(0, 0)
        self.test_image.valueChanged.connect(lambda _v: self._pick_test_image())
        self.follow_browser = QCheckBox()
        self.follow_browser.setObjectName("networkFollowBrowser")
        self._text(self.follow_browser.setText, QT_TR_NOOP("Image &browser's selection"))
        self.follow_browser.toggled.connect(lambda _on: self._pick_test_image())
        for source, widget in (
            (QT_TR_NOOP("Layer:"), self.inside_layer),
            (QT_TR_NOOP("Test image:"), self.test_image),
        ):
            label = self._label(source)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
        row.addWidget(self.follow_browser)
        row.addStretch(1)
        iv.addLayout(row)
        self.inside_note = QLabel()
        self.inside_note.setObjectName("networkInsideNote")
        self.inside_note.setWordWrap(True)
        iv.addWidget(self.inside_note)
        self.inside_plots = pg.GraphicsLayoutWidget()
        self.inside_plots.setObjectName("networkInsidePlots")
        iv.addWidget(self.inside_plots, 1)
        self.cmap = pg.colormap.get("CET-D1")  # diverging: negatives blue, 0 white, positives red
        self.views.addTab(inside, "")
        self.views.currentChanged.connect(self._view_shown)
        self.retranslate_views()

    def _view_shown(self, index: int) -> None:
        """Each tab draws what it missed while the other was shown."""
        if index == 0 and self._curves_stale:
            self._draw_now()
        elif index == 1 and self._inside_stale:
            self._draw_inside()

    # -- looks -----------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "plot_fit"):  # titles wrap, the legend takes the columns that fit
            self.plot_fit.fit()
        if self._inside_shape is not None:  # class names in the font that fits the new height
            QTimer.singleShot(0, self, self._draw_inside)

    def _style_plots(self) -> None:
        tick_font = QFont(self.font().family(), pt(10))
        for plot in (self.loss_plot, self.acc_plot, self.grad_plot, self.dead_plot):
            for side in ("left", "bottom"):
                axis = plot.getAxis(side)
                axis.setTickFont(tick_font)
                axis.setTextPen(colour("foreground"))
                axis.setPen(pg.mkPen(colour("axis"), width=line(1)))

    def _fit_controls_width(self) -> None:
        """The controls column at least as wide as its buttons need in this look (classroom
        sizes cut "TensorBoard scalars…" in a 330 px column)."""
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        box = self._controls_box
        left, _top, right, _bottom = box.layout().getContentsMargins()
        # The file buttons, two by two, are the widest row that must not be cut; texts wrap.
        files = self._files_grid.sizeHint().width() + left + right
        need = max(box.minimumSizeHint().width(), files) + scroll_bar
        self.controls_scroll.setMinimumWidth(max(280, need))
        for layout in self._controls_box.findChildren(QLayout):  # rows for the new font too
            layout.invalidate()

    def restyle(self) -> None:
        """The theme or classroom mode changed (gui.live.restyle_tree): re-apply colours and
        sizes in place; the race and its curves stay."""
        font = QFont(self.font())  # the controls' size, as when built in this look
        font.setPointSize(pt(11))
        self.setFont(font)
        self._title.setStyleSheet(f"font-size: {pt(14)}pt; font-weight: bold;")
        self._fit_controls_width()
        self._style_plots()
        self.vector_note.setStyleSheet(f"color: {colour('muted')};")
        self.data_note.setStyleSheet(f"color: {colour('error')}; font-weight: bold;")
        for i, items in enumerate(self.plot_items):
            for key in ("loss", "acc", "grad", "dead"):
                items[key].setPen(self._pen(i))
        self.retranslate_views()  # plot titles carry their font size
        self._inside_shape = None  # rebuilt with the new colours when next drawn
        self._draw_inside()

    # -- translation ---------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        for setter, source in self._texts:
            setter(tr(source))
        for combo, labels in self._combos:
            names = labels()
            for i in range(combo.count()):
                if combo.itemData(i) in names:
                    combo.setItemText(i, tr(names[combo.itemData(i)]))
        self.retranslate_views()
        self._update_buttons()
        self._update_data_note()
        self._show_status()
        self._draw_curves()
        self._draw_inside()

    def retranslate_views(self) -> None:
        self.views.setTabText(0, tr("&Curves"))
        self.views.setTabText(1, tr("&Inside the network"))
        size = f"{pt(12)}pt"
        self.loss_plot.setTitle(
            html.escape(tr("Training loss (mean of the last {0} batches)").format(SMOOTH)),
            size=size,
        )
        self.acc_plot.setTitle(
            html.escape(tr("Test accuracy (line: test subset; dots: whole test split)")),
            size=size,
        )
        self.grad_plot.setTitle(html.escape(tr("Gradient norm ‖∂L/∂W‖ (log scale)")), size=size)
        self.dead_plot.setTitle(
            html.escape(tr("Dead units (%): output 0 for every evaluated image")), size=size
        )
        images = tr("training images seen")
        for plot in (self.loss_plot, self.acc_plot, self.grad_plot, self.dead_plot):
            plot.setLabel("bottom", images, **{"font-size": f"{pt(10)}pt"})
        self.plot_fit.fit()
        self.inside_note.setText(
            tr(
                "z: what the layer computes; f(z): after the activation. Blue is negative, red "
                "positive, one colour scale for every map (colour bar). Each conv channel is "
                "one tile. Refreshed at each evaluation and on Pause."
            )
        )

    # -- settings ------------------------------------------------------------------------------
    def checked_keys(self) -> list[str]:
        items = (self.activation_list.item(i) for i in range(self.activation_list.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
            and item.flags() & Qt.ItemFlag.ItemIsUserCheckable
        ]

    def set_checked(self, keys) -> None:
        for i in range(self.activation_list.count()):
            item = self.activation_list.item(i)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                on = item.data(Qt.ItemDataRole.UserRole) in keys
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _params_of(self, key: str) -> dict:
        """The parameters set in the explorer for this activation (its defaults if unknown)."""
        try:
            return dict(self.explorer_state.entry(key).params)
        except (KeyError, StopIteration, AttributeError):
            return catalogue.get(key).defaults()

    def config(self):
        from engine.network_config import Contestant, RaceConfig

        return RaceConfig(
            contestants=tuple(Contestant.of(k, self._params_of(k)) for k in self.checked_keys()),
            optimizer=self.optimizer_combo.currentData(),
            lr=float(self.lr_spin.value()),
            batch_size=int(self.batch_combo.currentData()),
            init=self.init_combo.currentData(),
            seed=int(self.seed_spin.value()),
            train_size=int(self.train_combo.currentData()),
            epochs=int(self.epochs_spin.value()),
            extra_convs=int(self.extra_spin.value()),
        )

    def set_config(self, config) -> None:
        """Show ``config`` in the controls (a set-up, a preset, an opened weights file). The
        contestants' parameter values go to the explorer, where the race takes them from (the
        "dying ReLU" set-up's LeakyReLU has α = 0.1)."""
        self.set_checked([c.key for c in config.contestants])
        for c in config.contestants:
            if c.params:
                # Not in the explorer (KeyError): the race uses the values it was given.
                with contextlib.suppress(KeyError):
                    self.explorer_state.set_params(c.key, dict(c.params))
        for combo, value in (
            (self.optimizer_combo, config.optimizer),
            (self.batch_combo, config.batch_size),
            (self.init_combo, config.init),
            (self.train_combo, config.train_size),
        ):
            index = combo.findData(value)
            if index < 0 and combo is self.batch_combo:
                combo.addItem(str(value), value)
                index = combo.count() - 1
            if index < 0 and combo is self.train_combo:
                combo.addItem(str(value), value)
                index = combo.count() - 1
            if index >= 0:
                combo.setCurrentIndex(index)
        self.lr_spin.setValue(config.lr)
        self.seed_spin.setValue(config.seed)
        self.epochs_spin.setValue(config.epochs)
        self.extra_spin.setValue(config.extra_convs)

    def apply_setup(self, key: str) -> None:
        from engine.network_config import SETUPS

        self.setup_combo.setCurrentIndex(max(0, self.setup_combo.findData(key)))
        self.set_config(SETUPS[key][1])

    def preset_section(self) -> dict:
        """The lab's part of a preset or lesson step (contestants and set-up)."""
        from engine.network_config import preset_section

        return preset_section(self.setup_combo.currentData(), self.config())

    def apply_preset_section(self, section: tuple | None) -> None:
        """Show a section read by ``engine.network_config.read_preset_section`` (checked)."""
        if section is None:
            return
        setup, config = section
        index = self.setup_combo.findData(setup)
        if index >= 0:
            self.setup_combo.setCurrentIndex(index)
        self.set_config(config)

    # -- the race ------------------------------------------------------------------------------
    @property
    def is_settled(self) -> bool:
        return not self.jobs and self.state not in ("starting", "running")

    @property
    def race(self):
        return None if self.started is None else self.started.race

    def start(self, saved=None, config=None) -> None:
        """Start a new race with the controls' set-up (or ``config``) from identical weights;
        or go on with an opened race (``saved``: engine.network_weights.SavedWeights)."""
        from engine.network_jobs import start_race

        if self.image_state.image_set is None:
            self._set_status_text(tr("The images are still loading; try again in a moment."))
            return
        config = config or self.config()
        problem = config.problem()
        if problem:
            self._set_status_text(tr_message(problem))
            self.message.emit(tr_message(problem))
            return
        self._cancel_jobs()
        self._draw_timer.stop()  # a redraw still due belongs to the old race
        self.started = None
        self.inside = None
        self.keys = [c.key for c in config.contestants]
        self.names = [c.label() for c in config.contestants]
        self.curves = _Curves(len(self.keys))
        self.progress_value, self.images_per_second, self.epoch = 0.0, 0.0, 0
        self._reset_plot_items()
        self._set_state("starting")
        self._submit(
            KEY_START, start_race(config, self.image_state.image_set, saved), self._race_started
        )

    def toggle_pause(self) -> None:
        if self.state == "running":
            self.pause()
        elif self.state == "paused":
            self.resume()

    def pause(self) -> None:
        if self.state != "running":
            return
        self.jobs.cancel(KEY_TRAIN)
        self._set_state("paused")
        # The cancelled slice's points are in the race: fetch them without training further.
        self._submit_train(budget_s=0.0)
        self.request_inside()

    def resume(self) -> None:
        if self.state != "paused":
            return
        self._set_state("running")
        self._submit_train()

    def stop(self) -> None:
        if self.state not in ("starting", "running", "paused"):
            return
        self.jobs.cancel(KEY_START)
        self.jobs.cancel(KEY_TRAIN)
        if self.started is None:
            self._set_state("idle")
            return
        self._set_state("stopped")
        self._submit_train(budget_s=0.0)
        self.request_inside()

    def _cancel_jobs(self) -> None:
        for key in (KEY_START, KEY_TRAIN, KEY_INSIDE):
            self.jobs.cancel(key)

    def _submit(self, key: str, job, on_done: Callable[[object], None]) -> None:
        self.jobs.submit(key, job, on_done=on_done, on_error=lambda exc: self._failed(key, exc))

    def _submit_train(self, budget_s: float | None = None) -> None:
        from engine.network_jobs import BUDGET_S, FIRST_BUDGET_S, advance_race

        if self.race is None:
            return
        if budget_s is None:
            budget_s = FIRST_BUDGET_S if not self.curves.points else BUDGET_S
        self._submit(
            KEY_TRAIN, advance_race(self.race, len(self.curves.points), budget_s), self._update
        )

    def request_inside(self) -> None:
        from engine.network_jobs import look_inside_race

        if self.race is None or self.inside_image is None:
            return
        self._submit(
            KEY_INSIDE, look_inside_race(self.race, self.inside_image), self._inside_arrived
        )

    def _set_state(self, state: str) -> None:
        self.state = state
        # Only while training: no 200 ms full garbage collection over the whole program's objects.
        gc_hold.hold(self, state in ("starting", "running"))
        self._update_buttons()
        self._show_status()
        self.stateChanged.emit(state)

    def _update_buttons(self) -> None:
        running = self.state in ("starting", "running")
        self.pause_button.setText(tr("&Resume") if self.state == "paused" else tr("&Pause"))
        self.pause_button.setEnabled(self.state in ("running", "paused"))
        self.stop_button.setEnabled(self.state in ("starting", "running", "paused"))
        self.start_button.setEnabled(True)
        have = self.race is not None and not running
        self.save_button.setEnabled(have or self.state == "paused")
        self.csv_button.setEnabled(bool(self.curves.points))
        self.tb_button.setEnabled(bool(self.curves.points))

    def _show_status(self) -> None:
        speed = tr("{0:.0f} images/s").format(self.images_per_second)
        epochs = self.started.race.config.epochs if self.started is not None else 0
        text = tr(STATES[self.state])
        if self.started is not None:
            text = tr("{0} — epoch {1} of {2}").format(text, max(1, self.epoch), epochs)
        self.progress.setValue(int(1000 * self.progress_value))
        self.progress.setFormat(f"{self.progress_value * 100:.0f}% · {speed}")
        self._set_status_text(text)

    def _set_status_text(self, text: str) -> None:
        self.status.setText(text)

    def _update_data_note(self) -> None:
        image_set = self.image_state.image_set
        if image_set is None or getattr(image_set, "kind", "") == "cifar10":
            self.data_note.hide()
            return
        self.data_note.setText(tr(DATA_NOTE).format(source=tr(image_set.name)))
        self.data_note.show()

    # -- results ---------------------------------------------------------------------------
    def _on_images(self, what: str) -> None:
        if what == "source":
            self._update_data_note()
        if what in ("source", "split", "selected") and self.follow_browser.isChecked():
            self._pick_test_image()

    def _on_explorer(self, what: str, key: str) -> None:
        """Own activations come and go in the list; a race using a removed one stops (its
        curves stay), since its activation no longer exists anywhere else in the program."""
        if what not in ("added", "removed"):
            return
        if (
            what == "removed"
            and key in self.keys
            and self.state in ("starting", "running", "paused")
        ):
            self.stop()
            name = self.names[self.keys.index(key)]
            text = tr("Network lab: stopped — {0} was removed").format(name)
            self._set_status_text(text)
            self.message.emit(text)
        self._fill_activations()

    def _inside_arrived(self, inside) -> None:
        self.inside = inside
        self._draw_inside()
        self.insideShown.emit()

    def _file_done(self, message: Message) -> None:
        self.message.emit(tr_message(message))

    def _failed(self, key: str, exc: BaseException) -> None:
        """A bad set-up or file (its translated reason) or a failed computation."""
        text = tr("Network lab: {0}").format(error_text(exc))
        if key in (KEY_START, KEY_TRAIN):
            self._set_state("stopped" if self.started is not None else "idle")
        self._set_status_text(text)
        self.message.emit(text)

    def _race_started(self, started) -> None:
        self.started = started
        # The whole race's x range from the start: the curves grow into a fixed frame (and the
        # axes need no new ticks at every repaint).
        total = started.n_train * started.race.config.epochs
        for plot in (self.loss_plot, self.acc_plot, self.grad_plot, self.dead_plot):
            plot.setXRange(0, total, padding=0.02)
        layers = list(started.layer_names)
        for combo in (self.layer_combo, self.inside_layer):
            current = combo.currentText()
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItems(layers)
                combo.setCurrentIndex(max(0, combo.findText(current)))
        with QSignalBlocker(self.test_image):
            self.test_image.setRange(0, max(0, started.n_test - 1))
        self._pick_test_image(request=False)
        if started.note is not None:
            self.message.emit(tr_message(started.note))
        if self._pause_after_start:  # an opened race: its curves, and a look inside, first
            self._pause_after_start = False
            self._set_state("finished" if started.race.done else "paused")
            self._submit_train(budget_s=0.0)  # the saved curves (none for weights only)
            self.request_inside()
            return
        self._set_state("running")
        self._submit_train()

    def _update(self, update) -> None:
        new = update.points[len(self.curves.points) - update.since :]
        self.curves.add(new)
        self.progress_value = update.progress
        self.images_per_second = update.images_per_second
        self.epoch = update.epoch
        if update.done or self.state != "running":  # the last points: drawn at once
            self._draw_timer.stop()
            self._draw_now()
        elif new:
            self._schedule_draw()
        self._show_status()
        self._update_buttons()
        if update.done and self.state == "running":
            self._set_state("finished")
        if update.evaluated:
            self.request_inside()
        if self.state == "running":
            self._submit_train()

    # -- drawing -------------------------------------------------------------------------------
    def _schedule_draw(self) -> None:
        """Redraw the curves now, or DRAW_EVERY_MS after the last redraw: a repaint of four
        plots costs the GUI thread tens of milliseconds on a school laptop, more points per
        repaint cost almost nothing."""
        if self._draw_timer.isActive():
            return
        wait = DRAW_EVERY_MS - (time.perf_counter() - self._drawn_at) * 1000
        self._draw_timer.start(max(0, int(wait)))

    def _draw_now(self) -> None:
        if self.views.currentIndex() != 0:  # hidden behind the Inside tab: drawn when shown
            self._curves_stale = True
            return
        self._curves_stale = False
        self._drawn_at = time.perf_counter()
        self._draw_curves()
        if self.curves.points:
            self.pointsShown.emit()

    def _colour(self, i: int) -> str:
        """The activation's own colour, as in every other panel."""
        return style_for(self.keys[i]).colour

    def _pen(self, i: int):
        """The activation's own pen; a second contestant with the same activation (another α)
        gets the next dash pattern so the two stay apart."""
        key = self.keys[i]
        pen = curve_pen(key, line(2))
        repeat = self.keys[:i].count(key)
        if repeat:
            patterns = [p for p in DASH_PATTERNS.values() if p]
            pen.setDashPattern(list(patterns[(repeat - 1) % len(patterns)]))
        return pen

    def _reset_plot_items(self) -> None:
        for items in self.plot_items:
            for plot, item in zip(
                (self.loss_plot, self.acc_plot, self.grad_plot, self.dead_plot, self.acc_plot),
                items.values(),
                strict=True,
            ):
                plot.removeItem(item)
        self.legend.clear()
        self.plot_items = []
        for i, name in enumerate(self.names):
            pen = self._pen(i)
            # Not antialiased: four live plots repaint several times a second.
            items = {
                "loss": pg.PlotDataItem(pen=pen, antialias=False),
                "acc": pg.PlotDataItem(pen=pen, antialias=False),
                "grad": pg.PlotDataItem(pen=pen, antialias=False),
                "dead": pg.PlotDataItem(pen=pen, antialias=False),
                "full": pg.PlotDataItem(
                    pen=None, symbol="o", symbolSize=9, symbolBrush=self._colour(i)
                ),
            }
            for plot, item in zip(
                (self.loss_plot, self.acc_plot, self.grad_plot, self.dead_plot, self.acc_plot),
                items.values(),
                strict=True,
            ):
                plot.addItem(item)
            self.legend.addItem(items["loss"], name)
            self.plot_items.append(items)

    def _draw_curves(self) -> None:
        layer = max(0, self.layer_combo.currentIndex())
        c = self.curves
        for i, items in enumerate(self.plot_items):
            x = np.asarray(c.step_x[i], dtype=float)
            items["loss"].setData(x, _smooth(c.loss[i]))
            grads = np.asarray(c.grad[i], dtype=float)
            if grads.ndim == 2 and grads.shape[1] > layer:
                g = grads[:, layer]
                items["grad"].setData(x, np.where(g > 0, g, np.nan), connect="finite")
            ex = np.asarray(c.eval_x[i], dtype=float)
            acc = np.asarray(c.acc[i], dtype=float)
            full = np.asarray(c.full[i], dtype=bool)
            items["acc"].setData(ex[~full], acc[~full])
            items["full"].setData(ex[full], acc[full])
            dead = np.asarray(c.dead[i], dtype=float)
            if dead.ndim == 2 and dead.shape[1] > layer:
                items["dead"].setData(ex, 100 * dead[:, layer])

    def _pick_test_image(self, request: bool = True) -> None:
        image = None
        if self.follow_browser.isChecked():
            images = self.image_state.images
            if images is not None and len(images):
                image = images[min(self.image_state.selected, len(images) - 1)]
        elif self.race is not None:
            test = self.race.data.test_images
            image = test[min(self.test_image.value(), len(test) - 1)]
        if image is not None and image.shape == (3, 32, 32):
            self.inside_image = np.array(image)
            if request and self.state != "starting":
                self.request_inside()

    def _draw_inside(self) -> None:
        """Show the inside view; only when its tab is shown (drawing costs GUI time)."""
        self._inside_stale = True
        if self.views.currentIndex() != 1 or not self.isVisible():
            return
        inside = self.inside
        if inside is None or self.started is None or len(inside.views) != len(self.names):
            self._clear_inside()
            return
        layer_name = self.inside_layer.currentText() or self.started.layer_names[0]
        try:
            layers = [v.layer(layer_name) for v in inside.views]
        except StopIteration:
            return
        if self._inside_shape != len(layers):
            self._start_build(len(layers))  # draws when the items are there
            return
        self._inside_stale = False
        bound = max(
            float(np.nanmax(np.abs(np.concatenate([lay.z.ravel(), lay.fz.ravel()]))))
            for lay in layers
        )
        bound = bound if np.isfinite(bound) and bound > 0 else 1.0
        classes = [tr(c) for c in self.started.classes]
        row0 = self._inside_rows[0]
        row0["image"].setImage(np.transpose(inside.image, (2, 1, 0)))
        for item, text in zip(
            self._inside_titles,
            (
                tr("z = {0}(x)").format(layer_name),
                tr("f(z)"),
                tr("hidden vector f(fc1)"),
                tr("class probabilities"),
            ),
            strict=True,
        ):
            _set_label(item, html.escape(text))
        self._fit_label_column(classes)
        self._colour_bar.setLevels((-bound, bound))
        # One contestant's row per pass of the event loop: each repaints only its own part of
        # the view (a whole view at once took ~25 ms of GUI time at every evaluation).
        self._row_work = [
            (i, view, lay, bound, classes)
            for i, (view, lay) in enumerate(zip(inside.views, layers, strict=True))
        ]
        self._draw_next_row()

    def _draw_next_row(self) -> None:
        if not self._row_work:
            return
        i, view, lay, bound, classes = self._row_work.pop(0)
        row = self._inside_rows[i + 1]
        p = view.probabilities
        top = int(np.argmax(p))
        name = classes[top] if top < len(classes) else str(top)
        _set_label(
            row["label"],
            f"<span style='color:{self._colour(i)}'><b>{html.escape(self.names[i])}</b></span>"
            "<br>" + html.escape(tr("{0}: {1:.0%}").format(name, float(p[top]))),
        )
        for key, maps in (("z", lay.z), ("fz", lay.fz)):
            data = _mosaic(maps) if maps.ndim == 3 else maps.reshape(1, -1)
            row[key].setImage(data.T, autoLevels=False, levels=(-bound, bound))
            box = row[key + "_box"]
            if row.get(key + "_shape") != data.shape:  # another layer: fit it once
                row[key + "_shape"] = data.shape
                box.setAspectLocked(maps.ndim == 3)
                box.autoRange(padding=0)
        hidden = view.layer(self.started.layer_names[-1])
        xs = np.arange(len(hidden.fz))
        brush = self._colour(i)
        row["hidden_z"].setOpts(x=xs, height=hidden.z)
        row["hidden_fz"].setOpts(x=xs, height=hidden.fz, brush=brush)
        row["probs"].setOpts(y=np.arange(len(p)), width=p, brush=brush)
        self._fit_class_ticks(row, classes)
        if self._row_work:
            self._row_timer.start(0)
        else:
            self.insideDrawn.emit()

    def _fit_class_ticks(self, row: dict, classes: list[str]) -> None:
        """One class name per bar, in the largest font (at most 8 pt, at least 6 pt) whose lines
        fit the plot's height; none if even 6 pt would overlap (the row's label still names the
        top class). Changed only when needed: each change re-lays out the grid."""
        height = row["probs_plot"].getViewBox().height()
        font = QFont(self.font().family())
        for size in range(pt(8), 5, -1):
            font.setPointSize(size)
            if QFontMetrics(font).height() * len(classes) <= height:
                break
        fits = QFontMetrics(font).height() * len(classes) <= height
        ticks = [list(enumerate(classes))] if fits else [[]]
        axis = row["probs_plot"].getAxis("left")
        if fits and row.get("tick_size") != font.pointSize():
            row["tick_size"] = font.pointSize()
            axis.setStyle(tickFont=font)
        if row.get("ticks") != ticks:
            row["ticks"] = ticks
            axis.setTicks(ticks)

    def _fit_label_column(self, classes: list[str]) -> None:
        """The contestants' labels get a fixed column, wide enough for any top class: a label
        whose width followed its text would re-lay out the whole grid at every redraw."""
        font = QFont(self.font().family())
        font.setPointSize(pt(10))
        bold = QFont(font)
        bold.setBold(True)
        widest = max(
            [QFontMetrics(bold).horizontalAdvance(n) for n in self.names]
            + [
                QFontMetrics(font).horizontalAdvance(tr("{0}: {1:.0%}").format(c, 1.0))
                for c in classes
            ]
        )
        self.inside_plots.ci.layout.setColumnFixedWidth(0, widest + 16)

    def _clear_inside(self) -> None:
        self._build_timer.stop()
        self._row_timer.stop()
        self._row_work = []
        self._build_steps = self._build_for = None
        self.inside_plots.clear()
        self.inside_plots.setUpdatesEnabled(True)
        self._inside_shape = None
        self._inside_rows = []

    def _start_build(self, n: int) -> None:
        """Build the items for ``n`` contestants, one cell per pass of the event loop."""
        if self._build_for == n:
            return  # under way
        self._clear_inside()
        self._build_for = n
        self._build_steps = self._build_inside(n)
        self.inside_plots.setUpdatesEnabled(False)  # no half-built grid on screen
        self._build_timer.start(0)

    def _build_step(self) -> None:
        if self._build_steps is None:
            return
        try:
            next(self._build_steps)
        except StopIteration:
            self._inside_shape = self._build_for
            self._build_steps = self._build_for = None
            self._draw_inside()  # still hidden: the first (costly) paint in a pass of its own
            QTimer.singleShot(0, self, lambda: self.inside_plots.setUpdatesEnabled(True))
            return
        self._build_timer.start(0)

    def _build_inside(self, n: int) -> Iterator[None]:
        """The items of the inside view for ``n`` contestants, created once and then only
        updated (``setImage``/``setOpts``); yields after each cell."""
        g = self.inside_plots
        size = f"{pt(10)}pt"
        image = pg.ImageItem()
        vb = g.addViewBox(row=0, col=0, lockAspect=True, enableMouse=False, enableMenu=False)
        vb.setMaximumHeight(64)
        vb.addItem(image)
        vb.invertY(True)
        self._inside_rows = [{"image": image}]
        self._inside_titles = [g.addLabel("", row=0, col=col, size=size) for col in range(1, 5)]
        yield
        images = []
        tick_font = QFont(self.font().family(), pt(8))
        for i in range(n):
            row: dict = {"label": g.addLabel("", row=i + 1, col=0, size=size)}
            for col, key in ((1, "z"), (2, "fz")):
                item = pg.ImageItem()
                item.setColorMap(self.cmap)
                box = g.addViewBox(
                    row=i + 1, col=col, lockAspect=True, enableMouse=False, enableMenu=False
                )
                box.addItem(item)
                box.invertY(True)
                row[key], row[key + "_box"] = item, box
                images.append(item)
            yield
            plot = g.addPlot(row=i + 1, col=3, enableMenu=False)
            row["hidden_z"] = pg.BarGraphItem(
                x=[0], height=[0], width=0.8, brush=colour("axis"), pen=None
            )
            row["hidden_fz"] = pg.BarGraphItem(
                x=[0], height=[0], width=0.45, brush=self._colour(i), pen=None
            )
            plot.addItem(row["hidden_z"])
            plot.addItem(row["hidden_fz"])
            plot.hideAxis("bottom")
            # A fixed width and no SI prefix: new values must not re-lay out the whole grid.
            left = plot.getAxis("left")
            left.setStyle(tickFont=tick_font)
            left.enableAutoSIPrefix(False)
            left.setWidth(QFontMetrics(tick_font).horizontalAdvance("−0.00") + 10)
            yield
            probs = g.addPlot(row=i + 1, col=4, enableMenu=False)
            # Horizontal bars: the class names fit on the left axis, one per row.
            row["probs"] = pg.BarGraphItem(
                x0=0, y=[0], width=[0], height=0.7, brush=self._colour(i), pen=None
            )
            probs.addItem(row["probs"])
            probs.setXRange(0, 1, padding=0)
            probs.getViewBox().invertY(True)
            probs.getAxis("left").setStyle(tickFont=tick_font)
            # Three ticks: 0.2 0.4 0.6 0.8 ran together beside long English class names.
            bottom = probs.getAxis("bottom")
            bottom.setStyle(tickFont=tick_font, hideOverlappingLabels=False)  # 0 and 1 too
            bottom.setTicks([[(0.0, "0"), (0.5, "0.5"), (1.0, "1")]])
            row["probs_plot"] = probs
            self._inside_rows.append(row)
            yield
        self._colour_bar = pg.ColorBarItem(
            values=(-1, 1), colorMap=self.cmap, interactive=False, width=12
        )
        self._colour_bar.setImageItem(images)
        g.addItem(self._colour_bar, row=1, col=5, rowspan=max(1, n))
        yield
        g.ci.layout.setRowMaximumHeight(0, 70)
        for col, stretch in ((1, 3), (2, 3), (3, 2), (4, 3)):
            g.ci.layout.setColumnStretchFactor(col, stretch)

    # -- files -----------------------------------------------------------------------------------
    def _ask(self, title: str, pattern: str, name: str, save: bool = True) -> Path | None:
        if save:
            path, _ = QFileDialog.getSaveFileName(self, title, name, pattern)
        else:
            path, _ = QFileDialog.getOpenFileName(self, title, "", pattern)
        return Path(path) if path else None

    def save_weights_dialog(self) -> None:
        path = self._ask(tr("Save the trained weights"), tr("Weights (*.pt)"), "race.pt")
        if path is not None:
            self.save_weights(path)

    def save_weights(self, path: Path) -> None:
        if self.race is None:
            return
        race = self.race

        def run(_ctx) -> Message:
            from engine.network_weights import save_weights

            save_weights(race, path)  # a WeightsError says why it could not
            return Message(QT_TR_NOOP("Weights saved to {path}"), path=str(path))

        self._submit(KEY_FILE, run, self._file_done)

    def open_weights_dialog(self) -> None:
        path = self._ask(tr("Open trained weights"), tr("Weights (*.pt)"), "", save=False)
        if path is not None:
            self.open_weights(path)

    def open_weights(self, path: Path) -> None:
        """Check the file on the worker; if it is good, show its set-up and start from it
        (paused at once, so the inside view shows the trained networks)."""

        def run(_ctx):
            from engine.network_weights import load_weights

            return load_weights(path)  # checked: a WeightsError says what is wrong

        self._submit(KEY_FILE, run, lambda saved: self._weights_loaded(saved, path))

    def _weights_loaded(self, saved, path: Path) -> None:
        # Own activations the file brings (re-made from their formulas) join the explorer, as
        # from a preset, so the race and every list find them.
        params = {c.key: dict(c.params) for c in saved.config.contestants}
        for spec in saved.own:
            try:
                catalogue.get(spec.key)
            except KeyError:
                self.explorer_state.add_activation(spec, params.get(spec.key))
        self.set_config(saved.config)
        self.start(saved=saved, config=saved.config)
        self._pause_after_start = True
        self.message.emit(tr("Weights opened from {0}").format(path.name))

    def export_csv_dialog(self) -> None:
        path = self._ask(tr("Export"), tr("CSV table (*.csv)"), "race-curves.csv")
        if path is not None:
            self.export_csv(path)

    def export_csv(self, path: Path) -> None:
        points, names = list(self.curves.points), list(self.names)
        layers, weighted = self._layer_names()

        def run(_ctx) -> Message:
            from engine.network_export import export_curves_csv

            rows = export_curves_csv(path, points, names, layers, weighted)
            return Message(QT_TR_NOOP("{rows} rows written to {path}"), rows=rows, path=str(path))

        self._submit(KEY_FILE, run, self._file_done)

    def export_tensorboard_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Folder for the TensorBoard log"))
        if folder:
            self.export_tensorboard(Path(folder))

    def export_tensorboard(self, folder: Path) -> None:
        points, keys = list(self.curves.points), list(self.keys)
        layers, weighted = self._layer_names()

        def run(_ctx) -> Message:
            from engine.network_export import export_scalars

            export_scalars(folder, points, keys, layers, weighted)
            return Message(QT_TR_NOOP("TensorBoard log written to {path}"), path=str(folder))

        self._submit(KEY_FILE, run, self._file_done)

    def _layer_names(self) -> tuple[list[str], list[str]]:
        if self.started is None:
            return [], []
        return list(self.started.layer_names), list(self.started.weighted_names)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if [s.key for s in catalogue.all_specs()] != self._catalogue_keys:  # own formulas added
            self._fill_activations()
        if self._inside_stale:
            self._draw_inside()
