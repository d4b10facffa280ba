"""The selected image large, before and after, with colour bars, histograms and statistics."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import tr
from gui.live import QT_TR_NOOP, Live, Switchable
from gui.plot_fit import set_title
from gui.style import line, pt

CHANNEL_COLOURS = ("#d62728", "#2ca02c", "#1f77b4")
GREY = pg.ColorMap(pos=[0.0, 1.0], color=[(0, 0, 0), (255, 255, 255)])


def _share_by_stretch(view: QWidget) -> None:
    """A graphics view asks for up to 2/3 of the screen; ignoring that lets the layout's
    stretch factors share the height between the pictures and the histograms (the histograms
    were squeezed to a bare axis)."""
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)


class _ImageView(pg.GraphicsLayoutWidget):
    """One image with a colour bar of the value range it shows. Its title is a QLabel that
    wraps (a pyqtgraph label cannot: "Before (input of the activation)" was cut in classroom
    mode); the detail view puts both titles in one row so the two pictures stay equal."""

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Its one-line width must not widen its column: the two pictures stay the same size.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(130, 90)
        _share_by_stretch(self)
        self.view = self.addViewBox(row=0, col=0, lockAspect=True, enableMouse=False)
        self.view.invertY(True)
        self.item = pg.ImageItem(axisOrder="row-major")
        self.view.addItem(self.item)
        self.bar = pg.ColorBarItem(values=(0, 1), colorMap=GREY, interactive=False, width=18)
        self.addItem(self.bar, row=0, col=1)

    def show_image(
        self, data: np.ndarray, levels: tuple[float, float], cmap: pg.ColorMap | None
    ) -> None:
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
            self.live.text(view.title.setText, title)
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
        self.hists.setMinimumHeight(120)
        _share_by_stretch(self.hists)
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
            # The title grows with classroom fonts. No "value" label under the axis: its line
            # of height goes to the histogram (the ticks 0 … 1 say what the axis is).
            self.live.text(lambda t, p=plot: self._set_hist_title(p, t), title)
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

        images = QGridLayout()
        images.setVerticalSpacing(0)
        for col, view in enumerate((self.before, self.after)):
            images.addWidget(view.title, 0, col)
            images.addWidget(view, 1, col)
        images.setRowStretch(1, 1)
        images.setColumnStretch(0, 1)
        images.setColumnStretch(1, 1)
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
        # The numbers take the height they need: they are what the pictures are about.
        layout.addWidget(self.stats)
        self.live.look(self._style)

    def _set_hist_title(self, plot: pg.PlotItem, text: str) -> None:
        set_title(plot, text, size=f"{pt(12)}pt")

    def _style(self) -> None:
        for plot in (self.hist_before, self.hist_after):
            self._set_hist_title(plot, plot.titleLabel.text)
        for view in (self.before, self.after):
            view.title.setStyleSheet(f"font-size: {pt(13)}pt;")
        for curves in self.hist_curves.values():
            for colour, curve in zip(CHANNEL_COLOURS, curves, strict=True):
                curve.setPen(pg.mkPen(colour, width=line(2)))

    def images_rect(self):
        """The area of the two large images with their titles and colour bars (for export)."""
        rect = self.before.geometry().united(self.after.geometry())
        return rect.united(self.before.title.geometry()).united(self.after.title.geometry())

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
            view.show_image(np.ascontiguousarray(img), levels, cmap)

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
