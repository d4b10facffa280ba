"""Hand freed memory back to the system between bursts of work (see engine.memory).

Every job delivered (either worker) means buffers were just made and freed. Once both workers have
been idle for a moment, one release runs on the heavy worker thread (it needs no GIL and touches
no widget). A user who never pauses (a slider dragged for minutes, a robot) still gets one every
``MAX_GAP_S`` at the next moment both workers are idle, so the free memory cannot pile up.
While a race trains there is none (its tensors are reused from step to step); it comes after.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from engine.memory import can_release, release_free_memory
from gui import gc_hold
from gui.bridge import JobBridge

KEY = "memory:release"
QUIET_MS = 1000  # no result for this long: the burst of work is over
MAX_GAP_S = 10.0


def _release(_ctx) -> bool:
    return release_free_memory()


class MemoryRelease(QObject):
    """Watches the workers' results; submits a release to ``heavy`` when they are quiet."""

    def __init__(self, heavy: JobBridge, light: JobBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.heavy, self.light = heavy, light
        self.enabled = can_release()
        self.releases = 0  # how many ran (tests, bench notes)
        self._last = time.monotonic()
        self._quiet = QTimer(self, singleShot=True, interval=QUIET_MS)
        self._quiet.timeout.connect(self._try)
        for bridge in (heavy, light):
            bridge.delivered.connect(self._on_delivered)

    def _on_delivered(self, key: str) -> None:
        if key == KEY:  # its own release: counted by _released, asks for no other
            return
        if not self.enabled:
            return
        if time.monotonic() - self._last >= MAX_GAP_S:
            self._try()
        else:
            self._quiet.start()  # restarted by every result: waits for the burst to end

    def _try(self) -> None:
        # Not while work runs, nor while a race trains (the release briefly locks the
        # allocator, which the training and the window share): once it has delivered.
        if gc_hold.active() or not (self.heavy.runner.idle and self.light.runner.idle):
            self._quiet.start()
            return
        self._last = time.monotonic()
        self.heavy.submit(KEY, _release, on_done=self._released)

    def _released(self, _freed: object) -> None:
        self.releases += 1
