"""The codes a document's embedded font subsets give its characters, looked up a string at a time.

ReportLab embeds a TrueType face as subsets of at most 256 glyphs and gives each character a code (subset,
byte) the first time the document uses it. ``TTFont.splitString`` assigns and looks codes up one character
at a time in Python; here a text whose characters all have codes already is translated with one
``str.translate``, and only new characters go through ReportLab, which assigns them exactly as before.
"""

from __future__ import annotations

from itertools import groupby

from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import TTFont

Run = tuple[int, bytes]  # a subset and the codes of consecutive characters in it


class Subsets:
    """The codes given so far in one document, per font: each character as chr(256 * subset + byte)."""

    def __init__(self, doc: PDFDocument) -> None:
        self.doc = doc
        self._tables: dict[TTFont, dict[int, int]] = {}
        self._known: dict[TTFont, set[str]] = {}
        self._names: dict[tuple[TTFont, int], str] = {}

    def codes(self, font: TTFont, text: str) -> str | None:
        """``text`` in the document's codes, giving new characters theirs as ReportLab does; None when a
        character has no code of its own (one the face lacks, or a no-break space drawn as a space)."""
        if font not in self._known:
            self._known[font], self._tables[font] = set(), {}
        known, table = self._known[font], self._tables[font]
        if not known.issuperset(text):
            font.splitString(text, self.doc)  # ReportLab gives the new characters their codes
            assigned = font.state[self.doc].assignments
            for ch in set(text) - known:
                if ord(ch) in assigned:
                    table[ord(ch)] = assigned[ord(ch)]
                    known.add(ch)
            if not known.issuperset(text):
                return None
        return text.translate(table)

    def runs(self, font: TTFont, text: str, codes: str | None) -> list[Run]:
        """What ``font.splitString(text)`` returns: runs of consecutive characters in one subset."""
        if codes is None:
            return font.splitString(text, self.doc)
        return [(subset, bytes(ord(c) & 0xFF for c in run)) for subset, run in groupby(codes, key=_subset)]

    def name(self, font: TTFont, subset: int) -> str:
        """The PDF font name of one subset (the first use of a font names it: /F1, /F2, … in order)."""
        key = (font, subset)
        if key not in self._names:
            self._names[key] = font.getSubsetInternalName(subset, self.doc)
        return self._names[key]


def _subset(code: str) -> int:
    return ord(code) >> 8
