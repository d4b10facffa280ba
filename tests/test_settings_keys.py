"""QSettings keys are spelled once, in gui/settings_keys.py."""

from __future__ import annotations

import re
from pathlib import Path

from gui import settings_keys

ROOT = Path(__file__).resolve().parents[1]
# A settings call whose key is written out as a "section/name" literal.
SPELLED = re.compile(r"\.(?:value|setValue|contains|remove)\(\s*f?[\"'][\w{}]+/")


def test_no_module_spells_a_settings_key_itself():
    sources = [ROOT / "main.py", *sorted((ROOT / "gui").rglob("*.py"))]
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sources
        if path.name != "settings_keys.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SPELLED.search(line)
    ]
    assert offenders == []


def test_the_keys_are_distinct_section_names():
    keys = [v for k, v in vars(settings_keys).items() if k.isupper() and isinstance(v, str)]
    keys += [settings_keys.layout("explorer"), settings_keys.layout("images")]
    assert len(keys) == len(set(keys)) >= 10
    assert all(re.fullmatch(r"[a-z]+/[a-z_]+", key) for key in keys)
