"""The one progress dialog of the window's long jobs: it follows the job's progress, closes when
the job ends without cancelling anything, and its Cancel stops the job and silences it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from engine.datasets import DataError
from engine.messages import QT_TR_NOOP, Message
from gui import i18n
from gui.bridge import JobBridge
from gui.progress_dialog import STEPS, JobProgressDialog, run_job_with_dialog

WAIT_S = 10.0
WAIT_MS = 10_000


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def bridge(qtbot):
    b = JobBridge()
    yield b
    b.shutdown()


class Outcome:
    def __init__(self) -> None:
        self.done: list[object] = []
        self.errors: list[str] = []
        self.cancels = 0

    def cancelled(self) -> None:
        self.cancels += 1


def test_dialog_follows_progress_then_closes_with_the_result(qtbot, parent, bridge) -> None:
    out = Outcome()
    halfway, release = threading.Event(), threading.Event()

    def job(ctx) -> object:
        ctx.progress(1, 4)
        ctx.progress(2, 4)
        halfway.set()
        assert release.wait(WAIT_S)
        return "written"

    dialog, handle = run_job_with_dialog(
        parent,
        bridge,
        "export:x",
        job,
        "Writing…",
        out.done.append,
        out.errors.append,
        out.cancelled,
    )
    assert dialog.isVisible() and handle.active
    assert halfway.wait(WAIT_S)
    qtbot.waitUntil(lambda: dialog.value() == STEPS // 2, timeout=WAIT_MS)
    release.set()
    qtbot.waitUntil(lambda: bool(out.done), timeout=WAIT_MS)
    assert out.done == ["written"] and out.errors == [] and out.cancels == 0
    assert not dialog.isVisible()


def test_cancel_stops_the_job_and_nothing_else_is_called(qtbot, parent, bridge) -> None:
    out = Outcome()
    started = threading.Event()
    stopped = threading.Event()

    def job(ctx) -> object:
        started.set()
        try:
            while True:
                ctx.check()
                threading.Event().wait(0.005)
        finally:
            stopped.set()

    dialog, handle = run_job_with_dialog(
        parent,
        bridge,
        "export:x",
        job,
        "Writing…",
        out.done.append,
        out.errors.append,
        out.cancelled,
    )
    assert started.wait(WAIT_S)
    dialog.findChild(QPushButton).click()  # the Cancel button
    assert stopped.wait(WAIT_S)  # the job saw the cancellation at its next check
    assert bridge.runner.wait_idle(WAIT_S)
    qtbot.wait(50)
    assert out.cancels == 1 and out.done == [] and out.errors == []
    assert not handle.active and not dialog.isVisible()


def test_a_failed_job_closes_the_dialog_and_says_why_translated(qtbot, parent, bridge) -> None:
    out = Outcome()
    assert i18n.install("zh_CN")
    try:

        def job(ctx) -> object:
            raise DataError(Message(QT_TR_NOOP("{path}: no such folder"), path="/logs"))

        dialog, _ = run_job_with_dialog(
            parent,
            bridge,
            "export:x",
            job,
            "…",
            out.done.append,
            out.errors.append,
            out.cancelled,
        )
        qtbot.waitUntil(lambda: bool(out.errors), timeout=WAIT_MS)
        assert out.errors == ["/logs：文件夹不存在"]
        assert out.cancels == 0 and not dialog.isVisible()
    finally:
        i18n.install("en")


def test_finishing_twice_or_closing_never_cancels(qtbot, parent) -> None:
    cancels: list[int] = []
    dialog = JobProgressDialog("…", parent, lambda: cancels.append(1))
    dialog.show()
    dialog.progress(3, 4)
    assert dialog.value() == 750
    dialog.finish()  # closing a QProgressDialog emits canceled(): it must not cancel
    dialog.finish()
    dialog.progress(4, 4)  # late progress after the end must not show the dialog again
    qtbot.wait(20)
    assert cancels == [] and not dialog.isVisible()
