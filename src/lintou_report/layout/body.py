"""Running text on the grid: paragraphs, headings (run-in or standing) and the 署名 with its date."""

from __future__ import annotations

from dataclasses import replace

from lintou_report import style
from lintou_report.layout.flow import CHAR, WIDTH, Flow
from lintou_report.layout.page import Mark
from lintou_report.spec import gbt9704
from lintou_report.tree import Heading, Paragraph, Run, Signature

INDENT = gbt9704.FIRST_LINE_INDENT_CHARS * CHAR


def _styled(runs: tuple[Run, ...]) -> list[tuple[str, style.Style]]:
    return [(r.text, style.run(r)) for r in runs]


def paragraph(flow: Flow, p: Paragraph) -> None:
    indent = INDENT if p.indent else 0.0
    flow.put_on_grid(flow.text(_styled(p.runs), indent=indent, align=p.align))


def heading(flow: Flow, h: Heading) -> None:
    """Headings sit on the grid with the paragraph indent; a level-1 heading never ends a page."""
    runs = [(h.text, style.heading(h.level)), *_styled(h.body)]
    lines = flow.text(runs, indent=INDENT)
    if h.level == 1 and flow.line + len(lines) >= gbt9704.LINES_PER_PAGE:
        flow.new_page()  # keep with next: the heading's last line must not be a page's last line
    flow.put_on_grid(lines, Mark(h.text, h.level, 0))


def signature(flow: Flow, s: Signature) -> None:
    """署名 right-indented 2 characters, one line below the body; the date below it starts 2 characters
    further right, and when that would overrun, the date is right-indented 2 and the 署名 moves left."""
    signer = flow.one_line([(s.signer, style.BODY)], "署名")
    date = flow.one_line([(s.date, style.BODY)], "成文日期")
    limit = WIDTH - gbt9704.SIGNATURE_RIGHT_INDENT_CHARS * CHAR
    signer_x = limit - signer.width
    date_x = signer_x + gbt9704.DATE_OFFSET_CHARS * CHAR
    if date_x + date.width > limit:
        date_x = limit - date.width
        signer_x = date_x - gbt9704.DATE_OFFSET_CHARS * CHAR
    if flow.room() < gbt9704.SIGNATURE_GAP_LINES + 2:
        flow.carry_over(2)
    flow.line += gbt9704.SIGNATURE_GAP_LINES
    flow.put_on_grid([replace(signer, x=signer_x), replace(date, x=date_x)])
