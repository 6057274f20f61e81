"""The PDF writer: draws the layout's positioned pages (layout/) with ReportLab, embedding subsets of the faces."""

from __future__ import annotations

from lintou_report.fonts import FontSet
from lintou_report.layout.document import lay_out
from lintou_report.tree import Document
from lintou_report.writers.options import Rendered, WriterOptions
from lintou_report.writers.pdf.draw import draw


def render(document: Document, fonts: FontSet, options: WriterOptions = WriterOptions()) -> Rendered:  # noqa: B008 — frozen
    """The PDF file's bytes (PDF/A-1b when ``options.pdfa``) and its page count."""
    pages = lay_out(document, fonts)
    data = draw(pages, document.info, fonts.faces["body"], options.one_document, options.pdfa)
    if options.pdfa:
        from lintou_report.writers.pdf.pdfa import to_pdfa

        data = to_pdfa(data, document.info)
    return Rendered(data, len(pages))
