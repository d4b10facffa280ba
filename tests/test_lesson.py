"""Lesson files: the built-in lesson, round trips, and every damaged file refused with a reason."""

from __future__ import annotations

import copy
import json
import os
import sys

import pytest

from engine import lesson, preset
from engine.atomic_file import WriteError
from engine.explorer_state import ExplorerState
from engine.lesson import LessonError


def _doc() -> dict:
    return lesson.to_document(lesson.load_builtin("en"))


def _write(tmp_path, data, name="l.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_panels_are_the_windows_panels():
    from gui.main_window import PANEL_NAMES

    assert lesson.PANELS == PANEL_NAMES


def test_builtin_lesson_walks_the_lesson_in_both_languages():
    en, zh = lesson.load_builtin("en"), lesson.load_builtin("zh_CN")
    assert len(en) == len(zh) == 12
    assert (en.language, zh.language) == ("en", "zh_CN")
    # Same teaching states in both languages; only the words differ.
    assert [s.preset for s in en.steps] == [s.preset for s in zh.steps]
    panels = [s.panel for s in en.steps]
    assert panels[0] == "labs-xor" and panels[-1] == "labs-depth"
    assert panels[6] == "labs-softmax" and panels[7] == "guide"
    assert [s.preset["explorer"]["selected"] for s in en.steps[1:6]] == [
        "relu",
        "sigmoid",
        "tanh",
        "leaky_relu",
        "swish",
    ]
    cifar = en.steps[9].preset
    assert cifar["panel"] == "images" and cifar["explorer"]["selected"] == "sigmoid"
    assert cifar["images"]["scaling"] == "to_tensor" and cifar["images"]["split"] == "test"
    edges = en.steps[10].preset["images"]
    assert (edges["scaling"], edges["pre"]) == ("normalize_half", "edges")
    for step in (*en.steps, *zh.steps):
        assert step.title.strip() and step.note.strip()
    # No English words in the Chinese notes beyond names of modules and symbols.
    for step in zh.steps:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in step.note), step.note
    # Every step's preset applies to a fresh state.
    for step in en.steps:
        preset.apply(step.preset, ExplorerState.default())


def test_unknown_language_falls_back_to_english():
    assert lesson.load_builtin("de").language == "en"


def test_round_trip_through_a_file(tmp_path):
    original = lesson.load_builtin("zh_CN")
    explorer = ExplorerState.default()
    explorer.select("gelu")
    step = lesson.Step("我的一步", "", {**preset.snapshot(explorer), "panel": "explorer"})
    mine = original.with_step(step)
    path = tmp_path / "mine.json"
    lesson.save_lesson(path, mine)
    again = lesson.load_lesson(path)
    assert again == mine and len(again) == 13
    assert again.steps[-1].preset["explorer"]["selected"] == "gelu"
    assert "我的一步" in path.read_text(encoding="utf-8")  # readable, not \u escapes


def _refused(tmp_path, data) -> str:
    path = _write(tmp_path, data)
    with pytest.raises(LessonError) as info:
        lesson.load_lesson(path)
    return str(info.value.message)


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda d: d.update(version=2), "newer"),
        (lambda d: d.update(version="1"), "version"),
        (lambda d: d.update(format="activation-lab-preset"), "not an Activation Lab lesson"),
        (lambda d: d.update(steps=[]), "no steps"),
        (lambda d: d.pop("steps"), "no list of steps"),
        (lambda d: d.update(extra=1), "unknown field"),
        (lambda d: d.update(language="fr"), "language"),
        (lambda d: d["steps"][2].pop("preset"), "step 3 has no preset"),
        (lambda d: d["steps"][0].update(title=""), "title of step 1"),
        (lambda d: d["steps"][0].update(note="x" * 5000), "longer than"),
        (lambda d: d["steps"][1]["preset"]["explorer"].update(selected="nope"), "step 2"),
        (lambda d: d["steps"][1]["preset"].update(panel="kitchen"), "panel"),
        (lambda d: d["steps"][1]["preset"].update(version=9), "newer"),
        (lambda d: d["steps"].__setitem__(0, "text"), "step 1 must be"),
        (lambda d: d.update(steps=d["steps"] * 20), "at most"),
    ],
)
def test_damaged_lessons_are_refused_with_the_reason(tmp_path, change, words):
    data = copy.deepcopy(_doc())
    change(data)
    assert words in _refused(tmp_path, data)


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "empty"),
        ('{"format": "activation-lab-lesson", "steps": [', "ends too early"),
        ("{nope}", "not valid JSON"),
        ("[1, 2]", "no JSON object"),
        (
            '{"format": "activation-lab-lesson", "version": 1, "title": "\\ud800", "steps": []}',
            "not valid text",
        ),
    ],
)
def test_broken_text_is_refused(tmp_path, text, words):
    assert words in _refused(tmp_path, text)


def test_bytes_that_are_not_utf8_are_refused(tmp_path):
    path = tmp_path / "l.json"
    path.write_bytes(b"\xff\xfe{}")
    with pytest.raises(LessonError, match="UTF-8"):
        lesson.load_lesson(path)


def test_oversized_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (lesson.MAX_BYTES + 10))
    with pytest.raises(LessonError, match="too large"):
        lesson.load_lesson(path)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
def test_special_files_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)  # opening this for reading would block without O_NONBLOCK
    with pytest.raises(LessonError, match="not an ordinary file"):
        lesson.load_lesson(fifo)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    with pytest.raises(LessonError, match="not an ordinary file"):
        lesson.load_lesson(zero)
    with pytest.raises(LessonError, match="not an ordinary file"):
        lesson.load_lesson(tmp_path)  # a folder
    with pytest.raises(LessonError, match="missing file"):
        lesson.load_lesson(tmp_path / "missing.json")


def test_saving_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(WriteError, match="cannot write"):
        lesson.save_lesson(tmp_path / "no" / "such.json", lesson.load_builtin("en"))


def test_a_full_lesson_takes_no_more_steps():
    one = lesson.load_builtin("en")
    full = lesson.Lesson("full", one.steps[:1] * lesson.MAX_STEPS)
    with pytest.raises(LessonError, match="at most"):
        full.with_step(one.steps[0])
