"""A word-wrapped label that asks its layout for the height its lines need at its width.

Qt lays out a wrapped QLabel by its one-line minimum unless the whole chain of layouts above it
handles height-for-width; a splitter does not, and cut the lines it could not fit (the Softmax
lab's float32 note at classroom sizes).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QWidget


class WrapLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self.width() > 0:
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # new width, new number of lines
