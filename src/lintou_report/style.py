"""Document → styled runs: the one place that knows which font role, size, colour and weight sets each part
of a GB/T 9704 document (the 版头's red name in 小标宋, a level-2 heading in 楷体, a table's header row in
黑体 4号, a page number in 4号宋体 …).

A ``Style`` is a role (fonts.ROLES), a size in points, a colour and whether the run is emboldened. The
constants and functions below name each part's style; ``styled(block)`` lists a block's texts with their
styles in reading order, and ``styled_document`` the whole document's, with the page-number digits and
dashes, which every document sets. ``segments(text, style, fonts)`` cuts a styled text into runs of one
face after per-character fallback (fonts.FontSet.segments).

Who reads it: layout/ (every text it sets takes its style from here), fonts.FontSet.missing and the
``fonts`` command (the coverage check, through ``role_texts``), and — its API for writers that set text
themselves, such as the DOCX writer — ``styled(block)``: for each part a ``Styled`` with ``part`` (a
stable name: "name", "issue", "office", "date", "organ_mark", "doc_number", "signer_label", "signer",
"copy_number", "secrecy", "urgency", "organ" and "suffix" (a joint 版头), "order_number" (a 令号), "note",
"title", "heading", "text", "caption", "header", "cell", "colophon"), the text, its ``Style`` and ``place``
(where it is, in Chinese, for messages). A writer matches on ``part`` for its own structure (a DOCX
paragraph style, a table cell) and takes role, size, colour and weight from the ``Style``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple, get_args

from lintou_report.spec import gbt9704
from lintou_report.tree import (
    Attachment,
    AttachmentsNote,
    Attendance,
    Block,
    BriefingMasthead,
    Colophon,
    Document,
    Heading,
    HeadMarks,
    Letterhead,
    MinutesMasthead,
    Note,
    OfficialMasthead,
    OrderMasthead,
    Paragraph,
    Role,
    Run,
    Signature,
    Table,
    Title,
)

if TYPE_CHECKING:
    from lintou_report.fonts import Face, FontSet

Color = tuple[float, float, float]  # RGB, each 0–1
BLACK: Color = (0.0, 0.0, 0.0)
RED: Color = gbt9704.RED


class Style(NamedTuple):
    role: Role
    size: float  # points
    color: Color = BLACK
    bold: bool = False  # drawn emboldened (fill and stroke): the bundled CJK faces have no bold


class Styled(NamedTuple):
    """One text of a block in its style: ``part`` names what it is (module docstring), ``place`` where."""

    part: str
    text: str
    style: Style
    place: str


BODY = Style("body", gbt9704.BODY_SIZE.pt)  # 3号仿宋: running text, 版头 lines, 署名, 成文日期
TITLE = Style("title", gbt9704.TITLE_SIZE.pt)  # 2号小标宋
SIGNER = Style("kai", gbt9704.BODY_SIZE.pt)  # 签发人's name in 3号楷体
TABLE_CAPTION = Style("hei", gbt9704.BODY_SIZE.pt)
TABLE_HEADER = Style("hei", gbt9704.TABLE_SIZE.pt)
TABLE_CELL = Style("body", gbt9704.TABLE_SIZE.pt)
COLOPHON = Style("body", gbt9704.COLOPHON_SIZE.pt)
PAGE_NUMBER = Style("song", gbt9704.PAGE_NUMBER_SIZE.pt)
DRAFT_MARK = Style("hei", gbt9704.DRAFT_MARK_SIZE.pt, (gbt9704.DRAFT_MARK_GREY,) * 3)  # a draft's grey 草稿
MASTHEAD_NAME = Style("title", gbt9704.BRIEFING_NAME_SIZE.pt, RED)  # a 版头's red name (its size fits its length)
HEAD_MARK = Style(gbt9704.HEAD_MARK_ROLE, gbt9704.BODY_SIZE.pt)  # 份号, 密级和保密期限, 紧急程度: 3号黑体
NOTE = BODY  # 附注: 3号仿宋 (7.3.6)
ATTACHMENT_LABEL = Style("hei", gbt9704.BODY_SIZE.pt)  # “附件1” in 3号黑体 (7.3.9)
ATTENDANCE_LABEL = Style("hei", gbt9704.BODY_SIZE.pt)  # “出席：” in 3号黑体 (10.3); the names in BODY
SEAL_RED: Color = RED  # the seal placeholder's outline (5.2.4: the seal is red)


def briefing_name(name: str) -> Style:
    """The red name of a briefing's 版头: 小标宋, no larger than the standard's mark for its length."""
    return MASTHEAD_NAME._replace(size=min(MASTHEAD_NAME.size, gbt9704.organ_mark_size(name)))


def organ_mark(mark: str) -> Style:
    """The red 发文机关标志 of a 公文's 版头."""
    return MASTHEAD_NAME._replace(size=gbt9704.organ_mark_size(mark))


def joint_mark(organs: tuple[str, ...], suffix: str) -> Style:
    """The red names of a joint 版头 (7.2.4): one size for all, the longest name and the suffix fitted."""
    longest = max(len(o) for o in organs) + len(suffix) + (gbt9704.JOINT_SUFFIX_GAP if suffix else 0)
    fitted = math.floor(gbt9704.MASTHEAD_FIT * gbt9704.TYPE_WIDTH.pt / longest * 2) / 2  # whole half points (DOCX)
    return MASTHEAD_NAME._replace(size=min(gbt9704.ORGAN_MARK_MAX_SIZE.pt, fitted))


def head_marks(marks: HeadMarks, place: str) -> list[Styled]:
    """份号, 密级和保密期限, 紧急程度, top to bottom."""
    return [Styled(part, text, HEAD_MARK, place) for part, text in marks.lines()]


def heading(level: int) -> Style:
    """A heading's own text: 黑体 (level 1), 楷体 (level 2), 仿宋 below, all 3号."""
    return Style(gbt9704.HEADING_ROLES[level], gbt9704.BODY_SIZE.pt)


def run(r: Run, size: float = gbt9704.BODY_SIZE.pt) -> Style:
    """A run of running text in the role and weight the markup gave it."""
    return Style(r.role, size, bold=r.bold)


def styled(block: Block, paragraph_number: int = 0) -> list[Styled]:
    """A block's texts with their styles, in reading order; ``paragraph_number`` names a paragraph's place."""
    match block:
        case BriefingMasthead():
            lines = (("issue", block.issue), ("office", block.office), ("date", block.date))
            name = Styled("name", block.name, briefing_name(block.name), "报头")
            return [name, *(Styled(part, text, BODY, "报头") for part, text in lines)]
        case OfficialMasthead():
            if block.organs:
                look = joint_mark(block.organs, block.suffix)
                marks = [Styled("organ", organ, look, "版头") for organ in block.organs]
                marks += [Styled("suffix", block.suffix, look, "版头")] if block.suffix else []
            else:
                marks = [Styled("organ_mark", block.organ_mark, organ_mark(block.organ_mark), "版头")]
            signers = [Styled("signer", name, SIGNER, "签发人") for name in block.signer_names]
            return [
                *head_marks(block.marks, "版头"),
                *marks,
                Styled("doc_number", block.doc_number, BODY, "版头"),
                Styled("signer_label", "签发人：", BODY, "签发人"),
                *(signers or [Styled("signer", "", SIGNER, "签发人")]),
            ]
        case Letterhead():
            return [
                *head_marks(block.marks, "信函格式版头"),
                Styled("organ_mark", block.organ, organ_mark(block.organ), "信函格式版头"),
                Styled("doc_number", block.doc_number, BODY, "信函格式版头"),
            ]
        case OrderMasthead():
            return [
                Styled("organ_mark", block.mark, organ_mark(block.mark), "命令（令）标志"),
                Styled("order_number", block.number, BODY, "令号"),
            ]
        case Note():
            return [Styled("note", block.display, NOTE, "附注")]
        case Title():
            return [Styled("title", block.text, TITLE, "标题")]
        case Heading():
            place = f"{block.level}级标题“{block.text}”"
            head = Styled("heading", block.text, heading(block.level), place)
            return [head, *(Styled("text", r.text, run(r), place + "后的正文") for r in block.body)]
        case Paragraph():
            return [Styled("text", r.text, run(r), f"第{paragraph_number}段正文") for r in block.runs]
        case Table():
            where = f"表格“{block.caption}”"
            return [
                Styled("caption", block.caption, TABLE_CAPTION, where + "的表题"),
                *(Styled("header", c.header, TABLE_HEADER, where + "的表头") for c in block.columns),
                *(Styled("cell", cell, TABLE_CELL, where) for row in block.rows for cell in row),
            ]
        case Signature():
            signers = [Styled("signer", signer.name, BODY, "署名") for signer in block.signers]
            return [*signers, Styled("date", block.date, BODY, "成文日期")]
        case Colophon():
            lines = [line for group in block.groups for line in group]
            return [Styled("colophon", line.label + line.text + line.right, COLOPHON, "版记") for line in lines]
        case AttachmentsNote():
            return [
                Styled("attachments_label", gbt9704.ATTACHMENTS_NOTE_LABEL, BODY, "附件说明"),
                *(Styled("attachment_item", item, BODY, "附件说明") for item in block.items),
            ]
        case Attachment():
            place = f"附件{block.number}"
            number = [Styled("attachment_doc_number", block.doc_number, BODY, place)] if block.separate else []
            return [
                *number,
                Styled("attachment_label", block.label, ATTACHMENT_LABEL, place),
                Styled("attachment_title", block.title, TITLE, place + "的标题"),
            ]
        case MinutesMasthead():
            lines = (("issue", block.number), ("office", block.organ), ("date", block.date))
            name = Styled("name", block.name, organ_mark(block.name), "纪要标志")
            return [name, *(Styled(part, text, BODY, "纪要标志") for part, text in lines)]
        case Attendance():
            place = f"{block.label}人员"
            return [
                Styled("attendance_label", block.label + "：", ATTENDANCE_LABEL, place),
                Styled("attendance_names", block.names, BODY, place),
            ]
    return []


def styled_document(document: Document) -> list[Styled]:
    """Every text of the document in its style, then the page numbers' digits and dashes."""
    out: list[Styled] = []
    paragraphs = 0
    for block in document.blocks:
        paragraphs += isinstance(block, Paragraph)
        out += styled(block, paragraphs)
    out.append(Styled("page_number", gbt9704.page_number_text(1234567890), PAGE_NUMBER, "页码"))
    return out


def role_texts(document: Document) -> dict[Role, list[tuple[str, str]]]:
    """The texts each role sets in ``document``, as (place, text) pairs: what the coverage check reads."""
    out: dict[Role, list[tuple[str, str]]] = {role: [] for role in get_args(Role)}
    for item in styled_document(document):
        out[item.style.role].append((item.place, item.text))
    return out


def segments(text: str, style: Style, fonts: FontSet) -> list[tuple[Face, str]]:
    """``text`` in runs of one face each: the style's role's face, a fallback face for a character it lacks."""
    return fonts.segments(text, style.role)
