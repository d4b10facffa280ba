"""The explorer draws exactly what the torch modules compute, and follows every edit."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt

from engine import catalogue
from engine.curve_style import DASH_PATTERNS, style_for
from engine.modules import build_module
from gui.activation_model import ActivationListModel
from tests.conftest import wait_settled


def torch_f_and_df(key, params, x):
    module = build_module(catalogue.get(key), params).double()
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = module(xt)
    (dy,) = torch.autograd.grad(y.sum(), xt)
    return y.detach().numpy(), dy.numpy()


def plotted(explorer, key):
    items = explorer.curves.items[key]
    fx, fy = items.f.getData()
    dx, dy = items.d.getData()
    np.testing.assert_array_equal(fx, dx)
    return fx, fy, dy


def test_start_shows_the_default_curves_equal_to_torch(explorer):
    assert sorted(explorer.curves.shown_keys()) == ["relu", "sigmoid", "tanh"]
    assert not explorer.curves.loading.isVisible()
    for key in ("relu", "sigmoid", "tanh"):
        x, y, dy = plotted(explorer, key)
        assert len(x) == 2001 and x[0] == -6 and x[-1] == 6
        ty, tdy = torch_f_and_df(key, {}, x)
        np.testing.assert_array_equal(y, ty)
        np.testing.assert_array_equal(dy, tdy)
    legend_names = [label.text for _, label in explorer.curves.legend.items]
    assert sorted(legend_names) == ["ReLU", "Sigmoid", "Tanh"]


def test_editing_a_parameter_redraws_with_the_new_module(qtbot, explorer):
    explorer.select("leaky_relu")
    wait_settled(qtbot, explorer)
    editor = explorer.editor.editors["negative_slope"]
    editor.slider.setValue(0.3)  # as if dragged
    wait_settled(qtbot, explorer)
    x, y, dy = plotted(explorer, "leaky_relu")
    ty, tdy = torch_f_and_df("leaky_relu", {"negative_slope": 0.3}, x)
    np.testing.assert_array_equal(y, ty)
    np.testing.assert_array_equal(dy, tdy)
    assert explorer.editor.call.text() == "nn.LeakyReLU(negative_slope=0.3)"

    editor.entry.setText("1.75")  # exact value beyond the slider's range
    editor.entry.editingFinished.emit()
    wait_settled(qtbot, explorer)
    x, y, _ = plotted(explorer, "leaky_relu")
    np.testing.assert_array_equal(y, torch_f_and_df("leaky_relu", {"negative_slope": 1.75}, x)[0])


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "abc", ""])
def test_invalid_entry_shows_a_reason_and_keeps_the_last_valid_curve(qtbot, explorer, text):
    explorer.select("softplus")
    wait_settled(qtbot, explorer)
    before = plotted(explorer, "softplus")[1].copy()
    editor = explorer.editor.editors["beta"]
    editor.entry.setText(text)
    editor.entry.editingFinished.emit()
    wait_settled(qtbot, explorer)
    assert explorer.editor.message.text().startswith("Not applied")
    assert editor.entry.text() == "1"  # the editor shows the parameters that are plotted
    assert explorer.state.entry("softplus").params["beta"] == 1.0
    np.testing.assert_array_equal(plotted(explorer, "softplus")[1], before)


def test_softplus_beta_zero_and_reversed_hardtanh_are_refused(qtbot, explorer):
    explorer.select("softplus")
    editor = explorer.editor.editors["beta"]
    editor.entry.setText("0")
    editor.entry.editingFinished.emit()
    assert "β (beta) must be > 0" in explorer.editor.message.text()

    explorer.select("hardtanh")
    wait_settled(qtbot, explorer)
    before = plotted(explorer, "hardtanh")[1].copy()
    min_editor = explorer.editor.editors["min_val"]
    min_editor.entry.setText("2")
    min_editor.entry.editingFinished.emit()
    wait_settled(qtbot, explorer)
    assert "min_val must be < max_val" in explorer.editor.message.text()
    assert min_editor.slider.value() == pytest.approx(-1.0)
    np.testing.assert_array_equal(plotted(explorer, "hardtanh")[1], before)


def test_checking_and_unchecking_adds_and_removes_curves(qtbot, explorer):
    model = explorer.model
    idx = model.index_of("swish")
    model.setData(idx, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    wait_settled(qtbot, explorer)
    items = explorer.curves.items["swish"]
    assert items.f in explorer.curves.f_plot.listDataItems()
    assert items.d in explorer.curves.d_plot.listDataItems()
    x, y, _ = plotted(explorer, "swish")
    np.testing.assert_allclose(y, x / (1 + np.exp(-x)), rtol=1e-12)

    model.setData(model.index_of("sigmoid"), Qt.CheckState.Unchecked.value,
                  Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    wait_settled(qtbot, explorer)
    assert "sigmoid" not in explorer.curves.shown_keys()
    sig = explorer.curves.items["sigmoid"]
    assert sig.f not in explorer.curves.f_plot.listDataItems()
    legend_names = [label.text for _, label in explorer.curves.legend.items]
    assert "Sigmoid" not in legend_names and "Swish β=1" in legend_names
    colours = {explorer.curves.items[k].f.opts["pen"].color().name()
               for k in explorer.curves.shown_keys()}  # fmt: skip
    assert len(colours) == len(explorer.curves.shown_keys())


def test_relu_kink_is_marked_with_pytorchs_value_and_both_limits(explorer):
    spots = explorer.curves.items["relu"].d_marks.points()
    positions = sorted((p.pos().x(), p.pos().y()) for p in spots)
    assert positions == [(0.0, 0.0), (0.0, 1.0)]  # filled: PyTorch's 0, open: right limit 1
    marks = explorer.curves.items["relu"].d_marks
    tip = marks.opts["tip"](0.0, 0.0, spots[0].data())  # written when the tooltip shows
    assert "left → 0" in tip and "right → 1" in tip and "PyTorch uses f′(0) = 0" in tip
    assert len(explorer.curves.items["sigmoid"].d_marks.points()) == 0


def test_kink_marks_follow_parameters(qtbot, explorer):
    explorer.select("hardtanh")
    wait_settled(qtbot, explorer)
    explorer.state.set_params("hardtanh", {"min_val": -2.0, "max_val": 0.5})
    wait_settled(qtbot, explorer)
    xs = sorted({p.pos().x() for p in explorer.curves.items["hardtanh"].d_marks.points()})
    assert xs == [-2.0, 0.5]


def test_crosshair_reads_values_of_every_visible_curve(explorer):
    text = explorer.curves.show_crosshair(0.0)
    assert "x = 0</b>" in text
    assert "ReLU</b>: f = 0, f′ = 0" in text  # PyTorch's derivative at the kink
    assert "Sigmoid</b>: f = 0.5, f′ = 0.25" in text
    assert "Tanh</b>: f = 0, f′ = 1" in text
    text = explorer.curves.show_crosshair(1.0)
    x = explorer.curves.vlines[0].value()
    assert abs(x - 1.0) <= 0.003  # snapped to the nearest of the 2001 grid points
    assert f"x = {x:.4g}</b>" in text
    assert f"Sigmoid</b>: f = {torch.sigmoid(torch.tensor(x)).item():.4g}" in text
    assert f"ReLU</b>: f = {x:.4g}, f′ = 1" in text
    assert explorer.curves.vlines[1].isVisible()


def test_x_range_fields_recompute_and_bad_ranges_are_refused(qtbot, explorer):
    curves = explorer.curves
    curves.x_min.setValue(-2.0)
    curves.x_max.setValue(3.0)
    curves.x_max.editingFinished.emit()
    wait_settled(qtbot, explorer)
    x, y, _ = plotted(explorer, "tanh")
    assert (x[0], x[-1], len(x)) == (-2.0, 3.0, 2001)
    np.testing.assert_array_equal(y, torch.tanh(torch.tensor(x)).numpy())

    curves.x_min.setValue(5.0)
    curves.x_min.editingFinished.emit()
    assert "x min must be smaller than x max" in curves.range_message.text()
    assert explorer.state.x_range == (-2.0, 3.0)
    assert plotted(explorer, "tanh")[0][0] == -2.0

    curves.reset_view()
    wait_settled(qtbot, explorer)
    assert plotted(explorer, "tanh")[0][0] == -6.0
    assert (curves.x_min.value(), curves.x_max.value()) == (-6.0, 6.0)


def test_panning_the_plot_recomputes_for_the_visible_range(qtbot, explorer):
    explorer.curves.f_plot.setXRange(10.0, 20.0, padding=0)
    qtbot.waitUntil(lambda: explorer.state.x_range == pytest.approx((10.0, 20.0)))
    wait_settled(qtbot, explorer)
    x, y, _ = plotted(explorer, "relu")
    assert x[0] == pytest.approx(10.0) and x[-1] == pytest.approx(20.0)
    np.testing.assert_array_equal(y, x)


def test_softmax_curve_follows_the_other_logits(qtbot, explorer):
    explorer.select("softmax")
    wait_settled(qtbot, explorer)
    x, y, _ = plotted(explorer, "softmax")
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-x)), rtol=1e-12)  # = Sigmoid
    entry = explorer.editor.editors["others"]
    entry.setText("1, −2")
    entry.editingFinished.emit()
    wait_settled(qtbot, explorer)
    x, y, _ = plotted(explorer, "softmax")
    logits = torch.stack([torch.tensor(x), torch.ones(len(x), dtype=torch.float64),
                          torch.full((len(x),), -2.0, dtype=torch.float64)], 1)  # fmt: skip
    np.testing.assert_allclose(y, torch.softmax(logits, 1)[:, 0].numpy(), rtol=1e-12)


def test_selection_drives_editor_and_info(qtbot, explorer):
    explorer.list_view.setCurrentIndex(explorer.model.index_of("sigmoid"))
    assert explorer.state.selected == "sigmoid"
    assert explorer.editor.title.text() == "Sigmoid"
    assert "1 + e" in explorer.info.toHtml() or "σ" in explorer.info.toPlainText()
    explorer.select("rrelu")
    assert "eval mode" in explorer.editor.note.text()
    assert "RReLU" in explorer.info.toPlainText()
    assert explorer.model.index_of("rrelu").data(ActivationListModel.KeyRole) == "rrelu"


def test_about_names_the_torch_version(main_window):
    assert torch.__version__ in main_window.about_text()


def _legend(explorer) -> list[str]:
    return [label.text for _, label in explorer.curves.legend.items]


def test_legend_keeps_its_order_and_carries_the_parameters(qtbot, explorer):
    """The issue: the legend reordered when the selection changed, and "Swish (β)" did not say
    which β. Rows follow the catalogue; labels carry the values; pens are the activation's."""
    explorer.state.set_checked("swish", True)
    explorer.state.set_params("swish", {"beta": 5.0})
    wait_settled(qtbot, explorer)
    assert _legend(explorer) == ["ReLU", "Swish β=5", "Sigmoid", "Tanh"]
    for key in ("tanh", "sigmoid", "swish", "relu"):
        explorer.select(key)
        wait_settled(qtbot, explorer)
        assert _legend(explorer) == ["ReLU", "Swish β=5", "Sigmoid", "Tanh"]
    explorer.select("leaky_relu")
    explorer.state.set_params("leaky_relu", {"negative_slope": 0.2})
    wait_settled(qtbot, explorer)
    assert _legend(explorer) == ["ReLU", "LeakyReLU α=0.2", "Swish β=5", "Sigmoid", "Tanh"]
    pen = explorer.curves.items["leaky_relu"].f.opts["pen"]
    assert pen.color().name().lower() == style_for("leaky_relu").colour.lower()
    assert list(pen.dashPattern()) == list(DASH_PATTERNS["dash"])
    relu_pen = explorer.curves.items["relu"].f.opts["pen"]
    assert relu_pen.style() == Qt.PenStyle.SolidLine


def test_csv_export_names_carry_parameters_in_legend_order(qtbot, main_window, tmp_path):
    import csv

    explorer = main_window.explorer
    explorer.state.set_checked("swish", True)
    explorer.state.set_params("swish", {"beta": 5.0})
    wait_settled(qtbot, explorer)
    path = tmp_path / "c.csv"
    assert main_window.exporter.curves_csv(path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    names = [h[: -len(" f(x)")] for h in header if h.endswith(" f(x)")]
    assert names == _legend(explorer) == ["ReLU", "Swish β=5", "Sigmoid", "Tanh"]


def test_readout_follows_every_change_and_keeps_its_height(qtbot, explorer):
    """The issue: after Defaults the readout kept "f = −inf" of the old slope, and the plots
    jumped when the readout wrapped to two lines."""
    explorer.select("leaky_relu")
    explorer.state.set_params("leaky_relu", {"negative_slope": 0.5})
    wait_settled(qtbot, explorer)
    explorer.curves.show_crosshair(-3.0)
    assert "LeakyReLU α=0.5</b>: f = -1.5" in explorer.curves.readout.text()
    height = explorer.curves.readout.height()
    explorer.editor.restore_defaults()
    wait_settled(qtbot, explorer)
    text = explorer.curves.readout.text()
    assert "LeakyReLU α=0.01</b>: f = -0.03, f′ = 0.01" in text
    assert "α=0.5" not in text
    for x in np.linspace(-6, 6, 25):
        explorer.curves.show_crosshair(float(x))
        assert explorer.curves.readout.height() == height
    explorer.state.set_checked("tanh", False)
    wait_settled(qtbot, explorer)
    assert "Tanh" not in explorer.curves.readout.text()


def test_a_dragged_slider_sets_the_value_its_label_shows(qtbot, explorer):
    explorer.select("leaky_relu")
    wait_settled(qtbot, explorer)
    editor = explorer.editor.editors["negative_slope"]
    editor.slider._slider.setValue(editor.slider._slider.maximum() * 0.807143)  # a drag
    wait_settled(qtbot, explorer)
    value = explorer.state.entry("leaky_relu").params["negative_slope"]
    assert value == round(value, 3) and f"{value:.3f}" in editor.slider._label.text()
    assert abs(value - 0.807) <= 0.001
    editor.entry.setText("0.1234567")  # typed values stay exact
    editor.entry.editingFinished.emit()
    assert explorer.state.entry("leaky_relu").params["negative_slope"] == 0.1234567


def test_hover_reuses_its_symbols(explorer):
    """pyqtgraph caches one symbol per pen/brush object: moving the mouse must not add one per
    move (the soak run found the atlas of the hover dots growing with every move)."""
    curves = explorer.curves
    curves.show_crosshair(0.5)
    explorer.grab()
    atlases = [marks.fragmentAtlas for marks in curves.hover_marks]
    before = [len(atlas) for atlas in atlases]
    assert all(n > 0 for n in before)
    for i in range(30):
        curves.show_crosshair(-3 + 0.2 * i)
        explorer.grab()
    assert [len(atlas) for atlas in atlases] == before
