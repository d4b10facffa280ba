"""Activation Lab — entry point: parse arguments, build the QApplication and the main window.

Nothing here imports torch: the window appears first and torch loads on the worker thread.
"""

from __future__ import annotations

import argparse
import multiprocessing
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
    parser.add_argument("--panel", default="explorer", help="panel shown at start (explorer)")
    parser.add_argument("--lang", choices=LANGS, help="language of the texts (default: system)")
    parser.add_argument("--size", default="1600x1000", help="window size WxH (default 1600x1000)")
    return parser.parse_args(argv)


def system_lang() -> str:
    from PySide6.QtCore import QLocale

    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
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
    window = MainWindow(lang=args.lang or system_lang())
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

    done = {"ok": False}

    def save() -> None:
        if done["ok"]:
            return
        done["ok"] = True
        # Let the last setData calls paint before grabbing.
        QTimer.singleShot(200, lambda: (window.grab().save(path, "PNG"), app.quit()))

    if window.explorer.is_settled:
        save()
    window.explorer.settled.connect(save)
    QTimer.singleShot(int(timeout_s * 1000), app.quit)
    app.exec()
    window.close()
    if not done["ok"]:
        print(f"screenshot: the window did not finish loading within {timeout_s:g} s")
        return 1
    print(f"screenshot written to {path}")
    return 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
