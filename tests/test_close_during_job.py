"""Closing the window while a whole-train-split job runs: quick, clean exit, no Qt abort."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

SCRIPT = textwrap.dedent(
    """
    import sys, threading
    import numpy as np
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from engine.datasets import ImageSet, Split
    from gui.main_window import MainWindow

    app = QApplication([])
    window = MainWindow(lang="en", data_dir=__import__("pathlib").Path(sys.argv[1]))
    window.show()
    window.start()
    rng = np.random.default_rng(0)
    train = rng.integers(0, 256, (50_000, 3, 32, 32), dtype=np.uint8)
    big = ImageSet("big", "samples",
                   {"test": Split("test", train[:100], np.zeros(100, np.int64)),
                    "train": Split("train", train, np.zeros(50_000, np.int64))},
                   ["one"], None)
    started = []

    def begin():
        if not window.is_settled:
            QTimer.singleShot(50, begin)
            return
        window.images.set_source(big)
        window.images.pre.setCurrentIndex(window.images.pre.findData("edges"))
        window.images.state.set_split("train")  # the general (conv) path over 50 000 images
        # The job's progress reaches the panel's bar: the job is running.
        window.images.progress.valueChanged.connect(on_progress)

    def on_progress(value):
        if "images:split-stats" in window.images.jobs and not started:
            started.append(value)
            window.close()
            print("window hidden at once:", not window.isVisible(), flush=True)
            app.quit()

    QTimer.singleShot(0, begin)
    app.exec()
    window.join_workers()  # as main() does after the event loop
    print("worker alive after close:", window.bridge.runner.alive, flush=True)
    print("threads:", sorted(t.name for t in threading.enumerate()), flush=True)
    """
)


def test_closing_during_a_whole_train_split_job_exits_cleanly(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "window hidden at once: True" in result.stdout
    assert "worker alive after close: False" in result.stdout
    assert "threads: ['MainThread']" in result.stdout
    for abort in ("QThread: Destroyed", "Fatal Python error", "Aborted", "Traceback"):
        assert abort not in result.stderr
