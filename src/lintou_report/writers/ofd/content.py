"""Positioned pages drawn as OFD page content: text as TextObject/TextCode with the layout's advances
(DeltaX), rules, stars and a seal's placeholder outline as PathObject, a seal picture as ImageObject
(its PNG a MultiMedia resource). PDF points measured up from the page's foot become millimetres
measured down from its head (OFD's y axis points down)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lxml import etree

from lintou_report.fonts import Face, FontSet
from lintou_report.layout.page import BOLD_STROKE, Color, Page, Rule, Seal, Star, TextLine, TextRun
from lintou_report.spec import gbt9704
from lintou_report.writers.ofd.fonts import EmbeddedFont, embed
from lintou_report.writers.ofd.xml import el, mm, num

PAGE_HEIGHT = gbt9704.PAGE_HEIGHT.pt
STAR_INNER = math.sin(math.radians(18)) / math.sin(math.radians(126))  # inner to outer radius of a ★
KAPPA = 4 * (math.sqrt(2) - 1) / 3  # control-point distance of a quarter ellipse drawn as one cubic Bézier


@dataclass(frozen=True)
class Outline:
    """An outline entry: its title, depth (0 = top) and the page and height it leads to."""

    title: str
    level: int
    page: int  # index into the drawn pages
    top: float  # mm from the page's head


@dataclass(frozen=True)
class Picture:
    """A PNG the pages draw (a seal), as a MultiMedia resource."""

    id: int
    file: str
    data: bytes


@dataclass
class Drawing:
    """What the pages become: one Page element each, the fonts and pictures they use, the outline, and the
    last ID."""

    pages: list[etree._Element] = field(default_factory=list)
    fonts: list[EmbeddedFont] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    outlines: list[Outline] = field(default_factory=list)
    max_id: int = 0


def _y(pt: float) -> float:
    return mm(PAGE_HEIGHT - pt)


def _rgb(color: Color) -> str:
    return " ".join(str(round(c * 255)) for c in color)


def _deltas(run: TextRun) -> str:
    """The distance from each glyph's origin to the next, in mm, taken between rounded positions so that
    rounding never accumulates along a line."""
    positions, x = [], 0.0
    for advance in run.advances:
        positions.append(round(mm(x), 3))
        x += advance + run.spacing
    return " ".join(num(b - a) for a, b in zip(positions, positions[1:], strict=False))


def _text(line: TextLine, fonts: dict[Face, EmbeddedFont], next_id: int) -> list[etree._Element]:
    """One TextObject per run of the line (a change of face, size, colour or weight)."""
    out = []
    for k, run in enumerate(line.runs):
        size = mm(run.size)
        baseline = _y(run.y)
        width = mm(sum(run.advances) + run.spacing * (len(run.text) - 1))
        color = _rgb(run.color)
        children = [el("FillColor", Value=color)]
        if run.bold:  # drawn filled and stroked, as the PDF draws a bold the faces lack
            children.append(el("StrokeColor", Value=color))
        children.append(el("TextCode", text=run.text, X=0.0, Y=size, DeltaX=_deltas(run) or None))
        # The Boundary holds the glyphs with an em to spare on the right and half an em below the baseline:
        # readers that clip an object to its Boundary then never cut an overhanging glyph or a descender.
        out.append(
            el(
                "TextObject",
                *children,
                ID=next_id + k,
                Boundary=f"{num(mm(run.x))} {num(baseline - size)} {num(width + size)} {num(size * 1.5)}",
                Font=fonts[run.face].id,
                Size=size,
                Stroke="true" if run.bold else None,
                LineWidth=mm(BOLD_STROKE * run.size) if run.bold else None,
            )
        )
    return out


def _path(
    points: list[tuple[float, float]], closed: bool, pad: float, paint: etree._Element, object_id: int, **attrs: object
) -> etree._Element:
    """A PathObject through ``points`` painted by ``paint`` (a StrokeColor or FillColor): its Boundary is the
    points' box widened by ``pad``, its AbbreviatedData relative to that box."""
    xs, ys = [mm(x) for x, _ in points], [_y(y) for _, y in points]
    left, top = min(xs) - pad, min(ys) - pad
    moves = ["M"] + ["L"] * (len(points) - 1)
    steps = [f"{m} {num(x - left)} {num(y - top)}" for m, x, y in zip(moves, xs, ys, strict=True)]
    boundary = f"{num(left)} {num(top)} {num(max(xs) - left + pad)} {num(max(ys) - top + pad)}"
    data = " ".join(steps + (["C"] if closed else []))
    return el("PathObject", paint, el("AbbreviatedData", text=data), ID=object_id, Boundary=boundary, **attrs)


def _rule(op: Rule, object_id: int) -> etree._Element:
    width = mm(op.width)
    paint = el("StrokeColor", Value=_rgb(op.color))
    return _path([(op.x0, op.y0), (op.x1, op.y1)], False, width, paint, object_id, LineWidth=width)


def _star(op: Star, object_id: int) -> etree._Element:
    """A filled five-pointed star, point up, its tips on a circle of diameter ``op.size``."""
    points = []
    for k in range(10):
        r = op.size / 2 * (1 if k % 2 == 0 else STAR_INNER)
        angle = math.radians(90 + 36 * k)
        points.append((op.x + r * math.cos(angle), op.y + r * math.sin(angle)))
    paint = el("FillColor", Value=_rgb(op.color))
    return _path(points, True, 0.0, paint, object_id, Stroke="false", Fill="true")


def _seal(op: Seal, object_id: int, pictures: dict[bytes, Picture]) -> etree._Element:
    """The seal picture filling its box, or the dashed outline of the box (an ellipse when ``round``)."""
    left, top, width, height = mm(op.x), _y(op.y + op.height), mm(op.width), mm(op.height)
    if op.image is not None:
        return el(
            "ImageObject",
            ID=object_id,
            Boundary=f"{num(left)} {num(top)} {num(width)} {num(height)}",
            CTM=f"{num(width)} 0 0 {num(height)} 0 0",
            ResourceID=pictures[op.image].id,
        )
    line = mm(op.line)
    if op.round:
        rx, ry = width / 2, height / 2
        kx, ky = rx * KAPPA, ry * KAPPA
        quarters = [
            (rx + kx, 0, width, ry - ky, width, ry),
            (width, ry + ky, rx + kx, height, rx, height),
            (rx - kx, height, 0, ry + ky, 0, ry),
            (0, ry - ky, rx - kx, 0, rx, 0),
        ]
        steps = [f"M {num(rx)} 0"] + ["B " + " ".join(num(v) for v in q) for q in quarters] + ["C"]
    else:
        steps = [f"M 0 0 L {num(width)} 0 L {num(width)} {num(height)} L 0 {num(height)} C"]
    return el(
        "PathObject",
        el("StrokeColor", Value=_rgb(op.color)),
        el("AbbreviatedData", text=" ".join(steps)),
        ID=object_id,
        Boundary=f"{num(left)} {num(top)} {num(width)} {num(height)}",
        LineWidth=line,
        DashPattern=" ".join(num(mm(d)) for d in op.dash),
    )


def draw_pages(pages: list[Page], fontset: FontSet, first_id: int = 1) -> Drawing:
    """Every page's content, with IDs unique in the document from ``first_id`` on: fonts first, then each
    page, its layer and its objects in drawing order."""
    used: dict[Face, set[str]] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, TextLine):
                for run in item.runs:
                    used.setdefault(run.face, set()).update(run.text)
    fonts = embed(used, fontset, first_id)
    next_id = first_id + len(fonts)
    pictures: dict[bytes, Picture] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, Seal) and item.image is not None and item.image not in pictures:
                pictures[item.image] = Picture(next_id, f"seal{len(pictures)}.png", item.image)
                next_id += 1
    drawing = Drawing(fonts=list(fonts.values()), pictures=list(pictures.values()))
    level = -1
    for number, page in enumerate(pages):
        layer_id, next_id = next_id, next_id + 1
        objects: list[etree._Element] = []
        for item in page.items:
            match item:
                case TextLine():
                    objects += _text(item, fonts, next_id)
                    next_id += len(item.runs)
                case Rule():
                    objects.append(_rule(item, next_id))
                    next_id += 1
                case Star():
                    objects.append(_star(item, next_id))
                    next_id += 1
                case Seal():
                    objects.append(_seal(item, next_id, pictures))
                    next_id += 1
        drawing.pages.append(el("Page", el("Content", el("Layer", *objects, ID=layer_id, Type="Body"))))
        for mark in page.marks:
            level = min(mark.level, level + 1)  # an outline may go only one level deeper at a time
            drawing.outlines.append(Outline(mark.title, level, number, _y(mark.y)))
    drawing.max_id = next_id - 1
    return drawing
