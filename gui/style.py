"""Application-wide look: readable fonts for a projector, pyqtgraph colours."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

# Fonts that exist on Windows, macOS and Linux for Latin and CJK text; Qt falls back through them.
FONT_FAMILIES = [
    "Noto Sans",
    "Segoe UI",
    "Helvetica Neue",
    "Noto Sans CJK SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "DejaVu Sans",
]
BASE_POINT_SIZE = 11


def apply(app: QApplication) -> None:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    pg.setConfigOptions(antialias=True, background="w", foreground="#222")
