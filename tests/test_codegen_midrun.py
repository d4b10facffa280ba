"""Show code after changes made while a lab ran: the script replays what the lab really did."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from engine import catalogue
from engine.codegen_export import script_for
from engine.codegen_labs import xor_script
from engine.explorer_state import ExplorerState
from engine.runtime import single_threaded
from engine.xor_lab import XorConfig, XorTrainer
from gui.bridge import JobBridge
from tests.test_codegen import floats, run_script, write


def xor_lines(out: str) -> dict[str, tuple[float, float, float]]:
    lines = out.splitlines()
    return {
        net: tuple(floats(ln.split(":", 1)[1]))
        for net, ln in zip(("act", "id"), lines[:2], strict=True)
    }


def test_trainer_records_each_learning_rate_change():
    trainer = XorTrainer(XorConfig(catalogue.get("relu")))
    with single_threaded():
        trainer.set_lr(0.05)
        trainer.step()
        trainer.set_lr(0.05)  # unchanged: nothing recorded
        trainer.step()
        trainer.set_lr(0.3)
        trainer.set_lr(0.2)  # changed twice before a step: only the last one counts
        trainer.step()
        trainer.set_lr(0.05)
    assert trainer.frame().lr_schedule == ((0, 0.05), (2, 0.2), (3, 0.05))


def test_xor_script_replays_learning_rate_changes(tmp_path):
    spec = catalogue.get("tanh")
    config = XorConfig(spec, {}, "noisy_xor", width=5, depth=2, seed=4, optimizer="sgd_momentum")
    trainer = XorTrainer(config)
    with single_threaded():
        for lr, steps in ((0.05, 12), (0.4, 9), (0.01, 7)):
            trainer.set_lr(lr)
            for _ in range(steps):
                trainer.step()
        trainer.set_lr(0.3)  # moved after the last step: the frame's weights never saw it
        frame = trainer.frame()
    text = xor_script(
        spec, {}, "noisy_xor", 5, 2, 4, "sgd_momentum", 0.3, frame.step, frame.lr_schedule
    )
    assert "LR_FROM_STEP = {0: 0.05, 12: 0.4, 21: 0.01}" in text
    got = xor_lines(run_script(write(tmp_path, text), tmp_path))
    for net, key in (("act", "act"), ("id", "identity")):
        assert got[net][0] == 28
        assert got[net][1] == pytest.approx(frame.current_loss[key], rel=1e-5)
    # One rate for every step gives other numbers: the schedule matters here.
    plain = xor_script(spec, {}, "noisy_xor", 5, 2, 4, "sgd_momentum", 0.05, frame.step)
    other = xor_lines(run_script(write(tmp_path, plain, "plain.py"), tmp_path))
    assert other["act"][1] != pytest.approx(frame.current_loss["act"], rel=1e-3)


@pytest.fixture
def bridge(qtbot):
    b = JobBridge()
    yield b
    b.shutdown()


def test_xor_panel_code_after_the_rate_changed_mid_run(qtbot, bridge, tmp_path):
    from gui.code_state import code_state
    from gui.labs.xor_panel import XorLabPanel

    state = ExplorerState.default()
    panel = XorLabPanel(bridge, state)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.is_settled, timeout=60_000)

    def steps(n: int) -> None:
        for _ in range(n):
            before = panel.frame.step
            panel.step_once()
            qtbot.waitUntil(lambda b=before: panel.frame.step == b + 1 and panel.is_settled)

    panel.lr_slider.setValue(0.02)
    steps(6)
    panel.lr_slider.setValue(0.3)
    steps(5)
    window = SimpleNamespace(explorer_state=state, labs={"labs-xor": panel})
    code = code_state(window)
    assert code.xor.lr_schedule == ((0, 0.02), (6, 0.3))
    out = run_script(write(tmp_path, script_for("labs-xor", code)), tmp_path)
    got = xor_lines(out)
    assert got["act"][0] == 11
    assert got["act"][1] == pytest.approx(panel.frame.current_loss["act"], rel=1e-5)
    assert got["id"][1] == pytest.approx(panel.frame.current_loss["identity"], rel=1e-5)
    panel.pause()


# -- --export-code --preset: the labs' section too ----------------------------------------------
def test_export_code_uses_the_presets_labs_section(tmp_path):
    import json

    from engine.codegen_export import CodeState, DepthCode, SoftmaxCode, XorCode
    from engine.preset import FORMAT, VERSION
    from tests.test_main import run_main

    preset = {
        "format": FORMAT,
        "version": VERSION,
        "explorer": {
            "selected": "relu",
            "checked": ["relu", "leaky_relu"],
            "params": {"leaky_relu": {"negative_slope": 0.25}},
            "x_range": [-6, 6],
        },
        "labs": {
            "xor": {
                "dataset": "circles",
                "activation": "leaky_relu",
                "follow": False,
                "width": 5,
                "layers": 2,
                "optimizer": "sgd_momentum",
                "learning_rate": 0.2,
                "seed": 7,
            },
            "depth": {
                "activations": ["tanh", "leaky_relu"],
                "layers": 12,
                "width": 16,
                "init": "xavier",
                "seeds": 2,
            },
            "softmax": {"logits": [1.0, 2.5, -3.0, 4.0], "temperature": 2.0, "shift": 100.0},
        },
    }
    (tmp_path / "p.json").write_text(json.dumps(preset), encoding="utf-8")
    leaky = catalogue.get("leaky_relu")
    expected = CodeState(
        xor=XorCode(leaky, {"negative_slope": 0.25}, "circles", 5, 2, 7, "sgd_momentum", 0.2),
        depth=DepthCode(
            [(catalogue.get("tanh"), {}), (leaky, {"negative_slope": 0.25})], 12, 16, "xavier", 2
        ),
        softmax=SoftmaxCode((1.0, 2.5, -3.0, 4.0), 2.0, 100.0),
    )
    for panel in ("labs-xor", "labs-depth", "labs-softmax"):
        path = tmp_path / f"{panel}.py"
        result = run_main("--export-code", panel, str(path), "--preset", str(tmp_path / "p.json"))
        assert result.returncode == 0, result.stdout + result.stderr
        assert path.read_text(encoding="utf-8") == script_for(panel, expected), panel
    xor_text = (tmp_path / "labs-xor.py").read_text(encoding="utf-8")
    assert "nn.LeakyReLU(negative_slope=0.25)" in xor_text and "WIDTH = 5" in xor_text
    assert "LR = 0.2" in xor_text and "momentum=0.9" in xor_text
    assert "= 12, 16, 2, 32, 0" in (tmp_path / "labs-depth.py").read_text(encoding="utf-8")
    soft = run_script(tmp_path / "labs-softmax.py", tmp_path)
    from engine.softmax_lab import softmax

    probs = floats(next(ln for ln in soft.splitlines() if ln.startswith("probabilities")))
    assert probs == pytest.approx(softmax([1.0, 2.5, -3.0, 4.0], 2.0).tolist(), rel=1e-12)
