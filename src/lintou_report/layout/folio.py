"""Page numbers (页码): “— N —” in 4号宋体 below the type area."""

from __future__ import annotations

from lintou_report.layout.flow import BOTTOM, LEFT, WIDTH, Flow, TextOp
from lintou_report.spec import gbt9704
from lintou_report.style import PAGE_NUMBER


def page_numbers(flow: Flow) -> None:
    """“— N —” in 4号宋体: the dashes' top 7 mm below the type area; odd pages right, even left, 空一字."""
    size = PAGE_NUMBER.size
    indent = gbt9704.PAGE_NUMBER_INDENT_CHARS * size
    top = None  # the dash's ink top as a fraction of the em: the same dash in the same face on every page
    n = 0
    for page in flow.pages:
        n = 1 if page.restart else n + 1  # 7.3.9: a separately bound 附件 numbers its own pages
        if not page.numbered:
            continue
        line = flow.one_line([(gbt9704.page_number_text(n), PAGE_NUMBER)], "页码")
        if top is None:
            dash = next(c for c in line.chars if c.text == gbt9704.PAGE_NUMBER_DASH)
            top = flow.metrics(dash.face).glyph_top(dash.text)
        y = BOTTOM - gbt9704.PAGE_NUMBER_DROP.pt - top * size
        x = LEFT + WIDTH - indent - line.width if n % 2 else LEFT + indent
        page.ops.append(TextOp(line, x, y))
