"""A whole document laid out: its blocks in order, the page numbers, the draft marks; and the decisions the
DOCX writer follows (where the 版记 went, which tables start with one row, which lines punctuation compression
squeezed)."""

from __future__ import annotations

from dataclasses import dataclass

from lintou_report.fonts import FontSet
from lintou_report.layout import body, colophon, folio, masthead, table
from lintou_report.layout.draft import draft_marks
from lintou_report.layout.flow import Flow, Sheet, TextOp
from lintou_report.layout.lastpage import Placement
from lintou_report.layout.page import Page, TextLine, TextRun
from lintou_report.tree import (
    BriefingMasthead,
    Colophon,
    ColophonLine,
    Document,
    Heading,
    OfficialMasthead,
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
    where the 版记 went (None without one) and the tables that start with one row on a page."""

    colophon: Placement | None
    early_splits: tuple[Table, ...]


def pagination(document: Document, fonts: FontSet) -> Pagination:
    flow = _flow(document, fonts)
    return Pagination(flow.placement, tuple(flow.early_splits))


def colophon_narrowing(line: ColophonLine, fonts: FontSet) -> float:
    """How much (pt) the layout narrows a 版记 line so that it ends on no lone character (colophon.py)."""
    return colophon.narrowing(Flow(fonts), line)


def squeezed(block: Paragraph | Heading, fonts: FontSet) -> tuple[tuple[int, int, float], ...]:
    """The lines of a paragraph or heading that punctuation compression squeezed a character into, with what
    they overrun the measure (body.squeezed): the DOCX writer condenses them as much."""
    return body.squeezed(Flow(fonts), block)


def _flow(document: Document, fonts: FontSet) -> Flow:
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
                if table.table(flow, block):
                    flow.early_splits.append(block)
            case Signature():
                body.signature(flow, block)
            case Colophon():
                colophon.colophon(flow, block)
            case PageBreak():
                flow.new_page()
        previous = block
    folio.page_numbers(flow)
    if document.info.draft:
        draft_marks(flow)
    return flow


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
        x += piece.width(0, len(piece.text)) + spacing * len(piece.text) - piece.kern
    return TextLine(tuple(runs))
