"""ReportLab faces: each Face registered once per process, with the metrics the layout needs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from fontTools.ttLib import TTFont as ToolsFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from lintou_report.fonts import Face

_names: dict[str, Face] = {}


@dataclass(frozen=True)
class PdfFace:
    """A face registered with ReportLab: its name there and its metrics in em units."""

    face: Face
    name: str
    widths: dict[int, int]  # advance widths in 1/1000 em
    default_width: int
    ascent: float  # typographic ascender, fraction of the em (0.88 for the bundled faces)
    descent: float  # typographic descender, negative fraction of the em

    def advance(self, char: str, size: float) -> float:
        return self.widths.get(ord(char), self.default_width) * size / 1000

    def width(self, text: str, size: float) -> float:
        return sum(self.advance(ch, size) for ch in text)


def _unique_name(face: Face) -> str:
    base = re.sub(r"[^A-Za-z0-9]+", "", face.family) or "Face"
    name, n = base, 1
    while name in _names and _names[name] != face:
        n += 1
        name = f"{base}{n}"
    _names[name] = face
    return name


@cache
def pdf_face(face: Face) -> PdfFace:
    """Register ``face`` with ReportLab (once per process) and return its metrics."""
    name = _unique_name(face)
    font = TTFont(name, str(face.path), subfontIndex=face.index)
    pdfmetrics.registerFont(font)
    f = font.face
    return PdfFace(face, name, dict(f.charWidths), int(f.defaultWidth), f.ascent / 1000, f.descent / 1000)


@cache
def glyph_top(face: Face, char: str) -> float:
    """The top of ``char``'s outline above the baseline, as a fraction of the em (for ink placement)."""
    with ToolsFont(face.path, fontNumber=face.index, lazy=True) as font:
        glyph = font["glyf"][font.getBestCmap()[ord(char)]]
        return glyph.yMax / font["head"].unitsPerEm
