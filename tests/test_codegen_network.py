"""Show code for the network lab: the script trains what the race trains and prints its lines.

Both sides print losses and accuracies rounded to 4 decimals. The script repeats the race's
float operations in the same order (same start weights, batches, scaling, chunks), so the lines
are expected to be identical; the comparison allows 1e-4 (one unit in the last printed digit)
only because a different torch thread count may change a reduction's summation order, which can
flip a rounding at the 4th decimal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.codegen_network import network_script
from engine.network_config import Contestant, RaceConfig
from tests.test_codegen import run_script, write

LINE = re.compile(r"^epoch (\d+) (\S+) loss=(\S+) acc=(\S+)$")


def parsed(text: str) -> list[tuple[int, str, float, float]]:
    rows = []
    for line in text.splitlines():
        m = LINE.match(line.strip())
        if m:
            rows.append((int(m[1]), m[2], float(m[3]), float(m[4])))
    return rows


def same_lines(got: str, expected: str) -> None:
    a, b = parsed(got), parsed(expected)
    assert a and [r[:2] for r in a] == [r[:2] for r in b], (got, expected)
    for (_, _, la, aa), (_, _, lb, ab) in zip(a, b, strict=True):
        assert la == pytest.approx(lb, abs=1e-4) and aa == pytest.approx(ab, abs=1e-4)


def race_lines(config: RaceConfig, folder: Path) -> str:
    """The engine's race for ``config``, printed as the command line prints it."""
    from engine.cifar import load_cifar10
    from engine.network_cli import _line
    from engine.network_race import Race, RaceData

    race = Race(config, RaceData.from_image_set(load_cifar10(folder), config.train_size))
    race.run_to_end()
    keys = [c.key for c in config.contestants]
    return "\n".join(_line(p, keys) for p in race.epoch_results())


@pytest.fixture(scope="module")
def cifar(tmp_path_factory) -> Path:
    from tests.cifar_fixtures import write_cifar10

    root = tmp_path_factory.mktemp("cifar")
    return write_cifar10(root / "data", n_test=230, n_train_per_batch=20, seed=4)


@pytest.mark.parametrize(
    "config",
    [
        RaceConfig(
            contestants=(
                Contestant("relu"),
                Contestant.of("prelu"),
                Contestant("rrelu"),
                Contestant.of("leaky_relu", {"negative_slope": 0.2}),
            ),
            optimizer="adam",
            lr=0.01,
            batch_size=32,
            seed=3,
            train_size=70,
            epochs=2,
        ),
        RaceConfig(
            contestants=(Contestant("sigmoid"), Contestant("tanh"), Contestant("swish")),
            optimizer="sgd_momentum",
            lr=0.05,
            batch_size=16,
            init="kaiming",
            extra_convs=1,
            train_size=40,
            epochs=1,
        ),
        RaceConfig(
            contestants=(Contestant("elu"),), init="xavier", batch_size=64, train_size=50, epochs=1
        ),
    ],
    ids=["adam-prelu-rrelu", "momentum-kaiming-deeper", "xavier-one"],
)
def test_network_script_prints_the_races_lines(tmp_path, cifar, config):
    text = network_script(config, cifar)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run_script(write(tmp_path, text), elsewhere, patch_cifar_md5=True)
    expected = race_lines(config, cifar)
    same_lines(out, expected)
    assert len(parsed(out)) == config.epochs * len(config.contestants)


def test_network_script_differs_when_the_set_up_differs(tmp_path, cifar):
    """The comparison above can fail: another seed trains other numbers."""
    config = RaceConfig(contestants=(Contestant("relu"),), train_size=60, epochs=1, seed=0)
    other = RaceConfig(contestants=(Contestant("relu"),), train_size=60, epochs=1, seed=1)
    out = run_script(write(tmp_path, network_script(other, cifar)), tmp_path, True)
    with pytest.raises(AssertionError):
        same_lines(out, race_lines(config, cifar))


def preset_with(network: dict) -> dict:
    from engine.preset import FORMAT, VERSION

    explorer = {"selected": "relu", "checked": ["relu"], "params": {}, "x_range": [-3, 3]}
    return {"format": FORMAT, "version": VERSION, "explorer": explorer, "network": network}


def test_export_code_labs_network_matches_main_race(tmp_path, cifar):
    """``--export-code labs-network`` with a preset, run from elsewhere, prints what
    ``main.py --race`` prints for the same set-up."""
    import json

    from engine.network_config import preset_section
    from tests.test_main import run_main

    config = RaceConfig(
        contestants=(Contestant("relu"), Contestant("tanh")), train_size=45, epochs=1
    )
    preset = preset_with(preset_section(None, config))
    (tmp_path / "p.json").write_text(json.dumps(preset), encoding="utf-8")
    path = tmp_path / "net.py"
    result = run_main(
        "--export-code", "labs-network", str(path), "--cifar-root", str(cifar),
        "--preset", str(tmp_path / "p.json"),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"wrote the labs-network code to {path}"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run_script(path, elsewhere, patch_cifar_md5=True)
    cli = run_main(
        "--race", "relu,tanh", "--epochs", "1", "--cifar-root", str(cifar), "--train-size", "45"
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr
    same_lines(out, cli.stdout)
    assert len(parsed(cli.stdout)) == 2


def test_export_code_labs_network_refuses_a_bad_network_section(tmp_path):
    import json

    from tests.test_main import run_main

    preset = preset_with({"race": {"lr": "fast"}})
    (tmp_path / "p.json").write_text(json.dumps(preset), encoding="utf-8")
    path = tmp_path / "net.py"
    result = run_main(
        "--export-code", "labs-network", str(path), "--preset", str(tmp_path / "p.json")
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 1 and not path.exists()


def test_show_code_on_the_network_tab_is_the_panels_set_up(qtbot, main_window):
    from engine.codegen_export import script_for
    from gui.code_state import code_state

    window = main_window
    qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
    window.show_panel("labs-network")
    assert window.code_button.isEnabled()
    window.network.lr_spin.setValue(0.0123)
    window.network.seed_spin.setValue(7)
    dialog = window.show_code("labs-network")
    assert dialog is not None
    config = window.network.config()
    assert config.lr == pytest.approx(0.0123) and config.seed == 7
    assert dialog.text == script_for("labs-network", code_state(window))
    state = code_state(window)
    assert dialog.text == network_script(config, state.cifar_root, data_kind=state.data_kind)
    # The test window shows the built-in samples: the script generates them too.
    assert state.data_kind == window.image_state.image_set.kind == "samples"
    assert "sample_pixels(PER_CLASS, SAMPLE_SEED)" in dialog.text and "CIFAR10" not in dialog.text
    assert "lr=0.0123" in dialog.text and "SEED = 7" in dialog.text
    dialog.close()
