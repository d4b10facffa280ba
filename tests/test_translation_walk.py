"""Every visible text in zh_CN is Chinese, and in en is English (proper names excepted)."""

from __future__ import annotations

import re

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from engine import catalogue
from gui import style
from gui.main_window import MainWindow

# Names and code that stay as they are in both languages.
PROPER = {
    "pytorch", "torch", "nn", "cifar", "tensorboard", "add_images", "totensor", "normalize",
    "rgb", "png", "svg", "csv", "json", "mb", "esc", "ctrl", "activation", "lab", "inplace",
    "true", "false", "max", "min", "exp", "log", "logit", "logits", "sigmoid", "tanh", "softmax",
    "xor", "dim", "adam", "sgd", "xavier", "glorot", "kaiming", "he", "fan_in", "mean", "std",
    "lambd", "alpha", "beta", "init", "min_val", "max_val", "threshold", "value", "lower",
    "upper", "approximate", "negative_slope", "others", "none", "gz", "tar", "py", "batches",
    "cifar-10-python", "cifar-10-batches-py", "bwr", "relu", "conv", "laplacian", "swish",
    "silu", "gelu", "mish", "leakyrelu", "elu", "selu", "celu", "prelu", "rrelu", "softplus",
    "hardtanh", "hardswish", "hardsigmoid", "logsigmoid", "softsign", "tanhshrink", "softshrink",
    "hardshrink", "softmin", "logsoftmax", "tb", "id", "ok", "of", "tensor",
    "english",  # the language menu names each language in its own words
    # technical names that Chinese texts also write in Latin letters
    "python", "transformer", "transformers", "bert", "gpt", "erf", "convnext", "cnn", "cnns",
    "mlp", "mlps", "rnn", "rnns", "lstm", "gru", "gan", "gans", "efficientnet", "mobilenet",
    "mobilenetv3", "resnet", "imagenet", "softmax2d", "bce", "bcewithlogitsloss",
    "crossentropyloss", "nllloss", "glu", "lecun", "alexnet", "batchnorm", "sleef", "relu6",
    "ssd", "fp16", "int8", "tanh'", "sigmoid'", "w_total", "b_total", "xavier_uniform_",
    "kaiming_normal_", "float", "float32", "inf", "nan", "total", "swiglu", "float64",
    "ht",  # h_t and h_T: the hidden state with its index, as plain text reads it
    "autograd",  # PyTorch's engine, named as in its documentation
    "meta", "test_batch", "data_batch",  # CIFAR-10's file names (batches.meta, data_batch_1)
    "fc",  # the network's layer names (fc1, conv2) as in its code
}  # fmt: skip
PROPER |= {s.name.lower() for s in catalogue.CATALOGUE}
PROPER |= {p.name.lower() for s in catalogue.CATALOGUE for p in s.params}
CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z][A-Za-z_'\-]*[A-Za-z]")


def english_words(text: str) -> list[str]:
    text = re.sub(r"<code>.*?</code>", " ", text, flags=re.S)  # code and PyTorch's own messages
    text = re.sub(r"<[^>]+>", " ", text)  # markup
    text = re.sub(r"&[a-z]+;", " ", text)
    text = re.sub(r"\([&][A-Z]\)", " ", text)  # accelerators like 文件(&F)
    text = re.sub(r"\b(?:nn|torch)\.[A-Za-z0-9_.]+(?:\([^)]*\))?", " ", text)  # code
    text = re.sub(r"[A-Za-z_]+\([^)]*\)", " ", text)  # calls such as f(x), Swish(beta=1)
    words = WORD.findall(text)
    return [w for w in words if w.lower() not in PROPER and w.lower().strip("'") not in PROPER]


def visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) for every widget, action, menu, tab, tooltip and plot label."""
    found: list[tuple[str, str]] = [("title", window.windowTitle())]
    for w in window.findChildren(QWidget):
        name = f"{type(w).__name__}:{w.objectName()}"
        if w.toolTip():
            found.append((name + " tooltip", w.toolTip()))
        if isinstance(w, (QLabel, QAbstractButton)):
            found.append((name, w.text()))
        elif isinstance(w, QComboBox):
            found += [(name, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            found += [(name, w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            found.append((name, w.title()))
        elif isinstance(w, QLineEdit):
            found.append((name, w.placeholderText()))
        elif isinstance(w, QTextBrowser):
            found.append((name, w.toPlainText()))
        elif isinstance(w, QMenu):
            found.append((name, w.title()))
        elif isinstance(w, pg.GraphicsView):
            for item in w.scene().items():
                if isinstance(item, pg.LabelItem):
                    found.append((name + " label", item.text))
                elif isinstance(item, pg.TextItem):
                    found.append((name + " text", item.toPlainText()))
    for action in window.findChildren(type(window.menuBar().actions()[0])):
        found.append(("action", action.text()))
        if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
            found.append(("action tooltip", action.toolTip()))
    return [(where, t) for where, t in found if t]


@pytest.fixture
def walked(qtbot, tmp_path):
    windows = []

    def build(lang: str, start_in: str | None = None):
        """A window in ``lang``; with ``start_in``, built in that language and switched live."""
        settings = QSettings(str(tmp_path / f"{lang}.ini"), QSettings.Format.IniFormat)
        first = start_in or lang
        window = MainWindow(lang=first, settings=settings, data_dir=tmp_path / "appdata")
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        window.start()
        qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
        for name in window.panels:  # visit every panel so lazily built parts exist
            window.show_panel(name)
            qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
        for key in ("leaky_relu", "hardtanh", "softmax", "gelu"):  # editors of every kind
            window.explorer.select(key)
        if start_in is not None:
            window.set_language(lang)
            qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
        windows.append(window)
        return window

    yield build
    for w in windows:
        w.close()
    from gui import i18n

    i18n.install("en")
    style.apply(QApplication.instance(), theme="light", classroom=False)


@pytest.mark.parametrize("start_in", [None, "en"])
def test_zh_cn_shows_no_untranslated_english(walked, start_in):
    window = walked("zh_CN", start_in)
    problems = []
    for where, text in visible_texts(window):
        words = english_words(text)
        if words:
            problems.append(f"{where}: {text!r} → {words}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("start_in", [None, "zh_CN"])
def test_en_shows_no_chinese_except_the_programs_name(walked, start_in):
    window = walked("en", start_in)
    allowed = {"激活函数实验室", "中文"}
    problems = []
    for where, text in visible_texts(window):
        rest = text
        for a in allowed:
            rest = rest.replace(a, "")
        if CJK.search(rest):
            problems.append(f"{where}: {text!r}")
    assert not problems, "\n".join(problems)


def test_zh_cn_with_cifar_loaded_and_every_lab_run_shows_no_english(qtbot, tmp_path, cifar_dir):
    """The issue's walk: a CIFAR-10 copy loaded (unverified: the fixture's checksums differ),
    every lab run once, the status line and the legends included."""
    settings = QSettings(str(tmp_path / "zh.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        lang="zh_CN", settings=settings, data_dir=tmp_path / "appdata", cifar_root=cifar_dir
    )
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    try:
        qtbot.waitUntil(lambda: window.is_settled and window.network is not None, timeout=60_000)
        window.show_panel("images")
        qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
        assert window.image_state.image_set.kind == "cifar10"
        texts = [("status", window.statusBar().currentMessage())]
        assert texts[0][1]  # the loaded source is announced
        window.explorer_state.set_checked("swish", True)
        window.explorer_state.set_params("swish", {"beta": 5.0})  # legends carry parameters
        for name in window.panels:
            window.show_panel(name)
            qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
        xor = window.labs["labs-xor"]
        window.show_panel("labs-xor")
        xor.step_once()
        qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
        window.show_panel("labs-softmax")
        window.labs["labs-softmax"].overflow_button.click()
        network = window.network
        window.show_panel("labs-network")
        network.epochs_spin.setValue(1)
        with qtbot.waitSignal(network.pointsShown, timeout=120_000):
            network.start_button.click()
        network.stop_button.click()
        qtbot.waitUntil(lambda: window.is_settled, timeout=60_000)
        texts += [("readout", window.explorer.curves.show_crosshair(-1.0))]
        texts += [("status", window.statusBar().currentMessage())]
        problems = []
        for where, text in texts + visible_texts(window):
            words = english_words(text)
            if words:
                problems.append(f"{where}: {text!r} → {words}")
        assert not problems, "\n".join(problems)
    finally:
        window.close()
        from gui import i18n

        i18n.install("en")
