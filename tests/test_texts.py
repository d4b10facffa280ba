"""Info texts of the activations: both languages load, are well-formed, and say what torch does."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser

import pytest

from engine import catalogue, text_values, texts
from engine.text_render import HEADINGS, fill, info_html
from engine.texts import (
    BOOL_FIELDS,
    FIELDS,
    LESSON_KEYS,
    LIST_FIELDS,
    SMOOTHNESS,
    load_activation_texts,
)
from tests.html_check import check_fragment

LANGS = ("en", "zh_CN")
ALL_KEYS = tuple(catalogue.keys())
# Fields holding text (rich text, or plain text for ``pytorch``); the others are structured.
TEXT_FIELDS = tuple(f for f in FIELDS if f not in BOOL_FIELDS and f != "smooth")
ALLOWED_TAGS = {"i", "b", "sup", "sub", "code", "br"}


def _all_strings(entry: dict) -> list[str]:
    out: list[str] = []
    for field in TEXT_FIELDS:
        value = entry[field]
        out.extend(value if isinstance(value, list) else [value])
    return out


def _plain(fragment: str) -> str:
    """Text of a rich-text fragment, tags dropped and entities resolved."""

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.chunks: list[str] = []

        def handle_data(self, data: str) -> None:
            self.chunks.append(data)

    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.chunks)


def _balance_problems(fragment: str, allowed: set[str] | None = ALLOWED_TAGS) -> list[str]:
    return check_fragment(fragment, allowed).problems


# --- files and loader -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_language_file_loads_with_all_keys_and_fields(lang):
    data = load_activation_texts(lang)
    assert list(data) == list(ALL_KEYS)  # every catalogue key, in catalogue order
    for key in ALL_KEYS:
        entry = data[key]
        assert set(entry) == set(FIELDS), key
        for field in FIELDS:
            value = entry[field]
            if field in LIST_FIELDS:
                assert 2 <= len(value) <= 4, (lang, key, field)
                assert all(item.strip() for item in value), (lang, key, field)
            elif field in BOOL_FIELDS:
                assert isinstance(value, bool), (lang, key, field)
            elif field == "smooth":
                assert value in SMOOTHNESS, (lang, key)
            elif field != "note":
                assert value.strip(), (lang, key, field)


@pytest.mark.parametrize("lang", LANGS)
def test_file_header(lang):
    path = texts.resource_path("texts", lang, "activations.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format"] == texts.FORMAT_VERSION
    assert raw["language"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_no_latex(lang):
    for key, entry in load_activation_texts(lang).items():
        for text in _all_strings(entry):
            for marker in ("\\frac", "$", "\\(", "\\[", "\\sigma", "^{", "_{"):
                assert marker not in text, (lang, key, marker, text)


@pytest.mark.parametrize("lang", LANGS)
def test_rich_text_fragments_are_balanced(lang):
    for key, entry in load_activation_texts(lang).items():
        for field in TEXT_FIELDS:
            if field == "pytorch":
                continue  # plain text, escaped by info_html
            value = entry[field]
            for text in value if isinstance(value, list) else [value]:
                assert _balance_problems(text) == [], (lang, key, field, text)


@pytest.mark.parametrize("lang", LANGS)
def test_pytorch_calls_name_real_modules(lang):
    nn = pytest.importorskip("torch.nn")
    for key, entry in load_activation_texts(lang).items():
        call = entry["pytorch"]
        spec = catalogue.get(key)
        if not spec.in_torch_nn:  # Swish: this program's own module, not in torch.nn
            assert call.startswith(spec.module.rsplit(".", 1)[1] + "("), (key, call)
            continue
        assert call.startswith("nn."), (key, call)
        name = call[3:].split("(")[0]
        assert isinstance(getattr(nn, name, None), type), (key, call)
        assert name == spec.module.rsplit(".", 1)[1], (key, call)


def test_chinese_text_is_chinese_and_uses_lesson_terms():
    zh = load_activation_texts("zh_CN")
    everything = "".join(s for entry in zh.values() for s in _all_strings(entry))
    for term in (
        "激活函数",
        "梯度消失",
        "饱和",
        "死亡 ReLU",
        "以零为中心",
        "隐藏层",
        "输出层",
        "二分类",
        "多分类",
        "回归",
        "循环神经网络",
    ):
        assert term in everything, term
    for key in LESSON_KEYS:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh[key]["title"] + zh[key]["note"]), key


def test_unknown_language_falls_back_to_english():
    assert load_activation_texts("fr") == load_activation_texts("en")
    assert info_html("relu", "de") == info_html("relu", "en")
    assert texts.normalize_language("zh-CN") == "zh_CN"
    assert texts.normalize_language("zh_CN.UTF-8") == "zh_CN"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"format": 2, "language": "en", "activations": {}}, "format version"),
        ({"language": "en", "activations": {}}, "format version"),
        ({"format": 1, "language": "en"}, "activations"),
        (
            {"format": 1, "language": "en", "activations": {"relu": {"title": "ReLU"}}},
            "misses field",
        ),
    ],
)
def test_bad_file_raises_value_error(tmp_path, monkeypatch, payload, message):
    (tmp_path / "texts" / "en").mkdir(parents=True)
    (tmp_path / "texts" / "en" / "activations.json").write_text(
        json.dumps(payload), encoding="utf-8"
    )
    monkeypatch.setattr(texts, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    load_activation_texts.cache_clear()
    try:
        with pytest.raises(ValueError, match=message):
            load_activation_texts("en")
    finally:
        load_activation_texts.cache_clear()


def test_loader_is_cached():
    assert load_activation_texts("en") is load_activation_texts("en")


# --- info_html ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ALL_KEYS)
def test_info_html_contents(key, lang):
    entry = load_activation_texts(lang)[key]
    values = text_values.compute_values()
    page = info_html(key, lang, values=values)
    assert page is not None
    assert page.startswith(f"<h2>{fill(entry['title'], key, values)}</h2>")
    for field in ("formula", "derivative", "range"):
        assert fill(entry[field], key, values) in page
    for field in ("properties", "pros", "cons", "use", "pytorch", "formula", "derivative"):
        assert HEADINGS[lang][field] in page, (key, lang, field)
    other = "en" if lang == "zh_CN" else "zh_CN"
    for field in ("properties", "pros", "cons"):
        assert HEADINGS[other][field] not in page
    assert f"<code>{html.escape(entry['pytorch'])}</code>" in page
    for item in entry["cons"]:
        assert f"<li>{fill(item, key, values)}</li>" in page
    assert _balance_problems(page, allowed=None) == []
    assert "$" not in page and "\\frac" not in page


def test_info_html_chinese_headings():
    page = info_html("sigmoid", "zh_CN")
    for heading in ("公式", "导数", "性质", "优点", "缺点", "适用场景", "PyTorch 调用"):
        assert heading in page
    assert "Properties" not in page


def test_info_html_heading_override():
    page = info_html("tanh", "en", headings={"pros": "Strengths"})
    assert "<h3>Strengths</h3>" in page
    assert "<h3>Cons</h3>" in page


def test_info_html_unknown_key():
    assert info_html("gelu", "en") is not None  # every catalogue key has a text now
    assert info_html("no_such_activation", "zh_CN") is None
    assert info_html("no_such_activation", "en") is None


# --- numeric claims, checked against torch ----------------------------------------------------


def _grad_at(module, value: float) -> float:
    torch = pytest.importorskip("torch")
    x = torch.tensor(value, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(module(x), x)
    return g.item()


def _values():
    return text_values.compute_values()


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def test_sigmoid_maps_pixels_into_half_to_0731(torch):
    y = torch.sigmoid(torch.tensor([0.0, 1.0]))
    assert y[0].item() == pytest.approx(0.5)
    assert y[1].item() == pytest.approx(0.7311, abs=5e-5)
    pixels = torch.arange(256, dtype=torch.float32) / 255.0
    out = torch.nn.Sigmoid()(pixels)
    assert out.min().item() >= 0.5 and out.max().item() <= 0.7311 + 1e-4
    for lang in LANGS:
        note = _plain(fill(load_activation_texts(lang)["sigmoid"]["note"], "sigmoid", _values()))
        assert "[0.5, 0.731]" in note and "0.7311" in note


def test_sigmoid_derivative_max_quarter_at_zero(torch):
    x = torch.linspace(-8, 8, 16001, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(torch.nn.Sigmoid()(x).sum(), x)
    i = int(g.argmax())
    assert g[i].item() == pytest.approx(0.25, abs=1e-9)
    assert x[i].item() == pytest.approx(0.0, abs=1e-9)
    s = torch.sigmoid(x.detach())
    assert torch.allclose(g, s * (1 - s))
    for lang in LANGS:
        derivative = load_activation_texts(lang)["sigmoid"]["derivative"]
        derivative = fill(derivative, "sigmoid", _values())
        assert "σ′(0) = 0.25" in derivative


def test_tanh_derivative_one_at_zero_and_identity(torch):
    assert _grad_at(torch.nn.Tanh(), 0.0) == pytest.approx(1.0)
    x = torch.linspace(-5, 5, 1001, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(torch.tanh(x).sum(), x)
    assert g.max().item() == pytest.approx(1.0)
    assert torch.allclose(g, 1 - torch.tanh(x.detach()) ** 2)
    assert torch.allclose(torch.tanh(x), 2 * torch.sigmoid(2 * x) - 1)


def test_relu_grad_at_zero_is_zero(torch):
    assert _grad_at(torch.nn.ReLU(), 0.0) == 0.0
    assert "PyTorch uses 0 at" in load_activation_texts("en")["relu"]["derivative"]
    assert "PyTorch 取 0" in load_activation_texts("zh_CN")["relu"]["derivative"]


def test_leaky_relu_grad_at_zero_is_alpha(torch):
    for slope in (0.01, 0.2):
        m = torch.nn.LeakyReLU(negative_slope=slope)
        assert _grad_at(m, 0.0) == pytest.approx(slope)
        assert _grad_at(m, 1.0) == pytest.approx(1.0)
        assert _grad_at(m, -1.0) == pytest.approx(slope)
    assert torch.nn.LeakyReLU().negative_slope == 0.01
    assert "PyTorch uses α at" in load_activation_texts("en")["leaky_relu"]["derivative"]
    assert "PyTorch 取 α" in load_activation_texts("zh_CN")["leaky_relu"]["derivative"]


def test_swish_minimum(torch):
    x = torch.linspace(-4, 0, 400001, dtype=torch.float64)
    y = torch.nn.SiLU()(x)
    i = int(y.argmin())
    assert y[i].item() == pytest.approx(-0.2785, abs=5e-5)
    assert x[i].item() == pytest.approx(-1.2785, abs=5e-4)
    for lang in LANGS:
        rng = _plain(fill(load_activation_texts(lang)["swish"]["range"], "swish", _values()))
        assert "−0.2785" in rng and "−1.2785" in rng and "−0.278," in rng


def test_swish_derivative_formula(torch):
    for beta in (0.5, 1.0, 2.0):
        x = torch.linspace(-6, 6, 601, dtype=torch.float64, requires_grad=True)
        (g,) = torch.autograd.grad((x * torch.sigmoid(beta * x)).sum(), x)
        xd = x.detach()
        s = torch.sigmoid(beta * xd)
        assert torch.allclose(g, s + beta * xd * s * (1 - s))
    x = torch.linspace(-6, 6, 601, dtype=torch.float64)
    assert torch.allclose(torch.nn.SiLU()(x), x * torch.sigmoid(x))


def test_softmax_two_logits_is_sigmoid(torch):
    x = torch.linspace(-10, 10, 2001, dtype=torch.float64)
    logits = torch.stack([x, torch.zeros_like(x)], dim=1)
    s = torch.nn.Softmax(dim=1)(logits)
    assert torch.allclose(s[:, 0], torch.sigmoid(x))
    assert torch.allclose(s.sum(dim=1), torch.ones_like(x))


def test_softmax_jacobian_and_shift_invariance(torch):
    logits = torch.tensor([1.5, -0.3, 0.2, 2.0], dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=0), logits)
    s = torch.softmax(logits, dim=0)
    expected = torch.diag(s) - torch.outer(s, s)  # s_i (δ_ij − s_j)
    assert torch.allclose(jac, expected)
    assert torch.allclose(torch.diagonal(jac), s * (1 - s))
    assert torch.allclose(torch.softmax(logits + 100.0, dim=0), s)


def test_cross_entropy_applies_log_softmax(torch):
    logits = torch.tensor([[2.0, -1.0, 0.5]], dtype=torch.float64)
    target = torch.tensor([0])
    ce = torch.nn.CrossEntropyLoss()(logits, target)
    nll = torch.nn.NLLLoss()(torch.nn.LogSoftmax(dim=1)(logits), target)
    assert ce.item() == pytest.approx(nll.item())


def test_relu_inplace_overwrites_input(torch):
    x = torch.tensor([-1.0, 0.5])
    y = torch.nn.ReLU(inplace=True)(x)
    assert y.data_ptr() == x.data_ptr() and x[0].item() == 0.0
    pixels = torch.rand(2, 3, 4, 4)
    assert torch.equal(torch.nn.ReLU()(pixels), pixels)


def test_prelu_initial_slope(torch):
    assert torch.nn.PReLU().weight.item() == pytest.approx(0.25)


# --- what a careful lecturer asked to correct (issue: teach it right) --------------------------


def _text(lang: str, key: str) -> str:
    entry = load_activation_texts(lang)[key]
    return _plain(" ".join(_all_strings(entry)))


def test_leaky_relu_claims_no_cure_and_no_sure_gain():
    en, zh = _text("en", "leaky_relu"), _text("zh_CN", "leaky_relu")
    assert "Fixes dying" not in en and "Eases dying ReLU" in en
    assert "缓解" in zh and "略好" not in zh
    assert "no gain over ReLU" in en and "并不比 ReLU 更好" in zh


def test_elu_derivative_at_zero_is_alpha(torch):
    m = torch.nn.ELU(alpha=2.0)
    assert _grad_at(m, 0.0) == pytest.approx(2.0)
    assert "PyTorch uses α at" in load_activation_texts("en")["elu"]["derivative"]
    assert "PyTorch 取 α" in load_activation_texts("zh_CN")["elu"]["derivative"]


def test_gru_has_no_output_tanh(torch):
    gru = torch.nn.GRUCell(3, 4)
    x, h = torch.randn(1, 3), torch.randn(1, 4) * 5
    # the new state is a convex mix of the old one and the tanh candidate: it can leave (−1, 1)
    assert gru(x, h).abs().max() > 1
    assert "a GRU has no output tanh" in _text("en", "tanh")
    assert "GRU 的输出没有 tanh" in _text("zh_CN", "tanh")


def test_gelu_and_swiglu_as_practised_today():
    assert "SwiGLU" in _text("en", "gelu") and "BERT and GPT-2" in _text("en", "gelu")
    assert "SwiGLU" in _text("zh_CN", "gelu")
    assert "standard choice in Transformers" not in _text("en", "gelu")


def test_sigmoid_image_note_says_grey_and_low_contrast():
    zh = _text("zh_CN", "sigmoid")
    assert "发灰、对比度降低" in zh and "发白" not in zh
    assert "grey with low contrast" in _text("en", "sigmoid")


@pytest.mark.parametrize("key", ["softmax", "softmin", "log_softmax"])
def test_softmax_dim_as_in_the_editor(key):
    """The notes write the same dim the parameter editor shows (``spec.call()``)."""
    call = catalogue.get(key).call()
    for lang in LANGS:
        entry = load_activation_texts(lang)[key]
        assert "dim=-1" in call and "dim=-1" in entry["pytorch"]
        assert "dim=1)" not in entry["note"]


def test_prelu_and_gelu_chinese_reads_naturally():
    zh = load_activation_texts("zh_CN")
    assert "PReLU 即把负半轴斜率当作可学习权重的 LeakyReLU" in zh["prelu"]["properties"][0]
    everything = "".join(s for entry in zh.values() for s in _all_strings(entry))
    for phrase in ("浅浅的下凹", "0 的左侧紧邻处斜率", "下凹略深", "零中心的"):
        assert phrase not in everything, phrase


def test_info_panel_fills_in_the_numbers_once_torch_has_computed_them(qtbot, monkeypatch):
    """Before the worker has run torch the notes show "…"; refresh() puts torch's numbers in."""
    from engine.text_render import PENDING
    from gui.info_panel import InfoPanel

    values = text_values.compute_values()
    monkeypatch.setattr(text_values, "_texts", None)
    panel = InfoPanel()
    qtbot.addWidget(panel)
    panel.show_activation(catalogue.get("sigmoid"))
    before = panel.toPlainText()
    assert PENDING in before and "0.7311" not in before and "{{" not in before
    monkeypatch.setattr(text_values, "_texts", values)
    panel.refresh()
    after = panel.toPlainText()
    assert "σ′(0) = 0.25" in after and "0.7311" in after and "{{" not in after


def test_window_shows_torchs_numbers_in_notes_and_guide(qtbot, main_window):
    """After start the notes and the guide carry the numbers torch computed, never "…"."""
    from engine.text_render import PENDING

    # let the image browser finish loading too, so that closing does not cut a load short
    qtbot.waitUntil(lambda: main_window.images is not None, timeout=60_000)
    qtbot.waitUntil(lambda: main_window.images.is_settled, timeout=60_000)
    values = text_values.current_values()
    assert values is not None
    main_window.explorer.select("sigmoid")
    info = main_window.explorer.info.toPlainText()
    assert "σ′(0) = " + values["sigmoid"]["df0"] in info and PENDING not in info
    guide = main_window.guide.browser.toPlainText()
    assert values["guide"]["g_long"] in guide and PENDING not in guide
