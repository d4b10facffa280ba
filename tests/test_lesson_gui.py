"""Lesson mode in the window, and the Guide's link into the XOR lab."""

from __future__ import annotations

from PySide6.QtCore import QUrl


def test_guide_link_opens_the_xor_lab_on_xor(qtbot, main_window):
    qtbot.waitUntil(lambda: "labs-xor" in main_window.labs, timeout=60_000)
    xor = main_window.labs["labs-xor"]
    xor.set_dataset("circles")
    main_window.show_panel("guide")
    main_window.guide.show_page("why")
    main_window.guide.browser.anchorClicked.emit(QUrl("panel:labs-xor"))
    assert main_window.current_panel() == "labs-xor"
    assert xor.dataset_combo.currentData() == "xor"
    qtbot.waitUntil(lambda: xor.is_settled and xor.frame.dataset.name == "xor", timeout=60_000)
