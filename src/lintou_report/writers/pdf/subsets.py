"""The codes a document's embedded font subsets give its characters, looked up a string at a time.

ReportLab embeds a TrueType face as subsets of at most 256 glyphs and gives each character a code (subset,
byte) the first time the document uses it. ``TTFont.splitString`` assigns and looks codes up one character
at a time in Python; here each font's characters go through it once, and a text is then translated
with one ``str.translate``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import TTFont

Run = tuple[int, bytes]  # a subset and the codes of consecutive characters in it
_SAME_SUBSET = re.compile(rb"(.)\1*", re.DOTALL)  # a run of one subset number


class Subsets:
    """The codes of one document's characters, per font: each as chr(256 * subset + byte).

    Every character gets its code up front, from the texts in the order they will be drawn: ReportLab
    assigns codes in order of first use, so passing each font's characters once, in order of first use,
    gives each the code drawing them one run at a time gave it."""

    def __init__(self, doc: PDFDocument, texts: Iterable[tuple[TTFont, str]]) -> None:
        self.doc = doc
        self._tables: dict[TTFont, dict[int, int]] = {}
        self._known: dict[TTFont, frozenset[str]] = {}
        self._names: dict[tuple[TTFont, int], str] = {}
        drawn: dict[TTFont, list[str]] = {}
        for font, text in texts:
            drawn.setdefault(font, []).append(text)
        for font, parts in drawn.items():
            chars = "".join(dict.fromkeys("".join(parts)))
            font.splitString(chars, doc)
            assigned = font.state[doc].assignments
            # codes past 0xFFFF (a document with over 65,000 characters of one face) are left to ReportLab
            self._tables[font] = {
                ord(ch): assigned[ord(ch)] for ch in chars if assigned.get(ord(ch), 0x10000) < 0x10000
            }
            self._known[font] = frozenset(chr(code) for code in self._tables[font])

    def codes(self, font: TTFont, text: str) -> str | None:
        """``text`` in the document's codes; None when a character has none of its own here (one the face
        lacks, a no-break space, which ReportLab draws as a space, or one coded past 0xFFFF)."""
        if not self._known[font].issuperset(text):
            return None
        return text.translate(self._tables[font])

    def runs(self, font: TTFont, text: str, codes: str | None) -> list[Run]:
        """What ``font.splitString(text)`` returns: runs of consecutive characters in one subset."""
        if codes is None:
            return font.splitString(text, self.doc)
        pairs = codes.encode("utf-16-be", "surrogatepass")  # each code as two bytes: subset, byte in it
        subsets, run_bytes = pairs[0::2], pairs[1::2]
        return [(subsets[m.start()], run_bytes[m.start() : m.end()]) for m in _SAME_SUBSET.finditer(subsets)]

    def name(self, font: TTFont, subset: int) -> str:
        """The PDF font name of one subset (the first use of a font names it: /F1, /F2, … in order)."""
        key = (font, subset)
        if key not in self._names:
            self._names[key] = font.getSubsetInternalName(subset, self.doc)
        return self._names[key]
