"""The lab panels draw exactly what the engine (and torch) computes, and follow their controls."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import torch

from engine.depth_lab import depth_study
from engine.explorer_state import ExplorerState
from engine.xor_lab import GRID, XorTrainer, grid_points, single_threaded
from gui.bridge import JobBridge
from tests.conftest import ROOT


@pytest.fixture
def bridge(qtbot):
    b = JobBridge()
    yield b
    b.shutdown()


@pytest.fixture
def state():
    return ExplorerState.default()


# -- XOR ------------------------------------------------------------------------------------------
@pytest.fixture
def xor(qtbot, bridge, state):
    from gui.labs.xor_panel import XorLabPanel

    panel = XorLabPanel(bridge, state)
    qtbot.addWidget(panel)
    panel.resize(1400, 900)
    panel.show()  # the first show builds the networks
    qtbot.waitUntil(lambda: panel.frame is not None and panel.is_settled, timeout=60_000)
    yield panel
    panel.pause()


def replay(panel, steps: int) -> XorTrainer:
    """The same networks trained the same number of steps on this thread, with plain calls."""
    trainer = XorTrainer(panel.config())
    trainer.set_lr(panel.lr_slider.value())
    with single_threaded():
        for _ in range(steps):
            trainer.step()
    return trainer


def assert_shows(panel, trainer: XorTrainer) -> None:
    frame = panel.frame
    points = torch.as_tensor(grid_points(frame.dataset.extent))
    for key in ("act", "identity"):
        with torch.no_grad():
            p = torch.sigmoid(trainer.nets[key](points)).squeeze(-1).numpy().reshape(GRID, GRID)
        np.testing.assert_allclose(panel.images[key].image, p, rtol=1e-4, atol=1e-6)
        curve = panel.loss_curves[key]
        # Step i shows the loss of the weights after i updates; the last point is the current.
        with torch.no_grad():
            now = torch.nn.functional.binary_cross_entropy_with_logits(
                trainer.nets[key](trainer.X).squeeze(-1), trainer.y
            ).item()
        assert len(curve.yData) == frame.step + 1
        np.testing.assert_allclose(curve.yData[:-1], trainer.history[key].view(), rtol=1e-4)
        assert curve.yData[-1] == pytest.approx(now, rel=1e-4)
        assert frame.current_loss[key] == pytest.approx(now, rel=1e-4)
        np.testing.assert_array_equal(curve.xData, np.arange(0, frame.step + 1))


def test_xor_panel_trains_and_draws_the_networks(qtbot, xor):
    assert xor.frame.step == 0 and xor.frames_shown == 1
    assert_shows(xor, replay(xor, 0))
    x0, x1, y0, y1 = xor.frame.dataset.extent
    rect = xor.images["act"].mapRectToParent(xor.images["act"].boundingRect())
    assert (rect.left(), rect.right(), rect.top(), rect.bottom()) == pytest.approx((x0, x1, y0, y1))
    dots0, dots1 = xor.points["act"]
    assert sorted(zip(dots1.data["x"], dots1.data["y"], strict=True)) == [(0, 1), (1, 0)]
    assert sorted(zip(dots0.data["x"], dots0.data["y"], strict=True)) == [(0, 0), (1, 1)]

    xor.speed_combo.setCurrentIndex(xor.speed_combo.findData(300))
    xor.start()
    assert not xor.start_button.isEnabled() and xor.pause_button.isEnabled()
    qtbot.waitUntil(lambda: xor.frame.step >= 40 and xor.frames_shown >= 6, timeout=60_000)
    xor.pause()
    qtbot.waitUntil(lambda: xor.is_settled, timeout=10_000)
    frame = xor.frame
    assert_shows(xor, replay(xor, frame.step))
    # The identity net's single line, drawn over its image, and its matrix as text.
    w_total, b_total = frame.w_total, frame.b_total
    if frame.boundary is not None:
        xs, ys = xor.boundary_line.xData, xor.boundary_line.yData
        np.testing.assert_allclose(w_total[0] * xs + w_total[1] * ys + b_total, 0, atol=1e-9)
    text = xor.matrix.text()
    assert "W₂·W₁" in text and f"{b_total:+.3f}".replace("-0.000", "+0.000") in text


def test_xor_pause_stops_updates_and_start_resumes(qtbot, xor):
    xor.start()
    qtbot.waitUntil(lambda: xor.frame.step >= 20, timeout=60_000)
    xor.pause()
    assert xor.start_button.isEnabled() and not xor.pause_button.isEnabled()
    qtbot.waitUntil(lambda: xor.is_settled, timeout=10_000)
    shown, step = xor.frames_shown, xor.frame.step
    image = xor.images["act"].image.copy()
    qtbot.wait(400)
    assert xor.frames_shown == shown and xor.frame.step == step
    np.testing.assert_array_equal(xor.images["act"].image, image)
    # Resumed, not restarted: the loss history goes on from where it was.
    before = xor.frame.loss["act"].copy()
    xor.start()
    qtbot.waitUntil(lambda: xor.frame.step > step, timeout=60_000)
    xor.pause()
    np.testing.assert_array_equal(xor.frame.loss["act"][: len(before)], before)


def test_xor_identity_fails_and_relu_solves_then_training_stops(qtbot, xor):
    xor.speed_combo.setCurrentIndex(xor.speed_combo.findData(1000))
    xor.start()
    qtbot.waitUntil(lambda: not xor.is_running and xor.is_settled, timeout=120_000)
    frame = xor.frame
    assert frame.converged == "solved" and "solved" in xor.stop_reason
    assert "solved (loss &lt; 0.01)" in xor.status.text()  # escaped: shown, not taken as a tag
    assert frame.step < xor.limit_spin.value()
    assert frame.accuracy["act"] == 1.0 and frame.current_loss["act"] < 0.01
    assert "100&nbsp;%" in xor.titles["act"].text()
    assert xor.best_line.value() == pytest.approx(np.log10(np.log(2)))  # log axis
    # Without an activation: p = 0.5 on every point, said so, and no line drawn through them.
    identity = replay(xor, frame.step).nets["identity"]
    with torch.no_grad():
        p = torch.sigmoid(identity(torch.tensor(frame.dataset.X)))
    assert float((p - 0.5).abs().max()) < 0.01
    assert "identity" in frame.undecided and frame.boundary is None
    assert xor.boundary_line.xData is None or len(xor.boundary_line.xData) == 0
    assert "chance" in xor.titles["identity"].text() and "%" not in xor.titles["identity"].text()
    assert "no boundary" in xor.matrix.text()
    # Start again on a converged net: it trains on (the teacher asked for it).
    xor.limit_spin.setValue(50)
    xor.start()
    qtbot.waitUntil(lambda: not xor.is_running and xor.is_settled, timeout=60_000)
    assert xor.frame.step == frame.step + 50 and "limit" in xor.stop_reason


def test_xor_step_zero_and_reset_show_real_numbers_on_a_fresh_axis(qtbot, xor):
    frame = xor.frame
    status = xor.status.text()
    assert "nan" not in status.lower()
    assert f"{frame.current_loss['act']:.4f}" in status
    assert f"{frame.current_loss['identity']:.4f}" in status
    assert_shows(xor, replay(xor, 0))
    (x0, x1), (y0, y1) = xor.loss_plot.viewRange()
    assert x0 <= 0 and x1 < 30
    losses = [frame.current_loss["act"], frame.current_loss["identity"], frame.best_linear]
    assert y0 < np.log10(min(losses)) and np.log10(max(losses)) < y1 < 1  # fitted, not 2..9
    # Train, then Reset: the step axis starts again at 0.
    xor.speed_combo.setCurrentIndex(xor.speed_combo.findData(1000))
    xor.start()
    qtbot.waitUntil(lambda: xor.frame.step >= 40, timeout=60_000)
    xor.pause()
    xor.reset()
    qtbot.waitUntil(lambda: xor.is_settled and xor.frame.step == 0, timeout=60_000)
    (x0, x1), _ = xor.loss_plot.viewRange()
    assert x0 <= 0 and x1 < 30
    assert len(xor.loss_curves["act"].yData) == 1


def test_xor_single_step_and_step_limit(qtbot, xor):
    assert xor.speed() == 10 and not xor.is_running
    xor.step_button.click()
    qtbot.waitUntil(lambda: xor.is_settled and xor.frame.step == 1, timeout=60_000)
    xor.step_button.click()
    qtbot.waitUntil(lambda: xor.is_settled and xor.frame.step == 2, timeout=60_000)
    assert_shows(xor, replay(xor, 2))
    xor.set_dataset("spirals")  # no net solves the spirals in a few steps
    qtbot.waitUntil(lambda: xor.is_settled and xor.frame.dataset.name == "spirals", timeout=60_000)
    xor.limit_spin.setValue(10)
    xor.speed_combo.setCurrentIndex(xor.speed_combo.findData(1000))
    xor.start()
    assert not xor.step_button.isEnabled()
    qtbot.waitUntil(lambda: not xor.is_running and xor.is_settled, timeout=60_000)
    assert xor.frame.step == 10 and "limit" in xor.stop_reason
    assert xor.step_button.isEnabled() and xor.start_button.isEnabled()


def test_xor_hidden_unit_lines_and_legend(qtbot, xor):
    frame = xor.frame
    first = replay(xor, 0).nets["act"][0]
    xs, ys = xor.unit_lines.xData, xor.unit_lines.yData
    shown = [s for s in frame.unit_lines if s is not None]
    assert len(frame.unit_lines) == xor.width_slider.value() and len(xs) == 2 * len(shown) > 0
    w, b = first.weight.detach().double().numpy(), first.bias.detach().double().numpy()
    # Each drawn pair of points lies on one unit's line w·x + b = 0.
    for i in range(0, len(xs), 2):
        residual = np.abs(w @ np.array([xs[i : i + 2], ys[i : i + 2]]) + b[:, None])
        assert (residual.max(axis=1) < 1e-6).any()
    xor.units_check.setChecked(False)
    assert xor.unit_lines.xData is None or len(xor.unit_lines.xData) == 0
    legend = xor.legend.text()
    assert "class 0" in legend and "class 1" in legend
    from gui.labs.xor_panel import CLASS_COLOURS

    assert all(c in legend for c in CLASS_COLOURS)


def test_xor_activation_follows_the_explorer_until_the_user_picks(qtbot, xor, state):
    state.select("tanh")
    assert xor.activation_key == "tanh" and xor.activation_combo.currentData() == "tanh"
    qtbot.waitUntil(lambda: xor.is_settled, timeout=10_000)
    assert isinstance(xor.lab.trainer.nets["act"][1], torch.nn.Tanh)
    index = xor.activation_combo.findData("sigmoid")
    xor.activation_combo.setCurrentIndex(index)
    xor.activation_combo.activated.emit(index)  # as a user's pick
    assert not xor.follow.isChecked()
    state.select("gelu")
    assert xor.activation_key == "sigmoid"
    qtbot.waitUntil(lambda: xor.is_settled, timeout=10_000)
    assert isinstance(xor.lab.trainer.nets["act"][1], torch.nn.Sigmoid)
    xor.follow.setChecked(True)  # back to the Explorer's choice
    assert xor.activation_key == "gelu"
    # The Explorer's parameters are used too.
    state.select("leaky_relu")
    state.set_params("leaky_relu", {"negative_slope": 0.3})
    qtbot.waitUntil(lambda: xor.is_settled, timeout=10_000)
    assert xor.lab.trainer.nets["act"][1].negative_slope == 0.3


def test_xor_controls_rebuild_the_networks(qtbot, xor):
    xor.width_slider.setValue(5)
    xor.depth_slider.setValue(3)
    xor.dataset_combo.setCurrentIndex(xor.dataset_combo.findData("circles"))
    qtbot.waitUntil(lambda: xor.is_settled and xor.frame.dataset.name == "circles", timeout=10_000)
    trainer = xor.lab.trainer
    assert [m.out_features for m in trainer.nets["act"] if isinstance(m, torch.nn.Linear)] == [
        5,
        5,
        5,
        1,
    ]
    assert xor.frame.step == 0 and xor.frame.linear_layers == 4
    assert "W₄·W₃·W₂·W₁" in xor.matrix.text()
    dots0, dots1 = xor.points["identity"]
    assert len(dots0.data) + len(dots1.data) == len(xor.frame.dataset.X)


def test_xor_hidden_panel_pauses_and_resumes_when_shown(qtbot, xor):
    xor.start()
    qtbot.waitUntil(lambda: xor.frame.step >= 10, timeout=60_000)
    xor.hide()
    assert not xor.is_running
    qtbot.waitUntil(lambda: xor.is_settled, timeout=10_000)
    xor.show()
    assert xor.is_running
    step = xor.frame.step
    qtbot.waitUntil(lambda: xor.frame.step > step, timeout=60_000)


# -- depth ----------------------------------------------------------------------------------------
@pytest.fixture
def depth(qtbot, bridge, state):
    from gui.labs.depth_panel import DepthLabPanel

    panel = DepthLabPanel(bridge, state)
    qtbot.addWidget(panel)
    panel.resize(1400, 900)
    panel.show()
    qtbot.waitUntil(lambda: panel.result is not None and panel.is_settled, timeout=60_000)
    return panel


def engine_result(panel, state):
    keys = panel.checked_keys()
    return depth_study(panel.config(), [(state.entry(k).spec, state.entry(k).params) for k in keys])


def assert_depth_curves(panel, state) -> None:
    expected = engine_result(panel, state)
    assert list(panel.result.curves) == list(expected.curves)
    n = panel.config().layers
    for key, curves in expected.curves.items():
        items = panel.curves[key]
        np.testing.assert_array_equal(items["grad"].xData, np.arange(1, n + 1))
        shown = items["grad"].yData
        positive = curves.grad_norm > 0
        np.testing.assert_allclose(shown[positive], curves.grad_norm[positive], rtol=1e-6)
        assert np.isnan(shown[~positive]).all()
        np.testing.assert_allclose(items["zero"].yData, 100 * curves.zero)
        np.testing.assert_allclose(items["dead_units"].yData, 100 * curves.dead_units)
        signal = curves.signal_norm
        np.testing.assert_allclose(items["signal"].yData[signal > 0], signal[signal > 0], rtol=1e-6)
        assert items["signal"].scene() is not None and items["dead_units"].scene() is not None
        np.testing.assert_allclose(items["saturated"].yData, 100 * curves.saturated)
        assert items["grad"].scene() is not None


def test_depth_panel_shows_the_engines_result(qtbot, depth, state):
    assert depth.checked_keys() == ["relu", "leaky_relu", "gelu", "silu", "sigmoid", "tanh"]
    assert_depth_curves(depth, state)
    sigmoid = depth.curves["sigmoid"]["grad"].yData
    relu = depth.curves["relu"]["grad"].yData
    assert sigmoid[0] < 1e-3 * sigmoid[-1]  # the teaching result, on screen
    assert 0.1 < relu[0] / relu[-1] < 10
    assert "Sigmoid" in depth.summary.text()


def test_depth_log_axis_labels_are_all_powers_of_ten(qtbot, depth):
    from gui.log_axis import power_label

    axis = depth.grad_plot.getAxis("left")
    lo, hi = axis.range
    assert hi - lo > 2  # the Sigmoid curve spans several decades
    labels = [
        text
        for spacing, values in axis.tickValues(lo, hi, 400)
        for text in axis.tickStrings(values, axis.autoSIPrefixScale, spacing)
    ]
    labels = [t for t in labels if t]  # unlabelled minor ticks
    assert labels and all("10" in t and "." not in t and "e" not in t for t in labels), labels
    assert [power_label(v) for v in (-5, -4, 0, 1, np.log10(2e-4), np.log10(9.999e-3))] == [
        "10⁻⁵",
        "10⁻⁴",
        "10⁰",
        "10¹",
        "2×10⁻⁴",
        "10⁻²",
    ]


def test_log_axis_labels_minor_ticks_only_where_they_fit():
    from gui.log_axis import minor_label_wanted

    two, three, five = np.log10([0.2, 0.3, 0.5])
    assert all(minor_label_wanted(v, 0.5) for v in (two, three, five))  # less than a decade
    assert [minor_label_wanted(v, 1.8) for v in (two, three, five)] == [True, False, True]
    assert not any(minor_label_wanted(v, 3) for v in (two, three, five))
    assert minor_label_wanted(-2.0, 3) and minor_label_wanted(1.0, 1.8)  # powers of ten


def test_depth_panel_recomputes_when_controls_change(qtbot, depth, state):
    depth.layers_slider.setValue(12)
    depth.init_combo.setCurrentIndex(depth.init_combo.findData("default"))
    depth.width_slider.setValue(20)
    qtbot.waitUntil(lambda: depth.is_settled, timeout=60_000)
    assert depth.result.config.layers == 12 and depth.result.config.init == "default"
    assert_depth_curves(depth, state)
    depth.set_checked(["relu", "elu"])
    qtbot.waitUntil(lambda: depth.is_settled, timeout=60_000)
    assert list(depth.result.curves) == ["relu", "elu"]
    assert depth.curves["sigmoid"]["grad"].scene() is None  # unticked: off the plot
    assert_depth_curves(depth, state)
    state.set_params("elu", {"alpha": 2.5})  # the Explorer's parameters drive the study
    qtbot.waitUntil(lambda: depth.is_settled and depth.result.curves["elu"].params["alpha"] == 2.5)
    assert_depth_curves(depth, state)


# -- softmax --------------------------------------------------------------------------------------
@pytest.fixture
def softmax(qtbot, bridge, state):
    from gui.labs.softmax_panel import SoftmaxLabPanel

    panel = SoftmaxLabPanel(bridge, state)
    qtbot.addWidget(panel)
    panel.resize(1400, 900)
    panel.show()
    return panel


def test_softmax_bars_equal_torch(qtbot, softmax):
    assert softmax.is_settled
    softmax.set_logits([1.5, -2.0, 0.3, 4.0, -0.7])
    softmax.temperature.setValue(0.7)
    x = torch.tensor(softmax.logits(), dtype=torch.float64) / softmax.temperature.value()
    np.testing.assert_allclose(
        softmax.prob_bars.opts["height"], torch.softmax(x, 0).numpy(), rtol=1e-12
    )
    np.testing.assert_allclose(
        softmax.log_bars.opts["height"], torch.log_softmax(x, 0).numpy(), rtol=1e-12
    )
    np.testing.assert_array_equal(softmax.prob_bars.opts["x"], [1, 2, 3, 4, 5])
    assert "1.000000" in softmax.sum_label.text()
    # Moving one slider redraws with the new logits.
    softmax.logit_sliders[1].setValue(3.0)
    x = torch.tensor(softmax.logits(), dtype=torch.float64) / softmax.temperature.value()
    np.testing.assert_allclose(softmax.prob_bars.opts["height"], torch.softmax(x, 0).numpy())


def test_softmax_plus_minus_and_the_two_class_remark(qtbot, softmax):
    assert len(softmax.logit_sliders) == 3
    assert "press − logit" in softmax.two_class.text()
    softmax.remove_button.click()
    assert len(softmax.logit_sliders) == 2 and not softmax.remove_button.isEnabled()
    a, b = softmax.logits()
    T = softmax.temperature.value()
    sig = torch.sigmoid(torch.tensor((a - b) / T, dtype=torch.float64)).item()
    assert f"{sig:.6f}" in softmax.two_class.text()
    assert softmax.prob_bars.opts["height"][0] == pytest.approx(sig, rel=1e-12)
    for _ in range(12):
        softmax.add_button.click()
    assert len(softmax.logit_sliders) == 10 and not softmax.add_button.isEnabled()
    assert len(softmax.prob_bars.opts["height"]) == 10
    assert sum(t.isVisible() for t in softmax.prob_texts) == 10


def test_softmax_table_shows_nan_for_the_naive_formula(qtbot, softmax):
    softmax.set_logits([2.0, 1.0, 0.1])
    softmax.shift.setValue(100.0)
    z = (torch.tensor(softmax.logits(), dtype=torch.float32) + 100.0) / 1.0
    naive = torch.exp(z) / torch.exp(z).sum()
    stable = torch.softmax(z, 0)
    assert torch.isnan(naive).all()
    for row in range(3):
        assert softmax.table.item(row, 1).text() == "inf"
        assert softmax.table.item(row, 2).text() == "NaN"
        assert float(softmax.table.item(row, 5).text()) == pytest.approx(
            stable[row].item(), rel=1e-5
        )
    assert "breaks" in softmax.verdict.text()
    softmax.shift.setValue(0.0)
    naive = torch.softmax(torch.tensor(softmax.logits()), 0)
    for row in range(3):
        assert float(softmax.table.item(row, 2).text()) == pytest.approx(naive[row].item(), 1e-5)
    assert "breaks" not in softmax.verdict.text()


def test_softmax_opens_calm_and_one_click_shows_the_overflow(qtbot, softmax):
    assert softmax.shift.value() == 0.0
    for row in range(softmax.table.rowCount()):
        for col in range(softmax.table.columnCount()):
            assert np.isfinite(float(softmax.table.item(row, col).text()))
    assert "breaks" not in softmax.verdict.text()
    softmax.overflow_button.click()
    assert softmax.shift.value() == 100.0
    assert softmax.table.item(0, 2).text() == "NaN"
    assert "breaks" in softmax.verdict.text()


# -- start-up cost ---------------------------------------------------------------------------------
def test_importing_the_lab_panels_does_not_import_torch():
    code = (
        "import sys, gui.labs.xor_panel, gui.labs.depth_panel, gui.labs.softmax_panel\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "False"


def _plot_pixels(panel, plot) -> np.ndarray:
    """The pixels of one plot's data area (no legend, no axes), as an H×W×3 array."""
    from PySide6.QtGui import QImage

    view = panel.plots
    rect = view.mapFromScene(plot.getViewBox().sceneBoundingRect()).boundingRect()
    image = view.grab(rect).toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, : 3 * w].reshape(h, w, 3).copy()  # copied while the QImage still lives


def _near(pixels: np.ndarray, colour: str, tolerance: int = 60) -> int:
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(pixels.astype(int) - rgb).sum(axis=2) <= tolerance).sum())


def test_depth_curves_lying_on_each_other_stay_visible(qtbot, depth, state):
    """ReLU lies under LeakyReLU and GELU under SiLU: each activation keeps its own colour,
    dash and marker, so the lower curve shows through the upper one's gaps."""
    from engine.curve_style import style_for

    depth.set_checked(["relu", "leaky_relu"])
    qtbot.waitUntil(
        lambda: depth.is_settled and list(depth.result.curves) == ["relu", "leaky_relu"]
    )
    relu, leaky = depth.curves["relu"]["grad"], depth.curves["leaky_relu"]["grad"]
    # At α = 0.01 the two gradient norms agree within 20 %: one line on the log axis.
    np.testing.assert_allclose(relu.yData, leaky.yData, rtol=0.2)
    assert relu.opts["pen"].color().name().lower() == style_for("relu").colour.lower()
    assert relu.opts["symbol"] != leaky.opts["symbol"]

    def both_visible() -> bool:
        pixels = _plot_pixels(depth, depth.grad_plot)
        return min(_near(pixels, style_for(k).colour) for k in ("relu", "leaky_relu")) > 50

    qtbot.waitUntil(both_visible, timeout=5000)

    state.set_params("leaky_relu", {"negative_slope": 0.2})
    qtbot.waitUntil(
        lambda: (
            depth.is_settled and depth.result.curves["leaky_relu"].params["negative_slope"] == 0.2
        )
    )
    names = [label.text for _, label in depth.legend.items]
    assert names[:2] == ["ReLU", "LeakyReLU α=0.2"]
    assert "LeakyReLU α=0.2" in depth.summary.text()


def test_depth_gradient_signal_has_its_own_line_and_legend_key(qtbot, depth):
    """Dashes belong to activations (LeakyReLU is dashed), so ‖∂L/∂z‖ cannot be "the dashed
    one": it is thin and dotted, a look no ‖∂L/∂W‖ line has, and the legend says so."""
    from PySide6.QtCore import Qt as QtCore_Qt

    from engine.curve_style import STYLES
    from gui.curve_pens import SIGNAL_DOTS

    keys = ["relu", "leaky_relu", "prelu", "gelu", "silu"]
    depth.set_checked(keys)
    qtbot.waitUntil(lambda: depth.is_settled and list(depth.result.curves) == keys)
    assert {STYLES[k].dash for k in keys} >= {"solid", "dash", "dot"}  # every kind of line

    def look(item) -> tuple:
        pen = item.opts["pen"]
        pattern = (
            tuple(pen.dashPattern()) if pen.style() == QtCore_Qt.PenStyle.CustomDashLine else ()
        )
        return pen.widthF(), pattern, item.opts["symbol"]

    grads = {look(depth.curves[k]["grad"]) for k in keys}
    for key in keys:
        signal = look(depth.curves[key]["signal"])
        assert signal[1] == SIGNAL_DOTS and signal[2] is None
        assert all(signal[0] < width for width, _, _ in grads)
        assert signal not in grads
        assert look(depth.curves[key]["dead_units"]) == signal
    samples = {label.text: sample.item for sample, label in depth.legend.items}
    assert "‖∂L/∂z‖ (thin, dotted)" in samples and "‖∂L/∂W‖ (thick)" in samples
    key_z = look(samples["‖∂L/∂z‖ (thin, dotted)"])
    assert key_z[:2] == look(depth.curves["relu"]["signal"])[:2]
    assert look(samples["‖∂L/∂W‖ (thick)"])[2] is not None  # with a marker, like the W lines
    depth.retranslate()  # the key is relabelled in place, not duplicated
    assert sum("∂L/∂z" in label.text for _, label in depth.legend.items) == 1


def test_softmax_sliders_compute_with_the_values_their_labels_show(qtbot, softmax):
    """The issue: c showed 0.1 while the table used z = 2.10925. A drag between label steps
    computes with the shown value."""
    softmax.set_logits([2.0, 1.0, 0.1])
    softmax.shift._slider.setValue(0.10925)  # a drag lands between the label's steps
    softmax.logit_sliders[0]._slider.setValue(2.004321)
    shown = float(softmax.shift._label.text())
    assert shown == 0.1 and softmax.logits()[0] == 2.0
    assert softmax.table.item(0, 0).text() == "2.1"  # z = x₁ + c, as on the labels
    z = torch.tensor([2.0, 1.0, 0.1], dtype=torch.float32) + shown
    np.testing.assert_array_equal(softmax.table_data.z, z.numpy())
