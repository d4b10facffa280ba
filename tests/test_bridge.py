"""Tests for gui.bridge: each job's result, error and progress reach only the code that asked,
on the GUI thread, and never once the job is superseded, cancelled or the bridge is shut down."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from engine.jobs import JobContext
from gui.bridge import JobBridge, JobSet

WORKER = "activation-lab-worker"
WAIT_S = 10.0  # safety nets against hangs, not timing assertions
WAIT_MS = 10_000


def worker_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(WORKER)]


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    assert app is not None
    return QThread.currentThread() == app.thread()


def deliver(bridge: JobBridge) -> None:
    """Run the queued GUI-thread slots of ``bridge`` now (the worker has finished)."""
    assert bridge.runner.wait_idle(WAIT_S)
    QCoreApplication.sendPostedEvents(bridge)


class Sink:
    """Records every callback with the thread it ran on."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object, bool]] = []

    def done(self, tag: str):
        return lambda value: self.calls.append((f"{tag}:done", value, on_gui_thread()))

    def error(self, tag: str):
        return lambda exc: self.calls.append((f"{tag}:error", exc, on_gui_thread()))

    def progress(self, tag: str):
        return lambda done, total: self.calls.append(
            (f"{tag}:progress", (done, total), on_gui_thread())
        )

    def tags(self) -> list[str]:
        return [tag for tag, _, _ in self.calls]


@pytest.fixture
def bridge(qtbot) -> Iterator[JobBridge]:
    b = JobBridge()
    yield b
    b.shutdown()
    assert not b.runner.alive
    assert worker_threads() == []


def test_result_reaches_its_own_callback_on_gui_thread(qtbot, bridge: JobBridge) -> None:
    sink = Sink()
    job_threads: list[str] = []

    def fn(ctx: JobContext) -> object:
        job_threads.append(threading.current_thread().name)
        return 42

    handle = bridge.submit("k", fn, on_done=sink.done("k"), on_error=sink.error("k"))
    assert handle.key == "k" and handle.active
    qtbot.waitUntil(lambda: bool(sink.calls), timeout=WAIT_MS)
    assert sink.calls == [("k:done", 42, True)]  # delivered on the GUI thread …
    assert job_threads == [WORKER]  # … computed on the worker
    assert not handle.active  # called back once, then done


def test_a_result_reaches_only_the_caller_that_asked(qtbot, bridge: JobBridge) -> None:
    # Two "panels" with jobs of their own: neither sees the other's results.
    first, second = Sink(), Sink()
    bridge.submit("images:detail", lambda ctx: "picture", on_done=first.done("a"))
    bridge.submit("labs:xor", lambda ctx: "frame", on_done=second.done("b"))
    deliver(bridge)
    assert [(t, v) for t, v, _ in first.calls] == [("a:done", "picture")]
    assert [(t, v) for t, v, _ in second.calls] == [("b:done", "frame")]


def test_error_reaches_on_error_with_the_exception_object(qtbot, bridge: JobBridge) -> None:
    sink = Sink()
    raised: list[BaseException] = []

    def boom(ctx: JobContext) -> object:
        exc = ValueError("bad input")
        raised.append(exc)
        raise exc

    bridge.submit("k", boom, on_done=sink.done("k"), on_error=sink.error("k"))
    deliver(bridge)
    [(tag, exc, gui)] = sink.calls
    assert tag == "k:error" and gui
    assert exc is raised[0]  # the object itself, not "ValueError: bad input"


def test_superseded_finished_job_never_calls_back(qtbot, bridge: JobBridge) -> None:
    sink = Sink()
    bridge.submit("k", lambda ctx: "old", on_done=sink.done("old"), on_error=sink.error("old"))
    # The old job finishes while it is current, so the runner hands its result over; the
    # queued delivery waits in the event loop, which cannot run while the test holds it.
    assert bridge.runner.wait_idle(WAIT_S)
    bridge.submit("k", lambda ctx: "new", on_done=sink.done("new"))
    deliver(bridge)
    assert sink.tags() == ["new:done"]


def test_superseded_running_job_never_calls_back(qtbot, bridge: JobBridge) -> None:
    sink = Sink()
    started, release = threading.Event(), threading.Event()

    def old(ctx: JobContext) -> object:
        started.set()
        assert release.wait(WAIT_S)
        ctx.progress(1, 2)
        raise RuntimeError("the old job fails late")

    bridge.submit(
        "k",
        old,
        on_done=sink.done("old"),
        on_error=sink.error("old"),
        on_progress=sink.progress("old"),
    )
    assert started.wait(WAIT_S)
    bridge.submit("k", lambda ctx: "new", on_done=sink.done("new"))
    release.set()
    deliver(bridge)
    assert sink.tags() == ["new:done"]


def test_cancelled_job_never_calls_back(qtbot, bridge: JobBridge) -> None:
    sink = Sink()
    started, release = threading.Event(), threading.Event()

    def slow(ctx: JobContext) -> object:
        started.set()
        assert release.wait(WAIT_S)
        return "finished anyway"  # never checked: only the bridge can keep it quiet

    handle = bridge.submit("k", slow, on_done=sink.done("k"), on_error=sink.error("k"))
    assert started.wait(WAIT_S)
    handle.cancel()
    assert not handle.active
    release.set()
    deliver(bridge)
    assert sink.calls == []


def test_cancelling_an_old_handle_leaves_the_newer_job_alone(qtbot, bridge: JobBridge) -> None:
    sink = Sink()
    old = bridge.submit("k", lambda ctx: "old", on_done=sink.done("old"))
    bridge.submit("k", lambda ctx: "new", on_done=sink.done("new"))
    old.cancel()
    deliver(bridge)
    assert sink.tags() == ["new:done"]


def test_progress_reaches_on_progress_on_gui_thread(qtbot, bridge: JobBridge) -> None:
    sink = Sink()

    def fn(ctx: JobContext) -> object:
        for i in (1, 2):
            ctx.check()
            ctx.progress(i, 2)
        return "done"

    bridge.submit("p", fn, on_done=sink.done("p"), on_progress=sink.progress("p"))
    deliver(bridge)
    assert sink.calls == [
        ("p:progress", (1.0, 2.0), True),
        ("p:progress", (2.0, 2.0), True),
        ("p:done", "done", True),
    ]


def test_stale_progress_is_not_delivered(qtbot, bridge: JobBridge) -> None:
    sink = Sink()
    bridge.submit("p", lambda ctx: ctx.progress(1, 1), on_progress=sink.progress("old"))
    assert bridge.runner.wait_idle(WAIT_S)  # its progress is queued but not yet delivered
    bridge.submit("p", lambda ctx: ctx.progress(3, 4), on_progress=sink.progress("new"))
    deliver(bridge)
    assert [(t, v) for t, v, _ in sink.calls] == [("new:progress", (3.0, 4.0))]


def test_a_callback_may_submit_its_key_again(qtbot, bridge: JobBridge) -> None:
    # A training loop: each slice's result asks for the next one.
    values: list[int] = []

    def step(n: int):
        def done(value: object) -> None:
            values.append(value)
            if n < 3:
                bridge.submit("train", lambda ctx: n + 1, on_done=step(n + 1))

        return done

    bridge.submit("train", lambda ctx: 1, on_done=step(1))
    qtbot.waitUntil(lambda: len(values) == 3, timeout=WAIT_MS)
    assert values == [1, 2, 3]


def test_shutdown_joins_worker_and_drops_queued_results(qtbot) -> None:
    b = JobBridge()
    sink = Sink()
    b.submit("k", lambda ctx: "late", on_done=sink.done("k"))
    assert b.runner.wait_idle(WAIT_S)  # result queued in the event loop, not yet delivered
    assert b.runner.alive
    b.shutdown()
    assert not b.runner.alive
    assert worker_threads() == []
    b.shutdown()  # idempotent
    QCoreApplication.sendPostedEvents(b)  # deliver the queued raw signal now
    assert sink.calls == []


def test_submit_after_shutdown_is_ignored(qtbot) -> None:
    # A closing window's views may still ask for work; nothing runs and nothing raises.
    bridge = JobBridge()
    bridge.shutdown()
    handle = bridge.submit("late", lambda ctx: 1)
    assert handle.generation == -1 and not handle.active
    handle.cancel()  # harmless
    assert not bridge.runner.alive


# -- JobSet: a panel's jobs in flight ---------------------------------------------------------


def test_job_set_tracks_jobs_until_their_callback(qtbot, bridge: JobBridge) -> None:
    jobs = JobSet(bridge)
    seen_inside: list[bool] = []
    jobs.submit("a", lambda ctx: 1, on_done=lambda v: seen_inside.append("a" in jobs))
    jobs.submit("b", lambda ctx: 1 / 0, on_error=lambda e: seen_inside.append("b" in jobs))
    assert "a" in jobs and "b" in jobs and len(jobs) == 2
    deliver(bridge)
    assert not jobs  # settled
    assert seen_inside == [False, False]  # removed before the callback, which may resubmit


def test_job_set_cancel_forgets_and_silences(qtbot, bridge: JobBridge) -> None:
    jobs = JobSet(bridge)
    sink = Sink()
    jobs.submit("a", lambda ctx: "a", on_done=sink.done("a"))
    jobs.submit("b", lambda ctx: "b", on_done=sink.done("b"))
    jobs.cancel("a")
    assert "a" not in jobs and "b" in jobs
    deliver(bridge)
    assert sink.tags() == ["b:done"]
    jobs.submit("c", lambda ctx: "c", on_done=sink.done("c"))
    jobs.cancel_all()
    deliver(bridge)
    assert sink.tags() == ["b:done"] and not jobs


def test_job_set_on_another_bridge(qtbot, bridge: JobBridge) -> None:
    # The image browser runs quick jobs on a second, light worker.
    light = JobBridge(name="activation-lab-worker-light")
    try:
        jobs = JobSet(bridge)
        sink = Sink()
        jobs.submit(
            "thumbs", lambda ctx: threading.current_thread().name, sink.done("t"), bridge=light
        )
        deliver(light)
        assert [(t, v) for t, v, _ in sink.calls] == [("t:done", "activation-lab-worker-light")]
        assert not jobs
    finally:
        light.shutdown()


def test_delivered_names_each_finished_job_after_its_callback(qtbot, bridge: JobBridge) -> None:
    # For watchers of the workers' activity (the memory release): keys only, no results.
    order: list[str] = []
    bridge.delivered.connect(lambda key: order.append(f"delivered {key}"))
    bridge.submit("a", lambda ctx: 1, on_done=lambda v: order.append("done a"))
    bridge.submit("b", lambda ctx: 1 / 0, on_error=lambda e: order.append("error b"))
    bridge.submit("c", lambda ctx: "old")
    assert bridge.runner.wait_idle(WAIT_S)
    bridge.submit("c", lambda ctx: "new")  # the old "c" is superseded: not delivered
    deliver(bridge)
    assert order == ["done a", "delivered a", "error b", "delivered b", "delivered c"]
