"""Application-wide look: readable fonts for a projector, pyqtgraph colours."""

from __future__ import annotations

import os
import sys
import time

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

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


class _FirstFrame(QObject):
    """Prints the time of the window's first paint (for ``bench/``) when asked to."""

    def __init__(self, start: float, exit_after: bool) -> None:
        super().__init__()
        self.start, self.exit_after = start, exit_after

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            print(f"first_frame_s: {time.perf_counter() - self.start:.4f}", flush=True)
            if self.exit_after:
                sys.stdout.flush()
                os._exit(0)
        return False


def report_first_frame(window: QWidget, start: float) -> None:
    mode = os.environ.get("ACTIVATION_LAB_FIRST_FRAME")
    if mode:
        window._first_frame = _FirstFrame(start, exit_after=mode == "exit")
        window.installEventFilter(window._first_frame)
