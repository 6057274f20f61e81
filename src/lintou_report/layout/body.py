"""Running text on the grid: paragraphs, headings (run-in or standing) and the 署名 with its date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from lintou_report import style
from lintou_report.layout.flow import CHAR, WIDTH, Flow
from lintou_report.layout.linebreak import Line
from lintou_report.layout.page import Mark
from lintou_report.spec import gbt9704
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


def _spans(flow: Flow, block: Paragraph | Heading) -> list[tuple[int, int, Line]]:
    """Each line of the block with the span (start, end) of the block's text it sets (its style.styled
    texts in order; a space dropped at a line's start belongs to no line)."""
    text = "".join(t for t, _ in _runs(block))
    out, k = [], 0
    for line in _lines(flow, block):
        if not line.chars:
            continue
        while text[k] != line.chars[0].text:  # a space dropped at a line's start
            k += 1
        start = k
        for char in line.chars:
            while text[k] != char.text:
                k += 1
            k += 1
        out.append((start, k, line))
    return out


def squeezed(flow: Flow, block: Paragraph | Heading) -> tuple[tuple[int, int, float], ...]:
    """The lines of the block into which punctuation compression squeezed a character (推入), each as the
    span (start, end) of the block's text it sets (its style.styled texts in order) and the points it overruns
    the measure at the grid's pitch: what the DOCX writer takes out of those characters' spacing, so that
    Word and LibreOffice fit the same characters on the line."""
    out = []
    for start, end, line in _spans(flow, block):
        if any(line.kerns):
            natural = sum(c.advance for c in line.chars) + gbt9704.CHAR_SPACING * len(line.chars) + sum(line.gaps)
            out.append((start, end, natural - (WIDTH - line.x)))
    return tuple(out)


def word_breaks(flow: Flow, block: Paragraph | Heading) -> frozenset[int]:
    """Where the layout ends a line after a closing mark (，。、）》” …) and starts the next with a number or a
    Latin word, as offsets into the block's text: LibreOffice never breaks there by itself (measured: it
    carries the mark's character over with the number and loosens the line), so the DOCX writer marks
    each such break as allowed."""
    text = "".join(t for t, _ in _runs(block))
    spans = _spans(flow, block)
    return frozenset(
        end
        for (_, end, _), (start, _, _) in zip(spans, spans[1:], strict=False)
        if end == start and text[end - 1] in gbt9704.CLOSING_BEFORE_WORD and text[end].isascii() and text[end].isalnum()
    )
