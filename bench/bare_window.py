"""Reference for ``first_frame_ratio``: a bare PySide6 window holding one pyqtgraph plot.

Speaks the same protocol as ``main.py`` (``gui.first_frame``): with ``ACTIVATION_LAB_FIRST_FRAME``
set, the time from this module's start to the window's first Paint event is taken, and once that
frame has finished painting (a zero-delay timer queued at the Paint) it is printed as
``first_frame_s: X``; with the value ``exit`` the process then leaves at once with ``os._exit(0)``.
``bench/run.py`` times the line's arrival, so both kinds are timed to the end of their first frame.

The plot covers the whole window and is opaque, so Qt never sends the QMainWindow itself a Paint
event (the app's window gets one for its menu and status bars). The filter therefore watches the
window and every widget in it and fires on the first Paint any of them gets.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget  # noqa: E402

WIDTH, HEIGHT = 1600, 1000  # the app's default size (main.py --size)


class FirstFrame(QObject):
    def __init__(self, widgets: list[QWidget], exit_after: bool) -> None:
        super().__init__()
        self.widgets, self.exit_after = widgets, exit_after
        self.elapsed: float | None = None
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.elapsed is None:
            self.elapsed = time.perf_counter() - START
            for widget in self.widgets:
                widget.removeEventFilter(self)
            # Queued: runs once the frame this Paint belongs to is painted.
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        print(f"first_frame_s: {self.elapsed:.4f}", flush=True)
        if self.exit_after:
            sys.stdout.flush()
            os._exit(0)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = QMainWindow()
    plot = pg.PlotWidget()
    x = np.linspace(-6.0, 6.0, 101)
    plot.plot(x, np.maximum(x, 0.0))
    window.setCentralWidget(plot)
    window.resize(WIDTH, HEIGHT)
    mode = os.environ.get("ACTIVATION_LAB_FIRST_FRAME")
    if mode:
        widgets = [window, *window.findChildren(QWidget)]
        window._first_frame = FirstFrame(widgets, exit_after=mode == "exit")
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
