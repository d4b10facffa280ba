"""One base for the item models: a thin Qt list adapter over a piece of engine state.

A subclass says how many rows the state has (``row_count``) and what each role of a row is
(``role_data``); the base answers Qt's questions about invalid or out-of-range indexes, the
flags every row shares, and tells views when rows changed, so no model repeats that preamble.
The state itself stays in the engine (``engine.explorer_state``, ``engine.image_state``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex

_BASE_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class StateListModel(QAbstractListModel):
    """Rows over ``state``; subclasses implement :meth:`row_count` and :meth:`role_data`."""

    EXTRA_FLAGS = Qt.ItemFlag.NoItemFlags  # e.g. ItemIsUserCheckable for every row

    def __init__(self, state, parent=None) -> None:
        super().__init__(parent)
        self.state = state

    # -- what a subclass says ------------------------------------------------------------------
    def row_count(self) -> int:
        raise NotImplementedError

    def role_data(self, row: int, role: int) -> object:
        """The value of ``role`` for ``row`` (always a valid row), or None."""
        raise NotImplementedError

    # -- Qt's questions --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_count()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self.row_count():
            return None
        return self.role_data(index.row(), role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _BASE_FLAGS | self.EXTRA_FLAGS

    # -- telling the views -----------------------------------------------------------------------
    def rows_changed(self, roles: Sequence[int] = ()) -> None:
        """Every row's ``roles`` (all roles if empty) may have changed: views ask again."""
        n = self.row_count()
        if n:
            self.dataChanged.emit(self.index(0), self.index(n - 1), list(roles))

    def row_range_changed(self, first: int, last: int, roles: Sequence[int] = ()) -> None:
        self.dataChanged.emit(self.index(first), self.index(last), list(roles))
