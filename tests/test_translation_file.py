"""The shipped translation is complete and keeps every placeholder of its source texts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from engine.resources import resource_path

TS = resource_path("i18n", "activation_lab_zh_CN.ts")
QM = resource_path("i18n", "activation_lab_zh_CN.qm")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def messages():
    for message in ET.parse(TS).iter("message"):
        yield message.find("source").text, message.find("translation")


def test_every_message_is_translated():
    unfinished = [src for src, tr in messages() if tr.get("type") or not (tr.text or "").strip()]
    assert not unfinished
    assert len(list(messages())) > 300


def test_translations_keep_placeholders_and_accelerators():
    for source, translation in messages():
        text = translation.text
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), source
        if re.search(r"&[A-Za-z]", source):
            assert re.search(r"\(&[A-Z]\)", text), f"{source!r} lost its shortcut letter"


def test_the_compiled_file_is_present_and_loads(qapp):
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert QM.exists() and translator.load(str(QM))
    assert translator.translate("", "Explorer") == "探索"


def test_data_errors_are_shown_in_chinese(qapp, tmp_path):
    from engine.data_sources import open_data
    from engine.datasets import DataError
    from gui import i18n
    from gui.i18n import tr_message
    from tests.cifar_fixtures import write_cifar10

    write_cifar10(tmp_path, n_test=3, n_train_per_batch=3)
    (tmp_path / "cifar-10-batches-py" / "test_batch").write_bytes(b"")
    try:
        open_data(tmp_path)
    except DataError as exc:
        error = exc
    assert str(error) == "test_batch: empty file"
    i18n.install("zh_CN")
    try:
        assert tr_message(error.message) == "test_batch：空文件"
    finally:
        i18n.install("en")
    assert tr_message(error.message) == "test_batch: empty file"
