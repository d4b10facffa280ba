"""Shared test set-up: headless Qt, and one main window factory that always shuts down."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings and app data of the tests (and of main.py run as a subprocess) go to a throw-away
# folder, never the user's: QSettings and QStandardPaths follow the XDG variables on Linux.
_SANDBOX = tempfile.mkdtemp(prefix="activation-lab-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SANDBOX, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_SANDBOX, "data")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


import pytest  # noqa: E402


@pytest.fixture
def main_window(qtbot, tmp_path):
    """A main window with the engine loaded and every visible curve drawn; always shut down."""
    from PySide6.QtCore import QSettings

    from gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(lang="en", settings=settings, data_dir=tmp_path / "appdata")
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.explorer.is_settled, timeout=60_000)
    yield window
    window.close()
    # Closing cancels the workers and waits briefly; work that cannot stop that soon (the first
    # statistics while torch warms up) is joined afterwards, as main() does.
    window.join_workers()
    assert not window.bridge.runner.alive


@pytest.fixture
def explorer(main_window):
    return main_window.explorer


def wait_settled(qtbot, explorer, timeout: int = 10_000) -> None:
    """Wait until every requested curve has arrived and been drawn."""
    qtbot.waitUntil(lambda: explorer.is_settled, timeout=timeout)


@pytest.fixture(autouse=True)
def no_worker_thread_left_running():
    """Every test must shut down the job runners it started."""
    import threading

    yield
    workers = [t for t in threading.enumerate() if t.name.startswith("activation-lab-worker")]
    for t in workers:
        t.join(timeout=5)  # a runner that was shut down has already been joined
    alive = [t.name for t in workers if t.is_alive()]
    assert not alive, f"worker threads left running: {alive}"


@pytest.fixture
def cifar_dir(tmp_path_factory):
    """A small CIFAR-10 folder in the official format (test 40, train 5×30 images)."""
    from tests.cifar_fixtures import write_cifar10

    root = tmp_path_factory.mktemp("cifar")
    write_cifar10(root, n_test=40, n_train_per_batch=30, seed=3)
    return root


@pytest.fixture
def app_window(qtbot, tmp_path, cifar_dir):
    """The main window opened on a CIFAR-10 fixture, its images loaded and first stats shown."""
    from PySide6.QtCore import QSettings

    from gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        lang="en", data_dir=tmp_path / "appdata", settings=settings, cifar_root=cifar_dir
    )
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show_panel("images")
    window.show()
    window.start()
    window.show_panel("images")
    qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
    yield window
    window.close()
    # Closing cancels the workers and waits briefly; work that cannot stop that soon (the first
    # statistics while torch warms up) is joined afterwards, as main() does.
    window.join_workers()
    assert not window.bridge.runner.alive


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A test that switched to Chinese must not leave the next one translated."""
    yield
    i18n = sys.modules.get("gui.i18n")
    if i18n is not None:
        from PySide6.QtCore import QCoreApplication

        if QCoreApplication.instance() is not None:
            i18n.install("en")


def open_settled_window(qtbot, tmp_path, size: tuple[int, int]):
    """A shown main window of ``size`` with its own settings file, started and settled."""
    from PySide6.QtCore import QSettings

    from gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(lang="en", settings=settings, data_dir=tmp_path / "appdata")
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
    return window


def close_window(window) -> None:
    """Close as the program does, and leave English and the plain look for the next test."""
    from PySide6.QtWidgets import QApplication

    from gui import i18n, style

    window.close()
    window.join_workers()
    i18n.install("en")
    style.apply(QApplication.instance(), theme="light", classroom=False)
