"""Every panel fits a 1366×768 projector: normal and classroom, Chinese and English.

The window keeps exactly the size asked for, no panel needs to scroll, no text widget is cut
(``gui.fit_check``), and the explanation areas keep a useful size. With ACTIVATION_LAB_SHOTS set
to a folder, the test also saves a screenshot of each case there (for the README).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from gui import style
from gui.fit_check import clipped_widgets
from gui.live import restyle_tree
from gui.main_window import PANEL_NAMES
from tests.gui_events import wheel_down

SIZE = (1366, 768)
TEXT_WIDGETS = (QLabel, QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit)


def _settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
    qtbot.wait(150)  # layouts and lazily fetched thumbnails
    qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)


def _page(window, name) -> QScrollArea:
    return window.tabs.page(window.panels[name])


@pytest.fixture
def built_window(qtbot, main_window):
    qtbot.waitUntil(
        lambda: (
            main_window.network is not None
            and all(type(p).__name__ != "_Placeholder" for p in main_window.panels.values())
        ),
        timeout=60_000,
    )
    yield main_window
    style.apply(QApplication.instance(), classroom=False)
    restyle_tree(main_window)


def _fit_problems(qtbot, window, lang: str, looks, shots: str | None = None) -> list[str]:
    """Every panel at each (classroom, percent, size) of ``looks``: the window keeps the size,
    no panel scrolls, nothing is cut (widgets and plots)."""
    window.set_language(lang)
    # The clipped notes: Swish's "not part of torch.nn" and the Softmax sentence.
    window.explorer_state.set_checked("swish", True)
    problems = []
    for classroom, percent, size in looks:
        # The classroom look without full screen: the offscreen screen is not this size.
        style.apply(QApplication.instance(), classroom=classroom, percent=percent)
        restyle_tree(window)
        mode = f"classroom {style.LOOK.percent} %" if classroom else "normal"
        for name in PANEL_NAMES:
            window.show_panel(name)
            window.resize(*size)
            selections = ("swish", "softmax") if name == "explorer" else (None,)
            for key in selections:
                if key:
                    window.explorer.select(key)
                _settle(qtbot, window)
                case = f"{lang} {mode} {size[0]}×{size[1]} {name} {key or ''}"
                if (window.width(), window.height()) != tuple(size):
                    problems.append(f"{case}: window {window.width()}×{window.height()}")
                page = _page(window, name)
                if page.verticalScrollBar().maximum() or page.horizontalScrollBar().maximum():
                    need = window.panels[name].minimumSizeHint()
                    view = page.viewport().size()
                    problems.append(
                        f"{case}: scrolls (needs {need.width()}×{need.height()}, "
                        f"has {view.width()}×{view.height()})"
                    )
                problems += [f"{case}: {c}" for c in clipped_widgets(window)]
                if shots and tuple(size) == SIZE:
                    tag = f"classroom{style.LOOK.percent}" if classroom else "normal"
                    out = Path(shots) / f"{name}-{lang}-{tag}{'-' + key if key else ''}.png"
                    window.grab().save(str(out))
    style.apply(QApplication.instance(), classroom=False, percent=style.DEFAULT_PERCENT)
    return problems


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_panel_fits_1366_by_768(qtbot, built_window, lang):
    """Normal and the classroom sizes offered on a 1366×768 screen."""
    offered = style.percents_that_fit(*SIZE)
    assert offered == (125, 145)
    looks = [(False, None, SIZE)] + [(True, p, SIZE) for p in offered]
    shots = os.environ.get("ACTIVATION_LAB_SHOTS")
    problems = _fit_problems(qtbot, built_window, lang, looks, shots)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_each_classroom_size_fits_the_screen_it_is_offered_on(qtbot, built_window, lang):
    """175 %, 200 % and 250 % are offered only on screens at least style.FITS_FROM large; at
    exactly that size every panel fits (a 1920×1080 projector gets 200 %)."""
    larger = [p for p in style.CLASSROOM_PERCENTS if p > style.DEFAULT_PERCENT]
    for p in larger:
        w, h = style.FITS_FROM[p]
        assert p in style.percents_that_fit(w, h)
        assert p not in style.percents_that_fit(w - 1, h)
        assert p not in style.percents_that_fit(w, h - 1)
    assert style.percents_that_fit(1920, 1080) == (125, 145, 175, 200)
    looks = [(True, p, style.FITS_FROM[p]) for p in larger]
    problems = _fit_problems(qtbot, built_window, lang, looks)
    assert not problems, "\n".join(problems)


def _image_room(qtbot, window, lang: str, classroom: bool) -> dict[str, int]:
    window.set_language(lang)
    style.apply(QApplication.instance(), classroom=classroom)
    restyle_tree(window)
    window.show_panel("images")
    window.resize(*SIZE)
    _settle(qtbot, window)
    images = window.images
    detail = images.detail
    stats = detail.stats
    room = {
        "before": detail.before.height(),
        "after": detail.after.height(),
        "widths": (detail.before.width(), detail.after.width()),
        "picture": min(detail.before.width(), detail.before.height()),
        "histograms": detail.hists.height(),
        "stats_short_by": stats.heightForWidth(stats.width()) - stats.height(),
        "stats_bottom": stats.mapTo(detail, stats.rect().bottomLeft()).y(),
        "detail": detail.height(),
        "controls_scroll": images.controls.verticalScrollBar().maximum(),
        "controls_width": images.controls.width(),
    }
    print(lang, "classroom" if classroom else "normal", room)
    return room


# The least sizes (px) at 1366×768. The previous layout (controls in rows above everything)
# gave the pictures about 130 px, the histograms 50 px and cut the statistics.
LEAST = {False: {"picture": 200, "histograms": 150}, True: {"picture": 110, "histograms": 110}}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("classroom", [False, True])
def test_the_image_view_keeps_room_to_explain(qtbot, built_window, lang, classroom):
    """The before/after view, the histograms and the statistics are the explanation: at
    1366×768 they keep a useful size and the statistics show whole, with the controls in a
    column beside the grids that fits without scrolling."""
    room = _image_room(qtbot, built_window, lang, classroom)
    # A title that wraps, or a longer one, does not make one picture smaller than the other.
    assert room["before"] == room["after"] and abs(room["widths"][0] - room["widths"][1]) <= 1
    assert room["picture"] >= LEAST[classroom]["picture"]
    assert room["histograms"] >= LEAST[classroom]["histograms"]
    assert room["stats_short_by"] <= 0 and room["stats_bottom"] <= room["detail"]
    assert room["controls_scroll"] == 0


@pytest.mark.parametrize("classroom", [False, True])
def test_the_image_view_keeps_room_with_cifar_loaded(qtbot, app_window, classroom):
    """The same with a CIFAR-10 copy open (longer source line, the checksum note)."""
    room = _image_room(qtbot, app_window, "zh_CN", classroom)
    try:
        assert room["picture"] >= LEAST[classroom]["picture"]
        assert room["histograms"] >= LEAST[classroom]["histograms"]
        assert room["stats_short_by"] <= 0 and room["stats_bottom"] <= room["detail"]
    finally:
        style.apply(QApplication.instance(), classroom=False)
        restyle_tree(app_window)


def _data_height(plot) -> float:
    """Scene height of a plot's data area (its ViewBox): what the curves get to draw in."""
    return plot.getViewBox().sceneBoundingRect().height()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_depth_plots_keep_room_in_classroom_mode(qtbot, built_window, lang):
    """The gradient plot carries the depth lab's point: at each classroom size offered on a
    1366×768 screen its data area keeps at least 200 px (stacked under the legend and above
    the share plots it had ~50-110 px), and the two share plots beside it keep 70 px (their
    titles, two lines at 145 %, now get their true height)."""
    window = built_window
    window.set_language(lang)
    depth = window.panels["labs-depth"]
    sizes = {}
    try:
        for percent in style.percents_that_fit(*SIZE):
            style.apply(QApplication.instance(), classroom=True, percent=percent)
            restyle_tree(window)
            window.show_panel("labs-depth")
            window.resize(*SIZE)
            _settle(qtbot, window)
            assert depth.result is not None and depth.result.curves
            sizes[percent] = [
                round(_data_height(p)) for p in (depth.grad_plot, depth.dead_plot, depth.sat_plot)
            ]
    finally:
        style.apply(QApplication.instance(), classroom=False, percent=style.DEFAULT_PERCENT)
        restyle_tree(window)
    print(lang, sizes)
    for percent, (grad, dead, saturated) in sizes.items():
        assert grad >= 200, f"{percent} %: gradient plot {grad} px"
        assert min(dead, saturated) >= 70, f"{percent} %: share plots {dead}, {saturated} px"


def _legend_covers(curves) -> list[str]:
    """Curve points in view (f and f′ plots) that fall inside the legend's box on screen."""
    box = curves.legend.sceneBoundingRect()
    hits = []
    for plot, values in ((curves.f_plot, "y"), (curves.d_plot, "dy")):
        view = plot.getViewBox()
        (x0, x1), (y0, y1) = view.viewRange()
        for it in curves.shown_items():
            x, y = it.x, getattr(it, values)
            inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
            for px, py in zip(x[inside][::5].tolist(), y[inside][::5].tolist(), strict=True):
                point = view.mapViewToScene(QPointF(px, py))
                if box.contains(point):
                    hits.append(f"{it.name} {values}({px:.3g}) = {py:.3g}")
                    break
    return hits


def _readout_lines_used(curves, step: int = 4) -> int:
    """The most lines the readout takes over the crosshair's sweep of the grid (and the hint)."""
    most = curves._readout_lines(curves.readout.text())
    grid = curves.shown_items()[0].x
    for x in [*grid[::step].tolist(), float(grid[-1])]:
        most = max(most, curves._readout_lines(curves.show_crosshair(x)))
    return most


# The default curves and the lesson's six activations ticked together.
LEGEND_STATES = {"default": (), "lesson": ("leaky_relu", "silu", "swish", "elu", "gelu")}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_explorer_legend_covers_no_curve_and_the_readout_wastes_no_line(
    qtbot, built_window, lang
):
    """Normal and classroom at 1366×768: the legend's box holds no curve point in view (in the
    f plot's upper left, in classroom mode, it covered curves), and the readout's fixed height
    is the lines its longest text takes over the whole grid — no more (it kept three lines at
    145 % where two do), no less (no hover makes it taller, so the plots never jump)."""
    window = built_window
    window.set_language(lang)
    curves = window.explorer.curves
    problems = []
    try:
        for state, extra in LEGEND_STATES.items():
            for key in extra:
                window.explorer_state.set_checked(key, True)
            for classroom, percent in [(False, None)] + [
                (True, p) for p in style.percents_that_fit(*SIZE)
            ]:
                style.apply(QApplication.instance(), classroom=classroom, percent=percent)
                restyle_tree(window)
                window.show_panel("explorer")
                window.resize(*SIZE)
                _settle(qtbot, window)
                look = f"{style.LOOK.percent} %" if classroom else "normal"
                case = f"{lang} {state} {look}"
                problems += [f"{case}: legend covers {hit}" for hit in _legend_covers(curves)]
                height = curves.readout.height()
                spacing = QFontMetrics(curves.readout.font()).lineSpacing()
                margins = curves.readout.contentsMargins()
                reserved = (height - margins.top() - margins.bottom()) // spacing
                used = _readout_lines_used(curves)
                if curves.readout.height() != height:
                    problems.append(f"{case}: readout {height} → {curves.readout.height()} px")
                if reserved != used:
                    problems.append(f"{case}: readout has {reserved} lines, needs {used}")
                curves._readout_x = None
                curves.retranslate()
    finally:
        style.apply(QApplication.instance(), classroom=False, percent=style.DEFAULT_PERCENT)
        restyle_tree(window)
    assert not problems, "\n".join(problems)


# Every panel: the network lab too set its controls' size only when it was built.
FOLLOWING_PANELS = list(PANEL_NAMES)


def _small_fonts(window, least: float) -> list[str]:
    """Visible text widgets whose font is smaller than ``least`` points."""
    found = []
    for name in FOLLOWING_PANELS:
        window.show_panel(name)
        QApplication.processEvents()
        panel = window.panels[name]
        for widget in panel.findChildren(QWidget):
            if not widget.isVisible() or not isinstance(widget, TEXT_WIDGETS):
                continue
            size = widget.font().pointSizeF()
            if 0 < size < least:
                text = getattr(widget, "text", lambda: "")()
                kind = widget.objectName() or type(widget).__name__
                found.append(f"{name} {kind} '{str(text)[:30]}': {size:g} pt")
    return found


def test_classroom_mode_enlarges_every_text_it_shows(qtbot, built_window):
    """Switched on in a running window, classroom mode scales every text, not only those a
    panel restyles itself: slider values and the Softmax lab's x₁ labels kept the normal size
    (their own style sheets froze the font they were first polished with)."""
    window = built_window
    for name in FOLLOWING_PANELS:  # built and shown in the normal look first
        window.show_panel(name)
        _settle(qtbot, window)
    style.apply(QApplication.instance(), classroom=True, percent=145)
    restyle_tree(window)
    window.resize(*SIZE)
    _settle(qtbot, window)
    least = 0.9 * QApplication.font().pointSizeF()
    small = _small_fonts(window, least)
    assert not small, "\n".join(small)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_softmax_table_shows_its_rows_whole(qtbot, built_window, lang):
    """Normal and each classroom size offered on 1366×768: the naive-vs-stable table shows
    its heading and the three default logits' rows whole (at 145 % the third was cut in half
    under a sideways scroll bar)."""
    window = built_window
    window.set_language(lang)
    softmax = window.panels["labs-softmax"]
    table = softmax.table
    cut = []
    try:
        for classroom, percent in [(False, None)] + [
            (True, p) for p in style.percents_that_fit(*SIZE)
        ]:
            style.apply(QApplication.instance(), classroom=classroom, percent=percent)
            restyle_tree(window)
            window.show_panel("labs-softmax")
            window.resize(*SIZE)
            _settle(qtbot, window)
            assert table.rowCount() == 3
            bar = table.horizontalScrollBar()
            room = table.viewport().height()
            last = table.rowViewportPosition(2) + table.rowHeight(2)
            if last > room:
                look = f"{style.LOOK.percent} %" if classroom else "normal"
                cut.append(f"{look}: rows end at {last} px, view {room} px (bar {bar.isVisible()})")
    finally:
        style.apply(QApplication.instance(), classroom=False, percent=style.DEFAULT_PERCENT)
        restyle_tree(window)
    assert not cut, "\n".join(cut)


def test_the_wheel_scrolls_the_image_controls_and_changes_no_box(qtbot, app_window):
    """Classroom mode with a CIFAR-10 copy open: the controls column scrolls; turning the
    wheel over "Scaling" on the way scrolled the column a little and then switched the data to
    Normalize. A box changes by wheel only once clicked."""
    window = app_window
    window.set_language("zh_CN")
    style.apply(QApplication.instance(), classroom=True, percent=145)
    restyle_tree(window)
    try:
        window.show_panel("images")
        window.resize(*SIZE)
        _settle(qtbot, window)
        images = window.images
        column = images.controls.verticalScrollBar()
        assert column.maximum() > 0, "the column does not scroll at all here"
        column.setValue(0)
        for box in (images.scaling, images.editor.findChild(QAbstractSlider)):
            if box is None:
                continue
            box.clearFocus()
            before = box.currentIndex() if isinstance(box, QComboBox) else box.value()
            wheel_down(box)
            after = box.currentIndex() if isinstance(box, QComboBox) else box.value()
            assert after == before, box.objectName()
        assert column.value() > 0  # the wheel went to the column
    finally:
        style.apply(QApplication.instance(), classroom=False)
        restyle_tree(window)


def test_the_xor_lab_after_a_solved_run_cuts_nothing(qtbot, built_window):
    """A run to the end makes the XOR lab's texts longest (the status says "solved", the
    collapse text says the identity net is no better than chance): at each classroom size on
    1366×768, in both languages, nothing is cut (the collapse text's end was)."""
    window = built_window
    xor = window.panels["labs-xor"]
    window.show_panel("labs-xor")
    xor.speed_combo.setCurrentIndex(xor.speed_combo.findData(1000))
    xor.start()
    qtbot.waitUntil(lambda: not xor.is_running and xor.is_settled, timeout=120_000)
    assert "identity" in xor.frame.undecided
    problems = []
    try:
        for lang in ("zh_CN", "en"):
            window.set_language(lang)
            for percent in style.percents_that_fit(*SIZE):
                style.apply(QApplication.instance(), classroom=True, percent=percent)
                restyle_tree(window)
                window.resize(*SIZE)
                _settle(qtbot, window)
                problems += [f"{lang} {percent} %: {c}" for c in clipped_widgets(window)]
    finally:
        style.apply(QApplication.instance(), classroom=False, percent=style.DEFAULT_PERCENT)
        restyle_tree(window)
    assert not problems, "\n".join(problems)


def test_the_xor_boards_keep_the_data_in_view_when_classroom_mode_comes_on(qtbot, built_window):
    """Classroom mode switched on in a running window reshapes the boards; their aspect-locked
    views kept the old range and grew (the four points shrank to the middle, -1…2)."""
    window = built_window
    xor = window.panels["labs-xor"]
    window.show_panel("labs-xor")
    window.resize(*SIZE)
    qtbot.waitUntil(lambda: xor.frame is not None and xor.is_settled, timeout=60_000)
    x0, x1, y0, y1 = xor.frame.dataset.extent
    try:
        for percent in style.percents_that_fit(*SIZE):
            style.apply(QApplication.instance(), classroom=True, percent=percent)
            restyle_tree(window)
            window.resize(*SIZE)
            _settle(qtbot, window)
            (vx0, vx1), (vy0, vy1) = xor.plots["act"].getViewBox().viewRange()
            assert vx0 <= x0 + 1e-6 and vx1 >= x1 - 1e-6 and vy0 <= y0 + 1e-6 and vy1 >= y1 - 1e-6
            # Aspect-locked: one axis fits the data exactly, the other may show a little more.
            tight = min((vx1 - vx0) / (x1 - x0), (vy1 - vy0) / (y1 - y0))
            assert tight < 1.05, f"{percent} %: the data fill 1/{tight:.2f} of the board"
    finally:
        style.apply(QApplication.instance(), classroom=False, percent=style.DEFAULT_PERCENT)
        restyle_tree(window)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_softmax_table_shows_every_column_at_1366(qtbot, built_window, lang):
    """Normal and each classroom size offered on 1366×768, also at the overflow: all six
    columns in view without scrolling sideways ("stable p", the point of the table, went off
    the side at 145 %), each at least as wide as its heading and its numbers."""
    window = built_window
    window.set_language(lang)
    softmax = window.panels["labs-softmax"]
    table, header = softmax.table, softmax.table.horizontalHeader()
    problems = []
    try:
        for classroom, percent in [(False, None)] + [
            (True, p) for p in style.percents_that_fit(*SIZE)
        ]:
            style.apply(QApplication.instance(), classroom=classroom, percent=percent)
            restyle_tree(window)
            window.show_panel("labs-softmax")
            window.resize(*SIZE)
            for shift in (0.0, 100.0):
                softmax.shift.setValue(shift)
                _settle(qtbot, window)
                look = f"{style.LOOK.percent} %" if classroom else "normal"
                if table.horizontalScrollBar().maximum() > 0:
                    problems.append(f"{look} c={shift:g}: scrolls sideways")
                metrics = QFontMetrics(softmax.mono)
                for col in range(table.columnCount()):
                    texts = [table.item(r, col).text() for r in range(table.rowCount())]
                    need = max(metrics.horizontalAdvance(t) for t in texts)
                    if header.sectionSize(col) < max(need, header.sectionSizeHint(col) - 2):
                        problems.append(f"{look} c={shift:g}: column {col} cut")
        softmax.shift.setValue(0.0)
    finally:
        style.apply(QApplication.instance(), classroom=False, percent=style.DEFAULT_PERCENT)
        restyle_tree(window)
    assert not problems, "\n".join(problems)
