"""Language, theme, classroom mode, remembered settings, presets and exports of the main window."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gui import style
from gui.main_window import MainWindow


def settle(qtbot, window):
    qtbot.waitUntil(lambda: window.is_settled, timeout=30_000)


def make_window(qtbot, tmp_path, lang="en", settings=None):
    settings = settings or QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(lang=lang, settings=settings, data_dir=tmp_path / "appdata")
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    window.start()
    settle(qtbot, window)
    return window


@pytest.fixture
def window(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path)
    yield w
    w.close()
    style.apply(QApplication.instance(), theme="light", classroom=False)


def test_language_switch_at_runtime_changes_visible_text(qtbot, window):
    assert window.tabs.tabText(0) == "Explorer"
    assert window.menuBar().actions()[0].text() == "&File"
    window.explorer_state.set_params("leaky_relu", {"negative_slope": 0.2})
    window.set_language("zh_CN")
    settle(qtbot, window)
    assert window.tabs.tabText(0) == "探索"
    assert window.menuBar().actions()[0].text().startswith("文件")
    assert "输出范围" in window.explorer.info.toPlainText()
    # The teaching state survived the switch.
    assert window.explorer_state.entry("leaky_relu").params == {"negative_slope": 0.2}
    assert sorted(window.explorer.curves.shown_keys()) == ["relu", "sigmoid", "tanh"]
    window.set_language("en")
    settle(qtbot, window)
    assert window.tabs.tabText(0) == "Explorer"


def test_choices_are_remembered_between_runs(qtbot, tmp_path):
    ini = tmp_path / "settings.ini"
    first = make_window(qtbot, tmp_path, settings=QSettings(str(ini), QSettings.Format.IniFormat))
    first.set_language("zh_CN")
    first.explorer.select("hardtanh")
    first.explorer_state.set_params("hardtanh", {"min_val": -0.5, "max_val": 2.0})
    first.explorer_state.set_checked("swish", True)
    first.explorer_state.set_x_range(-3.0, 4.0)
    first.images.scaling.setCurrentIndex(first.images.scaling.findData("normalize_half"))
    first.show_panel("images")
    first.set_theme("dark")
    first.close()

    second = MainWindow(settings=QSettings(str(ini), QSettings.Format.IniFormat),
                        data_dir=tmp_path / "appdata")  # fmt: skip
    qtbot.addWidget(second)
    try:
        assert second.lang == "zh_CN"
        assert style.LOOK.theme == "dark"
        state = second.explorer_state
        assert state.selected == "hardtanh"
        assert state.entry("hardtanh").params == {"min_val": -0.5, "max_val": 2.0}
        assert state.entry("swish").checked
        assert state.x_range == (-3.0, 4.0)
        assert second.image_state.settings.scaling == "normalize_half"
        assert second.current_panel() == "images"
    finally:
        second.close()
        style.apply(QApplication.instance(), theme="light", classroom=False)


@pytest.mark.parametrize(
    "damage",
    [
        "[state]\npreset=not json at all\n",
        '[state]\npreset="{\\"format\\": \\"activation-lab-preset\\", \\"version\\": 99}"\n',
        "[ui]\nlanguage=klingon\ntheme=42\n[state]\npreset=@Invalid()\n",
        "\x00\x01garbage\xff",
    ],
)
def test_a_damaged_settings_store_falls_back_to_defaults_with_a_note(qtbot, tmp_path, damage):
    ini = tmp_path / "settings.ini"
    ini.write_bytes(damage.encode("latin-1"))
    window = MainWindow(
        lang="en",
        settings=QSettings(str(ini), QSettings.Format.IniFormat),
        data_dir=tmp_path / "appdata",
    )
    qtbot.addWidget(window)
    try:
        assert window.explorer_state.visible_keys() == ["relu", "sigmoid", "tanh"]
        assert window.explorer_state.x_range == (-6.0, 6.0)
        if "preset=" in damage and "@Invalid" not in damage:
            assert window.settings_notes and "defaults are used" in window.settings_notes[0]
    finally:
        window.close()


def test_classroom_mode_is_full_screen_large_and_thick(qtbot, window):
    normal_font = QApplication.font().pointSize()
    normal_width = window.explorer.curves.items["relu"].f.opts["pen"].widthF()
    window.toggle_classroom()
    settle(qtbot, window)
    try:
        assert window.isFullScreen()
        assert QApplication.font().pointSize() > normal_font
        assert window.explorer.curves.items["relu"].f.opts["pen"].widthF() > normal_width
        assert window.classroom_action.isChecked()
    finally:
        window.toggle_classroom()
    assert not window.isFullScreen()
    assert QApplication.font().pointSize() == normal_font


def test_dark_theme_changes_plot_background(qtbot, window):
    window.set_theme("dark")
    settle(qtbot, window)
    bg = window.explorer.curves.plots.backgroundBrush().color().name()
    assert bg == style.colour("background") == "#15171a"


def test_side_panels_collapse(qtbot, window):
    window.set_side_panels_visible(False)
    assert not window.explorer.list_view.isVisible()
    assert window.explorer.curves.isVisible()
    window.set_side_panels_visible(True)
    assert window.explorer.list_view.isVisible()


def test_plus_minus_zoom_the_x_range(qtbot, window):
    window.zoom(0.5)
    assert window.explorer_state.x_range == (-3.0, 3.0)
    window.zoom(2.0)
    assert window.explorer_state.x_range == (-6.0, 6.0)


def test_preset_round_trip_and_bad_presets(qtbot, window, tmp_path):
    window.explorer.select("elu")
    window.explorer_state.set_params("elu", {"alpha": 2.5})
    path = tmp_path / "lesson.json"
    assert window.exporter.save_preset(path)
    data = json.loads(path.read_text("utf-8"))
    assert data["explorer"]["selected"] == "elu"
    assert data["explorer"]["params"]["elu"] == {"alpha": 2.5}

    window.explorer_state.set_params("elu", {"alpha": 1.0})
    window.explorer.select("relu")
    assert window.exporter.open_preset(path)
    assert window.explorer_state.selected == "elu"
    assert window.explorer_state.entry("elu").params == {"alpha": 2.5}
    settle(qtbot, window)
    assert window.explorer.editor.values == {"alpha": 2.5}

    before = json.dumps(
        [(e.spec.key, e.params, e.checked) for e in window.explorer_state.entries], default=str
    )
    for text in ("{", "[]", '{"format": "activation-lab-preset", "version": 7}', ""):
        bad = tmp_path / "bad.json"
        bad.write_text(text, "utf-8")
        assert not window.exporter.open_preset(bad)
        assert window.exporter.last_error
    after = json.dumps(
        [(e.spec.key, e.params, e.checked) for e in window.explorer_state.entries], default=str
    )
    assert before == after


def test_exports_write_valid_files(qtbot, window, tmp_path):
    png, svg, table = tmp_path / "p.png", tmp_path / "p.svg", tmp_path / "c.csv"
    assert window.exporter.plots_png(png)
    assert not QImage(str(png)).isNull() and QImage(str(png)).width() == 1600
    assert window.exporter.plots_svg(svg)
    import xml.etree.ElementTree as ET

    assert ET.parse(svg).getroot().tag.endswith("svg")
    assert window.exporter.curves_csv(table)
    with table.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    names = [it.name for it in window.explorer.curves.items.values() if it.shown]
    assert header[0] == "x" and len(header) == 1 + 2 * len(names)
    relu = window.explorer.curves.items["relu"]
    col = header.index("ReLU f(x)")
    np.testing.assert_array_equal([float(r[col]) for r in body], relu.y)
    np.testing.assert_array_equal([float(r[0]) for r in body], relu.x)

    window.show_panel("images")
    settle(qtbot, window)
    grid = tmp_path / "g.png"
    assert window.exporter.grid_png(grid)
    img = QImage(str(grid))
    assert img.width() > img.height() > 0
    view = tmp_path / "v.png"
    assert window.exporter.large_view_png(view)
    assert not QImage(str(view)).isNull()


def test_tensorboard_export_reads_back(qtbot, window, tmp_path):
    pytest.importorskip("tensorboard", reason="the optional tensorboard extra is not installed")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    window.explorer.select("sigmoid")
    settle(qtbot, window)
    log_dir = tmp_path / "runs"
    window.exporter.tensorboard(log_dir)
    qtbot.waitUntil(lambda: "TensorBoard log written" in window.statusBar().currentMessage(),
                    timeout=60_000)  # fmt: skip
    acc = EventAccumulator(str(log_dir), size_guidance={"images": 0})
    acc.Reload()
    steps = -(-len(window.image_state) // 64)
    assert len(acc.Images("before")) == len(acc.Images("after")) == steps


def test_guide_links_select_the_activation_in_the_explorer(qtbot, window):
    from PySide6.QtCore import QUrl

    window.show_panel("guide")
    html = window.guide.browser.toHtml()
    assert 'href="activation:' in html
    window.guide.browser.anchorClicked.emit(QUrl("activation:sigmoid"))
    assert window.explorer_state.selected == "sigmoid"
    assert window.current_panel() == "explorer"
    window.guide.show_page("why")
    assert "XOR" in window.guide.browser.toPlainText()
