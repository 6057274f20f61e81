"""版记 / 报尾 at the foot of the last page."""

from __future__ import annotations

from lintou_report.layout.flow import BOTTOM, LEFT, LINES, PITCH, WIDTH, Flow, Sheet
from lintou_report.layout.lastpage import placement
from lintou_report.layout.linebreak import Line
from lintou_report.spec import gbt9704
from lintou_report.style import COLOPHON
from lintou_report.tree import Colophon, ColophonLine

SIZE = COLOPHON.size
INDENT = gbt9704.COLOPHON_INDENT_CHARS * SIZE
MEASURE = WIDTH - 2 * INDENT


def _rows(flow: Flow, item: ColophonLine) -> list[list[Line]]:
    """The printed rows of one 版记 line: wrapped text hangs under the text after the label; the
    ``right`` text goes flush right on the last row, or on a row of its own when it does not fit."""
    style = COLOPHON
    rows: list[list[Line]] = []
    if item.label or item.text:
        hang = sum(c.advance for c in flow.one_line([(item.label, style)], "版记标签").chars)
        rows = [[line] for line in flow.text([(item.label + item.text, style)], width=MEASURE, hang=hang)]
    if item.right:
        right = flow.one_line([(item.right, style)], "版记右侧文字", width=MEASURE, align="right")
        if rows and rows[-1][0].x + rows[-1][0].width + SIZE <= right.x:
            rows[-1].append(right)
        else:
            rows.append([right])
    return rows


def colophon(flow: Flow, c: Colophon) -> None:
    """Rows of one line pitch between rules, built up from the type-area bottom, on the page lastpage.py
    chooses (an even page when printed on both sides)."""
    groups = [[row for item in group for row in _rows(flow, item)] for group in c.groups]
    count = sum(len(g) for g in groups)
    place = placement(len(flow.pages), flow.room() >= count, c.duplex is not False)
    if place.blank:
        flow.pages.append(Sheet(numbered=False))
    if place.new_page or place.blank:
        flow.pages.append(Sheet(numbered=not place.blank))
        flow.line, flow.tail = 0, []
    flow.placement = place
    top = BOTTOM + count * PITCH
    flow.rule(top, gbt9704.COLOPHON_HEAVY_RULE.pt)
    y = top
    for k, group in enumerate(groups):
        if k:
            flow.rule(y, gbt9704.COLOPHON_LIGHT_RULE.pt)
        for row in group:
            for line in row:
                flow.put(line, y - PITCH / 2, x=LEFT + INDENT)
            y -= PITCH
    flow.rule(BOTTOM, gbt9704.COLOPHON_HEAVY_RULE.pt)
    flow.line = LINES
