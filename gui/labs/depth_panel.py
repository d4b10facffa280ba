"""Gradients through depth: the gradient reaching each layer of a deep stack, per activation.

The study runs on the worker (job ``labs:depth``) whenever a control changes, latest request wins;
this panel only draws the :class:`engine.depth_lab.DepthResult` it gets back.
"""

from __future__ import annotations

import contextlib
import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine import catalogue
from engine.choices import INITIALISATION_NOTES, INITIALISATIONS
from engine.curve_style import curve_label, style_for
from engine.depth_lab import (
    DEFAULT_KEYS,
    LAYERS_RANGE,
    SATURATED_BELOW,
    SEEDS_RANGE,
    WIDTH_RANGE,
    DepthConfig,
    DepthResult,
    depth_job,
)
from engine.explorer_state import ExplorerState
from gui.bridge import JobBridge
from gui.curve_pens import curve_pen, curve_z, signal_pen
from gui.errors import error_text
from gui.full_combo import FullComboBox
from gui.i18n import tr
from gui.labs.base import LabPanel, int_slider, style_axes
from gui.live import QT_TR_NOOP, set_combo_texts
from gui.log_axis import LogAxis
from gui.plot_fit import FittedPlots
from gui.style import colour, line, pt

KEY = "labs:depth"
SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _power_of_ten(value: float) -> str:
    """0.00042 → "4×10⁻⁴": readable from the back of the room."""
    if not np.isfinite(value) or value <= 0:
        return "0"
    exponent = int(np.floor(np.log10(value)))
    if -2 <= exponent <= 2:
        return f"{value:.3g}"
    mantissa = value / 10.0**exponent
    return f"{mantissa:.1f}×10{str(exponent).translate(SUPERSCRIPTS)}"


def _label(curves) -> str:
    """``LeakyReLU α=0.2``: the name with the parameters the study ran with."""
    try:
        return curve_label(catalogue.get(curves.key), curves.params)
    except KeyError:  # not a catalogue activation: its own name
        return curves.name


class DepthLabPanel(LabPanel):
    """Per-layer gradient norms (log scale), dead and saturated shares, per ticked activation."""

    resultShown = Signal()

    def __init__(
        self,
        bridge: JobBridge,
        explorer_state: ExplorerState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(bridge, explorer_state, parent)
        live = self.live
        self.result: DepthResult | None = None
        self._stale = True  # recompute when next shown
        self._summary_source: str | None = None  # a fixed summary text shown (not a result)

        # -- controls ------------------------------------------------------------------------
        self.title = live.label(QT_TR_NOOP("Gradients through depth"))
        self.activation_list = QListWidget()
        self.activation_list.setObjectName("depthActivations")
        for spec in (e.spec for e in explorer_state.entries):  # with own activations
            item = QListWidgetItem(spec.name)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = spec.key in DEFAULT_KEYS
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.activation_list.addItem(item)
        live.text(self.activation_list.setToolTip, QT_TR_NOOP("Tick the activations to compare"))
        self.layers_slider = int_slider("depthLayers", *LAYERS_RANGE, DepthConfig.layers)
        self.width_slider = int_slider("depthWidth", *WIDTH_RANGE, DepthConfig.width)
        self.seeds_slider = int_slider("depthSeeds", *SEEDS_RANGE, DepthConfig.seeds)
        self.init_combo = FullComboBox()
        self.init_combo.setObjectName("depthInit")
        for key, text in INITIALISATIONS.items():
            self.init_combo.addItem(tr(text), key)
        self._tip_inits()
        self.init_combo.setCurrentIndex(self.init_combo.findData(DepthConfig.init))
        form = QFormLayout()
        # Labels go above their boxes when the column is narrow (classroom sizes): a narrower
        # column leaves the plots, the explanation, the width they need.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(live.label(QT_TR_NOOP("Layers N")), self.layers_slider)
        form.addRow(live.label(QT_TR_NOOP("Width")), self.width_slider)
        form.addRow(live.label(QT_TR_NOOP("Initialisation")), self.init_combo)
        form.addRow(live.label(QT_TR_NOOP("Seeds averaged")), self.seeds_slider)
        self.explanation = live.label(
            QT_TR_NOOP(
                "N layers of Linear + activation on random inputs. Thick lines with markers: "
                "‖∂L/∂W‖, how hard one training step pushes each layer's weights (each "
                "activation keeps its own colour and dash); thin dotted lines: ‖∂L/∂z‖, the "
                "signal passed back (layer 1 is next to the input, layer N next to the loss). "
                "Every activation gets the same weights, inputs and gradient at the top. A dead "
                "unit outputs 0 for every input of the batch; a ReLU output of 0 for some inputs "
                "is ordinary sparsity. Initialise for the "
                "activation: Xavier for tanh and sigmoid, Kaiming for the ReLU family "
                "(nn.init.calculate_gain gives the gain); normalisation layers and residual "
                "connections are the other fixes for deep stacks."
            )
        )
        self.explanation.setWordWrap(True)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignTop)
        # Scrolls when the window is short, instead of making the window taller.
        explanation_area = QScrollArea()
        explanation_area.setWidget(self.explanation)
        explanation_area.setWidgetResizable(True)
        explanation_area.setFrameShape(QFrame.Shape.NoFrame)
        explanation_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.title)
        left_layout.addWidget(self.activation_list, 2)
        left_layout.addLayout(form)
        left_layout.addWidget(explanation_area, 1)

        # -- plots ---------------------------------------------------------------------------
        self.plots = FittedPlots()  # titles and legend fitted whenever its width changes
        self.plots.setObjectName("depthPlots")
        # The legend gets its own row above the plots: inside, it would hide curves. The
        # gradient plot (the lesson's point) takes the full height beside the two share plots,
        # stacked: under each other at 1366×768 in classroom mode it kept only ~50-100 px.
        self.legend = pg.LegendItem(colCount=4, labelTextSize=f"{pt(12)}pt")
        self.plots.addItem(self.legend, row=0, col=0, colspan=2)
        self.grad_plot: pg.PlotItem = self.plots.addPlot(
            row=1, col=0, rowspan=2, axisItems={"left": LogAxis("left")}
        )
        self.dead_plot: pg.PlotItem = self.plots.addPlot(row=1, col=1)
        self.sat_plot: pg.PlotItem = self.plots.addPlot(row=2, col=1)
        # Titles are rich text: escape the "<".
        grad_title = QT_TR_NOOP("Gradient norm per layer (log scale)")
        dead_title = QT_TR_NOOP("Exactly 0 (thick), dead units (dotted), %")
        for plot, title, size, args in (
            # No axis label: the title says "gradient norm" and the legend which line is which
            # (a rotated "‖∂L/∂W‖, ‖∂L/∂z‖" was taller than the plot in classroom mode).
            (self.grad_plot, grad_title, 14, ()),
            (self.dead_plot, dead_title, 13, ()),
            (self.sat_plot, QT_TR_NOOP("Saturated: |f′(z)| < {0} (%)"), 13, (SATURATED_BELOW,)),
        ):
            bold = plot is self.grad_plot
            live.text(
                lambda t, p=plot, n=size, b=bold: p.setTitle(
                    html.escape(t), size=f"{pt(n)}pt", bold=b
                ),
                title,
                *args,
            )
            # The share plots beside it count the same layers, and their titles say "%": no
            # axis titles there (with their titles' true height they kept only ~55-75 px).
            if plot is self.grad_plot:
                live.text(
                    lambda t, p=plot: p.setLabel("bottom", t, **{"font-size": f"{pt(12)}pt"}),
                    QT_TR_NOOP("layer"),
                )
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setMenuEnabled(False)
        self.grad_plot.setLogMode(y=True)
        self.grad_plot.getAxis("left").enableAutoSIPrefix(False)
        for plot in (self.dead_plot, self.sat_plot):
            plot.setYRange(0, 100, padding=0.05)
            plot.getViewBox().disableAutoRange(axis="y")
        self.sat_plot.setXLink(self.dead_plot)
        self.plots.ci.layout.setColumnStretchFactor(0, 3)
        self.plots.ci.layout.setColumnStretchFactor(1, 2)
        self.plots.ci.layout.setRowStretchFactor(1, 1)
        self.plots.ci.layout.setRowStretchFactor(2, 1)
        self.curves: dict[str, dict[str, pg.PlotDataItem]] = {}
        # The legend's key to the two kinds of line (drawn in the legend only).
        self.key_items = {"grad": pg.PlotDataItem(), "signal": pg.PlotDataItem()}
        self.key_texts = {
            "grad": QT_TR_NOOP("‖∂L/∂W‖ (thick)"),
            "signal": QT_TR_NOOP("‖∂L/∂z‖ (thin, dotted)"),
        }

        self.summary = QLabel()
        self.summary.setObjectName("depthSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.plots, 1)
        right_layout.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 1070])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        # -- wiring --------------------------------------------------------------------------
        self.activation_list.itemChanged.connect(lambda _item: self.request())
        for slider in (self.layers_slider, self.width_slider, self.seeds_slider):
            slider.valueChanged.connect(lambda _=0: self.request())
        self.init_combo.currentIndexChanged.connect(lambda _=0: self.request())
        explorer_state.subscribe(self._on_explorer)
        self.fitter = self.plots.fitter
        live.look(self._style)

    # -- language and look ------------------------------------------------------------------
    def _style(self) -> None:
        tick_font = self.tick_font()
        self.title.setStyleSheet(f"font-size: {pt(15)}pt; font-weight: bold;")
        self.explanation.setStyleSheet(f"color: {colour('muted')};")
        self.summary.setStyleSheet(f"font-size: {pt(13)}pt;")
        self.legend.setLabelTextSize(f"{pt(12)}pt")
        for plot in (self.grad_plot, self.dead_plot, self.sat_plot):
            style_axes(plot, tick_font)
            if plot.getAxis("left").labelText:
                axis_label = plot.getAxis("left").labelText
                plot.setLabel("left", axis_label, **{"font-size": f"{pt(12)}pt"})
        if self.result is not None:
            self.show_result(self.result)  # line widths and the legend's text size
        self._fit_plots()

    def retranslate(self) -> None:
        self.live.retranslate()
        self._fit_plots()
        set_combo_texts(self.init_combo, INITIALISATIONS)
        self._tip_inits()
        if self._summary_source is not None:
            self.summary.setText(tr(self._summary_source))
        elif self.result is not None:
            self._show_summary(self.result, self._colours(list(self.result.curves)))
        for sample, label in self.legend.items:
            for name, item in self.key_items.items():
                if sample.item is item:
                    label.setText(tr(self.key_texts[name]))

    def _tip_inits(self) -> None:
        """Who each initialisation is for, in the item's tooltip (the name alone fits the box)."""
        for i in range(self.init_combo.count()):
            tip = tr(INITIALISATION_NOTES[self.init_combo.itemData(i)])
            self.init_combo.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)

    def _set_summary(self, source: str) -> None:
        self._summary_source = source
        self.summary.setText(tr(source))

    # -- public ------------------------------------------------------------------------------
    def checked_keys(self) -> list[str]:
        items = (self.activation_list.item(i) for i in range(self.activation_list.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, keys) -> None:
        """Tick exactly these activations (one recomputation)."""
        with QSignalBlocker(self.activation_list):
            for i in range(self.activation_list.count()):
                item = self.activation_list.item(i)
                on = item.data(Qt.ItemDataRole.UserRole) in keys
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.request()

    def config(self) -> DepthConfig:
        return DepthConfig(
            layers=self.layers_slider.value(),
            width=self.width_slider.value(),
            init=self.init_combo.currentData(),
            seeds=self.seeds_slider.value(),
        )

    def preset_section(self) -> dict[str, object]:
        """This lab's part of a preset's ``labs`` (engine.preset)."""
        config = self.config()
        return {
            "activations": self.checked_keys(),
            "layers": config.layers,
            "width": config.width,
            "init": config.init,
            "seeds": config.seeds,
        }

    def apply_preset_section(self, section: dict[str, object]) -> None:
        """Show a checked section (fields absent are left as they are); one recomputation."""
        controls = (self.layers_slider, self.width_slider, self.seeds_slider, self.init_combo)
        with contextlib.ExitStack() as blocked:
            for widget in controls:
                blocked.enter_context(QSignalBlocker(widget))
            for name, slider in (
                ("layers", self.layers_slider),
                ("width", self.width_slider),
                ("seeds", self.seeds_slider),
            ):
                if name in section:
                    slider.setValue(int(section[name]))
            if "init" in section:
                self.init_combo.setCurrentIndex(self.init_combo.findData(section["init"]))
        keys = section.get("activations", self.checked_keys())
        self.set_checked(list(keys))  # recomputes once

    def request(self) -> None:
        """Recompute in the background now, or when next shown if hidden."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        activations = [
            (self.explorer_state.entry(k).spec, dict(self.explorer_state.entry(k).params))
            for k in self.checked_keys()
        ]
        if not activations:
            self.jobs.cancel(KEY)
            self.show_result(DepthResult(self.config(), {}))
            return
        self.jobs.submit(
            KEY,
            depth_job(self.config(), activations),
            on_done=self.show_result,
            on_error=self._failed,
        )
        self._set_summary(QT_TR_NOOP("Computing…"))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.request()

    # -- results -----------------------------------------------------------------------------
    def _on_explorer(self, what: str, key: str) -> None:
        if what == "params" and key in self.checked_keys():
            self.request()
        elif what == "added":  # an own activation: one more row, ticked to compare at once
            spec = self.explorer_state.entry(key).spec
            item = QListWidgetItem(spec.name)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            with QSignalBlocker(self.activation_list):
                self.activation_list.addItem(item)
            self.request()
        elif what in ("removing", "replaced"):
            for i in range(self.activation_list.count()):
                item = self.activation_list.item(i)
                if item.data(Qt.ItemDataRole.UserRole) == key:
                    if what == "removing":
                        self.activation_list.takeItem(i)
                    self.request()
                    break

    def _failed(self, exc: BaseException) -> None:
        self._summary_source = None
        self.summary.setText(tr("Could not compute: {0}").format(error_text(exc)))
        self.message.emit(tr("Depth lab: {0}").format(error_text(exc)))

    def _colours(self, keys: list[str]) -> dict[str, str]:
        # Each activation's own colour, as in the explorer; curves lying on top of each other
        # (GELU on SiLU, ReLU on LeakyReLU) differ in dash pattern and marker too.
        return {key: style_for(key).colour for key in keys}

    def _items(self, key: str) -> dict[str, pg.PlotDataItem]:
        if key not in self.curves:
            self.curves[key] = {
                "grad": pg.PlotDataItem(),
                "signal": pg.PlotDataItem(),
                "zero": pg.PlotDataItem(),
                "dead_units": pg.PlotDataItem(),
                "saturated": pg.PlotDataItem(),
            }
        return self.curves[key]

    def _plot_of(self, name: str) -> pg.PlotItem:
        if name in ("grad", "signal"):
            return self.grad_plot
        return self.dead_plot if name in ("zero", "dead_units") else self.sat_plot

    def show_result(self, result: DepthResult) -> None:
        self.result = result
        layers = result.layers.astype(float)
        colours = self._colours(list(result.curves))
        self.legend.clear()
        for key, items in self.curves.items():
            if key not in result.curves:
                for name, item in items.items():
                    self._plot_of(name).removeItem(item)
        for key, curves in result.curves.items():
            items = self._items(key)
            pen = curve_pen(key, line(3))
            symbol = {
                "symbol": style_for(key).symbol,
                "symbolSize": round(line(9)),
                "symbolBrush": colours[key],
                "symbolPen": None,
            }
            # Exactly 0 has no place on a log axis: left out of the line (float32 underflow).
            grad = np.where(curves.grad_norm > 0, curves.grad_norm, np.nan)
            signal = np.where(curves.signal_norm > 0, curves.signal_norm, np.nan)
            thin = signal_pen(colours[key])
            items["grad"].setData(layers, grad, pen=pen, connect="finite", **symbol)
            items["signal"].setData(layers, signal, pen=thin, connect="finite")
            items["zero"].setData(layers, 100 * curves.zero, pen=pen)
            items["dead_units"].setData(layers, 100 * curves.dead_units, pen=thin)
            items["saturated"].setData(layers, 100 * curves.saturated, pen=pen, connect="finite")
            for name, item in items.items():
                item.setZValue(curve_z(key))
                if item.scene() is None:
                    self._plot_of(name).addItem(item)
            self.legend.addItem(items["grad"], _label(curves))
        if result.curves:
            self._add_key()
        self._fit_plots()
        for plot in (self.grad_plot, self.dead_plot, self.sat_plot):
            plot.setXRange(1, max(2, result.config.layers), padding=0.03)
        self.grad_plot.enableAutoRange(axis="y")
        self._show_summary(result, colours)
        self.resultShown.emit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "fitter"):
            self._fit_plots()

    def _fit_plots(self) -> None:
        """Legend columns and plot titles that fit the plots' width at every classroom size:
        pyqtgraph otherwise widens the layout past the window and cuts its right edge."""
        self.fitter.fit()

    def _add_key(self) -> None:
        """Two grey samples after the activations: which line is ‖∂L/∂W‖, which ‖∂L/∂z‖."""
        grey = colour("muted")
        self.key_items["grad"].setData(
            [],
            [],
            pen=pg.mkPen(grey, width=line(3)),
            symbol="o",
            symbolSize=round(line(9)),
            symbolBrush=grey,
            symbolPen=None,
        )
        self.key_items["signal"].setData([], [], pen=signal_pen(grey))
        for name, item in self.key_items.items():
            self.legend.addItem(item, tr(self.key_texts[name]))

    def _show_summary(self, result: DepthResult, colours: dict[str, str]) -> None:
        n = result.config.layers
        if not result.curves:
            self._set_summary(QT_TR_NOOP("Tick at least one activation."))
            return
        self._summary_source = None
        parts = []
        for key, curves in result.curves.items():
            ratio = curves.first_over_last
            zero = np.flatnonzero(curves.grad_norm == 0)
            if zero.size:
                text = tr("exactly 0 from layer {0} down (float32 underflow)").format(
                    int(zero.max()) + 1
                )
            else:
                text = tr("∂L/∂W {0}, ∂L/∂z {1}").format(
                    _power_of_ten(ratio), _power_of_ten(curves.signal_first_over_last)
                )
            dead = 100 * float(curves.dead_units.max())
            if dead > 0:
                text += tr(", dead ≤ {0:.0f} %").format(dead)
            name = html.escape(_label(curves))
            parts.append(f"<span style='color:{colours[key]}'><b>{name}</b></span>: {text}")
        # One lead-in for all: the ratios are layer 1 over layer N.
        lead = html.escape(tr("Layer 1 relative to layer {0}:").format(n))
        self.summary.setText(f"{lead} " + " &nbsp;·&nbsp; ".join(parts))
