"""Activation Lab — entry point: parse arguments, build the QApplication and the main window.

Nothing here imports torch: the window appears first and torch loads on the worker thread.
"""

from __future__ import annotations

import argparse
import sys
import time

from engine import choices

START = time.perf_counter()
OFFSCREEN_MAX = (3840, 2160)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="activation-lab",
        description="Activation Lab: non-linear activation functions on the real PyTorch modules.",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE",
        help="render the main window once everything shown has loaded, save it as PNG and exit",
    )
    parser.add_argument(
        "--panel",
        choices=list(choices.PANELS),
        metavar="NAME",
        help=f"panel shown at start (default: --preset's, else explorer): "
        f"{choices.described(choices.PANELS)}",
    )
    parser.add_argument(
        "--lang",
        choices=list(choices.LANGUAGES),
        help="language of the texts (default: the one chosen last, else the system's)",
    )
    parser.add_argument(
        "--size",
        help="window size WxH (default: the size it had last time, at first start the "
        "screen's free area)",
    )
    parser.add_argument(
        "--classroom",
        action="store_true",
        help="start in classroom mode: full screen, large fonts and lines (for a desktop shortcut)",
    )
    parser.add_argument(
        "--cifar-root",
        metavar="DIR",
        help="open the image browser on this CIFAR-10 folder (or the folder holding it)",
    )
    parser.add_argument(
        "--inspect-data",
        metavar="DIR",
        help="load DIR as the app would, print a one-line summary and exit (2 on bad data)",
    )
    parser.add_argument(
        "--preset",
        metavar="FILE",
        help="start with this lesson preset applied: activations, images and split, labs, "
        "panel, language and theme (--lang and --panel win; exit 2 if it cannot be read or is "
        "refused)",
    )
    parser.add_argument(
        "--lesson",
        metavar="FILE",
        help="start in lesson mode with this lesson file open at its first step "
        "(exit 2 if it cannot be read or is refused)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window headless, check panels, curves, pipeline and image export, "
        "print PASS/FAIL per check and exit (0 only if all passed)",
    )
    parser.add_argument(
        "--race",
        metavar="KEYS",
        help="network lab without a window: train the CNN with these activations (e.g. "
        "relu,sigmoid,tanh), print 'epoch E KEY loss=L acc=A' per activation per epoch",
    )
    parser.add_argument("--epochs", type=int, default=1, help="epochs for --race (default 1)")
    parser.add_argument(
        "--train-size", type=int, metavar="N", help="training images for --race (default 10000)"
    )
    parser.add_argument(
        "--eval-formula",
        metavar="EXPR",
        action="append",
        help="evaluate an own activation (formula in x) at the points of --at and print "
        "'ok f(x1) f'(x1) …' or 'refused REASON'; may be repeated (exit 2 if any was refused)",
    )
    parser.add_argument("--at", metavar="X1,X2,…", help="the points for --eval-formula")
    parser.add_argument(
        "--export-code",
        nargs=2,
        metavar=("PANEL", "FILE"),
        help=f"write the PyTorch script of PANEL ({choices.described(choices.CODE_PANELS)}) for "
        "the start state, or --preset's, and exit; --cifar-root sets the data",
    )
    return parser.parse_args(_glue_values(sys.argv[1:] if argv is None else argv))


# Options whose value may start with "-" (a formula "-x", points "-1,0,1"): argparse would take
# such a value for an option, so "--at -1,2" becomes "--at=-1,2" before parsing.
_FREE_VALUES = ("--eval-formula", "--at")


def _glue_values(argv: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] in _FREE_VALUES and i + 1 < len(argv):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def _translator(lang: str | None):
    """Engine messages in ``lang`` for command-line output (English without --lang)."""
    if lang in (None, "en"):
        return str
    from PySide6.QtCore import QCoreApplication

    from gui.i18n import install, tr_message

    if QCoreApplication.instance() is None:
        _translator.app = QCoreApplication(sys.argv[:1])  # kept alive for the translator
    install(lang)
    return tr_message


def export_code(args: argparse.Namespace) -> int:
    """``--export-code PANEL FILE``: no window, one line, exit code 0 or 2."""
    from engine.codegen_export import export_code as export

    panel, path = args.export_code
    translate = _translator(args.lang)
    # The script's comments in --lang too (English without it, like the printed line).
    code, message = export(panel, path, args.cifar_root, args.preset, translate)
    _print(translate(message))
    return code


def eval_formulas(formulas: list[str], at: str | None, lang: str | None) -> int:
    """``--eval-formula``: no window, one line per formula, exit code 0 or 2."""
    from engine.formula_cli import run

    return run(formulas, at, _translator(lang), _print)


def inspect_data(path: str) -> int:
    """``--inspect-data``: no window, one line, exit code 0 or 2."""
    from pathlib import Path

    from engine.data_sources import inspect_data as inspect

    code, line = inspect(Path(path))
    _print(line)
    return code


def read_preset(path: str) -> tuple[dict | None, str]:
    """``--preset``: the checked document, or None and the one line that says why not."""
    from engine.network_config import read_preset_section
    from engine.preset import PresetError, load_preset

    try:
        data = load_preset(path)
        read_preset_section(data)  # the network lab's part, checked before any window opens
        return data, ""
    except PresetError as exc:
        return None, _refusal(path, exc)


def _refusal(path: str, exc: Exception) -> str:
    from engine.datasets import one_line
    from engine.safe_files import clean_text

    reason = clean_text(one_line(exc))
    shown = clean_text(path)
    return reason if reason.startswith(shown) else f"{shown}: {reason}"


def read_lesson(path: str):
    """``--lesson``: (the lesson, "") or (None, the one line that says why not)."""
    from engine.datasets import one_line
    from engine.lesson import LessonError, load_lesson
    from engine.safe_files import clean_text

    try:
        return load_lesson(path), ""
    except LessonError as exc:
        reason = clean_text(one_line(exc))
        shown = clean_text(path)
        return None, reason if reason.startswith(shown) else f"{shown}: {reason}"


def _print(line: str) -> None:
    # A Windows console may not encode every character of a file name or a dash.
    encoding = sys.stdout.encoding or "utf-8"
    print(line.encode(encoding, errors="replace").decode(encoding, errors="replace"))


def parse_size(text: str) -> tuple[int, int] | None:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        return None
    return (width, height) if width > 0 and height > 0 else None


def clamp_size(app, width: int, height: int) -> tuple[int, int]:
    """The window size that fits the screen's available area (saying so when it had to shrink).

    A window larger than any screen only costs memory (a 99999×99999 back buffer is 40 GB).
    Without a real screen (offscreen, for screenshots) the limit is 4K.
    """
    if app.platformName() in ("offscreen", "minimal") or app.primaryScreen() is None:
        max_w, max_h = OFFSCREEN_MAX
    else:
        area = app.primaryScreen().availableGeometry()
        max_w, max_h = area.width(), area.height()
    fitted = min(width, max_w), min(height, max_h)
    if fitted != (width, height):
        _print(
            f"--size {width}x{height} does not fit the screen ({max_w}x{max_h}); "
            f"using {fitted[0]}x{fitted[1]}"
        )
    return fitted


def fit_screen(app, window) -> None:
    """The first window fills the screen's free area (without the task bar), so nothing starts
    off a 1366×768 projector's screen. Its frame is subtracted where the platform knows it."""
    screen = app.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame = window.frameGeometry().size() - window.geometry().size()
    window.move(area.topLeft())
    window.resize(area.width() - frame.width(), area.height() - frame.height())


def race(args: argparse.Namespace) -> int:
    """``--race``: the network lab headless; CIFAR-10 from --cifar-root or the app's folder."""
    from pathlib import Path

    from engine.network_cli import run_race_cli

    if args.cifar_root:
        cifar_dir: Path | None = Path(args.cifar_root)
    else:
        from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

        from engine.data_sources import find_cifar10

        # Where the window looks: the folder the user chose last, then the app's data folder.
        QCoreApplication.setOrganizationName("Activation Lab")
        QCoreApplication.setApplicationName("Activation Lab")
        app_data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        from gui import settings_keys

        user = QSettings().value(settings_keys.CIFAR_FOLDER, "", type=str)
        cifar_dir = find_cifar10(Path(app_data), Path(user) if user else None)
    return run_race_cli(args.race, args.epochs, cifar_dir, args.train_size)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.inspect_data:
        return inspect_data(args.inspect_data)
    if args.race:
        return race(args)
    if args.eval_formula:
        return eval_formulas(args.eval_formula, args.at, args.lang)
    if args.export_code:
        return export_code(args)
    if args.self_test:
        from gui.self_test import run_self_test

        return run_self_test(lang=args.lang or "en")
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    import gui.style
    from gui import settings_keys
    from gui.first_frame import after_first_frame
    from gui.main_window import PANEL_NAMES, MainWindow

    if args.panel is not None and args.panel not in PANEL_NAMES:
        print(f"unknown panel '{args.panel}'; choose from: {', '.join(PANEL_NAMES)}")
        return 2
    size = parse_size(args.size) if args.size else None
    if args.size and size is None:
        print(f"--size must look like 1366x768, not '{args.size}'")
        return 2
    preset_data = None
    if args.preset:
        preset_data, why = read_preset(args.preset)
        if preset_data is None:
            _print(why)
            return 2
    lesson = None
    if args.lesson:  # read before any window: a bad file changes nothing
        lesson, why = read_lesson(args.lesson)
        if lesson is None:
            _print(why)
            return 2

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Activation Lab")
    app.setOrganizationName("Activation Lab")
    gui.style.apply(app)
    cifar_root = Path(args.cifar_root) if args.cifar_root else None
    # Without --lang: the preset's language, else the one chosen last time, else the system's.
    lang = args.lang or (preset_data or {}).get("language")
    window = MainWindow(lang=lang, cifar_root=cifar_root)
    if preset_data is not None:
        from engine.preset import PresetError

        # Checked when read. The split is shown once the data loads, the labs once built.
        try:
            notes = window.exporter.apply_preset(preset_data, look=True, panel=not args.panel)
        except PresetError as exc:  # read and checked above: a programming error, said plainly
            _print(_refusal(args.preset, exc))
            return 2
        window.settings_notes.extend(notes)  # shown in the status bar after the first frame
    first_start = size is None and not window.settings.contains(settings_keys.GEOMETRY)
    if size is not None:
        window.resize(*clamp_size(app, *size))
    elif first_start:
        fit_screen(app, window)  # later starts restore the size it had
    if args.panel or preset_data is None:
        window.show_panel(args.panel or "explorer")
    if lesson is not None:
        window.lesson_bar.open_lesson(lesson, Path(args.lesson))
    if first_start and app.platformName() not in ("offscreen", "minimal"):
        # Under a window manager the frame (title bar) is known only once the window is on
        # screen: a window of the free area's size stuck out below it by the title bar's
        # height, status bar cut. Maximized, the window manager fits frame and all.
        window.showMaximized()
    else:
        window.show()
    if args.classroom:
        window.set_classroom(True)
    # Torch loads on the worker thread, and only once the first frame is on screen.
    after_first_frame(window, START, window.start)

    from gui.quit_signals import close_on_signals

    close_on_signals(window, app.quit)
    code = _screenshot(app, window, args.screenshot) if args.screenshot else app.exec()
    window.join_workers()  # a torch import still running when the window closed
    return code


def _screenshot(app, window, path: str, timeout_s: float = 120.0) -> int:
    from PySide6.QtCore import QTimer

    started = time.perf_counter()
    calm = {"polls": 0}
    result = {"code": 1}

    def poll() -> None:
        # Settled for a few polls in a row: views that fetch lazily (thumbnails) have asked.
        calm["polls"] = calm["polls"] + 1 if window.is_settled else 0
        if calm["polls"] >= 4:
            window.grab().save(path, "PNG")
            result["code"] = 0
            app.quit()
        elif time.perf_counter() - started > timeout_s:
            print(f"screenshot: the window did not finish loading within {timeout_s:g} s")
            app.quit()
        else:
            QTimer.singleShot(100, poll)

    QTimer.singleShot(100, poll)
    app.exec()
    window.close()
    if result["code"] == 0:
        print(f"screenshot written to {path}")
    return result["code"]


if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: child processes must not re-run
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
