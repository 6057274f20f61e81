"""Draw positioned pages on a ReportLab canvas, with the outline and the document information."""

from __future__ import annotations

import io
import math

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from lintou_report.fonts import Face
from lintou_report.layout.page import BOLD_STROKE, Page, Rule, Seal, Star, TextLine
from lintou_report.spec import gbt9704
from lintou_report.tree import DocumentInfo
from lintou_report.writers.pdf.faces import drawn, font_names
from lintou_report.writers.pdf.reportlab_private import subset_runs

CREATOR = "lintou-report"


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


def _text(canvas: Canvas, line: TextLine, names: dict[Face, str]) -> None:
    """One text object a line. Every run of one embedded subset starts at its own origin, so that character
    spacing after a run's last glyph is never left to the reader (reportlab_private.py says why)."""
    runs = line.runs
    if any(run.bold for run in runs):
        canvas.setLineWidth(BOLD_STROKE * max(run.size for run in runs))
    text = canvas.beginText(runs[0].x, runs[0].y)
    text.setCharSpace(runs[0].spacing)
    mode = 0
    for run in runs:
        name = names[run.face]
        text.setFont(name, run.size)
        text.setFillColorRGB(*run.color)
        if run.bold:
            text.setStrokeColorRGB(*run.color)
        if mode != (2 if run.bold else 0):  # fill and stroke: a bold the faces lack
            mode = 2 if run.bold else 0
            text.setTextRenderMode(mode)
        x, start = run.x, 0
        for part in subset_runs(canvas, name, run.text):
            end = start + len(part)
            text.setTextOrigin(x, run.y)
            text.textOut(part)
            x += sum(run.advances[start:end]) + run.spacing * len(part)
            start = end
    canvas.drawText(text)


def _rule(canvas: Canvas, rule: Rule) -> None:
    canvas.setStrokeColorRGB(*rule.color)
    canvas.setLineWidth(rule.width)
    canvas.line(rule.x0, rule.y0, rule.x1, rule.y1)


def _star(canvas: Canvas, star: Star) -> None:
    r_out, r_in = star.size / 2, star.size / 2 * math.sin(math.radians(18)) / math.sin(math.radians(126))
    path = canvas.beginPath()
    for k in range(10):
        r = r_out if k % 2 == 0 else r_in
        angle = math.radians(90 + 36 * k)
        point = (star.x + r * math.cos(angle), star.y + r * math.sin(angle))
        path.moveTo(*point) if k == 0 else path.lineTo(*point)
    path.close()
    canvas.setFillColorRGB(*star.color)
    canvas.drawPath(path, stroke=0, fill=1)


def _keyed(png: bytes) -> ImageReader:
    """The picture for PDF/A-1, which forbids soft masks: each pixel either ink or transparent (a colour-key
    mask on pure white, which no ink pixel keeps)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        rgba = image.convert("RGBA")
    ink = Image.new("RGB", rgba.size, KEY)
    solid = rgba.convert("RGB").point(lambda v: min(v, 254))
    ink.paste(solid, mask=rgba.getchannel("A").point(lambda a: 255 if a >= 128 else 0))
    return ImageReader(ink)


KEY = (255, 255, 255)


def _seal(canvas: Canvas, seal: Seal, pdfa: bool = False) -> None:
    """The clerk's seal picture in its box (its transparency kept; for PDF/A as a colour-key mask), or the
    dashed placeholder outline."""
    if seal.image is not None:
        if pdfa:
            picture, mask = _keyed(seal.image), [v for c in KEY for v in (c, c)]
        else:
            picture, mask = ImageReader(io.BytesIO(seal.image)), "auto"
        canvas.drawImage(picture, seal.x, seal.y, seal.width, seal.height, mask=mask)
        return
    canvas.saveState()
    canvas.setStrokeColorRGB(*seal.color)
    canvas.setLineWidth(seal.line)
    canvas.setDash(*seal.dash)
    x1, y1 = seal.x + seal.width, seal.y + seal.height
    if seal.round:
        canvas.ellipse(seal.x, seal.y, x1, y1, stroke=1, fill=0)
    else:
        canvas.rect(seal.x, seal.y, seal.width, seal.height, stroke=1, fill=0)
    canvas.restoreState()


def draw(pages: list[Page], info: DocumentInfo, initial: Face, one_document: bool = False, pdfa: bool = False) -> bytes:
    """The PDF file: byte-identical for the same pages and info (invariant mode, dates from the data); ``pdfa``:
    pictures without soft masks, as PDF/A-1 wants."""
    lines = [item for page in pages for item in page.items if isinstance(item, TextLine)]
    texts = [(initial, ""), *((run.face, run.text) for line in lines for run in line.runs)]
    names = font_names(drawn(texts), one_document)
    out = io.BytesIO()
    canvas = Canvas(
        out,
        pagesize=(gbt9704.PAGE_WIDTH.pt, gbt9704.PAGE_HEIGHT.pt),
        invariant=1,
        pageCompression=1,
        initialFontName=names[initial],
        initialFontSize=gbt9704.BODY_SIZE.pt,
        lang="zh-CN",
        pdfVersion=(1, 4),  # /Lang is a PDF 1.4 key
    )
    _metadata(canvas, info)
    level = -1
    for number, page in enumerate(pages, 1):
        for item in page.items:
            match item:
                case TextLine():
                    _text(canvas, item, names)
                case Rule():
                    _rule(canvas, item)
                case Star():
                    _star(canvas, item)
                case Seal():
                    _seal(canvas, item, pdfa)
        for k, mark in enumerate(page.marks):
            key = f"p{number}m{k}"
            canvas.bookmarkHorizontal(key, 0, mark.y)
            level = min(mark.level, level + 1)  # an outline may go only one level deeper at a time
            canvas.addOutlineEntry(mark.title, key, level, closed=False)
        canvas.showPage()
    if any(page.marks for page in pages):
        canvas.showOutline()
    # Each page's operators are compressed (a page takes the setting when it is shown: Flate takes four fifths
    # off them); the font programs, added at save, are stored: Flate takes only a third off glyph outlines
    # and would be the costliest step of writing the file (benchmarks/README.md).
    canvas.setPageCompression(0)
    canvas.save()
    return out.getvalue()
