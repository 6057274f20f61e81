"""The 中西间距 in set lines: the space Word and LibreOffice add between Chinese and Western letters or digits
(where and how much: spec/autospace.py), so that a line of the PDF holds what the line of the DOCX holds
(docs/word-grid.md §1). linebreak.py counts it when it breaks and justifies, and a Line carries it (``gaps``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from lintou_report.spec.autospace import space


class Set(Protocol):
    """A character as the line breaker sets it: its text and its size in points."""

    @property
    def text(self) -> str: ...

    @property
    def size(self) -> float: ...


def gap(left: Set, right: Set) -> float:
    """The space set between ``left`` and ``right`` when they stand side by side on one line."""
    return space(left.text, right.text, left.size)


def gaps(chars: Sequence[Set]) -> tuple[float, ...]:
    """The space after each of ``chars`` set as one line (none after the last)."""
    return (*(gap(a, b) for a, b in zip(chars, chars[1:], strict=False)), 0.0) if chars else ()
