"""CJK line breaking per GB/T 15834 (禁则) with whole numbers and Latin words, and justification.

Text arrives as styled runs; each character is measured in the face that will draw it (per-character
fallback), so a line's width is exact. Full-width punctuation keeps its full width: a closing mark that
would start a line pulls the character before it onto the next line (推出), never squeezes in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import NamedTuple

from lintou_report import memo
from lintou_report.fonts import Face, FontSet
from lintou_report.fonts.metrics import metrics
from lintou_report.layout import autospace
from lintou_report.layout.breaking import units
from lintou_report.spec import gbt9704
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
    """Consecutive characters drawn with one face, size, colour and weight, with each one's advance."""

    text: str
    face: Face
    size: float
    color: Color
    bold: bool
    advances: tuple[float, ...]
    after: float = 0.0  # the 中西间距 after its last character (layout/autospace.py)

    def width(self, start: int, end: int) -> float:
        """Advance of text[start:end], summed in order."""
        return sum(self.advances[start:end])


_LOOK = attrgetter("face", "size", "color", "bold")


@dataclass(frozen=True)
class Line:
    """One set line: where it starts (from the left of its measure), the spacing after each character and the
    中西间距 after some (``gaps``, one a character, layout/autospace.py)."""

    chars: tuple[Char, ...]
    x: float
    spacing: float
    gaps: tuple[float, ...] = ()

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def width(self) -> float:
        """From the left edge of the first glyph to the right edge of the last."""
        n = len(self.chars)
        return sum(c.advance for c in self.chars) + self.spacing * max(n - 1, 0) + sum(self.gaps)

    @cached_property
    def pieces(self) -> tuple[Piece, ...]:
        """The line cut where face, size, colour or weight change, and after each 中西间距 (worked out once per
        line)."""
        chars, gaps = self.chars, self.gaps or (0.0,) * len(self.chars)
        out, start = [], 0
        for i, c in enumerate(chars):
            if i + 1 == len(chars) or gaps[i] or _LOOK(c) != _LOOK(chars[i + 1]):
                run = chars[start : i + 1]
                out.append(Piece("".join(r.text for r in run), *_LOOK(c), tuple(r.advance for r in run), gaps[i]))
                start = i + 1
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


def break_lines(chars: list[Char], first: float, rest: float, spacing: float = 0.0) -> list[list[Char]]:
    """Greedy breaking on the natural pitch: a box goes to the next line when it would overrun this one;
    ``first`` is the first line's measure, ``rest`` every other's. Spaces vanish at line starts.

    Linear in the length of the text: a box wider than a whole line (a long number or Latin word) is cut
    in one pass over its characters."""
    lines: list[list[Char]] = [[]]
    room, used = first + 0.01, 0.0
    for box in boxes(chars):
        width = _natural(box, spacing)
        if lines[-1]:  # the 中西间距 between this line's last character and the box, if the box stays on it
            width += autospace.gap(lines[-1][-1], box[0])
        if lines[-1] and used + width > room:
            lines.append([])
            room, used = rest + 0.01, 0.0
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
                cut = max(end, start + 1)
                lines[-1] = box[start:cut]
                lines.append([])
                start, room = cut, rest + 0.01
        lines[-1] += box[start:]
        used += width
    return [line for line in lines if line]


def set_lines(
    chars: list[Char],
    width: float,
    *,
    indent: float = 0.0,
    hang: float = 0.0,
    align: Align = "justify",
    spacing: float = 0.0,
) -> list[Line]:
    """Break and align: justified lines end flush with ``width``; the last line keeps the natural pitch."""
    rows = break_lines(chars, width - indent, width - hang, spacing)
    out: list[Line] = []
    for i, row in enumerate(rows):
        while row and row[-1].text == " ":
            row.pop()
        start = indent if i == 0 else hang
        room = width - start
        gaps = autospace.gaps(row)
        line = Line(tuple(row), start, spacing, gaps)
        last = i == len(rows) - 1
        if align == "justify" and not last and len(row) > 1:
            line = Line(tuple(row), start, (room - sum(c.advance for c in row) - sum(gaps)) / (len(row) - 1), gaps)
        elif align == "center":
            line = Line(tuple(row), start + (room - line.width) / 2, spacing, gaps)
        elif align == "right":
            line = Line(tuple(row), width - line.width, spacing, gaps)
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
    character pitch. A pure function of its arguments: the one memo of the layout."""
    spacing = gbt9704.CHAR_SPACING if all(s.size == gbt9704.BODY_SIZE.pt for _, s in runs) else 0.0
    chars = measure(runs, FontSet(dict(faces)))
    return tuple(set_lines(chars, width, indent=indent, hang=hang, align=align, spacing=spacing))
