"""The OFD writer (GB/T 33190-2016): the same positioned pages as the PDF, drawn as an OFD package.

Text is set at the positions and advances the layout computed (TextCode with DeltaX) in embedded TrueType
subsets; rules and stars are paths; the outline follows the headings.
"""

from __future__ import annotations

from lintou_report.fonts import FontSet
from lintou_report.layout.document import lay_out
from lintou_report.tree import Document
from lintou_report.writers.ofd.content import draw_pages
from lintou_report.writers.ofd.package import package
from lintou_report.writers.options import Rendered, WriterOptions


def render(document: Document, fonts: FontSet, options: WriterOptions = WriterOptions()) -> Rendered:  # noqa: B008 — frozen
    """The OFD package's bytes and its page count."""
    pages = lay_out(document, fonts)
    return Rendered(package(draw_pages(pages, fonts), document.info), len(pages))
