"""XOR lab engine: a non-linear net solves XOR, the identity net cannot, and why (one matrix)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from engine import catalogue
from engine.jobs import Cancelled, JobRunner
from engine.xor_lab import (
    DATASETS,
    GRID,
    XorConfig,
    XorLab,
    XorTrainer,
    best_linear_loss,
    boundary_segment,
    grid_points,
    make_dataset,
    product_matrix,
    reset_job,
    single_threaded,
    train_job,
    xor_best_linear_loss,
)

STEPS = 300


class _Ctx:
    """A stand-in for JobContext that cancels after ``limit`` checks."""

    def __init__(self, limit: int | None = None) -> None:
        self.checks = 0
        self.limit = limit

    def check(self) -> None:
        self.checks += 1
        if self.limit is not None and self.checks > self.limit:
            raise Cancelled("test")

    def progress(self, done: float, total: float) -> None:
        pass


def trained(key: str, steps: int = STEPS, **kw) -> XorTrainer:
    config = XorConfig(catalogue.get(key), {}, **{"width": 8, "depth": 1, "seed": 0, **kw})
    trainer = XorTrainer(config)
    trainer.set_lr(0.05)
    with single_threaded():  # as the jobs run it: tiny tensors are slower with more threads
        for _ in range(steps):
            trainer.step()
    return trainer


@pytest.mark.parametrize("key", ["relu", "tanh", "sigmoid"])
def test_nonlinear_net_solves_xor_and_identity_cannot(key):
    trainer = trained(key)
    frame = trainer.frame()
    assert frame.step == STEPS
    assert frame.accuracy["act"] == 1.0
    assert frame.accuracy["identity"] <= 0.75
    # Read the accuracy back from the networks themselves, not only from the frame.
    X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    with torch.no_grad():
        predicted = (torch.sigmoid(trainer.nets["act"](X)).squeeze(-1) > 0.5).int()
    assert predicted.tolist() == [0, 1, 1, 0]
    # The activation net's loss falls far below ln 2; the identity net's stays at it.
    assert frame.loss["act"][-1] < 0.05
    assert frame.loss["identity"][-1] == pytest.approx(math.log(2), abs=2e-3)
    assert frame.loss["identity"].min() >= math.log(2) - 1e-4


def test_identity_net_accuracy_stays_at_most_three_of_four_for_any_seed():
    for seed in range(4):
        trainer = trained("relu", steps=100, seed=seed)
        assert trainer.frame().accuracy["identity"] <= 0.75


def test_both_nets_start_from_the_same_weights():
    trainer = XorTrainer(XorConfig(catalogue.get("tanh"), {}, width=6, depth=3, seed=5))
    act = [p for p in trainer.nets["act"].parameters()]
    ident = [p for p in trainer.nets["identity"].parameters()]
    assert len(act) == len(ident) == 8  # 4 linear layers: 2 → 6 → 6 → 6 → 1
    for a, b in zip(act, ident, strict=True):
        assert torch.equal(a, b)
    assert isinstance(trainer.nets["act"][1], torch.nn.Tanh)
    assert isinstance(trainer.nets["identity"][1], torch.nn.Identity)


def test_same_seed_same_networks_different_seed_different():
    spec = catalogue.get("relu")
    a = XorTrainer(XorConfig(spec, {}, seed=3)).nets["act"][0].weight
    b = XorTrainer(XorConfig(spec, {}, seed=3)).nets["act"][0].weight
    c = XorTrainer(XorConfig(spec, {}, seed=4)).nets["act"][0].weight
    assert torch.equal(a, b) and not torch.equal(a, c)


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_product_matrix_reproduces_the_identity_nets_outputs(depth):
    trainer = trained("relu", steps=40, depth=depth, width=5, dataset="circles")
    net = trainer.nets["identity"]
    w_total, b_total = product_matrix(net)
    X = torch.as_tensor(trainer.data.X)
    with torch.no_grad():
        logits = net(X).squeeze(-1).double().numpy()
    np.testing.assert_allclose(X.double().numpy() @ w_total + b_total, logits, atol=1e-5)
    # The same product written out: W_total = W_L ⋯ W_1.
    Ws = [m.weight.detach().double() for m in net if isinstance(m, torch.nn.Linear)]
    expected = Ws[0]
    for W in Ws[1:]:
        expected = W @ expected
    np.testing.assert_allclose(w_total, expected[0].numpy(), atol=1e-12)
    frame = trainer.frame()
    assert frame.linear_layers == depth + 1
    np.testing.assert_allclose(frame.w_total, w_total)


def test_the_identity_boundary_is_the_line_where_its_probability_is_one_half():
    trainer = trained("relu", steps=60, dataset="noisy_xor")
    frame = trainer.frame()
    assert frame.boundary is not None
    for x, y in frame.boundary:
        point = torch.tensor([[x, y]], dtype=torch.float32)
        assert float(trainer.logits("identity", point)[0]) == pytest.approx(0, abs=1e-4)
    # Its decision image is split by that one straight line: p > 0.5 exactly on one side.
    side = grid_points(frame.dataset.extent) @ frame.w_total + frame.b_total
    p = frame.prob["identity"].ravel()
    clear = np.abs(side) > 1e-3
    np.testing.assert_array_equal((p > 0.5)[clear], (side > 0)[clear])


def test_frame_images_are_the_nets_probabilities_on_the_grid():
    trainer = trained("tanh", steps=20, dataset="spirals", width=12, depth=2)
    frame = trainer.frame()
    points = torch.as_tensor(grid_points(frame.dataset.extent))
    for key in ("act", "identity"):
        with torch.no_grad():
            p = torch.sigmoid(trainer.nets[key](points)).squeeze(-1).numpy()
        assert frame.prob[key].shape == (GRID, GRID)
        np.testing.assert_allclose(frame.prob[key].ravel(), p, rtol=1e-6)
    # Row = y, column = x: the pixel at row i, column j is at (xs[j], ys[i]).
    x0, x1, y0, y1 = frame.dataset.extent
    assert points[0].tolist() == pytest.approx([x0 + (x1 - x0) / (2 * GRID), y0 + (y1 - y0) / 192])
    assert points[GRID].tolist()[1] > points[0].tolist()[1]


def test_loss_history_matches_a_recomputation_with_torch():
    trainer = XorTrainer(XorConfig(catalogue.get("sigmoid"), {}, seed=1))
    reference = XorTrainer(XorConfig(catalogue.get("sigmoid"), {}, seed=1))
    net = reference.nets["act"]
    opt = torch.optim.Adam(net.parameters(), lr=0.03)
    expected = []
    for _ in range(10):
        trainer.step()
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy(
            torch.sigmoid(net(reference.X)).squeeze(-1), reference.y
        )
        loss.backward()
        opt.step()
        expected.append(loss.item())
    np.testing.assert_allclose(trainer.frame().loss["act"], expected, rtol=1e-5)


def test_best_linear_loss_on_xor_is_ln2():
    data = make_dataset("xor")
    assert xor_best_linear_loss() == pytest.approx(0.6931471805599453)
    assert best_linear_loss(data.X, data.y) == pytest.approx(math.log(2), abs=1e-9)
    # Any other line does worse, e.g. one that gets 3 of the 4 points right.
    X, y = torch.as_tensor(data.X).double(), torch.as_tensor(data.y).double()
    for w, b in (([1.0, 1.0], -0.5), ([0.3, -0.2], 0.1)):
        logits = X @ torch.tensor(w, dtype=torch.float64) + b
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y)
        assert float(loss) > math.log(2)


def test_best_linear_loss_on_linearly_separable_data_goes_to_zero():
    X = np.array([[0, 0], [0, 1], [2, 0], [2, 1]], dtype=np.float32)
    y = np.array([0, 0, 1, 1], dtype=np.float32)
    assert best_linear_loss(X, y) < 0.01


@pytest.mark.parametrize("name", list(DATASETS))
def test_datasets_are_seeded_and_balanced(name):
    a, b = make_dataset(name, 7), make_dataset(name, 7)
    np.testing.assert_array_equal(a.X, b.X)
    assert a.X.dtype == np.float32 and a.X.shape[1] == 2
    assert set(np.unique(a.y)) == {0.0, 1.0}
    assert (a.y == 1).sum() == (a.y == 0).sum()
    x0, x1, y0, y1 = a.extent
    assert (a.X[:, 0] > x0).all() and (a.X[:, 0] < x1).all()
    assert (a.X[:, 1] > y0).all() and (a.X[:, 1] < y1).all()
    if name != "xor":
        assert not np.array_equal(a.X, make_dataset(name, 8).X)


def test_boundary_segment_is_clipped_to_the_box():
    box = (-1.0, 1.0, -1.0, 1.0)
    seg = boundary_segment(np.array([1.0, 0.0]), -0.5, box)  # x = 0.5
    assert sorted(map(tuple, seg.tolist())) == [(0.5, -1.0), (0.5, 1.0)]
    seg = boundary_segment(np.array([1.0, 1.0]), 0.0, box)  # y = −x through the corners
    assert sorted(map(tuple, seg.tolist())) == [(-1.0, 1.0), (1.0, -1.0)]
    assert boundary_segment(np.array([1.0, 0.0]), -5.0, box) is None  # outside
    assert boundary_segment(np.zeros(2), 1.0, box) is None  # no line at all


def test_jobs_resume_after_a_pause_and_keep_the_state():
    lab = XorLab()
    config = XorConfig(catalogue.get("relu"), {}, seed=0)
    first = reset_job(lab, config, version=3)(_Ctx())
    assert first.step == 0 and first.version == 3 and len(first.loss["act"]) == 0
    frame = train_job(lab, lr=0.05, steps=7, min_interval=0)(_Ctx())
    assert frame.step == 7
    # Paused (cancelled) after 3 whole steps: the steps done are kept, nothing is half-done.
    with pytest.raises(Cancelled):
        train_job(lab, lr=0.05, steps=10, min_interval=0)(_Ctx(limit=3))
    assert lab.trainer.steps == 10
    resumed = train_job(lab, lr=0.05, steps=5, min_interval=0)(_Ctx())
    assert resumed.step == 15 and len(resumed.loss["identity"]) == 15
    # Frames handed out earlier are untouched by later training.
    assert len(frame.loss["act"]) == 7 and not frame.loss["act"].flags.writeable


def test_train_job_sets_the_learning_rate_and_spaces_frames(monkeypatch):
    import types

    import engine.xor_lab as xl

    lab = XorLab()
    reset_job(lab, XorConfig(catalogue.get("relu"), {}), 0)(_Ctx())
    now = [100.0]
    sleeps: list[float] = []

    def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    # Only this module's view of ``time`` is replaced; the real clock is not involved.
    monkeypatch.setattr(xl, "time", types.SimpleNamespace(sleep=fake_sleep))
    for _ in range(2):
        train_job(lab, lr=0.2, steps=1, min_interval=0.04, clock=lambda: now[0])(_Ctx())
    assert sum(sleeps) == pytest.approx(0.04)  # the second frame waited out the interval
    for opt in lab.trainer.optimizers.values():
        assert opt.param_groups[0]["lr"] == 0.2


def test_jobs_run_on_the_runner_one_at_a_time():
    results = []
    runner = JobRunner(on_result=results.append)
    try:
        lab = XorLab()
        runner.submit("labs:xor", reset_job(lab, XorConfig(catalogue.get("tanh"), {}), 1))
        assert runner.wait_idle(60)
        runner.submit("labs:xor", train_job(lab, 0.05, 3, min_interval=0))
        assert runner.wait_idle(60)
    finally:
        runner.shutdown()
    assert [r.status for r in results] == ["ok", "ok"]
    assert [r.value.step for r in results] == [0, 3]


def test_train_before_reset_is_an_error():
    with pytest.raises(RuntimeError):
        train_job(XorLab(), 0.1, 1)(_Ctx())


def test_config_params_override_defaults():
    spec = catalogue.get("leaky_relu")
    trainer = XorTrainer(XorConfig(spec, {"negative_slope": 0.2}))
    assert trainer.nets["act"][1].negative_slope == 0.2
    trainer = XorTrainer(XorConfig(spec, {}))
    assert trainer.nets["act"][1].negative_slope == 0.01


# -- what the GUI needs to say the truth -----------------------------------------------------------
def test_frame_at_step_zero_has_the_real_current_loss_and_no_history():
    trainer = trained("relu", steps=0)
    frame = trainer.frame()
    assert frame.step == 0 and len(frame.loss["act"]) == 0
    for key in ("act", "identity"):
        with torch.no_grad():
            logits = trainer.nets[key](trainer.X).squeeze(-1)
        expected = torch.nn.functional.binary_cross_entropy_with_logits(logits, trainer.y).item()
        assert math.isfinite(frame.current_loss[key])
        assert frame.current_loss[key] == pytest.approx(expected, rel=1e-6)
        xs, ys = frame.curve(key)
        np.testing.assert_array_equal(xs, [0.0])
        assert ys[0] == frame.current_loss[key]
    assert frame.converged is None


def test_curve_puts_each_loss_at_the_step_whose_weights_it_measures():
    trainer = trained("tanh", steps=5)
    frame = trainer.frame()
    xs, ys = frame.curve("act")
    np.testing.assert_array_equal(xs, np.arange(6))
    # The first recorded loss is the untrained nets' loss: what step 0 showed.
    assert ys[0] == pytest.approx(trained("tanh", steps=0).frame().current_loss["act"], rel=1e-6)
    assert ys[-1] == frame.current_loss["act"]


def test_identity_net_on_xor_becomes_undecided_and_draws_no_boundary():
    trainer = trained("relu", steps=300)
    frame = trainer.frame()
    with torch.no_grad():
        p = torch.sigmoid(trainer.nets["identity"](trainer.X))
    assert float((p - 0.5).abs().max()) < 0.01
    assert frame.undecided == {"identity"} and frame.boundary is None
    # At the start it still leans one way, so its line is a real statement about its predictions.
    start = trained("relu", steps=0).frame()
    assert "identity" not in start.undecided


def test_unit_lines_are_where_each_first_layer_unit_gets_zero_input():
    trainer = trained("relu", steps=30, width=6)
    frame = trainer.frame()
    layer = trainer.nets["act"][0]
    w, b = layer.weight.detach().double().numpy(), layer.bias.detach().double().numpy()
    assert len(frame.unit_lines) == 6
    for segment, wi, bi in zip(frame.unit_lines, w, b, strict=True):
        if segment is not None:
            np.testing.assert_allclose(segment @ wi + bi, 0, atol=1e-9)
            x0, x1, y0, y1 = frame.dataset.extent
            assert ((x0 - 1e-9 <= segment[:, 0]) & (segment[:, 0] <= x1 + 1e-9)).all()
            assert ((y0 - 1e-9 <= segment[:, 1]) & (segment[:, 1] <= y1 + 1e-9)).all()


def test_convergence_solved_plateau_or_not_yet():
    from engine.xor_lab import PLATEAU_STEPS, convergence

    assert convergence(np.array([]), 1.0) is None
    assert convergence(np.array([0.5, 0.005]), 1.0) == "solved"
    assert convergence(np.array([0.5, 0.005]), 0.75) is None  # tiny loss, a point still wrong
    falling = np.linspace(0.7, 0.1, PLATEAU_STEPS + 10)
    assert convergence(falling, 0.9) is None
    flat = np.full(PLATEAU_STEPS + 10, 0.3)
    assert convergence(flat, 0.9) == "plateau"
    assert trained("relu", steps=300).frame().converged == "solved"


def test_pace_spreads_a_speed_over_at_most_thirty_frames_a_second():
    from engine.xor_lab import DEFAULT_SPEED, MAX_FPS, SPEEDS, pace

    assert DEFAULT_SPEED in SPEEDS and DEFAULT_SPEED <= 20  # slow enough to watch
    for speed in SPEEDS:
        steps, interval = pace(speed)
        assert steps >= 1 and steps / interval == pytest.approx(speed)
        assert 1 / interval <= MAX_FPS + 1e-9
    assert pace(10) == (1, pytest.approx(0.1))
    with pytest.raises(ValueError):
        pace(0)
