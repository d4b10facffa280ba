"""A combo box that layouts never make narrower than its longest choice."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox


class FullComboBox(QComboBox):
    """Its minimum is its size hint (the longest item in the current language and font size), so
    a crowded row cannot cut "Kaiming (He) normal" to "Kaiming (He) no…"; a panel that then
    needs more room than the window has scrolls (``gui.main_window.PanelTabs``)."""

    def sizeHint(self) -> QSize:
        # Qt's hint can leave the text field a few pixels short of the longest item under a
        # style sheet with classroom-sized fonts ("…（课程中的做法）" lost its last character).
        hint = super().sizeHint()
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.rect = QRect(0, 0, hint.width(), hint.height())
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        metrics = self.fontMetrics()
        longest = max(
            (metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0
        )
        return QSize(hint.width() + max(0, longest + 2 - field.width()), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()
