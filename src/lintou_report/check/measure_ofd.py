"""Read an OFD (GB/T 33190) as a reader places it: the same measurements read_pdf takes from a PDF (text
lines with fonts, sizes, colours and positions in points from the page's top-left corner, rules, filled
shapes, embedded fonts), so that check's PDF rules apply to it unchanged.

Glyph boxes follow pdfminer's convention (an em high, resting on the font's descender), and ink tops come
from the glyph outlines of the embedded fonts, so an OFD and the PDF of the same pages measure alike.
The file is untrusted: XML is parsed without entities, DTDs or network, and every part's size is bounded.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from lxml import etree

from lintou_report.check import reading
from lintou_report.check.reading import FontUse, Glyph, Page, Reading, Shape, Stroke, TextLine, is_page_number, is_red
from lintou_report.errors import UserError

PT_PER_MM = 72 / 25.4
NS = {"ofd": "http://www.ofdspec.org/2016"}
MAX_PART = 64 * 1024 * 1024  # bytes of one XML part or font, uncompressed
MAX_TOTAL = 512 * 1024 * 1024  # bytes of every part read
MAX_PAGES = 5000
MAX_PAGE_CHARS = 20_000  # characters on one page: a full A4 page of 三号 text has about 620
MAX_CHARS = 500_000  # characters on all pages
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")


class BadOfd(Exception):
    """The package is not an OFD this reader can measure."""


@dataclass(frozen=True)
class _Font:
    name: str
    embedded: bool
    descent: float  # fraction of the em, negative below the baseline
    advances: dict[int, float]  # code point → advance in ems
    tops: dict[int, float]  # code point → top of the outline in ems


class _Package:
    def __init__(self, data: zipfile.ZipFile) -> None:
        self.zip, self.read_total = data, 0

    def read(self, name: str) -> bytes:
        name = posixpath.normpath(name.lstrip("/"))
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            raise BadOfd(f"包内缺少 {name}") from None
        self.read_total += info.file_size
        if info.file_size > MAX_PART or self.read_total > MAX_TOTAL:
            raise BadOfd(f"{name} 过大")
        return self.zip.read(info)

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.read(name), _PARSER)


def _numbers(text: str | None, limit: int = 4) -> list[float]:
    """The first ``limit`` numbers of an ST_Array or ST_Box, the abbreviation ``g n d`` (n times d) expanded."""
    words, out = (text or "").split(), []
    k = 0
    while k < len(words) and len(out) < limit:
        if words[k] == "g" and k + 2 < len(words):
            out += [float(words[k + 2])] * min(int(float(words[k + 1])), limit - len(out))
            k += 3
        else:
            if _NUMBER.fullmatch(words[k]):
                out.append(float(words[k]))
            k += 1
    return out


def _color(node: etree._Element | None) -> tuple[float, float, float] | None:
    values = _numbers(node.get("Value"), 3) if node is not None else []
    return tuple(v / 255 for v in values[:3]) if len(values) >= 3 else None  # type: ignore[return-value]


def _font(package: _Package, base: str, node: etree._Element) -> _Font:
    name = node.get("FamilyName") or node.get("FontName") or "(unnamed)"
    file = node.findtext("ofd:FontFile", namespaces=NS)
    if not file:
        return _Font(name, False, -0.12, {}, {})
    data = package.read(posixpath.join(base, file))
    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        em = font["head"].unitsPerEm
        descent = font["OS/2"].sTypoDescender if "OS/2" in font else font["hhea"].descent
        cmap, metrics = font.getBestCmap() or {}, font["hmtx"].metrics
        glyf = font.get("glyf")
        tops = {}
        for code, glyph in cmap.items() if glyf is not None else ():
            g = glyf[glyph]
            if getattr(g, "numberOfContours", 0):
                tops[code] = g.yMax / em
    except Exception as exc:  # fontTools raises many kinds on a damaged font
        raise BadOfd(f"嵌入字体 {file} 无法读取（{type(exc).__name__}）") from None
    return _Font(name, True, descent / em, {c: metrics[g][0] / em for c, g in cmap.items()}, tops)


def _glyphs(obj: etree._Element, fonts: dict[str, _Font]) -> list[tuple[Glyph, float | None]]:
    """Each character of a TextObject with the top of its ink (None for a blank)."""
    font = fonts.get(obj.get("Font", ""), _Font(obj.get("Font", "?"), False, -0.12, {}, {}))
    box = _numbers(obj.get("Boundary"))
    if len(box) < 2:
        return []
    size = float(obj.get("Size", "0")) * PT_PER_MM
    color = _color(obj.find("ofd:FillColor", NS))
    out = []
    x = y = 0.0
    for code in obj.iterfind("ofd:TextCode", NS):
        x = float(code.get("X", x))
        y = float(code.get("Y", y))
        deltas = _numbers(code.get("DeltaX"), len(code.text or ""))
        baseline = (box[1] + y) * PT_PER_MM
        bottom = baseline - font.descent * size
        for k, char in enumerate(code.text or ""):
            left = (box[0] + x) * PT_PER_MM
            width = font.advances.get(ord(char), 1.0) * size
            top = font.tops.get(ord(char))
            glyph = Glyph(char, font.name, size, left, left + width, bottom - size, bottom, color)
            out.append((glyph, None if top is None else baseline - top * size))
            x += deltas[k] if k < len(deltas) else width / PT_PER_MM
    return out


def _image(obj: etree._Element) -> Shape | None:
    """A picture's box (an ImageObject's Boundary)."""
    box = _numbers(obj.get("Boundary"))
    if len(box) < 4:
        return None
    x, y, w, h = (v * PT_PER_MM for v in box)
    return Shape(x, x + w, y, y + h, None)


def _paths(obj: etree._Element) -> tuple[list[Stroke], list[Shape]]:
    box = _numbers(obj.get("Boundary"))
    points = [float(v) for v in re.findall(_NUMBER, obj.findtext("ofd:AbbreviatedData", "", NS))]
    if len(box) < 2 or len(points) < 4:
        return [], []
    xs = [(box[0] + v) * PT_PER_MM for v in points[0::2]]
    ys = [(box[1] + v) * PT_PER_MM for v in points[1::2]]
    if obj.get("Fill") == "true":
        return [], [Shape(min(xs), max(xs), min(ys), max(ys), _color(obj.find("ofd:FillColor", NS)))]
    if obj.get("Stroke", "true") != "true":
        return [], []
    weight = float(obj.get("LineWidth", "0.353")) * PT_PER_MM
    color = _color(obj.find("ofd:StrokeColor", NS))
    return [Stroke(min(xs), max(xs), min(ys), max(ys), weight, color)], []


def _page(number: int, root: etree._Element, fonts: dict[str, _Font], width: float, height: float) -> Page:
    glyphs, strokes, shapes, outlines, images = [], [], [], [], []
    for obj in root.iter(f"{{{NS['ofd']}}}TextObject", f"{{{NS['ofd']}}}PathObject", f"{{{NS['ofd']}}}ImageObject"):
        if obj.tag.endswith("TextObject"):
            glyphs += _glyphs(obj, fonts)
            if len(glyphs) > MAX_PAGE_CHARS:
                raise BadOfd(f"第{number}页文字超过 {MAX_PAGE_CHARS} 个")
        elif obj.tag.endswith("ImageObject"):
            images += filter(None, [_image(obj)])
        else:
            found = _paths(obj)
            for stroke in found[0]:
                outline = reading.outline(stroke.x0, stroke.x1, stroke.top, stroke.bottom, stroke.color)
                outlines += [outline] if outline else []
                strokes += [] if outline else [stroke]
            shapes += found[1]
    rows: dict[int, list[tuple[Glyph, float | None]]] = defaultdict(list)
    for glyph, ink in glyphs:
        rows[round(glyph.bottom * 2)].append((glyph, ink))  # one baseline to half a point
    lines, inks = [], []
    for key in sorted(rows):
        row = sorted(rows[key], key=lambda pair: pair[0].x0)
        kept = [(g, ink) for g, ink in row if g.text.strip()]
        if kept:
            lines.append(TextLine(number, 0, [g for g, _ in kept]))
            inks.append([ink for _, ink in kept])
    page_number, number_ink = None, None
    if lines and is_page_number(lines[-1], height):
        page_number, number_ink = lines.pop(), inks.pop()[0]
    for i, (line, line_inks) in enumerate(zip(lines, inks, strict=True), 1):
        line.index = i
        if number == 1 and any(is_red(g.color) for g in line.glyphs):
            tops = [t for t in line_inks if t is not None]
            line.ink_top = min(tops) if tops else None
    first = page_number.glyphs[0] if page_number else None
    ink = number_ink if first is not None and not first.text.isdigit() else None
    return Page(number, width, height, lines, strokes, shapes, page_number, ink, outlines, images)


def _layout(package: _Package) -> Reading:
    entry = package.xml("OFD.xml")
    root = entry.findtext("ofd:DocBody/ofd:DocRoot", namespaces=NS)
    if not root:
        raise BadOfd("OFD.xml 中没有 DocRoot")
    base = posixpath.dirname(root.lstrip("/"))
    document = package.xml(root)
    box = _numbers(document.findtext("ofd:CommonData/ofd:PageArea/ofd:PhysicalBox", namespaces=NS))
    if len(box) != 4:
        raise BadOfd("Document.xml 中没有 PhysicalBox")
    fonts: dict[str, _Font] = {}
    for res in document.iterfind("ofd:CommonData/ofd:PublicRes", NS):
        res_root = package.xml(posixpath.join(base, res.text or ""))
        res_base = posixpath.join(base, res_root.get("BaseLoc", ""))
        for node in res_root.iterfind("ofd:Fonts/ofd:Font", NS):
            fonts[node.get("ID", "")] = _font(package, res_base, node)
    locations = [p.get("BaseLoc", "") for p in document.iterfind("ofd:Pages/ofd:Page", NS)]
    if len(locations) > MAX_PAGES:
        raise BadOfd(f"页数超过 {MAX_PAGES}")
    width, height = box[2] * PT_PER_MM, box[3] * PT_PER_MM
    pages = [
        _page(n, package.xml(posixpath.join(base, loc)), fonts, width, height) for n, loc in enumerate(locations, 1)
    ]
    used = sorted({(f.name, f.embedded) for f in fonts.values()})
    return Reading(pages, [FontUse(name, embedded) for name, embedded in used])


def read_ofd(path: Path) -> Reading:
    """The OFD's pages measured like a PDF's; a clear message for a file that is not a readable OFD."""
    try:
        with zipfile.ZipFile(path) as data:
            return _layout(_Package(data))
    except (BadOfd, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError, KeyError, EOFError) as exc:
        raise UserError.simple(
            f"无法读取 OFD：{exc}", file=str(path), fix="确认文件是完整的 OFD（GB/T 33190）版式文档"
        ) from None
