"""Reference for ``first_frame_ratio``: a bare PySide6 window holding one pyqtgraph plot.

Speaks the same protocol as ``main.py``: with ``ACTIVATION_LAB_FIRST_FRAME`` set it prints
``first_frame_s: X`` (seconds since this module started) when the window gets its first Paint
event, and with the value ``exit`` it then leaves at once with ``os._exit(0)``.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

WIDTH, HEIGHT = 1600, 1000  # the app's default size (main.py --size)


class FirstFrame(QObject):
    def __init__(self, exit_after: bool) -> None:
        super().__init__()
        self.exit_after = exit_after

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            print(f"first_frame_s: {time.perf_counter() - START:.4f}", flush=True)
            if self.exit_after:
                sys.stdout.flush()
                os._exit(0)
        return False


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
        window._first_frame = FirstFrame(exit_after=mode == "exit")
        window.installEventFilter(window._first_frame)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
