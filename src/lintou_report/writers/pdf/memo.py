"""A bounded memo for work keyed purely by content (like Typst's comemo): what it returns for a key is
what computing it afresh returns, so a warm process writes the bytes a fresh one writes."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """At most ``size`` results, the least recently used dropped first. Results must be immutable. Not for
    use from several threads at once (nor are ReportLab's fonts)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: dict[Hashable, V] = {}

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        items = self._items
        if key in items:
            value = items.pop(key)  # re-inserted below: a dict keeps insertion order, oldest first
        else:
            value = make()
            if len(items) >= self.size:
                del items[next(iter(items))]
        items[key] = value
        return value
