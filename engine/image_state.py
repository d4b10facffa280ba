"""What the image browser shows: the data source, split, pipeline settings, filter, selection.

Plain Python with listeners, like ``ExplorerState``; ``gui.image_model`` adapts it to Qt. It also
keeps the per-split byte counts (computed once, then every whole-split histogram comes from them)
and the thumbnails computed for the current settings (``version`` tells stale from current).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from engine.byte_cache import ByteCache
from engine.safe_files import MB

Listener = Callable[[str], None]
# ~8 000 CIFAR-10 rows (before and after, 32×32×3 each).
THUMB_CACHE_BYTES = 48 * MB


@dataclass(frozen=True)
class Settings:
    """The pipeline choices made in the GUI (engine.pipeline.PipelineConfig mirrors these)."""

    scaling: str = "to_tensor"
    pre: str = "none"
    display: str = "clip"
    channel: int = 0


@dataclass
class ImageBrowserState:
    image_set: object | None = None  # engine.datasets.ImageSet
    split: str = ""
    settings: Settings = field(default_factory=Settings)
    class_filter: int = -1  # -1: every class
    selected: int = 0  # row in the current split
    version: int = 0  # bumps whenever processed images go stale
    counts: dict[str, np.ndarray] = field(default_factory=dict)
    # Thumbnails of the rows looked at, for ``version`` only; capped, so scrolling through a
    # 50 000-image split in a long lesson cannot grow it without limit (a dropped row is
    # computed again when it is next shown).
    thumbs: ByteCache[int, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=lambda: ByteCache(THUMB_CACHE_BYTES)
    )
    # A split asked for (remembered session, --preset) before any data was loaded: shown when
    # the first data source that has it arrives.
    wanted_split: str | None = None
    _listeners: list[Listener] = field(default_factory=list, repr=False)

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Forget a listener (a view being rebuilt); unknown listeners are ignored."""
        self._listeners[:] = [x for x in self._listeners if x != listener]

    def _emit(self, what: str) -> None:
        for listener in list(self._listeners):
            listener(what)

    # -- queries ---------------------------------------------------------------------------
    @property
    def images(self) -> np.ndarray | None:
        if self.image_set is None or self.split not in self.image_set.splits:
            return None
        return self.image_set.splits[self.split].images

    @property
    def labels(self) -> np.ndarray | None:
        if self.image_set is None or self.split not in self.image_set.splits:
            return None
        return self.image_set.splits[self.split].labels

    def __len__(self) -> int:
        images = self.images
        return 0 if images is None else len(images)

    def class_names(self) -> list[str]:
        return [] if self.image_set is None else list(self.image_set.classes)

    def split_names(self) -> list[str]:
        return [] if self.image_set is None else list(self.image_set.splits)

    # -- changes ---------------------------------------------------------------------------
    def set_source(self, image_set, counts: dict | None = None) -> None:
        """Show a new data source; ``counts`` are its per-split byte counts, if known."""
        self.image_set = image_set
        names = list(image_set.splits)
        self.split = "test" if "test" in names else names[0]
        if self.wanted_split is not None:
            if self.wanted_split in names:
                self.split = self.wanted_split
            self.wanted_split = None  # asked for the first data only, not every later folder
        self.counts.clear()
        self.counts.update(counts or {})
        self.class_filter, self.selected = -1, 0
        self._stale()
        self._emit("source")

    def set_split(self, split: str) -> None:
        if self.image_set is None or split not in self.image_set.splits:
            raise KeyError(split)
        if split != self.split:
            self.split, self.selected = split, 0
            self._stale()
            self._emit("split")

    def want_split(self, split: str) -> bool:
        """Show ``split`` now, or once the first data arrives if none is loaded yet; False if
        the data on show does not have it (nothing changes then)."""
        if self.image_set is None:
            self.wanted_split = split
            return True
        if split not in self.image_set.splits:
            return False
        self.set_split(split)
        return True

    def set_settings(self, **changes) -> None:
        new = replace(self.settings, **changes)
        if new != self.settings:
            self.settings = new
            self._stale()
            self._emit("settings")

    def activation_changed(self) -> None:
        """The explorer's selected activation or its parameters changed."""
        self._stale()
        self._emit("activation")

    def set_class_filter(self, index: int) -> None:
        if index != self.class_filter:
            self.class_filter = index
            self._emit("filter")

    def select(self, row: int) -> None:
        if not 0 <= row < len(self):
            raise IndexError(row)
        if row != self.selected:
            self.selected = row
            self._emit("selected")

    def _stale(self) -> None:
        self.version += 1
        self.thumbs.clear()

    def store_thumbs(self, version: int, rows, before: np.ndarray, after: np.ndarray) -> bool:
        """Keep thumbnails computed for ``version``; refuse stale ones."""
        if version != self.version:
            return False
        for i, row in enumerate(rows):
            # Copies: a view would keep the whole batch alive after its row was dropped.
            pair = (before[i].copy(), after[i].copy())
            self.thumbs.put(int(row), pair, pair[0].nbytes + pair[1].nbytes)
        return True
