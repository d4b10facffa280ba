"""The image browser's thumbnail caches are capped by bytes and never show a stale picture."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.byte_cache import ByteCache
from tests.test_images_gui import expected, qimage_rgb, settle

ROW_BYTES = 2 * 32 * 32 * 3  # before and after, one CIFAR-10 row
PIXMAP_BYTES = 66 * 66 * 4  # one framed thumbnail


def test_byte_cache_drops_the_least_recently_used_first():
    cache: ByteCache[str, str] = ByteCache(10)
    cache.put("a", "A", 4)
    cache.put("b", "B", 4)
    assert cache.get("a") == "A"  # a use: "b" is now the oldest
    cache.put("c", "C", 4)
    assert "b" not in cache and list(cache) == ["a", "c"] and cache.nbytes == 8
    cache.put("a", "A2", 6)  # replacing counts the new size only
    assert cache.nbytes == 10 and cache["a"] == "A2"
    cache.put("big", "X", 50)  # larger than the cap: kept alone, the newest is never dropped
    assert list(cache) == ["big"] and cache.nbytes == 50
    cache.put("d", "D", 1)
    assert list(cache) == ["d"] and cache.nbytes == 1
    with pytest.raises(KeyError):
        cache["a"]
    assert cache.pop("d") == "D" and cache.nbytes == 0 and len(cache) == 0


def show_row(qtbot, model, row: int) -> np.ndarray:
    """What the grid paints for ``row``, once its thumbnail has arrived."""
    index = model.index(row)
    index.data(Qt.ItemDataRole.DecorationRole)  # asks the worker when missing
    qtbot.waitUntil(lambda: row in model.state.thumbs, timeout=10_000)
    return qimage_rgb(index.data(Qt.ItemDataRole.DecorationRole))[1:-1:2, 1:-1:2]


def test_a_long_scroll_stays_under_the_caps_and_every_picture_is_current(qtbot, app_window):
    images = app_window.images
    state, model = images.state, images.after_model
    images.split.setCurrentIndex(1)
    images.split.activated.emit(1)
    settle(qtbot, app_window)
    assert state.split == "train" and len(state) == 150
    state.thumbs.max_bytes = 20 * ROW_BYTES
    model._pixmaps.max_bytes = 10 * PIXMAP_BYTES
    app_window.explorer.select("sigmoid")
    settle(qtbot, app_window)
    want = expected(app_window, list(range(150))).after_display
    for row in range(150):  # a whole split scrolled through, one row after another
        np.testing.assert_array_equal(show_row(qtbot, model, row), want[row])
        assert state.thumbs.nbytes <= 20 * ROW_BYTES
        assert model._pixmaps.nbytes <= 10 * PIXMAP_BYTES
    assert 0 not in state.thumbs and 0 not in model._pixmaps  # long dropped
    # Back to the first rows: computed again, for the activation on show now.
    app_window.explorer.select("tanh")
    settle(qtbot, app_window)
    want = expected(app_window, [0, 149]).after_display
    np.testing.assert_array_equal(show_row(qtbot, model, 0), want[0])
    np.testing.assert_array_equal(show_row(qtbot, model, 149), want[1])
