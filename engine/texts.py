"""Loading the teaching texts (en and zh_CN): activation notes and the lesson's pages. Qt-free.

Pure json: this module imports neither Qt nor torch (``engine.catalogue`` is plain data).
Rendering to rich text is :mod:`engine.text_render`; the numbers the texts quote are computed by
:mod:`engine.text_values`.

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
- ``odd`` (bool): f(−x) = −f(x) (so f(0) = 0): the curve is symmetric about the origin and inputs
  symmetric around 0 give outputs symmetric around 0. This is not "mean output 0": SELU is not
  odd, yet its outputs have mean 0 for standard normal inputs; the info panel shows that mean,
  computed by torch, beside this flag.
- ``monotonic`` (bool): non-decreasing or non-increasing on the whole real line (for the Softmax
  family: component 0 against its own logit, the other logits fixed as in the explorer).
- ``smooth``: ``"smooth"`` (C¹: the derivative is continuous everywhere), ``"kink"`` (continuous,
  but the derivative jumps somewhere) or ``"jump"`` (the function itself jumps), all at the
  catalogue's default parameters.

The structured fields are the same in both languages.

Numbers: outside ``formula``, ``derivative`` and ``pytorch`` a text types no number other than
0, 1 and 2. It writes a placeholder ``{{name}}`` (or ``{{scope:name}}``) instead, and
``resources/texts/claims.json`` says how torch computes that number or which checked claim it is
taken from (see :mod:`engine.text_values`); ``tests/test_knowledge.py`` checks the claims against
the real modules. The numbers of ``formula`` and ``derivative`` must occur in the activation's
checked ``formulas`` / ``derivative_formulas`` / ``kinks`` claims.

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
Page texts use placeholders too (scope: the page name).
"""

from __future__ import annotations

import json
from functools import lru_cache

from engine import catalogue, choices
from engine.resources import resource_path

FORMAT_VERSION = 1

# The six activations the lesson covers in depth: marked once, in the catalogue.
LESSON_KEYS: tuple[str, ...] = tuple(spec.key for spec in catalogue.CATALOGUE if spec.lesson)
# Fields of an activation entry, by type.
STRING_FIELDS = ("title", "formula", "derivative", "range", "saturation", "pytorch", "note")
LIST_FIELDS = ("properties", "pros", "cons", "use")
BOOL_FIELDS = ("odd", "monotonic")
STRUCTURED_FIELDS = ("odd", "monotonic", "smooth")  # identical in both languages
FIELDS = (
    "title",
    "formula",
    "derivative",
    "range",
    "odd",
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
LANGUAGES: tuple[str, ...] = tuple(choices.LANGUAGES)
DEFAULT_LANGUAGE = choices.DEFAULT_LANGUAGE
PAGES: tuple[str, ...] = ("guide", "why_nonlinear")

HREF_ACTIVATION = "activation:"
HREF_PANEL = "panel:"


def normalize_language(lang: str | None) -> str:
    """Map a language or locale name to ``"en"`` or ``"zh_CN"`` (unknown → English).

    ``"zh"``, ``"zh-CN"``, ``"zh_CN.UTF-8"`` all give ``"zh_CN"``.
    """
    return choices.normalize_language(lang)


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
