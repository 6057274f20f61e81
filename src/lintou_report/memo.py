"""The one memo layer: a few pure entry points remember their last results in the process (as Typst's
comemo does), each bounded and keyed by content — the arguments are the whole input (a font file's path
with its size and modification time, a text with its style and measure), so a warm process returns what a
fresh one computes. Nothing is written anywhere; ``clear()`` forgets everything (the tests use it to
compare a warm process with a fresh one).

The entry points: fonts.metrics (a face file's metrics), fonts.discovery (the faces of some font folders),
fonts.resolve (the faces a template set resolves to) and layout.linebreak.set_text (a text set into lines).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_MEMOS: list[Any] = []


def pure(size: int) -> Callable[[F], F]:
    """Remember up to ``size`` results of a function of hashable content, least recently used dropped first."""

    def wrap(function: F) -> F:
        remembered = lru_cache(maxsize=size)(function)
        _MEMOS.append(remembered)
        return remembered  # type: ignore[return-value]

    return wrap


def clear() -> None:
    for remembered in _MEMOS:
        remembered.cache_clear()
