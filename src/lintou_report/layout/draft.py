"""The 草稿 mark of a draft: grey “草稿” at the top right of every page, in the 天头 above the type area,
where it never covers text (spec/gbt9704.py DRAFT_MARK_*)."""

from __future__ import annotations

from lintou_report.layout.flow import LEFT, WIDTH, Flow, TextOp
from lintou_report.spec import gbt9704
from lintou_report.style import DRAFT_MARK as MARK


def draft_marks(flow: Flow) -> None:
    """Put the mark on every page: flush with the type area's right edge, its em box's top
    DRAFT_MARK_TOP below the paper's top edge."""
    line = flow.one_line([(gbt9704.DRAFT_MARK_TEXT, MARK)], "草稿标记")
    centre = gbt9704.PAGE_HEIGHT.pt - gbt9704.DRAFT_MARK_TOP.pt - MARK.size / 2
    baseline = flow.baseline(line, centre)
    for page in flow.pages:
        page.ops.append(TextOp(line, LEFT + WIDTH - line.width, baseline))
