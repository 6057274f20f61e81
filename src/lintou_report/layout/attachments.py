"""附件说明 (GB/T 9704-2012 7.3.4) and the head of each 附件 page (7.3.9).

The note: one blank line below the body, “附件：” two characters in, several attachments numbered “1.”
“2.” with each later number under the first, a wrapped name aligned under its own first character.
An attachment: a new page, “附件1” in 3号黑体 flush left on the type area's first line, its title centred
on the third, the attachment's text one blank line below.
"""

from __future__ import annotations

from lintou_report import style
from lintou_report.layout.breaking import title_lines
from lintou_report.layout.flow import CHAR, Flow, Sheet
from lintou_report.layout.linebreak import Line
from lintou_report.layout.page import Mark
from lintou_report.spec import gbt9704
from lintou_report.tree import Attachment, AttachmentsNote

INDENT = gbt9704.ATTACHMENTS_NOTE_INDENT_CHARS * CHAR


def items(note: AttachmentsNote) -> list[tuple[str, str]]:
    """(number, name) of each attachment as the note prints them: no number for a single attachment."""
    if len(note.items) == 1:
        return [("", note.items[0])]
    return [(gbt9704.attachment_number(k), name) for k, name in enumerate(note.items, 1)]


def advance(flow: Flow, text: str, look: style.Style = style.BODY) -> float:
    """How far ``text`` in 3号 type moves the pen on the grid (its characters and their spacing)."""
    if not text:
        return 0.0
    line = flow.one_line([(text, look)], text)
    return line.width + line.spacing


def note_lines(flow: Flow, note: AttachmentsNote) -> list[Line]:
    label = advance(flow, gbt9704.ATTACHMENTS_NOTE_LABEL)
    lines: list[Line] = []
    for k, (number, name) in enumerate(items(note)):
        lead = gbt9704.ATTACHMENTS_NOTE_LABEL if k == 0 else ""
        start = INDENT + (0.0 if k == 0 else label)
        hang = INDENT + label + advance(flow, number)
        lines += flow.text([(lead + number + name, style.BODY)], indent=start, hang=hang, align="left")
    return lines


def attachments_note(flow: Flow, note: AttachmentsNote) -> None:
    flow.line += gbt9704.ATTACHMENTS_NOTE_GAP_LINES
    flow.put_on_grid(note_lines(flow, note))


def attachment(flow: Flow, a: Attachment) -> None:
    """A new page with the attachment's label on line 1 and its title centred from line 3. The first 附件
    not bound with the 正文 starts a new sheet after the 版记 (a blank page first when printed on both sides
    and the 公文 ends on an odd page), its pages numbered from 1, its label after the 发文字号 (7.3.9)."""
    first_separate = a.separate and not any(sheet.restart for sheet in flow.pages)
    flow.new_page()
    if first_separate:
        if flow.duplex and len(flow.pages) % 2 == 0:
            flow.page.numbered = False
            flow.pages.append(Sheet())
        flow.page.restart = True
    flow.line = gbt9704.ATTACHMENT_LABEL_LINE
    runs = [(a.doc_number, style.BODY)] if a.separate else []
    flow.put_on_grid(
        [flow.one_line([*runs, (a.label, style.ATTACHMENT_LABEL)], "附件标签")],
        Mark(a.doc_number + a.label + "　" + a.title, 0, 0),
    )
    flow.line = gbt9704.ATTACHMENT_TITLE_LINE
    rows = title_lines(a.title)
    flow.put_on_grid([line for row in rows for line in flow.text([(row, style.TITLE)], align="center")])
    flow.line += gbt9704.ATTACHMENT_TITLE_BELOW_GAP_LINES
