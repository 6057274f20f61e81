"""Draw laid-out pages on a ReportLab canvas, with the outline and document information."""

from __future__ import annotations

import io
import math

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfgen.canvas import Canvas

from lintou_report import profile
from lintou_report.tree import DocumentInfo
from lintou_report.writers.pdf.fonts import PdfFace
from lintou_report.writers.pdf.page import Page, RuleOp, StarOp, TextOp

CREATOR = "lintou-report"
BOLD_STROKE = 0.03  # ours: outline stroke of emboldened text, in ems (about what Word adds for a fake bold)


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


def _text(canvas: Canvas, op: TextOp) -> None:
    """One text object per line, written as content-stream operators (what ReportLab's text object would
    write, without its per-call bookkeeping). Every run of one embedded subset starts at its own explicit
    origin: character spacing (Tc) after a run's last glyph is then never left to the reader (pdfminer drops
    it). Each run names its subset's font with the size and setFont's default leading."""
    line, y = op.line, op.y
    pieces, spacing = line.pieces, line.spacing
    if any(p.bold for p in pieces):
        canvas.setLineWidth(BOLD_STROKE * max(p.size for p in pieces))
    doc, x, mode = canvas._doc, op.x, 0
    code = ["BT", f"1 0 0 1 {fp_str(x, y)} Tm", f"{fp_str(spacing)} Tc"]
    for piece in pieces:
        color = fp_str(piece.color)
        code.append(f"{color} rg")
        if piece.bold:
            code.append(f"{color} RG")
        if mode != (2 if piece.bold else 0):  # fill and stroke: a bold the faces lack
            mode = 2 if piece.bold else 0
            code.append(f"{mode} Tr")
        font, start, size = piece.face.font, 0, f"{fp_str(piece.size)} Tf {fp_str(piece.size * 1.2)} TL"
        for subset, codes in font.splitString(piece.text, doc):
            end = start + len(codes)
            code.append(f"1 0 0 1 {fp_str(x, y)} Tm {font.getSubsetInternalName(subset, doc)} {size}")
            code.append(f"({escapePDF(codes)}) Tj")
            x += piece.width(start, end) + spacing * len(codes)
            start = end
    code.append("ET")
    canvas._code.append(" ".join(code))


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
        pagesize=(profile.PAGE_WIDTH.pt, profile.PAGE_HEIGHT.pt),
        invariant=1,
        pageCompression=1,
        initialFontName=initial.name,
        initialFontSize=profile.BODY_SIZE.pt,
        lang="zh-CN",
        pdfVersion=(1, 4),  # /Lang is a PDF 1.4 key
    )
    _metadata(canvas, info)
    level = -1
    for number, page in enumerate(pages, 1):
        for op in page.ops:
            match op:
                case TextOp():
                    _text(canvas, op)
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
