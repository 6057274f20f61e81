"""附件说明 (GB/T 9704-2012 7.3.4) and the head of an 附件 (7.3.9) as Word paragraphs, placed as the layout
places them (layout/attachments.py decides the numbering; the indents are the same characters' widths)."""

from __future__ import annotations

from lintou_report import style
from lintou_report.layout.attachments import items
from lintou_report.spec import gbt9704
from lintou_report.tree import Attachment, AttachmentsNote, Title
from lintou_report.writers.docx.blocks import Context, by_part, paragraph, title
from lintou_report.writers.docx.oxml import Xml, w
from lintou_report.writers.docx.styles import BODY_CHAR, LINE


def width(text: str, ctx: Context, look: style.Style = style.BODY) -> int:
    """Twips ``text`` takes in 3号 on the grid (run spacing included)."""
    return ctx.width(text, look, gbt9704.DOCX_CHAR_SPACING_TWIPS) if text else 0


def hanging(left: int, hang: int, before: int, keep: bool = False) -> list[Xml | None]:
    """Paragraph properties of a line that starts ``left − hang`` twips in and wraps to ``left`` (``keep``:
    whole and on the page of what follows)."""
    return [
        w("keepNext") if keep else None,
        w("keepLines") if keep else None,
        w("spacing", before=before, after=0, line=LINE, lineRule="exact") if before else None,
        w("ind", left=left, hanging=hang, firstLineChars=0),
        w("jc", val="left"),
    ]


def attachments_note(block: AttachmentsNote, ctx: Context) -> list[Xml]:
    """One paragraph an attachment: the first with “附件：” two characters in, each name's wrapped lines
    under its first character, the later numbers under the first. The last keeps with the 署名 after it,
    as the layout carries the note's last lines over with it."""
    indent = gbt9704.ATTACHMENTS_NOTE_INDENT_CHARS * BODY_CHAR
    label = gbt9704.ATTACHMENTS_NOTE_LABEL
    label_width = width(label, ctx)
    out = []
    listed = items(block)
    for k, (number, name) in enumerate(listed):
        left = indent + label_width + width(number, ctx)
        lead = label if k == 0 else ""
        hang = left - indent - (0 if k == 0 else label_width)
        before = gbt9704.ATTACHMENTS_NOTE_GAP_LINES * LINE if k == 0 else 0
        out.append(
            paragraph(
                "Normal",
                ctx.runs(lead + number + name, style.BODY, "Normal"),
                *hanging(left, hang, before, k == len(listed) - 1),
            )
        )
    return out


def attachment(block: Attachment, ctx: Context, new_section: bool = False) -> list[Xml]:
    """“附件1” in 3号黑体 flush left on a new page's first line (after the 发文字号 in 3号仿宋 for an 附件 not
    bound with the 正文), the title centred on its third; ``new_section``: the first paragraph of a section,
    whose break starts the page."""
    parts = by_part(block)
    head = paragraph(
        "Normal",
        ctx.styled_runs(parts.get("attachment_doc_number", []) + parts["attachment_label"], "Normal"),
        None if new_section else w("pageBreakBefore"),
        w("ind", firstLineChars=0, firstLine=0),
        w("jc", val="left"),
    )
    gap = (gbt9704.ATTACHMENT_TITLE_LINE - gbt9704.ATTACHMENT_LABEL_LINE - 1) * LINE
    after = gbt9704.ATTACHMENT_TITLE_BELOW_GAP_LINES * LINE
    return [head, *title(Title(block.title), ctx, w("spacing", before=gap, after=after, line=LINE, lineRule="exact"))]
