"""``main.py --self-test``: the real window headless, one PASS/FAIL line per check, exit code."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

EXPECTED = (
    "resources",
    "window",
    "engine",
    "panel explorer",
    "panel images",
    "choices",
    "curve",
    "derivative",
    "pipeline",
    "network",
    "torchvision",
    "image folder",
    "code",
    "screenshot",
    "export",
)


def run(args: list[str], tmp_path, timeout: float):
    # TMPDIR: the self-test's temporary folder (kept when a check fails) lands in tmp_path.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def check_names(stdout: str) -> list[str]:
    return [line.split(" — ")[0].split(" ", 1)[1] for line in stdout.splitlines()]


@pytest.mark.timeout(300)
def test_self_test_from_the_source_tree_passes(tmp_path):
    result = run([str(ROOT / "main.py"), "--self-test"], tmp_path, timeout=280)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines, result.stderr
    assert all(line.startswith("PASS ") for line in lines), result.stdout
    names = check_names(result.stdout)
    assert set(EXPECTED) <= set(names), names
    assert len(names) == len(set(names))
    # Passed: the self-test's own temporary folder is gone (torch may leave its caches there).
    assert list(tmp_path.glob("activation-lab-self-test-*")) == []


def run_patched(tmp_path, patch: str, timeout: float = 120):
    code = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        import gui.self_test as st
        {patch}
        sys.exit(st.run_self_test(timeout_s=TIMEOUT))
        """
    )
    return run(["-c", code], tmp_path, timeout)


def test_a_timeout_fails_every_check_after_it_and_exits_1(tmp_path):
    result = run_patched(tmp_path, "TIMEOUT = 0.2")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("PASS resources")
    assert any(line.startswith("FAIL engine — timed out") for line in lines), lines
    assert lines[-1].startswith("FAIL export — not run")
    assert all(line.startswith(("PASS ", "FAIL ")) for line in lines)
    # The files of a failed run are kept for a look, and the path is said.
    assert "files kept in" in result.stderr
    assert len(list(tmp_path.glob("activation-lab-self-test-*"))) == 1


def test_a_stuck_gui_thread_is_ended_by_the_watchdog(tmp_path):
    patch = (
        "TIMEOUT = 0.5; st.WATCHDOG_GRACE_S = 0.5; "
        "st.SelfTest.check_resources = lambda self: time.sleep(600)"
    )
    result = run_patched(tmp_path, patch, timeout=60)
    assert result.returncode == 1
    assert result.stdout.strip().splitlines()[-1].startswith("FAIL timeout"), result.stdout


def test_the_code_check_fails_when_the_program_lacks_its_own_source(tmp_path):
    """A bundle built without the carried modules' .py files: the code check says so."""
    patch = (
        "import engine.codegen_source as cs; "
        "cs._source = lambda obj: (_ for _ in ()).throw(OSError('no source')); "
        "TIMEOUT = 200"
    )
    result = run_patched(tmp_path, patch, timeout=240)
    assert result.returncode == 1, result.stdout + result.stderr
    code = [ln for ln in result.stdout.splitlines() if ln.startswith(("PASS code", "FAIL code"))]
    assert code and code[0].startswith("FAIL code — this copy of the program lacks its own source")
