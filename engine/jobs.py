"""The background job runner: one worker thread, latest-wins per key, cooperative cancellation.

Pure Python on purpose (no Qt, torch or numpy): the GUI wraps it in a thin Qt bridge, and the
command line and the tests can drive it without a display or heavy imports.

Model
-----
* Every ``submit(key, fn)`` gets a new *generation* number (monotonic per runner, across keys).
  The latest generation submitted for a key is the *current* one; ``cancel(key)`` and
  ``shutdown()`` leave a key with no current generation.
* At most one job per key is pending. Submitting a key that is already pending replaces the pending
  job (the old one never runs) and moves the key to the back of the queue, because the new request
  is the newest submission. Different keys run in FIFO order of submission.
* Submitting a key whose job is running flags that job: its next ``ctx.check()`` raises
  ``Cancelled``. Cancellation is cooperative — the job decides where it is safe to stop
  (between batches).
* Results: ``on_result`` is called (on the worker thread) with status "ok" or "error" only if the
  job is still current when it finishes. Cancelled jobs deliver nothing at all, whether they were
  superseded, cancelled by key or stopped by shutdown: the caller who cancelled already knows, and
  a superseding job delivers its own result. ``JobResult.status == "cancelled"`` therefore never
  reaches ``on_result``; the value exists so consumers can match exhaustively. A job can still go
  stale between the check and the callback, so consumers on other threads re-check
  ``is_current`` (the Qt bridge does).
* Exceptions raised by ``fn``, ``on_result`` or ``on_progress`` never kill the worker thread.
  A failed job's result carries the exception object itself (``JobResult.error``), so the GUI
  can show its translatable message and dispatch on its type.
"""

from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Cancelled", "JobContext", "JobResult", "JobRunner"]

log = logging.getLogger(__name__)

ResultCallback = Callable[["JobResult"], None]
ProgressCallback = Callable[[str, int, float, float], None]


class Cancelled(Exception):
    """Raised by :meth:`JobContext.check` when the job was superseded or cancelled."""


@dataclass(frozen=True)
class JobResult:
    key: str
    generation: int
    status: str  # "ok" | "error" | "cancelled" (the runner never delivers "cancelled")
    value: object = None  # return value of fn when ok
    # The exception fn raised, when status == "error": the GUI shows its translatable message
    # (engine errors carry an ``engine.messages.Message``). Its frames are dropped, so a failed
    # job never keeps its tensors alive; the formatted traceback is kept as text instead.
    error: BaseException | None = None
    traceback: str | None = None


class JobContext:
    """Handed to a job function: lets it stop early and report progress."""

    def __init__(self, runner: JobRunner, key: str, generation: int) -> None:
        self.key = key
        self.generation = generation
        self._runner = runner
        # An Event rather than a bool so the flag is set/read safely across threads.
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if this job should stop; call it between batches."""
        if self._cancel.is_set():
            raise Cancelled(f"{self.key}#{self.generation}")

    def progress(self, done: float, total: float) -> None:
        """Report progress; forwarded to ``on_progress`` only while the job is current."""
        self._runner._report_progress(self, float(done), float(total))


class _Job:
    __slots__ = ("ctx", "fn")

    def __init__(self, fn: Callable[[JobContext], object], ctx: JobContext) -> None:
        self.fn = fn
        self.ctx = ctx


class JobRunner:
    """Runs submitted jobs one at a time on a single daemon worker thread (started lazily)."""

    def __init__(
        self,
        on_result: ResultCallback | None = None,
        on_progress: ProgressCallback | None = None,
        name: str = "activation-lab-worker",
    ) -> None:
        self._on_result = on_result
        self._on_progress = on_progress
        self._name = name
        # One Condition guards all state below; the worker waits on it for work, wait_idle()
        # waits on it for the queue to drain. No polling anywhere.
        self._cond = threading.Condition()
        self._generations = itertools.count(1)
        self._pending: OrderedDict[str, _Job] = OrderedDict()  # insertion order == run order
        self._current: dict[str, int] = {}  # key -> latest live generation
        self._running: _Job | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False

    # -- public API ------------------------------------------------------------------------

    def submit(self, key: str, fn: Callable[[JobContext], object]) -> int:
        """Queue ``fn(ctx)`` under ``key``, superseding any older job of that key."""
        with self._cond:
            if self._stopping:
                raise RuntimeError("JobRunner has been shut down")
            generation = next(self._generations)
            self._current[key] = generation
            self._supersede_locked(key)
            self._pending[key] = _Job(fn, JobContext(self, key, generation))
            if self._thread is None:
                # Lazy start: a runner that is never used never owns a thread.
                self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
                self._thread.start()
            self._cond.notify_all()
            return generation

    def cancel(self, key: str) -> None:
        """Drop the pending job for ``key`` and flag the running one; nothing is delivered."""
        with self._cond:
            self._current.pop(key, None)
            self._supersede_locked(key)
            self._cond.notify_all()  # idle may have become true

    def is_current(self, key: str, generation: int) -> bool:
        """True iff ``generation`` is the latest submitted for ``key`` and was not cancelled."""
        with self._cond:
            return self._current.get(key) == generation

    def pending_keys(self) -> list[str]:
        """Keys waiting to run, in run order (the running job is not included)."""
        with self._cond:
            return list(self._pending)

    @property
    def idle(self) -> bool:
        """Nothing queued and nothing running (a running job counts until its result is out)."""
        with self._cond:
            return self._idle_locked()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until idle; returns False on timeout. For tests and the command line."""
        with self._cond:
            return self._cond.wait_for(self._idle_locked, timeout)

    def shutdown(self, timeout: float | None = 5.0) -> None:
        """Cancel everything, stop the worker and join it. Idempotent; fine if never started."""
        with self._cond:
            self._stopping = True
            self._current.clear()  # nothing is current any more, so nothing late is delivered
            for job in self._pending.values():
                job.ctx._cancel.set()
            self._pending.clear()
            if self._running is not None:
                self._running.ctx._cancel.set()
            self._cond.notify_all()
            thread = self._thread
        # Join outside the lock so the worker can finish; a callback calling shutdown() on the
        # worker thread itself cannot join itself, the loop simply ends after it returns.
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def alive(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    # -- internals -------------------------------------------------------------------------

    def _idle_locked(self) -> bool:
        return not self._pending and self._running is None

    def _supersede_locked(self, key: str) -> None:
        old = self._pending.pop(key, None)
        if old is not None:
            old.ctx._cancel.set()
        if self._running is not None and self._running.ctx.key == key:
            self._running.ctx._cancel.set()

    def _report_progress(self, ctx: JobContext, done: float, total: float) -> None:
        # The cancel flag is set whenever a job stops being current (newer submit, cancel,
        # shutdown), so it doubles as the currency check without taking the lock.
        if self._on_progress is None or ctx.cancelled:
            return
        try:
            self._on_progress(ctx.key, ctx.generation, done, total)
        except Exception:
            # A broken progress display must not turn a good job into an error.
            log.exception("on_progress callback failed for %s#%d", ctx.key, ctx.generation)

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._stopping)
                if self._stopping:
                    self._running = None
                    self._cond.notify_all()
                    return
                _, job = self._pending.popitem(last=False)
                self._running = job
            try:
                result = self._run(job)
                if result is not None:
                    self._deliver(result)
            finally:
                with self._cond:
                    # Cleared only after delivery so wait_idle() implies results are out.
                    self._running = None
                    self._cond.notify_all()

    def _run(self, job: _Job) -> JobResult | None:
        ctx = job.ctx
        try:
            value = job.fn(ctx)
        except Cancelled:
            return None
        except BaseException as exc:
            # Even SystemExit from a job is just a failed job: the worker must keep serving.
            status, value = "error", None
            tb: str | None = traceback.format_exc()
            error: BaseException | None = _without_frames(exc)
        else:
            status, error, tb = "ok", None, None
        # A job that ran to the end without noticing it was superseded is stale too; the flag
        # is set under the lock together with every change of the current generation.
        if ctx.cancelled:
            return None
        return JobResult(ctx.key, ctx.generation, status, value, error, tb)

    def _deliver(self, result: JobResult) -> None:
        if self._on_result is None:
            return
        try:
            # Called without the lock held, so the callback may submit or cancel jobs.
            self._on_result(result)
        except Exception:
            log.exception("on_result callback failed for %s#%d", result.key, result.generation)


def _without_frames(exc: BaseException) -> BaseException:
    """``exc`` with the tracebacks of it and its causes cleared (their frames hold the job's
    arrays); the chain is walked once, guarding against cycles."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        link.__traceback__ = None
        link = link.__cause__ or link.__context__
    return exc
