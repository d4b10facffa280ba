"""The command line: screenshot, panel choice, start-up order."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtGui import QImage

from tests.conftest import ROOT


def run_main(*args: str, env: dict | None = None, timeout: int = 180):
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def image_array(path) -> np.ndarray:
    img = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    ptr = img.constBits()
    arr = np.frombuffer(ptr, dtype=np.uint8, count=img.sizeInBytes())
    rows = arr.reshape(img.height(), img.bytesPerLine())[:, : img.width() * 3]
    return rows.reshape(img.height(), img.width(), 3).copy()  # the QImage dies on return


def test_screenshot_writes_a_png_with_curves_drawn(qapp, tmp_path):
    out = tmp_path / "shot.png"
    result = run_main("--screenshot", str(out), "--lang", "en", "--size", "1200x800")
    assert result.returncode == 0, result.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1200, 800)
    pixels = image_array(out)
    # The plot area (middle of the window) carries the default curves' colours, not just
    # white background and grey grid: ReLU is drawn in #0072B2.
    middle = pixels[100:700, 250:900].reshape(-1, 3).astype(int)
    relu_blue = np.abs(middle - [0x00, 0x72, 0xB2]).sum(axis=1) < 40
    assert relu_blue.sum() > 500
    assert len(np.unique(middle, axis=0)) > 50


def test_unknown_panel_is_refused():
    from engine import choices

    result = run_main("--panel", "nonsense", "--screenshot", "/dev/null")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Traceback" not in result.stderr
    for name in choices.PANELS:  # every panel the window has is offered
        assert name in result.stderr


def test_help_names_every_panel():
    from engine import choices

    result = run_main("--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert choices.described(choices.PANELS) in text


def test_bad_lang_is_refused():
    result = run_main("--lang", "fr")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_first_frame_comes_before_torch_is_imported():
    result = run_main(env={"ACTIVATION_LAB_FIRST_FRAME": "exit"}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "torch_loaded_at_first_frame: False" in result.stdout
    assert "first_frame_s:" in result.stdout


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_info_language_follows_lang(qtbot, lang):
    from gui.main_window import MainWindow

    window = MainWindow(lang=lang)
    qtbot.addWidget(window)
    try:
        text = window.explorer.info.toPlainText()
        assert ("输出范围" in text) == (lang == "zh_CN")
        assert ("Output range" in text) == (lang == "en")
    finally:
        window.close()


def test_inspect_data_summarises_a_cifar_folder(cifar_dir):
    result = run_main("--inspect-data", str(cifar_dir))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("cifar10: test 40, train 150; 10 classes (airplane")
    assert "unverified" in lines[0]
    assert "PySide6" not in result.stderr


@pytest.mark.parametrize(
    ("damage", "needle"),
    [
        ("truncate", "test_batch"),
        ("remove_meta", "batches.meta"),
        ("not_a_folder", "no such folder"),
        ("malicious", "asks to run code"),
    ],
)
def test_inspect_data_bad_data_gives_one_line_and_exit_2(tmp_path, damage, needle):
    from tests.cifar_fixtures import malicious_pickle, write_cifar10

    root = tmp_path / "data"
    write_cifar10(root, n_test=5, n_train_per_batch=5)
    batches = root / "cifar-10-batches-py"
    marker = tmp_path / "pwned"
    if damage == "truncate":
        data = (batches / "test_batch").read_bytes()
        (batches / "test_batch").write_bytes(data[: len(data) // 2])
    elif damage == "remove_meta":
        (batches / "batches.meta").unlink()
    elif damage == "not_a_folder":
        root = tmp_path / "nowhere"
    elif damage == "malicious":
        malicious_pickle(batches / "test_batch", marker)
    result = run_main("--inspect-data", str(root))
    assert result.returncode == 2
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert not marker.exists()


def test_size_gives_a_window_of_exactly_that_size(qapp, tmp_path):
    """The issue: --panel images --size 1366x768 gave a 1366×785 window."""
    out = tmp_path / "images.png"
    result = run_main(
        "--screenshot", str(out), "--lang", "zh_CN", "--panel", "images", "--size", "1366x768"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)


def test_classroom_option_starts_in_classroom_mode(qapp, tmp_path):
    out = tmp_path / "classroom.png"
    result = run_main("--screenshot", str(out), "--lang", "en", "--classroom")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "classroom" in run_main("--help").stdout
