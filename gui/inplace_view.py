"""The lesson's ``inplace`` point, shown on a five-element tensor."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from gui.i18n import tr
from gui.live import QT_TR_NOOP, Live, Switchable
from gui.style import colour as style_colour
from gui.style import pt


def _vec(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:.3g}" for v in values) + "]"


def _yes_no(flag: bool) -> str:
    colour = style_colour("error") if flag else style_colour("ok")
    word = tr("yes") if flag else tr("no")  # outside the f-string, where lupdate finds it
    return f"<b style='color:{colour}'>{word}</b>"


class InplaceView(Switchable, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = Live()
        self.title = self.live.label(
            QT_TR_NOOP("inplace=True: does the module overwrite its input?")
        )
        self.live.look(
            lambda: self.title.setStyleSheet(f"font-size: {pt(13)}pt; font-weight: bold;")
        )
        self.body = QLabel()
        self.body.setObjectName("inplaceBody")
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop)
        # Scrolls when the window is short, instead of making the window taller.
        area = QScrollArea()
        area.setWidget(self.body)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(area, 1)
        self.demo = None

    def retranslate(self) -> None:
        self.live.retranslate()
        if self.demo is not None:
            self.show_demo(self.demo)

    def restyle(self) -> None:
        self.live.restyle()
        if self.demo is not None:
            self.show_demo(self.demo)  # yes/no colours follow the theme

    def show_demo(self, demo) -> None:
        """``demo`` is an ``engine.inplace_demo.InplaceDemo``."""
        self.demo = demo
        if not demo.runs:
            self.body.setText(tr("Softmax-type modules act on a whole vector; no inplace option."))
            return
        rows = [
            "<tr><th></th><th>x "
            + tr("before")
            + "</th><th>y = f(x)</th><th>x "
            + tr("after")
            + "</th><th>"
            + tr("y shares x's memory")
            + "</th><th>"
            + tr("x changed")
            + "</th></tr>"
        ]
        for run in demo.runs:
            rows.append(
                f"<tr><td><code>inplace={run.inplace}</code></td>"
                f"<td>{_vec(run.input_before)}</td><td>{_vec(run.output)}</td>"
                f"<td>{_vec(run.input_after)}</td>"
                f"<td align=center>{_yes_no(run.shares_storage)}</td>"
                f"<td align=center>{_yes_no(run.input_changed)}</td></tr>"
            )
        note = ""
        if not demo.supported:
            note = "<p>" + html.escape(tr("This module has no inplace option.")) + "</p>"
        table = "<table cellspacing=6>" + "".join(rows) + "</table>"
        self.body.setText(table + note + self._autograd_html(demo))

    @staticmethod
    def _autograd_html(demo) -> str:
        """The in-place module inside autograd, with PyTorch's own error text."""
        cases = getattr(demo, "autograd", [])
        if not cases:
            return ""
        from engine.inplace_demo import AUTOGRAD_CASES

        heading = html.escape(tr("inplace=True and autograd (run by PyTorch just now)"))
        items = []
        for case in cases:
            if case.ok:
                verdict = tr("backward() works; the gradient equals the one without inplace.")
                if not case.same_grad:
                    verdict = tr("backward() works, but the gradient differs.")
                result = f"<span style='color:{style_colour('ok')}'>{html.escape(verdict)}</span>"
            else:
                label = html.escape(tr("PyTorch refuses:"))
                result = (
                    f"<span style='color:{style_colour('error')}'>{label}</span> "
                    f"<code>RuntimeError: {html.escape(case.error)}</code>"
                )
            items.append(
                f"<li><b>{html.escape(tr(AUTOGRAD_CASES[case.key]))}</b><br/>"
                f"<code>{html.escape(case.code)}</code><br/>{result}</li>"
            )
        return f"<p><b>{heading}</b></p><ul>{''.join(items)}</ul>"
