"""Softmax lab: logits → probabilities, temperature, log-softmax, and the overflow of the naive
formula next to the stable one.

The numbers are a handful of numpy operations (``engine.softmax_lab``), computed right here on the
GUI thread within a millisecond, so no job is needed and the panel is always settled.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.explorer_state import PALETTE, ExplorerState
from engine.softmax_lab import (
    DEFAULT_LOGITS,
    DEFAULT_SHIFT,
    DEFAULT_TEMPERATURE,
    FLOAT32_EXP_LIMIT,
    LOGIT_RANGE,
    LOGITS_RANGE,
    SHIFT_RANGE,
    TEMPERATURE_RANGE,
    NaiveVsStable,
    SoftmaxView,
    analyse,
    naive_vs_stable,
)
from gui.bridge import JobBridge
from gui.i18n import tr
from gui.labs.base import LabPanel, snapped, style_axes
from gui.labs.base import double_slider as _double_slider
from gui.live import QT_TR_NOOP
from gui.plot_fit import set_title
from gui.style import colour, pt
from gui.wrap_label import WrapLabel

OVERFLOW_SHIFT = 100.0  # large enough that the naive formula breaks
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _fmt(value: float) -> str:
    """inf and NaN spelled out, the rest with enough digits to compare the two formulas."""
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "inf" if value > 0 else "−inf"
    return f"{value:.6g}"


TABLE_HEADERS = (
    QT_TR_NOOP("z = (x + c) / T"),
    QT_TR_NOOP("naive exp(z)"),
    QT_TR_NOOP("naive p"),
    QT_TR_NOOP("z − max"),
    QT_TR_NOOP("exp(z − max)"),
    QT_TR_NOOP("stable p"),
)


class _Table(QTableWidget):
    """Calls ``fit`` when its width changes (a splitter moved, a new look)."""

    def __init__(self, fit) -> None:
        super().__init__()
        self._fit = fit

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()


class SoftmaxLabPanel(LabPanel):
    """Logit sliders, temperature, probability and log-probability bars, naive vs stable table."""

    updated = Signal()

    def __init__(
        self,
        bridge: JobBridge,
        explorer_state: ExplorerState,
        parent: QWidget | None = None,
    ) -> None:
        # No jobs here (the bridge is kept for the common panel interface).
        super().__init__(bridge, explorer_state, parent)
        live = self.live
        self.view: SoftmaxView | None = None
        self.table_data: NaiveVsStable | None = None
        self.logit_sliders: list = []

        # -- controls ------------------------------------------------------------------------
        self.title = live.label(QT_TR_NOOP("Softmax: scores → probabilities"))
        self.logits_form = QFormLayout()
        self.add_button = QPushButton()
        self.add_button.setObjectName("softmaxAdd")
        live.text(self.add_button.setText, QT_TR_NOOP("+ logit"))
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("softmaxRemove")
        live.text(self.remove_button.setText, QT_TR_NOOP("− logit"))
        self.temperature = _double_slider(
            "softmaxTemperature", *TEMPERATURE_RANGE, DEFAULT_TEMPERATURE
        )
        live.text(
            self.temperature.setToolTip,
            QT_TR_NOOP("softmax(x / T): T > 1 flattens, T < 1 sharpens"),
        )
        self.shift = _double_slider("softmaxShift", *SHIFT_RANGE, DEFAULT_SHIFT, decimals=1)
        live.text(
            self.shift.setToolTip,
            QT_TR_NOOP("Adds the same number to every logit: softmax does not change"),
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        settings = QFormLayout()
        settings.addRow(live.label(QT_TR_NOOP("Temperature T")), self.temperature)
        self.sum_label = QLabel()
        self.sum_label.setObjectName("softmaxSum")
        self.sum_label.setWordWrap(True)
        self.two_class = QLabel()
        self.two_class.setObjectName("softmaxTwoClass")
        self.two_class.setWordWrap(True)
        self.two_class.setTextFormat(Qt.TextFormat.RichText)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.title)
        left_layout.addWidget(live.label(QT_TR_NOOP("Logits x (scores from the last layer)")))
        left_layout.addLayout(self.logits_form)
        left_layout.addLayout(buttons)
        left_layout.addLayout(settings)
        left_layout.addWidget(self.sum_label)
        left_layout.addWidget(self.two_class)
        left_layout.addStretch(1)

        # -- bars ----------------------------------------------------------------------------
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setObjectName("softmaxPlots")
        self.prob_plot: pg.PlotItem = self.plots.addPlot(row=0, col=0)
        self.log_plot: pg.PlotItem = self.plots.addPlot(row=0, col=1)
        for plot, title in (
            (self.prob_plot, QT_TR_NOOP("softmax(x / T): probabilities")),
            (self.log_plot, QT_TR_NOOP("log_softmax(x / T)")),
        ):
            live.text(lambda t, p=plot: set_title(p, t, size=f"{pt(14)}pt"), title)
        self.zero_lines = []
        for plot in (self.prob_plot, self.log_plot):
            plot.showGrid(x=False, y=True, alpha=0.25)
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            zero = pg.InfiniteLine(pos=0, angle=0)
            plot.addItem(zero)
            self.zero_lines.append(zero)
        for plot in (self.prob_plot, self.log_plot):
            plot.getViewBox().sigResized.connect(self._fit_value_room)
        self.prob_bars = pg.BarGraphItem(x=[0], height=[0], width=0.6)
        self.log_bars = pg.BarGraphItem(x=[0], height=[0], width=0.6)
        self.prob_plot.addItem(self.prob_bars)
        self.log_plot.addItem(self.log_bars)
        self.prob_texts: list[pg.TextItem] = []
        self.log_texts: list[pg.TextItem] = []
        for texts, plot, anchor in (
            (self.prob_texts, self.prob_plot, (0.5, 1.0)),
            (self.log_texts, self.log_plot, (0.5, 0.0)),
        ):
            for _ in range(LOGITS_RANGE[1]):
                text = pg.TextItem(anchor=anchor)
                plot.addItem(text)
                texts.append(text)

        # -- naive vs stable -----------------------------------------------------------------
        self.table_title = WrapLabel()
        self.table_title.setTextFormat(Qt.TextFormat.RichText)
        self.table = _Table(self._fit_header)
        self.table.setObjectName("softmaxTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setColumnCount(len(TABLE_HEADERS))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Numbers in a monospaced font so digits line up; the headers keep the panel's font.
        self.mono = QFont("monospace", pt(12))
        self.mono.setStyleHint(QFont.StyleHint.Monospace)
        shift_row = QGridLayout()
        shift_row.addWidget(live.label(QT_TR_NOOP("Add c to every logit")), 0, 0)
        shift_row.addWidget(self.shift, 0, 1)
        self.overflow_button = QPushButton()
        self.overflow_button.setObjectName("softmaxOverflow")
        live.text(
            self.overflow_button.setText,
            QT_TR_NOOP("Show the overflow (c = {0:g})"),
            OVERFLOW_SHIFT,
        )
        live.text(self.overflow_button.setToolTip, QT_TR_NOOP("Adds a large number to every logit"))
        shift_row.addWidget(self.overflow_button, 0, 2)
        shift_row.setColumnStretch(1, 1)
        self.verdict = QLabel()
        self.verdict.setObjectName("softmaxVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.table_title)
        bottom_layout.addLayout(shift_row)
        bottom_layout.addWidget(self.table, 1)
        bottom_layout.addWidget(self.verdict)

        # The controls in a column of the full height; the bars above the table at the right.
        # (With the table across the whole width below, classroom fonts at 1366×768 squeezed
        # the logit sliders to 12 px and cut the Σ p line.)
        right = QSplitter(Qt.Orientation.Vertical)
        right.setChildrenCollapsible(False)
        right.addWidget(self.plots)
        right.addWidget(bottom)
        right.setStretchFactor(0, 1)
        right.setSizes([560, 340])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 980])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        # -- wiring --------------------------------------------------------------------------
        self.add_button.clicked.connect(lambda: self.add_logit())
        self.remove_button.clicked.connect(self.remove_logit)
        self.temperature.valueChanged.connect(lambda _=0.0: self.recompute())
        self.shift.valueChanged.connect(lambda _=0.0: self.recompute())
        self.overflow_button.clicked.connect(lambda: self.shift.setValue(OVERFLOW_SHIFT))
        for value in DEFAULT_LOGITS:
            self.add_logit(value, recompute=False)
        live.look(self._style)
        self.retranslate()

    # -- language and look ------------------------------------------------------------------
    def _style(self) -> None:
        tick_font = self.tick_font()
        self.title.setStyleSheet(f"font-size: {pt(15)}pt; font-weight: bold;")
        self.sum_label.setStyleSheet(f"font-size: {pt(15)}pt;")
        for label in (self.two_class, self.table_title, self.verdict):
            label.setStyleSheet(f"font-size: {pt(13)}pt;")
        for plot in (self.prob_plot, self.log_plot):
            style_axes(plot, tick_font)
        for zero in self.zero_lines:
            zero.setPen(pg.mkPen(colour("axis")))
        value_font = QFont(self.font().family(), pt(12))
        for text in (*self.prob_texts, *self.log_texts):
            text.setColor(colour("foreground"))
            text.setFont(value_font)
        self.mono = QFont("monospace", pt(12))
        self.mono.setStyleHint(QFont.StyleHint.Monospace)
        for row in range(self.table.rowCount()):
            for col in range(self.table.columnCount()):
                item = self.table.item(row, col)
                if item is not None:
                    item.setFont(self.mono)
        self._fit_header()
        self._fit_table_height()
        if self.view is not None:
            self.recompute()  # the colours of broken values follow the theme

    def _fit_header(self) -> None:
        """Each column as wide as its heading and numbers need ("朴素公式 exp(z)" was cut at
        classroom sizes), the room left shared out evenly; the table scrolls sideways only if
        they cannot all fit (with every column as wide as the widest heading, "stable p" went
        off the side at 145 % on 1366×768)."""
        table, header = self.table, self.table.horizontalHeader()
        numbers = QFontMetrics(self.mono)
        needs = []
        for col in range(table.columnCount()):
            texts = (table.item(row, col) for row in range(table.rowCount()))
            widest = max((numbers.horizontalAdvance(t.text()) for t in texts if t), default=0)
            needs.append(max(header.sectionSizeHint(col), widest + 12))
        spare = max(0, table.viewport().width() - sum(needs)) // max(1, len(needs))
        for col, need in enumerate(needs):
            if header.sectionSize(col) != need + spare:
                header.resizeSection(col, need + spare)

    def _fit_table_height(self) -> None:
        """Room for the heading and the first three rows (and a sideways scroll bar): at
        classroom sizes on 1366×768 the third logit's row was cut in half."""
        table = self.table
        rows = min(table.rowCount(), len(DEFAULT_LOGITS))
        bar = table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        height = (
            table.horizontalHeader().sizeHint().height()
            + rows * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth()
            + bar
        )
        table.setMinimumHeight(height)

    def retranslate(self) -> None:
        """Texts only: the logits, temperature and shift on screen stay."""
        self.live.retranslate()
        self.table.setHorizontalHeaderLabels([tr(h) for h in TABLE_HEADERS])
        self._fit_header()
        self.recompute()

    def logits(self) -> list[float]:
        return [snapped(s) for s in self.logit_sliders]

    def set_logits(self, values) -> None:
        """Show exactly these logits (2–10), for presets and tests."""
        values = list(values)
        if not LOGITS_RANGE[0] <= len(values) <= LOGITS_RANGE[1]:
            raise ValueError(f"need {LOGITS_RANGE[0]}–{LOGITS_RANGE[1]} logits")
        while len(self.logit_sliders) > len(values):
            self._drop_last()
        while len(self.logit_sliders) < len(values):
            self.add_logit(0.0, recompute=False)
        for slider, v in zip(self.logit_sliders, values, strict=True):
            with QSignalBlocker(slider):
                slider.setValue(v)
        self.recompute()

    def preset_section(self) -> dict[str, object]:
        """This lab's part of a preset's ``labs`` (engine.preset)."""
        return {
            "logits": self.logits(),
            "temperature": snapped(self.temperature),
            "shift": snapped(self.shift),
        }

    def apply_preset_section(self, section: dict[str, object]) -> None:
        """Show a checked section (fields absent are left as they are); one recomputation."""
        for name, slider in (("temperature", self.temperature), ("shift", self.shift)):
            if name in section:
                with QSignalBlocker(slider):
                    slider.setValue(float(section[name]))
        self.set_logits(section.get("logits", self.logits()))  # recomputes

    def add_logit(self, value: float = 0.0, recompute: bool = True) -> None:
        if len(self.logit_sliders) >= LOGITS_RANGE[1]:
            return
        i = len(self.logit_sliders) + 1
        slider = _double_slider(f"softmaxLogit{i}", *LOGIT_RANGE, value)
        slider.valueChanged.connect(lambda _=0.0: self.recompute())
        label = QLabel(f"x{str(i).translate(SUBSCRIPTS)}")
        label.setStyleSheet(f"color: {PALETTE[(i - 1) % len(PALETTE)]}; font-weight: bold;")
        self.logits_form.addRow(label, slider)
        self.logit_sliders.append(slider)
        if recompute:
            self.recompute()

    def remove_logit(self) -> None:
        if len(self.logit_sliders) > LOGITS_RANGE[0]:
            self._drop_last()
            self.recompute()

    # -- computing and drawing ----------------------------------------------------------------
    def _drop_last(self) -> None:
        self.logit_sliders.pop()
        self.logits_form.removeRow(self.logits_form.rowCount() - 1)

    def recompute(self) -> None:
        logits, temperature = self.logits(), snapped(self.temperature)
        self.view = analyse(logits, temperature)
        self.table_data = naive_vs_stable(logits, snapped(self.shift), temperature)
        self._draw_bars(self.view)
        self._draw_texts(self.view)
        self._draw_table(self.table_data)
        self.add_button.setEnabled(len(logits) < LOGITS_RANGE[1])
        self.remove_button.setEnabled(len(logits) > LOGITS_RANGE[0])
        self.updated.emit()

    def _draw_bars(self, view: SoftmaxView) -> None:
        n = len(view.logits)
        x = np.arange(1, n + 1, dtype=float)
        brushes = [pg.mkBrush(PALETTE[i % len(PALETTE)]) for i in range(n)]
        self.prob_bars.setOpts(x=x, height=view.probs, width=0.6, brushes=brushes)
        self.log_bars.setOpts(x=x, height=view.log_probs, width=0.6, brushes=brushes)
        self._fit_value_room()
        for plot in (self.prob_plot, self.log_plot):
            plot.setXRange(0.4, n + 0.6, padding=0)
            plot.getAxis("bottom").setTicks(
                [[(i + 1, f"x{str(i + 1).translate(SUBSCRIPTS)}") for i in range(n)]]
            )
        for i, (p_text, l_text) in enumerate(zip(self.prob_texts, self.log_texts, strict=True)):
            shown = i < n
            p_text.setVisible(shown)
            l_text.setVisible(shown)
            if shown:
                p_text.setText(f"{view.probs[i]:.3f}")
                p_text.setPos(i + 1, view.probs[i])
                l_text.setText(f"{view.log_probs[i]:.2f}")
                l_text.setPos(i + 1, view.log_probs[i])

    def _fit_value_room(self) -> None:
        """Y ranges that leave one value label's height free beyond the longest bar, in pixels
        of the plot as it is now (the labels keep their size when the plots shrink or grow)."""
        if self.view is None:
            return
        label_px = self.prob_texts[0].textItem.boundingRect().height() + 2
        for plot, low, high in (
            (self.prob_plot, 0.0, 1.0),
            (self.log_plot, float(min(self.view.log_probs.min(), -1.0)), 0.1),
        ):
            height = plot.getViewBox().height()
            share = min(label_px / height, 0.45) if height > 0 else 0.15
            span = (high - low) / (1.0 - share)
            if plot is self.prob_plot:
                plot.setYRange(low, low + span, padding=0)  # labels above the bars
            else:
                plot.setYRange(high - span, high, padding=0)  # labels below the bars

    def _draw_texts(self, view: SoftmaxView) -> None:
        terms = " + ".join(f"{p:.3f}" for p in view.probs)
        self.sum_label.setText(
            tr("Σ p = {0} = <b>{1:.6f}</b>").format(html.escape(terms), view.total)
            if len(view.probs) <= 4
            else tr("Σ p = <b>{0:.6f}</b>").format(view.total)
        )
        if view.sigmoid_of_difference is None:
            self.two_class.setText(
                tr("With two logits Softmax is Sigmoid of their difference: press − logit.")
            )
            return
        x0, x1 = view.logits
        self.two_class.setText(
            tr(
                "Two classes: softmax(x / T)₁ = σ((x₁ − x₂) / T) = σ({0:.3f}) = <b>{1:.6f}</b>"
                " — the same as the first bar, <b>{2:.6f}</b>. Binary outputs use Sigmoid."
            ).format((x0 - x1) / view.temperature, view.sigmoid_of_difference, view.probs[0])
        )

    def _draw_table(self, t: NaiveVsStable) -> None:
        columns = (t.z, t.exp_naive, t.naive, t.shifted, t.exp_stable, t.stable)
        n = len(t.z)
        self.table.setRowCount(n)
        self.table.setVerticalHeaderLabels(
            [f"x{str(i + 1).translate(SUBSCRIPTS)}" for i in range(n)]
        )
        self._fit_table_height()
        bad = QColor(colour("error"))
        for col, values in enumerate(columns):
            for row in range(n):
                value = float(values[row])
                item = self.table.item(row, col)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                    item.setFont(self.mono)
                    self.table.setItem(row, col, item)
                item.setText(_fmt(value))
                item.setForeground(bad if not np.isfinite(value) else self.palette().text())
        self._fit_header()  # "inf" and "nan" are narrower, 1e+43 wider
        self.table_title.setText(
            tr(
                "In float32, as a network computes: exp(z) overflows to inf once z > {0:.2f}. "
                "Subtracting the maximum first changes nothing mathematically "
                "(softmax(z − m) = softmax(z)) and keeps every exp(·) in (0, 1]."
            ).format(FLOAT32_EXP_LIMIT)
        )
        if t.naive_broken:
            self.verdict.setText(
                f"<span style='color:{colour('error')}'><b>"
                + tr("The naive formula breaks: inf / inf = NaN, 0 / 0 = NaN.")
                + "</b></span> "
                + tr("The stable one still gives the right probabilities.")
            )
        else:
            self.verdict.setText(
                tr(
                    "Both agree here. Drag c above {0:.0f} (or below −100) to break the naive one."
                ).format(FLOAT32_EXP_LIMIT)
            )
