"""The lesson's pages: how to choose an activation, and why a network needs non-linearity.

Links inside the pages select an activation in the explorer (``activation:relu``) or open a
panel (``panel:labs-xor``); the window decides what that means.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.text_render import guide_html, why_nonlinear_html
from engine.texts import parse_href
from gui import i18n
from gui.live import QT_TR_NOOP, Live, Switchable
from gui.style import pt


class GuidePanel(Switchable, QWidget):
    activationLinked = Signal(str)  # catalogue key
    panelLinked = Signal(str)  # panel name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = Live()
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.live.look(
            lambda: self.browser.document().setDefaultStyleSheet(
                f"body {{ font-size: {pt(13)}pt; }} h1 {{ font-size: {pt(20)}pt; }} "
                f"h2 {{ font-size: {pt(16)}pt; }} a {{ font-weight: bold; }}"
            )
        )
        self.pages = {"guide": guide_html, "why": why_nonlinear_html}
        buttons = QHBoxLayout()
        self.group = QButtonGroup(self)
        for name, text in (
            ("guide", QT_TR_NOOP("Choosing an activation")),
            ("why", QT_TR_NOOP("Why non-linearity?")),
        ):
            button = QPushButton()
            self.live.text(button.setText, text)
            button.setCheckable(True)
            button.setObjectName(f"page_{name}")
            button.clicked.connect(lambda _=False, n=name: self.show_page(n))
            self.group.addButton(button)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.browser, 1)
        self.current = ""
        self.current_shown = ""
        self.show_page("guide")

    def show_page(self, name: str) -> None:
        self.current = name
        for button in self.group.buttons():
            button.setChecked(button.objectName() == f"page_{name}")
        # Scrolled back where the reader was after a switch of language or look.
        bar = self.browser.verticalScrollBar()
        position = bar.value() if name == self.current_shown else 0
        self.browser.setHtml(self.pages[name](i18n.current()))
        bar.setValue(position)
        self.current_shown = name

    def retranslate(self) -> None:
        self.live.retranslate()
        self.show_page(self.current)

    def restyle(self) -> None:
        self.live.restyle()
        self.show_page(self.current)

    def refresh(self) -> None:
        """Render the current page again (its numbers arrive once torch has computed them)."""
        self.show_page(self.current)  # keeps the scroll position of the same page

    @property
    def is_settled(self) -> bool:
        return True

    def _follow(self, url: QUrl) -> None:
        parsed = parse_href(url.toString())
        if parsed is None:
            return
        kind, target = parsed
        if kind == "activation":
            self.activationLinked.emit(target)
        else:
            self.panelLinked.emit(target)
