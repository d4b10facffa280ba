"""Activation Lab — entry point: parse arguments, build the QApplication and the main window.

Nothing here imports torch: the window appears first and torch loads on the worker thread.
"""

from __future__ import annotations

import argparse
import sys
import time

START = time.perf_counter()
LANGS = ("zh_CN", "en")


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
        "--panel", default="explorer", help="panel shown at start: explorer or images"
    )
    parser.add_argument("--lang", choices=LANGS, help="language of the texts (default: system)")
    parser.add_argument("--size", default="1600x1000", help="window size WxH (default 1600x1000)")
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
    return parser.parse_args(argv)


def inspect_data(path: str) -> int:
    """``--inspect-data``: no window, one line, exit code 0 or 2."""
    from pathlib import Path

    from engine.data_sources import inspect_data as inspect

    code, line = inspect(Path(path))
    # A Windows console may not encode every character of a file name or a dash.
    encoding = sys.stdout.encoding or "utf-8"
    print(line.encode(encoding, errors="replace").decode(encoding, errors="replace"))
    return code


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
        user = QSettings().value("data/cifar_folder", "", type=str)
        cifar_dir = find_cifar10(Path(app_data), Path(user) if user else None)
    return run_race_cli(args.race, args.epochs, cifar_dir, args.train_size)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.inspect_data:
        return inspect_data(args.inspect_data)
    if args.race:
        return race(args)
    if args.self_test:
        from gui.self_test import run_self_test

        return run_self_test(lang=args.lang or "en")
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    import gui.style
    from gui.first_frame import after_first_frame
    from gui.main_window import PANEL_NAMES, MainWindow

    if args.panel not in PANEL_NAMES:
        print(f"unknown panel '{args.panel}'; choose from: {', '.join(PANEL_NAMES)}")
        return 2
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        print(f"--size must look like 1600x1000, not '{args.size}'")
        return 2

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Activation Lab")
    app.setOrganizationName("Activation Lab")
    gui.style.apply(app)
    cifar_root = Path(args.cifar_root) if args.cifar_root else None
    # Without --lang: the language chosen last time, else the system's.
    window = MainWindow(lang=args.lang, cifar_root=cifar_root)
    window.resize(width, height)
    window.show_panel(args.panel)
    window.show()
    # Torch loads on the worker thread, and only once the first frame is on screen.
    after_first_frame(window, START, window.start)

    if args.screenshot:
        return _screenshot(app, window, args.screenshot)
    return app.exec()


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
