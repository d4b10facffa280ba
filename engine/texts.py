"""Knowledge texts of the activations and the lesson's teaching pages (en and zh_CN), Qt-free.

Pure json + html: this module imports neither Qt nor torch (``engine.catalogue`` is plain data).

Activation texts — ``resources/texts/<lang>/activations.json``::

    {"format": 1, "language": "en", "activations": {"relu": {<entry>}, ...}}

One entry per catalogue key, every entry with all of :data:`FIELDS`:

- ``title``, ``formula``, ``derivative``, ``range``, ``saturation``, ``note``: small fragments of Qt
  rich text (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<code>``, ``<br/>`` and HTML entities; no
  LaTeX). ``note`` may be empty. ``saturation`` says where and how the function saturates, or that
  it does not.
- ``properties``, ``pros``, ``cons``, ``use``: lists of 2–4 such fragments.
- ``pytorch``: plain text, the call with its parameters as drawn
  (``nn.Hardtanh(min_val=-1.0, max_val=1.0, inplace=False)``; Swish is this program's own
  module, ``Swish(beta=1.0)``); escaped when turned into HTML.
- ``zero_centred`` (bool): f(0) = 0 and f(−x) = −f(x), so inputs symmetric around 0 give outputs
  symmetric around 0. This strict definition is the one the tests check; ELU or SELU, whose
  outputs only have a mean near 0, count as not zero-centred.
- ``monotonic`` (bool): non-decreasing or non-increasing on the whole real line (for the Softmax
  family: component 0 against its own logit, the other logits fixed as in the explorer).
- ``smooth``: ``"smooth"`` (C¹: the derivative is continuous everywhere), ``"kink"`` (continuous,
  but the derivative jumps somewhere) or ``"jump"`` (the function itself jumps), all at the
  catalogue's default parameters.

The structured fields are the same in both languages.

Claims — ``resources/texts/claims.json`` (one language-independent file, read by the tests)::

    {"format": 1, "activations": {"sigmoid": {<claims>}, ...}}

Every number the prose of an entry states is backed by a claim that ``tests/test_knowledge.py``
checks against the real module (built from the catalogue, float64). A stated number is exact
unless its claim has ``"approx": true``; then the true value must round to it at the number of
decimals written (0.731 → within 0.0005). ``params`` (optional, in most claims) overrides the
catalogue defaults; ``key`` (in ``facts``) evaluates another activation. Kinds of claims:

- ``range`` {lo, hi, lo_closed, hi_closed, approx?}: output range; ``"-inf"``/``"+inf"`` for
  unbounded ends. ``monotonic``: ``"increasing"`` (strictly), ``"non-decreasing"``,
  ``"decreasing"`` or ``"no"``. ``zero_centred``: bool as above (must equal the texts' field).
- ``formulas`` / ``derivative_formulas`` [{expr, params?, domain?, atol?}]: f (or autograd's f′)
  equals the expression in ``x`` on a grid. Expressions use numbers, ``x``, ``pi``, + − * / **,
  comparisons and the functions exp, log, sqrt, tanh, sigmoid, erf, abs, max, min, clamp, where.
- ``values`` [{x, f}], ``derivatives`` [{x, df}] (autograd's value exactly at x), ``limits``
  [{x: "-inf"|"+inf", f}], ``extrema`` / ``df_extrema`` [{kind: "min"|"max", x, f|df}] (global).
- ``images`` [{from: [a, b], to: [c, d]}]: f maps [a, b] onto [c, d] ("Sigmoid maps [0, 1]
  into [0.5, 0.731]").
- ``gaps`` [{lo, hi, lo_closed, hi_closed}]: an interval inside the range that f never hits.
- ``saturation`` [{from, to, df_max}]: |f′| ≤ df_max on that interval.
- ``kinks`` [{params?, approx?, points: [{x, df_left, df_right, df_torch, f_left?, f_right?}]}]:
  exactly the points ``engine.curves.find_kinks`` reports, with their one-sided limits.
- ``defaults`` [{param, value}]: the catalogue's default (and torch's, where torch has one).
- ``facts`` [{expr, value, key?, params?}]: an expression of ``f(v)``, ``df(v)`` and the
  functions above, e.g. ``-f(-50) / df(1)`` = 1.6733 for SELU's α.
- ``moments`` {mean, var, tol}: of f(Z) for a standard normal Z (SELU's fixed point).

Numbers in prose: the tests extract the decimal numbers from every text field (not ``pytorch``,
and not inside ``<code>``, ``<sup>`` or ``<sub>``; digits glued to a name such as ReLU6 or
MobileNetV3 do not count) and require each, by absolute value, to occur in the entry's claims.
Only the structural numbers 0, 1 and 2 are exempt.

Teaching pages — ``resources/texts/<lang>/<page>.json`` for ``page`` in :data:`PAGES`
(``guide``: choosing an activation; ``why_nonlinear``: why a network needs non-linearity)::

    {"format": 1, "language": "en", "page": "guide", "title": "...",
     "intro": ["<rich text paragraph>", ...],
     "sections": [{"id": "hidden", "heading": "...", "paragraphs": ["...", ...],
                   "table": {"header": ["...", ...], "rows": [["...", ...], ...]},   # optional
                   "items": [{"text": "...", "keys": ["relu", "leaky_relu"]}, ...],
                   "links": [{"href": "panel:labs-xor", "text": "..."}]}]}          # optional

``id``, ``keys``, ``links[].href`` and the table cells of the rows are language-independent and
the same in both languages. ``keys`` are catalogue keys: the activations an item recommends or is
about, rendered as links ``<a href="activation:relu">ReLU</a>``. ``href`` is
``activation:<key>`` or ``panel:<name>``; the GUI intercepts both schemes (:func:`parse_href`).
"""

from __future__ import annotations

import html
import json
from functools import lru_cache

from engine import catalogue
from engine.resources import resource_path

FORMAT_VERSION = 1

LESSON_KEYS: tuple[str, ...] = ("relu", "sigmoid", "tanh", "leaky_relu", "swish", "softmax")
# Fields of an activation entry, by type.
STRING_FIELDS = ("title", "formula", "derivative", "range", "saturation", "pytorch", "note")
LIST_FIELDS = ("properties", "pros", "cons", "use")
BOOL_FIELDS = ("zero_centred", "monotonic")
STRUCTURED_FIELDS = ("zero_centred", "monotonic", "smooth")  # identical in both languages
FIELDS = (
    "title",
    "formula",
    "derivative",
    "range",
    "zero_centred",
    "monotonic",
    "smooth",
    "saturation",
    "properties",
    "pros",
    "cons",
    "use",
    "pytorch",
    "note",
)
SMOOTHNESS = ("smooth", "kink", "jump")
LANGUAGES: tuple[str, ...] = ("en", "zh_CN")
DEFAULT_LANGUAGE = "en"
PAGES: tuple[str, ...] = ("guide", "why_nonlinear")

HREF_ACTIVATION = "activation:"
HREF_PANEL = "panel:"

CLAIM_KINDS = (
    "range",
    "monotonic",
    "zero_centred",
    "formulas",
    "derivative_formulas",
    "values",
    "derivatives",
    "limits",
    "extrema",
    "df_extrema",
    "images",
    "gaps",
    "saturation",
    "kinks",
    "defaults",
    "facts",
    "moments",
)
MONOTONIC_CLAIMS = ("increasing", "non-decreasing", "decreasing", "no")

# Section headings and labels of the rendered pages, per language.
HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "formula": "Formula",
        "derivative": "Derivative",
        "range": "Output range",
        "glance": "Properties at a glance",
        "zero_centred": "zero-centred",
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
        "zero_centred": "零中心",
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


def normalize_language(lang: str | None) -> str:
    """Map a language or locale name to ``"en"`` or ``"zh_CN"`` (unknown → English).

    ``"zh"``, ``"zh-CN"``, ``"zh_CN.UTF-8"`` all give ``"zh_CN"``.
    """
    if lang in LANGUAGES:
        return lang
    if isinstance(lang, str) and lang.strip().lower().startswith("zh"):
        return "zh_CN"
    return DEFAULT_LANGUAGE


# --- loading and validation ---------------------------------------------------------------------


def _read_json(path) -> object:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _check_version(data: object, source: str) -> dict:
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a JSON object at the top level")
    version = data.get("format")
    if version != FORMAT_VERSION:
        raise ValueError(
            f"{source}: unsupported format version {version!r} (expected {FORMAT_VERSION})"
        )
    return data


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _validate_entry(key: str, entry: object, source: str) -> None:
    if not isinstance(entry, dict):
        raise ValueError(f"{source}: activation {key!r} is not an object")
    missing = [field for field in FIELDS if field not in entry]
    if missing:
        raise ValueError(f"{source}: activation {key!r} misses field(s) {', '.join(missing)}")
    for field in FIELDS:
        value = entry[field]
        if field in LIST_FIELDS:
            ok, want = _is_str_list(value), "a list of strings"
        elif field in BOOL_FIELDS:
            ok, want = isinstance(value, bool), "true or false"
        elif field == "smooth":
            ok, want = value in SMOOTHNESS, f"one of {', '.join(SMOOTHNESS)}"
        else:
            ok, want = isinstance(value, str), "a string"
        if not ok:
            raise ValueError(f"{source}: activation {key!r}, field {field!r} must be {want}")


def _validate(data: object, source: str) -> dict[str, dict]:
    data = _check_version(data, source)
    activations = data.get("activations")
    if not isinstance(activations, dict):
        raise ValueError(f"{source}: missing or invalid 'activations' object")
    for key, entry in activations.items():
        _validate_entry(key, entry, source)
    return activations


@lru_cache(maxsize=16)
def load_activation_texts(lang: str) -> dict[str, dict]:
    """Info texts of the activations in ``lang`` (``"en"`` or ``"zh_CN"``), keyed by activation.

    An unknown language falls back to English. The result is cached and shared: do not modify it.
    Raises ``ValueError`` if the file has the wrong format version or an entry misses a field or
    has one of the wrong type (the message names the activation and the field).
    """
    lang = normalize_language(lang)
    path = resource_path("texts", lang, "activations.json")
    return _validate(_read_json(path), str(path))


@lru_cache(maxsize=1)
def load_claims() -> dict[str, dict]:
    """The machine-checkable claims of ``resources/texts/claims.json``, keyed by activation.

    Only the structure is validated here (``ValueError`` naming the activation and the claim);
    the tests check the claims against torch. Cached and shared: do not modify the result.
    """
    path = resource_path("texts", "claims.json")
    source = str(path)
    data = _check_version(_read_json(path), source)
    activations = data.get("activations")
    if not isinstance(activations, dict):
        raise ValueError(f"{source}: missing or invalid 'activations' object")
    for key, claims in activations.items():
        if not isinstance(claims, dict):
            raise ValueError(f"{source}: activation {key!r} is not an object")
        for required in ("range", "monotonic", "zero_centred"):
            if required not in claims:
                raise ValueError(f"{source}: activation {key!r} misses claim {required!r}")
        unknown = sorted(set(claims) - set(CLAIM_KINDS))
        if unknown:
            raise ValueError(f"{source}: activation {key!r} has unknown claim(s) {unknown}")
        rng = claims["range"]
        if not isinstance(rng, dict) or not {"lo", "hi", "lo_closed", "hi_closed"} <= set(rng):
            raise ValueError(f"{source}: activation {key!r}, claim 'range' needs lo, hi, ...")
        if claims["monotonic"] not in MONOTONIC_CLAIMS:
            raise ValueError(f"{source}: activation {key!r}, claim 'monotonic' is invalid")
        if not isinstance(claims["zero_centred"], bool):
            raise ValueError(f"{source}: activation {key!r}, claim 'zero_centred' must be bool")
        for kind in CLAIM_KINDS:
            if kind in claims and kind not in ("range", "monotonic", "zero_centred", "moments"):
                items = claims[kind]
                if not isinstance(items, list) or not all(isinstance(c, dict) for c in items):
                    raise ValueError(
                        f"{source}: activation {key!r}, claim {kind!r} must be a list of objects"
                    )
    return activations


def _need(obj: dict, field: str, where: str, kind: type | tuple[type, ...]) -> object:
    if field not in obj:
        raise ValueError(f"{where} misses field {field!r}")
    value = obj[field]
    if not isinstance(value, kind):
        raise ValueError(f"{where}, field {field!r} has the wrong type")
    return value


def _catalogue_keys() -> frozenset[str]:
    return frozenset(spec.key for spec in catalogue.CATALOGUE)


def _check_href(href: str, where: str) -> None:
    parsed = parse_href(href)
    if parsed is None:
        raise ValueError(f"{where}: link {href!r} is neither activation:<key> nor panel:<name>")
    scheme, target = parsed
    if scheme == "activation" and target not in _catalogue_keys():
        raise ValueError(f"{where}: link {href!r} names no catalogue activation")


def _validate_page(data: object, name: str, source: str) -> dict:
    page = _check_version(data, source)
    if page.get("page") != name:
        raise ValueError(f"{source}: 'page' must be {name!r}")
    _need(page, "title", source, str)
    if not _is_str_list(_need(page, "intro", source, list)):
        raise ValueError(f"{source}, field 'intro' must be a list of strings")
    sections = _need(page, "sections", source, list)
    for i, section in enumerate(sections):
        if not isinstance(section, dict):
            raise ValueError(f"{source}: section {i} is not an object")
        sid = section.get("id", i)
        where = f"{source}: section {sid!r}"
        _need(section, "id", where, str)
        _need(section, "heading", where, str)
        if not _is_str_list(_need(section, "paragraphs", where, list)):
            raise ValueError(f"{where}, field 'paragraphs' must be a list of strings")
        for j, item in enumerate(_need(section, "items", where, list)):
            item_where = f"{where}, item {j}"
            if not isinstance(item, dict):
                raise ValueError(f"{item_where} is not an object")
            _need(item, "text", item_where, str)
            keys = _need(item, "keys", item_where, list)
            for key in keys:
                if key not in _catalogue_keys():
                    raise ValueError(f"{item_where}: {key!r} is not a catalogue key")
        if "table" in section:
            table = _need(section, "table", where, dict)
            width = len(_need(table, "header", f"{where}, table", list))
            rows = _need(table, "rows", f"{where}, table", list)
            if not all(_is_str_list(r) and len(r) == width for r in rows):
                raise ValueError(f"{where}, table rows must be lists of {width} strings")
        for j, link in enumerate(section.get("links", [])):
            link_where = f"{where}, link {j}"
            if not isinstance(link, dict):
                raise ValueError(f"{link_where} is not an object")
            _check_href(_need(link, "href", link_where, str), link_where)
            _need(link, "text", link_where, str)
    return page


@lru_cache(maxsize=16)
def load_page(name: str, lang: str) -> dict:
    """The teaching page ``name`` (one of :data:`PAGES`) in ``lang``; cached, do not modify.

    Raises ``KeyError`` for an unknown page and ``ValueError`` for a malformed file (the message
    names the section and the field).
    """
    if name not in PAGES:
        raise KeyError(name)
    lang = normalize_language(lang)
    path = resource_path("texts", lang, f"{name}.json")
    return _validate_page(_read_json(path), name, str(path))


# --- links --------------------------------------------------------------------------------------


def activation_href(key: str) -> str:
    """The href that selects ``key`` in the explorer: ``activation:<key>``."""
    return HREF_ACTIVATION + key


def parse_href(href: str) -> tuple[str, str] | None:
    """``("activation", key)`` or ``("panel", name)`` for the program's own links, else None."""
    for prefix in (HREF_ACTIVATION, HREF_PANEL):
        if href.startswith(prefix) and len(href) > len(prefix):
            return prefix[:-1], href[len(prefix) :]
    return None


def activation_link(key: str) -> str:
    """``<a href="activation:relu">ReLU</a>``, named as in the catalogue."""
    name = catalogue.get(key).name
    return f'<a href="{html.escape(activation_href(key))}">{html.escape(name)}</a>'


# --- rendering ----------------------------------------------------------------------------------


def _list_html(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def glance_html(entry: dict, lang: str, headings: dict[str, str] | None = None) -> str:
    """The "Properties at a glance" paragraph of an activation entry: zero-centred, monotonic,
    smoothness on one line, the saturation behaviour on the next."""
    lang = normalize_language(lang)
    heads = {**HEADINGS[lang], **(headings or {})}
    colon, yes_no = _COLON[lang], YES_NO[lang]
    parts = [
        f"{html.escape(heads['zero_centred'])}{colon}{yes_no[entry['zero_centred']]}",
        f"{html.escape(heads['monotonic'])}{colon}{yes_no[entry['monotonic']]}",
        SMOOTHNESS_TEXT[lang][entry["smooth"]],
    ]
    saturation = f"<b>{html.escape(heads['saturation'])}</b>{colon}{entry['saturation']}"
    flags = _SEP.join(parts)
    return f"<p><b>{html.escape(heads['glance'])}</b>{colon}{flags}<br/>{saturation}</p>"


def info_html(key: str, lang: str, headings: dict[str, str] | None = None) -> str | None:
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

    parts = [f"<h2>{entry['title']}</h2>"]
    for field in ("formula", "derivative", "range"):
        label = html.escape(heads[field])
        parts.append(f"<p><b>{label}</b>{colon}{entry[field]}</p>")
    parts.append(glance_html(entry, lang, heads))
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


def _table_html(table: dict) -> str:
    head = "".join(f"<th>{cell}</th>" for cell in table["header"])
    rows = "".join(
        "<tr>" + "".join(f'<td align="center">{cell}</td>' for cell in row) + "</tr>"
        for row in table["rows"]
    )
    return f'<table border="1" cellpadding="4" cellspacing="0"><tr>{head}</tr>{rows}</table>'


def _item_html(item: dict, lang: str) -> str:
    text = item["text"]
    if item["keys"]:
        links = _LIST_SEP[lang].join(activation_link(key) for key in item["keys"])
        label = html.escape(HEADINGS[lang]["activations"])
        text += f"<br/>{label}{_COLON[lang]}{links}"
    return f"<li>{text}</li>"


def page_html(name: str, lang: str) -> str:
    """Rich-text HTML (Qt subset) of the teaching page ``name``, links included."""
    lang = normalize_language(lang)
    page = load_page(name, lang)
    parts = [f"<h2>{page['title']}</h2>"]
    parts.extend(f"<p>{para}</p>" for para in page["intro"])
    for section in page["sections"]:
        parts.append(f"<h3>{section['heading']}</h3>")
        parts.extend(f"<p>{para}</p>" for para in section["paragraphs"])
        if "table" in section:
            parts.append(_table_html(section["table"]))
        if section["items"]:
            parts.append("<ul>" + "".join(_item_html(i, lang) for i in section["items"]) + "</ul>")
        for link in section.get("links", []):
            href = html.escape(link["href"])
            parts.append(f'<p><a href="{href}">{link["text"]}</a></p>')
    return "\n".join(parts)


def guide_html(lang: str) -> str:
    """The selection guide (hidden layers, output layers, recurrent networks) as rich text."""
    return page_html("guide", lang)


def why_nonlinear_html(lang: str) -> str:
    """The "why non-linearity" page (stacked linear maps, XOR, link to the XOR lab)."""
    return page_html("why_nonlinear", lang)


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
