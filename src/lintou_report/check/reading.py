"""A document's pages as check reads them, whatever the format: text lines of glyphs with their fonts, sizes,
colours and positions, rules and filled shapes, the page number, and which fonts are embedded. measure_pdf.py
reads them from a PDF, measure_ofd.py from an OFD; pdf_rules.py measures them. Positions are in points from
the page's top-left corner.

Nothing here knows GB/T 9704's numbers; rules.py compares what is read here with the spec.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lintou_report.check.faces import family


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


def _outermost(side: str, pick: Callable[[Iterable[float]], float]) -> property:
    """A line's edge: ``pick`` (min or max) of its glyphs' ``side``."""
    return property(lambda line: pick(getattr(g, side) for g in line.glyphs))


@dataclass
class TextLine:
    page: int  # 1-based
    index: int  # 1-based among the page's text lines, page number excluded
    glyphs: list[Glyph]
    ink_top: float | None = None  # where the ink begins (measured for page 1's red lines only)

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    # The line's box: on each side the outermost of its glyphs'.
    x0 = _outermost("x0", min)
    x1 = _outermost("x1", max)
    top = _outermost("top", min)
    bottom = _outermost("bottom", max)

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


OUTLINE_MIN = 3  # points: a stroked shape both of whose sides are longer is an outline, not a rule


def outline(x0: float, x1: float, top: float, bottom: float, color: tuple[float, float, float] | None) -> Shape | None:
    """A stroked shape as a seal's outline (red, no thin rule), else None."""
    if min(x1 - x0, bottom - top) > OUTLINE_MIN and is_red(color):
        return Shape(x0, x1, top, bottom, color)
    return None


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
    outlines: list[Shape] = field(default_factory=list)  # red stroked closed shapes (a seal's outline)
    images: list[Shape] = field(default_factory=list)  # pictures drawn on the page (a seal), colour None

    @property
    def blank(self) -> bool:
        return not self.lines and self.page_number is None


@dataclass(frozen=True)
class FontUse:
    name: str
    embedded: bool


@dataclass
class Reading:
    pages: list[Page]
    fonts: list[FontUse] = field(default_factory=list)

    def glyphs(self) -> list[Glyph]:
        return [g for p in self.pages for line in p.lines for g in line.glyphs]


def is_red(color: tuple[float, float, float] | None) -> bool:
    """Red as offices print it: #FF0000 and the darker or orange reds (#E60012, #C00000) alike."""
    return color is not None and color[0] >= 0.6 and color[1] <= 0.35 and color[2] <= 0.35


def hex_color(color: tuple[float, float, float] | None) -> str:
    return "无" if color is None else "#" + "".join(f"{round(c * 255):02X}" for c in color)


# A page number as offices print it: digits, alone or between dashes (— 1 —, -1-, ～1～).
_PAGE_NUMBER = re.compile(r"^\s*([—–\-－─―~～]*)\s*(\d+)\s*([—–\-－─―~～]*)\s*$")


def is_page_number(line: TextLine, page_height: float) -> bool:
    """A page's last line is its page number when it is one and stands in the lower half of the page."""
    return bool(_PAGE_NUMBER.match(line.text)) and line.top > page_height / 2


def body_size(layout: Reading) -> float | None:
    """The size most glyphs are set in."""
    sizes = Counter(round(g.size * 2) / 2 for g in layout.glyphs())
    return sizes.most_common(1)[0][0] if sizes else None


def body_lines(layout: Reading, size: float) -> list[TextLine]:
    """Lines set in the body size (body paragraphs and headings on the body grid)."""
    return [line for p in layout.pages for line in p.lines if abs(line.size - size) < 0.3]


def mode(values: list[float], step: float = 0.5) -> float | None:
    """The most common value after rounding to ``step``; ties go to the smaller."""
    if not values:
        return None
    counts = Counter(round(v / step) * step for v in values)
    best = max(counts.values())
    return min(v for v, n in counts.items() if n == best)


def left_edge(lines: list[TextLine], step: float = 0.5) -> float | None:
    """Where a text block's lines begin: the leftmost start that a tenth of the lines (at least two) share.

    Not the most common start: in a text of short paragraphs (a 通知's items, a 纪要's decisions) more lines
    open a paragraph, 2 characters in, than continue one at the edge."""
    values = [line.x0 for line in lines]
    counts = Counter(round(v / step) * step for v in values)
    shared = [v for v, n in counts.items() if n >= max(2, len(values) // 10)]
    return min(shared) if shared else mode(values, step)


def right_edge(lines: list[TextLine], reach: float = 2.0) -> float | None:
    """Where a text block's full lines end: the end that most lines share within ``reach`` points (ties go to
    the rightmost), the median of those lines' ends. Not the most common end to the half point: a renderer that
    spaces digits from Chinese (LibreOffice's autospace) ends its full lines a little apart, and a short
    document then has as many short lines of one length as full ones ending at exactly one place."""
    ends = sorted(line.x1 for line in lines)
    if not ends:
        return None
    groups = [[e for e in ends if abs(e - end) <= reach] for end in ends]
    best = max(groups, key=lambda group: (len(group), group[-1]))
    return statistics.median(best)


def line_pitch(lines: list[TextLine], size: float) -> float | None:
    """Median distance between successive body lines' baselines on a page, gaps of blank lines left out."""
    gaps = []
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == b.page and 0 < b.bottom - a.bottom < 2.5 * size:
            gaps.append(b.bottom - a.bottom)
    return statistics.median(gaps) if gaps else None


_CJK = re.compile(r"[\u3400-\u9fff]")


def han_steps(line: TextLine) -> list[float]:
    """The advances from one Chinese character to the next inside ``line``, in one font and size (what a
    line's letter spacing adds to; never a punctuation mark's, which compression may shorten)."""
    return [
        b.x0 - a.x0
        for a, b in zip(line.glyphs, line.glyphs[1:], strict=False)
        if _CJK.match(a.text) and _CJK.match(b.text) and a.font == b.font and a.size == b.size
    ]


PITCH_BIN = 0.1  # pt: advances this close are one pitch


def char_pitch(lines: list[TextLine], widest: float | None = None) -> float | None:
    """The advance from one Chinese character to the next inside a line, in one font and size, that most lines
    share. Each line counts once, by its mean advance: a renderer that places glyphs on a coarse unit
    (LibreOffice's PDF) alternates two advances around the true one, which single steps would pick one of.
    Lines set at the grid's pitch share one mean; a line spread to keep a number or a 禁则 pair whole has its
    own, and a short document has enough of those to move a plain median: the result is the median of the
    means within a tenth of a point of the most common one. With ``widest`` (ems), a line whose glyphs
    together are wider took a character back by compressing punctuation (or a DOCX client condensed it to hold
    as much): its pitch is not the grid's, and it is left out."""
    means = [
        statistics.fmean(steps)
        for line in lines
        if widest is None or sum(g.x1 - g.x0 for g in line.glyphs) <= widest * line.size
        if (steps := han_steps(line))
    ]
    if not means:
        return None
    common = Counter(round(m / PITCH_BIN) for m in means).most_common(1)[0][0] * PITCH_BIN
    return statistics.median(m for m in means if abs(m - common) <= PITCH_BIN)


def is_cjk(text: str) -> bool:
    return bool(_CJK.match(text))
