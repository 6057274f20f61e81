"""Read a PDF as a reader sees it (reading.py's pages): text lines with their glyphs' fonts, sizes, colours
and positions, the rules drawn on each page, and which fonts are embedded.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2
from PIL import ImageOps
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from lintou_report.check import reading
from lintou_report.check.reading import FontUse, Glyph, Page, Reading, Shape, Stroke, TextLine, is_page_number, is_red


def rgb(color: object) -> tuple[float, float, float] | None:
    """pdfplumber's colour (gray, RGB or CMYK tuple) as RGB."""
    if isinstance(color, int | float):
        color = (color,)
    if not isinstance(color, tuple | list) or not all(isinstance(c, int | float) for c in color):
        return None
    match len(color):
        case 1:
            return (float(color[0]),) * 3
        case 3:
            return (float(color[0]), float(color[1]), float(color[2]))
        case 4:
            c, m, y, k = color
            return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def read_pdf(path: Path) -> Reading:
    with pdfplumber.open(path) as pdf:
        pages = [_read_page(n, page) for n, page in enumerate(pdf.pages, 1)]
    raster = pypdfium2.PdfDocument(path)
    try:
        for page in pages:
            first = page.page_number.glyphs[0] if page.page_number else None
            if first is not None and not first.text.isdigit():
                page.page_number_ink_top = ink_top(raster[page.number - 1], first)
        for line in pages[0].lines if pages else []:
            if any(is_red(g.color) for g in line.glyphs):
                line.ink_top = ink_top(raster[0], line)
    finally:
        raster.close()
    return Reading(pages, _fonts(path))


INK_SCALE = 10  # pixels per point when looking at a glyph's ink (0.035 mm a pixel)


def ink_top(page: pypdfium2.PdfPage, box: Glyph | TextLine) -> float | None:
    """Where the ink in a glyph's or line's box begins, in points from the page top: its first non-blank row."""
    width, height = page.get_size()
    crop = (box.x0, height - box.bottom, width - box.x1, box.top)
    image = page.render(scale=INK_SCALE, crop=crop).to_pil().convert("L")
    inked = ImageOps.invert(image).point(lambda v: 255 if v > 96 else 0).getbbox()
    return None if inked is None else box.top + inked[1] / INK_SCALE


def _read_page(number: int, page: pdfplumber.page.Page) -> Page:
    lines: list[TextLine] = []
    for raw in page.extract_text_lines(return_chars=True, strip=True, layout=False):
        glyphs = [
            Glyph(
                c["text"],
                c["fontname"],
                c["size"],
                c["x0"],
                c["x1"],
                c["top"],
                c["bottom"],
                rgb(c["non_stroking_color"]),
            )
            for c in raw["chars"]
            if c["text"].strip() and c.get("upright", True)
        ]
        if glyphs:
            lines.append(TextLine(number, 0, glyphs))
    page_number = None
    if lines and is_page_number(lines[-1], page.height):
        page_number = lines.pop()
    for i, line in enumerate(lines, 1):
        line.index = i
    strokes = [
        Stroke(o["x0"], o["x1"], o["top"], o["bottom"], float(o.get("linewidth") or 0), rgb(o.get("stroking_color")))
        for o in page.lines
    ]
    for r in page.rects:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        color = rgb(r.get("non_stroking_color")) if r.get("fill") else rgb(r.get("stroking_color"))
        if _thin(w, h):  # a rule drawn as a thin filled box
            strokes.append(Stroke(r["x0"], r["x1"], r["top"], r["bottom"], min(w, h), color))
    # a rule drawn as a thin filled path (LibreOffice draws a DOCX's filled box so: the 信函格式's double lines)
    thin = [c for c in page.curves if c.get("fill") and _thin(c["x1"] - c["x0"], c["bottom"] - c["top"])]
    strokes += [
        Stroke(c["x0"], c["x1"], c["top"], c["bottom"], c["bottom"] - c["top"], rgb(c.get("non_stroking_color")))
        for c in thin
        if c["x1"] - c["x0"] > c["bottom"] - c["top"]
    ]
    shapes = [
        Shape(c["x0"], c["x1"], c["top"], c["bottom"], rgb(c.get("non_stroking_color")))
        for c in page.curves
        if c.get("fill") and not any(c is t for t in thin)
    ]
    found = (reading.outline(o["x0"], o["x1"], o["top"], o["bottom"], rgb(o.get("stroking_color")))
             for o in [*page.curves, *page.rects] if o.get("stroke"))  # fmt: skip
    outlines = [shape for shape in found if shape]
    images = [Shape(i["x0"], i["x1"], i["top"], i["bottom"], None) for i in page.images]
    return Page(
        number, float(page.width), float(page.height), lines, strokes, shapes, page_number, None, outlines, images
    )


def _thin(width: float, height: float) -> bool:
    """A box this wide and high is a rule: at most 3 pt across and longer than that."""
    return min(width, height) <= 3 and max(width, height) > 3


def _fonts(path: Path) -> list[FontUse]:
    """Every font a page or form uses, and whether its program is in the file."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        _collect_fonts(page.get("/Resources"), found, set())
    return [FontUse(name, embedded) for name, embedded in sorted(found.items())]


def _collect_fonts(resources: object, found: dict[str, bool], seen: set[int]) -> None:
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject):
        return
    for ref in (_resolve(resources.get("/Font")) or {}).values():
        font = _resolve(ref)
        name = str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
        found[name] = found.get(name, True) and _embedded(font)
    for ref in (_resolve(resources.get("/XObject")) or {}).values():
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        xobject = _resolve(ref)
        if key not in seen and xobject.get("/Subtype") == "/Form":
            seen.add(key)
            _collect_fonts(xobject.get("/Resources"), found, seen)


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are drawn by the file's own procedures
    if font.get("/Subtype") == "/Type0":
        font = _resolve(_resolve(font["/DescendantFonts"])[0])
    descriptor = _resolve(font.get("/FontDescriptor"))
    return isinstance(descriptor, DictionaryObject) and any(
        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def _resolve(obj: object) -> object:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj
