"""One vocabulary: every engine choice can be picked in the GUI and survives a preset round trip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from engine import catalogue, choices, depth_lab, lesson, network_config, pipeline, texts, xor_lab
from gui import i18n, style
from gui.self_test import vocabulary_boxes
from tests.conftest import close_window, open_settled_window
from tests.test_translation_file import messages


def test_the_engine_tables_are_the_vocabulary():
    assert tuple(choices.SCALINGS) == pipeline.SCALINGS
    assert tuple(choices.PRE_STAGES) == pipeline.PRE_STAGES
    assert tuple(choices.DISPLAYS) == pipeline.DISPLAYS
    assert tuple(texts.LANGUAGES) == i18n.LANGUAGES == tuple(choices.LANGUAGES)
    assert tuple(choices.THEMES) == style.THEMES
    assert tuple(choices.PANELS) == lesson.PANELS
    for name in ("zh", "zh-CN", "zh_CN.UTF-8", "zh-Hans", "en_US", "fr", None, 42):
        assert i18n.normalize(name) == texts.normalize_language(name)
        assert choices.normalize_language(name) in choices.LANGUAGES
    # The labs keep no lists of their own: optimizers and initialisations are the engine's.
    for module in (xor_lab, depth_lab, network_config):
        for name, table in (
            ("OPTIMIZERS", choices.OPTIMIZERS),
            ("INITS", choices.INITIALISATIONS),
            ("INIT_NAMES", choices.INITIALISATIONS),
            ("INITIALISATIONS", choices.INITIALISATIONS),
        ):
            assert getattr(module, name, table) is table, f"{module.__name__}.{name}"
    assert set(choices.INITIALISATION_NOTES) == set(choices.INITIALISATIONS)
    # The lesson's six activations are marked once, in the catalogue.
    assert set(texts.LESSON_KEYS) == {"relu", "sigmoid", "tanh", "leaky_relu", "swish", "softmax"}


def test_every_optimizer_builds_what_its_code_says():
    import torch

    from engine.optimizers import make_optimizer, optimizer_code

    for key in choices.OPTIMIZERS:
        w = torch.nn.Parameter(torch.zeros(2))
        built = make_optimizer(key, [w], 0.25)
        code = optimizer_code(key, "[w]", "0.25")
        again = eval(code, {"torch": torch, "w": w})  # our own generated text, not user input
        assert type(built) is type(again)
        assert built.defaults == again.defaults
    assert make_optimizer("sgd", [w], 0.1).defaults["momentum"] == 0.0
    assert make_optimizer("sgd_momentum", [w], 0.1).defaults["momentum"] == 0.9


@pytest.fixture
def window(qtbot, tmp_path):
    w = open_settled_window(qtbot, tmp_path, (1300, 850))
    qtbot.waitUntil(lambda: w.network is not None, timeout=60_000)
    yield w
    close_window(w)


def test_panels_themes_and_languages_are_all_in_the_window(window):
    assert list(window.panels) == list(choices.PANELS)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == [i18n.tr(label) for label in choices.PANELS.values()]
    assert list(window.actions_.themes) == list(choices.THEMES)
    assert list(window.actions_.languages) == list(choices.LANGUAGES)


def _round_trip(window, tmp_path, name: str, pick, undo) -> None:
    """Save a preset with ``pick`` applied, ``undo`` it in the GUI, open the preset again."""
    path = tmp_path / f"{name}.json"
    pick()
    assert window.exporter.save_preset(path)
    undo()
    assert window.exporter.open_preset(path)


def test_every_vocabulary_box_offers_the_engine_table_translated(window):
    boxes = vocabulary_boxes(window)
    assert len(boxes) == 7
    for lang in ("zh_CN", "en"):
        window.set_language(lang)
        for where, box, table in boxes:
            assert [box.itemData(i) for i in range(box.count())] == list(table), where
            texts_shown = [box.itemText(i) for i in range(box.count())]
            assert texts_shown == [i18n.tr(t) for t in table.values()], where
    # Every label of every vocabulary is in the translation file, translated.
    translated = {src: tr.text for src, tr in messages() if not tr.get("type") and tr.text}
    for table in (
        choices.THEMES,
        choices.PANELS,
        choices.SCALINGS,
        choices.PRE_STAGES,
        choices.DISPLAYS,
        choices.OPTIMIZERS,
        choices.INITIALISATIONS,
        choices.INITIALISATION_NOTES,
    ):
        assert all(label in translated for label in table.values()), table


def test_every_pipeline_choice_is_in_the_gui_and_survives_a_preset(window, tmp_path):
    for field, table in (
        ("scaling", choices.SCALINGS),
        ("pre", choices.PRE_STAGES),
        ("display", choices.DISPLAYS),
    ):
        box = getattr(window.images, field)
        default = getattr(window.image_state.settings, field)
        for key in table:
            other = default if key != default else next(k for k in table if k != key)
            _round_trip(
                window,
                tmp_path,
                f"{field}-{key}",
                lambda key=key, box=box: box.setCurrentIndex(box.findData(key)),
                lambda other=other, box=box: box.setCurrentIndex(box.findData(other)),
            )
            assert getattr(window.image_state.settings, field) == key
            assert box.currentData() == key  # the combo shows what runs
        box.setCurrentIndex(box.findData(default))


def test_every_optimizer_and_initialisation_is_in_the_labs_and_survives_a_preset(window, tmp_path):
    xor, depth, net = window.labs["labs-xor"], window.labs["labs-depth"], window.network
    cases = [
        (xor.optimizer_combo, choices.OPTIMIZERS, lambda: xor.config().optimizer),
        (net.optimizer_combo, choices.OPTIMIZERS, lambda: net.config().optimizer),
        (depth.init_combo, choices.INITIALISATIONS, lambda: depth.config().init),
        (net.init_combo, choices.INITIALISATIONS, lambda: net.config().init),
    ]
    for box, table, running in cases:
        assert [box.itemData(i) for i in range(box.count())] == list(table)
        for key in table:
            other = next(k for k in table if k != key)
            _round_trip(
                window,
                tmp_path,
                f"{box.objectName()}-{key}",
                lambda key=key, box=box: box.setCurrentIndex(box.findData(key)),
                lambda other=other, box=box: box.setCurrentIndex(box.findData(other)),
            )
            assert box.currentData() == key
            assert running() == key  # what the lab trains with, not only what the box shows


def test_every_activation_can_be_picked_everywhere_and_survives_a_preset(window, tmp_path):
    keys = [spec.key for spec in catalogue.CATALOGUE]
    xor, depth, net = window.labs["labs-xor"], window.labs["labs-depth"], window.network

    def listed(widget) -> list[str]:
        return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())]

    model = window.explorer.model
    assert [model.index(i, 0).data(model.KeyRole) for i in range(model.rowCount())] == keys
    for combo in (window.images.activation, xor.activation_combo):
        assert [combo.itemData(i) for i in range(combo.count())] == keys
    assert listed(depth.activation_list) == keys
    assert listed(net.activation_list) == keys
    checkable = [
        net.activation_list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(net.activation_list.count())
        if net.activation_list.item(i).flags() & Qt.ItemFlag.ItemIsUserCheckable
    ]
    assert checkable == [s.key for s in catalogue.CATALOGUE if s.elementwise]

    xor.follow.setChecked(False)
    for key in keys:
        other = "tanh" if key != "tanh" else "relu"

        def pick(key=key) -> None:
            window.explorer_state.select(key)
            xor._activation_picked(xor.activation_combo.findData(key))
            depth.set_checked([key])
            if key in checkable:
                net.set_checked([key])

        def undo(other=other) -> None:
            window.explorer_state.select(other)
            xor._activation_picked(xor.activation_combo.findData(other))
            depth.set_checked([other])
            net.set_checked([other])

        _round_trip(window, tmp_path, f"activation-{key}", pick, undo)
        assert window.explorer_state.selected == key
        assert xor.config().spec.key == key and xor.activation_combo.currentData() == key
        assert depth.checked_keys() == [key]
        if key in checkable:
            assert [c.key for c in net.config().contestants] == [key]


def test_the_command_line_offers_the_vocabulary(capsys, monkeypatch):
    import main

    monkeypatch.setenv("COLUMNS", "2000")  # no wrapping inside hyphenated names
    from engine import codegen_export

    assert codegen_export.CODE_PANELS == choices.CODE_PANELS
    assert set(choices.CODE_PANELS) < set(choices.PANELS)
    with pytest.raises(SystemExit):
        main.parse_args(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"): {choices.described(choices.PANELS)}" in text  # --panel
    assert f"PANEL ({choices.described(choices.CODE_PANELS)})" in text
    assert "{" + ",".join(choices.LANGUAGES) + "}" in text  # --lang's choices
    for panel in choices.PANELS:
        assert main.parse_args(["--panel", panel]).panel == panel
