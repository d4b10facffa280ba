"""Own activations and Show code in the window: the editor, the list, the curves, the dialogs."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtWidgets import QDialogButtonBox

from engine import catalogue
from engine.codegen_export import CODE_PANELS, script_for
from engine.formula_spec import make_spec
from gui.code_state import code_state
from gui.formula_dialog import FormulaDialog
from tests.conftest import wait_settled


@pytest.fixture(autouse=True)
def forget_own_activations():
    before = dict(catalogue._USER)
    yield
    catalogue._USER.clear()
    catalogue._USER.update(before)


@pytest.fixture
def window(qtbot, main_window):
    """The main window with every panel built and settled (so closing stops every worker)."""
    qtbot.waitUntil(lambda: main_window.is_settled, timeout=60_000)
    return main_window


def ok_button(dialog: FormulaDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_formula_dialog_checks_as_you_type(qtbot):
    dialog = FormulaDialog()
    qtbot.addWidget(dialog)
    assert not ok_button(dialog).isEnabled()
    dialog.edit.setText("sigmoid(x")
    assert not ok_button(dialog).isEnabled()
    assert dialog.status.text() == "✗ missing ) at 9"
    dialog.select_error()
    assert dialog.edit.selectionStart() == 8 and dialog.edit.selectedText() == "x"
    dialog.edit.setText("__import__('os')")
    assert not ok_button(dialog).isEnabled() and "not allowed" in dialog.status.text()
    dialog.edit.setText("x * sigmoid(b*x) + c")
    assert ok_button(dialog).isEnabled()
    assert dialog.table.rowCount() == 2
    hi = dialog.table.cellWidget(0, 2)
    hi.setValue(12.0)
    lo = dialog.table.cellWidget(1, 1)
    lo.setValue(9.0)  # c: minimum above the maximum 5
    assert not ok_button(dialog).isEnabled()
    lo.setValue(0.0)
    assert ok_button(dialog).isEnabled()
    spec = dialog.spec()
    assert spec.param("b").slider == (-5.0, 12.0) and spec.param("c").slider == (0.0, 5.0)
    dialog.examples.setCurrentIndex(2)
    dialog.examples.activated.emit(2)
    assert dialog.edit.text() == "where(x > 0, x, a*(exp(x) - 1))"


def test_formula_dialog_in_chinese(qtbot, window):
    window.set_language("zh_CN")
    try:
        dialog = FormulaDialog("sigmoid(x")
        qtbot.addWidget(dialog)
        assert dialog.status.text() == "✗ 第 9 个字符处缺少 )"
        assert dialog.windowTitle() == "自定义激活函数"
        assert window.explorer.own_button.text() == "+ 自定义激活函数…"
    finally:
        window.set_language("en")
    assert window.explorer.own_button.text() == "+ Own activation…"


def test_own_activation_joins_the_list_and_is_drawn_from_torch(qtbot, window):
    explorer = window.explorer
    rows = explorer.model.rowCount()
    spec = make_spec("x * sigmoid(b*x)", {"b": (0.0, 8.0)})
    explorer.add_own(spec)
    wait_settled(qtbot, explorer)
    assert explorer.model.rowCount() == rows + 1
    assert explorer.state.selected == spec.key and spec.key in explorer.curves.shown_keys()
    assert explorer.edit_own_button.isEnabled() and explorer.remove_own_button.isEnabled()
    editor = explorer.editor.editors["b"]
    editor.slider.setValue(2.5)
    wait_settled(qtbot, explorer)
    items = explorer.curves.items[spec.key]
    x, y = items.f.getData()
    _, dy = items.d.getData()
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    ref = xt * torch.sigmoid(2.5 * xt)
    (ref_dy,) = torch.autograd.grad(ref.sum(), xt)
    np.testing.assert_array_equal(y, ref.detach().numpy())
    np.testing.assert_array_equal(dy, ref_dy.numpy())
    # The same formula again replaces the row (new slider range), keeping b.
    explorer.add_own(make_spec("x*sigmoid(b*x)", {"b": (0.0, 3.0)}))
    wait_settled(qtbot, explorer)
    assert explorer.model.rowCount() == rows + 1
    assert explorer.state.entry(spec.key).params == {"b": 2.5}
    assert explorer.editor.editors["b"].slider.maximum() == pytest.approx(3.0)
    # A kinked own activation gets its kink marked like ReLU's.
    relu_like = make_spec("where(x > a, x, 0.1*x)")
    explorer.add_own(relu_like)
    wait_settled(qtbot, explorer)
    assert [k.x for k in explorer.curves.items[relu_like.key].kinks] == [1.0]
    # Other panels list it too.
    images = window.images
    if images is not None:
        assert images.activation.findData(spec.key) >= 0
    xor = window.labs.get("labs-xor")
    if xor is not None and hasattr(xor, "activation_combo"):
        assert xor.activation_combo.findData(spec.key) >= 0
    explorer.remove_selected_own()
    wait_settled(qtbot, explorer)
    assert explorer.model.rowCount() == rows + 1
    assert relu_like.key not in explorer.curves.shown_keys()
    assert (
        not explorer.remove_own_button.isEnabled()
        or explorer.state.entry(explorer.state.selected).spec.user_defined
    )


def test_activation_model_passes_qt_model_tests_with_rows_added_and_removed(qtmodeltester):
    from engine.explorer_state import ExplorerState
    from gui.activation_model import ActivationListModel

    state = ExplorerState.default()
    model = ActivationListModel(state)
    qtmodeltester.check(model)
    spec = make_spec("x * tanh(a*x)")
    state.add_activation(spec)
    qtmodeltester.check(model)
    assert model.rowCount() == len(state.entries)
    assert model.data(model.index_of(spec.key)) == spec.name
    assert "f(x) = x * tanh(a*x)" in model.data(model.index_of(spec.key), 3)  # tooltip
    state.remove_activation(spec.key)
    qtmodeltester.check(model)
    assert model.rowCount() == len(state.entries)


def test_show_code_for_every_panel_is_the_engines_script(qtbot, window, tmp_path):
    explorer = window.explorer
    explorer.add_own(make_spec("x * sigmoid(b*x)"))
    wait_settled(qtbot, explorer)
    for panel in CODE_PANELS:
        dialog = window.show_code(panel)  # as if shown: the panels need not start their work
        assert dialog is not None  # a child of the window, deleted when closed
        assert dialog.text == script_for(panel, code_state(window))
        if panel == "explorer":
            assert "class Own(nn.Module):" in dialog.text
        dialog.close()
    window.show_panel("explorer")
    assert window.code_button.isEnabled()
    window.show_panel("guide")
    assert not window.code_button.isEnabled()
    assert window.show_code() is None
    window.show_panel("explorer")


def test_code_dialog_copies_saves_and_follows_the_state(qtbot, window, tmp_path):
    from PySide6.QtGui import QGuiApplication

    window.show_panel("explorer")
    dialog = window.show_code("explorer")
    dialog.copy()
    assert QGuiApplication.clipboard().text() == dialog.text
    assert dialog.save(tmp_path / "explorer_code")
    assert (tmp_path / "explorer_code.py").read_text(encoding="utf-8") == dialog.text
    assert not dialog.save(tmp_path / "missing" / "dir" / "x.py")
    assert "cannot write" in dialog.status.text()
    window.explorer_state.set_checked("gelu", True)
    dialog.refresh()
    assert "'GELU': nn.GELU(approximate='none')" in dialog.text
    window.set_language("zh_CN")
    try:
        assert dialog.windowTitle() == "PyTorch 代码 — 探索"
        assert dialog.copy_button.text() == "复制(&C)"
    finally:
        window.set_language("en")
    dialog.close()
