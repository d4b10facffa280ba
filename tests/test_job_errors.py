"""A failed job reaches the code that asked with the exception object, and the user reads the
exception's own message in the language shown — never "Type: message"."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication

from engine.datasets import DataError
from engine.messages import QT_TR_NOOP, Message
from engine.network_weights import WeightsError
from gui import i18n
from gui.bridge import JobBridge
from gui.errors import error_text, message_of

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
WAIT_MS = 10_000


@pytest.fixture
def chinese(qtbot):
    assert i18n.install("zh_CN")
    yield
    i18n.install("en")


def test_message_of_finds_the_engine_message() -> None:
    message = Message(QT_TR_NOOP("{path}: no such folder"), path="/x")
    assert message_of(DataError(message)) is message
    assert message_of(WeightsError(message)) is message
    assert message_of(RuntimeError("plain")) is None


def test_engine_error_is_shown_translated(chinese) -> None:
    exc = DataError(Message(QT_TR_NOOP("{path}: no such folder"), path="/data/cifar"))
    # The translation in resources/i18n/activation_lab_zh_CN.ts, filled in.
    assert error_text(exc) == "/data/cifar：文件夹不存在"


def test_engine_error_in_english_is_its_own_text(qtbot) -> None:
    i18n.install("en")
    exc = DataError(Message(QT_TR_NOOP("{path}: no such folder"), path="/data/cifar"))
    assert error_text(exc) == "/data/cifar: no such folder"
    assert "DataError" not in error_text(exc)


@pytest.mark.parametrize(
    "exc",
    [RuntimeError("mat1 and mat2 shapes cannot be multiplied"), ValueError("boom"), KeyError("k")],
)
def test_unexpected_error_shows_no_type_and_no_english(chinese, exc: BaseException) -> None:
    text = error_text(exc)
    assert HAN.search(text)
    assert type(exc).__name__ not in text and str(exc) not in text
    assert not LATIN_WORD.search(text)


def test_memory_and_file_errors_are_translated(chinese) -> None:
    assert error_text(MemoryError()) == "内存不足，无法完成此计算"
    text = error_text(FileNotFoundError(2, "No such file or directory", "/tmp/x.pt"))
    assert text == "无法使用文件 /tmp/x.pt"


def test_a_jobs_error_reaches_on_error_and_is_shown_in_chinese(qtbot, chinese) -> None:
    bridge = JobBridge()
    try:
        raised: list[BaseException] = []
        got: list[BaseException] = []
        shown: list[str] = []

        def job(ctx) -> object:
            exc = WeightsError(
                Message(QT_TR_NOOP("{path}: no such folder"), path="/media/usb/race.pt")
            )
            raised.append(exc)
            raise exc

        def on_error(exc: BaseException) -> None:
            got.append(exc)
            shown.append(error_text(exc))

        bridge.submit("k", job, on_done=lambda v: shown.append("done?"), on_error=on_error)
        qtbot.waitUntil(lambda: bool(shown), timeout=WAIT_MS)
        assert got == raised and got[0] is raised[0]
        assert shown == ["/media/usb/race.pt：文件夹不存在"]
    finally:
        bridge.shutdown()


def test_bad_folder_in_the_chinese_window_says_why_in_chinese(qtbot, main_window, tmp_path):
    window = main_window
    qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
    window.set_language("zh_CN")
    before = window.images.state.image_set
    missing = tmp_path / "nowhere"
    window.open_data(missing)
    qtbot.waitUntil(lambda: window.images.error.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.is_settled, timeout=WAIT_MS)
    assert window.images.state.image_set is before  # the previous images stay
    assert window.images.error.text() == f"无法加载：{missing}：文件夹不存在"
    # The exception is kept, so a language switch re-renders its message.
    window.set_language("en")
    QCoreApplication.processEvents()
    assert window.images.error.text() == f"Could not load: {missing}: no such folder"


def test_hostile_weights_in_the_chinese_network_lab_say_why_in_chinese(
    qtbot, main_window, tmp_path
):
    window = main_window
    qtbot.waitUntil(
        lambda: window.network is not None and window.image_state.image_set is not None,
        timeout=60_000,
    )
    window.set_language("zh_CN")
    window.show_panel("labs-network")
    lab = window.network
    bad = tmp_path / "race.pt"
    bad.write_bytes(b"not a torch file at all")
    messages: list[str] = []
    lab.message.connect(messages.append)
    lab.open_weights(bad)
    qtbot.waitUntil(lambda: bool(messages), timeout=WAIT_MS)
    [text] = messages
    assert text.startswith("网络实验：")
    assert lab.status.text() == text
    # The weights check's own refusal, translated (it names the pickle opcode's error itself).
    assert text.startswith("网络实验：race.pt：已拒绝")
    assert "WeightsError" not in text and "Traceback" not in text
