"""The image browser shows exactly what the pipeline computes, and follows every change."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from engine import catalogue
from engine.image_stats import stats_from_counts
from engine.pipeline import PipelineConfig, process
from gui import style
from gui.image_model import ImageListModel


def settle(qtbot, window):
    qtbot.waitUntil(lambda: window.is_settled, timeout=30_000)


def qimage_rgb(pixmap) -> np.ndarray:
    from PySide6.QtGui import QImage

    img = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB888)
    arr = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    rows = arr.reshape(img.height(), img.bytesPerLine())[:, : img.width() * 3]
    return rows.reshape(img.height(), img.width(), 3).copy()


def expected(window, rows, key=None, params=None, config=None):
    state = window.explorer.state
    key = key or state.selected
    params = params if params is not None else state.entry(key).params
    s = window.images.state.settings
    config = config or PipelineConfig(s.scaling, s.pre, s.display, s.channel)
    return process(window.images.state.images[rows], catalogue.get(key), params, config)


def test_opens_the_cifar_folder_with_both_splits(app_window, cifar_dir):
    images = app_window.images
    assert images.state.image_set.kind == "cifar10"
    assert images.state.split == "test" and len(images.state) == 40
    splits = [images.split.itemText(i) for i in range(images.split.count())]
    assert splits == ["test (40)", "train (150)"]
    assert "unverified" in images.source_label.text()  # the fixture's checksums differ
    assert images.classes.count() == 11  # "all classes" + the ten CIFAR-10 names
    assert images.before_view.model().rowCount() == 40


def test_grids_show_the_pipelines_pixels(qtbot, app_window):
    images = app_window.images
    app_window.explorer.select("sigmoid")
    settle(qtbot, app_window)
    qtbot.waitUntil(lambda: 0 in images.state.thumbs and 5 in images.state.thumbs)
    batch = expected(app_window, [0, 5])
    for i, row in enumerate((0, 5)):
        before, after = images.state.thumbs[row]
        np.testing.assert_array_equal(before, batch.before_display[i])
        np.testing.assert_array_equal(after, batch.after_display[i])
        pixmap = images.after_model.index(row).data(Qt.ItemDataRole.DecorationRole)
        framed = qimage_rgb(pixmap)
        assert framed.shape == (66, 66, 3)
        # A 1 px frame around the picture, so white thumbnails stand out from a white grid.
        frame = np.concatenate([framed[0], framed[-1], framed[:, 0], framed[:, -1]])
        assert (frame == QColor(style.colour("axis")).getRgb()[:3]).all()
        shown = framed[1:-1, 1:-1]
        # Nearest-neighbour ×2: every 2×2 block is one source pixel.
        np.testing.assert_array_equal(shown[::2, ::2], batch.after_display[i])
        np.testing.assert_array_equal(shown[1::2, 1::2], batch.after_display[i])
    # Sigmoid after ToTensor squeezes every pixel into [0.5, 0.731]: display 128..187.
    assert batch.after_display.min() >= 127 and batch.after_display.max() <= 187


def test_large_view_shows_the_selected_images_values(qtbot, app_window):
    images = app_window.images
    images.state.select(7)
    settle(qtbot, app_window)
    batch = expected(app_window, [7])
    shown_before = images.detail.before.item.image
    shown_after = images.detail.after.item.image
    np.testing.assert_array_equal(shown_before, np.transpose(batch.before[0], (1, 2, 0)))
    np.testing.assert_array_equal(shown_after, np.transpose(batch.after[0], (1, 2, 0)))
    assert images.detail.after.item.levels.tolist() == [0.0, 1.0]  # clip display
    images.detail.channel.setCurrentIndex(2)  # green channel only
    np.testing.assert_array_equal(images.detail.after.item.image, batch.after[0][1])


def test_selection_is_shared_between_the_grids(qtbot, app_window):
    images = app_window.images
    proxy_index = images.after_proxy.mapFromSource(images.after_model.index(12))
    images.after_view.setCurrentIndex(proxy_index)
    assert images.state.selected == 12
    before_current = images.before_view.currentIndex()
    assert before_current.data(ImageListModel.RowRole) == 12


def test_parameters_from_either_panel_drive_the_images(qtbot, app_window):
    images = app_window.images
    app_window.explorer.select("leaky_relu")
    images.scaling.setCurrentIndex(images.scaling.findData("normalize_half"))
    settle(qtbot, app_window)
    editor = images.editor.editors["negative_slope"]
    editor.entry.setText("0.5")
    editor.entry.editingFinished.emit()
    settle(qtbot, app_window)
    assert app_window.explorer.state.entry("leaky_relu").params == {"negative_slope": 0.5}
    assert app_window.explorer.editor.values == {"negative_slope": 0.5}  # the explorer follows
    counts = images.state.counts["test"]
    want = stats_from_counts(
        counts, catalogue.get("leaky_relu"), {"negative_slope": 0.5},
        PipelineConfig(scaling="normalize_half"),
    )  # fmt: skip
    np.testing.assert_array_equal(images.split_stats.after_hist, want.after_hist)
    assert images.split_stats.after_min.min() == pytest.approx(-0.5)


def test_a_thousand_rapid_changes_end_on_the_last_parameters(qtbot, app_window):
    images = app_window.images
    app_window.explorer.select("leaky_relu")
    images.scaling.setCurrentIndex(images.scaling.findData("normalize_half"))
    settle(qtbot, app_window)
    state = app_window.explorer.state
    slopes = np.linspace(0.0, 1.0, 1000)
    for i, v in enumerate(slopes):
        state.set_params("leaky_relu", {"negative_slope": float(v)})
        if i % 50 == 0:
            qtbot.wait(1)  # let some results arrive mid-way, as during a real drag
    settle(qtbot, app_window)
    last = {"negative_slope": 1.0}
    assert images.editor.values == last
    assert "negative_slope=1" in images.activation_label.text()
    config = PipelineConfig(scaling="normalize_half")
    want = stats_from_counts(images.state.counts["test"], catalogue.get("leaky_relu"), last, config)
    np.testing.assert_array_equal(images.split_stats.after_hist, want.after_hist)
    batch = expected(app_window, [images.state.selected], "leaky_relu", last, config)
    np.testing.assert_array_equal(
        images.detail.after.item.image, np.transpose(batch.after[0], (1, 2, 0))
    )
    qtbot.waitUntil(lambda: 0 in images.state.thumbs)
    np.testing.assert_array_equal(
        images.state.thumbs[0][1],
        expected(app_window, [0], "leaky_relu", last, config).after_display[0],
    )


def test_class_filter_and_split_switch(qtbot, app_window):
    images = app_window.images
    labels = images.state.labels
    images.classes.setCurrentIndex(4)  # class 3 ("cat")
    proxy = images.after_view.model()
    assert proxy.rowCount() == int((labels == 3).sum()) > 0
    rows = [proxy.index(i, 0).data(ImageListModel.RowRole) for i in range(proxy.rowCount())]
    assert all(labels[r] == 3 for r in rows)
    images.split.setCurrentIndex(1)
    images.split.activated.emit(1)
    settle(qtbot, app_window)
    assert images.state.split == "train" and len(images.state) == 150
    # The class filter stays: still the cats, now of the train split.
    assert images.classes.currentIndex() == 4
    assert images.after_view.model().rowCount() == int((images.state.labels == 3).sum())
    images.classes.setCurrentIndex(0)
    assert images.after_view.model().rowCount() == 150


def test_conv_stage_uses_the_general_path_with_signed_inputs(qtbot, app_window):
    images = app_window.images
    app_window.explorer.select("relu")
    images.pre.setCurrentIndex(images.pre.findData("edges"))
    images.display.setCurrentIndex(images.display.findData("diverging"))
    settle(qtbot, app_window)
    st = images.split_stats
    assert st.before_min.min() < 0 < st.before_max.max()  # edges are signed
    assert st.after_min.min() == 0.0 and st.frac_zero > 0.2  # ReLU cuts the negative half
    assert images.detail.after.item.image.ndim == 2  # one signed channel
    # "Show" names the channel on screen and is locked while the display picks it.
    detail = images.detail
    assert detail.channel.currentIndex() == images.state.settings.channel + 1
    assert not detail.channel.isEnabled()
    images.display_channel.setCurrentIndex(2)
    settle(qtbot, app_window)
    assert detail.channel.currentIndex() == 3 and detail.channel.currentText() == "Blue channel"
    images.display.setCurrentIndex(images.display.findData("clip"))
    settle(qtbot, app_window)
    assert detail.channel.isEnabled() and detail.channel.currentIndex() == 0  # RGB again
    assert detail.after.item.image.ndim == 3


def test_inplace_view_follows_the_activation(qtbot, app_window):
    images = app_window.images
    app_window.explorer.select("relu")
    settle(qtbot, app_window)
    demo = images.inplace.demo
    assert [r.shares_storage for r in demo.runs] == [False, True]
    assert "inplace=True" in images.inplace.body.text()
    # autograd's verdicts, with PyTorch's own message, are on screen
    body = images.inplace.body.text()
    assert [c.ok for c in demo.autograd] == [False, False, True]
    assert "modified by an inplace operation" in body and "leaf Variable" in body
    assert "backward() works" in body
    app_window.explorer.select("sigmoid")
    settle(qtbot, app_window)
    assert not images.inplace.demo.supported
    assert "no inplace option" in images.inplace.body.text()


@pytest.mark.parametrize(
    ("make_bad", "needle"),
    [
        (
            lambda d: (d / "cifar-10-batches-py" / "test_batch").write_bytes(b"\x80\x02}q"),
            "test_batch",
        ),
        (lambda d: (d / "cifar-10-batches-py" / "batches.meta").unlink(), "batches.meta"),
    ],
)
def test_bad_data_keeps_the_previous_source_with_one_clear_message(
    qtbot, app_window, tmp_path, make_bad, needle
):
    from tests.cifar_fixtures import write_cifar10

    bad = tmp_path / "bad"
    write_cifar10(bad, n_test=5, n_train_per_batch=5)
    make_bad(bad)
    before = app_window.images.state.image_set
    app_window.open_data(bad)
    settle(qtbot, app_window)
    assert app_window.images.state.image_set is before
    assert app_window.images.error.isVisible()
    assert needle in app_window.images.error.text()
    assert "Traceback" not in app_window.images.error.text()


def test_sigmoid_on_to_tensor_pixels_shows_the_lessons_range(qtbot, app_window):
    app_window.explorer.select("sigmoid")
    settle(qtbot, app_window)
    st = app_window.images.split_stats
    assert st.before_min.min() >= 0.0 and st.before_max.max() <= 1.0
    assert st.after_min.min() >= 0.5 and st.after_max.max() <= 0.7311
    text = app_window.images.detail.stats.text()
    assert "→ <b>[0.5" in text and "0.731]</b>" in text


def test_importing_a_wrong_archive_writes_nothing(qtbot, app_window, tmp_path, cifar_dir):
    from tests.cifar_fixtures import make_archive

    archive, _md5 = make_archive(cifar_dir, tmp_path / "cifar-10-python.tar.gz")
    before = app_window.images.state.image_set
    app_window.run_with_progress(
        __import__("engine.image_jobs", fromlist=["x"]).import_archive(
            archive, app_window.data_dir
        ),
        "importing",
    )
    settle(qtbot, app_window)
    assert app_window.images.state.image_set is before
    assert "MD5" in app_window.images.error.text() or "md5" in app_window.images.error.text()
    leftovers = list(app_window.data_dir.rglob("*")) if app_window.data_dir.exists() else []
    assert leftovers == []
    assert not app_window.progress_dialog.isVisible()


def test_importing_the_archive_installs_and_opens_it(
    qtbot, app_window, tmp_path, cifar_dir, monkeypatch
):
    import engine.cifar_archive
    from engine import image_jobs
    from tests.cifar_fixtures import make_archive

    archive, md5 = make_archive(cifar_dir, tmp_path / "cifar-10-python.tar.gz")
    monkeypatch.setattr(engine.cifar_archive, "official_archive_md5", lambda: md5)
    app_window.run_with_progress(
        image_jobs.import_archive(archive, app_window.data_dir), "importing"
    )
    settle(qtbot, app_window)
    installed = app_window.data_dir / "cifar-10-batches-py"
    assert (installed / "test_batch").exists()
    assert app_window.images.state.image_set.root is not None
    assert len(app_window.images.state) == 40
    assert not app_window.images.error.isVisible()


def test_changes_made_while_hidden_show_up_when_the_tab_opens(qtbot, app_window):
    images = app_window.images
    app_window.explorer.select("leaky_relu")
    images.scaling.setCurrentIndex(images.scaling.findData("normalize_half"))
    settle(qtbot, app_window)
    app_window.show_panel("explorer")
    app_window.explorer_state.set_params("leaky_relu", {"negative_slope": 0.7})
    settle(qtbot, app_window)
    assert images.split_stats.after_min.min() != pytest.approx(-0.7)  # not computed while hidden
    app_window.show_panel("images")
    settle(qtbot, app_window)
    assert images.split_stats.after_min.min() == pytest.approx(-0.7)
    assert images.editor.values == {"negative_slope": 0.7}


def test_a_bad_cifar_copy_at_start_falls_back_to_samples_and_says_why(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from gui.main_window import MainWindow
    from tests.cifar_fixtures import write_cifar10

    bad = tmp_path / "bad"
    write_cifar10(bad, n_test=5, n_train_per_batch=5)
    (bad / "cifar-10-batches-py" / "test_batch").write_bytes(b"\x80\x02}q")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(lang="en", settings=settings, data_dir=tmp_path / "d", cifar_root=bad)
    qtbot.addWidget(window)
    window.show()
    window.start()
    try:
        settle(qtbot, window)
        assert window.image_state.image_set.kind == "samples"
        hint = window.images.source_hint.text()
        assert "test_batch" in hint and "generated sample images" in hint
    finally:
        window.close()


def test_a_layout_saved_by_the_two_part_version_is_not_restored(qtbot):
    """Settings from before the controls column (grids | details) must not give the controls
    column the grids' width; a layout with three parts is restored."""
    from PySide6.QtWidgets import QSplitter, QWidget

    from gui.images_panel import _Splitter

    old = QSplitter()
    for _ in range(2):
        old.addWidget(QWidget())
    old.resize(900, 100)
    old.setSizes([700, 200])
    splitter = _Splitter()
    qtbot.addWidget(splitter)
    for _ in range(3):
        splitter.addWidget(QWidget())
    splitter.resize(900, 100)
    splitter.setSizes([300, 300, 300])
    before = splitter.sizes()
    assert not splitter.restoreState(old.saveState())
    assert splitter.sizes() == before
    other = _Splitter()
    qtbot.addWidget(other)
    for _ in range(3):
        other.addWidget(QWidget())
    other.resize(900, 100)
    other.setSizes([200, 300, 400])
    assert splitter.restoreState(other.saveState())
    assert splitter.sizes() == other.sizes() != before
