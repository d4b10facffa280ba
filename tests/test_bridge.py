"""Tests for gui.bridge.JobBridge: worker results and progress arrive as GUI-thread signals."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThread

from engine.jobs import JobContext, JobResult
from gui.bridge import JobBridge

WORKER = "activation-lab-worker"
WAIT_S = 10.0  # safety nets against hangs, not timing assertions
WAIT_MS = 10_000


def worker_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(WORKER)]


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    assert app is not None
    return QThread.currentThread() == app.thread()


@pytest.fixture
def bridge(qtbot) -> Iterator[JobBridge]:
    b = JobBridge()
    yield b
    b.shutdown()
    assert not b.runner.alive
    assert worker_threads() == []


def test_result_arrives_on_gui_thread(qtbot, bridge: JobBridge) -> None:
    seen: list[tuple[JobResult, bool]] = []
    bridge.result.connect(lambda r: seen.append((r, on_gui_thread())))
    job_threads: list[str] = []

    def fn(ctx: JobContext) -> object:
        job_threads.append(threading.current_thread().name)
        return 42

    with qtbot.waitSignal(bridge.result, timeout=WAIT_MS) as blocker:
        gen = bridge.submit("k", fn)
    res = blocker.args[0]
    assert (res.key, res.generation, res.status, res.value) == ("k", gen, "ok", 42)
    assert job_threads == [WORKER]  # the work ran on the worker ...
    assert seen == [(res, True)]  # ... the signal was delivered on the GUI thread


def test_error_result_is_emitted(qtbot, bridge: JobBridge) -> None:
    def boom(ctx: JobContext) -> object:
        raise ValueError("bad input")

    with qtbot.waitSignal(bridge.result, timeout=WAIT_MS) as blocker:
        bridge.submit("k", boom)
    assert blocker.args[0].status == "error"
    assert blocker.args[0].error == "ValueError: bad input"


def test_superseded_result_is_not_emitted(qtbot, bridge: JobBridge) -> None:
    results: list[JobResult] = []
    bridge.result.connect(results.append)
    raw: list[JobResult] = []
    # Direct connection: records, on the worker thread, what the runner handed over.
    bridge._raw_result.connect(raw.append, Qt.ConnectionType.DirectConnection)

    old_gen = bridge.submit("k", lambda ctx: "old")
    # The old job finishes while it is still current, so the runner delivers it; the queued
    # signal waits in the GUI event loop, which cannot run while this test holds the thread.
    assert bridge.runner.wait_idle(WAIT_S)
    assert [r.generation for r in raw] == [old_gen]
    new_gen = bridge.submit("k", lambda ctx: "new")
    with qtbot.waitSignal(bridge.result, timeout=WAIT_MS):
        pass
    # The old queued result was processed before the new one and dropped by the GUI-side check.
    assert [(r.generation, r.value) for r in results] == [(new_gen, "new")]


def test_superseded_running_job_is_not_emitted(qtbot, bridge: JobBridge) -> None:
    results: list[JobResult] = []
    bridge.result.connect(results.append)
    started, release = threading.Event(), threading.Event()

    def old(ctx: JobContext) -> object:
        started.set()
        assert release.wait(WAIT_S)
        return "old"

    bridge.submit("k", old)
    assert started.wait(WAIT_S)
    new_gen = bridge.submit("k", lambda ctx: "new")
    release.set()
    with qtbot.waitSignal(bridge.result, timeout=WAIT_MS):
        pass
    assert [(r.generation, r.value) for r in results] == [(new_gen, "new")]


def test_progress_is_emitted_on_gui_thread(qtbot, bridge: JobBridge) -> None:
    progress: list[tuple[str, int, float, float, bool]] = []
    bridge.progress.connect(lambda *args: progress.append((*args, on_gui_thread())))

    def fn(ctx: JobContext) -> object:
        for i in (1, 2):
            ctx.check()
            ctx.progress(i, 2)
        return "done"

    with qtbot.waitSignal(bridge.result, timeout=WAIT_MS):
        gen = bridge.submit("p", fn)
    # Progress was queued before the result, so it has been processed by now.
    assert progress == [("p", gen, 1.0, 2.0, True), ("p", gen, 2.0, 2.0, True)]


def test_stale_progress_is_not_emitted(qtbot, bridge: JobBridge) -> None:
    progress: list[tuple[str, int, float, float]] = []
    bridge.progress.connect(lambda *args: progress.append(args))
    bridge.submit("p", lambda ctx: ctx.progress(1, 1))
    assert bridge.runner.wait_idle(WAIT_S)  # its progress is queued but not yet processed
    new_gen = bridge.submit("p", lambda ctx: ctx.progress(3, 4))
    with qtbot.waitSignal(bridge.result, timeout=WAIT_MS):
        pass
    assert progress == [("p", new_gen, 3.0, 4.0)]


def test_shutdown_joins_worker_and_drops_queued_results(qtbot) -> None:
    b = JobBridge()
    results: list[JobResult] = []
    b.result.connect(results.append)
    b.submit("k", lambda ctx: "late")
    assert b.runner.wait_idle(WAIT_S)  # result queued in the event loop, not yet emitted
    assert b.runner.alive
    b.shutdown()
    assert not b.runner.alive
    assert worker_threads() == []
    b.shutdown()  # idempotent
    QCoreApplication.sendPostedEvents(b)  # deliver the queued raw signal now
    assert results == []


def test_submit_after_shutdown_is_ignored(qtbot) -> None:
    # A closing window's views may still ask for work; nothing runs and nothing raises.
    bridge = JobBridge()
    bridge.shutdown()
    assert bridge.submit("late", lambda ctx: 1) == -1
    assert not bridge.runner.alive
