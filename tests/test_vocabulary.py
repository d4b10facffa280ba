"""One vocabulary: every engine choice can be picked in the GUI and survives a preset round trip."""

from __future__ import annotations

import pytest

from engine import choices, pipeline, preset, texts
from gui import i18n, style
from tests.conftest import close_window, open_settled_window


def test_the_engine_tables_are_the_vocabulary():
    assert pipeline.SCALINGS == preset.SCALINGS == tuple(choices.SCALINGS)
    assert pipeline.PRE_STAGES == preset.PRE_STAGES == tuple(choices.PRE_STAGES)
    assert pipeline.DISPLAYS == preset.DISPLAYS == tuple(choices.DISPLAYS)
    assert preset.LANGUAGES == tuple(texts.LANGUAGES) == i18n.LANGUAGES == tuple(choices.LANGUAGES)
    assert preset.THEMES == style.THEMES == tuple(choices.THEMES)
    for name in ("zh", "zh-CN", "zh_CN.UTF-8", "zh-Hans", "en_US", "fr", None, 42):
        assert i18n.normalize(name) == texts.normalize_language(name)
        assert choices.normalize_language(name) in choices.LANGUAGES


@pytest.fixture
def window(qtbot, tmp_path):
    w = open_settled_window(qtbot, tmp_path, (1300, 850))
    yield w
    close_window(w)


def test_panels_themes_and_languages_are_all_in_the_window(window):
    assert list(window.panels) == list(choices.PANELS)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == [i18n.tr(label) for label in choices.PANELS.values()]
    assert list(window.actions_.themes) == list(choices.THEMES)
    assert list(window.actions_.languages) == list(choices.LANGUAGES)


def test_every_pipeline_choice_is_in_the_gui_and_survives_a_preset(window, tmp_path):
    for field, table in (
        ("scaling", choices.SCALINGS),
        ("pre", choices.PRE_STAGES),
        ("display", choices.DISPLAYS),
    ):
        box = getattr(window.images, field)
        assert [box.itemData(i) for i in range(box.count())] == list(table)
        labels = [i18n.tr(t) for t in table.values()]
        assert [box.itemText(i) for i in range(box.count())] == labels
        default = getattr(window.image_state.settings, field)
        for key in table:
            box.setCurrentIndex(box.findData(key))  # as the teacher picks it
            assert getattr(window.image_state.settings, field) == key
            path = tmp_path / f"{field}-{key}.json"
            assert window.exporter.save_preset(path)
            other = default if key != default else next(k for k in table if k != key)
            box.setCurrentIndex(box.findData(other))
            assert getattr(window.image_state.settings, field) == other
            assert window.exporter.open_preset(path)
            assert getattr(window.image_state.settings, field) == key
            assert box.currentData() == key  # the combo shows what runs
        box.setCurrentIndex(box.findData(default))
