"""A thin Qt list model over :class:`engine.explorer_state.ExplorerState`."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from engine.explorer_state import ExplorerState
from gui.i18n import tr
from gui.item_model import StateListModel
from gui.style import colour as style_colour


def hidden_swatch() -> QColor:
    """The swatch of a row whose curve is not on screen: the theme's placeholder grey."""
    return QColor(style_colour("placeholder"))


class ActivationListModel(StateListModel):
    """Rows are catalogue entries; checking a row overlays its curve."""

    EXTRA_FLAGS = Qt.ItemFlag.ItemIsUserCheckable
    state: ExplorerState

    KeyRole = Qt.ItemDataRole.UserRole + 1
    ColourRole = Qt.ItemDataRole.UserRole + 2
    ParamsRole = Qt.ItemDataRole.UserRole + 3
    NoteRole = Qt.ItemDataRole.UserRole + 4
    SpecRole = Qt.ItemDataRole.UserRole + 5
    InTorchRole = Qt.ItemDataRole.UserRole + 6

    def __init__(self, state: ExplorerState, parent=None) -> None:
        super().__init__(state, parent)
        state.subscribe(self._on_state_changed)

    # -- read ------------------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self.state.entries)

    def role_data(self, row: int, role: int) -> object:
        entry = self.state.entries[row]
        spec = entry.spec
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.name
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if entry.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole:
            # Only curves on screen show their colour, so the swatch doubles as a legend.
            shown = entry.checked or spec.key == self.state.selected
            return QColor(entry.colour) if shown else hidden_swatch()
        if role == Qt.ItemDataRole.ToolTipRole:
            note = tr(spec.note) if spec.note else ""
            if spec.user_defined:
                formula = dict(spec.fixed).get("formula", "")
                return f"f(x) = {formula}\n{note}".strip()
            return f"{spec.call(entry.params)}\n{note}".strip()
        if role == self.KeyRole:
            return spec.key
        if role == self.ColourRole:
            return entry.colour
        if role == self.ParamsRole:
            return dict(entry.params)
        if role == self.NoteRole:
            return tr(spec.note) if spec.note else ""
        if role == self.SpecRole:
            return spec
        if role == self.InTorchRole:
            return spec.in_torch_nn
        return None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names.update(
            {
                self.KeyRole: b"key",
                self.ColourRole: b"colour",
                self.ParamsRole: b"params",
                self.NoteRole: b"note",
            }
        )
        return names

    # -- write: validated by the engine state ----------------------------------------------
    def setData(self, index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        key = self.state.entries[index.row()].spec.key
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.state.set_checked(key, checked)
            return True
        if role == self.ParamsRole:
            return isinstance(value, dict) and self.state.set_params(key, value) is None
        return False

    def retranslate(self) -> None:
        """Tooltips carry translated notes: views ask again."""
        self.rows_changed()

    def restyle(self) -> None:
        self.retranslate()  # the same rows, asked again for their swatches

    def index_of(self, key: str) -> QModelIndex:
        return self.index(self.state.index(key), 0)

    def _on_state_changed(self, what: str, key: str) -> None:
        # Rows appear and disappear with own activations: Qt wants to hear before and after.
        if what == "adding":
            row = len(self.state.entries)
            self.beginInsertRows(QModelIndex(), row, row)
            return
        if what == "added":
            self.endInsertRows()
            return
        if what == "removing":
            row = self.state.index(key)
            self.beginRemoveRows(QModelIndex(), row, row)
            return
        if what == "removed":
            self.endRemoveRows()
            return
        if not key:
            return
        row = self.state.index(key)
        if what == "params":
            # New values change only the tooltip (the call) and the params: naming the roles
            # keeps a slider drag from repainting the list on every step.
            self.row_range_changed(row, row, [Qt.ItemDataRole.ToolTipRole, self.ParamsRole])
        else:
            self.row_range_changed(row, row)
