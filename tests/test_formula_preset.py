"""Own activations travel in presets and lessons by their text, checked like any formula."""

from __future__ import annotations

import json

import pytest

from engine import catalogue
from engine.explorer_state import ExplorerState
from engine.formula_spec import make_spec, own_key
from engine.preset import PresetError, apply, dumps, loads, snapshot


@pytest.fixture(autouse=True)
def forget_own_activations():
    before = dict(catalogue._USER)
    yield
    catalogue._USER.clear()
    catalogue._USER.update(before)


def state_with_own() -> ExplorerState:
    state = ExplorerState.default()
    key = state.add_activation(make_spec("x * sigmoid(b*x)", {"b": (0.0, 8.0)}))
    state.set_params(key, {"b": 2.5})
    state.add_activation(make_spec("where(x > 0, x, a*x)"))
    state.set_checked(own_key("where(x > 0, x, a*x)"), False)
    state.select(key)
    return state


def test_snapshot_stores_own_activations_by_text_and_restores_them():
    state = state_with_own()
    data = loads(dumps(snapshot(state)))
    own = data["explorer"]["own"]
    assert own == [
        {"formula": "x * sigmoid(b*x)", "sliders": {"b": [0.0, 8.0]}},
        {"formula": "where(x > 0, x, a*x)", "sliders": {"a": [-5.0, 5.0]}},
    ]
    key = own_key("x * sigmoid(b*x)")
    assert data["explorer"]["selected"] == key
    assert data["explorer"]["params"][key] == {"b": 2.5}

    fresh = ExplorerState.default()
    apply(data, fresh)
    assert [e.spec.key for e in fresh.own_entries()] == [e.spec.key for e in state.own_entries()]
    assert fresh.selected == key and fresh.entry(key).params == {"b": 2.5}
    assert fresh.entry(key).spec.param("b").slider == (0.0, 8.0)
    assert fresh.entry(key).checked
    assert not fresh.entry(own_key("where(x > 0, x, a*x)")).checked
    assert catalogue.get(key) is fresh.entry(key).spec  # the labs find it by key


def test_a_preset_without_own_activations_removes_them():
    state = state_with_own()
    plain = snapshot(ExplorerState.default())
    assert "own" not in plain["explorer"]
    apply(plain, state)
    assert state.own_entries() == [] and state.selected == ExplorerState.default().selected


@pytest.mark.parametrize(
    "own",
    [
        [{"formula": "__import__('os').system('echo pwned')"}],
        [{"formula": "x.real"}],
        [{"formula": "open"}],
        [{"formula": "x" * 1000}],
        [{"formula": 42}],
        [{"formula": "x * b", "sliders": {"b": [3, 1]}}],
        [{"formula": "x * b", "sliders": {"c": [0, 1]}}],
        [{"formula": "x * b", "sliders": {"b": "wide"}}],
        [{"formula": "x * b", "extra": 1}],
        [{"formula": "x"}, {"formula": " x "}],
        "x * b",
        [{"formula": f"x + {i}"} for i in range(17)],
    ],
)
def test_bad_own_activations_refuse_the_whole_preset(own, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    state = state_with_own()
    before = snapshot(state)
    data = snapshot(ExplorerState.default())
    data["explorer"]["own"] = own
    with pytest.raises(PresetError) as info:
        loads(json.dumps(data))
    assert info.value.message.template
    with pytest.raises(PresetError):
        apply(data, state)
    assert snapshot(state) == before  # untouched
    assert list(tmp_path.iterdir()) == []


def test_keys_of_own_activations_must_be_listed():
    data = snapshot(ExplorerState.default())
    data["explorer"]["checked"].append(own_key("x * b"))
    with pytest.raises(PresetError):
        loads(json.dumps(data))
    data["explorer"]["own"] = [{"formula": "x * b"}]
    loads(json.dumps(data))  # now it is known


def test_a_lesson_step_keeps_its_own_activation():
    from engine.lesson import Lesson, Step
    from engine.lesson import dumps as lesson_dumps
    from engine.lesson import loads as lesson_loads

    state = state_with_own()
    step = Step("Swish by hand", "β from a slider", snapshot(state))
    text = lesson_dumps(Lesson("Own", (step,)))
    lesson = lesson_loads(text)
    fresh = ExplorerState.default()
    apply(lesson.steps[0].preset, fresh)
    assert fresh.selected == own_key("x * sigmoid(b*x)")
    bad = json.loads(text)
    bad["steps"][0]["preset"]["explorer"]["own"][0]["formula"] = "x.__class__"
    with pytest.raises(Exception) as info:
        lesson_loads(json.dumps(bad))
    assert type(info.value).__name__ == "LessonError"


def test_export_code_with_an_own_activation_from_a_preset(tmp_path):
    from tests.test_codegen import floats, run_script
    from tests.test_main import run_main

    (tmp_path / "p.json").write_text(dumps(snapshot(state_with_own())), encoding="utf-8")
    out = tmp_path / "explorer.py"
    result = run_main("--export-code", "explorer", str(out), "--preset", str(tmp_path / "p.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    text = out.read_text(encoding="utf-8")
    assert "class Own(nn.Module):" in text and "Own(b=2.5)" in text
    printed = run_script(out, tmp_path)
    block = printed.split("x * sigmoid(b*x)\n", 1)[1].splitlines()[3]  # x = 0
    assert floats(block)[:3] == [0.0, 0.0, 0.5]
