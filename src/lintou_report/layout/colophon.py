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
        width = MEASURE - narrowing(flow, item)
        rows = [[line] for line in flow.text([(item.label + item.text, style)], width=width, hang=hang)]
    if item.right:
        right = flow.one_line([(item.right, style)], "版记右侧文字", width=MEASURE, align="right")
        if rows and rows[-1][0].x + rows[-1][0].width + SIZE <= right.x:
            rows[-1].append(right)
        else:
            rows.append([right])
    return rows


LONE = 1  # a wrapped 版记 line's last row with this many characters or fewer (punctuation aside) is a lone end
_SEPARATORS = "，、"


def narrowing(flow: Flow, item: ColophonLine) -> float:
    """How much narrower than the 版记's measure to set ``item`` so that its last row is not a lone
    character (“织。”): the break moves back to the last separator (，、) of the row before, keeping a
    name whole, or else one character back; 0 when nothing needs moving or the row count would grow.
    The DOCX writer narrows the paragraph by the same amount (a right indent), so Word breaks alike."""
    if not item.label:
        return 0.0
    runs = [(item.label + item.text, COLOPHON)]
    hang = sum(c.advance for c in flow.one_line([(item.label, COLOPHON)], "版记标签").chars)
    rows = flow.text(runs, width=MEASURE, hang=hang)
    if len(rows) < 2 or sum(c.text not in gbt9704.NO_LINE_START for c in rows[-1].chars) > LONE:
        return 0.0
    before = rows[-2]
    cuts = [k + 1 for k, c in enumerate(before.chars[:-1]) if c.text in _SEPARATORS]
    keep = cuts[-1] if cuts and cuts[-1] > len(before.chars) // 2 else len(before.chars) - 1
    used = sum(c.advance for c in before.chars[:keep]) + before.x
    narrower = used + SIZE / 2  # half a character short of the next one: no rounding lets it in
    if len(flow.text(runs, width=narrower, hang=hang)) != len(rows):
        return 0.0
    return MEASURE - narrower


def colophon(flow: Flow, c: Colophon, ruled: bool = True) -> None:
    """Rows of one line pitch between rules, built up from the type-area bottom, on the page lastpage.py
    chooses (an even page when printed on both sides); without rules in a 信函格式 (``ruled`` False, 10.1)."""
    groups = [[row for item in group for row in _rows(flow, item)] for group in c.groups]
    count = sum(len(g) for g in groups)
    flow.duplex = c.duplex is not False
    place = placement(len(flow.pages), flow.room() >= count, flow.duplex)
    if place.blank:
        flow.pages.append(Sheet(numbered=False))
    if place.new_page or place.blank:
        flow.pages.append(Sheet(numbered=not place.blank))
        flow.line, flow.tail = 0, []
    flow.placement = place
    top = BOTTOM + count * PITCH
    rule = flow.rule if ruled else lambda y, width: None
    rule(top, gbt9704.COLOPHON_HEAVY_RULE.pt)
    y = top
    for k, group in enumerate(groups):
        if k:
            rule(y, gbt9704.COLOPHON_LIGHT_RULE.pt)
        for row in group:
            for line in row:
                flow.put(line, y - PITCH / 2, x=LEFT + INDENT)
            y -= PITCH
    rule(BOTTOM, gbt9704.COLOPHON_HEAVY_RULE.pt)
    flow.line = LINES
