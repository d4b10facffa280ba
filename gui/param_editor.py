"""Editors for one activation's parameters, generated from the catalogue's descriptions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.catalogue import ActivationSpec
from engine.params import ParamSpec, ParamValue, format_value
from gui.i18n import tr, tr_message
from gui.live import QT_TR_NOOP, Live, Switchable
from gui.style import colour, pt


def _domain(p: ParamSpec) -> str:
    lo, hi, lo_open, hi_open = p.domain  # float32 limits included (engine.params)
    return f"{'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"


class _FloatEditor(QWidget):
    """A labeled slider over the useful range plus an entry for any exact value in the domain."""

    def __init__(self, p: ParamSpec, submit: Callable[[str, ParamValue], bool]) -> None:
        super().__init__()
        # Imported here: superqt's package import costs ~60 ms that the first frame need not pay.
        from superqt import QLabeledDoubleSlider

        self.p, self._submit = p, submit
        self.slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(*p.slider)
        self.slider.setDecimals(3)
        self.slider.setSingleStep(p.step)
        self.entry = QLineEdit()
        self.entry.setObjectName(f"entry_{p.name}")
        self.entry.setMaximumWidth(110)
        self.retranslate()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.entry)
        self.slider.valueChanged.connect(self._slid)
        self.entry.editingFinished.connect(self._typed)

    def retranslate(self) -> None:
        self.entry.setToolTip(tr("Type an exact value; allowed: {0}").format(_domain(self.p)))

    def show_value(self, value: ParamValue) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(float(value))
        self.entry.setText(format_value(value))

    def _slid(self, value: float) -> None:
        # The slider's position maps to many more values than its label shows (0.807143 under
        # "0.807"): a dragged value is the one on the label. Typed values stay exact.
        self._submit(self.p.name, round(float(value), self.slider.decimals()))

    def _typed(self) -> None:
        try:
            value = self.p.parse(self.entry.text())
        except ValueError as exc:
            self._submit(self.p.name, exc)
            return
        self._submit(self.p.name, value)


class _ChoiceEditor(QComboBox):
    def __init__(self, p: ParamSpec, submit: Callable[[str, ParamValue], bool]) -> None:
        super().__init__()
        self.p = p
        self.addItems(list(p.choices))
        self.currentTextChanged.connect(lambda text: submit(p.name, text))

    def show_value(self, value: ParamValue) -> None:
        with QSignalBlocker(self):
            self.setCurrentText(str(value))


class _ListEditor(QLineEdit):
    def __init__(self, p: ParamSpec, submit: Callable[[str, ParamValue], bool]) -> None:
        super().__init__()
        self.p = p
        self.setObjectName(f"entry_{p.name}")
        self.retranslate()
        self.editingFinished.connect(self._typed)
        self._submit = submit

    def retranslate(self) -> None:
        self.setToolTip(tr("Numbers separated by commas, e.g. 0, 1.5, −2"))

    def _typed(self) -> None:
        try:
            value = self.p.parse(self.text().replace("−", "-"))
        except ValueError as exc:
            self._submit(self.p.name, exc)
            return
        self._submit(self.p.name, value)

    def show_value(self, value: ParamValue) -> None:
        self.setText(format_value(value))


class ParamEditor(Switchable, QWidget):
    """Builds one editor per parameter; asks ``apply`` to accept each change.

    ``apply(key, values)`` returns None when the values were accepted, else the reason; a
    refused value is shown with its reason and the editor returns to the last accepted value,
    so the editor always displays the parameters of the curve on screen. ``brief`` leaves out
    the title, the module call and the note (where another view already shows them).
    """

    edited = Signal(str, dict)

    def __init__(
        self,
        apply: Callable[[str, dict], str | None],
        parent: QWidget | None = None,
        brief: bool = False,
    ) -> None:
        super().__init__(parent)
        self.live = Live()
        self.brief = brief
        self._apply = apply
        self.spec: ActivationSpec | None = None
        self.values: dict[str, ParamValue] = {}
        self.editors: dict[str, QWidget] = {}
        self.row_labels: dict[str, QLabel] = {}
        self._no_params: QLabel | None = None
        self._reason: object = None  # the last refusal, re-rendered in a new language

        self.title = QLabel()
        self.title.setObjectName("paramTitle")
        self.call = QLabel()
        self.call.setObjectName("pytorchCall")
        self.call.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.call.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setObjectName("paramMessage")
        self.message.setWordWrap(True)
        self.reset_button = QPushButton()
        self.live.text(self.reset_button.setText, QT_TR_NOOP("Defaults"))
        self.live.text(
            self.reset_button.setToolTip, QT_TR_NOOP("Restore PyTorch's default parameters")
        )
        self.reset_button.clicked.connect(self.restore_defaults)
        self.live.look(self._style)

        layout = QVBoxLayout(self)
        if brief:
            layout.setContentsMargins(0, 0, 0, 0)
            for widget in (self.title, self.call, self.note):
                widget.hide()
        layout.addWidget(self.title)
        layout.addWidget(self.call)
        layout.addWidget(self.note)
        layout.addLayout(self.form)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.reset_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def _style(self) -> None:
        self.title.setStyleSheet(f"font-size: {pt(16)}pt; font-weight: bold;")
        self.call.setStyleSheet(f"font-family: monospace; font-size: {pt(12)}pt;")
        self.note.setStyleSheet(f"color: {colour('muted')};")
        self.message.setStyleSheet(f"color: {colour('error')}; font-weight: bold;")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._keep_whole()

    def event(self, event) -> bool:
        # New texts (another activation, a language, a refusal) re-lay out the editor.
        if event.type() == QEvent.Type.LayoutRequest:
            self._keep_whole()
        return super().event(event)

    def _keep_whole(self) -> None:
        """Never shorter than the wrapped note and rows need at the current width: a splitter
        (the explorer's right column) otherwise cut Swish's "不属于 torch.nn…" to its lower half."""
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return
        need = layout.totalHeightForWidth(self.width())
        if need != self.minimumHeight():
            self.setMinimumHeight(need)

    def show_activation(self, spec: ActivationSpec, values: dict[str, ParamValue]) -> None:
        """Rebuild the editors for ``spec`` showing ``values``."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()
        self.row_labels.clear()
        self._no_params = None
        self.spec, self.values = spec, dict(values)
        self.title.setText(spec.name)
        self.note.setVisible(bool(spec.note) and not self.brief)
        self._set_message(None)
        self.reset_button.setEnabled(bool(spec.params))
        factories = {"float": _FloatEditor, "choice": _ChoiceEditor, "floats": _ListEditor}
        for p in spec.params:
            editor = factories[p.kind](p, self._submit)
            if not editor.toolTip():
                editor.setToolTip(p.doc)
            label = QLabel()
            self.form.addRow(label, editor)
            self.editors[p.name] = editor
            self.row_labels[p.name] = label
        if not spec.params:
            self._no_params = QLabel()
            self.form.addRow(self._no_params)
        self._label_rows()
        self._show_values()

    def retranslate(self) -> None:
        """Re-label the rows in place: the editors (and what is typed in them) stay."""
        self.live.retranslate()
        for editor in self.editors.values():
            if hasattr(editor, "retranslate"):
                editor.retranslate()
        self._label_rows()
        self._set_message(self._reason)

    def _label_rows(self) -> None:
        spec = self.spec
        if spec is None:
            return
        self.note.setText(tr(spec.note) if spec.note else "")
        for p in spec.params:
            label = self.row_labels[p.name]
            label.setText(tr(p.label))
            label.setToolTip(tr("{0} (allowed: {1})").format(p.name, _domain(p)))
        if self._no_params is not None:
            self._no_params.setText(tr("This activation has no parameters."))

    def _set_message(self, reason: object) -> None:
        self._reason = reason
        if reason is None:
            self.message.clear()
        else:
            self.message.setText(tr("Not applied: {0}").format(tr_message(reason)))

    def sync(self, values: dict[str, ParamValue]) -> None:
        """Show values accepted elsewhere (another editor bound to the same activation)."""
        if values != self.values:
            self.values = dict(values)
            self._set_message(None)
            self._show_values()

    def _show_values(self) -> None:
        for name, editor in self.editors.items():
            editor.show_value(self.values[name])
        if self.spec is not None:
            self.call.setText(self.spec.call(self.values))

    def _submit(self, name: str, value: ParamValue | Exception) -> bool:
        if self.spec is None:
            return False
        if isinstance(value, Exception):
            reason = value
        elif value == self.values.get(name):
            self._show_values()
            return True
        else:
            reason = self._apply(self.spec.key, {**self.values, name: value})
        if reason:
            self._set_message(reason)
            self._show_values()
            return False
        self.values[name] = value
        self._set_message(None)
        self._show_values()
        self.edited.emit(self.spec.key, dict(self.values))
        return True

    def restore_defaults(self) -> None:
        if self.spec is None:
            return
        defaults = self.spec.defaults()
        if self._apply(self.spec.key, defaults) is None:
            self.values = defaults
            self._set_message(None)
            self._show_values()
            self.edited.emit(self.spec.key, dict(self.values))
