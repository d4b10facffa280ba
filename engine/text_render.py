"""Rendering the teaching texts as Qt rich text, with the numbers torch computed filled in.

Qt-free and torch-free: the numbers come from :func:`engine.text_values.current_values` (or an
explicit ``values`` mapping). Until torch has computed them a placeholder renders as
:data:`PENDING`, never as a typed stand-in; the GUI renders again once the values are there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from engine import catalogue
from engine.text_values import PLACEHOLDER_RE, current_values
from engine.texts import (
    DEFAULT_LANGUAGE,
    HREF_ACTIVATION,
    LIST_FIELDS,
    load_activation_texts,
    load_page,
    normalize_language,
    parse_href,
)

Values = Mapping[str, Mapping[str, str]]
PENDING = "…"
_PLACEHOLDER = re.compile(PLACEHOLDER_RE)

# Section headings and labels of the rendered pages, per language.
HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "formula": "Formula",
        "derivative": "Derivative",
        "range": "Output range",
        "glance": "Properties at a glance",
        "odd": "odd, f(&minus;<i>x</i>) = &minus;f(<i>x</i>)",
        "mean_normal": "mean output for N(0, 1) inputs",
        "monotonic": "monotonic",
        "smooth": "smoothness",
        "saturation": "Saturation",
        "properties": "Properties",
        "pros": "Pros",
        "cons": "Cons",
        "use": "When to use",
        "pytorch": "PyTorch call",
        "note": "Note",
        "activations": "Show",
    },
    "zh_CN": {
        "formula": "公式",
        "derivative": "导数",
        "range": "输出范围",
        "glance": "性质一览",
        "odd": "奇函数（关于原点对称）",
        "mean_normal": "输入服从 N(0, 1) 时的输出均值",
        "monotonic": "单调",
        "smooth": "光滑性",
        "saturation": "饱和",
        "properties": "性质",
        "pros": "优点",
        "cons": "缺点",
        "use": "适用场景",
        "pytorch": "PyTorch 调用",
        "note": "说明",
        "activations": "查看",
    },
}
# Headings that are rich text already (the others are escaped).
_RICH_HEADINGS = frozenset({"odd"})
YES_NO: dict[str, dict[bool, str]] = {
    "en": {True: "yes", False: "no"},
    "zh_CN": {True: "是", False: "否"},
}
SMOOTHNESS_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "smooth": "smooth (continuous slope)",
        "kink": "kinks (the slope jumps)",
        "jump": "jumps (the function is discontinuous)",
    },
    "zh_CN": {
        "smooth": "光滑（导数连续）",
        "kink": "有折点（导数跳变）",
        "jump": "有跳跃（函数不连续）",
    },
}
# How a bold label is followed by its value ("Formula: …" / "公式：…") and how lists are joined.
_COLON = {"en": ": ", "zh_CN": "："}
_SEP = " · "
_LIST_SEP = {"en": ", ", "zh_CN": "、"}


# --- numbers ------------------------------------------------------------------------------------


def fill(fragment: str, scope: str, values: Values | None = None) -> str:
    """``fragment`` with every ``{{name}}`` / ``{{scope:name}}`` replaced by its number.

    ``values`` defaults to the numbers torch has computed; while there are none, each
    placeholder becomes :data:`PENDING`. An unknown name raises ``KeyError`` (a text bug).
    """
    values = current_values() if values is None else values

    def one(match: re.Match) -> str:
        where = match.group(1)[:-1] if match.group(1) else scope
        if values is None:
            return PENDING
        return values[where][match.group(2)]

    return _PLACEHOLDER.sub(one, fragment)


def placeholders(fragment: str, scope: str) -> list[tuple[str, str]]:
    """The ``(scope, name)`` of every placeholder in ``fragment``."""
    return [
        (m.group(1)[:-1] if m.group(1) else scope, m.group(2))
        for m in _PLACEHOLDER.finditer(fragment)
    ]


# --- links --------------------------------------------------------------------------------------


def activation_link(key: str) -> str:
    """``<a href="activation:relu">ReLU</a>``, named as in the catalogue."""
    name = catalogue.get(key).name
    return f'<a href="{html.escape(HREF_ACTIVATION + key)}">{html.escape(name)}</a>'


# --- activation notes ---------------------------------------------------------------------------


def _heading(heads: dict[str, str], field: str) -> str:
    return heads[field] if field in _RICH_HEADINGS else html.escape(heads[field])


def _list_html(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def glance_html(
    key: str,
    entry: dict,
    lang: str,
    headings: dict[str, str] | None = None,
    values: Values | None = None,
) -> str:
    """The "Properties at a glance" paragraph: odd, monotonic, smoothness and the mean output for
    standard normal inputs (computed by torch) on one line, the saturation behaviour on the next."""
    lang = normalize_language(lang)
    heads = {**HEADINGS[lang], **(headings or {})}
    colon, yes_no = _COLON[lang], YES_NO[lang]
    parts = [
        f"{_heading(heads, 'odd')}{colon}{yes_no[entry['odd']]}",
        f"{_heading(heads, 'monotonic')}{colon}{yes_no[entry['monotonic']]}",
        SMOOTHNESS_TEXT[lang][entry["smooth"]],
        f"{_heading(heads, 'mean_normal')}{colon}" + fill("{{mean_normal}}", key, values),
    ]
    saturation = f"<b>{_heading(heads, 'saturation')}</b>{colon}" + fill(
        entry["saturation"], key, values
    )
    flags = _SEP.join(parts)
    return f"<p><b>{_heading(heads, 'glance')}</b>{colon}{flags}<br/>{saturation}</p>"


def info_html(
    key: str, lang: str, headings: dict[str, str] | None = None, values: Values | None = None
) -> str | None:
    """Rich-text HTML (Qt subset) for the info panel of ``key``; None if ``key`` has no text.

    ``headings`` may override some of the built-in section headings of the language. Font sizes are
    left to the widget.
    """
    lang = normalize_language(lang)
    entry = load_activation_texts(lang).get(key)
    if entry is None:
        return None
    heads = {**HEADINGS[lang], **(headings or {})}
    colon = _COLON[lang]

    def text(fragment: str) -> str:
        return fill(fragment, key, values)

    parts = [f"<h2>{text(entry['title'])}</h2>"]
    for field in ("formula", "derivative", "range"):
        parts.append(f"<p><b>{_heading(heads, field)}</b>{colon}{text(entry[field])}</p>")
    parts.append(glance_html(key, entry, lang, heads, values))
    for field in LIST_FIELDS:
        if entry[field]:
            parts.append(f"<h3>{_heading(heads, field)}</h3>")
            parts.append(_list_html([text(item) for item in entry[field]]))
    parts.append(f"<h3>{_heading(heads, 'pytorch')}</h3>")
    parts.append(f"<p><code>{html.escape(entry['pytorch'])}</code></p>")
    if entry["note"].strip():
        parts.append(f"<h3>{_heading(heads, 'note')}</h3>")
        parts.append(f"<p>{text(entry['note'])}</p>")
    return "\n".join(parts)


# --- pages --------------------------------------------------------------------------------------


def _table_html(table: dict, text) -> str:
    head = "".join(f"<th>{text(cell)}</th>" for cell in table["header"])
    rows = "".join(
        "<tr>" + "".join(f'<td align="center">{text(cell)}</td>' for cell in row) + "</tr>"
        for row in table["rows"]
    )
    return f'<table border="1" cellpadding="4" cellspacing="0"><tr>{head}</tr>{rows}</table>'


def _item_html(item: dict, lang: str, text) -> str:
    out = text(item["text"])
    if item["keys"]:
        links = _LIST_SEP[lang].join(activation_link(key) for key in item["keys"])
        label = html.escape(HEADINGS[lang]["activations"])
        out += f"<br/>{label}{_COLON[lang]}{links}"
    return f"<li>{out}</li>"


def page_html(name: str, lang: str, values: Values | None = None) -> str:
    """Rich-text HTML (Qt subset) of the teaching page ``name``, links included."""
    lang = normalize_language(lang)
    page = load_page(name, lang)

    def text(fragment: str) -> str:
        return fill(fragment, name, values)

    parts = [f"<h2>{text(page['title'])}</h2>"]
    parts.extend(f"<p>{text(para)}</p>" for para in page["intro"])
    for section in page["sections"]:
        parts.append(f"<h3>{text(section['heading'])}</h3>")
        parts.extend(f"<p>{text(para)}</p>" for para in section["paragraphs"])
        if "table" in section:
            parts.append(_table_html(section["table"], text))
        if section["items"]:
            items = "".join(_item_html(i, lang, text) for i in section["items"])
            parts.append(f"<ul>{items}</ul>")
        for link in section.get("links", []):
            href = html.escape(link["href"])
            parts.append(f'<p><a href="{href}">{text(link["text"])}</a></p>')
    return "\n".join(parts)


def guide_html(lang: str, values: Values | None = None) -> str:
    """The selection guide (hidden layers, output layers, recurrent networks, losses)."""
    return page_html("guide", lang, values)


def why_nonlinear_html(lang: str, values: Values | None = None) -> str:
    """The "why non-linearity" page (stacked linear maps, XOR, link to the XOR lab)."""
    return page_html("why_nonlinear", lang, values)


def page_keys(name: str) -> list[str]:
    """Every catalogue key a page links to (from its items and ``activation:`` links), in order."""
    page = load_page(name, DEFAULT_LANGUAGE)
    keys: list[str] = []
    for section in page["sections"]:
        for item in section["items"]:
            keys.extend(k for k in item["keys"] if k not in keys)
        for link in section.get("links", []):
            parsed = parse_href(link["href"])
            if parsed and parsed[0] == "activation" and parsed[1] not in keys:
                keys.append(parsed[1])
    return keys
