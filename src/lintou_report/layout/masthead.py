"""版头 (briefing and 公文 forms) and the 2号 title, with its 梯形 line breaking."""

from __future__ import annotations

from lintou_report import style
from lintou_report.fonts.metrics import metrics
from lintou_report.layout import head
from lintou_report.layout.breaking import title_lines
from lintou_report.layout.flow import BODY, CHAR, LEFT, TOP, WIDTH, Flow, too_long
from lintou_report.layout.linebreak import Line, measure
from lintou_report.layout.page import Mark
from lintou_report.spec import gbt9704
from lintou_report.tree import BriefingMasthead, OfficialMasthead, OrderMasthead, Title


def _red_mark(flow: Flow, text: str, mark: style.Style, top: float = gbt9704.ORGAN_MARK_TOP.pt) -> float:
    """Centre the red name with the top of its ink ``top`` below the type-area top (35 mm, the “上边缘” a
    ruler finds; 20 mm for a 命令（令）标志); returns the bottom of its em box."""
    chars, size = measure([(text, mark)], flow.fonts), mark.size
    line = Line(tuple(chars), (WIDTH - sum(c.advance for c in chars)) / 2, 0.0)
    baseline = TOP - top - max(metrics(c.face).glyph_top(c.text) for c in chars) * size
    flow.put_at(line, baseline)
    return baseline + metrics(chars[0].face).descent * size


def _em_bottom(flow: Flow, i: int) -> float:
    return flow.cell_top(i) - BODY


def briefing_masthead(
    flow: Flow, b: BriefingMasthead, name: style.Style | None = None, rule: float = gbt9704.BRIEFING_RULE_WIDTH.pt
) -> None:
    """Red name; 第×期 centred below; office flush left and date flush right; thick red rule (a 纪要's
    mark, layout/minutes.py, is set the same way with its own name style and rule)."""
    i = flow.line_below(_red_mark(flow, b.name, name or style.briefing_name(b.name)))
    flow.put(flow.one_line([(b.issue, style.BODY)], "期号", align="center"), flow.centre(i))
    office = flow.one_line([(b.office, style.BODY)], "编印单位")
    date = flow.one_line([(b.date, style.BODY)], "日期", align="right")
    if office.width + CHAR > date.x:
        raise too_long("编印单位", b.office + "　" + b.date)
    flow.put(office, flow.centre(i + 1))
    flow.put(date, flow.centre(i + 1))
    y = _em_bottom(flow, i + 1) - gbt9704.SEPARATOR_BELOW_DOC_NUMBER.pt
    flow.rule(y, rule, style.RED)
    flow.line = flow.line_below(y - rule / 2)


def official_masthead(flow: Flow, b: OfficialMasthead) -> None:
    """Red 发文机关标志; 发文字号 two lines below (签发人 on its line); red rule 4 mm under it, ★ for party organs."""
    head.head_marks(flow, b.marks)
    if b.organs:
        i = head.number_line(head.joint_mark(flow, b)[0])
    else:
        i = (
            flow.line_below(_red_mark(flow, b.organ_mark, style.organ_mark(b.organ_mark)))
            + gbt9704.DOC_NUMBER_GAP_LINES
        )
    if len(b.signer_names) > 1:
        i = head.signer_rows(flow, b, i)
    elif b.signer:
        indent = gbt9704.DOC_NUMBER_INDENT_CHARS * CHAR
        number = flow.one_line([(b.doc_number, style.BODY)], "发文字号", indent=indent)
        signer = flow.one_line([("签发人：", style.BODY), (b.signer, style.SIGNER)], "签发人", align="right")
        if number.x + number.width + CHAR > signer.x - indent:
            raise too_long("签发人", f"{b.doc_number}　签发人：{b.signer}")
        flow.put(number, flow.centre(i))
        flow.put(signer, flow.centre(i), x=LEFT - indent)
    else:
        flow.put(flow.one_line([(b.doc_number, style.BODY)], "发文字号", align="center"), flow.centre(i))
    width = gbt9704.OFFICIAL_RULE_WIDTH.pt
    y = _em_bottom(flow, i) - gbt9704.SEPARATOR_BELOW_DOC_NUMBER.pt
    if b.star:
        flow.star_rule(y, width, style.RED)
    else:
        flow.rule(y, width, style.RED)
    flow.line = flow.line_below(y - width / 2)


def order_masthead(flow: Flow, b: OrderMasthead) -> None:
    """10.2: the red 标志 20 mm below the type-area top, the 令号 centred two blank lines below it, the body
    two blank lines below the 令号."""
    bottom = _red_mark(flow, b.mark, style.organ_mark(b.mark), gbt9704.ORDER_MARK_TOP.pt)
    i = flow.line_below(bottom) + gbt9704.ORDER_NUMBER_GAP_LINES
    flow.put(flow.one_line([(b.number, style.BODY)], "令号", align="center"), flow.centre(i))
    flow.line = i + 1 + gbt9704.ORDER_BODY_GAP_LINES


def title(flow: Flow, t: Title, after_masthead: bool) -> None:
    """2号小标宋 centred on the grid, two blank lines below the red rule and one above what follows."""
    if after_masthead:
        flow.line += gbt9704.TITLE_GAP_LINES
    rows = title_lines(t.text, t.lines)
    lines = [line for row in rows for line in flow.text([(row, style.TITLE)], align="center")]
    if flow.line + len(lines) >= gbt9704.LINES_PER_PAGE:
        flow.new_page()
    flow.put_on_grid(lines, Mark(t.text, 0, 0))
    flow.line += gbt9704.TITLE_BELOW_GAP_LINES
