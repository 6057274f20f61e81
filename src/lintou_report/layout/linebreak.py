"""CJK line breaking per GB/T 15834 (禁则) with whole numbers and Latin words, and justification.

Text arrives as styled runs; each character is measured in the face that will draw it (per-character
fallback), so a line's width is exact. Full-width punctuation keeps its full width, except where a body line
would otherwise be spread loose: what would overrun the line is squeezed in by compressing the line's
punctuation (推入, punctuation.py and spec/punctuation.py), and only when that cannot be done does it go to the
next line, the line spread to the measure (推出).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from lintou_report import memo
from lintou_report.fonts import Face, FontSet
from lintou_report.fonts.metrics import metrics
from lintou_report.layout import autospace, punctuation
from lintou_report.layout.breaking import units
from lintou_report.spec import gbt9704
from lintou_report.spec.punctuation import LOOSE_EM
from lintou_report.style import Color, Style, segments
from lintou_report.tree import Align, Role


class Char(NamedTuple):
    text: str
    face: Face
    size: float
    color: Color
    bold: bool
    advance: float


class Piece(NamedTuple):
    """Consecutive characters drawn with one face, size, colour and weight, with each one's advance, and the
    space taken out after the last of them (``kern``, 标点挤压)."""

    text: str
    face: Face
    size: float
    color: Color
    bold: bool
    advances: tuple[float, ...]
    kern: float = 0.0
    after: float = 0.0  # the 中西间距 after its last character (layout/autospace.py)

    def width(self, start: int, end: int) -> float:
        """Advance of text[start:end], summed in order."""
        return sum(self.advances[start:end])


_LOOK = attrgetter("face", "size", "color", "bold")


@dataclass(frozen=True)
class Line:
    """One set line: where it starts (from the left of its measure), the spacing after each character, and
    the space compressed out after each character (``kerns``, points; empty when nothing is compressed)."""

    chars: tuple[Char, ...]
    x: float
    spacing: float
    kerns: tuple[float, ...] = ()
    gaps: tuple[float, ...] = ()  # the 中西间距 after each character (layout/autospace.py; empty when none)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def width(self) -> float:
        """From the left edge of the first glyph to the right edge of the last (to the end of its ink half
        when a line-end mark is compressed)."""
        n = len(self.chars)
        return sum(c.advance for c in self.chars) + self.spacing * max(n - 1, 0) - sum(self.kerns) + sum(self.gaps)

    @cached_property
    def pieces(self) -> tuple[Piece, ...]:
        """The line cut where face, size, colour or weight change and after each compressed character
        (worked out once per line)."""
        kerns = self.kerns or (0.0,) * len(self.chars)
        gaps = self.gaps or (0.0,) * len(self.chars)
        cuts = [k + 1 for k in range(len(self.chars) - 1) if kerns[k] or gaps[k]]
        out = []
        for start, end in zip([0, *cuts], [*cuts, len(self.chars)], strict=True):
            for look, run in groupby(self.chars[start:end], key=_LOOK):
                chars = tuple(run)
                out.append(Piece("".join(c.text for c in chars), *look, tuple(c.advance for c in chars)))
            out[-1] = out[-1]._replace(kern=kerns[end - 1], after=gaps[end - 1])
        return tuple(out)


def measure(runs: Sequence[tuple[str, Style]], fonts: FontSet) -> list[Char]:
    """Each character with the face that has it (the role's face, else the fallback chain)."""
    out: list[Char] = []
    for text, style in runs:
        for face, part in segments(text, style, fonts):
            size, color, bold = style.size, style.color, style.bold
            advances = metrics(face).advances(part, size)
            out += [Char(ch, face, size, color, bold, a) for ch, a in zip(part, advances, strict=True)]
    return out


def boxes(chars: list[Char]) -> list[list[Char]]:
    """Group characters into boxes no line break may enter: words, and marks glued by 禁则."""
    return [chars[start:end] for start, end in units("".join(c.text for c in chars))]


def _natural(chars: Sequence[Char], spacing: float) -> float:
    """Width a run takes on its character pitch (advance plus spacing for every character), with the 中西间距
    inside it."""
    return sum([c.advance + spacing for c in chars]) + sum(autospace.gaps(chars))


def _fit(box: list[Char], start: int, room: float, spacing: float) -> tuple[int, float | None]:
    """How far from ``start`` the box fits in ``room`` (the index after the last character that fits), and
    the width of the rest of the box when all of it fits (None when it does not)."""
    used = 0
    for i in range(start, len(box)):
        wider = used + (box[i].advance + spacing) + (autospace.gap(box[i - 1], box[i]) if i > start else 0.0)
        if wider > room:
            return i, None
        used = wider
    return len(box), used


def _push_in(line: list[Char], box: list[Char], slack: float, need: float) -> tuple[float, ...] | None:
    """推入: the compressions that squeeze ``box`` into ``line``, which has ``slack`` points left and is ``need``
    points short of it; None when pushing the box out spreads the line by no more than half an em, or when
    the punctuation cannot give enough (the box then goes to the next line: 推出)."""
    if slack <= LOOSE_EM * box[0].size:
        return None
    return punctuation.kerns(line + box, need)


def _cut(box: list[Char], start: int, end: int) -> int:
    """Where a box wider than a line is cut, its characters from ``start`` fitting up to ``end``: at the last
    place GB/T 15834 alone allows ("+2|（+200.0%）": the marks a number keeps beside it give way first), else
    after the last character that fits."""
    text = "".join(c.text for c in box)
    allowed = [a for a, _ in units(text, latin=False) if start < a <= end]
    return max(allowed) if allowed else max(end, start + 1)


def break_lines(
    chars: list[Char], first: float, rest: float, spacing: float = 0.0, squeeze: bool = False
) -> list[tuple[list[Char], tuple[float, ...]]]:
    """Greedy breaking on the natural pitch: a box goes to the next line when it would overrun this one
    (with ``squeeze``, unless compressing the line's punctuation takes it in); ``first`` is the first line's
    measure, ``rest`` every other's. Spaces vanish at line starts. Each line comes with its compressions.

    Linear in the length of the text: a box wider than a whole line (a long number or Latin word) is cut
    in one pass over its characters."""
    lines: list[list[Char]] = [[]]
    kerns: list[tuple[float, ...]] = [()]
    room, used = first + 0.01, 0.0
    for box in boxes(chars):
        width = _natural(box, spacing)
        if lines[-1]:  # the 中西间距 between this line's last character and the box, if the box stays on it
            width += autospace.gap(lines[-1][-1], box[0])
        if lines[-1] and used + width > room:
            pushed = _push_in(lines[-1], box, room - used, used + width - room) if squeeze else None
            if pushed is not None:
                lines[-1] += box
                kerns[-1] = pushed
            lines.append([])
            kerns.append(())
            room, used = rest + 0.01, 0.0
            if pushed is not None:
                continue
            width = _natural(box, spacing)
        if box[0].text == " " and not lines[-1]:
            continue
        start = 0
        if width > room and not lines[-1]:  # a word wider than a whole line: cut it where it must
            while True:
                end, rest_width = _fit(box, start, room, spacing)
                if rest_width is not None:  # what is left of it fits
                    width = rest_width
                    break
                cut = _cut(box, start, end)
                lines[-1] = box[start:cut]
                lines.append([])
                kerns.append(())
                start, room = cut, rest + 0.01
        lines[-1] += box[start:]
        used += width
    return [(line, k) for line, k in zip(lines, kerns, strict=True) if line]


def set_lines(
    chars: list[Char],
    width: float,
    *,
    indent: float = 0.0,
    hang: float = 0.0,
    align: Align = "justify",
    spacing: float = 0.0,
    squeeze: bool = False,
) -> list[Line]:
    """Break and align: justified lines end flush with ``width`` (with ``squeeze``, compressing punctuation
    before spreading: break_lines); the last line keeps the natural pitch."""
    rows = break_lines(chars, width - indent, width - hang, spacing, squeeze and align == "justify")
    out: list[Line] = []
    for i, (row, kerns) in enumerate(rows):
        while row and row[-1].text == " ":
            row.pop()
        kerns = kerns[: len(row)]
        start = indent if i == 0 else hang
        room = width - start
        gaps = autospace.gaps(row)
        line = Line(tuple(row), start, spacing, kerns, gaps)
        last = i == len(rows) - 1
        if align == "justify" and not last and len(row) > 1:
            natural = sum(c.advance for c in row) - sum(kerns) + sum(gaps)
            line = Line(tuple(row), start, (room - natural) / (len(row) - 1), kerns, gaps)
        elif align == "center":
            line = Line(tuple(row), start + (room - line.width) / 2, spacing, (), gaps)
        elif align == "right":
            line = Line(tuple(row), width - line.width, spacing, (), gaps)
        out.append(line)
    return out


TEXTS_KEPT = 2048  # set texts remembered: a report sets about 100 (paragraphs, cells, single lines)


@memo.pure(TEXTS_KEPT)
def set_text(
    runs: tuple[tuple[str, Style], ...],
    faces: tuple[tuple[Role, Face], ...],
    width: float,
    indent: float,
    hang: float,
    align: Align,
) -> tuple[Line, ...]:
    """Styled runs set into lines of ``width`` in these faces (role → face); body-size text keeps the grid's
    character pitch and compresses punctuation rather than spread a line loose. A pure function of its
    arguments: the one memo of the layout."""
    body = all(s.size == gbt9704.BODY_SIZE.pt for _, s in runs)
    spacing = gbt9704.CHAR_SPACING if body else 0.0
    chars = measure(runs, FontSet(dict(faces)))
    return tuple(set_lines(chars, width, indent=indent, hang=hang, align=align, spacing=spacing, squeeze=body))
