"""Texts and looks that change while the window lives: language, theme and classroom sizes.

The window is built once. A widget registers each translatable text together with the setter that
shows it (``live.text(label.setText, QT_TR_NOOP("…"))``) and each size or colour that depends on
the look (``live.look(lambda: …)``). When the language changes, Qt sends every widget a
``QEvent.LanguageChange``; :class:`Switchable` turns it into ``retranslate()``. When the theme or
the classroom mode changes, :func:`restyle_tree` calls ``restyle()`` on every widget of the
window. Nothing is rebuilt, so no panel loses its state and no running job is dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from engine.messages import QT_TR_NOOP
from gui.i18n import tr

__all__ = ["QT_TR_NOOP", "Live", "LiveWidget", "Switchable", "restyle_tree", "set_combo_texts"]


class Live:
    """The language- and look-dependent settings of one widget, re-applied on a switch."""

    def __init__(self) -> None:
        self._texts: list[tuple[Callable[[str], object], str, tuple]] = []
        self._looks: list[Callable[[], object]] = []

    def text(self, setter: Callable[[str], object], source: str, *args: object) -> None:
        """Show ``tr(source).format(*args)`` through ``setter`` now and after every switch."""
        self._texts.append((setter, source, args))
        setter(_render(source, args))

    def label(self, source: str, *args: object) -> QLabel:
        """A plain label whose text follows the language."""
        label = QLabel()
        self.text(label.setText, source, *args)
        return label

    def look(self, apply: Callable[[], object]) -> None:
        """Run ``apply`` now and after every change of theme or classroom mode."""
        self._looks.append(apply)
        apply()

    def retranslate(self) -> None:
        for setter, source, args in self._texts:
            setter(_render(source, args))

    def restyle(self) -> None:
        for apply in self._looks:
            apply()
        # Some texts carry sizes (rich-text titles of plots): they are re-set with the look.
        self.retranslate()


def _render(source: str, args: tuple) -> str:
    text = tr(source)
    return text.format(*args) if args else text


class Switchable:
    """Mixin for a QWidget subclass: ``retranslate()`` on LanguageChange, ``restyle()`` on demand.

    Qt delivers LanguageChange to a widget and then to its children, so each widget only
    retranslates what it owns itself. Subclasses that show more than their ``live`` registry
    (texts built from data) extend ``retranslate``/``restyle`` and call ``super()``.
    """

    live: Live

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)  # type: ignore[misc]
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "live"):
            self.retranslate()

    def retranslate(self) -> None:
        self.live.retranslate()

    def restyle(self) -> None:
        self.live.restyle()


class LiveWidget(Switchable, QWidget):
    """A plain QWidget with a :class:`Live` registry."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = Live()


def set_combo_texts(combo: QComboBox, labels: dict[str, str]) -> None:
    """Re-translate a combo box whose items carry their keys as data (selection unchanged)."""
    for i in range(combo.count()):
        key = combo.itemData(i)
        if key in labels:
            combo.setItemText(i, tr(labels[key]))


def restyle_tree(root: QWidget) -> None:
    """Re-apply the look to ``root`` and every widget under it (theme or classroom mode changed)."""
    import pyqtgraph as pg

    from gui import style

    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, pg.GraphicsView):
            widget.setBackground(style.colour("background"))
        restyle = getattr(widget, "restyle", None)
        if callable(restyle):
            restyle()
    for widget in [root, *root.findChildren(QWidget)]:
        _refont(widget)


def _refont(widget: QWidget) -> None:
    """A widget with its own style sheet keeps the application font it was polished with:
    set the sheet again so it takes the new size (slider values and the Softmax lab's x₁ labels
    stayed at the normal size in classroom mode), and let superqt's slider label fit it."""
    sheet = widget.styleSheet()
    if not sheet or "font-size" in sheet or widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
        return
    widget.setStyleSheet("")
    widget.setStyleSheet(sheet)
    fit = getattr(widget, "_update_size", None)  # superqt's SliderLabel: a fixed size
    if callable(fit):
        fit()
