"""Draw laid-out pages on a ReportLab canvas, with the outline and document information."""

from __future__ import annotations

import io
import math
from functools import lru_cache

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfgen.canvas import Canvas

from lintou_report.spec import gbt9704
from lintou_report.tree import DocumentInfo
from lintou_report.writers.pdf.fonts import PdfFace
from lintou_report.writers.pdf.linebreak import Color, Line
from lintou_report.writers.pdf.memo import Memo
from lintou_report.writers.pdf.page import Page, RuleOp, StarOp, TextOp
from lintou_report.writers.pdf.subsets import Subsets

CREATOR = "lintou-report"
BOLD_STROKE = 0.03  # ours: outline stroke of emboldened text, in ems (about what Word adds for a fake bold)
LINES_KEPT = 2048  # lines' operators kept per process: a report draws about 150 lines

_LINES: Memo[tuple[Line, str]] = Memo(LINES_KEPT)


def _pdf_date(iso: str) -> str:
    """The document's own date as a PDF date (no clock time, China Standard Time)."""
    digits = iso.replace("-", "")
    return f"D:{digits}000000+08'00'" if len(digits) == 8 and digits.isdigit() else "D:20000101000000+00'00'"


def _metadata(canvas: Canvas, info: DocumentInfo) -> None:
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setKeywords(", ".join(info.keywords))
    canvas.setCreator(CREATOR)
    date = _pdf_date(info.date)
    canvas.setDateFormatter(lambda *_: date)


@lru_cache(maxsize=64)
def _font_size(size: float) -> str:
    """The size operand of Tf, with the leading ReportLab's setFont would set (TL)."""
    return f"{fp_str(size)} Tf {fp_str(size * 1.2)} TL"


@lru_cache(maxsize=64)
def _colour(color: Color, bold: bool) -> str:
    """Fill colour; stroke colour too for a bold piece."""
    rgb = fp_str(color)
    return f"{rgb} rg {rgb} RG" if bold else f"{rgb} rg"


def _text(canvas: Canvas, op: TextOp, subsets: Subsets) -> None:
    """One text object per line, written as content-stream operators (what ReportLab's text object would
    write, without its per-call bookkeeping). Every run of one embedded subset starts at its own explicit
    origin: character spacing (Tc) after a run's last glyph is then never left to the reader (pdfminer drops
    it). Each run names its subset's font with the size and setFont's default leading.

    A line's operators depend only on the line, its place, and the codes and font names the document gives
    its characters: they are remembered under those (the line itself by identity, held by the entry)."""
    line = op.line
    pieces = line.pieces
    if any(p.bold for p in pieces):
        canvas.setLineWidth(BOLD_STROKE * max(p.size for p in pieces))
    codes = tuple(subsets.codes(p.face.font, p.text) for p in pieces)
    if None in codes:
        canvas._code.append(_operators(op, subsets, codes))
        return
    names = tuple(subsets.name(p.face.font, 0) for p in pieces)
    canvas._code.append(
        _LINES.get((id(line), op.x, op.y, codes, names), lambda: (line, _operators(op, subsets, codes)))[1]
    )


def _operators(op: TextOp, subsets: Subsets, codes: tuple[str | None, ...]) -> str:
    line = op.line
    spacing = line.spacing
    x, y, mode = op.x, fp_str(op.y), 0
    code = ["BT", f"1 0 0 1 {fp_str(x)} {y} Tm {fp_str(spacing)} Tc"]
    for piece, piece_codes in zip(line.pieces, codes, strict=True):
        code.append(_colour(piece.color, piece.bold))
        if mode != (2 if piece.bold else 0):  # fill and stroke: a bold the faces lack
            mode = 2 if piece.bold else 0
            code.append(f"{mode} Tr")
        font, start, size = piece.face.font, 0, _font_size(piece.size)
        for subset, run in subsets.runs(font, piece.text, piece_codes):
            end = start + len(run)
            code.append(f"1 0 0 1 {fp_str(x)} {y} Tm {subsets.name(font, subset)} {size} ({escapePDF(run)}) Tj")
            x += piece.width(start, end) + spacing * len(run)
            start = end
    code.append("ET")
    return " ".join(code)


def _rule(canvas: Canvas, op: RuleOp) -> None:
    canvas.setStrokeColorRGB(*op.color)
    canvas.setLineWidth(op.width)
    canvas.line(op.x0, op.y0, op.x1, op.y1)


def _star(canvas: Canvas, op: StarOp) -> None:
    r_out, r_in = op.size / 2, op.size / 2 * math.sin(math.radians(18)) / math.sin(math.radians(126))
    path = canvas.beginPath()
    for k in range(10):
        r = r_out if k % 2 == 0 else r_in
        angle = math.radians(90 + 36 * k)
        point = (op.x + r * math.cos(angle), op.y + r * math.sin(angle))
        path.moveTo(*point) if k == 0 else path.lineTo(*point)
    path.close()
    canvas.setFillColorRGB(*op.color)
    canvas.drawPath(path, stroke=0, fill=1)


def draw(pages: list[Page], info: DocumentInfo, initial: PdfFace) -> bytes:
    """The PDF file: byte-identical for the same pages and info (invariant mode, dates from the data)."""
    out = io.BytesIO()
    canvas = Canvas(
        out,
        pagesize=(gbt9704.PAGE_WIDTH.pt, gbt9704.PAGE_HEIGHT.pt),
        invariant=1,
        pageCompression=1,
        initialFontName=initial.name,
        initialFontSize=gbt9704.BODY_SIZE.pt,
        lang="zh-CN",
        pdfVersion=(1, 4),  # /Lang is a PDF 1.4 key
    )
    _metadata(canvas, info)
    lines = [op.line for page in pages for op in page.ops if isinstance(op, TextOp)]
    subsets = Subsets(canvas._doc, ((piece.face.font, piece.text) for line in lines for piece in line.pieces))
    level = -1
    for number, page in enumerate(pages, 1):
        for op in page.ops:
            match op:
                case TextOp():
                    _text(canvas, op, subsets)
                case RuleOp():
                    _rule(canvas, op)
                case StarOp():
                    _star(canvas, op)
        for k, mark in enumerate(page.marks):
            key = f"p{number}m{k}"
            canvas.bookmarkHorizontal(key, 0, mark.y)
            level = min(mark.level, level + 1)  # an outline may go only one level deeper at a time
            canvas.addOutlineEntry(mark.title, key, level, closed=False)
        canvas.showPage()
    if any(page.marks for page in pages):
        canvas.showOutline()
    canvas.save()
    return out.getvalue()
