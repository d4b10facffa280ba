"""Lesson presets and the settings store: round trips, and every damaged case refused cleanly."""

from __future__ import annotations

import copy
import json
import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import preset
from engine.atomic_file import WriteError
from engine.datasets import ImageSet, Split
from engine.explorer_state import ExplorerState
from engine.image_state import ImageBrowserState, Settings
from engine.messages import Message
from engine.preset import PresetError
from tests.conftest import ROOT


def _image_set(*splits: str) -> ImageSet:
    def split(name: str, n: int) -> Split:
        return Split(name, np.zeros((n, 3, 4, 4), np.uint8), np.zeros(n, np.int64))

    return ImageSet(
        "test set",
        "samples",
        {name: split(name, 2 + i) for i, name in enumerate(splits)},
        ["a", "b"],
        None,
    )


def _teaching_state() -> tuple[ExplorerState, ImageBrowserState]:
    """A state far from the defaults in every stored respect."""
    explorer = ExplorerState.default()
    assert explorer.set_params("hardtanh", {"min_val": -2.0, "max_val": 0.5}) is None
    assert explorer.set_params("softmax", {"others": (1.0, -2.5, 0.1)}) is None
    assert explorer.set_params("gelu", {"approximate": "tanh"}) is None
    assert explorer.set_params("rrelu", {"lower": 0.1, "upper": 1 / 7}) is None
    explorer.set_checked("relu", False)
    explorer.set_checked("swish", True)
    explorer.set_checked("softmax", True)
    explorer.select("hardtanh")
    assert explorer.set_x_range(-3.25, 7.0) is None
    images = ImageBrowserState()
    images.set_source(_image_set("test", "train"))
    images.set_settings(scaling="standardize", pre="edges", display="diverging", channel=2)
    images.set_split("train")
    return explorer, images


def _fresh() -> tuple[ExplorerState, ImageBrowserState]:
    images = ImageBrowserState()
    images.set_source(_image_set("test", "train"))
    return ExplorerState.default(), images


def _fingerprint(explorer: ExplorerState, images: ImageBrowserState | None = None) -> object:
    """Everything a preset could change, colours included."""
    entries = [(e.spec.key, dict(e.params), e.checked, e.colour) for e in explorer.entries]
    image_part = None if images is None else (images.settings, images.split, images.version)
    return entries, explorer.selected, explorer.x_range, image_part


def _valid() -> dict:
    explorer, images = _teaching_state()
    return preset.snapshot(explorer, images.settings, images.split, {"language": "zh_CN"})


def test_preset_and_export_modules_do_not_import_torch():
    # Settings are restored at start-up, before torch has loaded.
    code = "import sys, engine.preset, engine.export\nprint('torch' in sys.modules)\n"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


# -- round trips -------------------------------------------------------------------------------


def test_file_round_trip_gives_identical_states(tmp_path):
    explorer, images = _teaching_state()
    data = preset.snapshot(explorer, images.settings, images.split, {"theme": "dark"})
    path = tmp_path / "lesson.json"
    preset.save_preset(path, data)
    assert list(tmp_path.iterdir()) == [path]  # the temporary file was renamed, not left over

    loaded = preset.load_preset(path)
    assert loaded == data
    target, target_images = _fresh()
    assert preset.apply(loaded, target, target_images) == []

    for a, b in zip(explorer.entries, target.entries, strict=True):
        assert (a.spec.key, a.params, a.checked) == (b.spec.key, b.params, b.checked)
        assert type(a.params) is type(b.params)
    assert target.entry("softmax").params["others"] == (1.0, -2.5, 0.1)  # a tuple again
    assert target.entry("rrelu").params["upper"] == 1 / 7  # floats survive exactly
    assert (target.selected, target.x_range) == ("hardtanh", (-3.25, 7.0))
    assert target_images.settings == images.settings
    assert target_images.split == "train"
    assert preset.snapshot(target, target_images.settings, target_images.split) == (
        preset.snapshot(explorer, images.settings, images.split)
    )


def test_file_is_small_readable_utf8_json(tmp_path):
    path = tmp_path / "lesson.json"
    preset.save_preset(path, _valid())
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    doc = json.loads(raw.decode("utf-8"))
    assert doc["format"] == "activation-lab-preset" and doc["version"] == 3
    # Only the activations that differ from their defaults are listed, each complete.
    assert set(doc["explorer"]["params"]) == {"hardtanh", "softmax", "gelu", "rrelu"}
    assert doc["explorer"]["params"]["softmax"] == {"others": [1.0, -2.5, 0.1]}
    assert doc["images"] == {
        "scaling": "standardize",
        "pre": "edges",
        "display": "diverging",
        "channel": 2,
        "split": "train",
    }
    assert len(raw) < 2000
    assert b"\n  " in raw  # indented for a teacher's editor


def test_settings_store_round_trip_through_text():
    explorer, images = _teaching_state()
    stored = preset.dumps(preset.snapshot(explorer, images.settings, images.split))
    target, target_images = _fresh()
    preset.apply(preset.loads(stored), target, target_images)
    assert _fingerprint(target)[1:3] == _fingerprint(explorer)[1:3]
    assert preset.snapshot(target, target_images.settings, target_images.split) == (
        preset.snapshot(explorer, images.settings, images.split)
    )


def test_defaults_round_trip_to_an_empty_params_object():
    explorer = ExplorerState.default()
    data = preset.snapshot(explorer)
    assert data["explorer"]["params"] == {}
    assert "images" not in data
    target = ExplorerState.default(checked=())
    target.set_params("elu", {"alpha": 2.0})
    preset.apply(preset.loads(preset.dumps(data)), target)
    assert _fingerprint(target)[:3] == _fingerprint(ExplorerState.default())[:3]


def test_hand_written_compact_preset():
    # A teacher's own file: integers for floats, one parameter of two, no params for the rest.
    text = """{"format": "activation-lab-preset", "version": 1,
               "explorer": {"selected": "leaky_relu", "checked": ["sigmoid", "sigmoid"],
                            "params": {"hardtanh": {"max_val": 3}}, "x_range": [-2, 2]}}"""
    explorer, images = _teaching_state()
    before_images = (images.settings, images.split)
    preset.apply(preset.loads(text), explorer, images)
    assert explorer.entry("hardtanh").params == {"min_val": -1.0, "max_val": 3.0}
    assert isinstance(explorer.entry("hardtanh").params["max_val"], float)
    assert explorer.entry("softmax").params == {"others": (0.0,)}  # not listed: defaults
    assert [e.spec.key for e in explorer.entries if e.checked] == ["sigmoid"]
    assert explorer.selected == "leaky_relu" and explorer.x_range == (-2.0, 2.0)
    assert (images.settings, images.split) == before_images  # no "images": left alone


def test_apply_notifies_listeners_in_the_documented_order():
    explorer, images = _fresh()
    events: list[str] = []
    explorer.subscribe(lambda what, key: events.append(what))
    images.subscribe(lambda what: events.append("images:" + what))
    preset.apply(_valid(), explorer, images)
    firsts = list(dict.fromkeys(events))
    assert firsts == ["params", "checked", "selected", "range", "images:settings", "images:split"]


def test_a_split_the_data_does_not_have_is_skipped_with_a_note():
    data = _valid()
    data["images"]["split"] = "validation"
    explorer, images = _fresh()
    notes = preset.apply(data, explorer, images)
    assert images.split == "test"
    assert images.settings == Settings("standardize", "edges", "diverging", 2)
    assert len(notes) == 1 and isinstance(notes[0], Message)
    assert '"validation"' in notes[0] and '"test"' in notes[0]


def test_snapshot_refuses_extras_that_replace_its_own_fields():
    with pytest.raises(ValueError, match="version"):
        preset.snapshot(ExplorerState.default(), extra={"version": 2})
    with pytest.raises(PresetError, match="language"):
        preset.snapshot(ExplorerState.default(), extra={"language": "fr"})


def test_unknown_top_level_fields_are_kept_for_the_gui():
    data = preset.snapshot(ExplorerState.default(), extra={"window": {"panel": "images"}})
    assert preset.loads(preset.dumps(data))["window"] == {"panel": "images"}


def test_a_bom_written_by_an_editor_is_accepted():
    text = preset.dumps(_valid())
    assert preset.loads(b"\xef\xbb\xbf" + text.encode("utf-8")) == _valid()


# -- damaged presets ---------------------------------------------------------------------------


def _set(path: str, value: object):
    """A mutation setting the dotted ``path`` of a valid document (``...`` deletes it)."""

    def mutate(doc: dict) -> None:
        *parents, last = path.split(".")
        node = doc
        for key in parents:
            node = node[key]
        if value is ...:
            del node[last]
        else:
            node[last] = value

    return mutate


_HUGE = 10**400

DAMAGED_DOCS = [
    (_set("format", ...), 'not an Activation Lab preset (no "format" field)'),
    (
        _set("format", "lesson"),
        'not an Activation Lab preset ("format" is "lesson", not "activation-lab-preset")',
    ),
    (_set("version", ...), 'the preset has no format "version"'),
    (_set("version", "1"), 'the preset\'s "version" must be a whole number, not "1"'),
    (_set("version", 1.5), 'the preset\'s "version" must be a whole number, not 1.5'),
    (_set("version", True), 'the preset\'s "version" must be a whole number, not true'),
    (_set("version", 0), 'the preset\'s "version" must be 1 or more, not 0'),
    (
        _set("version", 4),
        "made by a newer Activation Lab (format 4); this version reads format 3",
    ),
    (_set("explorer", ...), "explorer is missing"),
    (_set("explorer", []), "explorer must be an object, not a list"),
    (_set("explorer.colour", "red"), 'explorer: unknown field(s) "colour"'),
    (_set("explorer.selected", ...), "explorer.selected is missing"),
    (_set("explorer.selected", 3), "explorer.selected must be a text, not a number"),
    (_set("explorer.selected", "relu7"), 'explorer.selected: unknown activation "relu7"'),
    (_set("explorer.checked", "relu"), "explorer.checked must be a list, not a text"),
    (_set("explorer.checked", ["relu", None]), "explorer.checked[1] must be a text, not null"),
    (_set("explorer.checked", ["gauss"]), 'explorer.checked[0]: unknown activation "gauss"'),
    (_set("explorer.params", []), "explorer.params must be an object, not a list"),
    (_set("explorer.params.gauss", {}), 'explorer.params: unknown activation "gauss"'),
    (_set("explorer.params.hardtanh", 1), "explorer.params.hardtanh must be an object"),
    (
        _set("explorer.params.hardtanh", {"min_val": 2, "max_val": 1}),
        "explorer.params.hardtanh: min_val must be < max_val (now 2 and 1)",
    ),
    (
        _set("explorer.params.hardtanh.lo", 1),
        'explorer.params.hardtanh: Hardtanh has no parameter "lo"',
    ),
    (
        _set("explorer.params.leaky_relu", {"negative_slope": "0.1"}),
        "explorer.params.leaky_relu.negative_slope must be a number, not a text",
    ),
    (
        _set("explorer.params.leaky_relu", {"negative_slope": math.nan}),
        "explorer.params.leaky_relu: Negative slope cannot be NaN",
    ),
    (
        _set("explorer.params.celu", {"alpha": 0}),
        "explorer.params.celu: α (alpha) must be > 0",
    ),
    (
        _set("explorer.params.elu", {"alpha": _HUGE}),
        "explorer.params.elu.alpha: the number is too large",
    ),
    (
        _set("explorer.params.gelu", {"approximate": "erf"}),
        "explorer.params.gelu: Approximation must be one of: none, tanh",
    ),
    (
        _set("explorer.params.softmax.others", 1.0),
        "explorer.params.softmax.others must be a list, not a number",
    ),
    (
        _set("explorer.params.softmax.others", [1.0, [2.0]]),
        "explorer.params.softmax.others[1] must be a number, not a list",
    ),
    (
        _set("explorer.params.softmax.others", [0.0] * 10),
        "explorer.params.softmax: Other logits takes at most 9 numbers",
    ),
    (
        _set("explorer.params.softmax.others", []),
        "explorer.params.softmax: Other logits needs at least one number",
    ),
    (_set("explorer.x_range", ...), "explorer.x_range is missing"),
    (_set("explorer.x_range", {"lo": 0}), "explorer.x_range must be a list, not an object"),
    (_set("explorer.x_range", [1.0]), "explorer.x_range must hold two numbers [min, max], not 1"),
    (
        _set("explorer.x_range", [0, "1"]),
        "explorer.x_range[1] must be a number, not a text",
    ),
    (
        _set("explorer.x_range", [0, math.inf]),
        "explorer.x_range: the x range must be finite numbers",
    ),
    (
        _set("explorer.x_range", [2, 1]),
        "explorer.x_range: x min must be smaller than x max (now 2 and 1)",
    ),
    (_set("explorer.x_range", [0, _HUGE]), "explorer.x_range[1]: the number is too large"),
    (_set("images", "clip"), "images must be an object, not a text"),
    (_set("images.zoom", 2), 'images: unknown field(s) "zoom"'),
    (_set("images.scaling", ...), "images.scaling is missing"),
    (
        _set("images.scaling", "to_pixels"),
        'images.scaling must be one of to_tensor, normalize_half, standardize, not "to_pixels"',
    ),
    (_set("images.pre", 1), "images.pre must be a text, not a number"),
    (_set("images.display", "log"), "images.display must be one of clip, stretch, diverging"),
    (_set("images.channel", 3), "images.channel must be 0, 1 or 2, not 3"),
    (_set("images.channel", "0"), "images.channel must be a whole number, not a text"),
    (_set("images.channel", False), "images.channel must be a whole number, not true or false"),
    (_set("images.split", 1), "images.split must be a text, not a number"),
    (_set("language", "fr"), 'language must be one of zh_CN, en, not "fr"'),
    (_set("theme", None), "theme must be one of light, dark, not null"),
]


@pytest.mark.parametrize(("mutate", "expected"), DAMAGED_DOCS)
def test_damaged_document_is_refused_and_leaves_the_state_untouched(mutate, expected, tmp_path):
    doc = copy.deepcopy(_valid())
    mutate(doc)
    # Through a file, as a teacher's preset arrives (NaN/Infinity written as JSON's extension).
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(PresetError) as info:
        preset.load_preset(path)
    assert expected in str(info.value)
    assert isinstance(info.value.message, Message)

    # apply() validates again, and refuses before touching anything.
    explorer, images = _teaching_state()
    before = _fingerprint(explorer, images)
    events: list[object] = []
    explorer.subscribe(lambda *a: events.append(a))
    images.subscribe(lambda *a: events.append(a))
    with pytest.raises(PresetError) as info:
        preset.apply(doc, explorer, images)
    assert expected in str(info.value)
    assert _fingerprint(explorer, images) == before
    assert events == []


TRUNCATED = preset.dumps(_valid())

DAMAGED_TEXTS = [
    (b"", "the file is empty"),
    (b"  \n ", "the file is empty"),
    (b"\xff\xfe{\x00}\x00", "the file is not UTF-8 text"),
    (b"format = activation-lab-preset", "the file is not valid JSON (line 1, column 1)"),
    (b'{"format": "activation-lab-preset",, }', "the file is not valid JSON (line 1, column 36)"),
    (b'{"version": 1} {"version": 2}', "the file is not valid JSON"),
    (TRUNCATED[: len(TRUNCATED) // 2].encode(), "the file ends too early (truncated JSON"),
    (TRUNCATED[:-3].encode(), "the file ends too early (truncated JSON"),
    (TRUNCATED[:40].encode(), "the file ends too early (truncated JSON"),  # inside a string
    (b'{"explorer": [[[[', "the file ends too early (truncated JSON, line 1)"),
    (b"[" * 100_000, "the file is not valid JSON (nested too deeply)"),
    (b"[" * 100_000 + b"]" * 100_000, "the file is not valid JSON (nested too deeply)"),
    (b"1" * 5000, "the file is not valid JSON (a number is too long)"),
    (b"[1, 2]", "not a preset: the file holds a list, not a JSON object"),
    (b'"preset"', "not a preset: the file holds a text, not a JSON object"),
    (b"null", "not a preset: the file holds null, not a JSON object"),
    (b" " * (1024 * 1024) + TRUNCATED.encode(), "too large"),
]


@pytest.mark.parametrize(("payload", "expected"), DAMAGED_TEXTS)
def test_damaged_file_is_refused_with_a_specific_message(payload, expected, tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(payload)
    explorer, images = _teaching_state()
    before = _fingerprint(explorer, images)
    with pytest.raises(PresetError) as info:
        preset.apply(preset.load_preset(path), explorer, images)
    assert expected in str(info.value)
    assert isinstance(info.value.message, Message)
    assert _fingerprint(explorer, images) == before
    # The settings store gives text, not bytes: the same verdict.
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        return
    with pytest.raises(PresetError) as info:
        preset.loads(text)
    assert expected in str(info.value)


def test_missing_file_and_folder_give_a_preset_error(tmp_path):
    with pytest.raises(PresetError, match=r"missing\.json: missing file"):
        preset.load_preset(tmp_path / "missing.json")
    with pytest.raises(PresetError, match=r"not an ordinary file \(a folder\)"):
        preset.load_preset(tmp_path)


def test_unwritable_target_gives_a_write_error_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "taken"
    target.mkdir()  # a folder where the file should go: os.replace fails
    (target / "keep").write_text("x")
    with pytest.raises(WriteError, match="cannot write"):
        preset.save_preset(target, _valid())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_failed_save_keeps_the_previous_file(tmp_path):
    path = tmp_path / "lesson.json"
    preset.save_preset(path, _valid())
    old = path.read_bytes()
    bad = _valid()
    bad["version"] = 9
    with pytest.raises(PresetError, match="newer"):
        preset.save_preset(path, bad)
    assert path.read_bytes() == old


def test_future_version_is_refused_even_when_its_content_is_unknown():
    text = json.dumps({"format": "activation-lab-preset", "version": 4, "lessons": [1, 2]})
    with pytest.raises(PresetError) as info:
        preset.loads(text)
    assert str(info.value) == (
        "made by a newer Activation Lab (format 4); this version reads format 3"
    )
    assert info.value.message.template == (
        "made by a newer Activation Lab (format {version}); this version reads format {supported}"
    )


def test_nested_reason_keeps_its_own_template_for_translation():
    doc = _valid()
    doc["explorer"]["params"]["hardtanh"] = {"min_val": 2, "max_val": 1}
    with pytest.raises(PresetError) as info:
        preset.loads(json.dumps(doc))
    message = info.value.message
    assert message.template == "{path}: {reason}"
    assert message.args["path"] == "explorer.params.hardtanh"
    reason = message.args["reason"]
    assert isinstance(reason, Message)
    assert reason.template == "{lo_name} must be {rel} {hi_name} (now {lo:g} and {hi:g})"


# -- nothing but PresetError, whatever the input -----------------------------------------------

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["relu", "hardtanh", "softmax", "test", "to_tensor", "zh_CN"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _load_and_apply(payload: str | bytes) -> None:
    try:
        data = preset.loads(payload)
    except PresetError:
        return
    assert isinstance(data, dict)
    explorer, images = _teaching_state()
    preset.apply(data, explorer, images)  # loads() accepted it, so apply() must too


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_raise_nothing_but_preset_error(payload):
    _load_and_apply(payload)


@settings(max_examples=150, deadline=None)
@given(_json)
def test_random_json_raises_nothing_but_preset_error(value):
    _load_and_apply(json.dumps(value))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_valid_preset_with_one_value_replaced_is_applied_fully_or_not_at_all(data):
    doc = _valid()
    path = data.draw(st.sampled_from(_paths(doc)[1:]))
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = data.draw(_json)
    explorer, images = _teaching_state()
    before = _fingerprint(explorer, images)
    try:
        loaded = preset.loads(json.dumps(doc))
    except PresetError:
        with pytest.raises(PresetError):
            preset.apply(doc, explorer, images)
        assert _fingerprint(explorer, images) == before
        return
    preset.apply(loaded, explorer, images)
    # Whatever was accepted is exactly what the state now shows.
    assert preset.snapshot(explorer)["explorer"]["selected"] == loaded["explorer"]["selected"]
    assert set(preset.snapshot(explorer)["explorer"]["checked"]) == set(
        loaded["explorer"]["checked"]
    )
