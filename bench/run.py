"""Activation Lab benchmarks (``make bench``): prints one ``name: value`` figure per line.

Lines starting with ``#`` are context, not figures. Budgets are ratios or per-frame times measured
in this same run (see DESIGN.md, "Budgets"); nothing here asserts, it only reports.

Figures
-------
first_frame_ratio
    Process start -> first frame of the app's main window (``main.py``), divided by the same for
    ``bench/bare_window.py`` (a bare QMainWindow holding one pyqtgraph PlotWidget, same size). Both
    run as child processes with ``ACTIVATION_LAB_FIRST_FRAME=exit``: they print ``first_frame_s:``
    once their first frame is painted and leave. The time is taken in this process, from just before
    ``Popen`` to the moment that line is read. Median of 5 runs each, the kinds alternated (ABBA),
    after one warm-up run of each.
first_frame_app_ms, first_frame_bare_ms
    The two medians.
soak_rss_growth_mb, hover_max_stall_ms
    From ``bench/soak.py`` in a child process (a fresh process, so the RSS is the session's own):
    RSS growth over a scripted 1 000-action session across every panel after a 300-action
    warm-up, and the longest gap of a 5 ms timer while the mouse moves over the explorer with
    10 curves shown. See that module.
curve_redraw_p95_ms, curve_redraw_6_p95_ms
    In-process, on the real main window: LeakyReLU's ``negative_slope`` is changed through the
    explorer state (as a slider drag would) and the clock runs until the f and f' plot items hold
    the new data *and* a synchronous paint of the plots (``viewport().repaint()``) is done. One
    curve on screen, then six overlaid (the lesson's six). p95 over 200 changes each. The notes
    add the GUI thread's CPU time for the same window (``time.thread_time``), which other
    processes on the machine inflate far less than the wall clock.
kink_marks_draw_ms, kink_marks_draw_191_ms
    A curve with thousands of kinks arriving on the GUI thread (bench/kinks.py): set_curve plus
    a synchronous repaint, p95; the GUI thread must never stall more than 50 ms.
curve_zoom_p95_ms, curve_zoom_6_p95_ms
    The same clock for a change of the x range as the + and − keys make it (x 0.8 four times,
    then / 0.8 four times, 80 changes): until every curve on screen holds its data for the new
    range, plus one synchronous paint. No target in the issues; context for the redraw figures.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import images as image_bench  # noqa: E402
from bench import network as network_bench  # noqa: E402

FIRST_FRAME_RUNS = 5
FIRST_FRAME_TIMEOUT_S = 60.0
REDRAW_CHANGES = 200
REDRAW_WARMUP = 5
ZOOM_CHANGES = 80
REDRAW_TIMEOUT_S = 2.0
ENGINE_TIMEOUT_S = 120.0
PUMP_SLEEP_S = 0.0002  # between processEvents calls while waiting: lets the worker have the GIL
SIX = ("relu", "sigmoid", "tanh", "leaky_relu", "swish", "softmax")
KEY, PARAM = "leaky_relu", "negative_slope"
X_FIRST = -6.0  # first grid point of the default x range

TARGETS = {
    "first_frame_ratio": "<= 1.5",
    "curve_redraw_p95_ms": "<= 16",
    "curve_redraw_6_p95_ms": "<= 33",
    "soak_rss_growth_mb": "<= 50",
    "hover_max_stall_ms": "<= 50",
    "kink_marks_draw_ms": "<= 50",
    **image_bench.TARGETS,
    **network_bench.TARGETS,
}
GROUPS = (
    "first_frame",
    "redraw",
    "kinks",
    "labs",
    "speedup",
    "gui",
    "rss",
    "network",
    "hover",
    "soak",
)


def figure(name: str, value: float, digits: int = 2) -> None:
    print(f"{name}: {value:.{digits}f}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


# -- first frame (child processes) -----------------------------------------------------------
def first_frame_once(script: str) -> tuple[float, float, list[str]]:
    """(seconds from Popen to the ``first_frame_s:`` line, the child's own figure, the lines
    the child printed before it)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ACTIVATION_LAB_FIRST_FRAME="exit")
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, script], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err
        )
        watchdog = threading.Timer(FIRST_FRAME_TIMEOUT_S, proc.kill)
        watchdog.start()
        try:
            assert proc.stdout is not None
            before: list[str] = []
            for line in iter(proc.stdout.readline, b""):
                if line.startswith(b"first_frame_s:"):
                    elapsed = time.perf_counter() - start
                    return elapsed, float(line.split(b":", 1)[1]), before
                before.append(line.decode(errors="replace").strip())
        finally:
            watchdog.cancel()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        err.seek(0)
        tail = err.read().decode(errors="replace")[-2000:]
    raise RuntimeError(
        f"{script} exited with {proc.returncode} without printing first_frame_s "
        f"(timeout {FIRST_FRAME_TIMEOUT_S:g} s); stderr ends with:\n{tail}"
    )


def bench_first_frame() -> None:
    kinds = {"app": "main.py", "bare": str(Path("bench") / "bare_window.py")}
    for script in kinds.values():  # warm-up: file cache, .pyc
        first_frame_once(script)
    wall: dict[str, list[float]] = {k: [] for k in kinds}
    child: dict[str, list[float]] = {k: [] for k in kinds}
    said: set[str] = set()
    for i in range(FIRST_FRAME_RUNS):
        order = ("app", "bare") if i % 2 == 0 else ("bare", "app")  # ABBA spreads drift
        for kind in order:
            w, c, before = first_frame_once(kinds[kind])
            wall[kind].append(w)
            child[kind].append(c)
            if kind == "app":
                said.update(line for line in before if line.startswith("torch_loaded"))
    app_s, bare_s = statistics.median(wall["app"]), statistics.median(wall["bare"])
    figure("first_frame_ratio", app_s / bare_s, 3)
    figure("first_frame_app_ms", app_s * 1000, 1)
    figure("first_frame_bare_ms", bare_s * 1000, 1)
    for kind in kinds:
        runs = ", ".join(f"{w * 1000:.0f}" for w in wall[kind])
        note(
            f"first frame {kind}: runs [{runs}] ms; the child's own first_frame_s (from its "
            f"START mark to the first Paint): median {statistics.median(child[kind]) * 1000:.0f} ms"
        )
    note(
        "first frame timed in this process from just before Popen until the first_frame_s line "
        "is read; both children print it once their first frame has finished painting"
    )
    if said:
        note("app child also said: " + "; ".join(sorted(said)))


# -- curve redraw (in process) ---------------------------------------------------------------
class Pump:
    def __init__(self, app) -> None:
        self.app = app

    def until(self, done: Callable[[], bool], timeout_s: float) -> bool:
        """Process events until ``done()``; False on timeout. Never sleeps more than 0.2 ms."""
        deadline = time.perf_counter() + timeout_s
        while True:
            self.app.processEvents()
            if done():
                return True
            if time.perf_counter() > deadline:
                return False
            time.sleep(PUMP_SLEEP_S)


def show_only(window, pump: Pump, keys: tuple[str, ...], selected: str) -> list[str]:
    explorer = window.explorer
    explorer.select(selected)
    for entry in explorer.state.entries:
        key = entry.spec.key
        explorer.state.set_checked(key, key in keys)
    if not pump.until(lambda: explorer.is_settled, 30.0):
        raise RuntimeError("the explorer did not settle after changing the overlaid curves")
    pump.until(lambda: False, 0.1)  # let the deferred paints of the new curves happen
    return explorer.curves.shown_keys()


def slopes(n: int, avoid: float) -> list[float]:
    """``n`` distinct slopes sweeping [0, 1] like a slider drag, none equal to ``avoid``."""
    values = [round(i / (n - 1), 6) for i in range(n)]
    return [v + 1e-4 if v == avoid else v for v in values]


def time_change(out, tag: float, change, arrived, pump: Pump, window) -> None:
    """Make one change and append its times to ``out``: ms until ``arrived()`` (data in the
    plot items), then the synchronous repaint, and the GUI thread's CPU time for both."""
    explorer = window.explorer
    viewport = explorer.curves.plots.viewport()
    cpu = time.thread_time()
    start = time.perf_counter()
    change()
    ok = pump.until(arrived, REDRAW_TIMEOUT_S)
    t_data = time.perf_counter()
    viewport.repaint()
    end = time.perf_counter()
    if not ok:
        out["timeouts"].append(tag)
    out["total"].append((end - start) * 1000)
    out["data"].append((t_data - start) * 1000)
    out["paint"].append((end - t_data) * 1000)
    out["cpu"].append((time.thread_time() - cpu) * 1000)
    # Between two changes the GUI runs whatever the change left queued (e.g. the update
    # pyqtgraph scheduled itself); not timed.
    pump.until(lambda: explorer.is_settled, REDRAW_TIMEOUT_S)
    for _ in range(3):
        pump.app.processEvents()


def redraw_sweep(window, pump: Pump, n: int) -> dict[str, list[float]]:
    """Change the slope ``n`` times; per change: ms to data in the items, to data + paint."""
    import numpy as np

    explorer = window.explorer
    items = explorer.curves.items[KEY]
    out: dict[str, list[float]] = {"total": [], "data": [], "paint": [], "cpu": [], "timeouts": []}
    current = explorer.state.entry(KEY).params[PARAM]
    for v in slopes(n, current):

        def arrived(v: float = v) -> bool:
            f, d = items.f.yData, items.d.yData
            return (
                f is not None
                and d is not None
                and len(f) > 0
                and len(d) > 0
                and bool(np.isclose(f[0], X_FIRST * v, rtol=1e-12, atol=1e-12))
                and bool(np.isclose(d[0], v, rtol=1e-12, atol=1e-12))
            )

        time_change(
            out, v, lambda v=v: explorer.state.set_params(KEY, {PARAM: v}), arrived, pump, window
        )
    return out


def report_redraw(name: str, label: str, shown: list[str], runs: dict[str, list[float]]) -> None:
    import numpy as np

    figure(name, float(np.percentile(runs["total"], 95)))

    def p(key: str, q: float) -> str:
        return f"{np.percentile(runs[key], q):.2f}"

    note(
        f"{label}: curves on screen {shown}; {len(runs['total'])} changes; total p50 "
        f"{p('total', 50)} / p95 {p('total', 95)} / max {p('total', 100)} ms; of which change -> "
        f"data in the plot items p50 {p('data', 50)} / p95 {p('data', 95)} ms and the "
        f"synchronous repaint p50 {p('paint', 50)} / p95 {p('paint', 95)} ms; CPU time of the GUI "
        f"thread in the same window p50 {p('cpu', 50)} / p95 {p('cpu', 95)} ms (less sensitive "
        f"to the machine's load than the wall clock); {image_bench.load_text()}"
    )
    if runs["timeouts"]:
        note(
            f"{label}: {len(runs['timeouts'])} changes timed out after {REDRAW_TIMEOUT_S:g} s "
            f"(counted as their timeout), e.g. slope {runs['timeouts'][0]}"
        )


def zoom_ranges(n: int) -> list[tuple[float, float]]:
    """``n`` x ranges as the + and − keys give them: zoom in by 0.8 four times, out four times."""
    out, half = [], 6.0
    for i in range(n):
        half = half * 0.8 if (i // 4) % 2 == 0 else half / 0.8
        out.append((round(-half, 9), round(half, 9)))
    return out


def zoom_sweep(window, pump: Pump, n: int) -> dict[str, list[float]]:
    """Change the x range ``n`` times; per change: ms until every curve on screen holds data for
    the new range and the plots are painted (as ``redraw_sweep``)."""
    explorer = window.explorer
    curves = explorer.curves
    out: dict[str, list[float]] = {"total": [], "data": [], "paint": [], "cpu": [], "timeouts": []}
    for lo, hi in zoom_ranges(n):

        def arrived(lo: float = lo, hi: float = hi) -> bool:
            return all(
                it.x is not None and it.x[0] == lo and it.x[-1] == hi
                for it in curves.items.values()
                if it.shown
            )

        time_change(
            out, lo, lambda lo=lo, hi=hi: explorer.state.set_x_range(lo, hi), arrived, pump, window
        )
    explorer.state.set_x_range(-6.0, 6.0)
    pump.until(lambda: explorer.is_settled, REDRAW_TIMEOUT_S)
    return out


def bench_redraw() -> int:
    from PySide6.QtWidgets import QApplication

    import gui.style
    from gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    gui.style.apply(app)
    pump = Pump(app)
    window = MainWindow(lang="en")
    window.resize(1600, 1000)
    window.show()
    torch_early = "torch" in sys.modules
    try:
        start = time.perf_counter()
        window.start()
        if not pump.until(lambda: window.explorer.is_settled, ENGINE_TIMEOUT_S):
            raise RuntimeError(f"the engine did not load within {ENGINE_TIMEOUT_S:g} s")
        note(
            f"engine load (torch on the worker) until the first curves are drawn: "
            f"{time.perf_counter() - start:.2f} s; torch imported before window.start(): "
            f"{torch_early}"
        )
        note(
            "redraw timing: from state.set_params(...) until leaky_relu's f and f' items hold "
            "the new data, plus one synchronous paint of the plots "
            "(curves.plots.viewport().repaint()) in the clock"
        )
        note(
            f"each figure: {REDRAW_WARMUP} untimed warm-up changes, then {REDRAW_CHANGES} timed "
            f"ones sweeping negative_slope over [0, 1]; events pumped with processEvents "
            f"and {PUMP_SLEEP_S * 1000:g} ms sleeps"
        )
        for name, label, keys in (
            ("curve_redraw_p95_ms", "one curve", (KEY,)),
            ("curve_redraw_6_p95_ms", "six curves", SIX),
        ):
            shown = show_only(window, pump, keys, KEY)
            redraw_sweep(window, pump, REDRAW_WARMUP)
            report_redraw(name, label, shown, redraw_sweep(window, pump, REDRAW_CHANGES))
        for name, label, keys in (
            ("curve_zoom_p95_ms", "zoom, one curve", (KEY,)),
            ("curve_zoom_6_p95_ms", "zoom, six curves", SIX),
        ):
            shown = show_only(window, pump, keys, KEY)
            zoom_sweep(window, pump, REDRAW_WARMUP)
            report_redraw(name, label, shown, zoom_sweep(window, pump, ZOOM_CHANGES))
        note_compute_curve()
    finally:
        window.close()
        app.processEvents()
    if window.bridge.runner.alive:
        note("the worker thread was still alive after window.close()")
        return 1
    return 0


def note_compute_curve(n: int = 20) -> None:
    """Context: the worker's share, compute_curve alone on this thread."""
    from engine import catalogue
    from engine.curves import compute_curve

    spec = next(s for s in catalogue.CATALOGUE if s.key == KEY)
    times = []
    for i in range(n):
        params = {**spec.defaults(), PARAM: 0.3 + i / 1000}
        start = time.perf_counter()
        compute_curve(spec, params)
        times.append((time.perf_counter() - start) * 1000)
    note(f"compute_curve(leaky_relu) alone, GUI idle: median {statistics.median(times):.2f} ms")


def bench_kinks() -> int:
    """kink_marks_draw_ms and kink_marks_draw_191_ms (bench/kinks.py)."""
    from bench import kinks

    notes: list[str] = []
    for name, value in kinks.run(notes):
        figure(name, value)
    for line in notes:
        note(line)
    note(image_bench.load_text())
    return 0


def bench_labs() -> int:
    """xor_lab_fps and depth_lab_50_layers_ms (bench/labs.py)."""
    import labs

    notes: list[str] = []
    for name, value in labs.run(notes):
        print(f"{name}: {value:.2f}", flush=True)
    for line in notes:
        note(line)
    return 0


def bench_soak_child(root: Path, groups: list[str]) -> int:
    """``bench/soak.py`` in a child process; its figure and note lines are passed through."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "soak.py"), str(root), *groups],
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("#") or ": " in line:
            print(line, flush=True)
    if proc.returncode != 0:
        note(f"bench/soak.py exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return proc.returncode


def run_group(name: str, fn: Callable[[], int | None]) -> int:
    """Run one group of figures; a failure is reported and the other groups still run."""
    try:
        return fn() or 0
    except Exception as exc:
        note(f"FAILED {name}: {type(exc).__name__}: {exc}")
        traceback.print_exc()
        return 1


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    unknown = [g for g in argv if g not in GROUPS]
    if unknown:
        print(f"unknown group(s) {unknown}; choose from {', '.join(GROUPS)}", file=sys.stderr)
        return 2
    groups = set(argv or GROUPS)
    note(
        "targets (from the issue, not asserted): "
        + ", ".join(f"{k} {v}" for k, v in TARGETS.items())
    )
    image_bench.note_machine()
    code = 0
    if "first_frame" in groups:
        code |= run_group("first_frame", bench_first_frame)
    if "redraw" in groups:
        code |= run_group("redraw", bench_redraw)
    if "kinks" in groups:
        code |= run_group("kinks", bench_kinks)
    if "labs" in groups:
        code |= run_group("labs", bench_labs)
    if groups & {"speedup", "gui", "rss", "network", "hover", "soak"}:
        with tempfile.TemporaryDirectory(prefix="activation-lab-bench-") as tmp:
            scratch = Path(tmp)
            root = image_bench.write_fixture(scratch / "cifar")
            if "speedup" in groups:
                code |= run_group("speedup", lambda: image_bench.bench_speedup(root))
            if "gui" in groups:
                code |= run_group("gui", lambda: image_bench.bench_gui(root, scratch / "gui"))
            if "rss" in groups:
                code |= run_group("rss", lambda: image_bench.bench_rss(root))
            if "network" in groups:
                code |= run_group("network", lambda: network_bench.run(root, scratch / "net"))
            soak = [g for g in ("hover", "soak") if g in groups]
            if soak:
                code |= run_group("soak", lambda: bench_soak_child(root, soak))
    note(f"bench took {time.perf_counter() - started:.1f} s; {image_bench.load_text()}")
    return code


if __name__ == "__main__":
    status = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # Leave at once: the window and worker are shut down; skip Qt/pyqtgraph teardown at exit.
    os._exit(status)
