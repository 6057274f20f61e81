"""The space between Chinese and Western letters or digits (中西间距), as the DOCX clients add it.

Both clients of the DOCX add this space by default: Word's “自动调整中文与西文/数字的间距” (``w:autoSpaceDE`` /
``w:autoSpaceDN``, on unless a paragraph says otherwise, ECMA-376 Part 1 §17.3.1.2–3) and LibreOffice's “apply
spacing between Asian and non-Asian text”, which its DOCX import always leaves on. The layout adds the same
space so that a line of the PDF holds what the line of the DOCX holds (docs/word-grid.md §1).

Where (LibreOffice, sw/source/core/text/itrform2.cxx ``SwTextFormatter::BuildPortions``): between two
neighbouring characters of different scripts, one of them Asian, when both are letters or digits
(``CharClass::isLetterNumeric``): "将45家" gets a space before “4” and after “5”; "5.2%，" and "（2024）"
get none, because “%”, “，” and “（” are not letters. Not at a line's start or end: LibreOffice adds the space
after a portion only when it still fits on the line, and ends the line there otherwise; a break at the
boundary leaves no space on either line (clreq §3.2.2 asks the same: no space where Western text begins or
ends a line). How much: ``style.AUTOSPACE_EM`` of the size of the character before the boundary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from lintou_report import style


class Set(Protocol):
    """A character as the line breaker sets it: its text and its size in points."""

    @property
    def text(self) -> str: ...

    @property
    def size(self) -> float: ...


def _asian(ch: str) -> bool:
    """An ideograph (or kana): a letter of LibreOffice's Asian script."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x4DBF  # CJK extension A
        or 0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= o <= 0x3FFFF  # extensions B and later
        or 0x3040 <= o <= 0x30FF  # kana
        or o == 0x3007  # 〇
    )


def _western(ch: str) -> bool:
    """A Latin (or Greek, Cyrillic) letter or a digit: LibreOffice's Latin script, and a letter or digit."""
    return ch.isalnum() and ord(ch) < 0x2E80


def space(left: str, right: str, size: float) -> float:
    """The space set between the characters ``left`` (of ``size`` points) and ``right`` on one line."""
    if (_asian(left) and _western(right)) or (_western(left) and _asian(right)):
        return style.AUTOSPACE_EM * size
    return 0.0


def gap(left: Set, right: Set) -> float:
    """The space set between ``left`` and ``right`` when they stand side by side on one line."""
    return space(left.text, right.text, left.size)


def gaps(chars: Sequence[Set]) -> tuple[float, ...]:
    """The space after each of ``chars`` set as one line (none after the last)."""
    return (*(gap(a, b) for a, b in zip(chars, chars[1:], strict=False)), 0.0) if chars else ()
