"""The OFD writer (GB/T 33190-2016): the same positioned pages as the PDF, drawn as an OFD package.

Text is set at the positions and advances the layout computed (TextCode with DeltaX) in embedded TrueType
subsets; rules and stars are paths; the outline follows the headings.
"""

from __future__ import annotations

from lintou_report.fonts import FontSet
from lintou_report.tree import Document
from lintou_report.writers.ofd.content import draw_pages
from lintou_report.writers.ofd.package import package
from lintou_report.writers.pdf import layout_pages


def render(document: Document, fonts: FontSet) -> bytes:
    return package(draw_pages(layout_pages(document, fonts), fonts), document.info)
