"""The network lab panel in the real window: it draws the race's own numbers, keeps training
through Pause/Resume and a language switch, stops with the window, and refuses hostile weights."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import torch

from tests.cifar_fixtures import _Payload


@pytest.fixture
def lab(main_window, qtbot):
    window = main_window
    qtbot.waitUntil(
        lambda: window.network is not None and window.image_state.image_set is not None,
        timeout=60_000,
    )
    window.show_panel("labs-network")
    panel = window.network
    panel.seed_spin.setValue(1)
    return panel


def wait_points(qtbot, panel, more_than: int) -> None:
    qtbot.waitUntil(lambda: len(panel.curves.points) > more_than, timeout=60_000)


def test_curves_show_the_races_own_points(qtbot, lab):
    from engine.network_config import StepPoint
    from gui.labs.network_panel import _smooth

    lab.epochs_spin.setValue(1)
    lab.start()
    qtbot.waitUntil(lambda: lab.state == "finished", timeout=120_000)
    race = lab.race
    assert len(lab.curves.points) == len(race.history)
    for i, items in enumerate(lab.plot_items):
        losses = [p.loss for p in race.history if isinstance(p, StepPoint) and p.contestant == i]
        np.testing.assert_allclose(items["loss"].yData, _smooth(losses))
        full = [p for p in race.epoch_results() if p.contestant == i]
        np.testing.assert_allclose(items["full"].yData, [p.accuracy for p in full])
        grads = [
            p.grad_norms[0] for p in race.history if isinstance(p, StepPoint) and p.contestant == i
        ]
        np.testing.assert_allclose(items["grad"].yData, grads)
    assert lab.progress.value() == 1000


def test_pause_resume_and_stop(qtbot, lab):
    lab.epochs_spin.setValue(50)
    lab.start_button.click()  # the button's own path (its "checked" argument is no race file)
    wait_points(qtbot, lab, 3)
    lab.pause()
    assert lab.state == "paused"
    qtbot.waitUntil(lambda: lab.is_settled, timeout=30_000)
    paused_at = len(lab.race.history)
    qtbot.wait(300)
    assert len(lab.race.history) == paused_at  # nothing trains while paused
    assert len(lab.curves.points) == paused_at  # and every point trained is drawn
    lab.resume()
    wait_points(qtbot, lab, paused_at + 3)
    lab.stop()
    assert lab.state == "stopped"
    qtbot.waitUntil(lambda: lab.is_settled, timeout=30_000)
    stopped_at = len(lab.race.history)
    qtbot.wait(300)
    assert len(lab.race.history) == stopped_at


def test_language_switch_mid_training_keeps_training(qtbot, main_window, lab):
    lab.epochs_spin.setValue(50)
    lab.start()
    wait_points(qtbot, lab, 3)
    race = lab.race
    main_window.set_language("zh_CN")
    assert main_window.network is lab and lab.race is race
    assert main_window.tabs.indexOf(lab) >= 0
    assert lab.state == "running"
    before = len(lab.curves.points)
    wait_points(qtbot, lab, before + 3)
    assert lab.start_button.text() == "开始(&S)"
    main_window.set_language("en")
    qtbot.waitUntil(lambda: lab.start_button.text() == "&Start", timeout=5_000)
    assert lab.state == "running" and lab.race is race
    lab.stop()


def test_closing_the_window_mid_training_stops_the_worker(qtbot, main_window, lab):
    lab.epochs_spin.setValue(50)
    lab.start()
    wait_points(qtbot, lab, 3)
    assert lab.state == "running"
    main_window.close()
    assert not main_window.bridge.runner.alive


def test_inside_view_shows_each_models_own_maps(qtbot, lab):
    from engine.network_model import look_inside
    from engine.network_race import to_input
    from gui.labs.network_panel import _mosaic

    lab.epochs_spin.setValue(50)
    lab.start()
    wait_points(qtbot, lab, 6)
    with qtbot.waitSignal(lab.insideShown, timeout=60_000):
        lab.pause()
    qtbot.waitUntil(lambda: lab.is_settled, timeout=30_000)
    with qtbot.waitSignal(lab.insideDrawn, timeout=30_000):
        lab.views.setCurrentIndex(1)  # the inside view is drawn when its tab is shown
    with qtbot.waitSignal(lab.insideDrawn, timeout=30_000):
        lab.inside_layer.setCurrentIndex(1)  # conv2
    x = to_input(lab.inside_image[None])
    images = [
        item
        for item in lab.inside_plots.scene().items()
        if type(item).__name__ == "ImageItem" and item.image.ndim == 2
    ]
    shown = {item.image.tobytes() for item in images}
    for model, view in zip(lab.race.models, lab.inside.views, strict=True):
        again = look_inside(model, x)  # the worker is idle: the paused models, unchanged
        for name in ("conv1", "conv2", "fc1"):
            np.testing.assert_array_equal(view.layer(name).z, again.layer(name).z)
            np.testing.assert_array_equal(view.layer(name).fz, again.layer(name).fz)
        for maps in (view.layer("conv2").z, view.layer("conv2").fz):
            assert _mosaic(maps).T.astype(np.float32).tobytes() in shown
        np.testing.assert_allclose(view.probabilities.sum(), 1.0, rtol=1e-5)
    assert len(images) == 2 * len(lab.race.models)
    lab.stop()


def test_without_cifar_a_note_says_so_and_how_to_get_it(lab):
    assert lab.data_note.isVisibleTo(lab)
    assert "Import CIFAR-10 archive" in lab.data_note.text()


def test_softmax_cannot_be_ticked(lab):
    from PySide6.QtCore import Qt

    items = [lab.activation_list.item(i) for i in range(lab.activation_list.count())]
    softmax = next(i for i in items if i.data(Qt.ItemDataRole.UserRole) == "softmax")
    assert not softmax.flags() & Qt.ItemFlag.ItemIsEnabled
    lab.set_checked(["relu", "softmax"])
    assert lab.checked_keys() == ["relu"]


def test_weights_round_trip_and_a_hostile_file_is_refused(qtbot, lab, tmp_path):
    lab.epochs_spin.setValue(1)
    lab.start()
    qtbot.waitUntil(lambda: lab.state == "finished", timeout=120_000)
    trained = [m.state_dict() for m in lab.race.models]
    path = tmp_path / "race.pt"
    with qtbot.waitSignal(lab.message, timeout=30_000):
        lab.save_weights(path)
    assert path.exists()

    marker = tmp_path / "pwned"
    evil = tmp_path / "evil.pt"
    evil.write_bytes(pickle.dumps({"states": [_Payload(marker, "system")]}))
    race = lab.race
    with qtbot.waitSignal(lab.message, timeout=30_000) as said:
        lab.open_weights(evil)
    assert "refused" in said.args[0]
    assert not marker.exists()
    assert lab.race is race and lab.state == "finished"

    lab.set_checked(["relu"])
    shown = [repr(p) for p in lab.curves.points]
    lab.open_weights(path)
    # A finished race opens finished, with its curves drawn again.
    qtbot.waitUntil(lambda: lab.race is not race and lab.is_settled, timeout=60_000)
    assert lab.state == "finished"
    assert lab.checked_keys() == ["relu", "sigmoid", "tanh"]
    for model, state in zip(lab.race.models, trained, strict=True):
        for k, v in model.state_dict().items():
            assert torch.equal(v, state[k])
    assert [repr(p) for p in lab.curves.points] == shown
    np.testing.assert_allclose(
        lab.plot_items[0]["full"].yData, [p.accuracy for p in race.epoch_results()[:1]]
    )
    qtbot.waitUntil(lambda: lab.inside is not None, timeout=60_000)


def test_a_paused_race_saved_and_opened_goes_on_from_there(qtbot, lab, tmp_path):
    lab.epochs_spin.setValue(50)
    lab.start()
    wait_points(qtbot, lab, 4)
    lab.pause()
    qtbot.waitUntil(lambda: lab.is_settled, timeout=30_000)
    race = lab.race
    # Pause lets every contestant take the batch the first one took: all at the same batch.
    steps = [
        sum(type(p).__name__ == "StepPoint" and p.contestant == i for p in race.history)
        for i in range(3)
    ]
    assert len(set(steps)) == 1 and not race.in_round
    path = tmp_path / "paused.pt"
    with qtbot.waitSignal(lab.message, timeout=30_000):
        lab.save_weights(path)
    shown = [repr(p) for p in lab.curves.points]
    lab.open_weights(path)
    qtbot.waitUntil(lambda: lab.race is not race and lab.is_settled, timeout=60_000)
    assert lab.state == "paused"
    assert [repr(p) for p in lab.curves.points] == shown
    assert lab.race.images_seen == race.images_seen
    lab.resume()
    wait_points(qtbot, lab, len(shown) + 3)
    assert lab.race.images_seen > race.images_seen
    lab.stop()
    qtbot.waitUntil(lambda: lab.is_settled, timeout=30_000)


def test_presets_remember_the_race_set_up(qtbot, main_window, lab, tmp_path):
    import json

    lab.apply_setup("dying_relu")
    lab.seed_spin.setValue(7)
    path = tmp_path / "lesson.json"
    assert main_window.exporter.save_preset(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["network"]["setup"] == "dying_relu"
    lab.apply_setup("lesson")
    assert lab.checked_keys() == ["relu", "sigmoid", "tanh"]
    assert main_window.exporter.open_preset(path)
    assert lab.setup_combo.currentData() == "dying_relu"
    assert lab.checked_keys() == ["relu", "leaky_relu"]
    assert lab.seed_spin.value() == 7 and lab.optimizer_combo.currentData() == "sgd_momentum"
    # A bad network section refuses the whole preset: nothing changes, the explorer neither.
    saved["network"]["race"]["optimizer"] = "magic"
    saved["explorer"]["selected"] = "tanh"
    path.write_text(json.dumps(saved), encoding="utf-8")
    lab.apply_setup("lesson")
    selected = main_window.explorer_state.selected
    assert not main_window.exporter.open_preset(path)
    assert main_window.explorer_state.selected == selected
    assert lab.setup_combo.currentData() == "lesson"
    qtbot.waitUntil(lambda: main_window.is_settled, timeout=60_000)


def test_theme_switch_mid_training_keeps_training_and_restyles(qtbot, main_window, lab):
    from gui import style

    lab.epochs_spin.setValue(50)
    lab.start()
    wait_points(qtbot, lab, 3)
    race = lab.race
    main_window.set_theme("dark")
    assert lab.loss_plot.getAxis("left").textPen().color().name() == style.colour("foreground")
    before = len(lab.curves.points)
    wait_points(qtbot, lab, before + 3)
    assert lab.race is race and lab.state == "running"
    main_window.set_theme("light")
    lab.stop()
    qtbot.waitUntil(lambda: main_window.is_settled, timeout=60_000)


def test_old_objects_are_frozen_only_while_training(qtbot, main_window, lab):
    """A full garbage collection over the whole program (~200 ms) must not stall the window
    mid-race: the objects that existed at Start are frozen while it trains, given back after."""
    import gc

    lab.epochs_spin.setValue(50)
    assert gc.get_freeze_count() == 0
    lab.start()
    wait_points(qtbot, lab, 3)
    assert lab.state == "running"
    assert gc.get_freeze_count() > 1000
    lab.pause()
    assert gc.get_freeze_count() == 0  # paused: nothing held
    lab.resume()
    assert gc.get_freeze_count() > 1000
    lab.stop()
    assert gc.get_freeze_count() == 0
    lab.start()
    wait_points(qtbot, lab, 3)
    main_window.close()  # closing mid-race lets go too
    assert gc.get_freeze_count() == 0


def test_an_opened_race_brings_back_its_own_activation(qtbot, main_window, lab, tmp_path):
    """Saved with an own activation that is later removed, the race opens with the formula
    re-made from the file: in the explorer and the lab's list again, with its value of b."""
    from engine import catalogue
    from engine.formula_spec import make_spec

    state = main_window.explorer_state
    key = state.add_activation(make_spec("x * sigmoid(b*x)"), {"b": 2.5})
    qtbot.waitUntil(
        lambda: (
            key
            in [lab.activation_list.item(i).data(256) for i in range(lab.activation_list.count())]
        )
    )
    lab.set_checked(["relu", key])
    lab.epochs_spin.setValue(1)
    lab.start()
    qtbot.waitUntil(lambda: lab.state == "finished", timeout=120_000)
    trained = [m.state_dict() for m in lab.race.models]
    path = tmp_path / "own.pt"
    with qtbot.waitSignal(lab.message, timeout=30_000):
        lab.save_weights(path)
    state.remove_activation(key)
    with pytest.raises(KeyError):
        catalogue.get(key)

    race = lab.race
    lab.open_weights(path)
    qtbot.waitUntil(lambda: lab.race is not race and lab.is_settled, timeout=60_000)
    assert lab.checked_keys() == ["relu", key]
    assert state.entry(key).params == {"b": 2.5}
    assert lab.race.config.contestants[1].values() == {"b": 2.5}
    for model, saved in zip(lab.race.models, trained, strict=True):
        for k, v in model.state_dict().items():
            assert torch.equal(v, saved[k])


def _inside_class_texts(panel) -> list[str]:
    """Every class name the inside view shows: the probability axes' ticks and, in each row's
    label, the top class (the text after the contestant's name, without the percentage)."""
    import re

    names = []
    for row in panel._inside_rows[1:]:
        for level in row["probs_plot"].getAxis("left")._tickLevels or []:
            names += [text for _, text in level]
        top = row["label"].text.split("<br>", 1)[1]
        names.append(re.sub(r"[:：]\s*\d+%$", "", top))
    return names


def _browser_class_texts(window) -> list[str]:
    from PySide6.QtCore import Qt

    combo = window.images.classes
    model = window.images.before_model
    tips = [
        model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole).split(" — ", 1)[1]
        for row in range(min(12, model.rowCount()))
    ]
    return [combo.itemText(i) for i in range(1, combo.count())] + tips


@pytest.mark.parametrize("which", ["main_window", "app_window"])  # built-in samples, CIFAR-10
def test_class_names_are_translated_everywhere_and_follow_the_language(qtbot, request, which):
    import re

    window = request.getfixturevalue(which)
    qtbot.waitUntil(
        lambda: window.network is not None and window.image_state.image_set is not None,
        timeout=60_000,
    )
    window.set_language("zh_CN")
    window.show_panel("labs-network")
    panel = window.network
    panel.epochs_spin.setValue(1)
    panel.start()
    qtbot.waitUntil(lambda: panel.state == "finished" and panel.inside is not None, timeout=120_000)
    with qtbot.waitSignal(panel.insideDrawn, timeout=30_000):
        panel.views.setCurrentIndex(1)
    english = list(window.image_state.image_set.classes)
    shown = _inside_class_texts(panel)
    assert len(shown) == 3 * len(english) + 3  # ten (or eight) ticks and a label per row
    chinese = _browser_class_texts(window) + shown
    assert not [t for t in chinese if re.search("[A-Za-z]", t)], chinese
    if which == "app_window":
        assert set(shown) >= {"飞机", "汽车", "鸟", "猫", "鹿", "狗", "青蛙", "马", "船", "卡车"}

    window.set_language("en")
    qtbot.waitUntil(lambda: set(_inside_class_texts(panel)) <= set(english), timeout=10_000)
    assert set(_browser_class_texts(window)) <= set(english)


def test_a_set_up_brings_its_parameter_values(lab, main_window):
    """The "dying ReLU" set-up races LeakyReLU with α = 0.1 (not the explorer's 0.01): its
    values go where the race takes parameters from, the explorer."""
    lab.apply_setup("dying_relu")
    contestants = {c.key: c.values() for c in lab.config().contestants}
    assert contestants["leaky_relu"]["negative_slope"] == 0.1
    assert main_window.explorer_state.entry("leaky_relu").params["negative_slope"] == 0.1
    from engine.network_config import SETUPS

    assert lab.config() == SETUPS["dying_relu"][1]


def test_the_wheel_scrolls_the_controls_not_the_setting_under_the_pointer(qtbot, lab):
    """Scrolling the controls column with the wheel passed over the optimizer and changed it."""
    from PySide6.QtWidgets import QScrollArea

    from tests.gui_events import wheel_down as wheel

    lab.window().resize(1366, 500)  # a short window: the column scrolls
    scroll = lab.controls_scroll.findChild(QScrollArea)
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    for widget, value in (
        (lab.optimizer_combo, lab.optimizer_combo.currentIndex),
        (lab.seed_spin, lab.seed_spin.value),
    ):
        before, position = value(), bar.value()
        wheel(widget)
        assert value() == before
        assert bar.value() > position  # the column scrolled instead
    lab.seed_spin.setFocus()
    qtbot.waitUntil(lab.seed_spin.hasFocus)
    wheel(lab.seed_spin)
    assert lab.seed_spin.value() != 1  # once chosen (focused), the wheel sets it as ever


def test_curves_trained_behind_the_inside_tab_are_all_there_when_shown(qtbot, lab):
    """While the Inside tab is shown the curves are not redrawn (GUI time); shown again, they
    hold every point the race made meanwhile."""
    from engine.network_config import StepPoint
    from gui.labs.network_panel import _smooth

    lab.epochs_spin.setValue(1)
    lab.views.setCurrentIndex(1)
    lab.start()
    qtbot.waitUntil(lambda: lab.state == "finished", timeout=120_000)
    with qtbot.waitSignal(lab.pointsShown, timeout=5_000):
        lab.views.setCurrentIndex(0)
    for i, items in enumerate(lab.plot_items):
        losses = [
            p.loss for p in lab.race.history if isinstance(p, StepPoint) and p.contestant == i
        ]
        np.testing.assert_allclose(items["loss"].yData, _smooth(losses))
        assert len(items["full"].yData) == len(lab.race.epoch_results()) // len(lab.plot_items)
