"""The main window's menus and window-wide shortcuts, built once for the life of the window.

Every action's text is registered with the window's :class:`gui.live.Live`, so a language switch
re-labels the same actions; nothing is ever added twice (one F11, one Esc).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from engine import choices
from gui import i18n, style
from gui.live import QT_TR_NOOP


@dataclass
class WindowActions:
    data: list[QAction] = field(default_factory=list)  # enabled once the engine has loaded
    classroom: QAction | None = None
    leave_classroom: QAction | None = None
    percents: dict = field(default_factory=dict)
    side_panels: QAction | None = None
    themes: dict[str, QAction] = field(default_factory=dict)
    languages: dict[str, QAction] = field(default_factory=dict)


PNG = QT_TR_NOOP("PNG image (*.png)")
SVG = QT_TR_NOOP("SVG drawing (*.svg)")
CSV = QT_TR_NOOP("CSV table (*.csv)")


def build_menus(window) -> WindowActions:
    """Fill ``window``'s menu bar; returns the actions the window updates later."""
    live = window.live
    bar = window.menuBar()
    acts = WindowActions()

    def menu(parent, title: str) -> QMenu:
        m = parent.addMenu("")
        live.text(m.setTitle, title)
        return m

    def action(text: str, slot, shortcut, where: QMenu) -> QAction:
        a = QAction(window)
        live.text(a.setText, text)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(lambda _checked=False: slot())
        where.addAction(a)
        return a

    file_menu = menu(bar, QT_TR_NOOP("&File"))
    for text, shortcut, slot in (
        (QT_TR_NOOP("Open CIFAR-10 &folder…"), "Ctrl+O", window.open_cifar_folder),
        (QT_TR_NOOP("&Import CIFAR-10 archive…"), "Ctrl+I", window.import_archive),
        (QT_TR_NOOP("&Download CIFAR-10"), None, window.download_cifar),
        (QT_TR_NOOP("Open &image folder…"), None, window.open_image_folder),
        (QT_TR_NOOP("Use the built-in &sample images"), None, window.use_samples),
    ):
        a = action(text, slot, shortcut, file_menu)
        a.setEnabled(bool(window.engine_version))
        acts.data.append(a)
    file_menu.addSeparator()
    action(QT_TR_NOOP("&Save preset…"), window.save_preset_dialog, "Ctrl+S", file_menu)
    action(QT_TR_NOOP("&Open preset…"), window.open_preset_dialog, "Ctrl+Shift+O", file_menu)
    file_menu.addSeparator()
    lesson = window.lesson_bar
    action(QT_TR_NOOP("Open &lesson…"), lesson.open_dialog, "Ctrl+L", file_menu)
    action(QT_TR_NOOP("The &built-in lesson"), lesson.open_builtin, None, file_menu)
    action(QT_TR_NOOP("&Add this state as a lesson step…"), lesson.add_step_dialog, None, file_menu)
    action(QT_TR_NOOP("Save l&esson…"), lesson.save_dialog, None, file_menu)
    action(QT_TR_NOOP("&Close the lesson"), lesson.close_lesson, None, file_menu)
    export_menu = menu(file_menu, QT_TR_NOOP("&Export"))
    exporter = window.exporter
    for text, slot, pattern, name in (
        (QT_TR_NOOP("Plots as &PNG…"), exporter.plots_png, PNG, "activation-plots.png"),
        (QT_TR_NOOP("Plots as &SVG…"), exporter.plots_svg, SVG, "activation-plots.svg"),
        (QT_TR_NOOP("Curve data as &CSV…"), exporter.curves_csv, CSV, "activation-curves.csv"),
        (QT_TR_NOOP("Image &grid before/after as PNG…"), exporter.grid_png, PNG, "grid.png"),
        (QT_TR_NOOP("&Large before/after view as PNG…"), exporter.large_view_png, PNG, "view.png"),
    ):
        action(
            text,
            lambda s=slot, p=pattern, n=name: window.export_to(s, i18n.tr(p), n),
            None,
            export_menu,
        )
    action(QT_TR_NOOP("Split to a &TensorBoard log…"), window.tensorboard_dialog, None, export_menu)
    file_menu.addSeparator()
    action(QT_TR_NOOP("&Quit"), window.close, QKeySequence.StandardKey.Quit, file_menu)

    view = menu(bar, QT_TR_NOOP("&View"))
    action(QT_TR_NOOP("&Reset view"), lambda: window.explorer.curves.reset_view(), "Ctrl+0", view)
    zoom_in = action(QT_TR_NOOP("Zoom &in"), lambda: window.zoom(0.8), None, view)
    zoom_in.setShortcuts([QKeySequence("+"), QKeySequence("="), QKeySequence.StandardKey.ZoomIn])
    zoom_out = action(QT_TR_NOOP("Zoom &out"), lambda: window.zoom(1.25), None, view)
    zoom_out.setShortcuts([QKeySequence("-"), QKeySequence(QKeySequence.StandardKey.ZoomOut)])
    view.addSeparator()
    action(
        QT_TR_NOOP("&Next activation"),
        lambda: window.explorer.step_activation(1),
        "Ctrl+Down",
        view,
    )
    action(
        QT_TR_NOOP("&Previous activation"),
        lambda: window.explorer.step_activation(-1),
        "Ctrl+Up",
        view,
    )
    action(QT_TR_NOOP("Next &image"), lambda: window.step_image(1), "Ctrl+Right", view)
    action(QT_TR_NOOP("Previous i&mage"), lambda: window.step_image(-1), "Ctrl+Left", view)
    view.addSeparator()
    acts.classroom = action(
        QT_TR_NOOP("&Classroom mode (full screen, large)"), window.toggle_classroom, "F11", view
    )
    acts.classroom.setCheckable(True)
    acts.classroom.setChecked(style.LOOK.classroom)
    # Esc leaves classroom mode. Enabled only there, so elsewhere Esc reaches the widgets.
    leave = QAction(window)
    leave.setShortcut(QKeySequence("Esc"))
    leave.setEnabled(style.LOOK.classroom)
    leave.triggered.connect(lambda _checked=False: window.leave_classroom())
    window.addAction(leave)
    acts.leave_classroom = leave
    size_menu = menu(view, QT_TR_NOOP("Classroom si&ze"))
    size_menu.setToolTipsVisible(True)  # why a size is greyed out (it does not fit the screen)
    sizes = QActionGroup(window)
    for percent in style.CLASSROOM_PERCENTS:
        # A number with a per cent sign reads the same in every language: never translated.
        a = QAction(f"{percent} %", window)
        a.triggered.connect(lambda _checked=False, p=percent: window.set_classroom_percent(p))
        a.setCheckable(True)
        a.setChecked(style.LOOK.percent == percent)
        size_menu.addAction(a)
        sizes.addAction(a)
        acts.percents[percent] = a
    action(QT_TR_NOOP("Show PyTorch &code…"), window.show_code, "Ctrl+Shift+C", view)
    acts.side_panels = action(
        QT_TR_NOOP("Show the &side panels"), window.set_side_panels_visible, "Ctrl+B", view
    )
    acts.side_panels.setCheckable(True)
    acts.side_panels.setChecked(True)

    theme_menu = menu(view, QT_TR_NOOP("&Theme"))
    themes = QActionGroup(window)
    for key, text in choices.THEMES.items():
        a = action(text, lambda k=key: window.set_theme(k), None, theme_menu)
        a.setCheckable(True)
        a.setChecked(style.LOOK.theme == key)
        a.setData(key)
        themes.addAction(a)
        acts.themes[key] = a
    language_menu = menu(view, QT_TR_NOOP("&Language"))
    languages = QActionGroup(window)
    for key in i18n.LANGUAGES:
        # Each language is named in its own words: never translated.
        a = QAction(i18n.LANGUAGE_NAMES[key], window)
        a.triggered.connect(lambda _checked=False, k=key: window.set_language(k))
        a.setCheckable(True)
        a.setChecked(window.lang == key)
        a.setData(key)
        language_menu.addAction(a)
        languages.addAction(a)
        acts.languages[key] = a

    help_menu = menu(bar, QT_TR_NOOP("&Help"))
    action(
        QT_TR_NOOP("&About Activation Lab"),
        window.show_about,
        QKeySequence.StandardKey.HelpContents,
        help_menu,
    )
    return acts
