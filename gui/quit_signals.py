"""SIGTERM and SIGINT close the window like the close button: settings saved, workers stopped.

Python runs a signal handler only when the interpreter gets control, which Qt's event loop does
not give it while idle. So the handler writes nothing itself: ``signal.set_wakeup_fd`` makes the
interpreter write the signal number to a socket, and a ``QSocketNotifier`` on the other end of
that socket wakes the event loop, which then closes the window on the GUI thread.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

__all__ = ["SIGNALS", "close_on_signals"]

SIGNALS = tuple(
    s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGINT", None)) if s is not None
)


class _SignalWatch(QObject):
    def __init__(self, on_signal: Callable[[int], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        for sock in (self._reader, self._writer):
            sock.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {s: signal.signal(s, _note_only) for s in SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        self.destroyed.connect(self.restore)

    def _woken(self, *_args: object) -> None:
        try:
            received = self._reader.recv(64)
        except OSError:
            return
        for number in received:
            self._on_signal(number)

    def restore(self, *_args: object) -> None:
        try:
            signal.set_wakeup_fd(self._previous_fd)
            for sig, handler in self._previous.items():
                signal.signal(sig, handler)
        except (ValueError, TypeError):  # not the main thread, or the interpreter is ending
            pass


def _note_only(_signum: int, _frame: object) -> None:
    """The Python-level handler does nothing; the wake-up socket carries the signal."""


def close_on_signals(window, quit_app: Callable[[], None]) -> QObject:
    """Make SIGTERM / SIGINT close ``window`` (its closeEvent saves the session) and then call
    ``quit_app`` (which also ends any open dialog's event loop). Returns the watcher, owned by
    ``window``."""

    def on_signal(_number: int) -> None:
        window.close()
        quit_app()

    return _SignalWatch(on_signal, window)
