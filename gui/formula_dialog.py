"""The editor of an own activation: a formula in x, checked as it is typed, and slider ranges.

The check is :func:`engine.formula.parse` (pure Python, well under a millisecond, nothing
evaluated), so it runs on the GUI thread at every keystroke; a refusal shows its translated reason
and selects the character it points at.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from engine.catalogue import ActivationSpec
from engine.formula import FUNCTIONS, MAX_LENGTH, FormulaError, parse
from engine.formula_spec import DEFAULT_SLIDER, make_spec
from gui.i18n import tr, tr_message
from gui.live import QT_TR_NOOP, Live, Switchable
from gui.style import colour, pt

EXAMPLES: tuple[tuple[str, str], ...] = (
    (QT_TR_NOOP("Swish with β"), "x * sigmoid(b*x)"),
    (QT_TR_NOOP("ELU with α"), "where(x > 0, x, a*(exp(x) - 1))"),
    (QT_TR_NOOP("Softplus"), "log1p(exp(x))"),
    (QT_TR_NOOP("Mish"), "x * tanh(softplus(x))"),
    (QT_TR_NOOP("GELU"), "0.5*x*(1 + erf(x/sqrt(2)))"),
    (QT_TR_NOOP("Sine"), "sin(x)"),
    (QT_TR_NOOP("Step (no gradient)"), "where(x > 0, 1, 0)"),
    (QT_TR_NOOP("Gaussian"), "exp(-x**2)"),
)
SPIN_LIMIT = 1e6


class FormulaDialog(Switchable, QDialog):
    """Type a formula; OK gives :meth:`spec` (a catalogue entry, not yet registered)."""

    def __init__(
        self,
        text: str = "",
        sliders: dict[str, tuple[float, float]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.live = Live()
        self.setObjectName("formulaDialog")
        self.sliders: dict[str, tuple[float, float]] = dict(sliders or {})
        self.params: tuple[str, ...] = ()
        self.error: FormulaError | None = None
        self.live.text(self.setWindowTitle, QT_TR_NOOP("Own activation"))

        self.examples = QComboBox()
        self.examples.setObjectName("formulaExamples")
        self.examples.addItem("")
        for _label, formula in EXAMPLES:
            self.examples.addItem("", formula)
        self.examples.activated.connect(self._example_chosen)

        self.edit = QLineEdit(text)
        self.edit.setObjectName("formulaEdit")
        self.edit.setMaxLength(MAX_LENGTH + 1)  # one more, so "too long" is said, not silent
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.live.look(lambda: (mono.setPointSize(pt(14)), self.edit.setFont(mono)))
        self.edit.setPlaceholderText("x * sigmoid(b*x)")
        self.edit.textChanged.connect(self.check)

        self.help = QLabel()
        self.help.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("formulaStatus")
        self.status.setWordWrap(True)

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("formulaParams")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.live.label(QT_TR_NOOP("Examples:")))
        top.addWidget(self.examples, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.live.label(QT_TR_NOOP("f(x) =")))
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addWidget(self.live.label(QT_TR_NOOP("Parameters (each starts at 1):")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 460)
        self.retranslate()
        self.check()

    # -- checking --------------------------------------------------------------------------
    def check(self) -> None:
        """Parse what is typed; show why it is refused, or its parameters."""
        self._keep_ranges()
        text = self.edit.text()
        try:
            formula = parse(text)
        except FormulaError as exc:
            self.error = exc
            self.params = ()
        else:
            self.error = None
            self.params = formula.params
        self._show_status()
        self._fill_table()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.error is None)

    def _show_status(self) -> None:
        if self.error is None:
            self.status.setStyleSheet(f"color: {colour('foreground')};")
            if self.params:
                self.status.setText(
                    tr("✓ A valid formula. Parameters: {0}").format(", ".join(self.params))
                )
            else:
                self.status.setText(tr("✓ A valid formula, without parameters."))
            return
        self.status.setStyleSheet("color: #D55E00; font-weight: bold;")
        if not self.edit.text().strip():
            self.status.setText(tr("Type a formula in x, or pick an example."))
            self.status.setStyleSheet(f"color: {colour('foreground')};")
            return
        self.status.setText("✗ " + tr_message(self.error.message))

    def select_error(self) -> None:
        """Put the cursor on the character the refusal points at."""
        if self.error is not None and self.error.pos:
            pos = min(self.error.pos, len(self.edit.text()))
            self.edit.setSelection(pos - 1, 1)

    def _keep_ranges(self) -> None:
        for row, name in enumerate(self.params):
            lo, hi = self.table.cellWidget(row, 1), self.table.cellWidget(row, 2)
            if isinstance(lo, QDoubleSpinBox) and isinstance(hi, QDoubleSpinBox):
                self.sliders[name] = (lo.value(), hi.value())

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.params))
        for row, name in enumerate(self.params):
            self.table.setCellWidget(row, 0, QLabel(f"  {name}"))
            lo, hi = self.sliders.get(name, DEFAULT_SLIDER)
            for col, value in ((1, lo), (2, hi)):
                spin = QDoubleSpinBox()
                spin.setObjectName(f"formulaRange_{name}_{col}")
                spin.setRange(-SPIN_LIMIT, SPIN_LIMIT)
                spin.setDecimals(3)
                spin.setValue(value)
                spin.valueChanged.connect(self._range_changed)
                self.table.setCellWidget(row, col, spin)

    def _range_changed(self) -> None:
        self._keep_ranges()
        bad = [n for n, (lo, hi) in self.sliders.items() if n in self.params and lo >= hi]
        ok = self.error is None and not bad
        if bad:
            self.status.setStyleSheet("color: #D55E00; font-weight: bold;")
            self.status.setText(
                "✗ "
                + tr("The slider minimum of {0} must be smaller than its maximum.").format(bad[0])
            )
        elif self.error is None:
            self._show_status()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _example_chosen(self, index: int) -> None:
        formula = self.examples.itemData(index)
        if formula:
            self.edit.setText(formula)

    def accept(self) -> None:
        if self.error is not None:
            self.select_error()
            return
        super().accept()

    # -- result ----------------------------------------------------------------------------
    def spec(self) -> ActivationSpec:
        """The own activation typed (raises FormulaError if the text or a range is refused)."""
        self._keep_ranges()
        sliders = {n: self.sliders[n] for n in self.params if n in self.sliders}
        return make_spec(self.edit.text(), sliders)

    def retranslate(self) -> None:
        super().retranslate()
        self.examples.setItemText(0, tr("(choose an example)"))
        for i, (label, formula) in enumerate(EXAMPLES, start=1):
            self.examples.setItemText(i, f"{tr(label)}:  {formula}")
        self.help.setText(
            tr(
                "Write f(x) with + − * / ** and these functions: {0}. Constants: pi, e. "
                "Comparisons (<, <=, >, >=, ==, !=) only as the condition of where(cond, a, b). "
                "Every other name is a parameter with a slider. The formula becomes a small "
                "nn.Module of torch operations, so autograd gives f′(x)."
            ).format(", ".join(FUNCTIONS))
        )
        self.table.setHorizontalHeaderLabels(
            [tr("Parameter"), tr("Slider minimum"), tr("Slider maximum")]
        )
        if hasattr(self, "error"):
            self._show_status()
