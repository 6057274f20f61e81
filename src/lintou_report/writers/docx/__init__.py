"""The DOCX writer: a Word document laid out to GB/T 9704 that offices open in Word, WPS or LibreOffice and
keep editing — real styles, the official face names, the 22-line grid, odd/even page numbers.

The parts every document shares are static files (skeleton/, see parts.py); a document adds its body and
core properties, and with ``embed_fonts`` subsets of the faces that set its characters."""

from __future__ import annotations

from lintou_report.fonts import FontSet
from lintou_report.layout.document import pagination
from lintou_report.tree import Block, Colophon, Document, Letterhead, Note, OfficialMasthead
from lintou_report.writers.docx import blocks, head, letterhead, note, package, section
from lintou_report.writers.docx.draft import add_draft_header
from lintou_report.writers.docx.faces import Naming, face_names
from lintou_report.writers.docx.lastpage import empty_first_footer, placed_colophon, unnumbered_section


def render(document: Document, fonts: FontSet, naming: Naming = "official", embed_fonts: bool = False) -> bytes:
    """The DOCX file's bytes; ``naming="windows"`` names 仿宋 / 楷体 instead of the _GB2312 faces."""
    pages = pagination(document, fonts)
    ctx = blocks.Context(face_names(naming), fonts, early_splits=pages.early_splits)
    members = dict(package.skeleton(naming))
    header = add_draft_header(members, ctx) if document.info.draft else ("", 0)
    place = pages.colophon
    first = empty_first_footer(members) if any(isinstance(b, Letterhead) for b in document.blocks) else ""
    text_section = section.section_properties(*section.NUMBERED, *header, first_footer=first)
    parts = [
        placed_colophon(block, ctx, place, text_section) if isinstance(block, Colophon) else _elements(block, ctx)
        for block in document.blocks
    ]
    body = "".join(xml for part in parts for xml in part)
    last = unnumbered_section(members, *header) if place and place.blank else text_section
    members[package.DOCUMENT] = package.document_xml(body + last)
    members[package.CORE] = package.core_properties(document.info)
    if embed_fonts:
        from lintou_report.writers.docx.embed import embed

        used = {name: set(chars) for name, chars in ctx.used.items()}
        for name, chars in section.footer_characters(ctx.names).items():
            used.setdefault(name, set()).update(chars)
        embed(members, used, fonts)
    return package.write_zip(members)


def _elements(block: Block, ctx: blocks.Context) -> list[str]:
    """A block's paragraphs: the 版头 elements of GB/T 9704 7.2, the 附注 and the 信函格式 by their modules."""
    match block:
        case OfficialMasthead() if head.extended(block):
            return head.official_masthead(block, ctx)
        case Letterhead():
            return letterhead.letterhead(block, ctx)
        case Note():
            return note.note(block, ctx)
    return blocks.elements(block, ctx)
