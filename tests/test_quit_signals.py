"""Signals close the window on every platform that has them, and a platform (or thread) that
cannot watch for them runs on unharmed (issue 10: the signal handling was POSIX-only)."""

from __future__ import annotations

import signal
import socket

import pytest
from PySide6.QtWidgets import QWidget

from gui import quit_signals


class Window(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.closed = 0
        self.quits = 0

    def closeEvent(self, event) -> None:
        self.closed += 1
        super().closeEvent(event)

    def quit(self) -> None:
        self.quits += 1


@pytest.fixture
def window(qtbot):
    w = Window()
    qtbot.addWidget(w)
    w.show()
    return w


def handlers() -> dict[int, object]:
    return {s: signal.getsignal(s) for s in quit_signals.SIGNALS}


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_a_signal_closes_the_window_and_everything_is_given_back(qtbot, window, name):
    signum = getattr(signal, name, None)
    if signum is None:
        pytest.skip(f"no {name} here")
    before = handlers()
    watch = quit_signals.close_on_signals(window, window.quit)
    assert watch is not None
    signal.raise_signal(signum)
    qtbot.waitUntil(lambda: window.quits == 1, timeout=5000)
    assert window.closed == 1 and not window.isVisible()
    watch.deleteLater()
    qtbot.waitUntil(lambda: handlers() == before, timeout=5000)


def test_a_platform_without_sigterm_watches_what_it_has(qtbot, window, monkeypatch):
    monkeypatch.setattr(quit_signals, "SIGNALS", (signal.SIGINT,))  # as on a system lacking it
    term_before = signal.getsignal(signal.SIGTERM)
    watch = quit_signals.close_on_signals(window, window.quit)
    assert watch is not None
    assert signal.getsignal(signal.SIGTERM) is term_before  # not touched
    signal.raise_signal(signal.SIGINT)
    qtbot.waitUntil(lambda: window.quits == 1, timeout=5000)
    watch.restore()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize("broken", ["set_wakeup_fd", "socketpair", "signal"])
def test_no_watch_possible_is_no_crash_and_changes_nothing(qtbot, window, monkeypatch, broken):
    before = handlers()

    def refuse(*_args, **_kwargs):
        raise (OSError if broken == "socketpair" else ValueError)("not here")

    if broken == "socketpair":
        monkeypatch.setattr(socket, "socketpair", refuse)
    elif broken == "set_wakeup_fd":  # e.g. called from a thread that is not the main one
        monkeypatch.setattr(signal, "set_wakeup_fd", refuse)
    else:  # every signal refused: the watch exists but catches nothing
        monkeypatch.setattr(signal, "signal", refuse)
    children = len(window.children())
    watch = quit_signals.close_on_signals(window, window.quit)
    monkeypatch.undo()
    assert handlers() == before
    if broken != "signal":
        assert watch is None and len(window.children()) == children
    else:
        watch.restore()
    assert window.isVisible() and window.closed == 0


@pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="no SIGUSR1 here")
def test_another_handled_signal_does_not_close_the_window(qtbot, window):
    seen = []
    previous = signal.signal(signal.SIGUSR1, lambda *_a: seen.append(1))
    watch = quit_signals.close_on_signals(window, window.quit)
    try:
        signal.raise_signal(signal.SIGUSR1)  # also written to the wake-up socket
        qtbot.waitUntil(lambda: seen == [1], timeout=5000)
        qtbot.wait(100)
        assert window.quits == 0 and window.closed == 0
    finally:
        watch.restore()
        signal.signal(signal.SIGUSR1, previous)
