"""The network lab's engine: the race, the look inside, weights files and exports."""

from __future__ import annotations

import csv
import pickle

import numpy as np
import pytest
import torch
from torch import nn

from engine.network_model import (
    LabCNN,
    alive_units,
    dead_fraction,
    initial_weights,
    look_inside,
)
from engine.network_race import (
    Contestant,
    EvalPoint,
    Race,
    RaceConfig,
    RaceData,
    RaceError,
    StepPoint,
    to_input,
)
from tests.cifar_fixtures import _Payload


def tiny_data(n_train: int = 96, n_test: int = 40, seed: int = 0) -> RaceData:
    rng = np.random.default_rng(seed)
    train = rng.integers(0, 256, (n_train, 3, 32, 32), dtype=np.uint8)
    test = rng.integers(0, 256, (n_test, 3, 32, 32), dtype=np.uint8)
    return RaceData(
        train,
        np.arange(n_train, dtype=np.int64) % 10,
        test,
        np.arange(n_test, dtype=np.int64) % 10,
        [f"c{i}" for i in range(10)],
        "cifar10",
    )


def config(*keys: str, **changes) -> RaceConfig:
    base = {"batch_size": 16, "train_size": 96, "epochs": 1, "eval_every": 2, "eval_images": 20}
    return RaceConfig(contestants=tuple(Contestant(k) for k in keys), **{**base, **changes})


def weights_of(model: LabCNN) -> dict[str, torch.Tensor]:
    return {
        f"{n}.{k}": v for n, layer in model.weighted_layers() for k, v in layer.state_dict().items()
    }


def test_every_contestant_starts_from_identical_weights():
    race = Race(config("relu", "sigmoid", "tanh", "prelu"), tiny_data())
    first = weights_of(race.models[0])
    assert len(first) == 8  # conv1, conv2, fc1, fc2: weight and bias
    for model in race.models[1:]:
        other = weights_of(model)
        assert all(torch.equal(first[k], other[k]) for k in first)
    # ...and they are the seeded initial weights, not whatever the RNG held.
    start = initial_weights("default", 0)
    assert torch.equal(race.models[0].convs[0].weight, start["convs.0.weight"])
    assert not torch.equal(start["convs.0.weight"], initial_weights("default", 1)["convs.0.weight"])


@pytest.mark.parametrize("init", ["default", "xavier", "kaiming"])
def test_initialisations_differ_and_zero_bias_where_they_should(init):
    start = initial_weights(init, 0)
    bias = start["fc1.bias"]
    assert torch.count_nonzero(bias) == (bias.numel() if init == "default" else 0)
    if init == "kaiming":
        fan_in = 3 * 3 * 3
        std = float(start["convs.0.weight"].std())
        assert std == pytest.approx((2 / fan_in) ** 0.5, rel=0.25)


def test_same_activation_twice_gives_identical_curves():
    # Same weights and the same batches in the same order: two ReLU contestants cannot differ.
    race = Race(config("relu", "relu"), tiny_data())
    race.run_to_end()
    a = [p for p in race.history if p.contestant == 0]
    b = [p for p in race.history if p.contestant == 1]
    assert len(a) == len(b) > 0
    for p, q in zip(a, b, strict=True):
        assert type(p) is type(q)
        assert p.images == q.images
        if isinstance(p, StepPoint):
            assert p.loss == q.loss and p.grad_norms == q.grad_norms
        else:
            assert p.accuracy == q.accuracy and p.dead == q.dead


def test_fixed_seed_is_deterministic_and_another_seed_is_not():
    def losses(seed: int) -> list[float]:
        race = Race(config("relu", "tanh", seed=seed), tiny_data())
        race.run_to_end()
        return [p.loss for p in race.history if isinstance(p, StepPoint)]

    assert losses(3) == losses(3)
    assert losses(3) != losses(4)


def test_turns_alternate_and_curves_grow_together():
    race = Race(config("relu", "sigmoid", "tanh"), tiny_data())
    race.run_to_end()
    steps = [p for p in race.history if isinstance(p, StepPoint)]
    assert [p.contestant for p in steps[:6]] == [0, 1, 2, 0, 1, 2]
    assert len(steps) == 3 * 6  # 96 images / batch 16, one epoch
    evals = [p for p in race.history if isinstance(p, EvalPoint)]
    assert sum(p.full for p in evals) == 3  # each contestant at the epoch's end
    assert all(len(p.grad_norms) == 4 and all(g > 0 for g in p.grad_norms) for p in steps)
    assert race.done and race.progress == 1.0
    full = race.epoch_results()
    assert all(np.isfinite(p.train_loss) for p in full)
    # The full evaluation covers the whole test split: accuracy in steps of 1/40.
    assert all(abs(p.accuracy * 40 - round(p.accuracy * 40)) < 1e-9 for p in full)


def test_dead_units_are_units_zero_for_every_image_not_zero_outputs():
    out = torch.ones(3, 4, 2, 2)  # 3 images, 4 channels
    out[:, 0] = 0  # channel 0: zero everywhere for every image -> dead
    out[:, 1] = 0
    out[2, 1, 1, 1] = 0.5  # channel 1: zero almost everywhere but alive for one pixel of image 2
    out[0, 2] = 0  # channel 2: zero for image 0 only -> alive
    assert alive_units(out).tolist() == [False, True, True, True]
    assert dead_fraction(alive_units(out)) == 0.25
    assert float((out == 0).float().mean()) > 0.25  # the share of zero outputs is another thing
    hidden = torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 2.0]])
    assert dead_fraction(alive_units(hidden)) == pytest.approx(1 / 3)


def test_race_reports_a_hand_killed_unit_as_dead():
    race = Race(config("relu", "sigmoid"), tiny_data())
    for model in race.models[:1]:  # the ReLU net only
        with torch.no_grad():
            # Channels 0 and 1 of conv1 and 8 of the 64 hidden units: ReLU's output is always
            # 0; every other unit is pushed positive so that it surely lives.
            model.convs[0].bias[:2] = -1e4
            model.convs[0].bias[2:] = 1e4
            model.fc1.bias[:8] = -1e6
            model.fc1.bias[8:] = 1e6
    evals = list(race._evaluate(race.eval_subset, full=False))
    assert len(evals) >= 2
    relu, sigmoid = (p for p in race.history if isinstance(p, EvalPoint))
    assert relu.dead[0] == 2 / 16
    assert relu.dead[-1] == 8 / 64
    # Untouched, Sigmoid's outputs are never exactly 0 (it would need z < −88 in float32).
    assert sigmoid.dead == (0.0,) * len(sigmoid.dead)


def test_look_inside_returns_the_models_own_intermediate_tensors():
    race = Race(config("leaky_relu", "tanh"), tiny_data())
    x = to_input(tiny_data().test_images[:1])
    for model in race.models:
        recorded: dict[str, torch.Tensor] = {}

        def keep(tag: str, store: dict = recorded):
            return lambda _m, _i, out: store.__setitem__(tag, out.clone())

        handles = []
        for name, z_layer, act in model.hidden_layers():
            handles.append(z_layer.register_forward_hook(keep(f"{name}.z")))
            handles.append(act.register_forward_hook(keep(f"{name}.fz")))
        view = look_inside(model, x)
        model.eval()
        with torch.no_grad():
            logits = model(x)
        model.train()
        for h in handles:
            h.remove()
        assert [layer.name for layer in view.layers] == ["conv1", "conv2", "fc1"]
        for layer in view.layers:
            assert np.array_equal(layer.z, recorded[f"{layer.name}.z"][0].numpy())
            assert np.array_equal(layer.fz, recorded[f"{layer.name}.fz"][0].numpy())
        assert view.layer("conv1").z.shape == (16, 32, 32)
        assert view.layer("conv2").fz.shape == (32, 16, 16)
        assert view.layer("fc1").fz.shape == (64,)
        assert np.allclose(view.probabilities, torch.softmax(logits[0], 0).numpy())
        assert view.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
        assert (view.layer("conv1").z < 0).any()  # before the activation negatives exist


def test_deeper_net_has_more_layers():
    race = Race(config("sigmoid", extra_convs=3), tiny_data())
    assert race.layer_names == ["conv1", "conv2", "conv3", "conv4", "conv5", "fc1"]
    race.run_to_end()
    assert len(race.epoch_results()[0].dead) == 6


@pytest.mark.parametrize(
    "keys, changes, words",
    [
        (("softmax",), {}, "whole vector"),
        (("nope",), {}, "unknown activation"),
        (("relu",) * 7, {}, "between 1 and 6"),
        (("relu",), {"optimizer": "rmsprop"}, "unknown optimizer"),
        (("relu",), {"lr": 0.0}, "learning rate"),
        (("relu",), {"batch_size": 0}, "batch_size"),
    ],
)
def test_bad_setups_are_refused_with_a_reason(keys, changes, words):
    with pytest.raises(RaceError, match=words):
        Race(config(*keys, **changes), tiny_data())


def test_config_round_trips_through_plain_data():
    cfg = RaceConfig(
        contestants=(Contestant("relu"), Contestant.of("leaky_relu", {"negative_slope": 0.2})),
        optimizer="adam",
        lr=0.001,
    )
    assert RaceConfig.from_dict(cfg.to_dict()) == cfg
    with pytest.raises((TypeError, KeyError, ValueError)):
        RaceConfig.from_dict({**cfg.to_dict(), "lr": "fast"})


def test_other_sources_split_into_train_and_test():
    from engine.sample_data import generate_samples

    data = RaceData.from_image_set(generate_samples(per_class=10))
    assert len(data.train_labels) == 64 and len(data.test_labels) == 16
    assert not data.is_cifar
    race = Race(config("relu", train_size=64), data)
    assert race.models[0].fc2.out_features == 8  # the samples have 8 classes
    race.run_to_end()


# -- weights files ---------------------------------------------------------------------------
def test_weights_round_trip(tmp_path):
    from engine.network_weights import load_weights, save_weights

    race = Race(config("prelu", "tanh"), tiny_data())
    for _ in range(3):
        race.advance()
    assert race.in_round  # contestant 0 took the second batch, contestant 1 not yet
    race.finish_round()
    assert not race.in_round and race.images_seen == 2 * 16
    path = tmp_path / "race.pt"
    save_weights(race, path)
    saved = load_weights(path)
    assert saved.config == race.config and saved.images_seen == race.images_seen
    again = Race(saved.config, tiny_data(), weights=dict(enumerate(saved.states)))
    for a, b in zip(race.models, again.models, strict=True):
        sa, sb = a.state_dict(), b.state_dict()
        assert sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)
    # The PReLU slopes are learnt weights and came back too.
    assert "conv_acts.0.weight" in saved.states[0]


@pytest.mark.parametrize(
    ("optimizer", "units"),
    [("sgd_momentum", 3), ("adam", 9), ("sgd", 16), ("adam", 25), ("sgd_momentum", 0)],
)
def test_an_opened_race_goes_on_exactly_where_it_stood(tmp_path, optimizer, units):
    """Saved at any point (mid-batch, mid-evaluation, between epochs) and opened again, the
    race ends with exactly the curves of a race that never stopped: weights, optimizer buffers,
    curves, position, batch order and random generators all came back."""
    from engine.network_weights import load_weights, save_weights

    setup = config("relu", "rrelu", "tanh", optimizer=optimizer, epochs=2, lr=0.01)
    whole = Race(setup, tiny_data())
    whole.run_to_end()

    race = Race(setup, tiny_data())
    for _ in range(units):
        race.advance()
    race.finish_round()
    path = tmp_path / "race.pt"
    save_weights(race, path)
    saved = load_weights(path)
    assert list(map(repr, saved.race.history)) == list(map(repr, race.state().history))
    again = Race(
        saved.config,
        tiny_data(),
        dict(enumerate(saved.states)),
        resume=saved.race,
        optimizer_states=saved.optimizers,
    )
    torch.manual_seed(12345)  # whatever ran on the worker in between
    again.run_to_end()
    # repr: every float exactly, and NaN (the subset evaluations' train_loss) equal to NaN
    assert list(map(repr, again.history)) == list(map(repr, whole.history))
    assert again.images_seen == whole.images_seen and again.done


def test_a_finished_race_opens_finished_and_a_weights_only_file_still_opens(tmp_path):
    from engine.network_weights import FORMAT_1, load_weights, save_weights

    race = Race(config("relu"), tiny_data())
    race.run_to_end()
    path = tmp_path / "race.pt"
    save_weights(race, path)
    saved = load_weights(path)
    again = Race(saved.config, tiny_data(), dict(enumerate(saved.states)), resume=saved.race)
    assert again.done and not again.advance()
    assert list(map(repr, again.history)) == list(map(repr, race.history))

    old = tmp_path / "old.pt"
    raw = torch.load(path, weights_only=True)
    torch.save(
        {k: raw[k] for k in ("config", "n_classes", "images_seen", "states")}
        | {"format": FORMAT_1},
        old,
    )
    weights_only = load_weights(old)
    assert weights_only.race is None and weights_only.optimizers == ()
    assert all(
        torch.equal(weights_only.states[0][k], v) for k, v in race.models[0].state_dict().items()
    )


def _tamper(raw: dict, what: str) -> None:
    race, opt = raw["race"], raw["optimizers"][0]
    if what == "momentum shape":
        opt[0]["momentum_buffer"] = torch.zeros(3)
    elif what == "momentum NaN":
        opt[0]["momentum_buffer"] = torch.full_like(opt[0]["momentum_buffer"], float("nan"))
    elif what == "foreign buffer":
        opt[0]["exp_avg"] = torch.zeros_like(opt[0]["momentum_buffer"])
    elif what == "parameter index":
        opt[99] = opt[0]
    elif what == "order":
        race["order"] = torch.zeros_like(race["order"])
    elif what == "generator":
        race["generator"] = race["generator"][:10]
    elif what == "contestant":
        race["history"]["steps"][0, 0] = 7
    elif what == "accuracy":
        race["history"]["evals"][0, 3] = 1.5
    elif what == "kinds":
        race["history"]["kinds"][0] = 5
    elif what == "epoch":
        race["epoch"] = 9
    elif what == "eval_due":
        race["eval_due"] = "__import__('os')"


@pytest.mark.parametrize(
    "what",
    [
        "momentum shape",
        "momentum NaN",
        "foreign buffer",
        "parameter index",
        "order",
        "generator",
        "contestant",
        "accuracy",
        "kinds",
        "epoch",
        "eval_due",
    ],
)
def test_a_tampered_training_state_is_refused_with_the_reason(tmp_path, what):
    from engine.network_weights import WeightsError, load_weights, save_weights

    race = Race(config("relu", "tanh", optimizer="sgd_momentum"), tiny_data())
    for _ in range(7):
        race.advance()
    race.finish_round()
    path = tmp_path / "race.pt"
    save_weights(race, path)
    raw = torch.load(path, weights_only=True)
    _tamper(raw, what)
    torch.save(raw, path)
    with pytest.raises(WeightsError, match="refused — its training state is not valid"):
        load_weights(path)


@pytest.mark.parametrize("via", ["open", "system", "eval"])
@pytest.mark.parametrize("container", ["pickle", "torch"])
def test_malicious_weights_file_is_refused_and_runs_nothing(tmp_path, via, container):
    from engine.network_weights import WeightsError, load_weights

    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    payload = {"format": "activation-lab/network-weights/2", "states": [_Payload(marker, via)]}
    if container == "pickle":
        path.write_bytes(pickle.dumps(payload))
    else:
        torch.save(payload, path)  # the zip format torch.save writes, with a hostile data.pkl
    with pytest.raises(WeightsError, match="refused") as info:
        load_weights(path)
    assert not marker.exists()
    assert "nothing was run" in str(info.value)


def test_damaged_and_foreign_files_are_refused(tmp_path):
    from engine.network_weights import WeightsError, load_weights, save_weights

    race = Race(config("relu"), tiny_data())
    good = tmp_path / "good.pt"
    save_weights(race, good)
    damaged = tmp_path / "damaged.pt"
    damaged.write_bytes(good.read_bytes()[:300])
    foreign = tmp_path / "foreign.pt"
    torch.save(nn.Linear(2, 2).state_dict(), foreign)
    text = tmp_path / "notes.pt"
    text.write_text("hello")
    for path, words in (
        (damaged, "damaged"),
        (foreign, "not a weights file"),
        (text, "damaged"),
        (tmp_path / "missing.pt", "cannot read"),
    ):
        with pytest.raises(WeightsError, match=words):
            load_weights(path)
    # Right format, wrong shapes: refused before anything is built from it.
    raw = torch.load(good, weights_only=True)
    raw["states"][0]["fc1.weight"] = torch.zeros(3, 3)
    wrong = tmp_path / "wrong.pt"
    torch.save(raw, wrong)
    with pytest.raises(WeightsError, match=r"fc1\.weight"):
        load_weights(wrong)


# -- exports -----------------------------------------------------------------------------------
def test_curves_csv_holds_every_number(tmp_path):
    from engine.network_export import export_curves_csv

    race = Race(config("relu", "sigmoid"), tiny_data())
    race.run_to_end()
    path = tmp_path / "curves.csv"
    n = export_curves_csv(
        path, race.history, ["ReLU", "Sigmoid"], race.layer_names, race.weighted_names
    )
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == n
    losses = [
        float(r["value"]) for r in rows if r["activation"] == "ReLU" and r["metric"] == "train_loss"
    ]
    assert losses == [
        p.loss for p in race.history if isinstance(p, StepPoint) and p.contestant == 0
    ]
    final = [r for r in rows if r["metric"] == "test_accuracy" and r["activation"] == "Sigmoid"]
    assert float(final[0]["value"]) == race.epoch_results()[1].accuracy


def test_tensorboard_scalars_one_run_per_activation(tmp_path):
    from engine.export import tensorboard_available
    from engine.network_export import export_scalars

    if not tensorboard_available():
        pytest.skip("tensorboard is an optional extra")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    race = Race(config("relu", "tanh"), tiny_data())
    race.run_to_end()
    export_scalars(tmp_path, race.history, ["relu", "tanh"], race.layer_names, race.weighted_names)
    acc = EventAccumulator(str(tmp_path / "2_tanh"))
    acc.Reload()
    losses = [e.value for e in acc.Scalars("train/loss")]
    expected = [p.loss for p in race.history if isinstance(p, StepPoint) and p.contestant == 1]
    assert losses == pytest.approx(expected, rel=1e-6)
    assert "dead_units/conv1" in acc.Tags()["scalars"]


def test_tensorboard_missing_gives_the_hint(tmp_path, monkeypatch):
    import engine.network_export as network_export
    from engine.export import TENSORBOARD_HINT, ExportError

    monkeypatch.setattr(network_export, "tensorboard_available", lambda: False)
    with pytest.raises(ExportError) as info:
        network_export.export_scalars(tmp_path, [], ["relu"], [], [])
    assert info.value.message == TENSORBOARD_HINT


# -- presets and lessons -----------------------------------------------------------------------
def test_preset_section_round_trip_and_bad_sections_refused():
    from engine.network_config import SETUPS, preset_section, read_preset_section
    from engine.preset import PresetError

    config = SETUPS["dying_relu"][1]
    data = {"network": preset_section("dying_relu", config)}
    assert read_preset_section(data) == ("dying_relu", config)
    assert read_preset_section({}) is None
    good = preset_section("lesson", RaceConfig())
    for bad in (
        "relu",
        {**good, "extra": 1},
        {**good, "setup": "nonsense"},
        {**good, "race": {**good["race"], "lr": "fast"}},
        {**good, "race": {**good["race"], "contestants": [{"key": "softmax", "params": {}}]}},
        {**good, "race": {**good["race"], "contestants": [{"key": "nope", "params": {}}]}},
    ):
        with pytest.raises(PresetError, match="network"):
            read_preset_section({"network": bad})


def test_a_lesson_step_with_a_bad_network_section_is_refused():
    import json

    from engine import lesson
    from engine.network_config import preset_section

    step = {
        "format": "activation-lab-preset",
        "version": 1,
        "explorer": {"selected": "relu", "checked": ["relu"], "x_range": [-6.0, 6.0]},
        "panel": "labs-network",
        "network": preset_section("lesson", RaceConfig()),
    }
    doc = {
        "format": "activation-lab-lesson",
        "version": 1,
        "title": "t",
        "steps": [{"title": "s", "note": "n", "preset": step}],
    }
    assert lesson.loads(json.dumps(doc)).steps[0].preset["network"]["setup"] == "lesson"
    step["network"]["race"]["optimizer"] = "magic"
    with pytest.raises(lesson.LessonError, match="network"):
        lesson.loads(json.dumps(doc))


# -- the lesson's claim ------------------------------------------------------------------------
def test_the_default_race_is_plain_sgd_with_default_init_relu_sigmoid_tanh():
    default = RaceConfig()
    assert default.optimizer == "sgd" and default.init == "default"
    assert [c.key for c in default.contestants] == ["relu", "sigmoid", "tanh"]
    from engine.network_config import SETUPS

    assert SETUPS["lesson"][1] == default


@pytest.mark.parametrize(("setup", "factor"), [("lesson", 10), ("deep_sigmoid", 100)])
def test_sigmoids_first_layer_gets_the_smallest_gradient(setup, factor):
    """Why Sigmoid trails with plain SGD: from identical weights on the same batch, σ′ ≤ 1/4 at
    every layer shrinks the gradient on its way back, so conv1 of the Sigmoid net gets a far
    smaller share of the gradient (‖∂L/∂W_conv1‖ / ‖∂L/∂W_fc2‖) than ReLU's or Tanh's, and the
    more so the deeper the net. (No CIFAR-10 here: random images show the mechanism.)"""
    from dataclasses import replace

    from engine.network_config import SETUPS

    race = Race(replace(SETUPS[setup][1], train_size=96, batch_size=32), tiny_data())
    for _ in race.models:
        race.advance()  # one step per contestant, the same batch
    first = {
        race.config.contestants[p.contestant].key: np.array(p.grad_norms) for p in race.history
    }
    share = {key: g[0] / g[-1] for key, g in first.items()}
    assert share["sigmoid"] * factor < share["relu"]
    assert share["sigmoid"] * factor < share["tanh"]
    # For Sigmoid each hidden layer further from the output gets less (conv1 … fc1).
    hidden = first["sigmoid"][:-1]
    assert np.all(np.diff(hidden) > 0), hidden


# -- the jobs the panel chains -----------------------------------------------------------------
class _Ctx:
    """What a job needs of engine.jobs.JobContext, without a runner."""

    def check(self) -> None:
        pass

    def progress(self, done: float, total: float) -> None:
        pass


@pytest.mark.parametrize("budget_s", [1e-9, 0.15, 60.0])
def test_every_evaluation_is_reported_once_whatever_the_slices(budget_s):
    """The inside view is due after each evaluation of all contestants, even when the
    evaluation is split over several jobs (a short budget: one unit per job, as a loaded
    machine does with the real one)."""
    from engine.network_jobs import advance_race

    race = Race(config("relu", "sigmoid", "tanh"), tiny_data())
    flagged, seen = 0, 0
    while not race.done:
        update = advance_race(race, seen, budget_s)(_Ctx())
        seen = update.since + len(update.points)
        flagged += update.evaluated
        if update.evaluated and not update.done:
            # Flagged when the last contestant's evaluation is in: all models evaluated.
            last = [p for p in update.points if isinstance(p, EvalPoint)][-1]
            assert last.contestant == len(race.models) - 1
    evaluations = sum(isinstance(p, EvalPoint) for p in race.history) // len(race.models)
    assert evaluations == 3  # after batches 2 and 4 of 6 on the subset, at 6 the whole split
    assert flagged == evaluations


# -- the "dying ReLU" set-up -------------------------------------------------------------------
def _dead_at_step_0(race: Race) -> list[tuple[float, ...]]:
    """Each contestant's dead fractions per hidden layer before any step, measured as the race
    measures them (forward hooks on its evaluation subset)."""
    x = to_input(race.data.test_images[race.eval_subset])
    out = []
    for model in race.models:
        _, outputs = race._forward_recording(model, x)
        out.append(tuple(dead_fraction(alive_units(o)) for o in outputs))
    return out


def _final_dead(race: Race) -> dict[str, np.ndarray]:
    last = {p.contestant: p for p in race.history if isinstance(p, EvalPoint)}
    return {c.key: np.array(last[i].dead) for i, c in enumerate(race.config.contestants)}


def _offline_data(which: str) -> RaceData:
    if which == "samples":  # what the program has without CIFAR-10
        from engine.sample_data import generate_samples

        return RaceData.from_image_set(generate_samples())
    return tiny_data(n_train=1024, n_test=96, seed=5)  # random images as a stand-in for CIFAR-10


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("which", ["samples", "random"])
def test_the_dying_relu_set_up_kills_relu_units_and_the_default_does_not(which, seed):
    """The set-up's large learning rate pushes ReLU units below 0 for every image: the dead
    share of some layer climbs far above its start, and far above the default race's ReLU;
    LeakyReLU, racing beside it, keeps every unit alive."""
    from dataclasses import replace

    from engine.network_config import SETUPS

    data = _offline_data(which)
    dying = Race(replace(SETUPS["dying_relu"][1], seed=seed), data)
    start = dict(zip(["relu", "leaky_relu"], _dead_at_step_0(dying), strict=True))
    dying.run_to_end()
    # The default race's ReLU alone: the same weights and batches as beside Sigmoid and Tanh.
    lesson = Race(replace(SETUPS["lesson"][1], seed=seed, contestants=(Contestant("relu"),)), data)
    lesson.run_to_end()
    end, calm = _final_dead(dying), _final_dead(lesson)
    climb = end["relu"] - np.array(start["relu"])
    layer = int(np.argmax(climb))
    assert climb[layer] >= 0.25, (dying.layer_names[layer], start["relu"], end["relu"])
    assert end["relu"][layer] >= calm["relu"][layer] + 0.2, (end["relu"], calm["relu"])
    assert not end["leaky_relu"].any()


# -- own activations in a saved race -----------------------------------------------------------
OWN_FORMULA = "x * sigmoid(b*x)"


@pytest.fixture
def own_race():
    """A paused race of ReLU and an own activation (b = 1.7), its formula then forgotten."""
    from engine import catalogue
    from engine.formula_spec import make_spec

    spec = catalogue.register(make_spec(OWN_FORMULA, {"b": (0.0, 4.0)}))
    race = Race(
        RaceConfig(
            contestants=(Contestant("relu"), Contestant.of(spec.key, {"b": 1.7})),
            batch_size=16,
            train_size=96,
            epochs=1,
            eval_every=2,
            eval_images=20,
        ),
        tiny_data(),
    )
    for _ in range(5):
        race.advance()
    race.finish_round()
    yield race, spec
    catalogue.unregister(spec.key)


def test_a_saved_race_brings_its_own_activation_back(tmp_path, own_race):
    import json

    from engine import catalogue
    from engine.network_weights import load_weights, save_weights

    race, spec = own_race
    path = tmp_path / "own.pt"
    save_weights(race, path)
    raw = torch.load(path, weights_only=True)
    assert json.loads(raw["own"]) == [{"formula": OWN_FORMULA, "sliders": {"b": [0.0, 4.0]}}]
    assert json.loads(raw["config"])["contestants"][1] == {"key": spec.key, "params": {"b": 1.7}}

    catalogue.unregister(spec.key)  # another session: the formula is not known there
    saved = load_weights(path)
    (again,) = saved.own
    assert again.key == spec.key and dict(again.fixed)["formula"] == OWN_FORMULA
    assert again.params[0].slider == (0.0, 4.0)
    with pytest.raises(KeyError):
        catalogue.get(spec.key)  # opening a file registers nothing by itself (the GUI does)
    catalogue.register(again)
    resumed = Race(
        saved.config,
        tiny_data(),
        dict(enumerate(saved.states)),
        resume=saved.race,
        optimizer_states=saved.optimizers,
    )
    assert resumed.config.contestants[1].values() == {"b": 1.7}
    x = to_input(tiny_data().test_images[:8])
    for a, b in zip(race.models, resumed.models, strict=True):
        a.eval(), b.eval()
        torch.testing.assert_close(a(x), b(x), rtol=0, atol=0)
    race.run_to_end()
    resumed.run_to_end()
    assert [repr(p) for p in resumed.history] == [repr(p) for p in race.history]


@pytest.mark.parametrize(
    ("tamper", "words"),
    [
        (lambda own: own[0].update(formula="__import__('os').system('touch pwned')"), "refused"),
        (lambda own: own[0].update(formula="x * sigmoid(c*x)"), "not one of its contestants"),
        (lambda own: own[0].update(formula="x" * 600), "too long"),
        (lambda own: own[0].update(sliders={"b": ["0", 4]}), "two numbers"),
        (lambda own: own[0].update(sliders={"b": 3}), "slider"),
        (lambda own: own[0].update(extra=1), "own activation"),
        (lambda own: own.clear(), "unknown activation"),
    ],
)
def test_a_tampered_own_activation_is_refused_with_the_reason(
    tmp_path, own_race, monkeypatch, tamper, words
):
    import json

    from engine import catalogue
    from engine.network_weights import WeightsError, load_weights, save_weights

    race, spec = own_race
    path = tmp_path / "own.pt"
    save_weights(race, path)
    raw = torch.load(path, weights_only=True)
    own = json.loads(raw["own"])
    tamper(own)
    raw["own"] = json.dumps(own)
    torch.save(raw, path)
    catalogue.unregister(spec.key)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(WeightsError) as refused:
        load_weights(path)
    text = str(refused.value.message)
    assert "own.pt: refused" in text and words in text, text
    assert not (tmp_path / "pwned").exists()
    with pytest.raises(KeyError):
        catalogue.get(spec.key)
