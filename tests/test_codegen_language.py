"""Show code speaks the user's language: comments and docstrings of every script in zh_CN in the
Chinese UI (and with --export-code --lang zh_CN), in English otherwise; the code is the same."""

from __future__ import annotations

import ast
import io
import re
import tokenize

import pytest

from engine import catalogue
from engine.codegen import comment, wrap
from engine.codegen_export import CODE_PANELS, CodeState, DepthCode, XorCode, script_for
from engine.formula_spec import make_spec
from engine.network_config import Contestant, RaceConfig
from tests.test_codegen import run_script, write

CJK = re.compile(r"[\u4e00-\u9fff]")
# Comments that are names in code, the same in every language.
CODE_ONLY = {"nn.init.xavier_uniform_", "nn.init.kaiming_normal_"}


@pytest.fixture(autouse=True)
def forget_own_activations():
    before = dict(catalogue._USER)
    yield
    catalogue._USER.clear()
    catalogue._USER.update(before)


@pytest.fixture
def zh(qapp):
    from gui import i18n

    assert i18n.install("zh_CN")
    yield i18n.tr
    i18n.install("en")


def state_with_everything() -> CodeState:
    """Every kind of class a script can hold: an own activation (one whose f′ needs the graph
    note), Swish, and the Softmax family."""
    state = CodeState()
    own = make_spec("x * sigmoid(b*x)")
    step = make_spec("where(x > 0, 1, 0)")
    for spec in (own, step):
        state.explorer.add_activation(spec)
    state.explorer.set_checked("swish", True)
    state.explorer.set_checked("softmax", True)
    state.xor = XorCode(own, {"b": 2.0}, "circles", lr_schedule=((0, 0.05), (3, 0.2)), steps=5)
    state.depth = DepthCode([(own, {"b": 2.0}), (catalogue.get("relu"), {})], init="xavier")
    state.network = RaceConfig(contestants=(Contestant(own.key), Contestant("swish")))
    state.data_kind = "samples"  # the network script carries the sample generator
    return state


def notes(text: str) -> list[str]:
    """Every comment and docstring of a script, in order."""
    out = [
        tok.string.lstrip("#").strip()
        for tok in tokenize.generate_tokens(io.StringIO(text).readline)
        if tok.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)):
            doc = ast.get_docstring(node)
            if doc:
                out.append(doc)
    return out


def code_only(text: str) -> list[tuple[int, str]]:
    """The script without comments and docstrings: what runs."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(
            node
        ):
            node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree)


@pytest.mark.parametrize("panel", CODE_PANELS)
def test_every_comment_follows_the_language(zh, panel, tmp_path):
    state = state_with_everything()
    state.cifar_root = tmp_path  # images and network: the folder branch of the script
    chinese = script_for(panel, state, zh)
    from gui import i18n

    i18n.install("en")
    english = script_for(panel, state)
    assert not CJK.search(english)
    assert code_only(chinese) == code_only(english)  # the same program
    zh_notes, en_notes = notes(chinese), notes(english)
    assert len(zh_notes) >= 3
    for note in zh_notes:
        assert CJK.search(note) or note in CODE_ONLY, note
    assert [n for n in en_notes if n in CODE_ONLY] == [n for n in zh_notes if n in CODE_ONLY]


def test_chinese_script_runs_and_prints_what_the_english_one_prints(zh, tmp_path):
    state = state_with_everything()
    for panel in ("explorer", "labs-softmax", "labs-xor"):
        chinese = run_script(write(tmp_path, script_for(panel, state, zh), "zh.py"), tmp_path)
        english = run_script(write(tmp_path, script_for(panel, state), "en.py"), tmp_path)
        assert chinese == english, panel


def test_wrap_breaks_chinese_between_characters_and_english_at_spaces():
    zh = "没有激活函数时，各层会合并成一个线性映射，它的决策边界是一条直线：无法分开 XOR。" * 2
    lines = comment(zh, "    ")
    assert "".join(ln[6:] for ln in lines) == zh
    assert all(len(ln.encode("gbk")) <= 92 for ln in lines)  # GBK: 2 bytes per CJK character
    words = "the quick brown fox " * 12
    assert " ".join(wrap(words, 30)) == words.strip()
    assert all(len(ln) <= 30 for ln in wrap(words, 30))


def test_export_code_writes_comments_in_the_language_of_lang(tmp_path):
    from tests.test_main import run_main

    for lang, want_cjk in (("zh_CN", True), ("en", False), (None, False)):
        path = tmp_path / f"xor_{lang}.py"
        extra = ["--lang", lang] if lang else []
        result = run_main("--export-code", "labs-xor", str(path), *extra)
        assert result.returncode == 0, result.stderr
        text = path.read_text(encoding="utf-8")
        assert bool(CJK.search(text)) == want_cjk, lang
        assert bool(CJK.search(result.stdout)) == want_cjk, lang  # the printed line too
        assert all(CJK.search(n) for n in notes(text)) == want_cjk


def test_code_dialog_follows_a_language_switch(qtbot, main_window):
    from gui.code_state import code_state
    from gui.i18n import tr

    qtbot.waitUntil(lambda: main_window.is_settled, timeout=60_000)
    dialog = main_window.show_code("explorer")
    assert not CJK.search(dialog.text)
    main_window.set_language("zh_CN")
    try:
        assert CJK.search(dialog.text)
        assert dialog.text == script_for("explorer", code_state(main_window), tr)
    finally:
        main_window.set_language("en")
    assert not CJK.search(dialog.text)
    dialog.close()


@pytest.mark.parametrize("kind", ["cifar10", "samples", "folder"])
def test_network_script_comments_follow_the_language_on_every_source(zh, kind, tmp_path):
    """The carried engine code (sample generator, folder recipe, split) brings no English."""
    state = CodeState(data_kind=kind, data_folder=tmp_path, cifar_root=tmp_path)
    chinese = script_for("labs-network", state, zh)
    from gui import i18n

    i18n.install("en")
    english = script_for("labs-network", state)
    assert not CJK.search(english)
    assert code_only(chinese) == code_only(english)
    for note in notes(chinese):
        assert CJK.search(note) or note in CODE_ONLY, note
