"""ReportLab faces: each Face registered once per process, with the metrics the layout needs."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from lintou_report.errors import Problem, UserError
from lintou_report.fonts import Face

_names: dict[str, Face] = {}


@dataclass(frozen=True, eq=False)  # one instance per face and process: compared by identity
class PdfFace:
    """A face registered with ReportLab: its name there and its metrics in em units."""

    face: Face
    font: TTFont
    name: str
    widths: dict[int, int]  # advance widths in 1/1000 em
    default_width: int
    ascent: float  # typographic ascender, fraction of the em (0.88 for the bundled faces)
    descent: float  # typographic descender, negative fraction of the em

    def advance(self, char: str, size: float) -> float:
        return self.widths.get(ord(char), self.default_width) * size / 1000

    def width(self, text: str, size: float) -> float:
        return sum(self.advance(ch, size) for ch in text)

    def glyph_top(self, char: str) -> float:
        """The top of ``char``'s outline above the baseline, as a fraction of the em (where its ink starts),
        read from the glyph header in the font ReportLab has already parsed."""
        f = self.font.face
        start = f.get_table_pos("glyf")[0] + f.glyphPos[f.charToGlyph[ord(char)]]
        y_max = struct.unpack(">h", f.get_chunk(start + 8, 2))[0]  # numberOfContours, xMin, yMin, xMax, yMax
        return y_max / f.unitsPerEm


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
    try:
        font = TTFont(name, str(face.path), subfontIndex=face.index)
    except Exception as exc:  # the font resolver screens faces; a damaged file fails anywhere in ReportLab's parser
        raise UserError(
            Problem(
                f"字体 {face.family} 无法嵌入 PDF（{type(exc).__name__}: {exc}）",
                file=str(face.path),
                fix="换用另一个字体文件（TrueType 轮廓、允许嵌入），或去掉 --font-dir 用内置字体",
            )
        ) from None
    pdfmetrics.registerFont(font)
    f = font.face
    return PdfFace(face, font, name, dict(f.charWidths), int(f.defaultWidth), f.ascent / 1000, f.descent / 1000)
