from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from engine import catalogue
from engine.explorer_state import ExplorerState
from gui.activation_model import ActivationListModel, hidden_swatch


def test_qt_model_tester(qtmodeltester):
    model = ActivationListModel(ExplorerState.default())
    qtmodeltester.check(model)


def test_rows_roles_and_check_state_follow_the_engine_state(qtbot):
    state = ExplorerState.default()
    model = ActivationListModel(state)
    assert model.rowCount() == len(catalogue.CATALOGUE)
    idx = model.index_of("leaky_relu")
    assert idx.data() == "LeakyReLU"
    assert idx.data(ActivationListModel.KeyRole) == "leaky_relu"
    assert idx.data(ActivationListModel.ParamsRole) == {"negative_slope": 0.01}
    assert idx.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert idx.data(Qt.ItemDataRole.DecorationRole) == hidden_swatch()  # not on screen

    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(idx, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert state.entry("leaky_relu").checked
    assert idx.data(Qt.ItemDataRole.DecorationRole) == QColor(state.entry("leaky_relu").colour)
    assert "leaky_relu" in state.visible_keys()

    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(idx, {"negative_slope": 0.3}, ActivationListModel.ParamsRole)
    assert state.entry("leaky_relu").params == {"negative_slope": 0.3}
    assert not model.setData(idx, {"negative_slope": float("nan")}, ActivationListModel.ParamsRole)
    assert idx.data(ActivationListModel.ParamsRole) == {"negative_slope": 0.3}
    assert idx.data(ActivationListModel.ColourRole) == state.entry("leaky_relu").colour
