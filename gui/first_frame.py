"""Run work only after the window's first frame is painted (torch must not delay it)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 3000  # a window that is never painted (minimised at start) still gets its engine


class _FirstPaint(QObject):
    def __init__(self, callbacks: list[Callable[[], None]]) -> None:
        super().__init__()
        self.callbacks = callbacks
        self.fired = False

    def fire(self) -> None:
        if self.fired:
            return
        self.fired = True
        for callback in self.callbacks:
            # Queued so the frame finishes painting before the callback runs.
            QTimer.singleShot(0, callback)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            self.fire()
        return False


def after_first_frame(window: QWidget, start: float, callback: Callable[[], None]) -> None:
    """Call ``callback`` once ``window`` has painted its first frame.

    With ``ACTIVATION_LAB_FIRST_FRAME`` set (used by ``bench/``), also print the time from
    ``start`` to that frame; with the value ``exit``, leave right after printing.
    """
    callbacks = [callback]
    mode = os.environ.get("ACTIVATION_LAB_FIRST_FRAME")
    if mode:
        elapsed = []

        def report() -> None:
            print(f"torch_loaded_at_first_frame: {'torch' in sys.modules}", flush=True)
            print(f"first_frame_s: {elapsed[0]:.4f}", flush=True)
            if mode == "exit":
                os._exit(0)

        class _Clock(QObject):
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and not elapsed:
                    elapsed.append(time.perf_counter() - start)
                    obj.removeEventFilter(self)
                return False

        clock = _Clock(window)
        window.installEventFilter(clock)
        callbacks.insert(0, report)
    watcher = _FirstPaint(callbacks)
    watcher.setParent(window)
    window.installEventFilter(watcher)
    QTimer.singleShot(FALLBACK_MS, watcher, watcher.fire)
