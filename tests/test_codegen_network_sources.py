"""The network script on the lab's other sources: the built-in samples (generated in the script
by the engine's own generator) and an image folder (ImageFolder with the engine's decoding and
the lab's 80 / 20 split). Run in a subprocess, it prints what the race computes: the epoch
lines, the test-split and subset checks, and every step's gradient norm per layer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from engine.codegen_network import network_script
from engine.network_config import Contestant, EvalPoint, RaceConfig, StepPoint
from tests.test_codegen import run_script, write

EPOCH = re.compile(r"^epoch (\d+) (\S+) loss=(\S+) acc=(\S+)$")
CHECK = re.compile(r"^check epoch (\d+) images (\d+) (\S+) acc=(\S+) loss=(\S+) dead=(\S+) ")
TEST = re.compile(r"^test loss=(\S+) dead=(\S+)$")
GRAD = re.compile(r"^grad step (\d+) (\S+) (.+)$")

CONFIG = RaceConfig(
    contestants=(Contestant("relu"), Contestant("sigmoid"), Contestant.of("prelu")),
    optimizer="adam",
    lr=0.01,
    batch_size=32,
    seed=3,
    train_size=200,
    epochs=2,
    eval_every=2,
    eval_images=40,
)


def write_image_folder(root: Path) -> Path:
    """Three classes of small pictures in several sizes and formats (a big JPEG is decoded in
    draft mode and reduced, as the lab does), one in a sub-folder, and an empty class."""
    from PIL import Image

    rng = np.random.default_rng(7)
    sizes = [(32, 32), (40, 56), (75, 50), (300, 260), (140, 141)]
    for c, name in enumerate(["cat", "dog", "sub-cat"]):
        for i in range(14):
            w, h = sizes[i % len(sizes)]
            base = rng.integers(0, 256, size=(3,)) // (c + 1)
            pixels = (base + rng.integers(0, 90, size=(h, w, 3))).clip(0, 255).astype(np.uint8)
            folder = root / name / ("deeper" if i == 3 else "")
            folder.mkdir(parents=True, exist_ok=True)
            ext = ".jpg" if i % 4 == 1 else ".png"
            Image.fromarray(pixels).save(folder / f"img{i:02d}{ext}")
    (root / "empty").mkdir()
    (root / "cat" / "notes.txt").write_text("not an image", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def image_folder(tmp_path_factory) -> Path:
    return write_image_folder(tmp_path_factory.mktemp("folder") / "my images")


def numbers(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


def compare(out: str, race, config: RaceConfig, grad_steps: int | None = 60) -> None:
    """Every line the script prints against the race's own points."""
    keys = [c.key for c in config.contestants]
    lines = [ln.strip() for ln in out.splitlines()]

    epochs = [EPOCH.match(ln) for ln in lines if EPOCH.match(ln)]
    full = race.epoch_results()
    assert len(epochs) == len(full) == config.epochs * len(keys)
    for m, p in zip(epochs, full, strict=True):
        assert (int(m[1]), m[2]) == (p.epoch, keys[p.contestant])
        assert float(m[3]) == pytest.approx(p.train_loss, abs=1e-4)
        assert float(m[4]) == pytest.approx(p.accuracy, abs=1e-4)
    tests = [TEST.match(ln) for ln in lines if TEST.match(ln)]
    for m, p in zip(tests, full, strict=True):
        assert float(m[1]) == pytest.approx(p.loss, rel=1e-4)
        assert numbers(m[2]) == pytest.approx(p.dead, abs=1e-5)

    checks = [CHECK.match(ln) for ln in lines if ln.startswith("check")]
    subset = [p for p in race.history if isinstance(p, EvalPoint) and not p.full]
    assert len(checks) == len(subset) > 0
    for m, p in zip(checks, subset, strict=True):
        assert (int(m[1]), int(m[2]), m[3]) == (p.epoch, p.images, keys[p.contestant])
        assert float(m[4]) == pytest.approx(p.accuracy, abs=1e-4)
        assert float(m[5]) == pytest.approx(p.loss, rel=1e-4)

    compare_grads(lines, race, keys, grad_steps)


def compare_grads(lines: list[str], race, keys: list[str], first: int | None = 60) -> None:
    """A ``grad step S KEY layer=norm …`` line per step per contestant, as the lab's curves
    have them: the values of the ``first`` lines to 1e-4 (later steps may drift by a thread
    count's summation order), the step numbers and layer names of all."""
    grads = [GRAD.match(ln) for ln in lines if ln.startswith("grad ")]
    steps = [p for p in race.history if isinstance(p, StepPoint)]
    assert len(grads) == len(steps) > 0
    rounds = 0
    for n, (m, p) in enumerate(zip(grads, steps, strict=True)):
        rounds += p.contestant == 0
        assert (int(m[1]), m[2]) == (rounds, keys[p.contestant])
        named = dict(pair.split("=") for pair in m[3].split())
        assert list(named) == race.weighted_names
        if first is None or n < first:
            assert [float(v) for v in named.values()] == pytest.approx(p.grad_norms, rel=1e-4)


def run_race(image_set, config: RaceConfig):
    from engine.network_race import Race, RaceData

    race = Race(config, RaceData.from_image_set(image_set, config.train_size))
    race.run_to_end()
    return race


def test_network_script_on_the_built_in_samples_prints_the_race(tmp_path):
    from engine.sample_data import generate_samples

    race = run_race(generate_samples(), CONFIG)
    text = network_script(CONFIG, data_kind="samples")
    assert "CIFAR10" not in text and "sample_pixels(PER_CLASS, SAMPLE_SEED)" in text
    compare(run_script(write(tmp_path, text), tmp_path), race, CONFIG)


def test_network_script_on_an_image_folder_prints_the_race(tmp_path, image_folder):
    from engine.image_folder import load_image_folder

    image_set = load_image_folder(image_folder)
    assert len(image_set.classes) == 4 and len(image_set.splits["all"]) == 42
    config = RaceConfig(
        contestants=(Contestant("tanh"), Contestant("relu")),
        batch_size=8,
        seed=1,
        epochs=2,
        eval_every=1,
        eval_images=5,
        init="kaiming",
    )
    race = run_race(image_set, config)
    text = network_script(config, data_kind="folder", data_folder=image_folder)
    assert "ImageFolder(FOLDER" in text and repr(str(image_folder)) in text
    compare(run_script(write(tmp_path, text), tmp_path), race, config)


def test_the_folder_script_reads_the_pixels_the_lab_reads(tmp_path, image_folder):
    """Not only the printed figures: the script's tensors are the engine's arrays, image for
    image, including a JPEG decoded in draft mode and a file in a sub-folder."""
    from engine.image_folder import load_image_folder

    text = network_script(RaceConfig(), data_kind="folder", data_folder=image_folder)
    cut = text.index("start = start_weights()")
    dump = tmp_path / "pixels.npz"
    probe = (
        text[:cut]
        + f"np.savez({str(dump)!r}, images=images.numpy(), labels=labels.numpy(),"
        + " train=train_images.numpy(), test=test_images.numpy())\n"
    )
    run_script(write(tmp_path, probe), tmp_path)
    got = np.load(dump)
    split = load_image_folder(image_folder).splits["all"]
    assert np.array_equal(got["images"], split.images)
    assert np.array_equal(got["labels"], split.labels)
    from engine.holdout import train_test_indices

    train, test = train_test_indices(len(split))
    assert np.array_equal(got["train"], split.images[train])
    assert np.array_equal(got["test"], split.images[test])


def test_the_samples_script_generates_the_programs_samples(tmp_path):
    from engine.sample_data import generate_samples

    text = network_script(RaceConfig(), data_kind="samples")
    cut = text.index("start = start_weights()")
    dump = tmp_path / "samples.npz"
    probe = text[:cut] + f"np.savez({str(dump)!r}, images=images.numpy(), labels=labels.numpy())\n"
    run_script(write(tmp_path, probe), tmp_path)
    got = np.load(dump)
    split = generate_samples().splits["all"]
    assert np.array_equal(got["images"], split.images)
    assert np.array_equal(got["labels"], split.labels)


def test_the_generator_in_the_script_is_the_engines_own():
    """The script carries the engine's definitions, not a copy: change the engine's code and
    the script changes with it."""
    import engine.sample_pixels as sp
    from engine.codegen_source import engine_code

    text = network_script(RaceConfig(), data_kind="samples")
    assert engine_code("engine.sample_pixels") in text
    own = [f for f in vars(sp).values() if getattr(f, "__module__", None) == sp.__name__]
    assert len(own) >= 10
    for name in (f.__name__ for f in own):
        assert f"def {name}(" in text, name


def preset_with(network: dict) -> dict:
    from engine.preset import FORMAT, VERSION

    explorer = {"selected": "relu", "checked": ["relu"], "params": {}, "x_range": [-3, 3]}
    return {"format": FORMAT, "version": VERSION, "explorer": explorer, "network": network}


def test_the_bundle_ships_the_source_a_script_carries():
    """A frozen bundle holds only byte code unless told otherwise: the spec collects each
    carried module's .py too (module_collection_mode), or Show code would fail there."""
    from engine.codegen_source import CARRIED

    spec = (Path(__file__).resolve().parents[1] / "activation_lab.spec").read_text("utf-8")
    block = spec[spec.index("module_collection_mode") :]
    block = block[: block.index("}")]
    assert '"pyz+py"' in block
    for name in CARRIED:
        assert f'"{name}"' in block, name


def test_a_missing_source_is_one_clear_refusal(monkeypatch):
    import engine.codegen_source as cs
    from engine.codegen_source import SourceMissing, engine_code

    def no_source(_obj):
        raise OSError("could not get source code")

    monkeypatch.setattr(cs, "_source", no_source)
    with pytest.raises(SourceMissing) as caught:
        engine_code("engine.sample_pixels")
    assert "engine.sample_pixels" in str(caught.value.message)


SMALL = RaceConfig(
    contestants=(Contestant("relu"), Contestant("tanh")),
    batch_size=16,
    seed=5,
    train_size=100,
    epochs=1,
    eval_every=1,
    eval_images=30,
)


@pytest.mark.parametrize("kind", ["samples", "folder"])
def test_export_code_with_a_preset_on_samples_or_a_folder(tmp_path, image_folder, kind):
    """``--export-code labs-network FILE --preset P``: the preset's network section names its
    images; the written script, run from elsewhere, prints the race on those images."""
    from engine.image_folder import load_image_folder
    from engine.network_config import preset_section
    from engine.sample_data import generate_samples
    from tests.test_main import run_main

    source = (kind, str(image_folder) if kind == "folder" else None)
    preset = tmp_path / "p.json"
    preset.write_text(json.dumps(preset_with(preset_section(None, SMALL, source))), "utf-8")
    path = tmp_path / "net.py"
    result = run_main("--export-code", "labs-network", str(path), "--preset", str(preset))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"wrote the labs-network code to {path}"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    image_set = load_image_folder(image_folder) if kind == "folder" else generate_samples()
    compare(run_script(path, elsewhere), run_race(image_set, SMALL), SMALL)


@pytest.mark.parametrize(
    "data",
    [
        "samples",
        {"kind": "mnist"},
        {"kind": "folder"},
        {"kind": "folder", "folder": 3},
        {"kind": "folder", "folder": ""},
        {"kind": "folder", "folder": "x" * 5000},
        {"kind": "samples", "folder": "/tmp"},
    ],
)
def test_export_code_refuses_a_bad_data_source(tmp_path, data):
    from engine.network_config import preset_section
    from tests.test_main import run_main

    section = {**preset_section(None, SMALL), "data": data}
    preset = tmp_path / "p.json"
    preset.write_text(json.dumps(preset_with(section)), "utf-8")
    path = tmp_path / "net.py"
    result = run_main("--export-code", "labs-network", str(path), "--preset", str(preset))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 1 and not path.exists()
    assert 'the "network" section is not valid' in result.stdout


def test_a_saved_preset_records_the_images_of_the_network_lab(qtbot, main_window):
    """Save preset writes the source the lab trains on (the test window shows the samples), and
    the preset read back gives the same script as Show code."""
    from engine.codegen_export import script_for, state_from_preset
    from gui.code_state import code_state
    from gui.exporting import network_extra

    qtbot.waitUntil(lambda: main_window.is_settled, timeout=60_000)
    main_window.show_panel("labs-network")
    section = network_extra(main_window)["network"]
    assert section["data"] == {"kind": "samples"}
    state = state_from_preset(preset_with(section), None)
    assert state.data_kind == "samples"
    assert script_for("labs-network", state) == script_for("labs-network", code_state(main_window))


def test_show_code_on_a_loaded_image_folder_is_the_folder_script(qtbot, main_window, image_folder):
    """The window opened on an image folder: Show code for the network lab reads that folder."""
    from engine.codegen_export import script_for
    from gui.code_state import code_state

    window = main_window
    qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
    window.open_data(image_folder)
    qtbot.waitUntil(
        lambda: getattr(window.image_state.image_set, "kind", "") == "folder", timeout=60_000
    )
    state = code_state(window)
    assert (state.data_kind, Path(state.data_folder)) == ("folder", image_folder)
    text = script_for("labs-network", state)
    assert f"FOLDER = {str(image_folder.resolve())!r}" in text
    window.show_panel("labs-network")
    dialog = window.show_code("labs-network")
    assert dialog is not None and dialog.text == text
    dialog.close()
