"""纪要格式 (GB/T 9704-2012 10.3): the 纪要标志 and the 出席 / 请假 / 列席 lines.

The mark is red 小标宋 with its top 35 mm below the type area's top, as a 发文机关标志; below it (common
practice, which 10.3 leaves to each organ) the number centred, the issuing office flush left and the date
flush right, over a red rule 4 mm under them — a briefing's 报头 with the 版头's rule. The attendance lines:
one blank line below the body before the first, “出席：” in 3号黑体 two characters in, the names in 3号仿宋,
wrapped lines aligned under the first name; a name is never split between lines (practice): a line breaks
after a separator (、，), unless a single name is longer than a line.
"""

from __future__ import annotations

import re

from lintou_report import style
from lintou_report.fonts import FontSet
from lintou_report.layout import masthead
from lintou_report.layout.attachments import advance
from lintou_report.layout.flow import CHAR, WIDTH, Flow
from lintou_report.layout.linebreak import Line
from lintou_report.spec import gbt9704
from lintou_report.tree import Attendance, BriefingMasthead, MinutesMasthead

INDENT = gbt9704.ATTENDANCE_INDENT_CHARS * CHAR
_NAME = re.compile(r"[^、，]+[、，]?|[、，]")


def minutes_masthead(flow: Flow, m: MinutesMasthead) -> None:
    look = BriefingMasthead(m.name, m.number, m.organ, m.date)
    masthead.briefing_masthead(flow, look, style.organ_mark(m.name), gbt9704.OFFICIAL_RULE_WIDTH.pt)


def rows(flow: Flow, a: Attendance) -> list[str]:
    """The names of each line (the label not included), names kept whole: what the DOCX writer breaks at too."""
    label = advance(flow, a.label + "：", style.ATTENDANCE_LABEL)
    room = WIDTH - INDENT - label
    out: list[str] = []
    current = ""
    for name in _NAME.findall(a.names):
        wider = current + name
        if current and len(flow.text([(wider, style.BODY)], width=room, align="left")) > 1:
            out.append(current)
            current = name
        else:
            current = wider
    return [*out, current]


def attendance_rows(a: Attendance, fonts: FontSet) -> list[str]:
    """``rows`` for a writer that sets the text itself (the DOCX writer breaks its lines there)."""
    return rows(Flow(fonts), a)


def attendance(flow: Flow, a: Attendance, first: bool) -> None:
    label = a.label + "："
    hang = INDENT + advance(flow, label, style.ATTENDANCE_LABEL)
    if first:
        flow.line += gbt9704.ATTENDANCE_GAP_LINES
    lines: list[Line] = []
    for k, names in enumerate(rows(flow, a)):
        runs = [(label, style.ATTENDANCE_LABEL), (names, style.BODY)] if k == 0 else [(names, style.BODY)]
        lines += flow.text(runs, indent=INDENT if k == 0 else hang, hang=hang, align="left")
    flow.put_on_grid(lines)
