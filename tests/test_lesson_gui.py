"""Lesson mode in the window: Page Down through the built-in lesson, keys, bad files, the
teacher's own lessons, --lesson; and the Guide's link into the XOR lab."""

from __future__ import annotations

import json
import os
import sys

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtWidgets import QApplication

from engine import lesson as lessons
from engine import preset
from gui.main_window import MainWindow
from tests.cifar_fixtures import write_cifar10
from tests.test_main import run_main


@pytest.fixture
def window(qtbot, tmp_path):
    """A window on a small CIFAR-10 copy (it has the lesson's test split)."""
    write_cifar10(tmp_path / "data", n_test=20, n_train_per_batch=10)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(
        lang="en", settings=settings, data_dir=tmp_path / "appdata", cifar_root=tmp_path / "data"
    )
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.start()
    qtbot.waitUntil(lambda: w.is_settled and w.image_state.split == "test", timeout=60_000)
    messages: list[str] = []
    w.statusBar().messageChanged.connect(lambda text: text and messages.append(text))
    w.messages = messages
    yield w
    w.lesson_bar.close_lesson()
    w.close()


def settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)


def assert_shows(window, step: lessons.Step) -> None:
    """The window's state is what the step's preset says."""
    data = step.preset
    now = preset.snapshot(
        window.explorer_state, window.image_state.settings, window.image_state.split or None
    )
    assert now["explorer"] == data["explorer"]
    shown = dict(now["images"])
    if "split" not in data["images"]:  # a step that does not name a split keeps the current
        shown.pop("split", None)
    assert shown == data["images"]
    assert window.current_panel() == data["panel"]
    view = data.get("view")
    if view in ("guide", "why"):
        assert window.guide.current == view
    elif view is not None:
        images = window.images
        shown = images.right_tabs.currentWidget()
        assert shown is (images.inplace if view == "inplace" else images.detail)
    if data["panel"] == "labs-xor":
        assert window.labs["labs-xor"].dataset_combo.currentData() == "xor"


def press(qtbot, window, key) -> None:
    target = QApplication.focusWidget() or window.tabs
    qtbot.keyClick(target, key)


def test_page_down_walks_the_whole_builtin_lesson(qtbot, window):
    bar = window.lesson_bar
    builtin = lessons.load_builtin("en")
    window.explorer.list_view.setFocus()  # a list has focus: the clicker still steps
    window.lesson_bar.open_builtin()
    assert bar.isVisible() and bar.index == 0
    settle(qtbot, window)
    assert_shows(window, builtin.steps[0])
    for i in range(1, len(builtin)):
        press(qtbot, window, Qt.Key.Key_PageDown)
        assert bar.index == i
        settle(qtbot, window)
        assert_shows(window, builtin.steps[i])
        assert bar.title.text() == builtin.steps[i].title
        assert bar.note.text() == builtin.steps[i].note
        assert bar.counter.text() == f"Step {i + 1} / {len(builtin)}"
        assert bar.last_notes == []  # everything in the step could be applied
    assert not bar.next_button.isEnabled()
    press(qtbot, window, Qt.Key.Key_PageDown)  # past the end: stays
    assert bar.index == len(builtin) - 1
    press(qtbot, window, Qt.Key.Key_PageUp)
    settle(qtbot, window)
    assert bar.index == len(builtin) - 2
    assert_shows(window, builtin.steps[-2])
    errors = [m for m in window.messages if "not" in m.lower() or "could" in m.lower()]
    assert errors == []


def test_arrow_keys_step_unless_the_focused_widget_uses_them(qtbot, window):
    bar = window.lesson_bar
    bar.open_builtin()
    bar.go(1)  # the explorer
    settle(qtbot, window)
    window.explorer.list_view.setFocus()
    qtbot.keyClick(window.explorer.list_view, Qt.Key.Key_Right)
    assert bar.index == 1  # the list's own arrow
    window.tabs.tabBar().clearFocus()
    bar.previous_button.setFocus()  # NoFocus buttons: focus falls to the window
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert bar.index == 2
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert bar.index == 1
    # Ctrl+arrows stay the window's own actions.
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert bar.index == 1
    bar.close_lesson()
    assert not bar.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert bar.index == 1 and bar.lesson is None


@pytest.mark.parametrize(
    "content, reason",
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"format": "activation-lab-lesson", "version": 99, "steps": []}), "newer"),
    ],
)
def test_a_bad_lesson_file_changes_nothing_and_says_why(qtbot, window, tmp_path, content, reason):
    bar = window.lesson_bar
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    before = preset.snapshot(window.explorer_state, window.image_state.settings)
    panel = window.current_panel()
    assert not bar.open_file(path)
    assert not bar.isVisible() and bar.lesson is None
    assert preset.snapshot(window.explorer_state, window.image_state.settings) == before
    assert window.current_panel() == panel
    assert reason in window.statusBar().currentMessage()
    assert "not opened" in window.statusBar().currentMessage()


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_fifo_does_not_freeze_the_window(qtbot, window, tmp_path):
    fifo = tmp_path / "lesson.json"
    os.mkfifo(fifo)
    assert not window.lesson_bar.open_file(fifo)
    assert "not an ordinary file" in window.statusBar().currentMessage()


def test_the_teachers_own_lesson_round_trip(qtbot, window, tmp_path):
    bar = window.lesson_bar
    window.explorer_state.select("gelu")
    window.explorer_state.set_params("leaky_relu", {"negative_slope": 0.3})
    window.show_panel("explorer")
    assert bar.add_step("GELU first", "Ask: where is it negative?")
    assert bar.isVisible() and len(bar.lesson) == 1 and bar.unsaved
    window.show_panel("guide")
    window.guide.show_page("why")
    assert bar.add_step(bar.default_title())
    assert bar.lesson.steps[1].title == "Guide"
    path = tmp_path / "mine.json"
    assert bar.save(path) and not bar.unsaved
    bar.close_lesson()

    window.explorer_state.select("relu")
    window.explorer_state.reset_params("leaky_relu")
    assert bar.open_file(path)
    settle(qtbot, window)
    assert window.explorer_state.selected == "gelu"
    assert window.explorer_state.entry("leaky_relu").params["negative_slope"] == 0.3
    assert window.current_panel() == "explorer" and bar.note.text().startswith("Ask")
    bar.step_by(1)
    assert window.current_panel() == "guide" and window.guide.current == "why"
    # Save with no lesson open: a new lesson of one step, the current state.
    bar.close_lesson()
    single = tmp_path / "one.json"
    assert bar.save(single)
    assert len(lessons.load_lesson(single)) == 1


def test_unsaved_steps_are_not_dropped_without_asking(qtbot, window, monkeypatch, tmp_path):
    import gui.lesson_bar

    bar = window.lesson_bar
    answers: list[str] = []
    monkeypatch.setattr(gui.lesson_bar, "ask_unsaved", lambda parent, steps: answers.pop(0))
    bar.add_step("one")
    answers.append("cancel")
    assert not bar.close_lesson() and bar.is_open  # cancelled: still there
    answers.append("cancel")
    window.close()
    assert window.isVisible() and bar.is_open  # the window stays too
    answers.append("cancel")
    assert not bar.open_builtin() and len(bar.lesson) == 1
    path = tmp_path / "kept.json"
    monkeypatch.setattr(gui.lesson_bar.LessonBar, "save_dialog", lambda self: self.save(path))
    answers.append("save")
    assert bar.close_lesson() and not bar.is_open
    assert len(lessons.load_lesson(path)) == 1
    bar.add_step("two")
    answers.append("discard")
    assert bar.close_lesson() and answers == []
    bar.add_step("three")
    bar.save(path)
    assert bar.close_lesson()  # saved: no question (answers is empty, pop would fail)


def test_the_step_menu_jumps_to_a_step(qtbot, window):
    bar = window.lesson_bar
    bar.open_builtin()
    bar._fill_steps_menu()
    actions = bar.steps_menu.actions()
    assert [a.text() for a in actions][:2] == ["1. Why non-linearity? XOR", "2. ReLU"]
    assert actions[0].isChecked() and not actions[3].isChecked()
    actions[9].trigger()
    settle(qtbot, window)
    assert bar.index == 9 and window.current_panel() == "images"


def test_saving_into_a_missing_folder_says_so(qtbot, window, tmp_path):
    window.lesson_bar.open_builtin()
    assert not window.lesson_bar.save(tmp_path / "missing" / "x.json")
    assert "not saved" in window.statusBar().currentMessage()


def test_language_switch_keeps_the_step_and_changes_the_builtin_words(qtbot, window):
    bar = window.lesson_bar
    bar.open_builtin()
    bar.go(2)
    settle(qtbot, window)
    window.set_language("zh_CN")
    try:
        zh = lessons.load_builtin("zh_CN")
        # Qt delivers LanguageChange as an event: let it arrive.
        qtbot.waitUntil(lambda: bar.next_button.text() == "下一步", timeout=5_000)
        assert bar.index == 2 and bar.title.text() == zh.steps[2].title
        assert window.lesson_bar is bar  # the bar is not rebuilt with the panels
    finally:
        window.set_language("en")
    qtbot.waitUntil(lambda: bar.next_button.text() == "Next", timeout=5_000)
    assert bar.title.text() == lessons.load_builtin("en").steps[2].title


def test_guide_link_opens_the_xor_lab_on_xor(qtbot, window):
    xor = window.labs["labs-xor"]
    xor.set_dataset("circles")
    window.show_panel("guide")
    window.guide.show_page("why")
    window.guide.browser.anchorClicked.emit(QUrl("panel:labs-xor"))
    assert window.current_panel() == "labs-xor"
    assert xor.dataset_combo.currentData() == "xor"
    qtbot.waitUntil(lambda: xor.is_settled and xor.frame.dataset.name == "xor", timeout=60_000)


# -- the command line ---------------------------------------------------------------------------


def test_lesson_option_refuses_a_bad_file_in_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "activation-lab-lesson", "version": 7, "steps": []}')
    result = run_main("--lesson", str(bad), timeout=60)
    assert result.returncode == 2
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and "newer" in lines[0] and "Traceback" not in result.stderr
    result = run_main("--lesson", str(tmp_path / "missing.json"), timeout=60)
    assert result.returncode == 2 and "missing file" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="/dev/zero is POSIX")
def test_lesson_option_refuses_dev_zero(tmp_path):
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    result = run_main("--lesson", str(zero), timeout=60)
    assert result.returncode == 2 and "not an ordinary file" in result.stdout


def test_lesson_option_starts_in_lesson_mode(tmp_path):
    path = tmp_path / "l.json"
    lesson = lessons.load_builtin("en")
    lessons.save_lesson(path, lessons.Lesson("two", lesson.steps[1:3], "en"))
    out = tmp_path / "shot.png"
    result = run_main(
        "--lesson", str(path), "--screenshot", str(out), "--lang", "en", "--size", "1366x768"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    from PySide6.QtGui import QImage

    img = QImage(str(out))
    assert img.width() == 1366
    # The bar's title (bold, dark) is drawn in the strip under the menu bar: dark pixels there.
    strip = [img.pixelColor(x, y).lightness() for x in range(100, 400) for y in range(30, 80)]
    assert min(strip) < 80
