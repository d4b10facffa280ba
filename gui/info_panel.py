"""Rich-text notes on the selected activation, from the texts in ``resources/``."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser, QWidget

from engine import catalogue
from engine.catalogue import ActivationSpec
from engine.text_render import info_html
from gui import i18n
from gui.i18n import tr
from gui.live import Live, Switchable
from gui.style import pt


class InfoPanel(Switchable, QTextBrowser):
    """Notes in the current language; re-read on a language switch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = Live()
        self.setObjectName("infoPanel")
        self.spec: ActivationSpec | None = None
        self.setOpenExternalLinks(False)
        self.live.look(
            lambda: self.document().setDefaultStyleSheet(
                f"h2 {{ margin-bottom: 4px; }} .formula {{ font-size: {pt(15)}pt; }} "
                f"code {{ font-size: {pt(12)}pt; }}"
            )
        )

    def retranslate(self) -> None:
        if self.spec is not None:
            self.show_activation(self.spec)

    def restyle(self) -> None:
        self.live.restyle()
        self.retranslate()  # the document's sizes apply when the text is set again

    def show_activation(self, spec: ActivationSpec) -> None:
        self.spec = spec
        text = info_html(spec.key, i18n.current())
        if text is None:
            text = self._summary(spec)
        self.setHtml(text)

    def refresh(self) -> None:
        """Render the shown notes again (their numbers arrive once torch has computed them)."""
        if self.spec is not None:
            scroll = self.verticalScrollBar().value()
            self.show_activation(self.spec)
            self.verticalScrollBar().setValue(scroll)

    def _summary(self, spec: ActivationSpec) -> str:
        lesson = ", ".join(catalogue.get(k).name for k in catalogue.LESSON_SIX)
        code = spec.call()
        if spec.user_defined:  # the student's formula, not the module's constructor call
            code = "f(x) = " + dict(spec.fixed).get("formula", "")
        parts = [
            f"<h2>{html.escape(spec.name)}</h2>",
            f"<p><code>{html.escape(code)}</code></p>",
        ]
        if spec.note:
            parts.append(f"<p>{html.escape(tr(spec.note))}</p>")
        parts.append(
            "<p><i>"
            + html.escape(
                tr("Detailed notes are written for the lesson's six: {0}.").format(lesson)
            )
            + "</i></p>"
        )
        return "\n".join(parts)
