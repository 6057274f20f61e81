"""附注 (GB/T 9704-2012 7.3.6): a body paragraph, 居左空二字 (the Normal style's first-line indent), in （）."""

from __future__ import annotations

from lintou_report.spec import gbt9704
from lintou_report.style import styled
from lintou_report.tree import Note
from lintou_report.writers.docx.blocks import Context, paragraph
from lintou_report.writers.docx.oxml import Xml, w
from lintou_report.writers.docx.styles import BODY_CHAR


def note(block: Note, ctx: Context) -> list[Xml]:
    chars = gbt9704.NOTE_INDENT_CHARS
    indent = w("ind", firstLineChars=chars * 100, firstLine=chars * BODY_CHAR)
    return [paragraph("Normal", ctx.styled_runs(styled(block), "Normal"), indent)]
