"""信函格式 (GB/T 9704-2012 10.1) recognised on page 1, and what it changes in the rules of a 公文: its 标志 lies
30 mm below the paper's top (above the type area), red double lines 170 mm long stand in for the 版头's
separator, the title follows the last element under the first double line, the first page shows no page
number and the 版记 has no rules. pdf_rules.py sets the rules it replaces aside; elements.py measures its own."""

from __future__ import annotations

import dataclasses

from lintou_report.check.reading import Page, Stroke, is_red
from lintou_report.check.rules import RuleResult
from lintou_report.spec import gbt9704 as P

# Longer than the type area by more than its tolerance: a line no 版头 separator is.
LONG = (P.TYPE_WIDTH.value + 5) * P.MM
# The rules of a 公文's 版头 and 版记 the 信函格式 does without (10.1), by name.
REPLACED = {
    P.ORGAN_MARK_TOP.name,
    "红色分隔线长度（与版心等宽）",
    "红色分隔线粗细",
    "发文字号在标志下空二行",
    P.SEPARATOR_BELOW_DOC_NUMBER.name,
    "分隔线中的红色五角星（党的机关）",
    "标题在红色分隔线下空二行",
}


def double_lines(page: Page) -> list[Stroke]:
    """Red horizontal lines longer than the type area is wide, top to bottom."""
    return sorted((s for s in page.strokes if s.horizontal and is_red(s.color) and s.length > LONG), key=lambda s: s.y)


def is_letter(page: Page) -> bool:
    """Page 1 has the 信函格式's two red double lines (four long red lines)."""
    return len(double_lines(page)) >= 4


def without_replaced(results: list[RuleResult]) -> list[RuleResult]:
    """The rules of a 公文 that hold for a 信函格式 too (the 版记's rules aside: it has none)."""
    return [r for r in results if r.name not in REPLACED and not (r.clause == "7.4" and r.name.startswith("版记"))]


def below_type_top(page: Page) -> Page:
    """Page 1 without the 标志 above the type area (what the type-area rules measure)."""
    top = (P.TOP_MARGIN.value - P.TOP_MARGIN.tolerance) * P.MM
    return dataclasses.replace(page, lines=[line for line in page.lines if line.top >= top])
