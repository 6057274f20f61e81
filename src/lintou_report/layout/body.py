"""Running text on the grid: paragraphs, headings (run-in or standing) and the 署名 with its date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from lintou_report import style
from lintou_report.layout.flow import CHAR, WIDTH, Flow
from lintou_report.layout.linebreak import Line
from lintou_report.layout.page import Mark
from lintou_report.spec import gbt9704
from lintou_report.spec.words import libreoffice_may_split, units
from lintou_report.tree import Heading, Paragraph, Signature

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


def unsealed_places(
    signer_widths: Sequence[float], date_width: float, char: float = CHAR, measure: float = WIDTH
) -> tuple[float, float]:
    """7.3.5.2: the 署名s' and the date's left edges from the type area's left (in the unit of ``char`` and
    ``measure``, the type area's width: a DOCX counts in twips). The 署名 right-indented 2
    characters (联合行文: one a line, their first characters aligned, the longest right-indented 2); the date
    starts 2 characters further right, and when that would overrun, the date is right-indented 2 and the
    署名 move left."""
    limit = measure - gbt9704.SIGNATURE_RIGHT_INDENT_CHARS * char
    signer_x = limit - max(signer_widths)
    date_x = signer_x + gbt9704.DATE_OFFSET_CHARS * char
    if date_x + date_width > limit:
        date_x = limit - date_width
        signer_x = date_x - gbt9704.DATE_OFFSET_CHARS * char
    return signer_x, date_x


def signature(flow: Flow, s: Signature) -> None:
    """署名 (联合行文: the 主办机关's first, the others below it) one line below the body, the date under them
    (unsealed_places)."""
    signers = [flow.one_line([(signer.name, style.BODY)], "署名") for signer in s.signers]
    date = flow.one_line([(s.date, style.BODY)], "成文日期")
    signer_x, date_x = unsealed_places([signer.width for signer in signers], date.width)
    if flow.room() < gbt9704.SIGNATURE_GAP_LINES + len(signers) + 1:
        flow.carry_over(2)
    flow.line += gbt9704.SIGNATURE_GAP_LINES
    flow.put_on_grid([*(replace(signer, x=signer_x) for signer in signers), replace(date, x=date_x)])


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
