"""What the three lab panels share: the preamble, plot styling and slider factories.

A lab panel is a view over its own controls plus the explorer's state; it runs its work through
the light job bridge (or, for the Softmax lab, right here) and re-labels and re-styles itself in
place when the language or the look changes (see ``gui.live``).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from engine.explorer_state import ExplorerState
from gui.bridge import JobBridge, JobSet
from gui.live import Live, Switchable
from gui.style import colour, line, pt


class LabPanel(Switchable, QWidget):
    """Base of the lab panels: bridge, explorer state, jobs in flight, the panel font."""

    message = Signal(str)

    def __init__(
        self,
        bridge: JobBridge,
        explorer_state: ExplorerState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.live = Live()
        self.bridge = bridge
        self.explorer_state = explorer_state
        self.jobs = JobSet(bridge)  # jobs in flight, by key
        self.live.look(self._panel_font)

    def _panel_font(self) -> None:
        font = QFont(self.font())
        font.setPointSize(pt(12))
        self.setFont(font)

    @property
    def is_settled(self) -> bool:
        return not self.jobs

    def tick_font(self, size: float = 11) -> QFont:
        return QFont(self.font().family(), pt(size))


def style_axes(plot: pg.PlotItem, font: QFont) -> None:
    """Tick font, text and axis pens of the current look on a lab's plot."""
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setTickFont(font)
        axis.setTextPen(colour("foreground"))
        axis.setPen(pg.mkPen(colour("axis"), width=line(1)))


def int_slider(name: str, lo: int, hi: int, value: int):
    """A labelled integer slider (superqt, imported late: its import costs first-frame time)."""
    from superqt import QLabeledSlider

    slider = QLabeledSlider(Qt.Orientation.Horizontal)
    slider.setObjectName(name)
    slider.setRange(lo, hi)
    slider.setValue(value)
    slider.setMinimumWidth(90)
    return slider


def snapped(slider) -> float:
    """The value a double slider's label shows. A drag lands between the label's steps (c shown
    as 0.1 while the table computed with 0.10925): labs compute with what the class sees."""
    return round(float(slider.value()), slider.decimals())


def double_slider(name: str, lo: float, hi: float, value: float, decimals: int = 2):
    """A labelled slider over floats with ``decimals`` places."""
    from superqt import QLabeledDoubleSlider

    slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
    slider.setObjectName(name)
    slider.setRange(lo, hi)
    slider.setDecimals(decimals)
    slider.setSingleStep(10.0**-decimals)
    slider.setValue(value)
    slider.setMinimumWidth(90)
    return slider
