"""Keep Python's full garbage collections short while a long job feeds the GUI thread.

With the images, torch and pyqtgraph loaded the process tracks ~400 000 objects; a generation-2
collection walks all of them and holds the GIL for ~200 ms on a school laptop, which the window
shows as a frozen frame in the middle of a race. While a race runs, the objects that existed at
its start are moved to the permanent generation (``gc.freeze``), so a full collection only walks
what was made since; when the race stops they are handed back (``gc.unfreeze``) and any garbage
among them is collected as usual, so nothing leaks. An owner that is destroyed while holding
(a panel deleted mid-race without stopping) lets go too, so nothing stays frozen after it.
"""

from __future__ import annotations

import gc

_holders: set[int] = set()
_watched: set[int] = set()  # owners whose destruction we follow


def hold(owner: object, on: bool) -> None:
    """Freeze the old objects while any owner holds, give them back when the last one lets go."""
    key = id(owner)
    if on and key not in _holders:
        if not _holders:
            gc.freeze()
        _holders.add(key)
        _watch(owner, key)
    elif not on and key in _holders:
        _let_go(key)


def _let_go(key: int) -> None:
    if key in _holders:
        _holders.discard(key)
        if not _holders:
            gc.unfreeze()


def _watch(owner: object, key: int) -> None:
    """A QObject owner that is destroyed lets go (once per owner; no reference kept to it)."""
    destroyed = getattr(owner, "destroyed", None)
    if destroyed is None or key in _watched:
        return
    _watched.add(key)

    def gone(*_args: object) -> None:
        _watched.discard(key)
        _let_go(key)

    destroyed.connect(gone)


def active() -> bool:
    """A race is training (nothing that could pause the window should run now)."""
    return bool(_holders)


def holding(owner: object) -> bool:
    return id(owner) in _holders


def release_all() -> None:
    """The window closes: whatever was still racing lets go."""
    if _holders:
        _holders.clear()
        gc.unfreeze()
