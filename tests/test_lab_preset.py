"""Format 2 presets carry the three small labs' settings and the panel shown: every setting
survives a round trip through a preset file and through the remembered session, a format-1 file
reads as before, and a bad ``labs`` section is refused with nothing changed."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings

from engine import preset
from engine.explorer_state import ExplorerState
from engine.preset import PresetError
from gui.main_window import MainWindow


def _window(qtbot, tmp_path, settings: QSettings | None = None) -> MainWindow:
    settings = settings or QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(
        lang="en", settings=settings, data_dir=tmp_path / "appdata", cifar_root=tmp_path / "none"
    )
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.start()
    qtbot.waitUntil(lambda: len(w.labs) == 3, timeout=60_000)
    return w


@pytest.fixture
def window(qtbot, tmp_path):
    w = _window(qtbot, tmp_path)
    yield w
    w.close()


# One value per setting, none of them the lab's default.
CHOSEN = {
    "xor": {
        "dataset": "circles",
        "activation": "tanh",
        "follow": False,
        "width": 5,
        "layers": 2,
        "optimizer": "sgd",
        "learning_rate": 0.123,
        "speed": 300,
        "step_limit": 4500,
        "seed": 42,
        "unit_lines": False,
    },
    "depth": {
        "activations": ["relu", "sigmoid"],
        "layers": 12,
        "width": 32,
        "init": "xavier",
        "seeds": 3,
    },
    "softmax": {"logits": [1.5, -2.0, 0.5, 3.0], "temperature": 2.5, "shift": 100.0},
}


def _set_in_gui(w: MainWindow) -> None:
    """Set CHOSEN through the widgets, as a teacher would."""
    xor, depth, soft = (w.labs[n] for n in ("labs-xor", "labs-depth", "labs-softmax"))
    x = CHOSEN["xor"]
    xor.dataset_combo.setCurrentIndex(xor.dataset_combo.findData(x["dataset"]))
    xor.follow.setChecked(False)
    xor._activation_picked(xor.activation_combo.findData(x["activation"]))
    xor.width_slider.setValue(x["width"])
    xor.depth_slider.setValue(x["layers"])
    xor.optimizer_combo.setCurrentIndex(xor.optimizer_combo.findData(x["optimizer"]))
    xor.lr_slider.setValue(x["learning_rate"])
    xor.speed_combo.setCurrentIndex(xor.speed_combo.findData(x["speed"]))
    xor.limit_spin.setValue(x["step_limit"])
    xor.seed_slider.setValue(x["seed"])
    xor.units_check.setChecked(x["unit_lines"])
    d = CHOSEN["depth"]
    depth.set_checked(d["activations"])
    depth.layers_slider.setValue(d["layers"])
    depth.width_slider.setValue(d["width"])
    depth.init_combo.setCurrentIndex(depth.init_combo.findData(d["init"]))
    depth.seeds_slider.setValue(d["seeds"])
    s = CHOSEN["softmax"]
    soft.set_logits(s["logits"])
    soft.temperature.setValue(s["temperature"])
    soft.shift.setValue(s["shift"])


def _read_back(w: MainWindow) -> dict:
    """The labs' state read from the widgets and from what the labs compute with."""
    xor, depth, soft = (w.labs[n] for n in ("labs-xor", "labs-depth", "labs-softmax"))
    config = xor.config()
    dconfig = depth.config()
    return {
        "xor": {
            "dataset": config.dataset,
            "activation": config.spec.key,
            "follow": xor.follow.isChecked(),
            "width": config.width,
            "layers": config.depth,
            "optimizer": config.optimizer,
            "learning_rate": round(xor.lr_slider.value(), 3),
            "speed": xor.speed(),
            "step_limit": xor.limit_spin.value(),
            "seed": config.seed,
            "unit_lines": xor.units_check.isChecked(),
        },
        "depth": {
            "activations": depth.checked_keys(),
            "layers": dconfig.layers,
            "width": dconfig.width,
            "init": dconfig.init,
            "seeds": dconfig.seeds,
        },
        "softmax": {
            "logits": [float(v) for v in soft.view.logits],
            "temperature": float(soft.view.temperature),
            "shift": round(soft.shift.value(), 1),
        },
    }


def _change_everything(w: MainWindow) -> None:
    """Other values for every setting (and another panel), so applying must set each back."""
    xor, depth, soft = (w.labs[n] for n in ("labs-xor", "labs-depth", "labs-softmax"))
    xor.apply_preset_section(
        {
            "dataset": "spirals",
            "activation": "sigmoid",
            "follow": False,
            "width": 16,
            "layers": 3,
            "optimizer": "adam",
            "learning_rate": 0.01,
            "speed": 1,
            "step_limit": 100,
            "seed": 7,
            "unit_lines": True,
        }
    )
    depth.apply_preset_section(
        {"activations": ["gelu"], "layers": 40, "width": 128, "init": "default", "seeds": 9}
    )
    soft.apply_preset_section({"logits": [0.0, 0.0], "temperature": 0.5, "shift": -20.0})
    w.show_panel("explorer")


def test_every_lab_setting_and_the_panel_round_trip_through_a_preset_file(qtbot, window, tmp_path):
    w = window
    _set_in_gui(w)
    assert _read_back(w) == CHOSEN  # the GUI really holds the chosen values
    w.show_panel("labs-softmax")
    path = tmp_path / "labs.json"
    assert w.exporter.save_preset(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == preset.VERSION and doc["panel"] == "labs-softmax"
    assert doc["labs"] == CHOSEN

    _change_everything(w)
    assert _read_back(w) != CHOSEN
    assert w.exporter.open_preset(path)
    assert _read_back(w) == CHOSEN
    assert w.current_panel() == "labs-softmax"
    # The softmax lab computed with the applied values (probabilities of the logits / T).
    import torch

    probs = torch.softmax(torch.tensor(CHOSEN["softmax"]["logits"]) / 2.5, dim=0).numpy()
    assert w.labs["labs-softmax"].view.probs == pytest.approx(probs, abs=1e-6)


def test_follow_takes_the_explorers_selection(qtbot, window, tmp_path):
    w = window
    doc = preset.snapshot(w.explorer_state, extra={"labs": {"xor": {"follow": True}}})
    doc["explorer"]["selected"] = "gelu"
    path = tmp_path / "follow.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert w.exporter.open_preset(path)
    xor = w.labs["labs-xor"]
    assert xor.follow.isChecked() and xor.config().spec.key == "gelu"


def test_the_remembered_session_keeps_the_labs(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = _window(qtbot, tmp_path, settings)
    _set_in_gui(w)
    w.store.save_all(w)
    w.close()
    settings.sync()
    again = _window(qtbot, tmp_path, QSettings(settings.fileName(), QSettings.Format.IniFormat))
    try:
        assert _read_back(again) == CHOSEN
    finally:
        again.close()


def test_a_version_1_file_loads_as_before(qtbot, window, tmp_path):
    """Format 1 knew no "labs" and did not check "panel": both are kept as the caller's fields."""
    w = window
    _set_in_gui(w)
    doc = preset.snapshot(ExplorerState.default())
    doc["version"] = 1
    doc["labs"] = {"xor": {"colour": "red"}}
    doc["panel"] = "nowhere"
    text = json.dumps(doc)
    assert preset.loads(text)["labs"] == {"xor": {"colour": "red"}}
    assert preset.labs_of(preset.loads(text), w.explorer_state) == {}
    path = tmp_path / "v1.json"
    path.write_text(text, encoding="utf-8")
    assert w.exporter.open_preset(path)
    assert _read_back(w) == CHOSEN  # the labs are left as they were
    assert w.explorer_state.selected == doc["explorer"]["selected"]


def _v2(labs: object) -> dict:
    doc = preset.snapshot(ExplorerState.default())
    doc["labs"] = labs
    return doc


BAD = [
    ([], "labs must be an object, not a list"),
    ({"xorr": {}}, 'labs: unknown field(s) "xorr"'),
    ({"xor": 3}, "labs.xor must be an object, not a number"),
    ({"xor": {"speeed": 10}}, 'labs.xor: unknown field(s) "speeed"'),
    ({"xor": {"dataset": "moons"}}, "labs.xor.dataset must be one of"),
    ({"xor": {"activation": "relu7"}}, 'labs.xor.activation: unknown activation "relu7"'),
    ({"xor": {"follow": 1}}, "labs.xor.follow must be true or false, not a number"),
    ({"xor": {"width": 17}}, "labs.xor.width must be from 2 to 16, not 17"),
    ({"xor": {"layers": 1.0}}, "labs.xor.layers must be a whole number, not a number"),
    ({"xor": {"learning_rate": "0.1"}}, "labs.xor.learning_rate must be a number, not a text"),
    ({"xor": {"learning_rate": 2}}, "labs.xor.learning_rate must be from 0.001 to 0.5, not 2"),
    ({"xor": {"speed": 7}}, "labs.xor.speed must be one of 1, 2, 5"),
    ({"xor": {"step_limit": 5}}, "labs.xor.step_limit must be from 10 to 100000, not 5"),
    ({"xor": {"seed": True}}, "labs.xor.seed must be a whole number, not true or false"),
    ({"depth": {"activations": "relu"}}, "labs.depth.activations must be a list, not a text"),
    ({"depth": {"activations": ["relu", 3]}}, "labs.depth.activations[1] must be a text"),
    ({"depth": {"init": "he"}}, "labs.depth.init must be one of default, xavier, kaiming"),
    ({"depth": {"layers": 0}}, "labs.depth.layers must be from 1 to 50, not 0"),
    ({"softmax": {"logits": [1.0]}}, "labs.softmax.logits must hold 2 to 10 numbers, not 1"),
    ({"softmax": {"logits": [1.0, 11]}}, "labs.softmax.logits[1] must be from -10.0 to 10.0"),
    ({"softmax": {"temperature": 0}}, "labs.softmax.temperature must be from 0.1 to 5.0"),
    ({"softmax": {"c": 1}}, 'labs.softmax: unknown field(s) "c"'),
]


@pytest.mark.parametrize(("labs", "reason"), BAD)
def test_a_bad_labs_section_is_refused_with_its_reason(labs, reason):
    with pytest.raises(PresetError) as info:
        preset.loads(json.dumps(_v2(labs)))
    assert str(info.value).startswith(reason)


def test_a_bad_panel_is_refused_in_format_2():
    doc = _v2({})
    doc["panel"] = "nowhere"
    with pytest.raises(PresetError, match=r"^panel must be one of explorer, images"):
        preset.loads(json.dumps(doc))


def test_a_bad_labs_section_changes_nothing_in_the_window(qtbot, window, tmp_path):
    w = window
    _set_in_gui(w)
    before_explorer = preset.snapshot(w.explorer_state)
    doc = preset.snapshot(ExplorerState.default(), extra={"labs": dict(CHOSEN)})
    doc["explorer"]["selected"] = "gelu"
    doc["labs"] = {**CHOSEN, "softmax": {"logits": [1.0, 2.0], "temperature": 50}}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert not w.exporter.open_preset(path)
    assert _read_back(w) == CHOSEN
    assert preset.snapshot(w.explorer_state) == before_explorer
    assert any("labs.softmax.temperature" in m for m in _messages(w))


def _messages(w: MainWindow) -> list[str]:
    return [w.statusBar().currentMessage()]


def test_the_builtin_lessons_xor_step_sets_the_xor_lab(qtbot, window):
    """Whatever the teacher did in the XOR lab, the lesson's XOR step shows what its note says:
    ReLU on the four XOR points, the lab's usual settings. Both languages carry the same preset."""
    from engine import lesson as lessons
    from gui.lesson_bar import apply_step

    w = window
    _set_in_gui(w)
    en, zh = lessons.load_builtin("en"), lessons.load_builtin("zh_CN")
    assert en.steps[0].preset == zh.steps[0].preset
    assert apply_step(w, en.steps[0]) == []
    got = _read_back(w)["xor"]
    assert got == {**en.steps[0].preset["labs"]["xor"]}
    assert got["dataset"] == "xor" and got["activation"] == "relu"
    assert w.current_panel() == "labs-xor"


@pytest.mark.parametrize(
    ("version", "written", "read"),
    [
        (2, "sgd", "sgd_momentum"),
        (2, "adam", "adam"),
        (3, "sgd", "sgd"),
        (3, "sgd_momentum", "sgd_momentum"),
    ],
)
def test_an_xor_optimizer_means_what_its_format_meant(version, written, read):
    """Format 2's XOR lab called SGD with momentum 0.9 "sgd"; since format 3 the key is the one
    vocabulary's ("sgd" is plain SGD, as in the network lab)."""
    doc = _v2({"xor": {"optimizer": written}})
    doc["version"] = version
    assert preset.labs_of(preset.loads(json.dumps(doc)), ExplorerState.default()) == {
        "xor": {"optimizer": read}
    }


def test_format_2_knew_no_plain_sgd_key_for_the_xor_lab():
    doc = _v2({"xor": {"optimizer": "sgd_momentum"}})
    doc["version"] = 2
    with pytest.raises(PresetError, match=r"^labs\.xor\.optimizer must be one of adam, sgd"):
        preset.loads(json.dumps(doc))
