"""The 草稿 mark of a draft in the DOCX: “草稿” in style.DRAFT_MARK (grey 3号黑体), flush right in a header on
every page, its line's top DRAFT_MARK_TOP below the paper's edge, as the PDF draws it (layout/draft.py)."""

from __future__ import annotations

from lintou_report.spec import gbt9704
from lintou_report.style import DRAFT_MARK
from lintou_report.writers.docx.added_parts import add_part
from lintou_report.writers.docx.blocks import Context, paragraph
from lintou_report.writers.docx.faces import rfonts
from lintou_report.writers.docx.oxml import text, w
from lintou_report.writers.docx.styles import color_hex, half_points, twips

DRAFT_HEADER_RID = "rIdDraftHeader"
# LibreOffice sets the glyphs of an exact 16 pt line 1.1 mm above the line's top (measured on its
# rendering with pdfplumber): the header starts that much lower, so the mark lands where the PDF has it.
LINE_LEAD = 62  # twips


def add_draft_header(members: dict[str, bytes], ctx: Context) -> tuple[str, int]:
    """Add the header part; its relationship id and the header distance (twips) for the section."""
    name = ctx.names[DRAFT_MARK.role]
    ctx.note(name, gbt9704.DRAFT_MARK_TEXT)
    color, size = w("color", val=color_hex(DRAFT_MARK.color)), w("sz", val=half_points(DRAFT_MARK.size))
    run = w("r", w("rPr", rfonts(name, False), color, size), text(gbt9704.DRAFT_MARK_TEXT))
    line = twips(DRAFT_MARK.size)
    mark = paragraph(
        "Footer", [run], w("spacing", before=0, after=0, line=line, lineRule="exact"), w("jc", val="right")
    )
    add_part(members, "header", "header1.xml", DRAFT_HEADER_RID, w("hdr", mark))
    return DRAFT_HEADER_RID, gbt9704.DRAFT_MARK_TOP.twips + LINE_LEAD
