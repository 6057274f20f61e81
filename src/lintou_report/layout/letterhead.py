"""信函格式's 版头 (GB/T 9704-2012 10.1): the red 标志 30 mm below the paper's top edge, a red double line
(thick above, thin below) 4 mm under it and another (thin above, thick below) 20 mm above the paper's bottom
edge, both 170 mm and centred; 份号, 密级, 紧急程度 顶格 at the left under the first double line and the 发文字号
顶格 at the right, the first of them 7/8 of a 3号 character below the line. The first page shows no page number."""

from __future__ import annotations

from typing import NamedTuple

from lintou_report import style
from lintou_report.fonts import FontSet
from lintou_report.fonts.metrics import metrics
from lintou_report.layout.flow import BODY, LEFT, PITCH, WIDTH, Flow
from lintou_report.layout.head import head_mark_lines
from lintou_report.layout.linebreak import Line, measure
from lintou_report.spec import gbt9704
from lintou_report.tree import Letterhead

PAGE_TOP = gbt9704.PAGE_HEIGHT.pt
THICK = gbt9704.LETTER_THICK_RULE.pt
THIN = gbt9704.LETTER_THIN_RULE.pt
GAP = gbt9704.LETTER_RULE_GAP.pt
DOUBLE = THICK + GAP + THIN  # the double line's height, outer edge to outer edge


def double_line(flow: Flow, top: float, thick_above: bool) -> None:
    """The red double line, 170 mm long and centred on the type area, its upper edge at height ``top``."""
    x0 = LEFT + (WIDTH - gbt9704.LETTER_RULE_LENGTH.pt) / 2
    x1 = x0 + gbt9704.LETTER_RULE_LENGTH.pt
    upper, lower = (THICK, THIN) if thick_above else (THIN, THICK)
    flow.rule(top - upper / 2, upper, style.RED, x0, x1)
    flow.rule(top - upper - GAP - lower / 2, lower, style.RED, x0, x1)


class Geometry(NamedTuple):
    """Where the letterhead's parts go, in points from the paper's bottom edge (the writers place them alike)."""

    mark: Line  # the 标志, set and centred on the type area
    mark_baseline: float
    first_rule: float  # the upper edge of the double line under the 标志
    second_rule: float  # the upper edge of the double line near the paper's foot
    element_centre: float  # the centre of the first 份号/密级/紧急程度 line's em box (and the 发文字号's)
    next_line: int  # the grid line after the last element: the title goes two lines below it


def geometry(flow: Flow, b: Letterhead) -> Geometry:
    look = style.organ_mark(b.organ)
    chars = measure([(b.organ, look)], flow.fonts)
    line = Line(tuple(chars), (WIDTH - sum(c.advance for c in chars)) / 2, 0.0)
    ink = max(metrics(c.face).glyph_top(c.text) for c in chars) * look.size
    baseline = PAGE_TOP - gbt9704.LETTER_MARK_TOP.pt - ink
    em_bottom = baseline + metrics(chars[0].face).descent * look.size
    rule_top = em_bottom - gbt9704.LETTER_RULE_BELOW_MARK.pt
    centre = rule_top - DOUBLE - gbt9704.LETTER_ELEMENT_DROP * BODY - BODY / 2
    last = centre - (max(len(b.marks.lines()), 1) - 1) * PITCH
    second = gbt9704.LETTER_BOTTOM_RULE.pt + DOUBLE
    return Geometry(line, baseline, rule_top, second, centre, flow.line_below(last - BODY / 2))


def letter_geometry(b: Letterhead, fonts: FontSet) -> Geometry:
    """The letterhead's geometry for a writer that sets text itself (the DOCX writer)."""
    return geometry(Flow(fonts), b)


def letterhead(flow: Flow, b: Letterhead) -> None:
    g = geometry(flow, b)
    flow.put_at(g.mark, g.mark_baseline)
    double_line(flow, g.first_rule, thick_above=True)
    double_line(flow, g.second_rule, thick_above=False)
    for k, mark in enumerate(head_mark_lines(flow, b.marks)):
        flow.put(mark, g.element_centre - k * PITCH)
    if b.doc_number:
        flow.put(flow.one_line([(b.doc_number, style.BODY)], "发文字号", align="right"), g.element_centre)
    flow.line = g.next_line
    flow.page.numbered = False  # 10.1: 第一页不显示页码
