"""A whole document laid out: its blocks in order, the page numbers, the draft marks; and the decisions the
DOCX writer follows (where the 版记 went, which tables start with one row, which lines punctuation compression
squeezed)."""

from __future__ import annotations

from dataclasses import dataclass

from lintou_report.fonts import FontSet
from lintou_report.layout import attachments, body, colophon, folio, letterhead, masthead, minutes, note, seal, table
from lintou_report.layout.draft import draft_marks
from lintou_report.layout.flow import Flow, Sheet, TextOp
from lintou_report.layout.lastpage import Placement
from lintou_report.layout.page import Page, TextLine, TextRun
from lintou_report.tree import (
    Attachment,
    AttachmentsNote,
    Attendance,
    BriefingMasthead,
    Colophon,
    ColophonLine,
    Document,
    Heading,
    Letterhead,
    MinutesMasthead,
    Note,
    OfficialMasthead,
    OrderMasthead,
    PageBreak,
    Paragraph,
    Signature,
    Table,
    Title,
)


def lay_out(document: Document, fonts: FontSet) -> list[Page]:
    """The document's pages, with their page numbers."""
    return [_page(sheet) for sheet in _flow(document, fonts).pages]


@dataclass(frozen=True)
class Pagination:
    """The layout's page decisions the DOCX writer follows, so that Word and LibreOffice paginate alike:
    where the 版记 went (None without one), the tables that start with one row on a page, and the tables that
    run over a page with the rows that start each continuation (under its 续表 caption)."""

    colophon: Placement | None
    early_splits: tuple[Table, ...]
    table_splits: tuple[tuple[Table, tuple[int, ...]], ...] = ()
    # every table's rows, its header row first, with the grid lines each takes
    table_rows: tuple[tuple[Table, tuple[int, ...]], ...] = ()


def pagination(document: Document, fonts: FontSet) -> Pagination:
    flow = _flow(document, fonts)
    return Pagination(flow.placement, tuple(flow.early_splits), tuple(flow.table_splits), tuple(flow.table_rows))


def colophon_narrowing(line: ColophonLine, fonts: FontSet) -> float:
    """How much (pt) the layout narrows a 版记 line so that it ends on no lone character (colophon.py)."""
    return colophon.narrowing(Flow(fonts), line)


def squeezed(block: Paragraph | Heading, fonts: FontSet) -> tuple[tuple[int, int, float, int], ...]:
    """The lines of a paragraph or heading the DOCX writer sets tighter (推入) or looser than the grid's pitch,
    with what they overrun the measure and their 中西间距 (body.squeezed)."""
    return body.squeezed(Flow(fonts), block)


# The blocks laid out by their module's function alone; the others need what comes before them or the document.
_PLAIN = {
    BriefingMasthead: masthead.briefing_masthead,
    OfficialMasthead: masthead.official_masthead,
    Letterhead: letterhead.letterhead,
    OrderMasthead: masthead.order_masthead,
    Heading: body.heading,
    Paragraph: body.paragraph,
    Signature: seal.signature,
    Note: note.note,
    AttachmentsNote: attachments.attachments_note,
    Attachment: attachments.attachment,
    MinutesMasthead: minutes.minutes_masthead,
}


def _flow(document: Document, fonts: FontSet) -> Flow:
    flow = Flow(fonts)
    previous = None
    for block in document.blocks:
        match block:
            case Title():
                after = isinstance(previous, BriefingMasthead | OfficialMasthead | Letterhead | MinutesMasthead)
                masthead.title(flow, block, after_masthead=after)
            case Table():
                if table.table(flow, block):
                    flow.early_splits.append(block)
            case Colophon():
                colophon.colophon(flow, block, ruled=not is_letter(document))
            case PageBreak():
                flow.new_page()
            case Attendance():
                minutes.attendance(flow, block, first=not isinstance(previous, Attendance))
            case _:
                _PLAIN[type(block)](flow, block)
        previous = block
    folio.page_numbers(flow)
    if document.info.draft:
        draft_marks(flow)
    return flow


def is_letter(document: Document) -> bool:
    """A 信函格式 (10.1): its 版记 has no rules, its first page no page number."""
    return any(isinstance(block, Letterhead) for block in document.blocks)


def _page(sheet: Sheet) -> Page:
    items = tuple(_text_line(op) if isinstance(op, TextOp) else op for op in sheet.ops)
    return Page(items, tuple(sheet.marks), sheet.numbered)


def _text_line(op: TextOp) -> TextLine:
    """A placed line as runs, each with its own origin: the pen moves by each character's advance plus
    the line's spacing, less what punctuation compression takes out after a run's last character."""
    spacing, x, runs = op.line.spacing, op.x, []
    for piece in op.line.pieces:
        runs.append(
            TextRun(x, op.y, piece.text, piece.face, piece.size, piece.color, piece.bold, spacing, piece.advances)
        )
        x += piece.width(0, len(piece.text)) + spacing * len(piece.text) - piece.kern + piece.after
    return TextLine(tuple(runs))
