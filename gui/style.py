"""Application-wide look: themes (light, dark), classroom mode, fonts readable on a projector.

Widgets read sizes and colours from here; switching theme or classroom mode calls ``restyle()`` on
the live widgets (``gui.live.restyle_tree``), which read them again. Nothing is rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory

from engine import choices

# Fonts that exist on Windows, macOS and Linux for Latin and CJK text; Qt falls back through them.
FONT_FAMILIES = [
    "Noto Sans",
    "Segoe UI",
    "Helvetica Neue",
    "Noto Sans CJK SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "DejaVu Sans",
]
BASE_POINT_SIZE = 11
THEMES = tuple(choices.THEMES)
CLASSROOM_SCALE = 1.45  # fonts at the default classroom scale; lines grow by CLASSROOM_LINES
CLASSROOM_LINES = 1.6
# The classroom scales a teacher can pick (View → Classroom size), in per cent of normal.
CLASSROOM_PERCENTS = (125, 145, 175, 200, 250)
DEFAULT_PERCENT = 145
# The smallest screen on which every panel fits at each scale, in both languages, without
# scrolling or cutting anything (tests/test_fit_1366.py checks each one at exactly this size).
# 125 % and 145 % are made for 1366×768, the smallest screen the program supports; above that
# the layouts grow with the fonts. Larger scales are offered only where they fit.
FITS_FROM = {
    125: (1366, 768),
    145: (1366, 768),
    175: (1650, 928),
    200: (1884, 1060),
    250: (2356, 1324),
}


def percents_that_fit(width: int, height: int) -> tuple[int, ...]:
    """The classroom scales whose panels fit a ``width``×``height`` screen; 125 % and 145 %
    always (on a screen smaller than 1366×768 nothing fits everywhere)."""
    return tuple(
        p
        for p in CLASSROOM_PERCENTS
        if p <= DEFAULT_PERCENT or (width >= FITS_FROM[p][0] and height >= FITS_FROM[p][1])
    )


_COLOURS = {
    "light": {
        "background": "#ffffff",
        "foreground": "#222222",
        "muted": "#555555",
        "grid": "#d2d2d2",
        "axis": "#888888",
        "error": "#b00020",
        "ok": "#1b7a1b",
        "legend": (255, 255, 255, 220),
        "placeholder": "#d8d8d8",
    },
    "dark": {
        "background": "#15171a",
        "foreground": "#e8e8e8",
        "muted": "#b0b0b0",
        "grid": "#3a3d42",
        "axis": "#8a8f96",
        "error": "#ff6b6b",
        "ok": "#6bdc6b",
        "legend": (21, 23, 26, 220),
        "placeholder": "#33363b",
    },
}
# In classroom mode grids and axes get stronger for the back of the room.
_CLASSROOM_OVERRIDES = {
    "light": {"grid": "#b4b4b4", "axis": "#444444", "muted": "#333333"},
    "dark": {"grid": "#5a5e65", "axis": "#c8c8c8", "muted": "#d8d8d8"},
}


@dataclass
class Look:
    theme: str = "light"
    classroom: bool = False
    percent: int = DEFAULT_PERCENT  # classroom scale


def scale() -> float:
    """How much larger than normal fonts are now: 1 outside classroom mode."""
    return LOOK.percent / 100 if LOOK.classroom else 1.0


LOOK = Look()


def pt(size: float) -> int:
    """A font size in points, enlarged in classroom mode."""
    return round(size * scale())


def line(width: float) -> float:
    """A line width in pixels, thicker in classroom mode."""
    # Lines grow with the fonts, a little more (1.6× at the default 145 %).
    return width * (CLASSROOM_LINES * scale() / CLASSROOM_SCALE if LOOK.classroom else 1.0)


def colour(name: str):
    theme = LOOK.theme if LOOK.theme in _COLOURS else "light"
    if LOOK.classroom and name in _CLASSROOM_OVERRIDES[theme]:
        return _CLASSROOM_OVERRIDES[theme][name]
    return _COLOURS[theme][name]


def apply(
    app: QApplication,
    theme: str | None = None,
    classroom: bool | None = None,
    percent: int | None = None,
) -> None:
    """Set fonts, palette and pyqtgraph colours for the current (or given) look."""
    if percent is not None and percent in CLASSROOM_PERCENTS:
        LOOK.percent = percent
    if theme is not None:
        LOOK.theme = theme if theme in THEMES else "light"
    if classroom is not None:
        LOOK.classroom = classroom
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(pt(BASE_POINT_SIZE))
    _use_lab_style(app)
    app.setFont(font)
    app.setPalette(_palette())
    pg.setConfigOptions(
        antialias=True, background=colour("background"), foreground=colour("foreground")
    )


_INDICATORS = (
    QStyle.PixelMetric.PM_IndicatorWidth,
    QStyle.PixelMetric.PM_IndicatorHeight,
    QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
    QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
)
_CHECKS = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
)


class _LabStyle(QProxyStyle):
    """The platform's style with check boxes that grow in classroom mode and keep a visible
    frame on the dark theme (Fusion draws it in the window colour darkened, which vanishes on a
    dark list: unticked boxes in the activation lists could not be seen)."""

    # Qt asks these for every widget it paints (~140 times per slider step): the cheap test
    # of the look comes first, the comparison of enum members only when it can matter.
    def pixelMetric(self, metric, option=None, widget=None) -> int:
        value = super().pixelMetric(metric, option, widget)
        if LOOK.classroom and metric in _INDICATORS:
            return round(value * scale())
        return value

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if LOOK.theme == "dark" and element in _CHECKS:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(QColor(colour("axis")), max(1, round(line(1)))))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
            painter.restore()


def _use_lab_style(app: QApplication) -> None:
    if not isinstance(app.style(), _LabStyle):
        app.setStyle(_LabStyle(QStyleFactory.create(app.style().name())))


def plain_menus(view) -> None:
    """Switch off pyqtgraph's own right-click menus (English-only, and its export dialog is not
    translated): File → Export offers PNG, SVG and CSV instead. Pan and zoom stay."""
    scene = view.scene()
    for action in getattr(scene, "contextMenu", []):
        action.deleteLater()
    scene.contextMenu = []
    for item in scene.items():
        if hasattr(item, "setMenuEnabled"):
            item.setMenuEnabled(False)


def _palette() -> QPalette:
    if LOOK.theme != "dark":
        return QApplication.style().standardPalette()
    p = QPalette()
    window, base, text = QColor("#202327"), QColor("#15171a"), QColor("#e8e8e8")
    for role, value in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor("#2b2f34")),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.ToolTipBase, QColor("#2b2f34")),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Highlight, QColor("#3d7bd9")),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.PlaceholderText, QColor("#8a8f96")),
    ):
        p.setColor(role, value)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6b7078"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6b7078"))
    return p
