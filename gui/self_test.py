"""``main.py --self-test``: open the real window headless, exercise it, print one line per check.

Used from the source tree (``make test``) and on the frozen PyInstaller bundle
(``make package-check``), so it checks what packaging tends to break: the ``resources/`` folder,
torch on the worker thread, torchvision's compiled operators, PIL, pyqtgraph's exporters, and
PNG writing/reading through Qt's image plugins.

Every check prints ``PASS name — detail`` or ``FAIL name — reason``; the exit code is 0 only if
all passed. The window gets a temporary data folder and an INI file of its own for QSettings, so
the user's settings and data are never touched. A watchdog ends the process if the whole run
takes longer than its time limit, so the self-test never hangs.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_S = 120.0  # the whole self-test; a FAIL line after that
WATCHDOG_GRACE_S = 20.0  # then the process is ended even if the GUI thread is stuck
WINDOW_SIZE = (1200, 800)
EXPORT_WIDTH = 800
CALM_POLLS = 4  # settled for this many polls in a row (as --screenshot does)
POLL_MS = 50
CURVE_POINTS = (-4.0, -1.0, -0.25, 0.0, 0.5, 2.0, 5.0)  # nearest grid points are compared
JOB_PREFIX = "selftest:"
# After the engine and the panels, in this order (method check_<name with _ for spaces>).
LATER_CHECKS = (
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


def _emit(line: str) -> None:
    # A Windows console may not encode the dash; never let printing fail a check.
    encoding = sys.stdout.encoding or "utf-8"
    print(line.encode(encoding, errors="replace").decode(encoding, errors="replace"), flush=True)


class CheckFailed(Exception):
    """A check's reason for failing (printed after FAIL)."""


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _pixels(image):
    """QImage → uint8 (H, W, 3) array."""
    import numpy as np
    from PySide6.QtGui import QImage

    img = image.convertToFormat(QImage.Format.Format_RGB888)
    arr = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    rows = arr.reshape(img.height(), img.bytesPerLine())[:, : img.width() * 3]
    return rows.reshape(img.height(), img.width(), 3).copy()


def _colour_pixels(pixels, colour: str, tolerance: int = 40) -> int:
    """How many pixels are within ``tolerance`` (sum of |ΔRGB|) of ``colour`` ("#rrggbb")."""
    import numpy as np

    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    diff = np.abs(pixels.reshape(-1, 3).astype(np.int32) - rgb).sum(axis=1)
    return int((diff < tolerance).sum())


def _check_png(path: Path, size: tuple[int, int], colour: str | None = None) -> str:
    """The file exists, loads with QImage at ``size`` and is not blank; returns a detail text."""
    import numpy as np
    from PySide6.QtGui import QImage

    if not path.is_file():
        raise CheckFailed(f"{path.name} was not written")
    image = QImage(str(path))
    if image.isNull():
        raise CheckFailed(f"{path.name} ({path.stat().st_size} bytes) does not load as an image")
    if (image.width(), image.height()) != size:
        raise CheckFailed(
            f"{path.name} is {image.width()}×{image.height()}, expected {size[0]}×{size[1]}"
        )
    pixels = _pixels(image)
    colours = len(np.unique(pixels.reshape(-1, 3), axis=0))
    if colours < 20:
        raise CheckFailed(f"{path.name} looks blank: only {colours} distinct colours")
    detail = f"{path.name} {size[0]}×{size[1]}, {path.stat().st_size} bytes, {colours} colours"
    if colour is not None:
        n = _colour_pixels(pixels, colour)
        if n < 200:
            raise CheckFailed(f"{path.name}: the selected curve's colour {colour} is missing")
        detail += f", {n} pixels of the selected curve's colour {colour}"
    return detail


def vocabulary_boxes(window) -> list[tuple[str, object, dict[str, str]]]:
    """Every combo box of the window that offers one of the engine's vocabularies
    (``engine.choices``), with that vocabulary: (where, combo box, {key: English label})."""
    from engine import choices

    images, xor = window.images, window.labs["labs-xor"]
    boxes = [
        ("images scaling", images.scaling, choices.SCALINGS),
        ("images pre-stage", images.pre, choices.PRE_STAGES),
        ("images display", images.display, choices.DISPLAYS),
        ("XOR lab optimizer", xor.optimizer_combo, choices.OPTIMIZERS),
        ("depth lab initialisation", window.labs["labs-depth"].init_combo, choices.INITIALISATIONS),
    ]
    if window.network is not None:  # built after the first frame
        boxes += [
            ("network lab optimizer", window.network.optimizer_combo, choices.OPTIMIZERS),
            ("network lab initialisation", window.network.init_combo, choices.INITIALISATIONS),
        ]
    return boxes


@dataclass(frozen=True)
class PipelineCheck:
    """What the pipeline job saw: its thread, the images, the batch and the module's answer."""

    thread: str
    images: object  # uint8 N×3×32×32
    batch: object  # engine.pipeline.Batch
    reference: object  # the module applied directly


@dataclass(frozen=True)
class NetworkCheck:
    """One race step per contestant: its thread, the step points, identical start, moved."""

    thread: str
    steps: list
    same_start: bool
    moved: bool


@dataclass(frozen=True)
class TorchvisionCheck:
    version: str
    to_tensor_equal: bool
    nms_keep: list
    md5s: dict


class SelfTest:
    def __init__(self, app, lang: str, workdir: Path, timeout_s: float) -> None:
        self.app = app
        self.lang = lang
        self.workdir = workdir
        self.started = time.monotonic()
        self.deadline = self.started + timeout_s
        self.timeout_s = timeout_s
        self.results: list[bool] = []
        self.window = None

    # -- helpers ---------------------------------------------------------------------------
    def check(self, name: str, fn: Callable[[], str]) -> bool:
        try:
            detail = fn()
        except CheckFailed as exc:
            ok, detail = False, str(exc)
        except Exception as exc:
            ok, detail = False, f"{type(exc).__name__}: {exc}"
            traceback.print_exc(file=sys.stderr)
        else:
            ok = True
        self.results.append(ok)
        _emit(f"{'PASS' if ok else 'FAIL'} {name} — {_one_line(detail)}")
        return ok

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def wait_until(self, predicate: Callable[[], bool], what: str, calm: int = 1) -> float:
        """Run the event loop until ``predicate`` holds ``calm`` polls in a row; seconds taken.

        Raises CheckFailed when the overall time limit runs out first.
        """
        from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

        t0 = time.monotonic()
        ticker = QTimer()
        ticker.start(POLL_MS)  # wakes the loop below at least every poll
        flags = (
            QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
        )
        polls = 0
        try:
            while True:
                polls = polls + 1 if predicate() else 0
                if polls >= calm:
                    return time.monotonic() - t0
                if self.remaining() <= 0:
                    elapsed = time.monotonic() - self.started
                    raise CheckFailed(
                        f"timed out after {elapsed:.1f} s waiting for {what}"
                        f" (limit {self.timeout_s:g} s)"
                    )
                QCoreApplication.processEvents(flags)
        finally:
            ticker.stop()

    def run_job(self, name: str, fn: Callable[[object], object]) -> tuple[object, float]:
        """Submit ``fn`` on the app's job runner through the bridge; wait for its result."""
        key = JOB_PREFIX + name
        t0 = time.monotonic()
        outcome: list[tuple[bool, object]] = []
        handle = self.window.bridge.submit(
            key,
            fn,
            on_done=lambda value: outcome.append((True, value)),
            on_error=lambda exc: outcome.append((False, exc)),
        )
        if not handle.active:
            raise CheckFailed("the job bridge refused the job (shut down)")
        self.wait_until(lambda: bool(outcome), f"the job {key}")
        ok, value = outcome[0]
        if not ok:
            raise CheckFailed(f"{key} failed on the worker: {value!r}")
        return value, time.monotonic() - t0

    # -- the checks ------------------------------------------------------------------------
    def run(self) -> None:
        self.check("resources", self.check_resources)
        if not self.check("window", self.open_window):
            return self.not_run(["engine", "panels", *LATER_CHECKS], "no window")
        if not self.check("engine", self.check_engine):
            return self.not_run(["panels", *LATER_CHECKS], "PyTorch did not load")
        for name in list(self.window.panels):
            self.check(f"panel {name}", lambda name=name: self.check_panel(name))
        self.window.show_panel("explorer")
        for name in LATER_CHECKS:
            self.check(name, getattr(self, "check_" + name.replace(" ", "_")))
        return None

    def not_run(self, names: list[str], why: str) -> None:
        for name in names:
            self.results.append(False)
            _emit(f"FAIL {name} — not run: {why}")

    def check_choices(self) -> str:
        """Each vocabulary box offers exactly the engine's keys, labelled in the UI's language."""
        from engine import catalogue, choices
        from gui.i18n import tr

        window = self.window
        boxes = vocabulary_boxes(window)
        for where, box, table in boxes:
            keys = [box.itemData(i) for i in range(box.count())]
            if keys != list(table):
                raise CheckFailed(f"the {where} box offers {keys}, the engine {list(table)}")
            texts = [box.itemText(i) for i in range(box.count())]
            if texts != [tr(label) for label in table.values()]:
                raise CheckFailed(f"the {where} box shows {texts}")
        if list(window.panels) != list(choices.PANELS):
            raise CheckFailed(f"the tabs are {list(window.panels)}, the engine's panels differ")
        shown = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        if shown != [tr(label) for label in choices.PANELS.values()]:
            raise CheckFailed(f"the tabs are titled {shown}")
        for where, actions, table in (
            ("theme", window.actions_.themes, choices.THEMES),
            ("language", window.actions_.languages, choices.LANGUAGES),
        ):
            if list(actions) != list(table):
                raise CheckFailed(f"the {where} menu offers {list(actions)}")
        keys = [s.key for s in catalogue.CATALOGUE]
        listed = [e.spec.key for e in window.explorer_state.entries if not e.spec.user_defined]
        if listed != keys:
            raise CheckFailed(
                f"the explorer lists {len(listed)} activations, the catalogue {len(keys)}"
            )
        return (
            f"{len(boxes)} choice boxes, {len(choices.PANELS)} tabs, the theme and language menus "
            f"and {len(keys)} activations are the engine's vocabulary"
        )

    def check_curve(self) -> str:
        return self._check_plot(derivative=False)

    def check_derivative(self) -> str:
        return self._check_plot(derivative=True)

    def check_resources(self) -> str:
        from engine.lesson import LessonError, load_builtin
        from engine.resources import resources_root
        from engine.texts import LANGUAGES, LESSON_KEYS, load_activation_texts

        root = resources_root()
        if not root.is_dir():
            raise CheckFailed(f"no resources folder at {root}")
        counts = []
        for lang in LANGUAGES:
            texts = load_activation_texts(lang)
            missing = [k for k in LESSON_KEYS if k not in texts]
            if missing:
                raise CheckFailed(f"{lang} texts miss {', '.join(missing)}")
            counts.append(f"{lang} {len(texts)}")
        steps = []
        for lang in LANGUAGES:  # the built-in lesson ships in every language
            try:
                steps.append(f"{lang} {len(load_builtin(lang))}")
            except LessonError as exc:
                raise CheckFailed(f"built-in lesson ({lang}): {exc.message}") from None
        where = "bundle" if getattr(sys, "frozen", False) else "source tree"
        return (
            f"{root} ({where}); activation texts: {', '.join(counts)}; "
            f"lesson steps: {', '.join(steps)}"
        )

    def open_window(self) -> str:
        from PySide6.QtCore import QSettings

        import gui.style
        from gui.first_frame import after_first_frame
        from gui.main_window import MainWindow

        gui.style.apply(self.app)
        data_dir = self.workdir / "data"
        data_dir.mkdir()
        settings = QSettings(str(self.workdir / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(lang=self.lang, data_dir=data_dir, settings=settings)
        self.window = window
        window.resize(*WINDOW_SIZE)
        window.show_panel("explorer")
        window.show()
        after_first_frame(window, time.perf_counter(), window.start)
        return f"{len(window.panels)} panels: {', '.join(window.panels)}; language {self.lang}"

    def check_engine(self) -> str:
        explorer = self.window.explorer
        seconds = self.wait_until(
            lambda: explorer.engine_ready or explorer.engine_error is not None, "PyTorch to load"
        )
        if explorer.engine_error is not None:
            raise CheckFailed(
                f"PyTorch could not be loaded on the worker: {explorer.engine_error!r}"
            )
        import torch

        return (
            f"PyTorch {explorer.torch_version} loaded on the worker thread in {seconds:.1f} s, "
            f"{torch.get_num_threads()} threads"
        )

    def check_panel(self, name: str) -> str:
        window = self.window
        window.show_panel(name)
        panel = window.panels[name]
        seconds = self.wait_until(lambda: window.is_settled, f"the {name} panel", calm=CALM_POLLS)
        panel = window.panels[name]  # a placeholder may have been replaced meanwhile
        if window.tabs.currentWidget() is not panel:
            raise CheckFailed(f"the {name} panel is not the current tab")
        if not panel.isVisible():
            raise CheckFailed(f"the {name} panel is not visible")
        return f"{type(panel).__name__} shown and settled in {seconds:.2f} s"

    def _check_plot(self, derivative: bool) -> str:
        import numpy as np
        import torch

        from engine.modules import build_module

        explorer = self.window.explorer
        self.wait_until(lambda: explorer.is_settled, "the explorer's curves")
        key = explorer.state.selected
        entry = explorer.state.entry(key)
        items = explorer.curves.items.get(key)
        if items is None or not items.shown:
            raise CheckFailed(f"no curve is shown for the selected activation {key}")
        x, values = (items.d if derivative else items.f).getData()
        if x is None or values is None or len(x) == 0:
            raise CheckFailed(f"the {key} plot item holds no data")
        idx = sorted({int(np.argmin(np.abs(x - p))) for p in CURVE_POINTS})
        points = np.asarray(x, dtype=np.float64)[idx]
        module = build_module(entry.spec, entry.params).double()
        xt = torch.tensor(points, dtype=torch.float64, requires_grad=True)
        if entry.spec.family == "vector":
            others = torch.tensor(entry.params["others"], dtype=torch.float64)
            y = module(torch.cat([xt[:, None], others.expand(len(points), -1)], dim=1))[:, 0]
        else:
            y = module(xt)
        (dy,) = torch.autograd.grad(y.sum(), xt)
        expected = (dy if derivative else y).detach().numpy()
        shown = np.asarray(values, dtype=np.float64)[idx]
        if not np.allclose(shown, expected, rtol=1e-9, atol=1e-12):
            worst = int(np.argmax(np.abs(shown - expected)))
            raise CheckFailed(
                f"{entry.spec.name}: plotted {shown[worst]!r} at x = {points[worst]:g}, "
                f"torch gives {expected[worst]!r}"
            )
        what = "autograd f′" if derivative else "f"
        pairs = ", ".join(f"{p:g}→{v:.4g}" for p, v in zip(points, shown, strict=True))
        return f"{entry.spec.name}: plotted {what} equals torch at {len(idx)} points ({pairs})"

    def check_pipeline(self) -> str:
        import numpy as np

        def job(ctx):
            from engine import catalogue
            from engine.pipeline import PipelineConfig, direct, process
            from engine.sample_data import generate_samples

            images = generate_samples(per_class=4, seed=1).splits["all"].images
            ctx.check()
            spec = catalogue.get("sigmoid")
            config = PipelineConfig()
            batch = process(images, spec, None, config)
            reference = direct(images, spec, None, config).numpy()
            return PipelineCheck(threading.current_thread().name, images, batch, reference)

        got, seconds = self.run_job("pipeline", job)
        thread, images, batch, reference = got.thread, got.images, got.batch, got.reference
        if thread == threading.current_thread().name:
            raise CheckFailed(f"the job ran on the GUI thread ({thread})")
        n = images.shape[0]
        if batch.after.shape != images.shape or batch.after_display.shape != (n, 32, 32, 3):
            raise CheckFailed(f"unexpected shapes {batch.after.shape}, {batch.after_display.shape}")
        lo, hi = float(batch.after.min()), float(batch.after.max())
        if lo < 0.5 or hi > 0.7311:
            raise CheckFailed(f"Sigmoid of [0, 1] pixels gave [{lo:.4f}, {hi:.4f}]")
        if not np.allclose(batch.after, reference, rtol=0, atol=1e-6):
            raise CheckFailed("the lookup-table path differs from the module on the whole batch")
        if not np.array_equal(batch.before_display, images.transpose(0, 2, 3, 1)):
            raise CheckFailed("the 'before' display does not give the original pixels back")
        return (
            f"{n} generated images through Sigmoid on worker thread '{thread}' in {seconds:.2f} s;"
            f" output in [{lo:.4f}, {hi:.4f}], {'lookup tables' if batch.fast else 'direct'}"
            " = the module on the whole batch"
        )

    def check_network(self) -> str:
        """One short race step of the network lab on the worker, as the panel runs it."""

        def job(ctx):
            from engine.network_config import Contestant, RaceConfig, StepPoint
            from engine.network_jobs import advance_race
            from engine.network_race import Race, RaceData
            from engine.sample_data import generate_samples

            data = RaceData.from_image_set(generate_samples(per_class=8, seed=2))
            config = RaceConfig(
                contestants=(Contestant("relu"), Contestant("sigmoid")),
                batch_size=16,
                train_size=64,
                epochs=1,
            )
            race = Race(config, data)
            first = [m.convs[0].weight.detach().clone() for m in race.models]
            update = advance_race(race, 0, budget_s=1e-9)(ctx)  # one unit: ReLU's batch
            update = advance_race(race, len(update.points), budget_s=1e-9)(ctx)  # Sigmoid's
            steps = [p for p in race.history if isinstance(p, StepPoint)]
            same = bool((first[0] == first[1]).all())
            moved = not bool((race.models[0].convs[0].weight == first[0]).all())
            return NetworkCheck(threading.current_thread().name, steps, same, moved)

        got, seconds = self.run_job("network", job)
        thread, steps, same, moved = got.thread, got.steps, got.same_start, got.moved
        if thread == threading.current_thread().name:
            raise CheckFailed(f"the race ran on the GUI thread ({thread})")
        if [p.contestant for p in steps] != [0, 1]:
            raise CheckFailed(f"expected one batch per contestant, got {len(steps)} steps")
        if not same:
            raise CheckFailed("the contestants did not start from identical weights")
        if not moved or not all(math.isfinite(p.loss) for p in steps):
            raise CheckFailed("the training step changed nothing or gave a non-finite loss")
        losses = ", ".join(f"{p.loss:.3f}" for p in steps)
        return (
            f"one batch for ReLU and one for Sigmoid from identical weights on worker thread "
            f"'{thread}' in {seconds:.2f} s; losses {losses}"
        )

    def check_torchvision(self) -> str:
        def job(ctx):
            import numpy as np
            import torch
            import torchvision
            from torchvision.transforms import functional as TF

            from engine.cifar import official_md5s
            from engine.pipeline import scale
            from engine.sample_data import generate_samples

            images = generate_samples(per_class=1).splits["all"].images
            theirs = torch.stack(
                [TF.to_tensor(np.ascontiguousarray(i.transpose(1, 2, 0))) for i in images]
            )
            ours = scale(images, "to_tensor")
            boxes = torch.tensor(
                [[0, 0, 10, 10], [1, 1, 10, 10], [20, 20, 30, 30]], dtype=torch.float
            )
            keep = torchvision.ops.nms(boxes, torch.tensor([0.9, 0.8, 0.7]), 0.5)
            return TorchvisionCheck(
                torchvision.__version__, torch.equal(theirs, ours), keep.tolist(), official_md5s()
            )

        got, seconds = self.run_job("torchvision", job)
        version, same, keep, md5s = got.version, got.to_tensor_equal, got.nms_keep, got.md5s
        if not same:
            raise CheckFailed("ToTensor() and the pipeline's scaling differ")
        if keep != [0, 2]:
            raise CheckFailed(f"torchvision.ops.nms gave {keep}, expected [0, 2]")
        if len(md5s) != 7:
            raise CheckFailed(f"CIFAR-10 MD5 table has {len(md5s)} entries, expected 7")
        return (
            f"torchvision {version}: ToTensor() equals the pipeline's scaling bit for bit, "
            f"compiled nms works, CIFAR-10 MD5 table read ({seconds:.2f} s)"
        )

    def check_image_folder(self) -> str:
        import numpy as np
        from PySide6.QtGui import QImage

        from engine import image_jobs
        from engine.sample_data import SAMPLE_CLASSES, generate_samples

        folder = self.workdir / "folder"
        samples = generate_samples(per_class=2, seed=2)
        images = samples.splits["all"].images[:6]
        labels = samples.splits["all"].labels[:6]
        for i, (pixels, label) in enumerate(zip(images, labels, strict=True)):
            rgb = np.ascontiguousarray(pixels.transpose(1, 2, 0))
            qimage = QImage(rgb.data, 32, 32, 32 * 3, QImage.Format.Format_RGB888)
            target = folder / SAMPLE_CLASSES[label].replace(" ", "_") / f"{i}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            if not qimage.save(str(target), "PNG"):
                raise CheckFailed(f"could not write {target.name} with Qt")
        loaded, seconds = self.run_job("folder", image_jobs.open_source(folder))
        got = loaded.image_set.splits["all"].images
        if set(loaded.counts) != {"all"}:
            raise CheckFailed("the byte counts of the folder were not computed while loading")
        if got.shape != images.shape:
            raise CheckFailed(f"read {got.shape}, wrote {images.shape}")
        # Sorted by class folder, then file name: match each written image by content.
        written = {images[i].tobytes() for i in range(len(images))}
        read = {got[i].tobytes() for i in range(len(got))}
        if written != read:
            raise CheckFailed("the images read back differ from the PNGs written")
        classes = len(loaded.image_set.classes)
        return (
            f"{len(got)} PNGs in {classes} class folders written by Qt, read back "
            f"through PIL and torchvision's transforms on the worker, unchanged ({seconds:.2f} s)"
        )

    def check_code(self) -> str:
        """Show code carries the engine's own code into the network script (the sample generator,
        the folder recipe, the split): a bundle must ship those modules' source."""
        import ast

        from engine.codegen_errors import CodeError
        from engine.codegen_export import CodeState, script_for

        sizes = []
        for kind, needs in (("samples", "def sample_pixels("), ("folder", "def rgb_small(")):
            state = CodeState(data_kind=kind, data_folder=self.workdir / "folder")
            try:
                text = script_for("labs-network", state)
            except CodeError as exc:
                raise CheckFailed(_one_line(exc.message)) from None
            ast.parse(text)
            if needs not in text or "def train_test_indices(" not in text:
                raise CheckFailed(f"the {kind} script lacks the program's own code")
            sizes.append(str(len(text.splitlines())))
        return (
            "the network lab's script on the built-in samples and on an image folder carries "
            f"the program's own code ({' and '.join(sizes)} lines, valid Python)"
        )

    def check_screenshot(self) -> str:
        window = self.window
        self.wait_until(lambda: window.is_settled, "the window to settle", calm=CALM_POLLS)
        path = self.workdir / "screenshot.png"
        pixmap = window.grab()
        if not pixmap.save(str(path), "PNG"):
            raise CheckFailed(f"QPixmap.save failed for {path}")
        size = (pixmap.width(), pixmap.height())
        expected = tuple(round(v * pixmap.devicePixelRatio()) for v in WINDOW_SIZE)
        if size != expected:
            raise CheckFailed(f"grabbed {size[0]}×{size[1]}, window is {WINDOW_SIZE}")
        colour = window.explorer.state.entry(window.explorer.state.selected).colour
        return _check_png(path, size, colour)

    def check_export(self) -> str:
        from pyqtgraph.exporters import ImageExporter

        curves = self.window.explorer.curves
        path = self.workdir / "curve.png"
        exporter = ImageExporter(curves.f_plot)
        exporter.parameters()["width"] = EXPORT_WIDTH
        height = int(exporter.parameters()["height"])
        exporter.export(str(path))
        colour = self.window.explorer.state.entry(self.window.explorer.state.selected).colour
        return _check_png(path, (EXPORT_WIDTH, height), colour)

    def close(self) -> None:
        if self.window is not None:
            self.window.close()  # shuts the job runner down


def _watchdog(limit_s: float) -> threading.Timer:
    def expire() -> None:
        _emit(f"FAIL timeout — the self-test did not end within {limit_s:g} s; stopped")
        os._exit(1)

    timer = threading.Timer(limit_s, expire)
    timer.daemon = True
    timer.start()
    return timer


def run_self_test(lang: str = "en", timeout_s: float = TIMEOUT_S) -> int:
    """Run every check; 0 if all passed, 1 otherwise. Must be called before a QApplication
    exists (it forces the offscreen platform when none is set)."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    watchdog = _watchdog(timeout_s + WATCHDOG_GRACE_S)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    workdir = Path(tempfile.mkdtemp(prefix="activation-lab-self-test-"))
    # Anything that opens a default QSettings() lands in the temporary folder as well.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(workdir / "settings"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Activation Lab self-test")
    app.setOrganizationName("Activation Lab")
    test = SelfTest(app, lang, workdir, timeout_s)
    try:
        test.run()
    finally:
        test.close()
    passed = bool(test.results) and all(test.results)
    if passed:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"self-test: files kept in {workdir}", file=sys.stderr)
    watchdog.cancel()
    return 0 if passed else 1
