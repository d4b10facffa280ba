"""Finds widgets whose text does not fit where the layout put them (for tests and the self-test).

A label that wraps needs ``heightForWidth(width)`` of height; one that does not wrap needs its
``sizeHint`` width. Combo boxes, buttons and check boxes need their ``sizeHint`` width, or their
text is cut ("适合 Rel…"). A list's rows need their delegate's width, or names are elided
("Hardsigm…"). A plot area (pyqtgraph) needs its layout's minimum size, or the titles, legends
and plots at its right or bottom edge are cut (the depth lab's legend and saturation plot in
classroom mode). Only widgets on screen count: a hidden tab cannot clip anything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGraphicsView,
    QHeaderView,
    QLabel,
    QListView,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

SLACK = 2  # px: rounding in Qt's own size hints


def _in_scroll_area(widget: QWidget) -> bool:
    """Inside a scroll area the content may be taller than the view: it scrolls, not clips.

    Not the page every panel sits in (``panelPage``): whether a panel scrolls is checked on its
    own, and a label cut inside a panel that does not scroll is cut."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.objectName() != "panelPage":
            return True
        parent = parent.parentWidget()
    return False


def _describe(widget: QWidget, why: str) -> str:
    name = widget.objectName() or type(widget).__name__
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = widget.text()
    elif isinstance(widget, QComboBox):
        text = widget.currentText()
    text = " ".join(text.split())[:40]
    return f"{name} '{text}': {why}"


def clipped_widgets(root: QWidget) -> list[str]:
    """Every visible text widget under ``root`` that is cut, with the reason."""
    found: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isVisible():
            continue
        size = widget.size()
        if isinstance(widget, QLabel):
            if not widget.text().strip() or (widget.pixmap() is not None and not widget.text()):
                continue
            if widget.wordWrap():
                need = widget.heightForWidth(size.width())
                if need > size.height() + SLACK and not _in_scroll_area(widget):
                    found.append(_describe(widget, f"needs {need} px high, has {size.height()}"))
            else:
                need = widget.sizeHint().width()
                if need > size.width() + SLACK:
                    found.append(_describe(widget, f"needs {need} px wide, has {size.width()}"))
                need_h = widget.sizeHint().height()
                if need_h > size.height() + SLACK and not _in_scroll_area(widget):
                    found.append(_describe(widget, f"needs {need_h} px high, has {size.height()}"))
        elif isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
            found += _headings_cut(widget)
        elif isinstance(widget, QGraphicsView):
            found += _graphics_cut(widget)
        elif isinstance(widget, QListView) and widget.viewMode() == QListView.ViewMode.ListMode:
            model, width = widget.model(), widget.viewport().width()
            for row in range(model.rowCount() if model is not None else 0):
                index = model.index(row, widget.modelColumn())
                need = widget.sizeHintForIndex(index).width()
                if need > width + SLACK:
                    text = str(model.data(index) or "")[:40]
                    name = widget.objectName() or type(widget).__name__
                    found.append(f"{name} row '{text}': needs {need} px wide, has {width}")
        elif isinstance(widget, (QComboBox, QAbstractButton)):
            if isinstance(widget, QComboBox):
                found += _combo_text_cut(widget)
            hint = widget.sizeHint()
            if hint.width() > size.width() + SLACK:
                found.append(_describe(widget, f"needs {hint.width()} px wide, has {size.width()}"))
            if hint.height() > size.height() + SLACK:
                found.append(
                    _describe(widget, f"needs {hint.height()} px high, has {size.height()}")
                )
    return found


def _combo_text_cut(combo: QComboBox) -> list[str]:
    """The chosen entry elided in its box: a combo that may shrink below its longest entry
    (AdjustToMinimumContentsLength) has a small size hint, so only the text shows the cut."""
    if combo.isEditable() or not combo.currentText():
        return []
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    need = combo.fontMetrics().horizontalAdvance(combo.currentText())
    if need > field.width() + SLACK:
        return [_describe(combo, f"text needs {need} px wide, has {field.width()}")]
    return []


def _graphics_cut(view: QGraphicsView) -> list[str]:
    """A pyqtgraph view whose layout needs more room than the view has: the layout is laid out
    at its minimum anyway, and what sticks out past the viewport is not drawn."""
    central = getattr(view, "centralWidget", None)  # pyqtgraph's GraphicsView
    if central is None or not hasattr(central, "effectiveSizeHint"):
        return []
    need = central.effectiveSizeHint(Qt.SizeHint.MinimumSize)
    has = view.viewport().size()
    name = view.objectName() or type(view).__name__
    found = []
    if need.width() > has.width() + SLACK:
        found.append(f"{name}: plots need {need.width():.0f} px wide, have {has.width()}")
    if need.height() > has.height() + SLACK:
        found.append(f"{name}: plots need {need.height():.0f} px high, have {has.height()}")
    return found + _axis_labels_cut(view) + _value_labels_cut(view)


def _value_labels_cut(view: QGraphicsView) -> list[str]:
    """Text placed in a plot (a bar's value, a line's name) that sticks out of its plot's data
    area: the view box clips its children, so that part is not drawn (the Softmax lab's lowest
    log-probability lost its lower half in classroom mode)."""
    import pyqtgraph as pg

    found = []
    name = view.objectName() or type(view).__name__
    for item in view.scene().items() if view.scene() is not None else ():
        if not isinstance(item, pg.TextItem) or not item.isVisible() or not item.toPlainText():
            continue
        box = item.getViewBox()
        if box is None or not box.isVisible():
            continue
        item.updateTransform(force=True)  # pyqtgraph places the text lazily, at its next paint
        area, text = box.sceneBoundingRect(), item.textItem.sceneBoundingRect()
        if not area.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(text):
            label = " ".join(item.toPlainText().split())[:40]
            found.append(f"{name} text '{label}': {text.getRect()} outside {area.getRect()}")
    return found


def _axis_labels_cut(view: QGraphicsView) -> list[str]:
    """Axis titles longer than their axis: a rotated y label taller than a short plot is
    drawn past both ends and cut (the XOR lab's "loss (BCE, log scale)" in classroom mode)."""
    import pyqtgraph as pg  # only views that hold pyqtgraph items get here

    found = []
    name = view.objectName() or type(view).__name__
    for item in view.scene().items() if view.scene() is not None else ():
        if isinstance(item, pg.PlotItem) and item.isVisible():
            title = item.titleLabel
            if title.isVisible() and title.text:
                need, has = title.itemRect().height(), title.geometry().height()
                if need > has + SLACK:
                    text = " ".join(title.text.split())[:40]
                    found.append(f"{name} title '{text}': needs {need:.0f} px high, has {has:.0f}")
            continue
        if not isinstance(item, pg.AxisItem) or not item.isVisible() or not item.label.isVisible():
            continue
        if not item.labelText:
            continue
        need = item.label.boundingRect().width()
        vertical = item.orientation in ("left", "right")
        has = item.geometry().height() if vertical else item.geometry().width()
        if need > has + SLACK:
            text = " ".join(item.labelText.split())[:40]
            found.append(f"{name} axis '{text}': needs {need:.0f} px, has {has:.0f}")
    return found


def _headings_cut(header: QHeaderView) -> list[str]:
    """Column headings narrower than their text (a table that scrolls sideways is not cut)."""
    name = header.parentWidget().objectName() if header.parentWidget() else ""
    found = []
    for i in range(header.count()):
        if header.isSectionHidden(i):
            continue
        need, has = header.sectionSizeHint(i), header.sectionSize(i)
        if need > has + SLACK:
            text = header.model().headerData(i, Qt.Orientation.Horizontal) if header.model() else ""
            found.append(f"{name or 'table'} heading '{text}': needs {need} px wide, has {has}")
    return found
