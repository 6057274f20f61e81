"""The 版记 on the page the layout chose (layout/lastpage.py), so that the DOCX paginates like the PDF.

The writer does not paginate: Word or LibreOffice does. What it can fix is where the 版记 starts: on a
page of its own (``w:pageBreakBefore`` on the paragraph its text box is anchored to), and, when an
unnumbered blank page comes first (GB/T 9704-2012 7.5), in a section of its own that starts with that
blank page and whose footers are empty. The text's section ends in a paragraph a fifth of a point tall,
which fits in what the 22 grid lines leave of the type area (12756 − 22 × 579 = 18 twips).
"""

from __future__ import annotations

from lintou_report.layout.lastpage import Placement
from lintou_report.tree import Colophon
from lintou_report.writers.docx import section
from lintou_report.writers.docx.added_parts import add_part
from lintou_report.writers.docx.blocks import Context, paragraph, properties
from lintou_report.writers.docx.colophon import TINY_SPACING, colophon, tiny_paragraph
from lintou_report.writers.docx.oxml import Xml, w

EMPTY_FOOTER_RID = "rIdEmptyFooter"
EMPTY_FOOTER = "footer3.xml"


def placed_colophon(
    block: Colophon, ctx: Context, place: Placement | None, text_section: Xml, section: Xml | None = None
) -> list[Xml]:
    """The 版记's paragraphs where ``place`` puts it; ``text_section`` is the ``w:sectPr`` of the pages
    before it, used when a blank page comes first (it then ends the text's section); ``section``, the
    ``w:sectPr`` the 版记 ends when a section follows it (附件 not bound with the 正文)."""
    if place is None or not (place.new_page or place.blank):
        return colophon(block, ctx, section=section)
    if not place.blank:
        return colophon(block, ctx, page_break=True, section=section)
    return [end_of_part(text_section), tiny_paragraph(), *colophon(block, ctx, page_break=True, section=section)]


def end_of_part(section: Xml) -> Xml:
    """A paragraph a fifth of a point tall that ends a section (``section``, its ``w:sectPr``)."""
    return w("p", properties("Normal", TINY_SPACING, section))


def unnumbered_section(members: dict[str, bytes], header: str = "", header_distance: int = 0) -> Xml:
    """The last section's ``w:sectPr`` with empty footers (blank page and 版记 page), the empty footer
    added to the package; ``header`` and ``header_distance`` as for the text's section."""
    # one exact line, as tall as the page number's: a taller footer would lift the type area's bottom
    line = w("spacing", before=0, after=0, line=section.FOOTER_LINE, lineRule="exact")
    if f"word/{EMPTY_FOOTER}" not in members:
        add_part(members, "footer", EMPTY_FOOTER, EMPTY_FOOTER_RID, w("ftr", paragraph("Footer", [], line)))
    return section.section_properties(EMPTY_FOOTER_RID, EMPTY_FOOTER_RID, header, header_distance)


def empty_first_footer(members: dict[str, bytes]) -> str:
    """The empty footer (added to the package if need be) as a section's first-page footer: its id."""
    unnumbered_section(members)
    return EMPTY_FOOTER_RID
