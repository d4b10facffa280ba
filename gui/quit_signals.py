"""SIGTERM, SIGINT (and Windows' Ctrl+Break) close the window like the close button: settings
saved, workers stopped.

Python runs a signal handler only when the interpreter gets control, which Qt's event loop does
not give it while idle. So the handler writes nothing itself: ``signal.set_wakeup_fd`` makes the
interpreter write the signal number to a socket, and a ``QSocketNotifier`` on the other end of
that socket wakes the event loop, which then closes the window on the GUI thread.

Platforms differ: Windows has no SIGTERM to receive (a logout sends a window message, which Qt
turns into a close) but has SIGBREAK; a signal a platform lacks is skipped. Where the watch cannot
be set up at all (no socket pair, not the main thread) the program runs without it: closing by
a signal then behaves as Python's default, and nothing else changes.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

__all__ = ["SIGNALS", "close_on_signals"]

# Names, not numbers: each platform has its own subset (and numbers).
SIGNAL_NAMES = ("SIGTERM", "SIGINT", "SIGBREAK")
SIGNALS = tuple(s for s in (getattr(signal, name, None) for name in SIGNAL_NAMES) if s is not None)


class _SignalWatch(QObject):
    def __init__(self, on_signal: Callable[[int], None], parent: QObject) -> None:
        self._previous: dict[int, object] = {}
        self._previous_fd: int | None = None
        self._reader, self._writer = socket.socketpair()
        try:
            for sock in (self._reader, self._writer):
                sock.setblocking(False)
            self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
            for s in SIGNALS:
                try:
                    self._previous[s] = signal.signal(s, _note_only)
                except (OSError, ValueError, RuntimeError):
                    continue  # this platform will not let us catch it: leave it as it is
        except BaseException:
            self.restore()
            self._reader.close()
            self._writer.close()
            raise
        super().__init__(parent)  # only now: a watch that failed leaves nothing on the window
        self._on_signal = on_signal
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        previous_fd, previous = self._previous_fd, dict(self._previous)
        # Not a bound method: this object is already half gone when ``destroyed`` arrives.
        self.destroyed.connect(lambda *_a: _restore(previous_fd, previous))

    def _woken(self, *_args: object) -> None:
        try:
            received = self._reader.recv(64)
        except OSError:
            return
        # The wake-up socket carries every signal Python handles; only ours close the window.
        for number in dict.fromkeys(n for n in received if n in self._previous):
            self._on_signal(number)

    def restore(self, *_args: object) -> None:
        _restore(self._previous_fd, self._previous)
        self._previous_fd, self._previous = None, {}


def _restore(previous_fd: int | None, previous: dict[int, object]) -> None:
    with contextlib.suppress(ValueError, TypeError, OSError):  # not the main thread, or ending
        if previous_fd is not None:
            signal.set_wakeup_fd(previous_fd)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _note_only(_signum: int, _frame: object) -> None:
    """The Python-level handler does nothing; the wake-up socket carries the signal."""


def close_on_signals(window, quit_app: Callable[[], None]) -> QObject | None:
    """Make SIGTERM / SIGINT / SIGBREAK close ``window`` (its closeEvent saves the session) and
    then call ``quit_app`` (which also ends any open dialog's event loop). Returns the watcher,
    owned by ``window``, or None where this platform or thread cannot watch for signals."""

    def on_signal(_number: int) -> None:
        window.close()
        quit_app()

    try:
        return _SignalWatch(on_signal, window)
    except (OSError, ValueError, RuntimeError, AttributeError):
        return None  # e.g. not the main thread, or no socket pair: run on without it
