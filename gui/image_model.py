"""Qt models over the image browser state: one list per grid ("before" / "after"), a class filter.

Thumbnails are served lazily through ``DecorationRole``: a row that has no thumbnail for the
current settings yet is reported through ``wanted`` and drawn as a placeholder until the worker
delivers it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import (
    QRegularExpression,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from engine.byte_cache import ByteCache
from engine.image_state import ImageBrowserState
from engine.safe_files import MB
from gui.i18n import tr
from gui.item_model import StateListModel
from gui.style import colour as style_colour

THUMB_SIZE = 64
# Framed 66×66 pixmaps of the rows looked at: ~1 900 per grid, far more than fit on a screen.
PIXMAP_CACHE_BYTES = 32 * MB


def rgb_pixmap(hwc: np.ndarray, size: int | None = None) -> QPixmap:
    """A QPixmap of a uint8 H×W×3 array, scaled with nearest neighbour (pixels stay crisp)."""
    hwc = np.ascontiguousarray(hwc, dtype=np.uint8)
    h, w, _ = hwc.shape
    image = QImage(hwc.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    pixmap = QPixmap.fromImage(image)
    if size:
        pixmap = pixmap.scaled(
            size,
            size,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
    return pixmap


def framed(pixmap: QPixmap) -> QPixmap:
    """The picture inside a 1 px frame in the theme's axis grey: a white picture (the diverging
    display at 0, a saturated Sigmoid) would otherwise melt into a white grid. The frame lies
    around the picture, so no pixel of the image is covered."""
    out = QPixmap(pixmap.width() + 2, pixmap.height() + 2)
    out.fill(QColor(style_colour("axis")))
    painter = QPainter(out)
    painter.drawPixmap(1, 1, pixmap)
    painter.end()
    return out


class ImageListModel(StateListModel):
    """Rows are the images of the current split; ``which`` picks the before or after grid."""

    LabelRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2
    ImageRole = Qt.ItemDataRole.UserRole + 3  # the uint8 H×W×3 thumbnail array, or None

    wanted = Signal(list)  # rows whose thumbnails are missing for the current settings

    state: ImageBrowserState

    def __init__(self, state: ImageBrowserState, which: str, parent=None) -> None:
        super().__init__(state, parent)
        assert which in ("before", "after")
        self.which = which
        self._pixmaps: ByteCache[int, QPixmap] = ByteCache(PIXMAP_CACHE_BYTES)
        self._pixmap_version = -1
        self._missing: set[int] = set()
        self._placeholder = QPixmap(THUMB_SIZE + 2, THUMB_SIZE + 2)
        self._placeholder.fill(QColor(style_colour("placeholder")))
        # Rows asked for while painting are gathered and requested once per event-loop turn.
        self._flush = QTimer(self, singleShot=True, interval=0)
        self._flush.timeout.connect(self._emit_wanted)

    def row_count(self) -> int:
        return len(self.state)

    def restyle(self) -> None:
        """The placeholder follows the theme; thumbnails still missing show the new one."""
        self._placeholder.fill(QColor(style_colour("placeholder")))
        self.rows_changed([Qt.ItemDataRole.DecorationRole])

    def role_data(self, row: int, role: int) -> object:
        if role == Qt.ItemDataRole.DecorationRole:
            return self._pixmap(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            label = int(self.state.labels[row])
            names = self.state.class_names()
            name = names[label] if 0 <= label < len(names) else str(label)
            return f"#{row} — {tr(name)}"
        if role == self.LabelRole:
            return int(self.state.labels[row])
        if role == self.RowRole:
            return row
        if role == self.ImageRole:
            thumbs = self.state.thumbs.get(row)
            return None if thumbs is None else thumbs[0 if self.which == "before" else 1]
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(THUMB_SIZE + 6, THUMB_SIZE + 6)
        return None

    def _pixmap(self, row: int) -> QPixmap:
        if self._pixmap_version != self.state.version:
            self._pixmaps.clear()
            self._pixmap_version = self.state.version
        pixmap = self._pixmaps.get(row)
        if pixmap is not None:
            return pixmap
        thumbs = self.state.thumbs.get(row)
        if thumbs is None:
            self._missing.add(row)
            self._flush.start()
            return self._placeholder
        pixmap = framed(rgb_pixmap(thumbs[0 if self.which == "before" else 1], THUMB_SIZE))
        self._pixmaps.put(row, pixmap, pixmap.width() * pixmap.height() * pixmap.depth() // 8)
        return pixmap

    def _emit_wanted(self) -> None:
        rows = sorted(r for r in self._missing if r not in self.state.thumbs)
        self._missing.clear()
        if rows:
            self.wanted.emit(rows)

    def thumbs_arrived(self, rows: list[int]) -> None:
        if rows:
            self.row_range_changed(min(rows), max(rows), [Qt.ItemDataRole.DecorationRole])

    def reset(self) -> None:
        """The split or the data source changed: new rows."""
        self.beginResetModel()
        self._pixmaps.clear()
        self._missing.clear()
        self.endResetModel()

    def refresh(self) -> None:
        """Same rows, stale thumbnails: ask the view to fetch them again."""
        self._pixmaps.clear()
        self.rows_changed([Qt.ItemDataRole.DecorationRole])


class ClassFilterProxy(QSortFilterProxyModel):
    """Shows only the images of one class (or all, with class -1).

    Qt's own filter on the label role, not a Python ``filterAcceptsRow``: with no class chosen
    Qt accepts every row without calling Python, so switching to a 50 000-image split does not
    stall the window.
    """

    def __init__(self, state: ImageBrowserState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self._label = -1
        self.setFilterRole(ImageListModel.LabelRole)
        # The filter depends on labels only, never on thumbnails: re-filtering on every
        # thumbnail refresh stalled the GUI, so filtering happens only when the class changes.
        self.setDynamicSortFilter(False)

    def set_class(self, label: int) -> None:
        if label == self._label:
            return
        self._label = label
        pattern = "" if label < 0 else f"^{label}$"
        self.setFilterRegularExpression(QRegularExpression(pattern))
