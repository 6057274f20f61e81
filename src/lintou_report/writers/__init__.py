"""The writers: each lays out a document tree in one format and returns the file's bytes.

Each writer module is imported only when its format is asked for (ReportLab and python-docx are costly
to import), and exposes ``render(document: Document, fonts: FontSet) -> bytes``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Protocol

from lintou_report.fonts import FontSet
from lintou_report.tree import Document

FORMATS = ("pdf", "docx")  # what a build writes unless told otherwise
WRITERS = (*FORMATS, "ofd")  # every format a writer exists for


class Writer(Protocol):
    def render(self, document: Document, fonts: FontSet) -> bytes: ...


def writer(fmt: str) -> Writer:
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}")
    return import_module(f"lintou_report.writers.{fmt}")
