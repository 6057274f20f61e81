"""Metric tables: caption, 黑体 header row, 4号仿宋 cells, full rules; rows take whole grid lines.

Each row spans one or more grid lines and is centred on the body em boxes of those lines, so the body
that follows the table is back on the grid. A table that runs over a page continues under “续表…” with
its header row repeated; each page keeps at least two of its rows.
"""

from __future__ import annotations

import math

from lintou_report import style
from lintou_report.layout.flow import LEFT, PITCH, WIDTH, Flow
from lintou_report.layout.linebreak import Line
from lintou_report.layout.page import BLACK, Rule
from lintou_report.spec import gbt9704
from lintou_report.tree import Align, Table

SIZE = style.TABLE_CELL.size
PAD = SIZE / 2  # ours: half a character of space left and right of a cell's text
PAD_ABOVE = SIZE / 4  # ours: the least space above and below a cell's text
LEADING = 1.3 * SIZE  # ours: line pitch inside a cell that wraps
RULE = gbt9704.TABLE_RULE_WIDTH.pt
EMPTY_LIMIT = 5  # ours: grid lines a table would leave empty by moving to the next page

Cells = list[list[Line]]


def _rows_needed(cells: Cells) -> int:
    lines = max(len(c) for c in cells)
    return max(1, math.ceil((lines * LEADING + 2 * PAD_ABOVE) / PITCH))


class _Segment:
    """The part of a table on one page: rows placed so far, rules drawn when it closes."""

    def __init__(self, flow: Flow, edges: list[float]) -> None:
        self.flow, self.edges = flow, edges
        self.top = flow.centre(flow.line) + PITCH / 2
        self.bottom = self.top

    def row(self, cells: Cells) -> None:
        flow, h = self.flow, _rows_needed(cells)
        flow.rule(self.bottom, RULE, x0=self.edges[0], x1=self.edges[-1])
        mid = self.bottom - h * PITCH / 2
        for lines, x0 in zip(cells, self.edges, strict=False):
            for k, line in enumerate(lines):
                flow.put(line, mid + ((len(lines) - 1) / 2 - k) * LEADING, x=x0 + PAD)
        self.bottom -= h * PITCH
        flow.line += h

    def close(self) -> None:
        self.flow.rule(self.bottom, RULE, x0=self.edges[0], x1=self.edges[-1])
        for x in self.edges:
            self.flow.page.ops.append(Rule(x, self.top, x, self.bottom, RULE, BLACK))


def continuation(caption: str) -> str:
    """The caption over a table's rows on a following page: “续表1 …”."""
    return "续" + caption


def table(flow: Flow, t: Table) -> bool:
    """Lay out ``t``; True when it started with a single row on its first page (the DOCX writer keeps
    that row from its next, layout.pagination)."""
    total = sum(c.width for c in t.columns)
    edges = [LEFT]
    for c in t.columns:
        edges.append(edges[-1] + WIDTH * c.width / total)
    widths = [b - a - 2 * PAD for a, b in zip(edges, edges[1:], strict=False)]
    aligns: list[Align] = [c.align if c.align != "justify" else "left" for c in t.columns]

    def cells(texts: tuple[str, ...], look: style.Style, align: list[Align]) -> Cells:
        return [flow.text([(s, look)], width=w, align=a) for s, w, a in zip(texts, widths, align, strict=False)]

    header = cells(tuple(c.header for c in t.columns), style.TABLE_HEADER, ["center"] * len(t.columns))
    rows = [cells(r, style.TABLE_CELL, aligns) for r in t.rows]

    def start(caption: str) -> _Segment:
        flow.put_on_grid(flow.text([(caption, style.TABLE_CAPTION)], align="center"))
        segment = _Segment(flow, edges)
        segment.row(header)
        return segment

    def needed(first: list[Cells]) -> int:
        return 1 + _rows_needed(header) + sum(_rows_needed(r) for r in first)

    # A page holds at least two rows of a split table, and the last row never goes over alone; but rather
    # than move on leaving EMPTY_LIMIT or more grid lines empty, a table of three rows or more starts here
    # with one row and continues under “续表”.
    lead = rows[:2] or [header]
    early = len(rows) >= 3 and needed(lead) > flow.room() >= max(EMPTY_LIMIT, needed(rows[:1]))
    if flow.room() < needed(lead) and not early:
        flow.new_page()
    segment, placed, continued = start(t.caption), 0, []
    for j, row in enumerate(rows):
        together = rows[j:] if len(rows) - j == 2 and placed >= 2 else [row]
        if flow.room() < sum(_rows_needed(r) for r in together):
            segment.close()
            flow.new_page()
            segment, placed = start(continuation(t.caption)), 0
            continued.append(j)
        segment.row(row)
        placed += 1
    segment.close()
    flow.table_rows.append((t, tuple(_rows_needed(r) for r in (header, *rows))))
    if continued:
        flow.table_splits.append((t, tuple(continued)))
    flow.tail = []  # nothing of a table is carried over to another page
    return early
