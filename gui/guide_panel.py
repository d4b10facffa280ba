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

from engine.texts import guide_html, parse_href, why_nonlinear_html
from gui.i18n import tr
from gui.style import pt


class GuidePanel(QWidget):
    activationLinked = Signal(str)  # catalogue key
    panelLinked = Signal(str)  # panel name

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.browser.document().setDefaultStyleSheet(
            f"body {{ font-size: {pt(13)}pt; }} h1 {{ font-size: {pt(20)}pt; }} "
            f"h2 {{ font-size: {pt(16)}pt; }} a {{ font-weight: bold; }}"
        )
        self.pages = {"guide": guide_html, "why": why_nonlinear_html}
        buttons = QHBoxLayout()
        self.group = QButtonGroup(self)
        for name, text in (
            ("guide", tr("Choosing an activation")),
            ("why", tr("Why non-linearity?")),
        ):
            button = QPushButton(text)
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
        self.show_page("guide")

    def show_page(self, name: str) -> None:
        self.current = name
        for button in self.group.buttons():
            button.setChecked(button.objectName() == f"page_{name}")
        self.browser.setHtml(self.pages[name](self.lang))

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

    def detach(self) -> None:
        """Nothing shared to let go of; present for the window's rebuild."""
