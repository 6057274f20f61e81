"""Running text on the grid: paragraphs and headings (run-in or standing)."""

from __future__ import annotations

from lintou_report import style
from lintou_report.layout.flow import CHAR, WIDTH, Flow
from lintou_report.layout.linebreak import Line
from lintou_report.layout.page import Mark
from lintou_report.spec import gbt9704
from lintou_report.spec.words import libreoffice_may_split, units
from lintou_report.tree import Heading, Paragraph

INDENT = gbt9704.FIRST_LINE_INDENT_CHARS * CHAR


def _runs(block: Paragraph | Heading) -> list[tuple[str, style.Style]]:
    """The block's texts in their styles (style.styled: the heading's characters lead a run-in heading)."""
    return [(item.text, item.style) for item in style.styled(block)]


def _lines(flow: Flow, block: Paragraph | Heading) -> list[Line]:
    """A paragraph or heading set into lines; headings take the paragraph indent."""
    if isinstance(block, Heading):
        return flow.text(_runs(block), indent=INDENT)
    return flow.text(_runs(block), indent=INDENT if block.indent else 0.0, align=block.align)


def paragraph(flow: Flow, p: Paragraph) -> None:
    flow.put_on_grid(_lines(flow, p))


def heading(flow: Flow, h: Heading) -> None:
    """Headings sit on the grid with the paragraph indent; a level-1 heading never ends a page."""
    lines = _lines(flow, h)
    if h.level == 1 and flow.line + len(lines) >= gbt9704.LINES_PER_PAGE:
        flow.new_page()  # keep with next: the heading's last line must not be a page's last line
    flow.put_on_grid(lines, Mark(h.text, h.level, 0))


def squeezed(flow: Flow, block: Paragraph | Heading) -> tuple[tuple[int, int, float, int], ...]:
    """The lines of the block the DOCX writer must set tighter or looser than the grid's pitch, so that Word
    and LibreOffice fit the same characters on them: each as the span (start, end) of the block's text it
    sets (its style.styled texts in order), the points it overruns the measure at the grid's pitch, and its
    number of 中西间距. They are the lines punctuation compression squeezed a character into (推入: they
    overrun), and the lines followed by a unit LibreOffice would split (“化……”, spec/words.py
    ``libreoffice_may_split``), which the PDF spreads to the measure (they fall short)."""
    text = "".join(t for t, _ in _runs(block))
    lines = [line for line in _lines(flow, block) if line.chars]
    out, k = [], 0
    for n, line in enumerate(lines):
        while text[k] != line.chars[0].text:  # a space dropped at a line's start
            k += 1
        start = k
        for char in line.chars:
            while text[k] != char.text:
                k += 1
            k += 1
        following = lines[n + 1].text if n + 1 < len(lines) else ""
        if any(line.kerns) or (following and libreoffice_may_split(following[slice(*units(following)[0])])):
            natural = sum(c.advance for c in line.chars) + gbt9704.CHAR_SPACING * len(line.chars) + sum(line.gaps)
            out.append((start, k, natural - (WIDTH - line.x), sum(1 for g in line.gaps if g)))
    return tuple(out)
