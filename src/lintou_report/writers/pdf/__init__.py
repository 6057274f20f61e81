"""The PDF writer: lays the document tree out to GB/T 9704 on ReportLab's canvas.

Layout runs on our own grid and line breaker (layout.py, linebreak.py) rather than platypus: the fixed
28.95 pt line grid, the exact character pitch and 禁则 are simpler to guarantee that way.
"""

from __future__ import annotations

from lintou_report.fonts import FontSet
from lintou_report.tree import (
    BriefingMasthead,
    Colophon,
    Document,
    Heading,
    OfficialMasthead,
    PageBreak,
    Paragraph,
    Signature,
    Table,
    Title,
)
from lintou_report.writers.pdf import body, colophon, folio, masthead, table
from lintou_report.writers.pdf.draw import draw
from lintou_report.writers.pdf.fonts import pdf_face
from lintou_report.writers.pdf.layout import Flow
from lintou_report.writers.pdf.page import Page


def render(document: Document, fonts: FontSet) -> bytes:
    pages = layout_pages(document, fonts)
    return draw(pages, document.info, pdf_face(fonts.faces["body"]))


def layout_pages(document: Document, fonts: FontSet) -> list[Page]:
    """The document laid out on positioned pages (what the PDF draws; the OFD writer draws them too)."""
    flow = Flow(fonts)
    previous = None
    for block in document.blocks:
        match block:
            case BriefingMasthead():
                masthead.briefing_masthead(flow, block)
            case OfficialMasthead():
                masthead.official_masthead(flow, block)
            case Title():
                masthead.title(flow, block, after_masthead=isinstance(previous, BriefingMasthead | OfficialMasthead))
            case Heading():
                body.heading(flow, block)
            case Paragraph():
                body.paragraph(flow, block)
            case Table():
                table.table(flow, block)
            case Signature():
                body.signature(flow, block)
            case Colophon():
                colophon.colophon(flow, block)
            case PageBreak():
                flow.new_page()
        previous = block
    folio.page_numbers(flow)
    return flow.pages
