"""Tests for engine.jobs: the single-thread, latest-wins background job runner.

Sequencing is done with threading.Event (a job blocks until the test lets it go), never with
sleeps, and no test asserts wall-clock time. Every event wait has a generous timeout only so a
broken runner fails the test instead of hanging it.
"""

from __future__ import annotations

import itertools
import logging
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

from engine.jobs import Cancelled, JobContext, JobResult, JobRunner

WORKER = "activation-lab-worker"
WAIT = 10.0  # safety net against hangs, not a timing assertion


def worker_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(WORKER)]


class Recorder:
    """Thread-safe sink for on_result / on_progress callbacks."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.results: list[JobResult] = []
        self.progress: list[tuple[str, int, float, float]] = []
        self.result_threads: list[str] = []

    def on_result(self, result: JobResult) -> None:
        with self.lock:
            self.results.append(result)
            self.result_threads.append(threading.current_thread().name)

    def on_progress(self, key: str, generation: int, done: float, total: float) -> None:
        with self.lock:
            self.progress.append((key, generation, done, total))

    def for_key(self, key: str) -> list[JobResult]:
        with self.lock:
            return [r for r in self.results if r.key == key]


class Gate:
    """A job body that announces it started, then blocks until released."""

    def __init__(self, value: object = "gate") -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.value = value

    def __call__(self, ctx: JobContext) -> object:
        self.started.set()
        assert self.release.wait(WAIT)
        return self.value

    def wait_started(self) -> None:
        assert self.started.wait(WAIT), "job never started"


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


@pytest.fixture
def runner(rec: Recorder) -> Iterator[JobRunner]:
    r = JobRunner(on_result=rec.on_result, on_progress=rec.on_progress)
    yield r
    r.shutdown()
    assert not r.alive
    assert worker_threads() == []


def test_module_imports_no_qt_torch_or_numpy() -> None:
    # Fresh interpreter: this pytest process has PySide6 loaded by pytest-qt already.
    code = (
        "import sys, engine.jobs\n"
        "bad = [m for m in ('torch', 'numpy', 'PySide6', 'PyQt5', 'PyQt6') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_ok_result_delivered_on_worker_thread(runner: JobRunner, rec: Recorder) -> None:
    gen = runner.submit("k", lambda ctx: ("value", ctx.key, ctx.generation))
    assert runner.wait_idle(WAIT)
    assert rec.results == [JobResult("k", gen, "ok", ("value", "k", gen))]
    assert rec.result_threads == [WORKER]
    assert runner.idle
    assert runner.alive


def test_worker_thread_is_single_daemon_started_lazily(rec: Recorder) -> None:
    r = JobRunner(on_result=rec.on_result)
    try:
        assert not r.alive
        assert worker_threads() == []
        seen: list[threading.Thread] = []
        for i in range(3):
            r.submit(f"k{i}", lambda ctx: seen.append(threading.current_thread()))
        assert r.wait_idle(WAIT)
        assert len(seen) == 3
        assert len({id(t) for t in seen}) == 1  # all jobs on the same thread
        assert seen[0].daemon
        assert seen[0] is not threading.current_thread()
        assert worker_threads() == [seen[0]]
    finally:
        r.shutdown()
    assert worker_threads() == []


def test_generations_increase_across_keys_and_is_current(runner: JobRunner) -> None:
    gate = Gate()
    g0 = runner.submit("block", gate)
    g1 = runner.submit("a", lambda ctx: 1)
    g2 = runner.submit("b", lambda ctx: 2)
    g3 = runner.submit("a", lambda ctx: 3)
    assert g0 < g1 < g2 < g3
    assert runner.is_current("a", g3)
    assert not runner.is_current("a", g1)  # superseded
    assert runner.is_current("b", g2)
    assert not runner.is_current("b", g3)  # generation of another key
    assert not runner.is_current("nope", g1)
    runner.cancel("b")
    assert not runner.is_current("b", g2)  # cancelled is not current
    gate.release.set()
    assert runner.wait_idle(WAIT)
    # Finishing does not change currency: consumers re-check after delivery.
    assert runner.is_current("a", g3)
    g4 = runner.submit("c", lambda ctx: 4)
    assert g4 > g3


def test_pending_job_is_replaced_latest_wins(runner: JobRunner, rec: Recorder) -> None:
    gate = Gate()
    runner.submit("block", gate)
    gate.wait_started()
    ran: list[str] = []
    old_gen = runner.submit("k", lambda ctx: ran.append("old") or "old")
    new_gen = runner.submit("k", lambda ctx: ran.append("new") or "new")
    assert runner.pending_keys() == ["k"]  # one pending job per key; running one not listed
    gate.release.set()
    assert runner.wait_idle(WAIT)
    assert ran == ["new"]  # the replaced job never ran
    assert [(r.generation, r.value) for r in rec.for_key("k")] == [(new_gen, "new")]
    assert old_gen < new_gen


def test_fifo_across_keys_and_resubmit_moves_to_back(runner: JobRunner) -> None:
    gate = Gate()
    runner.submit("block", gate)
    gate.wait_started()
    order: list[str] = []
    for key in ["a", "b", "c", "a", "d"]:
        runner.submit(key, lambda ctx, key=key: order.append(key))
    # "a" was resubmitted after "c": the newest request for it queues behind "c".
    assert runner.pending_keys() == ["b", "c", "a", "d"]
    gate.release.set()
    assert runner.wait_idle(WAIT)
    assert order == ["b", "c", "a", "d"]


def batched_job(
    batches: list[int], started: threading.Event, proceed: threading.Event, n: int = 5
) -> object:
    """A job of ``n`` batches; it pauses after the first one so the test can act."""

    def fn(ctx: JobContext) -> object:
        for i in range(n):
            ctx.check()
            batches.append(i)
            if i == 0:
                started.set()
                assert proceed.wait(WAIT)
        return len(batches)

    return fn


def test_running_job_is_cancelled_between_batches_by_newer_submit(
    runner: JobRunner, rec: Recorder
) -> None:
    batches: list[int] = []
    started, proceed = threading.Event(), threading.Event()
    contexts: list[JobContext] = []
    job = batched_job(batches, started, proceed)

    def old(ctx: JobContext) -> object:
        contexts.append(ctx)
        return job(ctx)

    runner.submit("k", old)
    assert started.wait(WAIT)
    assert not contexts[0].cancelled
    new_gen = runner.submit("k", lambda ctx: "new")
    assert contexts[0].cancelled  # flagged at once; the job notices at its next check()
    proceed.set()
    assert runner.wait_idle(WAIT)
    assert batches == [0]  # stopped before batch 1
    assert [(r.generation, r.status, r.value) for r in rec.results] == [(new_gen, "ok", "new")]


def test_cancel_by_key_stops_running_job_and_delivers_nothing(
    runner: JobRunner, rec: Recorder
) -> None:
    batches: list[int] = []
    started, proceed = threading.Event(), threading.Event()
    gen = runner.submit("k", batched_job(batches, started, proceed))
    assert started.wait(WAIT)
    runner.cancel("k")
    assert not runner.is_current("k", gen)
    proceed.set()
    assert runner.wait_idle(WAIT)
    assert batches == [0]
    assert rec.results == []  # cancelled jobs deliver no result, not even status "cancelled"
    # The thread survives a cancellation.
    g2 = runner.submit("k", lambda ctx: "again")
    assert runner.wait_idle(WAIT)
    assert [(r.generation, r.value) for r in rec.results] == [(g2, "again")]


def test_cancel_drops_pending_job(runner: JobRunner, rec: Recorder) -> None:
    gate = Gate()
    runner.submit("block", gate)
    gate.wait_started()
    ran: list[str] = []
    runner.submit("k", lambda ctx: ran.append("k"))
    runner.submit("other", lambda ctx: ran.append("other"))
    runner.cancel("k")
    runner.cancel("never-submitted")  # harmless
    assert runner.pending_keys() == ["other"]
    gate.release.set()
    assert runner.wait_idle(WAIT)
    assert ran == ["other"]
    assert [r.key for r in rec.results] == ["block", "other"]


def test_check_raises_cancelled_only_when_cancelled(runner: JobRunner, rec: Recorder) -> None:
    def fn(ctx: JobContext) -> object:
        ctx.check()  # not cancelled: must not raise
        runner.cancel(ctx.key)
        with pytest.raises(Cancelled):
            ctx.check()
        return "unreachable result"

    runner.submit("k", fn)
    assert runner.wait_idle(WAIT)
    assert rec.results == []  # not current at completion -> not delivered


def test_stale_result_is_never_delivered(runner: JobRunner, rec: Recorder) -> None:
    # The old job never calls check(): it runs to the end, but its result is stale.
    gate = Gate("old")
    old_gen = runner.submit("k", gate)
    gate.wait_started()
    new_gen = runner.submit("k", lambda ctx: "new")
    gate.release.set()
    assert runner.wait_idle(WAIT)
    assert [(r.generation, r.value) for r in rec.results] == [(new_gen, "new")]
    assert all(r.generation != old_gen for r in rec.results)


def test_stale_error_is_never_delivered(runner: JobRunner, rec: Recorder) -> None:
    started, release = threading.Event(), threading.Event()

    def failing(ctx: JobContext) -> object:
        started.set()
        assert release.wait(WAIT)
        raise RuntimeError("late failure")

    runner.submit("k", failing)
    assert started.wait(WAIT)
    runner.submit("k", lambda ctx: "new")
    release.set()
    assert runner.wait_idle(WAIT)
    assert [(r.status, r.value) for r in rec.results] == [("ok", "new")]


def test_progress_forwarded_for_current_job(runner: JobRunner, rec: Recorder) -> None:
    def fn(ctx: JobContext) -> object:
        for i in range(1, 4):
            ctx.check()
            ctx.progress(i, 3)
        return "done"

    gen = runner.submit("p", fn)
    assert runner.wait_idle(WAIT)
    assert rec.progress == [("p", gen, 1.0, 3.0), ("p", gen, 2.0, 3.0), ("p", gen, 3.0, 3.0)]
    assert all(type(v) is float for _, _, *vals in rec.progress for v in vals)


def test_progress_not_forwarded_for_stale_job(runner: JobRunner, rec: Recorder) -> None:
    started, proceed = threading.Event(), threading.Event()

    def old(ctx: JobContext) -> object:
        ctx.progress(1, 2)
        started.set()
        assert proceed.wait(WAIT)
        ctx.progress(2, 2)  # superseded by now: must be swallowed
        return "old"

    old_gen = runner.submit("p", old)
    assert started.wait(WAIT)
    new_gen = runner.submit("p", lambda ctx: ctx.progress(5, 5))
    proceed.set()
    assert runner.wait_idle(WAIT)
    assert rec.progress == [("p", old_gen, 1.0, 2.0), ("p", new_gen, 5.0, 5.0)]


def test_progress_callback_error_does_not_fail_job(caplog: pytest.LogCaptureFixture) -> None:
    rec = Recorder()

    def bad_progress(key: str, generation: int, done: float, total: float) -> None:
        raise ValueError("display broke")

    r = JobRunner(on_result=rec.on_result, on_progress=bad_progress)
    try:
        with caplog.at_level(logging.ERROR, logger="engine.jobs"):
            r.submit("k", lambda ctx: ctx.progress(1, 1) or "fine")
            assert r.wait_idle(WAIT)
        assert [(x.status, x.value) for x in rec.results] == [("ok", "fine")]
        assert "on_progress callback failed" in caplog.text
    finally:
        r.shutdown()
    assert not r.alive


def test_error_delivered_as_result_and_thread_survives(runner: JobRunner, rec: Recorder) -> None:
    raised: list[BaseException] = []

    def boom(ctx: JobContext) -> object:
        exc = ValueError("boom")
        raised.append(exc)
        raise exc

    gen = runner.submit("k", boom)
    assert runner.wait_idle(WAIT)
    [res] = rec.results
    assert (res.key, res.generation, res.status, res.value) == ("k", gen, "error", None)
    # The exception object itself, not a "Type: message" text; its frames are let go.
    assert res.error is raised[0]
    assert res.error.args == ("boom",)
    assert res.error.__traceback__ is None
    assert res.traceback is not None
    assert "Traceback" in res.traceback
    assert "ValueError: boom" in res.traceback
    assert "in boom" in res.traceback
    assert runner.alive
    g2 = runner.submit("k", lambda ctx: "after")
    assert runner.wait_idle(WAIT)
    assert [(r.generation, r.status, r.value) for r in rec.results[1:]] == [(g2, "ok", "after")]


def test_system_exit_in_job_does_not_kill_thread(runner: JobRunner, rec: Recorder) -> None:
    def leave(ctx: JobContext) -> object:
        raise SystemExit(3)

    runner.submit("k", leave)
    runner.submit("j", lambda ctx: "still here")
    assert runner.wait_idle(WAIT)
    assert [r.status for r in rec.results] == ["error", "ok"]
    assert isinstance(rec.results[0].error, SystemExit) and rec.results[0].error.code == 3
    assert rec.results[1].error is None
    assert runner.alive


def test_on_result_raising_does_not_kill_thread(caplog: pytest.LogCaptureFixture) -> None:
    delivered: list[object] = []

    def on_result(result: JobResult) -> None:
        delivered.append(result.value)
        if result.value == "first":
            raise RuntimeError("consumer broke")

    r = JobRunner(on_result=on_result)
    try:
        with caplog.at_level(logging.ERROR, logger="engine.jobs"):
            r.submit("a", lambda ctx: "first")
            assert r.wait_idle(WAIT)  # would hang if the running slot were never cleared
            assert r.alive
            r.submit("b", lambda ctx: "second")
            assert r.wait_idle(WAIT)
        assert delivered == ["first", "second"]
        assert "on_result callback failed" in caplog.text
        assert "consumer broke" in caplog.text
    finally:
        r.shutdown()
    assert not r.alive
    assert worker_threads() == []


def test_on_result_may_submit_follow_up_job(rec: Recorder) -> None:
    # Callbacks run without the runner's lock held, so re-entrant use must not deadlock.
    def on_result(result: JobResult) -> None:
        rec.on_result(result)
        if result.key == "first":
            r.submit("second", lambda ctx: "chained")

    r = JobRunner(on_result=on_result)
    try:
        r.submit("first", lambda ctx: "one")
        assert r.wait_idle(WAIT)
        assert [x.value for x in rec.results] == ["one", "chained"]
    finally:
        r.shutdown()


def test_wait_idle_times_out_while_busy_then_succeeds(runner: JobRunner) -> None:
    gate = Gate()
    runner.submit("k", gate)
    gate.wait_started()
    assert not runner.idle
    assert runner.wait_idle(timeout=0.01) is False
    gate.release.set()
    assert runner.wait_idle(WAIT) is True
    assert runner.idle
    assert runner.pending_keys() == []


def test_shutdown_cancels_running_and_pending_jobs(rec: Recorder) -> None:
    r = JobRunner(on_result=rec.on_result, on_progress=rec.on_progress)
    started = threading.Event()
    ran: list[str] = []

    def endless(ctx: JobContext) -> object:
        # Batches forever; only cooperative cancellation can stop it.
        for i in itertools.count():
            ctx.check()
            if i == 0:
                started.set()
        return "unreachable"

    r.submit("endless", endless)
    r.submit("pending", lambda ctx: ran.append("pending"))
    assert started.wait(WAIT)
    r.shutdown(timeout=WAIT)
    assert not r.alive
    assert worker_threads() == []
    assert ran == []
    assert rec.results == []
    assert r.pending_keys() == []
    assert r.idle


def test_shutdown_joins_thread_and_is_idempotent(rec: Recorder) -> None:
    r = JobRunner(on_result=rec.on_result)
    r.submit("k", lambda ctx: 1)
    assert r.wait_idle(WAIT)
    assert r.alive
    assert len(worker_threads()) == 1
    r.shutdown()
    assert not r.alive
    assert worker_threads() == []
    r.shutdown()  # second call is a no-op
    r.shutdown(timeout=None)
    assert not r.alive
    with pytest.raises(RuntimeError):
        r.submit("k", lambda ctx: 2)
    assert worker_threads() == []


def test_shutdown_safe_when_never_started() -> None:
    r = JobRunner()
    assert not r.alive
    assert r.idle
    r.shutdown()
    r.shutdown()
    assert not r.alive
    assert worker_threads() == []


def test_shutdown_from_inside_on_result_does_not_deadlock(rec: Recorder) -> None:
    def on_result(result: JobResult) -> None:
        rec.on_result(result)
        r.shutdown()  # on the worker thread: cannot join itself, must simply stop after

    r = JobRunner(on_result=on_result)
    gate = Gate("x")
    r.submit("k", gate)
    gate.wait_started()
    [thread] = worker_threads()
    gate.release.set()
    thread.join(WAIT)
    assert not thread.is_alive()
    assert not r.alive
    r.shutdown()
    assert [x.value for x in rec.results] == ["x"]


def test_error_keeps_its_cause_without_frames(runner: JobRunner, rec: Recorder) -> None:
    def chained(ctx: JobContext) -> object:
        try:
            raise KeyError("inner")
        except KeyError as inner:
            raise ValueError("outer") from inner

    runner.submit("k", chained)
    assert runner.wait_idle(WAIT)
    [res] = rec.results
    assert isinstance(res.error, ValueError) and isinstance(res.error.__cause__, KeyError)
    assert res.error.__traceback__ is None and res.error.__cause__.__traceback__ is None
    assert "KeyError" in res.traceback and "ValueError: outer" in res.traceback
