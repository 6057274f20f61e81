"""The space between Chinese and Western letters or digits (中西间距) that Word and LibreOffice add to a DOCX's
lines, so that the layout adds it too (layout/autospace.py) and `check` counts it (docs/word-grid.md §1).

Where (LibreOffice, sw/source/core/text/itrform2.cxx ``SwTextFormatter::BuildPortions``): between two
neighbouring characters of different scripts, one of them Asian, when both are letters or digits
(``CharClass::isLetterNumeric``): "将45家" gets a space before “4” and after “5”; "5.2%，" and "（2024）" get
none, because “%”, “，” and “（” are not letters. Not at a line's start or end (LibreOffice adds it after a
portion only when it still fits on the line; clreq §3.2.2: no space where Western text begins or ends a line).
"""

from __future__ import annotations

# In ems of the character before the space: LibreOffice's "20% of the fontheight" (itrform2.cxx, above), within
# clreq §3.2.2's "不多于四分之一个汉字宽". Word's own is a quarter em (measured by office2pdf, issue #521).
AUTOSPACE_EM = 0.2
WORD_AUTOSPACE_EM = 0.25


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
        return AUTOSPACE_EM * size
    return 0.0
