"""Network-lab benchmarks, run by ``bench/run.py`` (group ``network``); also the RSS child.

Figures
-------
race_throughput_ratio
    Training images per second through the lab's code path divided by a plain PyTorch loop, same
    process, same model (:class:`engine.network_model.LabCNN` with ReLU), same initial weights,
    batch size 64, plain SGD, same torch thread count (``engine.runtime.torch_threads``, set by
    ``configure_torch``), one epoch of 10 000 images, one contestant. The plain loop: a random
    permutation, per batch ``to_input(images[idx])`` (uint8 → float, as the lab does), forward,
    cross-entropy, backward, ``step()``, ``loss.item()``. The lab: a :class:`Race` driven through
    a real :class:`engine.jobs.JobRunner` by :func:`engine.network_jobs.advance_race` slices
    submitted one after another as the panel does, wall clock from the first submission to the
    last result, so everything the lab adds counts: gradient norms per layer, its evaluations on
    the test subset (every 50 batches) and at the end of the epoch (a 500-image test split here).
    ABAB, best of 3 runs each after a warm-up of each.
race_first_point_s
    The real window on the bench's CIFAR-10 fixture, network lab shown, three contestants: from
    ``panel.start()`` (the Start button's slot) until the first loss point is in the plot items
    and painted (``pointsShown`` then a synchronous repaint). Median of 3 starts.
race_gui_max_stall_ms
    Same window: the longest gap between ticks of a 5 ms PreciseTimer in ``QEventLoop.exec()``
    while three contestants train, a test image picked for the inside view (as a teacher does):
    ``STALL_SECONDS`` with the Curves tab shown, then (its items built after the switch) the
    Inside-the-network tab for ``STALL_SECONDS`` and on until its view has been redrawn at
    ``MIN_INSIDE_VIEWS`` evaluations; the longer of the two windows' longest gaps.
race_inside_switch_max_stall_ms
    The longest gap from the switch to the Inside tab (mid-race) until its view is first drawn:
    its items are built then, one cell per pass of the event loop.
race_inside_views
    How many times the inside view was redrawn (one per evaluation) in the Inside tab's window.
race_gui_max_busy_ms
    The GUI thread's own CPU time in the gap where it was largest, over both windows: what the
    window itself costs, whatever the load of other processes on the machine.
race_peak_rss_mb, race_rss_over_peak_mb
    Peak RSS (VmHWM) of a child: the window on the fixture with both splits loaded and both
    splits' statistics computed (what ``peak_rss_mb`` measures), then a three-contestant race on
    the full 50 000-image train split for ``RSS_ROUNDS`` batches and one test-subset evaluation;
    and the difference to the ``peak-rss`` child of ``bench/images.py`` run in the same group.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import images as image_bench  # noqa: E402

N_IMAGES = 10_000
N_TEST = 500
BATCH = 64
RUNS = 3
FIRST_POINT_RUNS = 3
STALL_SECONDS = 8.0
STALL_TICK_MS = 5
TEST_IMAGE = 7  # the test image picked for the inside view
MIN_INSIDE_VIEWS = 3  # the Inside tab's window runs on until it has drawn this many
RSS_ROUNDS = 120
TIMEOUT_S = 300.0
TARGETS = {
    "race_throughput_ratio": ">= 0.9",
    "race_gui_max_stall_ms": "<= 50",
    "race_inside_views": ">= 3",
    "race_inside_switch_max_stall_ms": "<= 50",
    "race_first_point_s": "<= 2",
    "race_rss_over_peak_mb": "<= 300",
}


def figure(name: str, value: float, digits: int = 2) -> None:
    print(f"{name}: {value:.{digits}f}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


# -- throughput ----------------------------------------------------------------------------------
def _data():
    import numpy as np

    from engine.network_race import RaceData

    rng = np.random.default_rng(5)
    train = rng.integers(0, 256, (N_IMAGES, 3, 32, 32), dtype=np.uint8)
    test = rng.integers(0, 256, (N_TEST, 3, 32, 32), dtype=np.uint8)
    labels = rng.integers(0, 10, N_IMAGES).astype(np.int64)
    return RaceData(
        train, labels, test, labels[:N_TEST].copy(), [str(i) for i in range(10)], "cifar10"
    )


def _config():
    from engine.network_config import Contestant, RaceConfig

    return RaceConfig(
        contestants=(Contestant("relu"),),
        batch_size=BATCH,
        train_size=N_IMAGES,
        epochs=1,
        optimizer="sgd",
        lr=0.05,
    )


def plain_loop(data, config) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this thread) for one epoch of the plain loop."""
    import torch

    from engine.network_model import initial_weights
    from engine.network_race import build_model, make_optimizer, to_input

    model = build_model(config, config.contestants[0], 10)
    model.load_state_dict(initial_weights(config.init, config.seed), strict=False)
    optimizer = make_optimizer(config, model)
    loss_fn = torch.nn.CrossEntropyLoss()
    start, cpu = time.perf_counter(), time.thread_time()
    order = torch.randperm(N_IMAGES, generator=torch.Generator().manual_seed(0)).numpy()
    for b in range(0, N_IMAGES, BATCH):
        idx = order[b : b + BATCH]
        x = to_input(data.train_images[idx])
        y = torch.from_numpy(data.train_labels[idx])
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()
    return time.perf_counter() - start, time.thread_time() - cpu


def lab_path(data, config) -> tuple[float, float, float]:
    """(wall seconds for one epoch through the job runner, seconds inside training steps,
    CPU seconds of the worker thread in the race's jobs)."""
    import threading

    from engine.jobs import JobRunner
    from engine.network_jobs import advance_race
    from engine.network_race import Race

    race = Race(config, data)
    done = threading.Event()
    seen = [0]
    cpu = [0.0]

    def timed(job):
        def run(ctx):
            start = time.thread_time()
            try:
                return job(ctx)
            finally:
                cpu[0] += time.thread_time() - start

        return run

    def on_result(result) -> None:
        update = result.value
        seen[0] = update.since + len(update.points)
        if update.done or result.status != "ok":
            done.set()
        else:
            runner.submit("race", timed(advance_race(race, seen[0])))

    runner = JobRunner(on_result=on_result, name="bench-race")
    start = time.perf_counter()
    runner.submit("race", timed(advance_race(race, 0)))
    if not done.wait(TIMEOUT_S):
        raise RuntimeError("the race did not finish")
    elapsed = time.perf_counter() - start
    runner.shutdown()
    if not race.done:
        raise RuntimeError("the race stopped early")
    return elapsed, race.train_seconds, cpu[0]


def bench_throughput() -> None:
    import torch

    from engine.runtime import configure_torch

    configure_torch()
    data, config = _data(), _config()
    plain_loop(data, config)  # warm-up: allocator, kernels
    lab_path(data, config)
    plain, lab, train_only, plain_cpu, lab_cpu = [], [], [], [], []
    for _ in range(RUNS):
        wall, cpu = plain_loop(data, config)
        plain.append(wall)
        plain_cpu.append(cpu)
        wall, steps, cpu = lab_path(data, config)
        lab.append(wall)
        train_only.append(steps)
        lab_cpu.append(cpu)
    # Best of the runs: on a shared machine the other processes only ever slow a run down.
    p, q = min(plain), min(lab)
    figure("race_throughput_ratio", p / q, 3)
    note(
        f"race_throughput_ratio: plain loop {N_IMAGES / p:.0f} images/s (runs "
        f"{', '.join(f'{t:.2f}' for t in plain)} s), lab {N_IMAGES / q:.0f} images/s (runs "
        f"{', '.join(f'{t:.2f}' for t in lab)} s, of which inside training steps "
        f"{', '.join(f'{t:.2f}' for t in train_only)} s); torch threads "
        f"{torch.get_num_threads()}; batch {BATCH}; the lab's time includes its evaluations "
        f"(test subset every {config.eval_every} batches, {N_TEST} test images at the epoch end)"
    )
    note(
        f"race_throughput_ratio by CPU time of the training thread (what other processes on a "
        f"shared machine change least): {min(plain_cpu) / min(lab_cpu):.3f} (plain "
        f"{', '.join(f'{t:.2f}' for t in plain_cpu)} s, lab "
        f"{', '.join(f'{t:.2f}' for t in lab_cpu)} s)"
    )


# -- window: first point and GUI stall -----------------------------------------------------------
def _lab_window(app, root: Path, scratch: Path):
    window = image_bench.open_window(app, root, scratch)
    image_bench.wait_settled(app, window, "opening the fixture")
    window.show_panel("labs-network")
    panel = window.network
    panel.apply_setup("lesson")
    panel.train_combo.setCurrentIndex(panel.train_combo.findData(50_000))
    panel.epochs_spin.setValue(5)
    return window, panel


def bench_window(root: Path, scratch: Path) -> int:
    import numpy as np

    app = image_bench.qapp()
    window, panel = _lab_window(app, root, scratch)
    try:
        firsts: list[float] = []
        shown: list[float] = []
        for _ in range(FIRST_POINT_RUNS):
            shown.clear()
            panel.pointsShown.connect(lambda: shown.append(time.perf_counter()))
            start = time.perf_counter()
            panel.start()
            if not image_bench.pump_until(app, lambda: bool(shown), 60.0):
                raise RuntimeError("no loss point within 60 s of Start")
            panel.plots.viewport().repaint()
            firsts.append(time.perf_counter() - start)
            panel.pointsShown.disconnect()
            if not panel.plot_items[0]["loss"].yData.size:
                raise RuntimeError("pointsShown without a loss point in the plot")
            panel.stop()
            image_bench.pump_until(app, lambda: panel.is_settled, 60.0)
        figure("race_first_point_s", statistics.median(firsts), 3)
        note(
            "race_first_point_s: panel.start() → first loss point in the plot items and "
            f"painted, runs [{', '.join(f'{t:.3f}' for t in firsts)}] s; three contestants, "
            "full train split selected"
        )

        idle = _timer_gaps(STALL_SECONDS / 2)
        note(
            f"reference, no race running: the same timer's gaps in {STALL_SECONDS / 2:g} s of "
            f"an idle window: p50 {np.percentile(idle, 50):.1f} / p99 "
            f"{np.percentile(idle, 99):.1f} / max {idle.max():.1f} ms (what this machine's load "
            f"alone does to the GUI thread)"
        )
        panel.start()
        if not image_bench.pump_until(app, lambda: len(panel.curves.points) > 0, 60.0):
            raise RuntimeError("the race did not start")
        # As a teacher does: pick a test image to look inside the contestants with.
        panel.test_image.setValue(TEST_IMAGE)
        if panel.inside_image is None:
            raise RuntimeError("no test image picked for the inside view")
        draws = [0]
        panel.insideDrawn.connect(lambda: draws.__setitem__(0, draws[0] + 1))
        stalls, busies = [], []
        since: list[float] = []

        def shown_for(seconds: float) -> bool:
            """The inside view drawn and on screen (its first paint is in the pass after) for
            ``seconds``."""
            if draws[0] < 1 or not panel.inside_plots.updatesEnabled():
                return False
            since.append(time.perf_counter())
            return since[-1] - since[0] >= seconds

        windows = (
            ("curves", lambda: panel.views.setCurrentIndex(0), STALL_SECONDS, lambda: True),
            # The switch to the Inside tab builds its items (once), until their first drawing.
            ("switch", lambda: panel.views.setCurrentIndex(1), 0.0, lambda: shown_for(0.2)),
            # Then the view is redrawn at each evaluation: run on for a few of them.
            ("inside", lambda: None, STALL_SECONDS, lambda: draws[0] >= MIN_INSIDE_VIEWS),
        )
        for name, begin, seconds, enough in windows:
            before, draws[0] = len(panel.curves.points), 0
            gaps, busy = _racing_gaps(begin, seconds, enough)
            trained = len(panel.curves.points) - before
            text = (
                f"{len(gaps)} gaps of a {STALL_TICK_MS} ms PreciseTimer in "
                f"{gaps.sum() / 1000:.1f} s of racing (three contestants, "
                f"{trained} points drawn, {draws[0]} inside views drawn, "
                f"{panel.images_per_second:.0f} training images/s through all contestants); "
                f"p50 {np.percentile(gaps, 50):.1f} / p99 {np.percentile(gaps, 99):.1f} / max "
                f"{gaps.max():.1f} ms; {int((gaps > 50).sum())} gaps over 50 ms; the GUI "
                f"thread's own CPU time between two ticks at most {busy.max():.1f} ms"
            )
            if name == "switch":
                figure("race_inside_switch_max_stall_ms", float(gaps.max()))
                note(f"race_inside_switch_max_stall_ms: the switch to the Inside tab: {text}")
                continue
            stalls.append(float(gaps.max()))
            busies.append(float(busy.max()))
            if name == "curves":
                note(f"race_gui_max_stall_ms, Curves tab shown: {text}")
            else:
                note(f"race_gui_max_stall_ms, Inside-the-network tab shown: {text}")
                figure("race_inside_views", draws[0], 0)
        figure("race_gui_max_stall_ms", max(stalls))
        figure("race_gui_max_busy_ms", max(busies))
        note(
            "race_gui_max_stall_ms: the longer of the two windows (Curves tab; the Inside tab, "
            "its items built, with its view redrawn at each evaluation); race_gui_max_busy_ms: "
            "the GUI thread's own CPU time in the longest-working gap (what other processes' "
            "load does not change)"
        )
        panel.stop()
        image_bench.pump_until(app, lambda: panel.is_settled, 60.0)
    finally:
        window.close()
        app.processEvents()
    return 0


def _racing_gaps(begin, seconds: float, enough):
    """Gaps (ms) between ticks of a 5 ms PreciseTimer in a real event loop, and the GUI
    thread's CPU time (ms) within each gap: ``begin()`` is called from the loop's first pass,
    the loop runs ``seconds`` and then on (up to 4×, or a minute) until ``enough()``."""
    import numpy as np
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    ticks: list[float] = []
    cpu: list[float] = []
    give_up = 3 * seconds or 60.0  # after the window, how long to wait for enough()
    loop = QEventLoop()
    deadline = [0.0]

    def tick() -> None:
        ticks.append(time.perf_counter())
        cpu.append(time.thread_time())
        if ticks[-1] >= deadline[0] and (enough() or ticks[-1] >= deadline[0] + give_up):
            loop.quit()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(STALL_TICK_MS)
    timer.timeout.connect(tick)
    QTimer.singleShot(0, begin)
    deadline[0] = time.perf_counter() + seconds
    timer.start()
    loop.exec()
    timer.stop()
    return np.diff(np.asarray(ticks)) * 1000, np.diff(np.asarray(cpu)) * 1000


def _timer_gaps(seconds: float):
    """Gaps (ms) between ticks of a 5 ms PreciseTimer in a real event loop for ``seconds``."""
    import numpy as np
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    ticks: list[float] = []
    loop = QEventLoop()
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(STALL_TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    timer.stop()
    return np.diff(np.asarray(ticks)) * 1000


# -- memory ----------------------------------------------------------------------------------
def child_race_rss(root: Path) -> int:
    app = image_bench.qapp()
    with tempfile.TemporaryDirectory(prefix="activation-lab-race-rss-") as scratch:
        window = image_bench.open_window(app, root, Path(scratch))
        image_bench.wait_settled(app, window, "opening the fixture")
        window.images.state.set_split("train")
        image_bench.wait_settled(app, window, "the train split")
        window.show_panel("labs-network")
        panel = window.network
        panel.train_combo.setCurrentIndex(panel.train_combo.findData(50_000))
        panel.epochs_spin.setValue(1)
        panel.start()

        def rounds() -> int:
            steps = sum(1 for p in panel.curves.points if type(p).__name__ == "StepPoint")
            return steps // max(1, len(panel.keys))

        if not image_bench.pump_until(app, lambda: rounds() >= RSS_ROUNDS, TIMEOUT_S):
            raise RuntimeError("the race did not reach its rounds")
        evals = sum(1 for p in panel.curves.points if type(p).__name__ == "EvalPoint")
        print(
            f"race: {panel.started.n_train} training images, {len(panel.keys)} contestants, "
            f"{rounds()} batches each, {evals} evaluation points",
            flush=True,
        )
        image_bench.report_rss()
        panel.stop()
        window.close()
        app.processEvents()
    return 0


def bench_rss(root: Path) -> None:
    race, said = run_child("race-rss", str(root))
    base, _ = image_bench.run_child("peak-rss", str(root))
    figure("race_peak_rss_mb", race / 1024, 1)
    figure("race_rss_over_peak_mb", (race - base) / 1024, 1)
    note(
        f"race RSS child: {'; '.join(said)}; the peak-rss child (the same window without a race) "
        f"peaked at {base / 1024:.1f} MB in this run"
    )


def run_child(*args: str) -> tuple[int, list[str]]:
    import subprocess

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    lines = proc.stdout.splitlines()
    for line in lines:
        if line.startswith("peak_rss_kib:"):
            return int(line.split(":", 1)[1]), [x for x in lines if "rss_kib" not in x]
    raise RuntimeError(
        f"bench/network.py {' '.join(args)} exited with {proc.returncode} without a "
        f"peak_rss_kib line; stderr ends with:\n{proc.stderr[-2000:]}"
    )


def run(root: Path, scratch: Path) -> int:
    """Every figure of this file (``bench/run.py network``)."""
    bench_throughput()
    code = bench_window(root, scratch)
    bench_rss(root)
    return code


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "race-rss":
        code = child_race_rss(Path(argv[1]))
    elif len(argv) == 1 and argv[0] == "throughput":
        bench_throughput()
        code = 0
    else:
        print("usage: network.py race-rss DIR | throughput", file=sys.stderr)
        code = 2
    sys.stdout.flush()
    os._exit(code)


if __name__ == "__main__":
    main(sys.argv[1:])
