"""Bring job-runner callbacks from the worker thread to the GUI thread as Qt signals.

The runner calls back on its worker thread; the worker only *emits* private signals here. They are
connected with queued connections to slots of this object, which lives in the GUI thread, so the
slots run in the GUI event loop. By then a newer job may have been submitted, so each slot
re-checks ``runner.is_current`` before re-emitting: a stale result never reaches a widget.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from engine.jobs import JobContext, JobResult, JobRunner

__all__ = ["JobBridge"]


class JobBridge(QObject):
    result = Signal(object)  # JobResult, delivered on the GUI thread, only if still current
    progress = Signal(str, int, float, float)  # key, generation, done, total

    # Emitted from the worker thread; never connect widgets to these.
    _raw_result = Signal(object)
    _raw_progress = Signal(str, int, float, float)

    def __init__(self, parent: QObject | None = None, name: str = "activation-lab-worker") -> None:
        super().__init__(parent)
        self._closed = False
        # Explicitly queued: the emitter is the worker thread, the slots must run in ours.
        self._raw_result.connect(self._on_raw_result, Qt.ConnectionType.QueuedConnection)
        self._raw_progress.connect(self._on_raw_progress, Qt.ConnectionType.QueuedConnection)
        self.runner: JobRunner = JobRunner(
            on_result=self._raw_result.emit, on_progress=self._raw_progress.emit, name=name
        )

    def submit(self, key: str, fn: Callable[[JobContext], object]) -> int:
        """Queue a job; after shutdown (a closing window) requests are ignored and return -1."""
        if self._closed:
            return -1
        return self.runner.submit(key, fn)

    def shutdown(self, timeout: float = 2.0) -> None:
        """Cancel all jobs and join the worker; results still queued are then dropped as stale.

        Jobs check for cancellation between batches well under a second apart, so a closing
        window waits at most ``timeout`` seconds for the worker.
        """
        self._closed = True
        self.runner.shutdown(timeout)

    @Slot(object)
    def _on_raw_result(self, result: JobResult) -> None:
        if self.runner.is_current(result.key, result.generation):
            self.result.emit(result)

    @Slot(str, int, float, float)
    def _on_raw_progress(self, key: str, generation: int, done: float, total: float) -> None:
        if self.runner.is_current(key, generation):
            self.progress.emit(key, generation, done, total)
