"""One base item model: the activation and image lists are thin adapters over engine state that
keep no row bookkeeping of their own, and both pass Qt's own model tester."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QModelIndex, Qt

from engine.explorer_state import ExplorerState
from engine.image_state import ImageBrowserState
from engine.sample_data import generate_samples
from gui.activation_model import ActivationListModel
from gui.image_model import ImageListModel
from gui.item_model import StateListModel


def test_both_models_answer_qt_through_the_base():
    for cls in (ActivationListModel, ImageListModel):
        assert issubclass(cls, StateListModel)
        for name in ("rowCount", "data", "flags"):
            assert name not in vars(cls), f"{cls.__name__}.{name} repeats the base"


def test_the_image_model_reads_the_state_and_passes_the_model_tester(qapp, qtmodeltester):
    state = ImageBrowserState()
    state.set_source(generate_samples(per_class=2, seed=5))
    model = ImageListModel(state, "after")
    qtmodeltester.check(model)
    assert model.rowCount() == len(state) > 0
    labels = [model.index(r, 0).data(model.LabelRole) for r in range(model.rowCount())]
    np.testing.assert_array_equal(labels, state.labels)
    assert model.index(0, 0).data(model.ImageRole) is None  # no thumbnail computed yet
    before, after = np.zeros((1, 32, 32, 3), np.uint8), np.full((1, 32, 32, 3), 7, np.uint8)
    assert state.store_thumbs(state.version, [0], before, after)
    np.testing.assert_array_equal(model.index(0, 0).data(model.ImageRole), after[0])
    # Out of range or a child index: nothing, as Qt expects.
    assert model.data(model.createIndex(len(state), 0)) is None
    assert model.rowCount(model.index(0, 0)) == 0
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsSelectable and not flags & Qt.ItemFlag.ItemIsUserCheckable
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_the_activation_model_tells_views_about_one_row_or_all(qtbot):
    state = ExplorerState.default()
    model = ActivationListModel(state)
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    with qtbot.waitSignal(model.dataChanged) as blocker:
        state.set_checked("gelu", True)
    row = state.index("gelu")
    assert (blocker.args[0].row(), blocker.args[1].row()) == (row, row)
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.retranslate()
    assert (blocker.args[0].row(), blocker.args[1].row()) == (0, len(state.entries) - 1)
