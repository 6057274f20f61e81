"""The one memo layer: a few pure entry points remember their last results in the process (as Typst's
comemo does), each bounded and keyed by content — the arguments are the whole input (a font file's path
with its size and modification time, a text with its style and measure), so a warm process returns what a
fresh one computes. Nothing is written anywhere; ``clear()`` forgets everything (the tests use it to
compare a warm process with a fresh one).

The entry points: fonts.metrics (a face file's metrics), fonts.discovery (the faces of some font folders),
fonts.resolve (the faces a template set resolves to), layout.linebreak.set_text (a text set into lines),
source.templating (a template set's manifest; Jinja's compiled templates, by name and source checksum,
through a ``Store``), source.plain (the record class of a model class), writers.docx.blocks (a run's
properties), writers.ofd.fonts (a face's subset, by file state and characters), and in extract/ a text's
line starts and a character's commonness.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
K = TypeVar("K")
V = TypeVar("V")

_MEMOS: list[Any] = []


def pure(size: int) -> Callable[[F], F]:
    """Remember up to ``size`` results of a function of hashable content, least recently used dropped first."""

    def wrap(function: F) -> F:
        remembered = lru_cache(maxsize=size)(function)
        _MEMOS.append(remembered)
        return remembered  # type: ignore[return-value]

    return wrap


class Store(Generic[K, V]):
    """Up to ``size`` values under keys the caller makes of their content, least recently used dropped
    first: for a library that asks to be handed a store rather than a function (Jinja's bytecode cache)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._held: dict[K, V] = {}
        _MEMOS.append(self)

    def get(self, key: K) -> V | None:
        value = self._held.pop(key, None)
        if value is not None:
            self._held[key] = value
        return value

    def put(self, key: K, value: V) -> None:
        self._held.pop(key, None)
        if len(self._held) >= self.size:
            del self._held[next(iter(self._held))]
        self._held[key] = value

    def cache_clear(self) -> None:
        self._held.clear()


def clear() -> None:
    for remembered in _MEMOS:
        remembered.cache_clear()
