"""XOR lab: the same small network with and without an activation, trained live side by side.

All torch work runs in jobs under one key (``labs:xor``), so the networks are only ever touched by
the worker. Each job trains a few steps and returns one frame; while training, the next job is
submitted as soon as a frame arrives, which lets other panels' jobs run between frames and makes
Pause a simple cancel that keeps the networks for Start to resume.
"""

from __future__ import annotations

import contextlib
import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from engine import catalogue
from engine.choices import OPTIMIZERS
from engine.explorer_state import ExplorerState
from engine.xor_lab import (
    DATASETS,
    DEFAULT_LR,
    DEFAULT_SPEED,
    DEFAULT_STEP_LIMIT,
    DEPTH_RANGE,
    LR_RANGE,
    SEED_RANGE,
    SOLVED_LOSS,
    SPEED_LABEL,
    SPEEDS,
    STEP_LIMIT_RANGE,
    WIDTH_RANGE,
    XorConfig,
    XorFrame,
    XorLab,
    pace,
    reset_job,
    train_job,
)
from gui.bridge import JobBridge
from gui.errors import error_text
from gui.full_combo import FullComboBox
from gui.i18n import tr
from gui.labs.base import LabPanel, double_slider, int_slider, snapped, style_axes
from gui.live import QT_TR_NOOP, set_combo_texts
from gui.log_axis import LogAxis
from gui.plot_fit import AxisLabelFitter
from gui.style import LOOK, colour, line, pt, scale

KEY = "labs:xor"
NETS = ("act", "identity")
CLASS_COLOURS = ("#0072B2", "#D55E00")  # class 0 blue, class 1 vermillion (Okabe–Ito)
# Pale versions for the probability image, so the data points stand out on it.
CLASS_TINTS = ((120, 180, 230), (240, 160, 110))
NET_COLOURS = {"act": "#009E73", "identity": "#888888"}
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
MIN_STEP_AXIS = 20  # the loss plot's step axis shows at least 0..20, so step 0 is not a dot


def _lut() -> np.ndarray:
    """Class-0 tint → background → class-1 tint: the colour says which way the net leans."""
    mid = pg.mkColor(colour("background")).getRgb()[:3]
    cmap = pg.ColorMap([0.0, 0.5, 1.0], [CLASS_TINTS[0], mid, CLASS_TINTS[1]])
    return cmap.getLookupTable(0.0, 1.0, 256)


def _num(value: float) -> str:
    text = f"{value:+.3f}"
    return "+0.000" if text == "-0.000" else text


LOSS_AXIS = QT_TR_NOOP("loss (BCE, log scale)")


class _TextArea(QScrollArea):
    """Asks for the height its text needs at its width: the loss plot beside gives way first
    (down to its minimum), and only then does the text scroll."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        text = self.widget()
        if text is not None:
            hint.setHeight(text.heightForWidth(max(self.viewport().width(), 100)) + 4)
        return hint


class XorLabPanel(LabPanel):
    """Decision images, loss curves and the identity net's single matrix, updated while training."""

    frameShown = Signal(int)  # the step of the frame just drawn

    def __init__(
        self,
        bridge: JobBridge,
        explorer_state: ExplorerState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(bridge, explorer_state, parent)
        self.lab = XorLab()  # touched only by jobs under KEY, i.e. by the worker
        self.frame: XorFrame | None = None
        self.frames_shown = 0
        self._running = False
        self._resume_on_show = False
        self._inflight: str | None = None  # "reset" | "train"
        self._version = 0
        self._dataset = None  # the Dataset whose points and extent are drawn
        self._stop_at = 0  # the step at which this run of Start stops
        self._ignore_convergence = False  # Start pressed on a converged net: train on anyway
        self._stop_source = ""  # why training stopped by itself (untranslated source)
        self.activation_key = explorer_state.selected
        live = self.live

        # -- controls ------------------------------------------------------------------------
        icons = self.style()
        pixmaps = QStyle.StandardPixmap
        for attr, icon, text, name in (
            ("start_button", pixmaps.SP_MediaPlay, QT_TR_NOOP("Start"), "xorStart"),
            ("pause_button", pixmaps.SP_MediaPause, QT_TR_NOOP("Pause"), "xorPause"),
            ("reset_button", pixmaps.SP_BrowserReload, QT_TR_NOOP("Reset"), "xorReset"),
            ("step_button", pixmaps.SP_MediaSkipForward, QT_TR_NOOP("Step"), "xorStep"),
        ):
            button = QPushButton(icons.standardIcon(icon), "")
            button.setObjectName(name)
            button.setMinimumHeight(36)
            live.text(button.setText, text)
            setattr(self, attr, button)
        live.text(
            self.reset_button.setToolTip, QT_TR_NOOP("New random weights (same seed: same start)")
        )
        live.text(self.step_button.setToolTip, QT_TR_NOOP("One optimizer step, then wait"))
        self.activation_combo = QComboBox()
        self.activation_combo.setObjectName("xorActivation")
        for entry in explorer_state.entries:  # the catalogue and any own activations
            self.activation_combo.addItem(entry.spec.name, entry.spec.key)
        self.follow = QCheckBox()
        self.follow.setObjectName("xorFollow")
        self.follow.setChecked(True)
        live.text(self.follow.setText, QT_TR_NOOP("follow the Explorer"))
        live.text(self.follow.setToolTip, QT_TR_NOOP("Use the activation selected in the Explorer"))
        self.dataset_combo = QComboBox()
        self.dataset_combo.setObjectName("xorDataset")
        for key, text in DATASETS.items():
            self.dataset_combo.addItem(tr(text), key)
        self.optimizer_combo = QComboBox()
        self.optimizer_combo.setObjectName("xorOptimizer")
        for key, text in OPTIMIZERS.items():
            self.optimizer_combo.addItem(tr(text), key)
        self.optimizer_combo.setCurrentIndex(self.optimizer_combo.findData(XorConfig.optimizer))
        self.width_slider = int_slider("xorWidth", *WIDTH_RANGE, XorConfig.width)
        self.depth_slider = int_slider("xorDepth", *DEPTH_RANGE, XorConfig.depth)
        self.seed_slider = int_slider("xorSeed", *SEED_RANGE, 0)
        self.speed_combo = FullComboBox()
        self.speed_combo.setObjectName("xorSpeed")
        for speed in SPEEDS:
            self.speed_combo.addItem(tr(SPEED_LABEL).format(speed), speed)
        self.speed_combo.setCurrentIndex(SPEEDS.index(DEFAULT_SPEED))
        live.text(self.speed_combo.setToolTip, QT_TR_NOOP("Optimizer steps per second"))
        self.limit_spin = QSpinBox()
        self.limit_spin.setObjectName("xorStepLimit")
        self.limit_spin.setRange(*STEP_LIMIT_RANGE)
        self.limit_spin.setSingleStep(500)
        self.limit_spin.setValue(DEFAULT_STEP_LIMIT)
        live.text(self.limit_spin.setSuffix, QT_TR_NOOP(" steps"))
        live.text(
            self.limit_spin.setToolTip,
            QT_TR_NOOP(
                "Start trains at most this many steps; it also stops when the net has converged"
            ),
        )
        self.lr_slider = double_slider("xorLearningRate", *LR_RANGE, DEFAULT_LR, decimals=3)

        self.units_check = QCheckBox()
        self.units_check.setObjectName("xorUnitLines")
        self.units_check.setChecked(True)
        live.text(self.units_check.setText, QT_TR_NOOP("thin lines: the hidden units"))
        live.text(
            self.units_check.setToolTip,
            QT_TR_NOOP(
                "Where each unit of the first hidden layer gets input 0: where a ReLU bends"
            ),
        )
        # Rows of label + control pairs: narrow enough for classroom-mode fonts.
        controls = QGridLayout()
        buttons = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.step_button, self.reset_button):
            buttons.addWidget(button)
        controls.addLayout(buttons, 0, 0, 1, 2)
        activation_row = QHBoxLayout()
        activation_row.addWidget(self.activation_combo, 1)
        activation_row.addWidget(self.follow)
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.speed_combo, 1)
        speed_row.addWidget(live.label(QT_TR_NOOP("stop after")))
        speed_row.addWidget(self.limit_spin)
        rows = (
            (
                (QT_TR_NOOP("Activation"), activation_row),
                (QT_TR_NOOP("Data"), self.dataset_combo),
            ),
            (
                (QT_TR_NOOP("Hidden width"), self.width_slider),
                (QT_TR_NOOP("Hidden layers"), self.depth_slider),
                (QT_TR_NOOP("Optimizer"), self.optimizer_combo),
            ),
            (
                (QT_TR_NOOP("Learning rate"), self.lr_slider),
                (QT_TR_NOOP("Speed"), speed_row),
                (QT_TR_NOOP("Seed"), self.seed_slider),
            ),
        )
        for row, pairs in enumerate(rows):
            first = 2 if row == 0 else 0
            for i, (text, widget) in enumerate(pairs):
                col = first + 2 * i
                controls.addWidget(live.label(text), row, col)
                if isinstance(widget, QHBoxLayout):
                    controls.addLayout(widget, row, col + 1)
                else:
                    controls.addWidget(widget, row, col + 1)
        for col in (1, 3, 5):
            controls.setColumnStretch(col, 1)
        for combo in (
            self.activation_combo,
            self.dataset_combo,
            self.optimizer_combo,
            self.speed_combo,
        ):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.status = QLabel()
        self.status.setObjectName("xorStatus")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        # Wraps rather than widening the window past the screen when a stop reason is added.
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        # -- decision images -----------------------------------------------------------------
        self.titles: dict[str, QLabel] = {}
        for key in NETS:
            title = QLabel()
            title.setObjectName(f"xorTitle_{key}")
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title.setWordWrap(True)  # may wrap in classroom mode rather than widen the window
            self.titles[key] = title
        self.boards = pg.GraphicsLayoutWidget()
        self.boards.setObjectName("xorBoards")
        self.plots: dict[str, pg.PlotItem] = {}
        self.images: dict[str, pg.ImageItem] = {}
        self.points: dict[str, tuple[pg.ScatterPlotItem, pg.ScatterPlotItem]] = {}
        for col, key in enumerate(NETS):
            plot = self.boards.addPlot(row=0, col=col)
            plot.setAspectLocked(True)
            plot.setMenuEnabled(False)
            image = pg.ImageItem(axisOrder="row-major")
            plot.addItem(image)
            dots = tuple(pg.ScatterPlotItem(brush=pg.mkBrush(CLASS_COLOURS[c])) for c in (0, 1))
            for dot in dots:
                plot.addItem(dot)
            self.plots[key], self.images[key], self.points[key] = plot, image, dots
        self.plots["identity"].setXLink(self.plots["act"])
        self.plots["identity"].setYLink(self.plots["act"])
        # A new shape of the boards (classroom mode switched on in a running window) left the
        # aspect-locked view at a wider range each time: the data's extent again, whole.
        self.plots["act"].getViewBox().sigResized.connect(lambda _view: self._fit_boards())
        # The identity net's whole decision boundary: one straight line.
        self.boundary_line = pg.PlotDataItem()
        self.plots["identity"].addItem(self.boundary_line)
        # The activation net's first hidden layer: one thin line per unit (drawn as pairs).
        self.unit_lines = pg.PlotDataItem(connect="pairs")
        self.unit_lines.setOpacity(0.6)
        self.plots["act"].addItem(self.unit_lines)
        self.legend = QLabel()
        self.legend.setObjectName("xorLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        # Wraps rather than setting the boards' minimum width (910 px in classroom mode).
        self.legend.setWordWrap(True)

        # -- loss curves and the product matrix ----------------------------------------------
        # The y axis says "loss (BCE, log scale)" where the plot is tall enough, else "BCE" (the
        # status line above names the loss, the ticks show the log scale).
        self.loss_widget = AxisLabelFitter(
            "left",
            lambda: ([tr(LOSS_AXIS), "BCE"], f"{pt(13)}pt"),
            axisItems={"left": LogAxis("left")},
        )
        self.loss_widget.setObjectName("xorLoss")
        self.loss_plot: pg.PlotItem = self.loss_widget.getPlotItem()
        self.loss_plot.setLogMode(y=True)
        self.loss_plot.getAxis("left").enableAutoSIPrefix(False)  # no "(x0.001)" on a log axis
        live.text(
            lambda t: self.loss_plot.setLabel("bottom", t, **{"font-size": f"{pt(13)}pt"}),
            QT_TR_NOOP("step"),
        )
        self.loss_plot.showGrid(x=False, y=True, alpha=0.25)
        self.loss_curves: dict[str, pg.PlotDataItem] = {}
        for key in NETS:
            # No legend on the small plot: the coloured status line above it names the curves.
            curve = pg.PlotDataItem()
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
            self.loss_plot.addItem(curve)
            self.loss_curves[key] = curve
        self.best_line = pg.InfiniteLine(angle=0)
        self.best_label = pg.InfLineLabel(
            self.best_line, position=0.65, anchors=[(0.5, 0), (0.5, 0)]
        )
        self.best_line.setZValue(-10)  # under the identity curve that sits on it
        self.loss_plot.addItem(self.best_line, ignoreBounds=True)

        self.matrix = QLabel()
        self.matrix.setObjectName("xorMatrix")
        self.matrix.setTextFormat(Qt.TextFormat.RichText)
        self.matrix.setWordWrap(True)
        self.matrix.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.matrix.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        titles = QHBoxLayout()
        for key in NETS:
            titles.addWidget(self.titles[key], 1)
        left = QVBoxLayout()
        left.addLayout(titles)
        left.addWidget(self.boards, 1)
        legend_row = QHBoxLayout()
        legend_row.addWidget(self.legend, 1)
        legend_row.addWidget(self.units_check)
        left.addLayout(legend_row)
        right = QVBoxLayout()
        right.addWidget(self.status)
        right.addWidget(self.loss_widget, 1)
        # Scrolls when the window is short: after a solved run at classroom sizes the status
        # takes two lines and the "no better than chance" text three, and its end was cut.
        self.matrix_area = matrix_area = _TextArea()
        matrix_area.setObjectName("xorMatrixArea")
        matrix_area.setWidget(self.matrix)
        matrix_area.setWidgetResizable(True)
        matrix_area.setFrameShape(QFrame.Shape.NoFrame)
        matrix_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right.addWidget(matrix_area)
        main = QHBoxLayout()
        # The boards get 5/8 of the width; in classroom mode half, so the loss curve and the
        # collapse text beside them keep room for the large fonts (at 5 : 3 the text was cut).
        main.addLayout(left, 5)
        main.addLayout(right, 3)
        self.halves = main
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(main, 1)

        # -- wiring --------------------------------------------------------------------------
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.pause)
        self.reset_button.clicked.connect(self.reset)
        self.step_button.clicked.connect(self.step_once)
        self.units_check.toggled.connect(lambda _=False: self._show_unit_lines())
        self.activation_combo.activated.connect(self._activation_picked)
        self.follow.toggled.connect(self._follow_toggled)
        for combo in (self.dataset_combo, self.optimizer_combo):
            combo.currentIndexChanged.connect(lambda _=0: self._config_changed())
        for slider in (self.width_slider, self.depth_slider, self.seed_slider):
            slider.valueChanged.connect(lambda _=0: self._config_changed())
        self._reset_on_show = False
        explorer_state.subscribe(self._on_explorer)
        self._show_activation(self.activation_key)
        self._update_buttons()
        live.look(self._style)
        self.retranslate()
        self.loss_plot.setXRange(0, MIN_STEP_AXIS, padding=0)

    # -- language and look ------------------------------------------------------------------
    def _style(self) -> None:
        tick_font = self.tick_font()
        for title in self.titles.values():
            title.setStyleSheet(f"font-size: {pt(15)}pt;")
        self.status.setStyleSheet(f"font-size: {pt(13)}pt;")
        self.matrix.setStyleSheet(f"font-size: {pt(13)}pt;")
        self.halves.setStretch(0, 1 if LOOK.classroom else 5)
        self.halves.setStretch(1, 1 if LOOK.classroom else 3)
        # Room for the log axis' ticks and its rotated label at every classroom size.
        self.loss_widget.setMinimumHeight(round(120 * scale()))
        lut = _lut()
        dot_pen = pg.mkPen(colour("foreground"), width=line(1.5))
        for key in NETS:
            style_axes(self.plots[key], tick_font)
            self.images[key].setLookupTable(lut)
            for dots in self.points[key]:
                dots.setPen(dot_pen)
        self.boundary_line.setPen(
            pg.mkPen(colour("foreground"), width=line(4), style=Qt.PenStyle.DashLine)
        )
        self.unit_lines.setPen(pg.mkPen(colour("foreground"), width=line(1.5)))
        style_axes(self.loss_plot, tick_font)
        for key, curve in self.loss_curves.items():
            style = Qt.PenStyle.SolidLine if key == "act" else Qt.PenStyle.DashLine
            curve.setPen(pg.mkPen(NET_COLOURS[key], width=line(3), style=style))
        self.best_line.setPen(pg.mkPen(colour("error"), width=line(2), style=Qt.PenStyle.DotLine))
        self.best_label.setColor(colour("error"))
        self.best_label.setFont(QFont(self.font().family(), pt(11)))
        self.loss_widget.fit_label()
        if self.frame is not None:
            self._show_texts(self.frame)  # the accuracy colours follow the theme

    def retranslate(self) -> None:
        """New words on the same controls and the same frame: training is not touched."""
        self.live.retranslate()
        set_combo_texts(self.dataset_combo, DATASETS)
        set_combo_texts(self.optimizer_combo, OPTIMIZERS)
        for i in range(self.speed_combo.count()):
            self.speed_combo.setItemText(i, tr(SPEED_LABEL).format(self.speed_combo.itemData(i)))
        self._show_legend()
        self.loss_widget.fit_label()
        if self.frame is None:
            self.status.setText(tr("Press Start to train both networks."))
        else:
            self._show_texts(self.frame)
            self._label_best(self.frame)

    # -- public ------------------------------------------------------------------------------
    @property
    def stop_reason(self) -> str:
        """Why training stopped by itself, in the current language ("" while it has not)."""
        return tr(self._stop_source).format(SOLVED_LOSS) if self._stop_source else ""

    @property
    def is_running(self) -> bool:
        return self._running

    def config(self) -> XorConfig:
        entry = self.explorer_state.entry(self.activation_key)
        return XorConfig(
            spec=entry.spec,
            params=dict(entry.params),
            dataset=self.dataset_combo.currentData(),
            width=self.width_slider.value(),
            depth=self.depth_slider.value(),
            seed=self.seed_slider.value(),
            optimizer=self.optimizer_combo.currentData(),
        )

    def start(self) -> None:
        """Train from where the networks are (fresh ones if there are none yet), until the net
        converges or ``limit_spin`` more steps have run."""
        if self._running:
            return
        self._running = True
        step = self.frame.step if self.frame is not None else 0
        self._stop_at = step + self.limit_spin.value()
        # Pressed again on a converged net: the teacher wants to see it go on.
        self._ignore_convergence = self.frame is not None and self.frame.converged is not None
        self._stop_source = ""
        if KEY not in self.jobs:
            if self.frame is None:
                self._submit_reset()  # its frame starts the training
            else:
                self._submit_train()
        self._update_buttons()
        self.message.emit(tr("XOR lab: training"))

    def pause(self) -> None:
        """Stop after the current optimizer step; the networks are kept for Start."""
        self._running = False
        if self._inflight == "train":
            # A pending reset is left alone: the networks must match the controls.
            self.jobs.cancel(KEY)
            self._inflight = None
        self._update_buttons()
        if self.frame is not None:
            self.message.emit(tr("XOR lab: paused at step {0}").format(self.frame.step))

    def reset(self) -> None:
        """Fresh networks from the seed; training stops."""
        self._running = False
        self._submit_reset()
        self._update_buttons()

    def step_once(self) -> None:
        """One optimizer step of both nets, then wait (for explaining one update at a time)."""
        if self._running or KEY in self.jobs:
            return
        if self.frame is None:
            self._submit_reset()
            return
        self._stop_source = ""
        self._inflight = "train"
        self._submit(train_job(self.lab, snapped(self.lr_slider), 1, min_interval=0.0))

    def set_dataset(self, key: str) -> None:
        """Show the lab on one of :data:`DATASETS` (new networks if it changes)."""
        index = self.dataset_combo.findData(key)
        if index < 0:
            raise KeyError(key)
        self.dataset_combo.setCurrentIndex(index)

    def speed(self) -> int:
        return int(self.speed_combo.currentData())

    def preset_section(self) -> dict[str, object]:
        """This lab's part of a preset's ``labs`` (engine.preset)."""
        return {
            "dataset": self.dataset_combo.currentData(),
            "activation": self.activation_key,
            "follow": self.follow.isChecked(),
            "width": self.width_slider.value(),
            "layers": self.depth_slider.value(),
            "optimizer": self.optimizer_combo.currentData(),
            "learning_rate": snapped(self.lr_slider),
            "speed": self.speed(),
            "step_limit": self.limit_spin.value(),
            "seed": self.seed_slider.value(),
            "unit_lines": self.units_check.isChecked(),
        }

    def apply_preset_section(self, section: dict[str, object]) -> None:
        """Show a checked section (fields absent are left as they are); new networks once, if
        anything they are built from changed."""
        before = self.config()
        widgets = (
            self.dataset_combo,
            self.optimizer_combo,
            self.width_slider,
            self.depth_slider,
            self.seed_slider,
            self.follow,
        )
        with contextlib.ExitStack() as blocked:
            for widget in widgets:
                blocked.enter_context(QSignalBlocker(widget))
            for name, combo in (
                ("dataset", self.dataset_combo),
                ("optimizer", self.optimizer_combo),
            ):
                if name in section:
                    combo.setCurrentIndex(combo.findData(section[name]))
            for name, slider in (
                ("width", self.width_slider),
                ("layers", self.depth_slider),
                ("seed", self.seed_slider),
            ):
                if name in section:
                    slider.setValue(int(section[name]))
            if "follow" in section:
                self.follow.setChecked(bool(section["follow"]))
        if self.follow.isChecked():
            self._show_activation(self.explorer_state.selected)
        elif "activation" in section:
            self._show_activation(str(section["activation"]))
        if "learning_rate" in section:
            self.lr_slider.setValue(float(section["learning_rate"]))
        if "speed" in section:
            self.speed_combo.setCurrentIndex(self.speed_combo.findData(section["speed"]))
        if "step_limit" in section:
            self.limit_spin.setValue(int(section["step_limit"]))
        if "unit_lines" in section:
            self.units_check.setChecked(bool(section["unit_lines"]))
        if self.config() != before:
            self._config_changed()

    # -- visibility: train only while on screen, so other panels keep the worker ------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._reset_on_show:
            self._reset_on_show = False
            self._submit_reset()
        if self._resume_on_show:
            self._resume_on_show = False
            self.start()
        elif self.frame is None and KEY not in self.jobs:
            self._submit_reset()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if self._running:
            self._resume_on_show = True
            self.pause()

    # -- activation ---------------------------------------------------------------------------
    def _fill_activations(self, removed: str | None = None) -> None:
        """The combo follows the explorer's list (own activations come and go)."""
        if removed is not None and removed == self.activation_key:
            self.activation_key = self.explorer_state.selected
            self._config_changed()
        with QSignalBlocker(self.activation_combo):
            self.activation_combo.clear()
            for entry in self.explorer_state.entries:
                self.activation_combo.addItem(entry.spec.name, entry.spec.key)
            self.activation_combo.setCurrentIndex(
                self.activation_combo.findData(self.activation_key)
            )

    def _show_activation(self, key: str) -> None:
        self.activation_key = key
        self.activation_combo.setCurrentIndex(self.activation_combo.findData(key))

    def _activation_picked(self, index: int) -> None:
        key = self.activation_combo.itemData(index)
        with QSignalBlocker(self.follow):
            self.follow.setChecked(key == self.explorer_state.selected)
        if key != self.activation_key:
            self._show_activation(key)
            self._config_changed()

    def _follow_toggled(self, on: bool) -> None:
        if on and self.explorer_state.selected != self.activation_key:
            self._show_activation(self.explorer_state.selected)
            self._config_changed()

    def _on_explorer(self, what: str, key: str) -> None:
        if what in ("added", "removed"):
            self._fill_activations(removed=key if what == "removed" else None)
            return
        if what == "replaced" and key == self.activation_key:
            self._config_changed()
            return
        if what == "selected" and key == self.explorer_state.selected and self.follow.isChecked():
            if key != self.activation_key:
                self._show_activation(key)
                self._config_changed()
        elif what == "params" and key == self.activation_key:
            self._config_changed()

    # -- jobs ---------------------------------------------------------------------------------
    def _config_changed(self) -> None:
        """New networks for the new settings; training goes on if it was running.

        While the tab is hidden (a slider dragged in the explorer) nothing is rebuilt: that
        happens once, when the tab is shown again.
        """
        if not self.isVisible():
            self._reset_on_show = True
            return
        self._submit_reset()

    def _submit_reset(self) -> None:
        self._version += 1
        self._inflight = "reset"
        self._stop_source = ""
        self._submit(reset_job(self.lab, self.config(), self._version))

    def _submit_train(self) -> None:
        self._inflight = "train"
        steps, interval = pace(self.speed())
        if self.frame is not None:  # never past the step limit
            steps = max(1, min(steps, self._stop_at - self.frame.step))
        self._submit(train_job(self.lab, snapped(self.lr_slider), steps, min_interval=interval))

    def _submit(self, job) -> None:
        self.jobs.submit(KEY, job, on_done=self._frame_arrived, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._inflight = None
        self._running = False
        self._update_buttons()
        self.message.emit(tr("XOR lab: {0}").format(error_text(exc)))

    def _frame_arrived(self, frame: XorFrame) -> None:
        self._inflight = None
        if self._running and frame.version == self._version:
            self._maybe_stop(frame)
        if self._running:
            if frame.version == self._version:
                self.frame = frame  # the step limit counts from the frame just computed
            self._submit_train()  # the worker trains on while this frame is drawn
        if frame.version == self._version:
            self.show_frame(frame)

    def _maybe_stop(self, frame: XorFrame) -> None:
        """Stop by itself at convergence or at the step limit, and say which."""
        if frame.converged == "solved" and not self._ignore_convergence:
            self._stop_source = QT_TR_NOOP("solved (loss < {0:g})")
        elif frame.converged == "plateau" and not self._ignore_convergence:
            self._stop_source = QT_TR_NOOP("the loss has stopped going down")
        elif frame.step >= self._stop_at:
            self._stop_source = QT_TR_NOOP("step limit reached")
        else:
            return
        self._running = False
        self._update_buttons()
        self.message.emit(
            tr("XOR lab: stopped at step {0} — {1}").format(frame.step, self.stop_reason)
        )

    # -- drawing ------------------------------------------------------------------------------
    def show_frame(self, frame: XorFrame) -> None:
        self.frame = frame
        for key in NETS:
            self.images[key].setImage(frame.prob[key], autoLevels=False, levels=(0.0, 1.0))
        if frame.dataset is not self._dataset:
            self._show_dataset(frame)  # after setImage: the rect maps the image's pixels
        lows, highs = [frame.best_linear], [frame.best_linear]
        for key in NETS:
            steps, losses = frame.curve(key)
            self.loss_curves[key].setData(steps, losses)
            lows.append(float(losses.min()))
            highs.append(float(losses.max()))
        # Explicit ranges: a fresh run starts at step 0 on an axis fitted to its own numbers.
        self.loss_plot.setXRange(0, max(frame.step, MIN_STEP_AXIS), padding=0.02)
        lo, hi = np.log10(max(min(lows), 1e-12)), np.log10(max(max(highs), 1e-12))
        self.loss_plot.setYRange(lo - 0.15, hi + 0.15, padding=0)
        segment = frame.boundary
        if segment is None:
            self.boundary_line.setData([], [])
        else:
            self.boundary_line.setData(segment[:, 0], segment[:, 1])
        self._show_unit_lines()
        self._show_texts(frame)
        self.frames_shown += 1
        self.frameShown.emit(frame.step)

    def _show_dataset(self, frame: XorFrame) -> None:
        data = self._dataset = frame.dataset
        x0, x1, y0, y1 = data.extent
        size = 22 if len(data.X) <= 4 else 9
        for key in NETS:
            self.images[key].setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            for c, dots in enumerate(self.points[key]):
                chosen = data.X[data.y == c]
                dots.setData(chosen[:, 0], chosen[:, 1], size=size)
        self._fit_boards()
        self.best_line.setPos(np.log10(frame.best_linear))  # the y axis is log10 in view units
        self._label_best(frame)

    def _fit_boards(self) -> None:
        """Both boards show the data's extent (the plots are linked)."""
        if self._dataset is not None:
            x0, x1, y0, y1 = self._dataset.extent
            self.plots["act"].setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def _label_best(self, frame: XorFrame) -> None:
        self.best_label.setFormat(tr("best straight line: {0:.3f}").format(frame.best_linear))

    def _show_unit_lines(self) -> None:
        segments = [] if self.frame is None else [s for s in self.frame.unit_lines if s is not None]
        if not segments or not self.units_check.isChecked():
            self.unit_lines.setData([], [])
            return
        points = np.concatenate(segments)
        self.unit_lines.setData(points[:, 0], points[:, 1])

    def _show_legend(self) -> None:
        dot = "<b style='color:{0}'>●</b> {1}"
        parts = [dot.format(CLASS_COLOURS[c], tr("class {0}").format(c)) for c in (0, 1)]
        parts.append(tr("shade: the net's p(class 1)"))
        self.legend.setText(" &nbsp;·&nbsp; ".join(parts) + " &nbsp;·")

    def _show_texts(self, frame: XorFrame) -> None:
        name = catalogue.get(self.activation_key).name
        # tr() stays outside the f-strings below: pyside6-lupdate does not look inside them.
        accuracy, step, loss, identity = tr("accuracy"), tr("step {0}"), tr("loss"), tr("identity")
        chance = tr("p ≈ 0.5: chance")
        for key, label in (("act", tr("with {0}").format(name)), ("identity", tr("no activation"))):
            if key in frame.undecided:
                self.titles[key].setText(f"<b>{label}</b> — {chance}")
                continue
            acc = frame.accuracy[key]
            tone = colour("ok") if acc == 1.0 else colour("foreground")
            self.titles[key].setText(
                f"<b>{label}</b> — {accuracy} <b style='color:{tone}'>{acc * 100:.0f}&nbsp;%</b>"
            )
        now = frame.current_loss
        act, ident = NET_COLOURS["act"], NET_COLOURS["identity"]
        stopped = f" · <i>{html.escape(self.stop_reason)}</i>" if self.stop_reason else ""
        self.status.setText(
            f"{step.format(frame.step)} · {loss}: "
            f"<b style='color:{act}'>━ {name} {now['act']:.4f}</b> · "
            f"<b style='color:{ident}'>╍ {identity} {now['identity']:.4f}</b>{stopped}"
        )
        self.matrix.setText(self._matrix_html(frame))
        self.matrix_area.updateGeometry()  # the text's height may have changed

    def _matrix_html(self, frame: XorFrame) -> str:
        n = frame.linear_layers
        product = "·".join(f"W{str(i).translate(SUBSCRIPTS)}" for i in range(n, 0, -1))
        w1, w2, b = (_num(v) for v in (*frame.w_total, frame.b_total))
        mono = "font-family: monospace;"
        collapse = tr("Without activations the {0} layers collapse into one:").format(n)
        best = tr("The best any straight line reaches on these points: loss {0:.3f}.")
        boundary = tr("Its boundary, logit = 0, is one straight line (dashed).")
        if "identity" in frame.undecided:
            boundary = tr(
                "It now predicts p ≈ 0.5 for every point: no better than chance, and there is "
                "no boundary to draw."
            )
        parts = [
            f"<p><b>{collapse}</b></p>",
            f"<p style='{mono}'>W<sub>total</sub> = {product} = [ {w1}  {w2} ]"
            f"<br>b<sub>total</sub> = {b}</p>",
            f"<p style='{mono}'>logit = {w1}·x₁ {w2}·x₂ {b}</p>",
            f"<p>{boundary} {best.format(frame.best_linear)}</p>",
        ]
        return "".join(parts)

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(not self._running)
        self.pause_button.setEnabled(self._running)
        self.step_button.setEnabled(not self._running)
