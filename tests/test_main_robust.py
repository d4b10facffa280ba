"""The command line never hangs or floods memory (issue 10: --preset, --size, signals, closing
during start-up)."""

from __future__ import annotations

import configparser
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from engine import preset
from engine.explorer_state import ExplorerState
from tests.conftest import ROOT

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


def env_for(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }


def run_main(tmp_path: Path, *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        env=env_for(tmp_path),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def stored_state(tmp_path: Path) -> dict:
    conf = tmp_path / "config" / "Activation Lab" / "Activation Lab.conf"
    parser = configparser.RawConfigParser()
    parser.read(conf, encoding="utf-8")
    return parser


def refused(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@needs_fifo
def test_preset_on_a_fifo_says_why_and_exits_2(tmp_path):
    fifo = tmp_path / "lesson.json"
    os.mkfifo(fifo)
    line = refused(run_main(tmp_path, "--preset", str(fifo), timeout=60))
    assert line == f"{fifo}: not an ordinary file (a pipe), so it is not read"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_preset_on_dev_zero_says_why_and_exits_2(tmp_path):
    line = refused(run_main(tmp_path, "--preset", "/dev/zero", timeout=60))
    assert line == "/dev/zero: not an ordinary file (a device), so it is not read"


def test_preset_with_a_lone_surrogate_or_too_large_or_missing(tmp_path):
    data = preset.snapshot(ExplorerState.default())
    data["explorer"]["checked"] = ["relu", "\ud800"]
    bad = tmp_path / "surrogate.json"
    bad.write_text(json.dumps(data))
    line = refused(run_main(tmp_path, "--preset", str(bad), timeout=60))
    assert line.startswith(f"{bad}: the file holds text that is not valid Unicode")

    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    line = refused(run_main(tmp_path, "--preset", str(big), timeout=60))
    assert line == f"{big}: too large for this kind of file (more than 1 MB)"

    line = refused(run_main(tmp_path, "--preset", str(tmp_path / "nope.json"), timeout=60))
    assert line == f"{tmp_path / 'nope.json'}: missing file"


def test_a_good_preset_is_applied_and_a_huge_size_is_clamped(tmp_path):
    state = ExplorerState.default()
    state.set_checked("swish", True)
    state.select("swish")
    path = tmp_path / "lesson.json"
    preset.save_preset(path, preset.snapshot(state))
    out = tmp_path / "shot.png"
    result = run_main(
        tmp_path, "--preset", str(path), "--size", "99999x99999", "--screenshot", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "--size 99999x99999 does not fit the screen (3840x2160); using 3840x2160" in (
        result.stdout
    )
    image = QImage(str(out))
    assert (image.width(), image.height()) == (3840, 2160)
    stored = json.loads(stored_state(tmp_path).get("state", "preset").strip('"').encode()
                        .decode("unicode_escape"))  # fmt: skip
    assert stored["explorer"]["selected"] == "swish"
    assert "swish" in stored["explorer"]["checked"]


def test_bad_sizes_are_refused(tmp_path):
    for size in ("0x100", "-5x300", "big"):
        line = refused(run_main(tmp_path, f"--size={size}", timeout=60))
        assert line.startswith("--size must look like")


@posix_only
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_closes_like_the_window_and_saves(tmp_path, signum):
    env = {**env_for(tmp_path), "ACTIVATION_LAB_FIRST_FRAME": "1"}
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--panel", "guide", "--lang", "en"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in proc.stdout:
            if line.startswith("first_frame_s"):
                break
        proc.send_signal(signum)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    stderr = proc.stderr.read()
    assert code == 0, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    settings = stored_state(tmp_path)
    assert settings.get("window", "panel") == "guide"  # the session was saved


CLOSE_AT_START = textwrap.dedent(
    """
    import sys, threading, time
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    import gui.explorer_panel as explorer_panel
    from gui.main_window import MainWindow

    # A slow start-up (torch importing from a cold disk on a school laptop takes seconds):
    # the engine job cannot be cancelled for 1.5 s.
    real_load = explorer_panel._load_engine
    running = threading.Event()

    def slow_load(ctx):
        running.set()
        time.sleep(1.5)
        return real_load(ctx)

    explorer_panel._load_engine = slow_load
    app = QApplication([])
    window = MainWindow(lang="en", data_dir=__import__("pathlib").Path(sys.argv[1]))
    window.show()
    window.start()

    def close_when_importing():
        if not running.is_set():
            QTimer.singleShot(5, close_when_importing)
            return
        window.close()
        print("engine ready at close:", bool(window.engine_version))
        print("visible after close:", window.isVisible())
        print("worker still busy after close:", window.light.runner.alive, flush=True)
        app.quit()

    QTimer.singleShot(0, close_when_importing)
    app.exec()
    window.join_workers()
    print("threads:", sorted(t.name for t in threading.enumerate()), flush=True)
    """
)


def test_closing_during_start_up_does_not_wait_for_the_worker(tmp_path):
    env = {**env_for(tmp_path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", CLOSE_AT_START, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "engine ready at close: False" in out
    assert "visible after close: False" in out
    # close() returned while the engine job was still running: it did not join the worker
    # (before, it waited up to 2 s for it).
    assert "worker still busy after close: True" in out
    assert "threads: ['MainThread']" in out  # joined after the event loop, cleanly
    for abort in ("QThread: Destroyed", "Fatal Python error", "Traceback"):
        assert abort not in result.stderr
