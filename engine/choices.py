"""One vocabulary: every set of choices the program offers, defined once with its label.

Keys are what presets, lessons, the command line and the code use; labels are English sources
marked with ``QT_TR_NOOP`` and translated where they are shown. The GUI's combo boxes and menus,
the preset schema, argparse ``choices=`` and the self-test all read these tables, so a choice
added here appears everywhere (and one missing somewhere is a failing test, not a silent gap).

The activations are the one set kept elsewhere: ``engine.catalogue`` lists them (key, class name
— never translated — and a translatable note), and everything that offers activations reads it.

Plain Python, no torch and no Qt: ``main.py`` reads it before the first frame.
"""

from __future__ import annotations

from engine.messages import QT_TR_NOOP

# Languages, each named in its own words (never translated).
LANGUAGES: dict[str, str] = {"zh_CN": "中文", "en": "English"}
DEFAULT_LANGUAGE = "en"

THEMES: dict[str, str] = {"light": QT_TR_NOOP("&Light"), "dark": QT_TR_NOOP("&Dark")}
DEFAULT_THEME = "light"

# Panels in tab order, with their tab titles (``--panel``, lessons, presets, guide links).
PANELS: dict[str, str] = {
    "explorer": QT_TR_NOOP("Explorer"),
    "images": QT_TR_NOOP("Images (CIFAR-10)"),
    "labs-xor": QT_TR_NOOP("XOR lab"),
    "labs-depth": QT_TR_NOOP("Depth lab"),
    "labs-softmax": QT_TR_NOOP("Softmax lab"),
    "labs-network": QT_TR_NOOP("Network lab"),
    "guide": QT_TR_NOOP("Guide"),
}
# Panels whose state "Show code" and ``--export-code`` write as a PyTorch script (the Guide is
# text only).
CODE_PANELS: tuple[str, ...] = tuple(p for p in PANELS if p != "guide")

# The image pipeline: scaling → optional pre-activation stage → activation → display mapping.
SCALINGS: dict[str, str] = {
    "to_tensor": QT_TR_NOOP("ToTensor → [0, 1] (the lesson's)"),
    "normalize_half": QT_TR_NOOP("Normalize(0.5, 0.5) → [−1, 1]"),
    "standardize": QT_TR_NOOP("Standardize (CIFAR-10 mean/std)"),
}
PRE_STAGES: dict[str, str] = {
    "none": QT_TR_NOOP("None (the lesson's)"),
    "edges": QT_TR_NOOP("3×3 conv: edges"),
    "laplacian": QT_TR_NOOP("3×3 conv: Laplacian"),
    "sharpen": QT_TR_NOOP("3×3 conv: sharpen"),
    "emboss": QT_TR_NOOP("3×3 conv: emboss"),
}
DISPLAYS: dict[str, str] = {
    "clip": QT_TR_NOOP("Clip to [0, 1] (as add_images does)"),
    "stretch": QT_TR_NOOP("Stretch each image min–max"),
    "diverging": QT_TR_NOOP("Diverging map of one channel"),
}


# Optimizers the labs train with (XOR lab, network lab). One key, one optimizer everywhere:
# ``engine.optimizers`` builds it and writes it as code.
OPTIMIZERS: dict[str, str] = {
    "sgd": QT_TR_NOOP("SGD (plain)"),
    "sgd_momentum": QT_TR_NOOP("SGD with momentum 0.9"),
    "adam": QT_TR_NOOP("Adam"),
}

# Weight initialisations (depth lab, network lab): names short enough for a combo box beside the
# plots at 1366×768 in classroom mode, and the longer notes their tooltips show.
INITIALISATIONS: dict[str, str] = {
    "default": QT_TR_NOOP("PyTorch default"),
    "xavier": QT_TR_NOOP("Xavier (Glorot) uniform"),
    "kaiming": QT_TR_NOOP("Kaiming (He) normal"),
}
INITIALISATION_NOTES: dict[str, str] = {
    "default": QT_TR_NOOP("PyTorch default: U(±1/√fan_in)"),
    "xavier": QT_TR_NOOP("Xavier (Glorot) uniform, for tanh / sigmoid"),
    "kaiming": QT_TR_NOOP("Kaiming (He) normal, for the ReLU family"),
}


def normalize_language(lang: object) -> str:
    """``zh``, ``zh-CN``, ``zh_CN.UTF-8``, ``zh-Hans`` → ``zh_CN``; anything else → English."""
    if isinstance(lang, str):
        if lang in LANGUAGES:
            return lang
        if lang.strip().lower().startswith("zh"):
            return "zh_CN"
    return DEFAULT_LANGUAGE


def described(table: dict[str, str]) -> str:
    """``a, b or c`` for ``--help`` texts."""
    keys = list(table)
    return keys[0] if len(keys) == 1 else ", ".join(keys[:-1]) + " or " + keys[-1]
