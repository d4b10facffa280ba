"""Bring job results from the worker thread to the code that asked for them, on the GUI thread.

``JobBridge.submit(key, fn, on_done=…, on_error=…, on_progress=…)`` queues ``fn`` on the engine's
runner (latest-wins per key, cooperative cancellation) and returns a :class:`JobHandle`. The
callbacks belong to that one submission: they run on the GUI thread, at most one of ``on_done`` /
``on_error`` runs, and none of them runs once the job is superseded by a newer submission of its
key, cancelled, or the bridge is shut down. Nothing is broadcast, so no panel ever sees (or has to
filter out) another panel's results.

How it gets there: the runner calls back on its worker thread, which only *emits* private signals
of this object; they are connected with queued connections to slots that run in the GUI event
loop. By then a newer job may have been submitted, so each slot re-checks that the submission is
still the current one for its key before calling back. The worker never touches a widget.

:class:`JobSet` is the bookkeeping a panel needs on top: which of its jobs are still in flight
(a panel is "settled" when none is), each entry removed just before its callback runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal, Slot

from engine.jobs import JobContext, JobResult, JobRunner
from gui.errors import message_of

__all__ = ["JobBridge", "JobHandle", "JobSet"]

log = logging.getLogger(__name__)

DoneCallback = Callable[[object], None]
ErrorCallback = Callable[[BaseException], None]
ProgressCallback = Callable[[float, float], None]  # done, total


@dataclass(eq=False)
class _Callbacks:
    generation: int
    on_done: DoneCallback | None
    on_error: ErrorCallback | None
    on_progress: ProgressCallback | None


class JobHandle:
    """One submission: its key and generation, whether it will still call back, and cancel."""

    def __init__(self, bridge: JobBridge | None, key: str, generation: int) -> None:
        self._bridge = bridge
        self.key = key
        self.generation = generation

    @property
    def active(self) -> bool:
        """True until its callback has run, or it was superseded, cancelled or refused."""
        return self._bridge is not None and self._bridge._is_active(self.key, self.generation)

    def cancel(self) -> None:
        """Stop this job (between batches) and drop its callbacks; a newer job of the same key
        is left alone."""
        if self.active:
            self._bridge.cancel(self.key)

    def __repr__(self) -> str:
        return f"JobHandle({self.key!r}, {self.generation})"


class JobBridge(QObject):
    # The key of a job whose result or error has just reached its callbacks: for watchers of
    # the workers' activity (the memory release), never a way to receive results.
    delivered = Signal(str)

    # Emitted from the worker thread only; connected here, queued, to GUI-thread slots.
    _raw_result = Signal(object)
    _raw_progress = Signal(str, int, float, float)

    def __init__(self, parent: QObject | None = None, name: str = "activation-lab-worker") -> None:
        super().__init__(parent)
        self._closed = False
        self._callbacks: dict[str, _Callbacks] = {}  # key -> the current submission's callbacks
        # Explicitly queued: the emitter is the worker thread, the slots must run in ours.
        self._raw_result.connect(self._on_raw_result, Qt.ConnectionType.QueuedConnection)
        self._raw_progress.connect(self._on_raw_progress, Qt.ConnectionType.QueuedConnection)
        self.runner: JobRunner = JobRunner(
            on_result=self._raw_result.emit, on_progress=self._raw_progress.emit, name=name
        )

    def submit(
        self,
        key: str,
        fn: Callable[[JobContext], object],
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> JobHandle:
        """Queue ``fn(ctx)`` under ``key``, superseding (and silencing) any older job of it.

        ``on_done(value)`` gets what ``fn`` returned, ``on_error(exc)`` the exception it raised
        (without ``on_error`` the error is logged), ``on_progress(done, total)`` what it
        reported through ``ctx.progress``. After shutdown (a closing window) nothing is queued
        and the handle is inactive.
        """
        if self._closed:
            return JobHandle(None, key, -1)
        generation = self.runner.submit(key, fn)
        # Replacing the entry is what silences the superseded job: its late result no longer
        # matches the key's callbacks.
        self._callbacks[key] = _Callbacks(generation, on_done, on_error, on_progress)
        return JobHandle(self, key, generation)

    def cancel(self, key: str) -> None:
        """Stop the job of ``key``, if any; none of its callbacks will run."""
        self._callbacks.pop(key, None)
        self.runner.cancel(key)

    def shutdown(self, timeout: float = 2.0) -> None:
        """Cancel all jobs and join the worker; results still queued are then dropped.

        Jobs check for cancellation between batches well under a second apart, so a closing
        window waits at most ``timeout`` seconds for the worker.
        """
        self._closed = True
        self._callbacks.clear()
        self.runner.shutdown(timeout)

    def _is_active(self, key: str, generation: int) -> bool:
        entry = self._callbacks.get(key)
        return entry is not None and entry.generation == generation

    def _current(self, key: str, generation: int) -> _Callbacks | None:
        entry = self._callbacks.get(key)
        if entry is None or entry.generation != generation:
            return None
        if not self.runner.is_current(key, generation):  # cancelled on the runner directly
            del self._callbacks[key]
            return None
        return entry

    @Slot(object)
    def _on_raw_result(self, result: JobResult) -> None:
        entry = self._current(result.key, result.generation)
        if entry is None:
            return
        # Removed before calling back, so the callback may submit the same key again.
        del self._callbacks[result.key]
        try:
            if result.status == "ok":
                if entry.on_done is not None:
                    entry.on_done(result.value)
                return
            error = result.error if result.error is not None else RuntimeError(result.key)
            if message_of(error) is None or entry.on_error is None:
                # Not a refusal the user is told about in words: keep the details for whoever
                # looks at the terminal.
                log.warning("job %s failed:\n%s", result.key, result.traceback)
            if entry.on_error is not None:
                entry.on_error(error)
        finally:
            self.delivered.emit(result.key)

    @Slot(str, int, float, float)
    def _on_raw_progress(self, key: str, generation: int, done: float, total: float) -> None:
        entry = self._current(key, generation)
        if entry is not None and entry.on_progress is not None:
            entry.on_progress(done, total)


class JobSet:
    """The jobs one panel has in flight, by key (a panel is settled when the set is empty).

    ``submit`` records the handle and removes it again just before the job's callback runs
    (so a callback may submit the key anew); ``cancel`` stops and forgets one. A job that is
    superseded through this set is replaced by its successor and never calls back.
    """

    def __init__(self, bridge: JobBridge) -> None:
        self.bridge = bridge
        self._handles: dict[str, JobHandle] = {}

    def submit(
        self,
        key: str,
        fn: Callable[[JobContext], object],
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
        bridge: JobBridge | None = None,
    ) -> JobHandle:
        """Like :meth:`JobBridge.submit` (on ``bridge``, default this set's)."""
        cell: list[JobHandle] = []

        def finishing(callback: Callable | None) -> Callable[[object], None]:
            def run(arg: object) -> None:
                if cell and self._handles.get(key) is cell[0]:
                    del self._handles[key]
                if callback is not None:
                    callback(arg)

            return run

        handle = (bridge or self.bridge).submit(
            key, fn, finishing(on_done), finishing(on_error), on_progress
        )
        cell.append(handle)
        if handle.active:
            self._handles[key] = handle
        else:  # refused: the bridge is shut down
            self._handles.pop(key, None)
        return handle

    def cancel(self, key: str) -> None:
        handle = self._handles.pop(key, None)
        if handle is not None:
            handle.cancel()

    def cancel_all(self) -> None:
        for key in list(self._handles):
            self.cancel(key)

    def __contains__(self, key: object) -> bool:
        return key in self._handles

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._handles))

    def __len__(self) -> int:
        return len(self._handles)

    def __bool__(self) -> bool:
        return bool(self._handles)
