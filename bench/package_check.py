"""``make package-check``, after ``make package``: run the frozen self-test, print two figures.

Figures (``name: value``, one per line; lines starting with ``#`` are context)
-------
bundle_size_mb
    Size of ``dist/ActivationLab/`` in MiB (2^20 bytes): the apparent sizes of its regular files,
    symbolic links not followed (each counts as the link itself), as ``du -s --apparent-size``.
frozen_self_test_s
    Wall time from just before starting ``dist/ActivationLab/ActivationLab --self-test`` (with
    ``QT_QPA_PLATFORM=offscreen``) to its exit: a cold start of the bundle — the first run after
    the build, in a fresh process — through every check of the self-test to the end.
frozen_first_frame_s
    Wall time from just before starting the bundle's executable to the moment it reports its
    first painted window frame (``ACTIVATION_LAB_FIRST_FRAME=exit``, as ``make bench`` uses for
    the source tree): what a student waits before the window appears. Median of 3 runs, after
    the self-test (so the files are in the page cache).

Exits non-zero if the bundle is missing or the frozen self-test fails, so CI fails with it.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "ActivationLab"
EXE = BUNDLE / ("ActivationLab.exe" if sys.platform == "win32" else "ActivationLab")
TIMEOUT_S = 600  # the self-test stops itself well before (its own watchdog); this is a backstop
FIRST_FRAME_RUNS = 3


def bundle_size_bytes(folder: Path) -> int:
    total = 0
    for dirpath, _dirnames, filenames in os.walk(folder):  # does not follow linked folders
        for name in filenames:
            total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def first_frame_s(env: dict) -> float | None:
    """Start the bundle until it prints ``first_frame_s:``; wall seconds, None if it never does."""
    env = {**env, "ACTIVATION_LAB_FIRST_FRAME": "exit"}
    started = time.perf_counter()
    try:
        run = subprocess.run(
            [str(EXE)], cwd=BUNDLE.parent, env=env, capture_output=True, text=True, timeout=120
        )
    except subprocess.TimeoutExpired:
        return None
    elapsed = time.perf_counter() - started
    return elapsed if "first_frame_s:" in run.stdout else None


def main() -> int:
    if not EXE.is_file():
        print(f"package-check: no bundle at {EXE}; run `make package` first")
        return 2
    print(f"# bundle: {BUNDLE} ({platform.system()} {platform.machine()})", flush=True)
    if sys.platform.startswith("linux"):
        libc, version = platform.libc_ver()
        print(f"# built on {libc} {version}: runs only where glibc is at least as new")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM") or "offscreen"}
    started = time.perf_counter()
    try:
        run = subprocess.run(
            [str(EXE), "--self-test"],
            cwd=BUNDLE.parent,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        print(exc.stdout or "")
        print(f"package-check: the frozen self-test did not end within {TIMEOUT_S} s")
        return 1
    elapsed = time.perf_counter() - started
    for line in run.stdout.splitlines():
        print(f"  {line}" if line.startswith(("PASS", "FAIL")) else f"  | {line}")
    lines = [line for line in run.stdout.splitlines() if line.startswith(("PASS ", "FAIL "))]
    passed = run.returncode == 0 and lines and all(line.startswith("PASS ") for line in lines)
    print(f"bundle_size_mb: {bundle_size_bytes(BUNDLE) / 2**20:.0f}")
    print(f"frozen_self_test_s: {elapsed:.1f}")
    frames = [first_frame_s(env) for _ in range(FIRST_FRAME_RUNS)]
    if None in frames:
        print("# frozen_first_frame_s: the bundle did not report a first frame")
    else:
        print(f"frozen_first_frame_s: {statistics.median(frames):.2f}")
    if not passed:
        print(f"package-check: the frozen self-test failed (exit code {run.returncode})")
        return 1
    print(f"package-check: the frozen self-test passed ({len(lines)} checks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
