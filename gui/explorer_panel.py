"""The activation explorer: list of activations, curves of f and f', parameters, notes."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine import catalogue
from engine.curve_style import curve_label
from engine.explorer_state import ExplorerState
from gui.activation_model import ActivationListModel
from gui.bridge import JobBridge, JobSet
from gui.curve_panel import CurvePanel
from gui.errors import error_text
from gui.i18n import tr, tr_message
from gui.info_panel import InfoPanel
from gui.live import QT_TR_NOOP, Live, Switchable
from gui.param_editor import ParamEditor
from gui.style import pt

ENGINE_JOB = "engine:load"
CURVE_JOB = "curve:"
TEXTS_JOB = "texts:values"


class _ActivationList(QListView):
    """The activation list; a change of roles it does not paint does not repaint it."""

    # Tooltips are read when shown, parameters are not drawn: a slider drag changes only these.
    UNPAINTED = frozenset({Qt.ItemDataRole.ToolTipRole, ActivationListModel.ParamsRole})

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:
        if roles and self.UNPAINTED.issuperset(roles):
            return  # Qt would lay out and repaint the whole list (~4-8 ms a slider step)
        super().dataChanged(top_left, bottom_right, roles)


def _text_values(ctx) -> object:
    # The numbers the notes quote, computed by torch on the worker (after the first curves).
    from engine.text_values import compute_values

    return compute_values()


def _load_engine(ctx) -> str:
    # Runs on the worker thread: torch is imported here, never before the first frame.
    from engine.runtime import configure_torch

    version = configure_torch()
    import engine.curves  # noqa: F401

    return version


def _curve_job(spec, params, x_range):
    def run(ctx):
        from engine.curves import compute_curve

        return compute_curve(spec, params, x_range)

    return run


class ExplorerPanel(Switchable, QWidget):
    """Coordinates the explorer's views; all torch work goes through the job bridge."""

    engineReady = Signal(str)  # torch version
    textsReady = Signal()  # the numbers of the notes are computed: texts can be rendered again
    settled = Signal()  # engine loaded and every visible curve drawn
    message = Signal(str)

    def __init__(
        self,
        bridge: JobBridge,
        state: ExplorerState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.live = Live()
        self.bridge = bridge
        self.state = state if state is not None else ExplorerState.default()
        self.engine_ready = False
        self.torch_version = ""
        self.jobs = JobSet(bridge)  # jobs in flight, by key
        self.engine_error: BaseException | None = None  # why torch could not be loaded
        # Curves of a new x range still on their way: the y axes are fitted once, when the last
        # has arrived, not once per curve (each fit redraws every curve and both grids).
        self._refit: set[str] = set()

        self.model = ActivationListModel(self.state, self)
        self.list_view = _ActivationList()
        self.list_view.setObjectName("activationList")
        self.list_view.setModel(self.model)
        self.live.look(lambda: self.list_view.setFont(QFont(self.font().family(), pt(13))))
        self.live.look(self._fit_list_width)
        self.model.rowsInserted.connect(self._fit_list_width)
        self.model.modelReset.connect(self._fit_list_width)
        self.list_view.setUniformItemSizes(True)
        self.live.text(
            self.list_view.setToolTip,
            QT_TR_NOOP("Tick activations to overlay them; ↑/↓ to step, Space ticks"),
        )
        list_title = self.live.label(QT_TR_NOOP("Activations"))
        self.live.look(
            lambda: list_title.setStyleSheet(f"font-size: {pt(14)}pt; font-weight: bold;")
        )
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 4, 4, 4)
        left_layout.addWidget(list_title)
        left_layout.addWidget(self.list_view)
        # A student's own activation: a formula becomes one more row of the list.
        self.own_button = QPushButton()
        self.own_button.setObjectName("ownActivation")
        self.live.text(self.own_button.setText, QT_TR_NOOP("+ Own activation…"))
        self.live.text(
            self.own_button.setToolTip,
            QT_TR_NOOP("Type your own activation as a formula in x, e.g. x * sigmoid(b*x)"),
        )
        self.own_button.clicked.connect(lambda _checked=False: self.add_own_dialog())
        self.edit_own_button = QPushButton()
        self.edit_own_button.setObjectName("editOwnActivation")
        self.live.text(self.edit_own_button.setText, QT_TR_NOOP("Edit…"))
        self.edit_own_button.clicked.connect(lambda _checked=False: self.edit_own_dialog())
        self.remove_own_button = QPushButton()
        self.remove_own_button.setObjectName("removeOwnActivation")
        self.live.text(self.remove_own_button.setText, QT_TR_NOOP("Remove"))
        self.remove_own_button.clicked.connect(lambda _checked=False: self.remove_selected_own())
        own_row = QHBoxLayout()
        own_row.addWidget(self.edit_own_button)
        own_row.addWidget(self.remove_own_button)
        left_layout.addWidget(self.own_button)
        left_layout.addLayout(own_row)

        self.curves = CurvePanel()
        self.curves.order = catalogue.keys()
        self.editor = ParamEditor(self.state.set_params)
        self.info = InfoPanel()

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.editor)
        right.addWidget(self.info)
        right.setStretchFactor(1, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.curves)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 900, 420])
        self.splitter = splitter
        self.sides = (left, right)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.state.subscribe(self._on_state_changed)
        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.curves.rangeEdited.connect(self._on_range_edited)
        self.select(self.state.selected)

    def set_side_panels_visible(self, visible: bool) -> None:
        """Hide the activation list and the parameter/notes column (more room for the plots)."""
        for side in self.sides:
            side.setVisible(visible)

    def retranslate(self) -> None:
        self.live.retranslate()
        self.model.retranslate()  # notes in the tooltips

    def restyle(self) -> None:
        self.live.restyle()
        self.model.restyle()  # swatches of hidden curves

    def _fit_list_width(self) -> None:
        """Wide enough for the longest name at the current size, so none is elided."""
        view = self.list_view
        metrics = QFontMetrics(view.font())
        names = (
            str(self.model.data(self.model.index(row, 0)) or "")
            for row in range(self.model.rowCount())
        )
        text = max((metrics.horizontalAdvance(name) for name in names), default=0)
        icon = max(view.iconSize().width(), metrics.height())
        extra = 2 * icon + view.verticalScrollBar().sizeHint().width() + 2 * view.frameWidth()
        view.setMinimumWidth(min(text + extra + 24, 420))

    # -- start-up --------------------------------------------------------------------------
    def start(self) -> None:
        """Load torch and the curve engine in the background, then draw."""
        self.curves.set_loading(True)
        self.jobs.submit(
            ENGINE_JOB, _load_engine, on_done=self._engine_loaded, on_error=self._engine_failed
        )

    @property
    def is_settled(self) -> bool:
        return self.engine_ready and not self.jobs

    # -- own activations -------------------------------------------------------------------
    def add_own_dialog(self, text: str = "") -> None:
        """Open the formula editor; OK adds the activation, checked and selected."""
        from gui.formula_dialog import FormulaDialog

        dialog = FormulaDialog(text, parent=self)
        if dialog.exec():
            self.add_own(dialog.spec())

    def edit_own_dialog(self) -> None:
        """Edit the selected own activation; a new formula becomes a new row."""
        from gui.formula_dialog import FormulaDialog

        entry = self.state.entry(self.state.selected)
        if not entry.spec.user_defined:
            return
        sliders = {p.name: p.slider for p in entry.spec.params}
        dialog = FormulaDialog(dict(entry.spec.fixed)["formula"], sliders, parent=self)
        if dialog.exec():
            spec = dialog.spec()
            self.add_own(spec, dict(entry.params))

    def add_own(self, spec, params: dict | None = None) -> None:
        key = self.state.add_activation(spec, params)
        self.select(key)
        self.list_view.scrollTo(self.model.index_of(key))

    def remove_selected_own(self) -> None:
        key = self.state.selected
        if self.state.entry(key).spec.user_defined:
            self.state.remove_activation(key)

    def _update_own_buttons(self) -> None:
        own = self.state.entry(self.state.selected).spec.user_defined
        self.edit_own_button.setEnabled(own)
        self.remove_own_button.setEnabled(own)

    # -- user actions ----------------------------------------------------------------------
    def select(self, key: str) -> None:
        index = self.model.index_of(key)
        self.list_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.state.select(key)
        self._show_selected()

    def _follow_selection(self) -> None:
        index = self.model.index_of(self.state.selected)
        if self.list_view.currentIndex() != index:
            self.list_view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self._show_selected()

    def _on_current_changed(self, current, _previous) -> None:
        if current.isValid():
            self.state.select(current.data(ActivationListModel.KeyRole))
            self._show_selected()

    def _show_selected(self) -> None:
        entry = self.state.entry(self.state.selected)
        self._update_own_buttons()
        if self.editor.spec is not entry.spec:
            self.editor.show_activation(entry.spec, entry.params)
            self.info.show_activation(entry.spec)

    def _on_range_edited(self, x_min: float, x_max: float) -> None:
        reason = self.state.set_x_range(x_min, x_max)
        if reason:
            self.curves.set_range_error(tr("Not applied: {0}").format(tr_message(reason)))
        else:
            self.curves.set_view_range(*self.state.x_range)

    # -- state → curves --------------------------------------------------------------------
    def _on_state_changed(self, what: str, key: str) -> None:
        if what in ("adding", "removing"):
            return  # the row is not there yet / still there: act on "added" / "removed"
        if what in ("selected", "replaced") and key == self.state.selected:
            self._follow_selection()  # the selection may come from another panel
        if what == "params" and key == self.state.selected:
            self.editor.sync(self.state.entry(key).params)
        if what == "range":
            self.curves.set_view_range(*self.state.x_range)
            self._refit = set(self.state.visible_keys())
            for k in self.state.visible_keys():
                self.request_curve(k)
            return
        if key in self.state.visible_keys():
            if what in ("params", "replaced") or key not in self.curves.shown_keys():
                self.request_curve(key)
            else:
                self.curves.set_selected(key, key == self.state.selected)
        else:
            self.jobs.cancel(CURVE_JOB + key)
            self.curves.hide_curve(key)
            self._maybe_settled()

    def request_curve(self, key: str) -> None:
        if not self.engine_ready:
            return
        entry = self.state.entry(key)
        job = _curve_job(entry.spec, dict(entry.params), self.state.x_range)
        self.jobs.submit(
            CURVE_JOB + key,
            job,
            on_done=lambda curve: self._settling(self._curve_arrived, key, curve),
            on_error=lambda exc: self._settling(self._failed, key, exc),
        )

    def _settling(self, handler, *args) -> None:
        handler(*args)
        if self._refit and not self._refit_pending():  # the last one failed or was dropped
            self._refit.clear()
            self.curves.fit_y()
        self._maybe_settled()

    def _refit_pending(self) -> bool:
        return any(CURVE_JOB + k in self.jobs for k in self._refit)

    def _failed(self, what: str, exc: BaseException) -> None:
        self.message.emit(tr("Could not compute {0}: {1}").format(what, error_text(exc)))

    def _texts_computed(self, _values: object) -> None:
        self.info.refresh()
        self.textsReady.emit()
        self._maybe_settled()

    def _engine_failed(self, exc: BaseException) -> None:
        self.engine_error = exc
        self.curves.set_loading(True, QT_TR_NOOP("PyTorch could not be loaded"))
        self.message.emit(tr("PyTorch could not be loaded: {0}").format(error_text(exc)))
        self._maybe_settled()

    def _engine_loaded(self, version: object) -> None:
        self.engine_ready = True
        self.torch_version = str(version)
        self.curves.set_loading(False)
        self.engineReady.emit(self.torch_version)
        for key in self.state.visible_keys():
            self.request_curve(key)
        # Queued behind the first curves: the numbers of the notes follow a moment later.
        self.jobs.submit(
            TEXTS_JOB,
            _text_values,
            on_done=self._texts_computed,
            on_error=lambda exc: self._settling(self._failed, tr("the numbers of the notes"), exc),
        )
        self._maybe_settled()

    def _curve_arrived(self, key: str, curve) -> None:
        entry = self.state.entry(key)
        # Never draw a curve for parameters other than the ones the editor displays.
        if (
            key not in self.state.visible_keys()
            or curve.params != entry.params
            or (curve.x[0], curve.x[-1]) != self.state.x_range
        ):
            return
        waiting = key in self._refit
        self._refit.discard(key)
        self.curves.set_curve(
            key,
            curve_label(entry.spec, entry.params),
            curve.x,
            curve.y,
            curve.dy,
            curve.kinks,
            selected=key == self.state.selected,
            refit=waiting and not self._refit_pending(),
            hold_y=waiting,
        )

    def _maybe_settled(self) -> None:
        if self.is_settled:
            self.settled.emit()

    def step_activation(self, delta: int) -> None:
        keys = catalogue.keys()
        i = (keys.index(self.state.selected) + delta) % len(keys)
        self.select(keys[i])
