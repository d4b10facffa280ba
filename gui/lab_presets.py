"""The labs' part of a preset (``labs`` in engine.preset's format 2): read from and shown in the
three small labs' panels.

The lab panels are built after the first frame; a section applied before then (the remembered
session, restored at start-up) waits on the window and is shown once the panels exist.
"""

from __future__ import annotations

from engine.preset import LABS_KEY

# A preset's lab name → the window's panel name.
PANEL_OF: dict[str, str] = {"xor": "labs-xor", "depth": "labs-depth", "softmax": "labs-softmax"}


def labs_extra(window) -> dict[str, object]:
    """``{"labs": {...}}`` for ``preset.snapshot(extra=...)``: the built labs' settings, and
    for labs not built yet the section still waiting to be shown (so nothing is lost)."""
    waiting: dict[str, dict[str, object]] = getattr(window, "waiting_labs", {})
    labs: dict[str, object] = {}
    for lab, panel_name in PANEL_OF.items():
        panel = window.labs.get(panel_name)
        if panel is not None:
            labs[lab] = panel.preset_section()
        elif lab in waiting:
            labs[lab] = dict(waiting[lab])
    return {LABS_KEY: labs} if labs else {}


def apply_labs(window, labs: dict[str, dict[str, object]]) -> None:
    """Show a checked ``labs`` section (``engine.preset.labs_of``) in the labs' panels."""
    waiting: dict[str, dict[str, object]] = window.waiting_labs
    for lab, section in labs.items():
        panel = window.labs.get(PANEL_OF[lab])
        if panel is None:
            waiting[lab] = {**waiting.get(lab, {}), **section}
        else:
            panel.apply_preset_section(section)


def show_waiting_labs(window) -> None:
    """Once the lab panels exist: show what was applied before they did."""
    waiting, window.waiting_labs = window.waiting_labs, {}
    apply_labs(window, waiting)
