"""The DOCX writer: a Word document laid out to GB/T 9704 that offices open in Word, WPS or LibreOffice and
keep editing — real styles, the official face names, the 22-line grid, odd/even page numbers.

The parts every document shares are static files (skeleton/, see parts.py); a document adds its body and
core properties, and with ``embed_fonts`` subsets of the faces that set its characters."""

from __future__ import annotations

from lintou_report.fonts import FontSet
from lintou_report.tree import Document
from lintou_report.writers.docx import blocks, package, section
from lintou_report.writers.docx.faces import Naming, face_names


def render(document: Document, fonts: FontSet, naming: Naming = "official", embed_fonts: bool = False) -> bytes:
    """The DOCX file's bytes; ``naming="windows"`` names 仿宋 / 楷体 instead of the _GB2312 faces."""
    ctx = blocks.Context(face_names(naming), fonts)
    body = "".join(xml for block in document.blocks for xml in blocks.elements(block, ctx))
    members = dict(package.skeleton(naming))
    members[package.DOCUMENT] = package.document_xml(body + section.section_properties())
    members[package.CORE] = package.core_properties(document.info)
    if embed_fonts:
        from lintou_report.writers.docx.embed import embed

        used = {name: set(chars) for name, chars in ctx.used.items()}
        for name, chars in section.footer_characters(ctx.names).items():
            used.setdefault(name, set()).update(chars)
        embed(members, used, fonts)
    return package.write_zip(members)
