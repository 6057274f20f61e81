"""The writers: each draws a document tree in one format and returns the file's bytes and page count.

Each writer module is imported only when its format is asked for (ReportLab and python-docx are costly to
import) and exposes ``render(document, fonts, options) -> Rendered`` (options.py). ``render`` here is the
one way the rest of the program asks for a format.
"""

from __future__ import annotations

from importlib import import_module
from typing import Protocol

from lintou_report.fonts import FontSet
from lintou_report.tree import Document
from lintou_report.writers.options import Rendered, WriterOptions

FORMATS = ("pdf", "docx")


class Writer(Protocol):
    def render(self, document: Document, fonts: FontSet, options: WriterOptions = ...) -> Rendered: ...


def writer(fmt: str) -> Writer:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return import_module(f"lintou_report.writers.{fmt}")


def render(fmt: str, document: Document, fonts: FontSet, options: WriterOptions = WriterOptions()) -> Rendered:  # noqa: B008 — frozen
    """One format's file. The DOCX writer still takes its own arguments and returns bytes (its switch to
    ``Writer`` is pending): adapted here."""
    if fmt != "docx":
        return writer(fmt).render(document, fonts, options)
    from lintou_report.writers import docx

    return Rendered(docx.render(document, fonts, naming=options.docx_naming, embed_fonts=options.embed_fonts), None)
