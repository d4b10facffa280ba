"""Qt's translation system for the whole program: one context, one ``.qm`` per language.

``pyside6-lupdate`` files every bare ``tr("…")`` call and ``QT_TR_NOOP("…")`` marker under the
empty context, so ``tr`` here translates in that context too. ``make translations`` refreshes
``resources/i18n/*.ts`` and compiles the ``.qm`` files that ship in the repository.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from engine import choices
from engine.resources import resource_path
from engine.safe_files import clean_text

LANGUAGES = tuple(choices.LANGUAGES)
LANGUAGE_NAMES = choices.LANGUAGES  # each in its own language, never translated
_installed: list[QTranslator] = []
_current = "en"


def tr(text: str) -> str:
    """Translate ``text`` (English source) into the installed language.

    Text that came from a file may hold a lone surrogate, on which Qt's translator raises:
    it is cleaned first (``engine.safe_files.clean_text``), so no file can stop a window.
    """
    return QCoreApplication.translate("", clean_text(text))


def normalize(lang: str | None) -> str:
    """``zh``, ``zh_CN``, ``zh-Hans``… → ``zh_CN``; anything else → ``en`` (engine.choices)."""
    return choices.normalize_language(lang)


def current() -> str:
    """The language installed last (``install``): panels read their texts in it."""
    return _current


def system_language() -> str:
    return normalize(QLocale.system().name())


def qm_path(lang: str):
    return resource_path("i18n", f"activation_lab_{lang}.qm")


def install(lang: str) -> bool:
    """Switch the running application to ``lang``; True when its translation was loaded.

    English is the source language, so it needs no file: removing the translators is enough.
    Qt then sends every widget a ``QEvent.LanguageChange`` (see ``gui.live``); it is delivered
    before this returns, so the window shows the new language as soon as the call is done.
    """
    global _current
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    lang = normalize(lang)
    QLocale.setDefault(QLocale(lang))
    _current = lang
    if lang == "en":
        _deliver_language_change(app)
        return True
    ours = QTranslator(app)
    if not ours.load(str(qm_path(lang))):
        _current = "en"
        _deliver_language_change(app)
        return False
    # Qt's own strings (standard dialog buttons, context menus) from Qt's translations.
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    app.installTranslator(ours)
    _installed.append(ours)
    _deliver_language_change(app)
    return True


def _deliver_language_change(app: QCoreApplication) -> None:
    # Installing or removing a translator posts one (compressed) LanguageChange to the
    # application, which posts one to each top-level widget; delivering them now keeps a
    # switch synchronous for the code that asked.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)


def tr_message(message: object) -> str:
    """Translate an engine message (``engine.messages.Message``) or a plain marked text."""
    from engine.messages import Message

    if isinstance(message, BaseException) and message.args:
        message = message.args[0]
    if isinstance(message, Message):
        # Arguments may be messages themselves (a preset error quoting a parameter's reason).
        args = {
            k: tr_message(v) if isinstance(v, Message) else tr(v) if isinstance(v, str) else v
            for k, v in message.args.items()
        }
        return tr(message.template).format(**args)
    return tr(str(message))
