"""The image browser: every image of a split before and after the explorer's activation.

All pipeline work runs on the job runner; this panel only submits jobs, keeps the ones that
are still current, and hands arrays to the views.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QT_TR_NOOP,
    QByteArray,
    QDataStream,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSignalBlocker,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine import choices, image_jobs
from engine.explorer_state import ExplorerState
from engine.image_state import ImageBrowserState
from gui import style
from gui.bridge import JobBridge, JobSet
from gui.errors import error_text
from gui.full_combo import FullComboBox
from gui.i18n import tr, tr_message
from gui.image_detail import ImageDetail
from gui.image_model import THUMB_SIZE, ClassFilterProxy, ImageListModel
from gui.inplace_view import InplaceView
from gui.live import Live, Switchable, set_combo_texts
from gui.param_editor import ParamEditor
from gui.style import colour, pt
from gui.wheel_guard import WheelGuard

# Names that come with the data, shown through tr(): the splits and CIFAR-10's classes.
DATA_NAMES = (
    QT_TR_NOOP("test"),
    QT_TR_NOOP("train"),
    QT_TR_NOOP("all"),
    QT_TR_NOOP("airplane"),
    QT_TR_NOOP("automobile"),
    QT_TR_NOOP("bird"),
    QT_TR_NOOP("cat"),
    QT_TR_NOOP("deer"),
    QT_TR_NOOP("dog"),
    QT_TR_NOOP("frog"),
    QT_TR_NOOP("horse"),
    QT_TR_NOOP("ship"),
    QT_TR_NOOP("truck"),
)

LOAD_JOB = "data:load"
SPLIT_JOB = "images:split-stats"
HEAVY_JOBS = (LOAD_JOB, SPLIT_JOB)  # these run on the heavy worker, the others on the light one

SCALINGS = choices.SCALINGS
PRE_STAGES = choices.PRE_STAGES
DISPLAYS = choices.DISPLAYS


CHANNELS = (QT_TR_NOOP("red"), QT_TR_NOOP("green"), QT_TR_NOOP("blue"))
DISPLAY_NOTES = {
    "clip": QT_TR_NOOP(
        "Display clips values to [0, 1] as TensorBoard's add_images does: "
        "everything below 0 shows black, everything above 1 white."
    ),
    "stretch": QT_TR_NOOP("Display stretches each image from its own minimum to its maximum."),
    "diverging": QT_TR_NOOP("Display: one channel, blue below 0, white at 0, red above 0."),
}
SAMPLES_HINT = QT_TR_NOOP(
    "These are generated sample images. To use CIFAR-10: File → Import CIFAR-10 "
    "archive… (the official cifar-10-python.tar.gz), File → Open CIFAR-10 "
    "folder…, or File → Download CIFAR-10 when online."
)


def _combo(name: str, items: dict[str, str]) -> QComboBox:
    # Never narrower than its longest choice: a cut "ToTensor → [0, 1] (the lesson's)" hides
    # the part that matters.
    combo = FullComboBox()
    combo.setObjectName(name)
    for key, text in items.items():
        combo.addItem(tr(text), key)
    return combo


def _grid_view(name: str) -> QListView:
    view = QListView()
    view.setObjectName(name)
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setMovement(QListView.Movement.Static)
    view.setUniformItemSizes(True)
    view.setLayoutMode(QListView.LayoutMode.Batched)
    view.setBatchSize(200)
    view.setIconSize(QSize(THUMB_SIZE + 2, THUMB_SIZE + 2))  # with the 1 px frame
    view.setSpacing(2)
    view.setSelectionMode(QListView.SelectionMode.SingleSelection)
    return view


def _form() -> QFormLayout:
    """Labels above their boxes: the column is as wide as its widest box, not label + box."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setContentsMargins(0, 0, 0, 0)
    form.setVerticalSpacing(2)
    return form


class _Column(QScrollArea):
    """The controls column: exactly as wide as its widest box; it scrolls vertically only when
    a large classroom size makes it taller than the window (the pictures never scroll)."""

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setObjectName("imagesControlsArea")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)
        content.installEventFilter(self)
        self.wheel_guard = WheelGuard(self, content)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # a new language or font size changed the boxes' widths
        return super().eventFilter(watched, event)

    def _width(self) -> int:
        bar = self.verticalScrollBar().sizeHint().width()
        return self.widget().minimumSizeHint().width() + bar

    def minimumSizeHint(self) -> QSize:
        return QSize(self._width(), 60)

    def sizeHint(self) -> QSize:
        return QSize(self._width(), self.widget().sizeHint().height())


class _Splitter(QSplitter):
    """Restores a saved layout only if it has as many parts: a layout saved by an older version
    (grids | details) would give the controls column the grids' width."""

    def restoreState(self, state: QByteArray | bytes) -> bool:
        stream = QDataStream(QByteArray(state))
        stream.readInt32()  # QSplitter's marker
        stream.readInt32()  # its format version
        if stream.readUInt32() != self.count():
            return False
        return super().restoreState(state)


class ImagesPanel(Switchable, QWidget):
    message = Signal(str)
    settled = Signal()

    def __init__(
        self,
        bridge: JobBridge,
        explorer_state: ExplorerState,
        state: ImageBrowserState | None = None,
        light_bridge: JobBridge | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.live = Live()
        self.bridge = bridge
        # Quick, interactive jobs (thumbnails, the selected image) run beside the heavy ones
        # (loading, whole-split statistics), so a 7 s train-split job never blanks the grid.
        self.light = light_bridge if light_bridge is not None else bridge
        self.explorer_state = explorer_state
        self.state = state if state is not None else ImageBrowserState()
        self.jobs = JobSet(bridge)  # jobs in flight, by key
        self._behind = False  # the explorer's activation changed while this tab was hidden
        self.split_stats = None
        self.image_stats = None
        self.detail_arrays = None
        self._error: object = None  # the load error on screen (re-rendered after a switch)

        # -- controls ------------------------------------------------------------------------
        self.source_label = QLabel(tr("No images loaded yet"))
        self.source_label.setObjectName("sourceLabel")
        self.source_label.setWordWrap(True)
        self.source_hint = QLabel()
        self.source_hint.setObjectName("sourceHint")
        self.source_hint.setWordWrap(True)
        self.split = QComboBox()
        self.split.setObjectName("splitCombo")
        self.classes = QComboBox()
        self.classes.setObjectName("classCombo")
        self.scaling = _combo("scalingCombo", SCALINGS)
        self.pre = _combo("preCombo", PRE_STAGES)
        self.display = _combo("displayCombo", DISPLAYS)
        self.display_channel = QComboBox()
        self.display_channel.setObjectName("displayChannel")
        self.display_channel.addItems([tr(name) for name in CHANNELS])
        self.activation = QComboBox()
        self.activation.setObjectName("activationCombo")
        for entry in explorer_state.entries:
            self.activation.addItem(entry.spec.name, entry.spec.key)
        self.activation_label = QLabel()
        self.activation_label.setObjectName("activationLabel")
        self.activation_label.setWordWrap(True)
        self.activation_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The same activation and parameters as the explorer, editable here too.
        # Brief: no title and note (the Activation box and the explorer say them), so the column
        # stays short enough for 1366×768.
        self.editor = ParamEditor(explorer_state.set_params, brief=True)
        self.editor.setObjectName("imagesParamEditor")
        self.display_note = QLabel()
        self.display_note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("dataError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.progress = QProgressBar()
        self.progress.setObjectName("imagesProgress")
        self.progress.setMaximumWidth(120)
        self.progress.setMinimumWidth(40)
        self.progress.setRange(0, 100)
        # Showing or hiding the bar must not re-lay out the grids and plots (a visible stall).
        policy = self.progress.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(policy)
        self.progress.hide()

        # -- controls: one column at the left ------------------------------------------------
        # A column rather than rows above everything: at 1366×768 the rows took 190–230 px of
        # height from the before/after view and the histograms, which explain the pictures.
        # Labels sit above their boxes so the column is only as wide as its widest box.
        label = self.live.label
        column = QWidget()
        column.setObjectName("imagesControls")
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 4, 0)
        column_layout.addWidget(self.source_label)
        column_layout.addWidget(self.source_hint)
        column_layout.addWidget(self.error)
        # Split and class have short names: side by side they save a row for classroom fonts.
        picks = QHBoxLayout()
        for text, combo in ((QT_TR_NOOP("Split"), self.split), (QT_TR_NOOP("Class"), self.classes)):
            pick = _form()
            pick.addRow(label(text), combo)
            picks.addLayout(pick, 1)
        column_layout.addLayout(picks)
        top = _form()
        top.addRow(label(QT_TR_NOOP("Activation")), self.activation)
        column_layout.addLayout(top)
        column_layout.addWidget(self.activation_label)
        column_layout.addWidget(self.editor)
        pipeline = _form()
        pipeline.addRow(label(QT_TR_NOOP("Scaling")), self.scaling)
        pipeline.addRow(label(QT_TR_NOOP("Before the activation")), self.pre)
        display_row = QHBoxLayout()
        display_row.addWidget(self.display)
        display_row.addWidget(self.display_channel)
        pipeline.addRow(label(QT_TR_NOOP("Display")), display_row)
        column_layout.addLayout(pipeline)
        column_layout.addWidget(self.display_note)
        column_layout.addStretch(1)
        self.controls = _Column(column)

        # -- grids ---------------------------------------------------------------------------
        self.before_model = ImageListModel(self.state, "before", self)
        self.after_model = ImageListModel(self.state, "after", self)
        self.before_proxy = ClassFilterProxy(self.state, self)
        self.before_proxy.setSourceModel(self.before_model)
        self.after_proxy = ClassFilterProxy(self.state, self)
        self.after_proxy.setSourceModel(self.after_model)
        self.before_view = _grid_view("beforeGrid")
        self.before_view.setModel(self.before_proxy)
        self.after_view = _grid_view("afterGrid")
        self.after_view.setModel(self.after_proxy)
        grids = QSplitter(Qt.Orientation.Horizontal)
        grids.setChildrenCollapsible(False)
        self.grid_titles: list[QLabel] = []
        for title, view in (
            (QT_TR_NOOP("before"), self.before_view),
            (QT_TR_NOOP("after"), self.after_view),
        ):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            grid_title = label(title)
            self.grid_titles.append(grid_title)
            title_row = QHBoxLayout()
            title_row.addWidget(grid_title)
            if view is self.after_view:
                # Beside a title, where showing and hiding it moves nothing.
                title_row.addWidget(self.progress)
            box_layout.addLayout(title_row)
            box_layout.addWidget(view)
            grids.addWidget(box)

        # -- the explanation: the selected image large, histograms, statistics ---------------
        self.detail = ImageDetail()
        self.inplace = InplaceView()
        self.right_tabs = QTabWidget()
        self.right_tabs.addTab(self.detail, "")
        self.right_tabs.addTab(self.inplace, "")
        for index, text in enumerate((QT_TR_NOOP("Selected image"), QT_TR_NOOP("inplace=True"))):
            self.live.text(lambda t, i=index: self.right_tabs.setTabText(i, t), text)
        self.live.look(self._style)

        # The controls keep their width, the explanation gets the larger share of the rest and
        # the full height; the grids, which only pick an image, take what is left.
        main = _Splitter(Qt.Orientation.Horizontal)
        main.setChildrenCollapsible(False)
        self.splitter = main
        self.side = self.controls
        main.addWidget(self.controls)
        main.addWidget(grids)
        main.addWidget(self.right_tabs)
        main.setStretchFactor(0, 0)
        main.setStretchFactor(1, 2)
        main.setStretchFactor(2, 3)
        main.setSizes([300, 420, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(main, 1)

        # -- wiring --------------------------------------------------------------------------
        self.state.subscribe(self._on_state)
        explorer_state.subscribe(self._on_explorer)
        for model in (self.before_model, self.after_model):
            model.wanted.connect(self.request_thumbs)
        self.activation.activated.connect(
            lambda i: explorer_state.select(self.activation.itemData(i))
        )
        self.split.activated.connect(lambda i: self.state.set_split(self.split.itemData(i)))
        self.classes.currentIndexChanged.connect(lambda i: self.state.set_class_filter(i - 1))
        self.scaling.currentIndexChanged.connect(
            lambda i: self.state.set_settings(scaling=self.scaling.itemData(i))
        )
        self.pre.currentIndexChanged.connect(
            lambda i: self.state.set_settings(pre=self.pre.itemData(i))
        )
        self.display.currentIndexChanged.connect(
            lambda i: self.state.set_settings(display=self.display.itemData(i))
        )
        self.display_channel.currentIndexChanged.connect(
            lambda i: self.state.set_settings(channel=i)
        )
        self.detail.channel.currentIndexChanged.connect(lambda _: self._show_detail())
        self.detail.hist_scope.currentIndexChanged.connect(lambda _: self._show_histograms())
        for view in (self.before_view, self.after_view):
            view.selectionModel().currentChanged.connect(self._on_grid_current)
        entry = explorer_state.entry(explorer_state.selected)
        self.activation.setCurrentIndex(self.activation.findData(explorer_state.selected))
        self.editor.show_activation(entry.spec, entry.params)
        self._editor_only_if_needed()
        self._show_settings()
        self._update_labels()
        if self.state.image_set is not None:  # rebuilt around images already loaded
            self._on_state("source")

    def _style(self) -> None:
        self.source_label.setStyleSheet(f"font-size: {pt(13)}pt; font-weight: bold;")
        self.source_hint.setStyleSheet(f"color: {colour('muted')};")
        self.activation_label.setStyleSheet(f"font-family: monospace; font-size: {pt(12)}pt;")
        self.display_note.setStyleSheet(f"color: {colour('muted')};")
        self.error.setStyleSheet(f"color: {colour('error')}; font-weight: bold;")
        for grid_title in self.grid_titles:
            grid_title.setStyleSheet(f"font-size: {pt(13)}pt; font-weight: bold;")
        self._place_hint()

    def retranslate(self) -> None:
        """Re-label the live controls; selections, images and statistics stay as they are."""
        self.live.retranslate()
        set_combo_texts(self.scaling, SCALINGS)
        set_combo_texts(self.pre, PRE_STAGES)
        set_combo_texts(self.display, DISPLAYS)
        for i, name in enumerate(CHANNELS):
            self.display_channel.setItemText(i, tr(name))
        if self.state.image_set is not None:
            self._label_combos()
            self._show_source()
            self._show_stats()
        else:
            self.source_label.setText(tr("No images loaded yet"))
        if self._error is not None:
            self.show_error(self._error, announce=False)
        self._update_labels()

    def restyle(self) -> None:
        self.live.restyle()
        self.before_model.restyle()
        self.after_model.restyle()

    def set_side_panel_visible(self, visible: bool) -> None:
        self.side.setVisible(visible)

    def step_image(self, delta: int) -> None:
        """Select the next/previous image shown in the grid (the class filter applies)."""
        proxy = self.after_proxy
        if proxy.rowCount() == 0:
            return
        current = proxy.mapFromSource(self.after_model.index(self.state.selected))
        row = current.row() if current.isValid() else -1
        row = (row + delta) % proxy.rowCount()
        self.state.select(proxy.index(row, 0).data(ImageListModel.RowRole))

    def _show_settings(self) -> None:
        """Put the state's pipeline settings into the combo boxes (after a preset, a rebuild)."""
        settings = self.state.settings
        for combo, value in (
            (self.scaling, settings.scaling),
            (self.pre, settings.pre),
            (self.display, settings.display),
        ):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(max(0, combo.findData(value)))
        with QSignalBlocker(self.display_channel):
            self.display_channel.setCurrentIndex(settings.channel)

    # -- data source ---------------------------------------------------------------------------
    def load_source(
        self,
        job,
        what: str,
        on_progress: Callable[[float, float], None] | None = None,
        on_end: Callable[[], None] | None = None,
    ) -> None:
        """Run a job that returns an ImageSet (loading, import, download) and switch to it.

        ``on_progress(done, total)`` hears its progress too and ``on_end()`` runs once it has
        loaded or failed (a progress dialog); neither runs after a cancel or a newer load."""
        self.progress.setValue(0)
        self.progress.show()
        self.message.emit(what)

        def progress(done: float, total: float) -> None:
            self._show_progress(done, total)
            if on_progress is not None:
                on_progress(done, total)

        def ended(handler: Callable[[object], None]) -> Callable[[object], None]:
            def run(arg: object) -> None:
                if on_end is not None:
                    on_end()
                handler(arg)

            return run

        self.jobs.submit(
            LOAD_JOB,
            job,
            on_done=ended(self._loaded),
            on_error=ended(self._load_failed),
            on_progress=progress,
        )

    def cancel_load(self) -> None:
        self.jobs.cancel(LOAD_JOB)
        self.progress.hide()
        self.message.emit(tr("Cancelled; the previous images stay."))
        self._maybe_settled()

    def set_source(self, image_set) -> None:
        self.state.set_source(image_set)

    @property
    def is_settled(self) -> bool:
        return self.state.image_set is not None and not self.jobs

    # -- state → views -------------------------------------------------------------------------
    def _on_state(self, what: str) -> None:
        if what in ("source", "split"):
            self._fill_combos()
            self.before_model.reset()
            self.after_model.reset()
            self.before_proxy.set_class(self.state.class_filter)
            self.after_proxy.set_class(self.state.class_filter)
            self.split_stats = None
            self._select_view_row(self.state.selected)
            self._request_all()
        elif what in ("settings", "activation"):
            self._show_settings()
            self.before_model.refresh()
            self.after_model.refresh()
            self._request_all()
        elif what == "filter":
            self.before_proxy.set_class(self.state.class_filter)
            self.after_proxy.set_class(self.state.class_filter)
        elif what == "selected":
            self._select_view_row(self.state.selected)
            self._request_detail()
        self._update_labels()

    def _on_explorer(self, what: str, key: str) -> None:
        if what in ("added", "removed"):  # an own activation joined or left the list
            self._fill_activation_combo()
            return
        if what == "replaced":  # an own activation with new slider ranges
            what = "selected"
        selected = self.explorer_state.selected
        if key != selected or what not in ("selected", "params"):
            return
        if not self.isVisible():
            # Dragging a slider in the explorer must not pay for hidden thumbnails and
            # histograms on every step: catch up once when this tab is shown.
            self._behind = True
            return
        self._follow_explorer(what)

    def _fill_activation_combo(self) -> None:
        with QSignalBlocker(self.activation):
            self.activation.clear()
            for entry in self.explorer_state.entries:
                self.activation.addItem(entry.spec.name, entry.spec.key)
            self.activation.setCurrentIndex(self.activation.findData(self.explorer_state.selected))

    def _editor_only_if_needed(self) -> None:
        """ReLU, Sigmoid, Tanh have nothing to set: their editor would only say so, and the
        module call above it already shows "nn.ReLU()"."""
        spec = self.explorer_state.entry(self.explorer_state.selected).spec
        self.editor.setVisible(bool(spec.params))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._behind:
            self._behind = False
            self._follow_explorer("selected")

    def _follow_explorer(self, what: str) -> None:
        selected = self.explorer_state.selected
        entry = self.explorer_state.entry(selected)
        if what == "selected":
            self.activation.setCurrentIndex(self.activation.findData(selected))
            self.editor.show_activation(entry.spec, entry.params)
            self._editor_only_if_needed()
        else:
            self.editor.sync(entry.params)
        self._update_labels()
        self.state.activation_changed()
        self._request_inplace()

    def _fill_combos(self) -> None:
        s = self.state
        with QSignalBlocker(self.split):
            self.split.clear()
            for name in s.split_names():
                self.split.addItem("", name)
            self.split.setCurrentIndex(max(0, s.split_names().index(s.split)))
        with QSignalBlocker(self.classes):
            self.classes.clear()
            self.classes.addItems([""] * (1 + len(s.class_names())))
            self.classes.setCurrentIndex(s.class_filter + 1)
        self._label_combos()
        self._show_source()

    def _label_combos(self) -> None:
        """Texts of the split and class combos in the current language (items stay)."""
        s = self.state
        for i, name in enumerate(s.split_names()):
            self.split.setItemText(i, f"{tr(name)} ({len(s.image_set.splits[name].images)})")
        self.classes.setItemText(0, tr("all classes"))
        for i, name in enumerate(s.class_names()):
            self.classes.setItemText(i + 1, tr(name))

    def _show_source(self) -> None:
        image_set = self.state.image_set
        text = tr(image_set.name)
        if image_set.verified is True:
            text += " — " + tr("verified against the official checksums")
        elif image_set.verified is False:
            text += " — " + tr("unverified (checksums differ from the official files)")
        self.source_label.setText(text)
        notes = [tr_message(note) for note in image_set.notes]
        # How to load CIFAR-10 is for the teacher, not the class: in classroom mode it moves
        # to the tooltip, and the before/after view below gets its lines. Notes (why a copy
        # failed to load) always show.
        self._howto_only = image_set.kind == "samples" and not notes
        if image_set.kind == "samples":
            # A CIFAR-10 copy that failed to load says why before the samples' hint.
            notes.append(tr(SAMPLES_HINT))
        self.source_hint.setText(
            " ".join(notes) if image_set.kind == "samples" else "; ".join(notes)
        )
        self._place_hint()

    def _place_hint(self) -> None:
        hide = style.LOOK.classroom and getattr(self, "_howto_only", False)
        self.source_hint.setVisible(not hide and bool(self.source_hint.text()))
        self.source_label.setToolTip(self.source_hint.text() if hide else "")

    def _update_labels(self) -> None:
        entry = self.explorer_state.entry(self.explorer_state.selected)
        self.activation_label.setText(entry.spec.call(entry.params))
        settings = self.state.settings
        self.display_channel.setVisible(settings.display == "diverging")
        self.display_note.setText(tr(DISPLAY_NOTES[settings.display]))

    def _select_view_row(self, row: int) -> None:
        if not len(self.state):
            return
        for view, proxy, model in (
            (self.before_view, self.before_proxy, self.before_model),
            (self.after_view, self.after_proxy, self.after_model),
        ):
            index = proxy.mapFromSource(model.index(row))
            if index.isValid() and view.currentIndex() != index:
                view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                view.scrollTo(index)

    def _on_grid_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            row = current.data(ImageListModel.RowRole)
            if row is not None and row != self.state.selected:
                self.state.select(row)

    # -- jobs ----------------------------------------------------------------------------------
    def _activation(self):
        entry = self.explorer_state.entry(self.explorer_state.selected)
        return entry.spec, dict(entry.params)

    def _submit(self, key: str, job, on_done: Callable[[object], None]) -> None:
        # Quick jobs go to the light worker, so they never wait behind a whole-split job.
        bridge = self.bridge if key in HEAVY_JOBS else self.light
        self.jobs.submit(
            key,
            job,
            on_done=lambda value: self._arrived(on_done, value),
            on_error=self._job_failed,
            on_progress=self._show_progress if key == SPLIT_JOB else None,
            bridge=bridge,
        )

    def _request_all(self) -> None:
        if self.state.image_set is None:
            return
        self._request_split_stats()
        self._request_detail()
        self._request_inplace()

    def request_thumbs(self, rows: list[int]) -> None:
        if self.state.images is None or not rows:
            return
        spec, params = self._activation()
        self._submit(
            "images:thumbs",
            image_jobs.thumbnails(
                self.state.images, rows, spec, params, self.state.settings, self.state.version
            ),
            self._thumbs_arrived,
        )

    def _request_split_stats(self) -> None:
        spec, params = self._activation()
        s = self.state
        self._submit(
            SPLIT_JOB,
            image_jobs.split_stats(
                s.images, s.split, s.counts, spec, params, s.settings, s.version
            ),
            self._split_stats_arrived,
        )

    def _request_detail(self) -> None:
        if self.state.images is None:
            return
        spec, params = self._activation()
        s = self.state
        self._submit(
            "images:detail",
            image_jobs.detail(s.images, s.selected, spec, params, s.settings, s.version),
            self._detail_arrived,
        )

    def _request_inplace(self) -> None:
        spec, params = self._activation()
        self._submit("images:inplace", image_jobs.inplace(spec, params), self.inplace.show_demo)

    def _show_progress(self, done: float, total: float) -> None:
        if total > 0:
            self.progress.show()
            self.progress.setValue(int(100 * done / total))

    def _arrived(self, handler: Callable[[object], None], value: object) -> None:
        handler(value)
        self._progress_done()
        self._maybe_settled()

    def _progress_done(self) -> None:
        if LOAD_JOB not in self.jobs and SPLIT_JOB not in self.jobs:
            self.progress.hide()

    def _job_failed(self, exc: BaseException) -> None:
        self.message.emit(error_text(exc))
        self._progress_done()
        self._maybe_settled()

    def _maybe_settled(self) -> None:
        if self.is_settled:
            self.settled.emit()

    def _loaded(self, loaded) -> None:
        """``loaded``: an ``engine.image_jobs.Loaded`` (or an ImageSet)."""
        image_set = getattr(loaded, "image_set", loaded)
        self._error = None
        self.error.clear()
        self.error.hide()
        self.state.set_source(image_set, getattr(loaded, "counts", None))
        total = sum(len(split.images) for split in image_set.splits.values())
        self.message.emit(
            tr("{0}: {1} images in {2} classes").format(
                tr(image_set.name), total, len(image_set.classes)
            )
        )
        self._progress_done()
        self._maybe_settled()

    def _load_failed(self, exc: BaseException) -> None:
        """Bad data (or a failed import): say why, keep the previous source."""
        self._progress_done()
        self.show_error(exc)
        self._maybe_settled()

    def show_error(self, error: object, announce: bool = True) -> None:
        """Bad data: say so and keep the previous source.

        ``error``: the exception, an engine message (either shown in the current language, again
        after a switch) or a text."""
        self._error = error
        if isinstance(error, BaseException):
            text = error_text(error)
        else:
            text = error if type(error) is str else tr_message(error)
        self.error.setText(tr("Could not load: {0}").format(text))
        self.error.show()
        if announce:
            self.message.emit(text)

    def _thumbs_arrived(self, thumbs: image_jobs.Thumbs) -> None:
        if self.state.store_thumbs(thumbs.version, thumbs.rows, thumbs.before, thumbs.after):
            self.before_model.thumbs_arrived(thumbs.rows)
            self.after_model.thumbs_arrived(thumbs.rows)

    def _split_stats_arrived(self, result: image_jobs.SplitStats) -> None:
        if result.counts is not None:
            self.state.counts.setdefault(result.split, result.counts)
        if result.version != self.state.version:
            return
        self.split_stats = result.stats
        self._show_histograms()
        self._show_stats()

    def _detail_arrived(self, detail: image_jobs.Detail) -> None:
        if detail.version != self.state.version or detail.row != self.state.selected:
            return
        self.detail_arrays = (detail.before, detail.after)
        self.image_stats = detail.stats
        self._show_detail()
        self._show_histograms()
        self._show_stats()

    def _show_detail(self) -> None:
        if self.detail_arrays is None:
            return
        before, after = self.detail_arrays
        settings = self.state.settings
        self.detail.show_images(before, after, settings.display, settings.channel)

    def _show_histograms(self) -> None:
        whole = self.detail.hist_scope.currentIndex() == 0
        stats = self.split_stats if whole else self.image_stats
        if stats is not None:
            self.detail.show_histograms(stats)

    def _show_stats(self) -> None:
        if self.image_stats is None and self.split_stats is None:
            return
        name = tr("Whole split ({0})").format(tr(self.state.split))
        self.detail.show_stats(self.image_stats, self.split_stats, name)
