"""纪要格式 (GB/T 9704-2012 10.3): the 纪要标志 and the 出席 / 请假 / 列席 lines.

The mark is red 小标宋 with its top 35 mm below the type area's top, as a 发文机关标志; below it (common
practice, which 10.3 leaves to each organ) the number centred, the issuing office flush left and the date
flush right, over a red rule 4 mm under them — a briefing's 报头 with the 版头's rule. The attendance lines:
one blank line below the body before the first, “出席：” in 3号黑体 two characters in, the names in 3号仿宋,
wrapped lines aligned under the first name.
"""

from __future__ import annotations

from lintou_report import style
from lintou_report.layout import masthead
from lintou_report.layout.attachments import advance
from lintou_report.layout.flow import CHAR, Flow
from lintou_report.spec import gbt9704
from lintou_report.tree import Attendance, BriefingMasthead, MinutesMasthead

INDENT = gbt9704.ATTENDANCE_INDENT_CHARS * CHAR


def minutes_masthead(flow: Flow, m: MinutesMasthead) -> None:
    look = BriefingMasthead(m.name, m.number, m.organ, m.date)
    masthead.briefing_masthead(flow, look, style.organ_mark(m.name), gbt9704.OFFICIAL_RULE_WIDTH.pt)


def attendance(flow: Flow, a: Attendance, first: bool) -> None:
    label = a.label + "："
    hang = INDENT + advance(flow, label, style.ATTENDANCE_LABEL)
    if first:
        flow.line += gbt9704.ATTENDANCE_GAP_LINES
    runs = [(label, style.ATTENDANCE_LABEL), (a.names, style.BODY)]
    flow.put_on_grid(flow.text(runs, indent=INDENT, hang=hang, align="left"))
