"""Plot items that repaint from a pixmap only when it shows exactly what they would draw now.

Thick antialiased curves of 2001 points are slow to stroke, so an unchanged curve should be a blit
while a slider redraws another one. Qt's own ``DeviceCoordinateCache`` re-used pictures that no
longer matched (it scrolls a cached pixmap when a view change looks like a shift): after a fast
zoom the f′ plot showed a curve in the wrong place. Here the cached pixmap is keyed on everything
the picture depends on — the item's change counter (every ``update()`` pyqtgraph makes when data,
pen or options change), the full item-to-widget transform, the visible rectangle and its pixel
ratio, the render hints — so a picture is reused only when a fresh paint would give the same one.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter, QPixmap, QTransform
from PySide6.QtWidgets import QWidget

from gui.lean_curve import LeanCurve


class ExactCache:
    """Mixin for a QGraphicsItem subclass: paint from a pixmap keyed on the whole drawing state."""

    enabled = True  # switched off by tests to paint a reference picture directly
    _cache_version = 0
    _cache_key: tuple | None = None
    _cache_pixmap: QPixmap | None = None

    def update(self, *args) -> None:
        """Every visible change pyqtgraph makes goes through here: the picture is redrawn."""
        self._cache_version += 1
        self._cache_pixmap = None
        super().update(*args)  # type: ignore[misc]

    def paint(self, painter: QPainter, option, widget=None) -> None:
        device = painter.device()
        if not ExactCache.enabled or not isinstance(device, QWidget):
            # Exports (SVG, PNG at another size) are painted directly: vectors stay vectors.
            super().paint(painter, option, widget)  # type: ignore[misc]
            return
        # Widget coordinates (the world transform), not device ones: a widget painted into its
        # window's backing store is shifted there by Qt itself, after this transform.
        to_widget = painter.worldTransform()
        area = to_widget.mapRect(self.boundingRect()).toAlignedRect()  # type: ignore[attr-defined]
        area = area.intersected(QRect(0, 0, device.width(), device.height()))
        # (Enum members compared by value: comparing the enums themselves crashed PySide6.)
        if (
            area.isEmpty()
            or to_widget.type().value > QTransform.TransformationType.TxScale.value
            or (painter.viewTransformEnabled() and painter.window() != painter.viewport())
        ):
            super().paint(painter, option, widget)  # type: ignore[misc]
            return
        ratio = device.devicePixelRatioF()
        key = (
            self._cache_version,
            to_widget.m11(),
            to_widget.m22(),
            to_widget.dx(),
            to_widget.dy(),
            area.x(),
            area.y(),
            area.width(),
            area.height(),
            ratio,
            int(painter.renderHints().value),
        )
        if key != self._cache_key or self._cache_pixmap is None:
            pixmap = QPixmap(round(area.width() * ratio), round(area.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(pg.mkColor(0, 0, 0, 0))
            inner = QPainter(pixmap)
            inner.setRenderHints(painter.renderHints())
            inner.setTransform(to_widget * QTransform.fromTranslate(-area.x(), -area.y()))
            super().paint(inner, option, widget)  # type: ignore[misc]
            inner.end()
            self._cache_key, self._cache_pixmap = key, pixmap
        painter.save()
        painter.resetTransform()
        target = area
        if painter.hasClipping() and ratio == 1.0:
            # Only the exposed part: a hover repaints a thin column, and blending a whole
            # plot-sized pixmap through the view's clip cost ~0.4 ms per curve there. The
            # same pixels either way (whole pixels of an unscaled pixmap; the clip still holds).
            target = area.intersected(painter.clipBoundingRect().toAlignedRect())
        if not target.isEmpty():
            source = target.translated(-area.x(), -area.y())
            painter.drawPixmap(target, self._cache_pixmap, source)
        painter.restore()


class CachedCurve(ExactCache, LeanCurve):
    """A curve item that blits its last picture while nothing it depends on has changed."""


class CachedGrid(ExactCache, pg.GridItem):
    """The plot's grid, redrawn only when its view or its pens change."""

    def viewRangeChanged(self) -> None:
        super().viewRangeChanged()
        self._cache_version += 1  # new lines for the new range, whatever the transform says
        self._cache_pixmap = None
