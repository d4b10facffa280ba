"""The mouse wheel scrolls a column of controls; it changes a box or slider only once clicked.

Scrolling the image tab's controls (they scroll in classroom mode with a CIFAR-10 copy open)
turned the wheel over "Scaling" and changed it to Normalize under the teacher's hand: Qt gives
the wheel to whatever box is under the pointer. Here a box or slider without focus passes it on
to the column's scroll bar.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QWidget,
)

VALUE_WIDGETS = (QComboBox, QAbstractSpinBox, QAbstractSlider)


class WheelGuard(QObject):
    """Watches every widget inside ``area`` (also those added later, such as a new activation's
    parameter sliders)."""

    def __init__(self, area: QAbstractScrollArea, content: QWidget) -> None:
        super().__init__(area)
        self.area = area
        self._watch(content)

    def _watch(self, root: QWidget) -> None:
        for widget in [root, *root.findChildren(QWidget)]:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ChildAdded and isinstance(event.child(), QWidget):
            self._watch(event.child())
        elif (
            kind == QEvent.Type.Wheel
            and isinstance(watched, VALUE_WIDGETS)
            and not watched.hasFocus()
            and watched is not self.area.verticalScrollBar()
        ):
            QCoreApplication.sendEvent(self.area.verticalScrollBar(), event)
            return True
        return False
