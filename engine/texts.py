"""Info texts of the lesson's activations (English and Simplified Chinese), Qt-free.

The texts live in ``resources/texts/<lang>/activations.json``::

    {"format": 1, "language": "en", "activations": {"relu": {"title": ..., ...}, ...}}

Every field except ``pytorch`` is a small fragment of Qt rich text (``<i>``, ``<b>``, ``<sup>``,
``<sub>``, ``<code>`` and HTML entities; no LaTeX). ``pytorch`` is plain text (a call such as
``nn.ReLU(inplace=False)``) and is escaped when turned into HTML.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache

from engine.resources import resource_path

FORMAT_VERSION = 1

LESSON_KEYS: tuple[str, ...] = ("relu", "sigmoid", "tanh", "leaky_relu", "swish", "softmax")
FIELDS = (
    "title",
    "formula",
    "derivative",
    "range",
    "properties",
    "pros",
    "cons",
    "use",
    "pytorch",
    "note",
)
LIST_FIELDS = ("properties", "pros", "cons", "use")
LANGUAGES: tuple[str, ...] = ("en", "zh_CN")
DEFAULT_LANGUAGE = "en"

# Section headings of the info panel, per language. Keys are field names.
HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "formula": "Formula",
        "derivative": "Derivative",
        "range": "Output range",
        "properties": "Properties",
        "pros": "Pros",
        "cons": "Cons",
        "use": "When to use",
        "pytorch": "PyTorch call",
        "note": "Note",
    },
    "zh_CN": {
        "formula": "公式",
        "derivative": "导数",
        "range": "输出范围",
        "properties": "性质",
        "pros": "优点",
        "cons": "缺点",
        "use": "适用场景",
        "pytorch": "PyTorch 调用",
        "note": "说明",
    },
}
# How a bold label is followed by its value: "Formula: …" / "公式：…".
_COLON = {"en": ": ", "zh_CN": "："}


def normalize_language(lang: str | None) -> str:
    """Map a language or locale name to ``"en"`` or ``"zh_CN"`` (unknown → English).

    ``"zh"``, ``"zh-CN"``, ``"zh_CN.UTF-8"`` all give ``"zh_CN"``.
    """
    if lang in LANGUAGES:
        return lang
    if isinstance(lang, str) and lang.strip().lower().startswith("zh"):
        return "zh_CN"
    return DEFAULT_LANGUAGE


def _validate(data: object, source: str) -> dict[str, dict]:
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a JSON object at the top level")
    version = data.get("format")
    if version != FORMAT_VERSION:
        raise ValueError(
            f"{source}: unsupported format version {version!r} (expected {FORMAT_VERSION})"
        )
    activations = data.get("activations")
    if not isinstance(activations, dict):
        raise ValueError(f"{source}: missing or invalid 'activations' object")
    for key, entry in activations.items():
        if not isinstance(entry, dict):
            raise ValueError(f"{source}: activation {key!r} is not an object")
        missing = [field for field in FIELDS if field not in entry]
        if missing:
            raise ValueError(f"{source}: activation {key!r} misses field(s) {', '.join(missing)}")
        for field in FIELDS:
            value = entry[field]
            if field in LIST_FIELDS:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ValueError(
                        f"{source}: activation {key!r}, field {field!r} must be a list of strings"
                    )
            elif not isinstance(value, str):
                raise ValueError(f"{source}: activation {key!r}, field {field!r} must be a string")
    return activations


@lru_cache(maxsize=16)
def load_activation_texts(lang: str) -> dict[str, dict]:
    """Info texts of the activations in ``lang`` (``"en"`` or ``"zh_CN"``), keyed by activation.

    An unknown language falls back to English. The result is cached and shared: do not modify it.
    Raises ``ValueError`` if the file has the wrong format version or an entry misses a field.
    """
    lang = normalize_language(lang)
    path = resource_path("texts", lang, "activations.json")
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return _validate(data, str(path))


def _list_html(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def info_html(key: str, lang: str, headings: dict[str, str] | None = None) -> str | None:
    """Rich-text HTML (Qt subset) for the info panel of ``key``; None if ``key`` has no text.

    ``headings`` may override some of the built-in section headings of the language. Font sizes are
    left to the widget.
    """
    lang = normalize_language(lang)
    entry = load_activation_texts(lang).get(key)
    if entry is None:
        return None
    heads = dict(HEADINGS[lang])
    if headings:
        heads.update(headings)

    parts = [f"<h2>{entry['title']}</h2>"]
    for field in ("formula", "derivative", "range"):
        label = html.escape(heads[field])
        parts.append(f"<p><b>{label}</b>{_COLON[lang]}{entry[field]}</p>")
    for field in LIST_FIELDS:
        if entry[field]:
            parts.append(f"<h3>{html.escape(heads[field])}</h3>")
            parts.append(_list_html(entry[field]))
    parts.append(f"<h3>{html.escape(heads['pytorch'])}</h3>")
    parts.append(f"<p><code>{html.escape(entry['pytorch'])}</code></p>")
    if entry["note"].strip():
        parts.append(f"<h3>{html.escape(heads['note'])}</h3>")
        parts.append(f"<p>{entry['note']}</p>")
    return "\n".join(parts)
