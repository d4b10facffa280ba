"""File → Save/Open preset and File → Export: the GUI side of engine.preset and engine.export.

Every action has a method taking a path (used by tests and by the dialogs' callbacks), so the
file dialogs stay thin.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from engine import export, preset
from engine.atomic_file import WriteError
from engine.image_jobs import config_of
from gui import settings_keys as keys
from gui import style
from gui.i18n import tr, tr_message
from gui.lab_presets import apply_labs, labs_extra


@dataclass(frozen=True)
class TensorBoardWritten:
    """What the TensorBoard export job wrote."""

    steps: int
    log_dir: str


class Exporter(QObject):
    """Knows the window's panels; writes what is on screen to files."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    # -- presets -------------------------------------------------------------------------------
    def save_preset(self, path: Path) -> bool:
        w = self.window
        data = preset.snapshot(
            w.explorer_state,
            w.image_state.settings,
            w.image_state.split or None,
            extra={
                "language": w.lang,
                "theme": style.LOOK.theme,
                "panel": w.current_panel(),
                **network_extra(w),
                **labs_extra(w),
            },
        )
        try:
            preset.save_preset(path, data)
        except (preset.PresetError, WriteError) as exc:
            return self._fail(exc.message)
        w.show_message(tr("Preset saved to {0}").format(path))
        return True

    def open_preset(self, path: Path) -> bool:
        """Apply a preset file; a bad file changes nothing and says why."""
        w = self.window
        try:
            data = preset.load_preset(path)
            notes = self.apply_preset(data)
        except preset.PresetError as exc:
            return self._fail(exc.message, tr("The preset was not applied: {0}"))
        w.show_message(" ".join([tr("Preset {0} applied.").format(Path(path).name), *notes]))
        return True

    def apply_preset(self, data: dict, look: bool = False, panel: bool = True) -> list[str]:
        """Show a read preset: activations, images (the split once data has loaded), the labs
        (once they are built), the network lab and the panel; with ``look`` also its theme (a
        start with ``--preset``: the teacher's shortcut reproduces the whole lesson state).
        Raises PresetError before anything changes; returns notes (translated)."""
        w = self.window
        network = network_section(data)  # checked before anything is applied
        labs = preset.labs_of(data, w.explorer_state)
        notes = preset.apply(data, w.explorer_state, w.image_state)
        if w.network is not None:
            w.network.apply_preset_section(network)
        elif network is not None:
            w.waiting_network = network  # shown once the lab is built after the first frame
        apply_labs(w, labs)
        theme = data.get("theme")
        if look and isinstance(theme, str):
            w.set_theme(theme)
        shown = data.get("panel")
        if panel and data["version"] >= 2 and isinstance(shown, str) and shown in w.panels:
            w.show_panel(shown)
        return [tr_message(n) for n in notes]

    # -- plots ---------------------------------------------------------------------------------
    def plots_png(self, path: Path) -> bool:
        from pyqtgraph.exporters import ImageExporter

        exporter = ImageExporter(self.window.explorer.curves.plots.scene())
        exporter.parameters()["width"] = 1600
        return self._done(exporter.export(str(path)) is not False, path)

    def plots_svg(self, path: Path) -> bool:
        # pyqtgraph 0.14's SVGExporter cannot parse the path data Qt 6.11 writes ("not enough
        # values to unpack", pyqtgraph issue 3485), so the scene is drawn into Qt's own SVG
        # generator instead: still vector paths and text.
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QPainter
        from PySide6.QtSvg import QSvgGenerator

        view = self.window.explorer.curves.plots
        rect = QRectF(view.viewport().rect())
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(rect.size().toSize())
        generator.setViewBox(rect)
        generator.setTitle("Activation Lab")
        painter = QPainter(generator)
        try:
            view.render(painter, rect, view.viewport().rect())
        finally:
            painter.end()
        return self._done(Path(path).exists() and Path(path).stat().st_size > 0, path)

    def curves_csv(self, path: Path) -> bool:
        curves = self.window.explorer.curves
        # Legend order and legend names, parameters included ("Swish β=5 f(x)").
        rows = [(it.name, it.x, it.y, it.dy) for it in curves.shown_items() if it.x is not None]
        try:
            export.curves_csv(path, rows)
        except (export.ExportError, WriteError) as exc:
            return self._fail(exc.message)
        return self._done(True, path)

    # -- images --------------------------------------------------------------------------------
    def grid_png(self, path: Path, limit: int = 64) -> bool:
        """The first ``limit`` images shown (class filter applied), before beside after."""
        images = self.window.images
        proxy = images.after_proxy
        rows = [
            proxy.index(i, 0).data(images.after_model.RowRole)
            for i in range(min(limit, proxy.rowCount()))
        ]
        if not rows:
            return self._fail(tr("There are no images to export."))
        from engine.pipeline import process

        entry = self.window.explorer_state.entry(self.window.explorer_state.selected)
        batch = process(
            images.state.images[rows], entry.spec, entry.params, config_of(images.state.settings)
        )
        before = export.image_grid(batch.before_display)
        after = export.image_grid(batch.after_display)
        gap = np.full((before.shape[0], 16, 3), 255, np.uint8)
        return self._write(path, np.concatenate([before, gap, after], axis=1))

    def large_view_png(self, path: Path) -> bool:
        detail = self.window.images.detail
        pixmap = detail.grab(detail.images_rect())
        return self._done(pixmap.save(str(path), "PNG"), path)

    def tensorboard(self, log_dir: Path) -> bool:
        """The lesson's workflow: the split's before/after images, 64 per step, as a job."""
        if not export.tensorboard_available():
            return self._fail(export.TENSORBOARD_HINT)
        w = self.window
        state = w.image_state
        entry = w.explorer_state.entry(w.explorer_state.selected)
        images, spec, params = state.images, entry.spec, dict(entry.params)
        config = config_of(state.settings)

        def run(ctx) -> TensorBoardWritten:
            # An ExportError reaches the window's error callback with its translatable message.
            steps = export.export_tensorboard(log_dir, images, spec, params, config, ctx=ctx)
            return TensorBoardWritten(steps, str(log_dir))

        w.run_job_with_progress(
            "export:tensorboard", run, tr("Writing the TensorBoard log…"), self.tensorboard_done
        )
        return True

    def tensorboard_done(self, written: TensorBoardWritten) -> None:
        self.window.show_message(
            tr("TensorBoard log written: {0} steps in {1}").format(written.steps, written.log_dir),
            15000,
        )

    # -- helpers -------------------------------------------------------------------------------
    def _write(self, path: Path, hwc: np.ndarray) -> bool:
        try:
            export.write_png(path, hwc)
        except (export.ExportError, WriteError) as exc:
            return self._fail(exc.message)
        return self._done(True, path)

    def _done(self, ok: bool, path: Path) -> bool:
        if ok:
            self.window.show_message(tr("Saved {0}").format(path))
        else:
            self.window.show_message(tr("Could not write {0}").format(path))
        return ok

    def _fail(self, message, template: str | None = None) -> bool:
        text = tr_message(message)
        self.window.show_message(template.format(text) if template else text, 15000)
        self.last_error = text
        return False


def ask_path(parent, title: str, pattern: str, default_name: str, save: bool = True) -> Path | None:
    """A file dialog remembering its folder in the window's settings."""
    settings = parent.settings
    start = settings.value(keys.EXPORT_DIR, str(Path.home()), type=str)
    if save:
        path, _ = QFileDialog.getSaveFileName(
            parent, title, str(Path(start) / default_name), pattern
        )
    else:
        path, _ = QFileDialog.getOpenFileName(parent, title, start, pattern)
    if not path:
        return None
    settings.setValue(keys.EXPORT_DIR, str(Path(path).parent))
    return Path(path)


def network_extra(window) -> dict:
    """The network lab's preset field, once the lab exists (it is built after the first frame),
    with the images it trains on when those are the built-in samples or a folder, so that
    ``--export-code labs-network --preset`` writes the script for the same images."""
    from engine.network_config import PRESET_KEY

    if window.network is None:
        return {}
    section = window.network.preset_section()
    image_set = window.image_state.image_set
    kind = getattr(image_set, "kind", None)
    if kind == "samples":
        section["data"] = {"kind": "samples"}
    elif kind == "folder" and image_set.root is not None:
        section["data"] = {"kind": "folder", "folder": str(image_set.root)}
    return {PRESET_KEY: section}


def network_section(data: dict):
    from engine.network_config import read_preset_section

    return read_preset_section(data)
