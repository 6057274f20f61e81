"""Page geometry and the flow: blocks placed on the 22-line body grid, page by page.

Grid line ``i`` of a page is a cell of one line pitch below the type-area top; a 16 pt body line puts its
em box at the top of its cell, so the first line's glyphs start at the type-area top (37 mm). Text of
another size is centred on the body em box of its line. Blocks that leave the grid (版头, table rules,
版记 rules) hand the flow back on a whole grid line, so the body always sits on the page's grid.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from lintou_report.errors import Problem, UserError
from lintou_report.fonts import Face, FontSet
from lintou_report.fonts.metrics import Metrics, metrics
from lintou_report.layout.lastpage import Placement
from lintou_report.layout.linebreak import Line, set_text
from lintou_report.layout.page import Mark, Rule, Seal, Star
from lintou_report.spec import gbt9704
from lintou_report.style import BLACK, Color, Style
from lintou_report.tree import Align, Table

LEFT = gbt9704.LEFT_MARGIN.pt
WIDTH = gbt9704.TYPE_WIDTH.pt
TOP = gbt9704.PAGE_HEIGHT.pt - gbt9704.TOP_MARGIN.pt
BOTTOM = TOP - gbt9704.TYPE_HEIGHT.pt
PITCH = gbt9704.LINE_PITCH.pt
LINES = gbt9704.LINES_PER_PAGE
BODY = gbt9704.BODY_SIZE.pt
CHAR = gbt9704.CHAR_PITCH.pt  # one body character on the grid: the unit of every indent in body text


class TextOp(NamedTuple):
    """A set line with its left edge at ``x`` and its baseline at ``y`` (while the flow may still move it)."""

    line: Line
    x: float
    y: float


@dataclass
class Sheet:
    """A page being filled: its text lines, rules and stars in drawing order, and its outline marks."""

    ops: list[TextOp | Rule | Star | Seal] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    numbered: bool = True  # False for a blank page before the 版记 and for that 版记 page (lastpage.py)
    restart: bool = False  # its page number is 1 again: the first page of the 附件 not bound with the 正文

    @property
    def empty(self) -> bool:
        return not self.ops


def too_long(what: str, text: str) -> UserError:
    return UserError(
        Problem(f"{what}太长，版面上一行排不下：“{text}”", field=what, fix=f"缩短{what}（用简称或去掉多余的字）")
    )


class Flow:
    """The pages laid out so far and the grid line the next block starts on."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self.faces = tuple(fonts.faces.items())
        self.pages: list[Sheet] = [Sheet()]
        self.line = 0
        self.tail: list[TextOp] = []  # the last block's lines on this page: what carry_over may move
        self.tail_marked = False  # whether the first of them carries an outline mark
        self.placement: Placement | None = None  # where the 版记 went (lastpage.py), once it is placed
        self.duplex = True  # printed on both sides (6.2): as the 版记 states it (colophon.py)
        self.early_splits: list[Table] = []  # tables started with one row on a page (table.py)
        # each table that runs over a page, with the rows that start its continuations under 续表 (table.py)
        self.table_splits: list[tuple[Table, tuple[int, ...]]] = []
        # each table's rows (its header row first) with the grid lines each takes (table.py)
        self.table_rows: list[tuple[Table, tuple[int, ...]]] = []
        self._metrics: dict[Face, Metrics] = {}

    @property
    def page(self) -> Sheet:
        return self.pages[-1]

    def new_page(self) -> None:
        if not self.page.empty:
            self.pages.append(Sheet())
        self.line = 0
        self.tail = []

    def room(self) -> int:
        """Grid lines left on the current page."""
        return LINES - self.line

    # --- geometry -------------------------------------------------------------------------------------

    @staticmethod
    def cell_top(i: float) -> float:
        return TOP - i * PITCH

    @staticmethod
    def centre(i: int) -> float:
        """Height of the centre of the body em box on grid line ``i``."""
        return TOP - i * PITCH - BODY / 2

    @staticmethod
    def line_below(y: float) -> int:
        """The first grid line whose body em box lies wholly below height ``y``."""
        return max(0, math.ceil((TOP - y) / PITCH - 1e-6))

    def metrics(self, face: Face) -> Metrics:
        """``face``'s metrics, looked up once a layout (each lookup checks the file's state)."""
        found = self._metrics.get(face)
        if found is None:
            found = self._metrics[face] = metrics(face)
        return found

    def baseline(self, line: Line, centre: float) -> float:
        """Baseline that centres the line's em box (its largest size) on ``centre``."""
        c = max(line.chars, key=lambda ch: ch.size)
        m = self.metrics(c.face)
        return centre - (m.ascent + m.descent) / 2 * c.size

    # --- placing --------------------------------------------------------------------------------------

    def text(
        self,
        runs: Sequence[tuple[str, Style]],
        width: float = WIDTH,
        *,
        indent: float = 0.0,
        hang: float = 0.0,
        align: Align = "justify",
    ) -> list[Line]:
        """Set runs into lines of ``width``; body-size text keeps the grid's character pitch."""
        return list(set_text(tuple(runs), self.faces, width, indent, hang, align))

    def one_line(
        self, runs: Sequence[tuple[str, Style]], what: str, *, width: float = WIDTH, indent: float = 0.0,
        align: Align = "left",
    ) -> Line:  # fmt: skip
        """Set text that must stay on one line (a date, a 发文字号); stop with a clear message if it cannot."""
        lines = self.text(runs, width, indent=indent, align=align)
        if len(lines) > 1:
            raise too_long(what, "".join(text for text, _ in runs))
        return lines[0] if lines else Line((), 0.0, 0.0)

    def put(self, line: Line, centre: float, x: float = LEFT) -> TextOp:
        """Place a line with its em box centred on height ``centre``."""
        return self.put_at(line, self.baseline(line, centre), x)

    def put_at(self, line: Line, baseline: float, x: float = LEFT) -> TextOp:
        op = TextOp(line, x + line.x, baseline)
        if line.chars:
            self.page.ops.append(op)
        return op

    def put_on_grid(self, lines: list[Line], mark: Mark | None = None) -> None:
        """Flow lines onto the grid, one per grid line, breaking pages as needed."""
        self.tail, self.tail_marked = [], mark is not None
        for k, line in enumerate(lines):
            if self.line >= LINES:
                self.new_page()
            if k == 0 and mark:
                self.page.marks.append(Mark(mark.title, mark.level, self.cell_top(self.line)))
            self.tail.append(self.put(line, self.centre(self.line)))
            self.line += 1

    def carry_over(self, most: int) -> None:
        """Start a new page taking along up to ``most`` of the previous block's last lines (with its
        outline mark when its first line goes), so that what follows (a 署名) never stands on a page
        without text."""
        moved = self.tail[-most:]
        mark = self.page.marks.pop() if self.tail_marked and len(moved) == len(self.tail) else None
        for op in moved:
            self.page.ops.remove(op)
        self.new_page()
        if mark:
            self.page.marks.append(Mark(mark.title, mark.level, self.cell_top(self.line)))
        for op in moved:
            self.tail.append(self.put(op.line, self.centre(self.line), x=op.x - op.line.x))
            self.line += 1

    def rule(self, y: float, width: float, color: Color = BLACK, x0: float = LEFT, x1: float = LEFT + WIDTH) -> None:
        """A horizontal rule whose stroke is centred on height ``y``."""
        self.page.ops.append(Rule(x0, y, x1, y, width, color))

    def star_rule(self, y: float, width: float, color: Color) -> None:
        """A rule across the type area with a ★ in its middle (the rule stops short of the star)."""
        size = gbt9704.STAR_SIZE.pt
        mid = LEFT + WIDTH / 2
        self.rule(y, width, color, x1=mid - size * 0.75)
        self.rule(y, width, color, x0=mid + size * 0.75)
        self.page.ops.append(Star(mid, y, size, color))
