"""A mapping that keeps at most a given number of bytes, dropping the least recently used first.

Caches that grow with what the user looks at (thumbnails of a 50 000-image split scrolled through
during a long lesson) must not grow without limit. A dropped entry is simply computed again
when it is next wanted, so the cap costs only time, never correctness.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ByteCache(Generic[K, V]):
    """Least-recently-used cache bounded by the bytes its values take (as the caller counts them).

    ``get`` and ``put`` count as a use. A single value larger than the whole cap is kept alone
    (the newest value is never dropped by its own insertion), so what was just asked for is there.
    """

    def __init__(self, max_bytes: int) -> None:
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self.max_bytes = max_bytes
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0

    @property
    def nbytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[K]:
        return iter(list(self._items))

    def __getitem__(self, key: K) -> V:
        value = self.get(key)
        if value is None and key not in self._items:
            raise KeyError(key)
        return value  # type: ignore[return-value]

    def get(self, key: K, default: V | None = None) -> V | None:
        item = self._items.get(key)
        if item is None:
            return default
        self._items.move_to_end(key)
        return item[0]

    def put(self, key: K, value: V, nbytes: int) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= old[1]
        self._items[key] = (value, max(0, int(nbytes)))
        self._bytes += max(0, int(nbytes))
        while self._bytes > self.max_bytes and len(self._items) > 1:
            _key, (_value, size) = self._items.popitem(last=False)
            self._bytes -= size

    def pop(self, key: K) -> V | None:
        item = self._items.pop(key, None)
        if item is None:
            return None
        self._bytes -= item[1]
        return item[0]

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0
