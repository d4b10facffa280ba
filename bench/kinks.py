"""Kink marks on the explorer's plots: what a curve with many kinks costs the GUI thread.

kink_marks_draw_ms
    ``abs(sin(x))`` over ±10⁴ (6 367 kinks, more than the panel marks: the line breaks at every
    kink, a note counts them): the GUI thread's time from ``CurvePanel.set_curve`` with the
    engine's curve to the end of a synchronous repaint of the plots, p95 of 30 arrivals of two
    alternating ranges (so the data really changes). The curve is computed beforehand, off the
    clock, as the worker computes it.
kink_marks_draw_191_ms
    The same over ±300: 191 kinks, every one marked (573 dots on f′).
The panel is a bare CurvePanel (1300×700, offscreen), not the whole window.
"""

from __future__ import annotations

import statistics
import time

RUNS = 30


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def run(notes: list[str]) -> list[tuple[str, float]]:
    from PySide6.QtWidgets import QApplication

    import gui.style
    from engine.curves import compute_curve
    from engine.formula_spec import make_spec
    from gui.curve_panel import CurvePanel
    from gui.kink_marks import MAX_MARKED

    app = QApplication.instance() or QApplication([])
    gui.style.apply(app)
    spec = make_spec("abs(sin(x))")
    panel = CurvePanel()
    panel.resize(1300, 700)
    panel.show()
    app.processEvents()
    out = []
    try:
        for name, half in (("kink_marks_draw_ms", 1e4), ("kink_marks_draw_191_ms", 300.0)):
            curves = [compute_curve(spec, {}, (-h, h), 2001) for h in (half, half * 0.999)]
            panel.set_view_range(-half, half)
            times = []
            for i in range(RUNS + 3):
                c = curves[i % 2]
                start = time.perf_counter()
                panel.set_curve("own", "abs(sin(x))", c.x, c.y, c.dy, c.kinks)
                panel.plots.viewport().repaint()
                if i >= 3:  # the first ones build pens and the symbol atlas
                    times.append((time.perf_counter() - start) * 1000)
                app.processEvents()
            items = panel.items["own"]
            notes.append(
                f"{name}: {len(c.kinks)} kinks, {len(items.d_marks.data)} dots on f′ "
                f"(at most {MAX_MARKED} kinks are marked), median {statistics.median(times):.2f} "
                f"ms, max {max(times):.2f} ms"
            )
            out.append((name, _p95(times)))
    finally:
        panel.close()
        app.processEvents()
    return out
