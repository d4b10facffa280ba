"""The one resource lookup: from the source tree, and from a frozen bundle (``sys._MEIPASS``)."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from engine import texts
from engine.resources import resource_path, resources_root
from tests.conftest import ROOT


@pytest.fixture
def fresh_texts():
    # The texts are cached per language: start and end each test with an empty cache.
    texts.load_activation_texts.cache_clear()
    yield
    texts.load_activation_texts.cache_clear()


def test_source_tree_resources(monkeypatch, fresh_texts):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert resources_root() == ROOT / "resources"
    path = resource_path("texts", "en", "activations.json")
    assert path == ROOT / "resources" / "texts" / "en" / "activations.json"
    assert path.is_file()
    assert "relu" in texts.load_activation_texts("en")


def test_frozen_layout_uses_meipass(monkeypatch, tmp_path, fresh_texts):
    # A PyInstaller onedir bundle unpacks datas below sys._MEIPASS (its _internal folder).
    bundle = tmp_path / "_internal"
    shutil.copytree(ROOT / "resources" / "texts", bundle / "resources" / "texts")
    copied = bundle / "resources" / "texts" / "zh_CN" / "activations.json"
    data = json.loads(copied.read_text(encoding="utf-8"))
    data["activations"]["relu"]["title"] = "ReLU (from the bundle)"
    copied.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)

    assert resources_root() == bundle / "resources"
    for lang in ("en", "zh_CN"):
        path = resource_path("texts", lang, "activations.json")
        assert path == bundle / "resources" / "texts" / lang / "activations.json"
        assert path.is_file()
        assert ROOT not in path.parents
    # The app's texts are read from the bundle's copy, not from the source tree.
    assert texts.load_activation_texts("zh_CN")["relu"]["title"] == "ReLU (from the bundle)"
    assert texts.load_activation_texts("en")["relu"]["title"] != "ReLU (from the bundle)"


def test_missing_bundle_resources_are_not_taken_from_the_source_tree(monkeypatch, tmp_path):
    # A bundle built without its resources must fail loudly, not quietly read a source checkout.
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert not resource_path("texts", "en", "activations.json").exists()
