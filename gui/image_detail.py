"""The selected image large, before and after, with colour bars, histograms and statistics."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import tr
from gui.live import QT_TR_NOOP, Live, Switchable
from gui.style import line, pt

CHANNEL_COLOURS = ("#d62728", "#2ca02c", "#1f77b4")
GREY = pg.ColorMap(pos=[0.0, 1.0], color=[(0, 0, 0), (255, 255, 255)])


class _ImageView(pg.GraphicsLayoutWidget):
    """One image with a colour bar of the value range it shows."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(130, 100)
        self.title = self.addLabel("", row=0, col=0, colspan=2)
        self.view = self.addViewBox(row=1, col=0, lockAspect=True, enableMouse=False)
        self.view.invertY(True)
        self.item = pg.ImageItem(axisOrder="row-major")
        self.view.addItem(self.item)
        self.bar = pg.ColorBarItem(values=(0, 1), colorMap=GREY, interactive=False, width=18)
        self.addItem(self.bar, row=1, col=1)

    def show(self, data: np.ndarray, levels: tuple[float, float], cmap: pg.ColorMap | None) -> None:
        # Nearest neighbour: pyqtgraph draws each pixel as a block, no smoothing.
        if data.ndim == 2:
            self.item.setLookupTable((cmap or GREY).getLookupTable(nPts=256))
        else:
            self.item.setLookupTable(None)
        self.item.setImage(data, autoLevels=False, levels=levels)
        lo, hi = levels
        self.bar.setColorMap(cmap or GREY)
        self.bar.setLevels(values=(lo, hi))
        self.view.autoRange(padding=0.02)


CHANNEL_CHOICES = (
    QT_TR_NOOP("RGB"),
    QT_TR_NOOP("Red channel"),
    QT_TR_NOOP("Green channel"),
    QT_TR_NOOP("Blue channel"),
)
HIST_SCOPES = (QT_TR_NOOP("Histograms: whole split"), QT_TR_NOOP("Histograms: this image"))


class ImageDetail(Switchable, QWidget):
    """Before/after of one image plus before/after histograms and the dead/saturated fractions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = Live()
        self.before = _ImageView()
        self.after = _ImageView()
        for view, title in (
            (self.before, QT_TR_NOOP("Before (input of the activation)")),
            (self.after, QT_TR_NOOP("After the activation")),
        ):
            self.live.text(lambda t, v=view: v.title.setText(t, size=f"{pt(13)}pt"), title)
        self.channel = QComboBox()
        self.channel.setObjectName("detailChannel")
        self.channel.addItems([""] * len(CHANNEL_CHOICES))
        self._own_choice = 0  # the Show choice to return to after the diverging display
        self._diverging_tip = ""
        self.live.text(
            self._set_diverging_tip,
            QT_TR_NOOP("The diverging display shows the channel chosen above the grids"),
        )
        self.hist_scope = QComboBox()
        self.hist_scope.setObjectName("histScope")
        self.hist_scope.addItems([""] * len(HIST_SCOPES))
        for combo, texts in ((self.channel, CHANNEL_CHOICES), (self.hist_scope, HIST_SCOPES)):
            for i, text in enumerate(texts):
                self.live.text(lambda t, c=combo, i=i: c.setItemText(i, t), text)

        self.hists = pg.GraphicsLayoutWidget()
        self.hists.setMinimumHeight(90)
        self.hist_before = self.hists.addPlot(row=0, col=0)
        self.hist_after = self.hists.addPlot(row=0, col=1)
        # One x axis for both: Sigmoid's squeeze of [0, 1] into [0.5, 0.73] is then visible.
        self.hist_after.setXLink(self.hist_before)
        self.hist_curves: dict[str, list[pg.PlotDataItem]] = {}
        for name, plot, title in (
            ("before", self.hist_before, QT_TR_NOOP("before")),
            ("after", self.hist_after, QT_TR_NOOP("after")),
        ):
            plot.setMouseEnabled(x=False, y=False)
            self.live.text(lambda t, p=plot: p.setTitle(t), title)
            self.live.text(lambda t, p=plot: p.setLabel("bottom", t), QT_TR_NOOP("value"))
            plot.hideButtons()
            plot.getAxis("left").setStyle(showValues=False)
            curves = []
            for colour in CHANNEL_COLOURS:
                curve = pg.PlotDataItem(stepMode="center", pen=pg.mkPen(colour, width=2))
                plot.addItem(curve)
                curves.append(curve)
            self.hist_curves[name] = curves

        self.stats = QLabel()
        self.stats.setObjectName("detailStats")
        self.stats.setTextFormat(Qt.TextFormat.RichText)
        self.stats.setWordWrap(True)

        images = QHBoxLayout()
        images.addWidget(self.before)
        images.addWidget(self.after)
        options = QHBoxLayout()
        options.addWidget(self.live.label(QT_TR_NOOP("Show")))
        options.addWidget(self.channel)
        options.addStretch(1)
        options.addWidget(self.hist_scope)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(images, 3)
        layout.addLayout(options)
        layout.addWidget(self.hists, 2)
        # The numbers scroll when the window is short (classroom fonts at 1366×768) instead of
        # pushing the pictures and histograms off the screen or being cut.
        stats_area = QScrollArea()
        stats_area.setObjectName("detailStatsArea")
        stats_area.setWidgetResizable(True)
        stats_area.setFrameShape(QFrame.Shape.NoFrame)
        stats_area.setWidget(self.stats)
        stats_area.setMinimumHeight(60)
        stats_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(stats_area)
        self.live.look(self._style)

    def _style(self) -> None:
        for curves in self.hist_curves.values():
            for colour, curve in zip(CHANNEL_COLOURS, curves, strict=True):
                curve.setPen(pg.mkPen(colour, width=line(2)))

    def images_rect(self):
        """The area of the two large images with their colour bars (for export)."""
        return self.before.geometry().united(self.after.geometry())

    def show_images(
        self,
        before: np.ndarray,
        after: np.ndarray,
        display: str,
        channel: int,
    ) -> None:
        """``before``/``after``: float32 (3, H, W) values; the display mode sets levels and maps.

        RGB or one channel as chosen in the combo box; the diverging display always shows one
        signed channel, white at 0.
        """
        self._follow_display(display, channel)
        view_channel = self.channel.currentIndex() - 1
        for view, data in ((self.before, before), (self.after, after)):
            img = data[view_channel] if view_channel >= 0 else np.transpose(data, (1, 2, 0))
            levels, cmap = _levels(img, display, view_channel)
            view.show(np.ascontiguousarray(img), levels, cmap)

    def _follow_display(self, display: str, channel: int) -> None:
        """The diverging display shows one channel, picked above the grids: the Show box says
        which and is locked; leaving that display gives the teacher's own choice back."""
        diverging = display == "diverging"
        if diverging and self.channel.isEnabled():
            self._own_choice = self.channel.currentIndex()
        with QSignalBlocker(self.channel):
            if diverging:
                self.channel.setCurrentIndex(channel + 1)
            elif not self.channel.isEnabled():
                self.channel.setCurrentIndex(self._own_choice)
        self.channel.setEnabled(not diverging)
        self.channel.setToolTip(self._diverging_tip if diverging else "")

    def _set_diverging_tip(self, text: str) -> None:
        self._diverging_tip = text
        if not self.channel.isEnabled():
            self.channel.setToolTip(text)

    def show_histograms(self, stats) -> None:
        for name in ("before", "after"):
            hist = getattr(stats, f"{name}_hist")
            edges = getattr(stats, f"{name}_edges")
            for c, curve in enumerate(self.hist_curves[name]):
                curve.setData(edges[c], hist[c])

    def show_stats(self, image_stats, split_stats, split_name: str) -> None:
        """Value ranges before → after, and the fractions the lesson talks about."""
        # tr() calls stay outside f-strings: pyside6-lupdate does not look inside them.
        headings = (tr("values before → after"), tr("mean after"), tr("exactly 0"), tr("saturated"))
        rows = ["<tr><th></th>" + "".join(f"<th>{h}</th>" for h in headings) + "</tr>"]
        for title, st in ((tr("This image"), image_stats), (split_name, split_stats)):
            if st is None:
                rows.append(f"<tr><td><b>{title}</b></td><td colspan=4>…</td></tr>")
                continue
            rows.append(
                f"<tr><td><b>{title}</b></td>"
                f"<td>[{st.before_min.min():.3g}, {st.before_max.max():.3g}] → "
                f"<b>[{st.after_min.min():.3g}, {st.after_max.max():.3g}]</b></td>"
                f"<td align=center>{st.after_mean.mean():.3g}</td>"
                f"<td align=center><b>{100 * st.frac_zero:.1f}%</b></td>"
                f"<td align=center><b>{100 * st.frac_saturated:.1f}%</b></td></tr>"
            )
        self.stats.setText("<table cellspacing=5>" + "".join(rows) + "</table>")
        known = [st.sat_threshold for st in (split_stats, image_stats) if st is not None]
        self.stats.setToolTip(
            tr(
                "exactly 0: the share of outputs that are exactly zero. For ReLU that is its "
                "ordinary sparsity, not death: a dead unit of a network outputs 0 for every "
                "input. saturated: inputs where |f′(x)| < {0}, so almost no gradient flows back."
            ).format(known[0] if known else "…")
        )


def _levels(img: np.ndarray, display: str, channel: int):
    if display == "diverging":
        m = float(np.abs(img).max()) or 1.0
        return (-m, m), pg.colormap.get("CET-D1")
    if display == "stretch":
        lo, hi = float(img.min()), float(img.max())
        if hi <= lo:
            hi = lo + 1.0
        return (lo, hi), None
    return (0.0, 1.0), None
