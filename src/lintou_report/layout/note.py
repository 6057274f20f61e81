"""附注 (GB/T 9704-2012 7.3.6): 居左空二字, in parentheses, on the line below the 成文日期."""

from __future__ import annotations

from lintou_report import style
from lintou_report.layout.flow import CHAR, Flow
from lintou_report.spec import gbt9704
from lintou_report.tree import Note


def note(flow: Flow, n: Note) -> None:
    flow.put_on_grid(flow.text([(n.display, style.NOTE)], indent=gbt9704.NOTE_INDENT_CHARS * CHAR))
