"""Memory the program freed goes back to the system, and the garbage-collection hold of a race
never outlives the race or its owner (issue 10, item 7: the soak's RSS growth)."""

from __future__ import annotations

import gc
import sys
import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject

from engine import memory
from gui import gc_hold, memory_release
from gui.bridge import JobBridge

linux_glibc = pytest.mark.skipif(not memory.can_release(), reason="glibc's malloc_trim only")


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@linux_glibc
def test_freed_heap_memory_is_handed_back():
    """Blocks of a few hundred kB freed on a worker thread stay in glibc's heap (RSS does not
    fall) until the release gives the pages back."""
    held: list[bytearray] = []

    def churn() -> None:
        first = bytearray(4 << 20)  # freeing an mmapped block raises glibc's mmap threshold,
        del first  # so the blocks below come from the thread's heap, as the pipeline's do
        blocks = [bytearray(b"\1" * (300 << 10)) for _ in range(600)]  # ~176 MB, touched
        held.append(blocks.pop())  # the heap's top stays in use: no automatic trim
        del blocks

    worker = threading.Thread(target=churn)
    worker.start()
    worker.join()
    before = rss_mb()
    assert memory.release_free_memory()
    assert before - rss_mb() > 100, (before, rss_mb())


def test_elsewhere_the_release_is_a_no_op(monkeypatch):
    monkeypatch.setattr(memory, "_TRIM", None)
    assert not memory.can_release() and memory.release_free_memory() is False
    monkeypatch.setattr(sys, "platform", "win32")
    assert memory._find_trim() is None


@pytest.fixture
def bridges(qapp):
    heavy, light = (
        JobBridge(name="activation-lab-worker"),
        JobBridge(name="activation-lab-worker-light"),
    )
    yield heavy, light
    for bridge in (heavy, light):
        bridge.shutdown(5.0)
        bridge.deleteLater()


def test_a_release_runs_on_the_worker_once_the_work_is_over(qtbot, bridges, monkeypatch):
    heavy, light = bridges
    monkeypatch.setattr(memory_release, "QUIET_MS", 100)
    threads: list[str] = []
    monkeypatch.setattr(memory_release, "_release", lambda _ctx: threads.append(
        threading.current_thread().name))  # fmt: skip
    watcher = memory_release.MemoryRelease(heavy, light)
    watcher.enabled = True
    gate = threading.Event()
    heavy.submit("data:load", lambda ctx: gate.wait(10))  # a long job still running
    with qtbot.waitSignal(light.delivered, timeout=5000):
        light.submit("curves", lambda ctx: 1)
    qtbot.wait(400)
    assert threads == []  # the heavy worker is busy: no release in the middle of its work
    gate.set()
    qtbot.waitUntil(lambda: watcher.releases == 1, timeout=5000)
    assert threads == ["activation-lab-worker"]  # never the GUI thread
    qtbot.wait(300)
    assert watcher.releases == 1  # its own result does not ask for another


def test_a_user_who_never_pauses_still_gets_releases(qtbot, bridges, monkeypatch):
    heavy, light = bridges
    clock = [0.0]
    monkeypatch.setattr(memory_release.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(memory_release, "QUIET_MS", 600_000)  # never quiet long enough
    monkeypatch.setattr(memory_release, "MAX_GAP_S", 1.0)
    monkeypatch.setattr(memory_release, "_release", lambda _ctx: True)
    watcher = memory_release.MemoryRelease(heavy, light)
    watcher.enabled = True
    for _ in range(40):  # a drag: a result every 0.1 s (on this clock) for 4 s
        clock[0] += 0.1
        with qtbot.waitSignal(light.delivered, timeout=5000):
            light.submit("curves", lambda ctx: 1)
        qtbot.waitUntil(lambda: heavy.runner.idle, timeout=5000)
    qtbot.waitUntil(lambda: heavy.runner.idle and watcher.releases >= 2, timeout=5000)
    # One per MAX_GAP_S at most (4 s / 1 s); a result that arrives while a worker is still
    # finishing waits for the next one.
    assert watcher.releases <= 4


def test_a_destroyed_owner_lets_the_frozen_objects_go(qapp):
    assert gc.get_freeze_count() == 0
    first, second = QObject(), QObject()
    gc_hold.hold(first, True)
    gc_hold.hold(second, True)
    frozen = gc.get_freeze_count()
    assert frozen > 1000
    shiboken6.delete(first)  # a panel deleted mid-race, without stopping
    assert gc.get_freeze_count() >= frozen  # the other race still holds
    gc_hold.hold(second, True)  # holding again changes nothing
    shiboken6.delete(second)
    assert gc.get_freeze_count() == 0
    third = QObject()
    for _ in range(3):  # many races with one owner: one watch, every hold given back
        gc_hold.hold(third, True)
        gc_hold.hold(third, False)
        assert gc.get_freeze_count() == 0
    assert len(gc_hold._watched) == 1
    shiboken6.delete(third)
    assert gc_hold._watched == set() and gc_hold._holders == set()


def test_no_release_while_a_race_trains(qtbot, bridges, monkeypatch):
    heavy, light = bridges
    monkeypatch.setattr(memory_release, "QUIET_MS", 50)
    monkeypatch.setattr(memory_release, "_release", lambda _ctx: True)
    watcher = memory_release.MemoryRelease(heavy, light)
    watcher.enabled = True
    race = QObject()
    gc_hold.hold(race, True)
    try:
        with qtbot.waitSignal(heavy.delivered, timeout=5000):
            heavy.submit("labs:network:train", lambda ctx: 1)
        qtbot.wait(300)
        assert watcher.releases == 0
    finally:
        gc_hold.hold(race, False)
    qtbot.waitUntil(lambda: watcher.releases == 1, timeout=5000)  # once the race let go
