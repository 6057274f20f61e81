"""Read a PDF as a reader sees it: text lines with their glyphs' fonts, sizes, colours and positions, the rules
drawn on each page, and which fonts are embedded. Positions are in points from the page's top-left corner.

Nothing here knows GB/T 9704's numbers; rules.py compares what is read here with profile.py.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pypdfium2
from PIL import ImageOps
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from lintou_report.check.faces import family
from lintou_report.spec import gbt9704

_PAGE_NUMBER = re.compile(r"^\s*([—–\-－─―~～]*)\s*(\d+)\s*([—–\-－─―~～]*)\s*$")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Glyph:
    text: str
    font: str
    size: float
    x0: float
    x1: float
    top: float
    bottom: float
    color: tuple[float, float, float] | None  # fill colour as RGB 0–1

    @property
    def family(self) -> str:
        return family(self.font)


@dataclass
class TextLine:
    page: int  # 1-based
    index: int  # 1-based among the page's text lines, page number excluded
    glyphs: list[Glyph]
    ink_top: float | None = None  # where the ink begins (measured for page 1's red lines only)

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def size(self) -> float:
        """The size most of the line's glyphs have."""
        return Counter(round(g.size, 1) for g in self.glyphs).most_common(1)[0][0]


@dataclass(frozen=True)
class Stroke:
    """A straight rule: a stroked line or a thin filled rectangle."""

    x0: float
    x1: float
    top: float
    bottom: float
    weight: float  # line width in points
    color: tuple[float, float, float] | None

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) > (self.bottom - self.top)

    @property
    def length(self) -> float:
        return max(self.x1 - self.x0, self.bottom - self.top)

    @property
    def y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Shape:
    """A filled curve (e.g. a ★ drawn as a path)."""

    x0: float
    x1: float
    top: float
    bottom: float
    color: tuple[float, float, float] | None


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[TextLine]  # reading order, page number excluded
    strokes: list[Stroke]
    shapes: list[Shape]
    page_number: TextLine | None = None
    page_number_ink_top: float | None = None  # top of the inked part of the page number's first dash

    @property
    def blank(self) -> bool:
        return not self.lines and self.page_number is None


@dataclass(frozen=True)
class FontUse:
    name: str
    embedded: bool


@dataclass
class PdfLayout:
    pages: list[Page]
    fonts: list[FontUse] = field(default_factory=list)

    def glyphs(self) -> list[Glyph]:
        return [g for p in self.pages for line in p.lines for g in line.glyphs]


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


def is_red(color: tuple[float, float, float] | None) -> bool:
    """Red as offices print it: #FF0000 and the darker or orange reds (#E60012, #C00000) alike."""
    return color is not None and color[0] >= 0.6 and color[1] <= 0.35 and color[2] <= 0.35


def hex_color(color: tuple[float, float, float] | None) -> str:
    return "无" if color is None else "#" + "".join(f"{round(c * 255):02X}" for c in color)


def read_pdf(path: Path) -> PdfLayout:
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
    return PdfLayout(pages, _fonts(path))


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
    if lines and _PAGE_NUMBER.match(lines[-1].text) and lines[-1].top > page.height / 2:
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
        if min(w, h) <= 3 and max(w, h) > 3:  # a rule drawn as a thin filled box
            strokes.append(Stroke(r["x0"], r["x1"], r["top"], r["bottom"], min(w, h), color))
    shapes = [
        Shape(c["x0"], c["x1"], c["top"], c["bottom"], rgb(c.get("non_stroking_color")))
        for c in page.curves
        if c.get("fill")
    ]
    return Page(number, float(page.width), float(page.height), lines, strokes, shapes, page_number)


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


# Measures derived from the layout ----------------------------------------------------------------------------


def body_size(layout: PdfLayout) -> float | None:
    """The size most glyphs are set in."""
    sizes = Counter(round(g.size * 2) / 2 for g in layout.glyphs())
    return sizes.most_common(1)[0][0] if sizes else None


def body_lines(layout: PdfLayout, size: float) -> list[TextLine]:
    """Lines set in the body size (body paragraphs and headings on the body grid)."""
    return [line for p in layout.pages for line in p.lines if abs(line.size - size) < 0.3]


def mode(values: list[float], step: float = 0.5) -> float | None:
    """The most common value after rounding to ``step``; ties go to the smaller."""
    if not values:
        return None
    counts = Counter(round(v / step) * step for v in values)
    best = max(counts.values())
    return min(v for v, n in counts.items() if n == best)


def line_pitch(lines: list[TextLine], size: float) -> float | None:
    """Median distance between successive body lines' baselines on a page, gaps of blank lines left out."""
    gaps = []
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == b.page and 0 < b.bottom - a.bottom < 2.5 * size:
            gaps.append(b.bottom - a.bottom)
    return statistics.median(gaps) if gaps else None


def han_steps(line: TextLine) -> list[float]:
    """The advances from one Chinese character to the next inside ``line``, in one font and size (what a
    line's letter spacing adds to; never a punctuation mark's, which compression may shorten)."""
    return [
        b.x0 - a.x0
        for a, b in zip(line.glyphs, line.glyphs[1:], strict=False)
        if _CJK.match(a.text) and _CJK.match(b.text) and a.font == b.font and a.size == b.size
    ]


GRID_EMS = gbt9704.CHARS_PER_LINE + 0.25  # a line's glyphs, in ems, at most: 28 characters


def char_pitch(lines: list[TextLine]) -> float | None:
    """Median advance from one Chinese character to the next inside a line, in one font and size. A line
    whose glyphs together are wider than 28 characters took a character back by compressing punctuation (or
    a DOCX client condensed it to hold as much): its pitch is not the grid's, and it is left out."""
    steps = [
        step
        for line in lines
        if sum(g.x1 - g.x0 for g in line.glyphs) <= GRID_EMS * line.size
        for step in han_steps(line)
    ]
    return statistics.median(steps) if steps else None


def is_cjk(text: str) -> bool:
    return bool(_CJK.match(text))
