"""The positioned page: what the layout hands every writer (PDF today, a fixed-layout OFD writer later).

Plain, immutable data. Lengths are PDF points (1/72 inch); the origin is the page's bottom-left corner and
y grows upwards (an OFD writer converts to millimetres from the top-left). A page lists its items in
drawing order:

- ``TextLine``: one line of text as runs. A ``TextRun`` is consecutive characters of one face, size,
  colour and weight; its first character's origin is (x, y) on the baseline, and each character advances
  the pen by its own advance (``advances``, from fonts.metrics) plus ``spacing`` (character spacing, PDF's
  Tc). A run that follows a compressed punctuation mark (标点挤压, spec/punctuation.py) starts up to half an
  em before the previous run's pen. ``bold`` asks for a fake bold: the glyphs filled and stroked in their
  colour (the bundled CJK faces have no bold weight); the stroke is ``BOLD_STROKE`` ems wide.
- ``Rule``: a straight stroke whose centre line runs from (x0, y0) to (x1, y1).
- ``Star``: a filled five-pointed star centred at (x, y), ``size`` the diameter of its outer circle.
- ``Seal``: where a seal goes, its box's bottom-left corner at (x, y). With ``image`` (PNG bytes, maybe
  with transparency) the clerk's seal picture is drawn filling the box; without, a placeholder: the box's
  outline (an ellipse when ``round``, else a rectangle) stroked ``line`` wide in dashes of ``dash`` (on,
  off), so that no one takes it for a real seal.

and its outline entries (``Mark``: a title, a level from 0, the height on the page it points at).
Faces are named by ``fonts.Face`` (file and index in it): a writer embeds them; it never measures again.
"""

from __future__ import annotations

from typing import NamedTuple

from lintou_report.fonts import Face
from lintou_report.style import BLACK, Color

__all__ = ["BLACK", "BOLD_STROKE", "Color", "Mark", "Page", "Rule", "Seal", "Star", "TextLine", "TextRun"]

BOLD_STROKE = 0.03  # ours: outline stroke of a fake bold, in ems (about what Word adds for a fake bold)


class TextRun(NamedTuple):
    x: float
    y: float
    text: str
    face: Face
    size: float
    color: Color
    bold: bool
    spacing: float
    advances: tuple[float, ...]


class TextLine(NamedTuple):
    runs: tuple[TextRun, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


class Rule(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: Color


class Star(NamedTuple):
    x: float
    y: float
    size: float
    color: Color


class Seal(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    round: bool
    color: Color
    line: float
    dash: tuple[float, float]
    image: bytes | None = None


class Mark(NamedTuple):
    title: str
    level: int
    y: float


class Page(NamedTuple):
    items: tuple[TextLine | Rule | Star | Seal, ...]
    marks: tuple[Mark, ...]
    numbered: bool = True  # False: a blank page before the 版记 page, and that page (layout/lastpage.py)
