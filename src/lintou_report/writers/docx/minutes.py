"""纪要格式 (GB/T 9704-2012 10.3): the 出席 / 请假 / 列席 lines as Word paragraphs (the 纪要标志 is the
briefing's 报头 in blocks.py, with the mark's own style and rule, as layout/minutes.py sets it)."""

from __future__ import annotations

from lintou_report.layout.minutes import attendance_rows
from lintou_report.spec import gbt9704
from lintou_report.tree import Attendance
from lintou_report.writers.docx.attachments import hanging, width
from lintou_report.writers.docx.blocks import Context, by_part, paragraph
from lintou_report.writers.docx.oxml import Xml, w
from lintou_report.writers.docx.styles import BODY_CHAR, LINE


def attendance(block: Attendance, ctx: Context, first: bool, keep: bool = False) -> list[Xml]:
    """“出席：” in 3号黑体 two characters in, the names in 3号仿宋 wrapped under the first name, each line
    ended where the layout ends it (names kept whole); one blank line above the first of these lines.
    ``keep``: whole and with the 署名 after it, as the layout carries its lines over with the 署名."""
    parts = by_part(block)
    [label], [names] = parts["attendance_label"], parts["attendance_names"]
    indent = gbt9704.ATTENDANCE_INDENT_CHARS * BODY_CHAR
    hang = width(label.text, ctx, label.style)
    before = gbt9704.ATTENDANCE_GAP_LINES * LINE if first else 0
    runs = ctx.runs(label.text, label.style, "Normal")
    for k, row in enumerate(attendance_rows(block, ctx.fonts)):
        runs += ([w("r", w("br"))] if k else []) + ctx.runs(row, names.style, "Normal")
    return [paragraph("Normal", runs, *hanging(indent + hang, hang, before, keep))]
