"""The DOCX writer: a Word document laid out to GB/T 9704 that offices open in Word, WPS or LibreOffice and
keep editing — real styles, the official face names, the 22-line grid, odd/even page numbers.

The parts every document shares are static files (skeleton/, see parts.py); a document adds its body and
core properties, and with ``embed_fonts`` subsets of the faces that set its characters."""

from __future__ import annotations

from lintou_report.fonts import FontSet
from lintou_report.layout.document import is_letter, pagination
from lintou_report.layout.lastpage import Placement
from lintou_report.tree import (
    Attachment,
    AttachmentsNote,
    Attendance,
    Block,
    Colophon,
    Document,
    Letterhead,
    Note,
    OfficialMasthead,
    Paragraph,
    Signature,
    Title,
)
from lintou_report.writers.docx import attachments, blocks, head, letterhead, minutes, note, package, seal, section
from lintou_report.writers.docx.draft import add_draft_header
from lintou_report.writers.docx.faces import Naming, face_names
from lintou_report.writers.docx.lastpage import empty_first_footer, end_of_part, placed_colophon, unnumbered_section


def render(document: Document, fonts: FontSet, naming: Naming = "official", embed_fonts: bool = False) -> bytes:
    """The DOCX file's bytes; ``naming="windows"`` names 仿宋 / 楷体 instead of the _GB2312 faces."""
    pages = pagination(document, fonts)
    letter = is_letter(document)
    ctx = blocks.Context(
        face_names(naming),
        fonts,
        early_splits=pages.early_splits,
        table_splits=pages.table_splits,
        table_rows=pages.table_rows,
        ruled_colophon=not letter,
    )
    members = dict(package.skeleton(naming))
    header = add_draft_header(members, ctx) if document.info.draft else ("", 0)
    place = pages.colophon
    first = empty_first_footer(members) if letter else ""  # 10.1: 第一页不显示页码
    text_section = section.section_properties(*section.NUMBERED, *header, first_footer=first)
    last = unnumbered_section(members, *header) if place and place.blank else text_section
    # 附件 not bound with the 正文 (7.3.9): a section of their own after the 版记, numbered from 1; the 公文's last
    # section ends with its 版记 (or its last text). Printed on both sides they start on an odd page: after a
    # 版记 the next page is one (the 版记 is on an even page); without a 版记 the section says so (an odd-page
    # break, which LibreOffice sets 6 pt lower on its page, so it is not used where it is not needed)
    split = next((k for k, b in enumerate(document.blocks) if isinstance(b, Attachment) and b.separate), None)
    ends = None if split is None else last
    previous = (None, *document.blocks[:-1])
    following = (*document.blocks[1:], None)
    parts = [
        _elements(block, before, after, ctx, place, text_section, ends, k == split)
        for k, (block, before, after) in enumerate(zip(document.blocks, previous, following, strict=True))
    ]
    if split is not None:
        colophons = [b for b in document.blocks[:split] if isinstance(b, Colophon)]
        if not colophons:
            parts.insert(split, [end_of_part(last)])
        last = section.section_properties(*section.NUMBERED, *header, restart=True, odd_page=not colophons)
    body = "".join(xml for part in parts for xml in part)
    members[package.DOCUMENT] = package.document_xml(body + last)
    members[package.CORE] = package.core_properties(document.info)
    seal.add_media(members, ctx)
    if embed_fonts:
        from lintou_report.writers.docx.embed import embed

        used = {name: set(chars) for name, chars in ctx.used.items()}
        for name, chars in section.footer_characters(ctx.names).items():
            used.setdefault(name, set()).update(chars)
        embed(members, used, fonts)
    return package.write_zip(members)


def _elements(
    block: Block,
    previous: Block | None,
    following: Block | None,
    ctx: blocks.Context,
    place: Placement | None,
    text_section: str,
    ends: str | None = None,
    new_section: bool = False,
) -> list[str]:
    """A block's paragraphs and tables: the 版记 where the layout placed it, the 版头 elements of 7.2, the
    附注 and the 信函格式, the elements of 7.3.4, 7.3.5, 7.3.9 and 10.3 from their modules, the rest from
    blocks.py. ``ends``: the ``w:sectPr`` the 版记 ends (附件 not bound with the 正文 follow it); ``new_section``:
    the block starts a section of its own (the first of those 附件)."""
    match block:
        case Colophon():
            return placed_colophon(block, ctx, place, text_section, ends)
        case OfficialMasthead() if head.extended(block):
            return head.official_masthead(block, ctx)
        case Letterhead():
            return letterhead.letterhead(block, ctx)
        case Note():
            return note.note(block, ctx)
        case AttachmentsNote():
            return attachments.attachments_note(block, ctx)
        case Attachment():
            return attachments.attachment(block, ctx, new_section)
        case Attendance():
            first = not isinstance(previous, Attendance)
            return minutes.attendance(block, ctx, first, keep=isinstance(following, Signature))
        case Signature() if block.seal in ("organ", "signature"):
            return seal.signature(block, ctx) or []
        case Title() if isinstance(previous, OfficialMasthead) and previous.star:
            return blocks.title_below_star(block, ctx)
        case Paragraph() if isinstance(following, Signature):
            # as the layout carries a paragraph's last lines over with the 署名 (layout/seal.py, body.py)
            return blocks.body_paragraph(block, ctx, keep=True)
    return blocks.elements(block, ctx)
