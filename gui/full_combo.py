"""A combo box that layouts never make narrower than its longest choice."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox


class FullComboBox(QComboBox):
    """Its minimum is its size hint (the longest item in the current language and font size), so
    a crowded row cannot cut "Kaiming (He) normal" to "Kaiming (He) no…"; a panel that then
    needs more room than the window has scrolls (``gui.main_window.PanelTabs``)."""

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()
