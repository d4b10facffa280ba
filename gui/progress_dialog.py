"""One progress dialog for the window's long jobs (data import, download, TensorBoard export).

The dialog is window-modal and shows when made; ``progress(done, total)`` moves it, ``finish()``
closes it, and its Cancel button calls ``on_cancel`` — each at most once, whichever comes first
(closing a ``QProgressDialog`` emits ``canceled`` too, which must not cancel a finished job).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from gui.bridge import JobBridge, JobHandle
from gui.errors import error_text
from gui.i18n import tr

STEPS = 1000


class JobProgressDialog(QProgressDialog):
    def __init__(self, text: str, parent: QWidget, on_cancel: Callable[[], None]) -> None:
        super().__init__(text, tr("Cancel"), 0, STEPS, parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.ended = False
        self._on_cancel = on_cancel
        self.canceled.connect(self._cancel)
        self.show()  # at once: every job it serves takes seconds

    def progress(self, done: float, total: float) -> None:
        if total > 0 and not self.ended:
            self.setValue(int(STEPS * min(done / total, 1.0)))

    def finish(self) -> None:
        """The job ended (done or failed): close without cancelling anything."""
        if not self.ended:
            self.ended = True
            self.close()

    def _cancel(self) -> None:
        if self.ended:
            return
        self.ended = True
        self._on_cancel()
        self.close()


def run_job_with_dialog(
    parent: QWidget,
    bridge: JobBridge,
    key: str,
    job: Callable,
    text: str,
    on_done: Callable[[object], None],
    on_error: Callable[[str], None],
    on_cancel: Callable[[], None] | None = None,
) -> tuple[JobProgressDialog, JobHandle]:
    """Run ``job`` on ``bridge`` under a progress dialog; Cancel stops it between steps.

    ``on_done(value)`` gets the result, ``on_error(text)`` the translated reason it failed,
    ``on_cancel()`` runs after a Cancel.
    """

    def cancel() -> None:
        bridge.cancel(key)
        if on_cancel is not None:
            on_cancel()

    dialog = JobProgressDialog(text, parent, cancel)

    def done(value: object) -> None:
        dialog.finish()
        on_done(value)

    def failed(exc: BaseException) -> None:
        dialog.finish()
        on_error(error_text(exc))

    handle = bridge.submit(key, job, on_done=done, on_error=failed, on_progress=dialog.progress)
    return dialog, handle
