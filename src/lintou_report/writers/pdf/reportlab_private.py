"""The one use of ReportLab beyond its documented API, and why.

ReportLab embeds a TrueType face as subsets of at most 256 glyphs; a text object's ``textOut`` switches
subsets inside one string with a font change and no new origin. Readers that add character spacing only
between the glyphs of one string operator (pdfminer, hence pdfplumber and our own ``check``) then place every
glyph after a switch one character spacing too far left. So each run of one subset is drawn from its own
origin, which needs to know where the subsets change: ``TTFont.splitString`` (public) answers that, but only
given the canvas's document, ``Canvas._doc`` (private). Supported ReportLab versions: pyproject.toml pins the
range and tests/test_pdf.py fails outside it.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

SUPPORTED = ((5, 1), (5, 1))  # the ReportLab releases (major, minor) this module was checked with, inclusive


def subset_runs(canvas: Canvas, font_name: str, text: str) -> list[str]:
    """``text`` cut where the characters' embedded subset changes (each part drawn in one font)."""
    font = pdfmetrics.getFont(font_name)
    out, start = [], 0
    for _subset, codes in font.splitString(text, canvas._doc):
        out.append(text[start : start + len(codes)])
        start += len(codes)
    return out
