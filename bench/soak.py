"""Soak and hover figures (issue 10), run as a child process of ``bench/run.py``.

soak_rss_growth_mb
    RSS growth (VmRSS, MB) over a scripted 1 000-action session across every panel, measured
    after a 300-action warm-up of the same kind, each time after the window settled and a
    garbage collection. The actions (seeded, so every run is the same session): select, tick
    and untick activations, drag their parameters, zoom the x range, switch tabs, switch
    language and theme, move the mouse over the explorer's plots, step through images, and on
    every panel change a random enabled combo box, slider, spin box or check box, or press a
    button that does not open a dialog (start/stop/step/reset of the labs). Target ≤ 50.
hover_max_stall_ms
    The longest gap of a 5 ms precise timer while the mouse is moved over the explorer's plots
    with 10 curves shown (200 moves, one per timer tick, back and forth across both plots).
    Target ≤ 50.

Run alone: ``python bench/soak.py [CIFAR_ROOT]``. Prints ``name: value`` lines and ``#`` notes.
"""

from __future__ import annotations

import gc
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WARMUP_ACTIONS = 300
SOAK_ACTIONS = 1000
HOVER_MOVES = 200
TICK_MS = 5
SEED = 10
TEN = (
    "relu",
    "sigmoid",
    "tanh",
    "leaky_relu",
    "swish",
    "softmax",
    "elu",
    "gelu",
    "softplus",
    "hardtanh",
)
# Buttons whose text says they open a dialog or a file are never pressed.
_DIALOG_WORDS = ("…", "...", "Export", "Save", "Open", "Load", "Import", "Download", "Weights")


def figure(name: str, value: float) -> None:
    print(f"{name}: {value:.2f}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # not Linux: the peak is the best there is

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Session:
    def __init__(self, app, window) -> None:
        self.app, self.window = app, window
        self.rng = random.Random(SEED)
        self.done: Counter[str] = Counter()

    # -- waiting -------------------------------------------------------------------------------
    def pump(self, seconds: float = 0.0) -> None:
        end = time.perf_counter() + seconds
        while True:
            self.app.processEvents()
            if time.perf_counter() >= end:
                return
            time.sleep(0.0005)

    def settle(self, timeout_s: float = 60.0) -> None:
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            self.app.processEvents()
            if self.window.is_settled:
                self.pump(0.02)
                if self.window.is_settled:
                    return
            time.sleep(0.001)

    # -- actions -------------------------------------------------------------------------------
    def act(self) -> None:
        actions = (
            (self.explorer_action, 30),
            (self.hover, 15),
            (self.switch_tab, 10),
            (self.widget_action, 35),
            (self.image_step, 5),
            (self.switch_language_or_theme, 5),
        )
        fns, weights = zip(*actions, strict=True)
        fn = self.rng.choices(fns, weights)[0]
        fn()
        self.done[fn.__name__] += 1
        self.pump(0.002)

    def explorer_action(self) -> None:
        state = self.window.explorer_state
        entries = state.entries
        entry = self.rng.choice(entries)
        kind = self.rng.randrange(4)
        if kind == 0:
            state.select(entry.spec.key)
        elif kind == 1:
            state.set_checked(entry.spec.key, not entry.checked)
        elif kind == 2:
            floats = [p for p in entry.spec.params if p.kind == "float"]
            if floats:
                p = self.rng.choice(floats)
                lo, hi = p.slider
                state.set_params(entry.spec.key, {p.name: round(self.rng.uniform(lo, hi), 3)})
        else:
            self.window.zoom(self.rng.choice((0.8, 1.25)))
            lo, hi = state.x_range
            if hi - lo > 100 or hi - lo < 0.5:
                state.set_x_range(-6.0, 6.0)

    def hover(self) -> None:
        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtGui import QMouseEvent

        view = self.window.explorer.curves.plots.viewport()
        w, h = max(view.width(), 2), max(view.height(), 2)
        for _ in range(5):
            pos = QPointF(self.rng.uniform(1, w - 1), self.rng.uniform(1, h - 1))
            event = QMouseEvent(
                QMouseEvent.Type.MouseMove,
                pos,
                view.mapToGlobal(pos),
                Qt.MouseButton.NoButton,
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
            )
            self.app.sendEvent(view, event)

    def switch_tab(self) -> None:
        tabs = self.window.tabs
        tabs.setCurrentIndex(self.rng.randrange(tabs.count()))

    def image_step(self) -> None:
        self.window.step_image(self.rng.choice((1, -1)))

    def switch_language_or_theme(self) -> None:
        if self.rng.random() < 0.5:
            self.window.set_language("zh_CN" if self.window.lang == "en" else "en")
        else:
            from gui import style

            self.window.set_theme("dark" if style.LOOK.theme == "light" else "light")

    def widget_action(self) -> None:
        from PySide6.QtWidgets import (
            QAbstractButton,
            QAbstractSlider,
            QAbstractSpinBox,
            QComboBox,
            QPushButton,
            QScrollBar,
        )

        panel = self.window.tabs.currentWidget()
        candidates = [
            w
            for cls in (QComboBox, QAbstractSlider, QAbstractSpinBox, QAbstractButton)
            for w in panel.findChildren(cls)
            if w.isVisible() and w.isEnabled() and not isinstance(w, QScrollBar)
        ]
        candidates = [
            w
            for w in candidates
            if not (isinstance(w, QPushButton) and any(s in w.text() for s in _DIALOG_WORDS))
        ]
        if not candidates:
            return
        w = self.rng.choice(candidates)
        if isinstance(w, QComboBox) and w.count():
            w.setCurrentIndex(self.rng.randrange(w.count()))
        elif isinstance(w, QAbstractSlider):
            lo, hi = w.minimum(), w.maximum()
            if isinstance(lo, int) and isinstance(hi, int):
                w.setValue(self.rng.randint(lo, hi))
            else:  # superqt's float sliders
                w.setValue(self.rng.uniform(lo, hi))
        elif isinstance(w, QAbstractSpinBox):
            w.stepBy(self.rng.choice((-1, 1)))
        elif isinstance(w, QAbstractButton):
            w.click()

    # -- the measured session --------------------------------------------------------------
    def run(self, n: int) -> None:
        for i in range(n):
            self.act()
            if i % 50 == 49:
                self.settle()
        self.settle()

    def measure(self) -> float:
        self.window.show_panel("explorer")
        self.settle()
        for _ in range(3):
            gc.collect()
            self.pump(0.05)
        return rss_mb()


def malloc_held() -> str:
    """glibc's own view: memory in use vs freed but still held (what RSS cannot tell apart)."""
    import ctypes

    class Info(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_size_t)
            for name in (
                "arena", "ordblks", "smblks", "hblks", "hblkhd",
                "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost",
            )
        ]  # fmt: skip

    try:
        mallinfo2 = ctypes.CDLL(None).mallinfo2
    except (OSError, AttributeError):
        return "malloc figures not available here"
    mallinfo2.restype = Info
    info = mallinfo2()
    mb = 1024 * 1024
    return (
        f"malloc in use {(info.uordblks + info.hblkhd) / mb:.0f} MB, "
        f"freed but held {info.fordblks / mb:.0f} MB"
    )


def object_counts(window) -> str:
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QAction

    counts = {
        "QActions": len(window.findChildren(QAction)),
        "QObjects": len(window.findChildren(QObject)),
        "python objects": len(gc.get_objects()),
        "memory releases": window.memory.releases,  # freed memory handed back (gui/memory_release)
    }
    return ", ".join(f"{k} {v}" for k, v in counts.items()) + "; " + malloc_held()


def open_window(app, root: Path | None, scratch: Path):
    from PySide6.QtCore import QSettings

    from gui.main_window import MainWindow

    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(lang="en", data_dir=scratch / "appdata", settings=settings, cifar_root=root)
    window.resize(1366, 768)
    window.show()
    window.start()
    return window


def bench_soak(app, window) -> None:
    session = Session(app, window)
    session.settle(120)
    session.run(WARMUP_ACTIONS)
    before = session.measure()
    counts = object_counts(window)
    note(f"soak after {WARMUP_ACTIONS} warm-up actions: RSS {before:.0f} MB; {counts}")
    trace = os.environ.get("ACTIVATION_LAB_SOAK_TRACE")  # diagnosis: where Python memory grows
    if trace:
        import tracemalloc

        tracemalloc.start(8)
        first = tracemalloc.take_snapshot()
    start = time.perf_counter()
    session.run(SOAK_ACTIONS)
    after = session.measure()
    if trace:
        diff = tracemalloc.take_snapshot().compare_to(first, "traceback")
        for stat in diff[:12]:
            note(f"grew {stat.size_diff / 1e6:.1f} MB in {stat.count_diff} blocks at")
            for line in stat.traceback.format()[-8:]:
                note("    " + line.strip())
    took = time.perf_counter() - start
    note(
        f"soak after {SOAK_ACTIONS} more actions ({took:.0f} s): RSS {after:.0f} MB; "
        f"{object_counts(window)}; actions {dict(session.done)}"
    )
    figure("soak_rss_growth_mb", after - before)


def bench_hover(app, window) -> None:
    from PySide6.QtCore import QPointF

    session = Session(app, window)
    window.show_panel("explorer")
    state = window.explorer_state
    state.set_x_range(-6.0, 6.0)
    for entry in state.entries:
        state.set_checked(entry.spec.key, entry.spec.key in TEN)
    state.select("relu")
    session.settle()
    shown = window.explorer.curves.shown_keys()
    view = window.explorer.curves.plots.viewport()
    w, h = view.width(), view.height()
    # Back and forth across the whole viewport (both plots), a little lower on every pass.
    points = []
    for i in range(HOVER_MOVES):
        t = (i % 50) / 49
        x = (t if (i // 50) % 2 == 0 else 1 - t) * (w - 4) + 2
        points.append(QPointF(x, (0.15 + 0.7 * ((i * 7) % 100) / 100) * h))
    idle = timer_gaps(app, [None] * len(points), view)
    gaps = timer_gaps(app, points, view)
    note(
        f"hover reference: the same timer with no mouse moves, same window: max gap "
        f"{max(idle):.1f} ms, p95 {sorted(idle)[int(len(idle) * 0.95)]:.1f} ms (what the "
        "machine's load alone costs)"
    )
    worst = max(range(len(gaps)), key=gaps.__getitem__) if gaps else 0
    first = ", ".join(f"{g:.0f}" for g in gaps[:5])
    gaps.sort()
    note(f"hover: the longest gap came at move {worst + 1}; the first gaps {first} ms")
    note(
        f"hover: {len(shown)} curves shown ({', '.join(shown)}); {len(points)} mouse moves, one "
        f"per {TICK_MS} ms timer tick; tick gaps p50 {gaps[len(gaps) // 2]:.1f} / p95 "
        f"{gaps[int(len(gaps) * 0.95)]:.1f} / max {gaps[-1]:.1f} ms"
    )
    figure("hover_max_stall_ms", gaps[-1])


def timer_gaps(app, points: list, view) -> list[float]:
    """Gaps (ms) between the ticks of a 5 ms precise timer that sends one mouse move per tick
    (None: no move, a reference)."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QMouseEvent

    gaps: list[float] = []
    clock = QElapsedTimer()
    loop = QEventLoop()
    index = [0]

    def tick() -> None:
        if clock.isValid():
            gaps.append(clock.nsecsElapsed() / 1e6)
        clock.start()
        if index[0] >= len(points):
            loop.quit()
            return
        pos = points[index[0]]
        index[0] += 1
        if pos is None:
            return
        event = QMouseEvent(
            QMouseEvent.Type.MouseMove,
            pos,
            view.mapToGlobal(pos),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        app.sendEvent(view, event)

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    loop.exec()
    timer.stop()
    return gaps


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    import gui.style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    gui.style.apply(app)
    root = Path(argv[0]) if argv and argv[0] else None
    groups = set(argv[1:]) or {"hover", "soak"}
    with tempfile.TemporaryDirectory(prefix="activation-lab-soak-") as tmp:
        window = open_window(app, root, Path(tmp))
        try:
            Session(app, window).settle(120)
            if "hover" in groups:
                bench_hover(app, window)
            if "soak" in groups:
                bench_soak(app, window)
        finally:
            window.close()
            window.join_workers()
    return 0


if __name__ == "__main__":
    status = main(sys.argv[1:])
    sys.stdout.flush()
    os._exit(status)
