"""The document tree: the blocks a template produces and both writers lay out.

Writers read only these types, never the data model or a template. Text is final: numbering
("一、", "（一）"), punctuation and dates are already in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from lintou_report.spec import gbt9704

# A run's font role; the profile maps each role to a face and a size.
Role = Literal["body", "title", "hei", "kai", "song"]
Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Run:
    """A piece of inline text in one font role."""

    text: str
    role: Role = "body"
    bold: bool = False


@dataclass(frozen=True)
class BriefingMasthead:
    """报头 of a 工作简报: red name, 第×期, editing office left and date right, red rule."""

    name: str
    issue: str  # "第11期" or "第11期（总第45期）"
    office: str
    date: str  # "2023年11月9日"


@dataclass(frozen=True)
class HeadMarks:
    """份号, 密级和保密期限, 紧急程度: the lines 顶格 at the top left of the 版头 (7.2.1–7.2.3), each optional."""

    copy_number: str = ""  # "000001"
    secrecy: str = ""  # "秘密"
    secrecy_period: str = ""  # "1年": printed after a ★
    urgency: str = ""  # "特急"

    def lines(self) -> list[tuple[str, str]]:
        """(part, text) of each line present, top to bottom."""
        secrecy = self.secrecy + (gbt9704.SECRECY_STAR + self.secrecy_period if self.secrecy_period else "")
        parts = (("copy_number", self.copy_number), ("secrecy", secrecy), ("urgency", self.urgency))
        return [(part, text) for part, text in parts if text]


@dataclass(frozen=True)
class OfficialMasthead:
    """版头 of a 公文: red 发文机关标志, 发文字号, red rule (with ★ for party organs)."""

    organ_mark: str  # "中共林头镇委员会文件"
    doc_number: str  # "林党〔2023〕12号"
    star: bool = True
    signer: str | None = None  # 签发人 of an upward document
    marks: HeadMarks = HeadMarks()
    organs: tuple[str, ...] = ()  # 联合行文: the organs stacked (主办机关 first), ``suffix`` centred right of them
    suffix: str = ""  # "文件"
    signers: tuple[str, ...] = ()  # several 签发人 (7.2.6); ``signer`` is the first

    @property
    def signer_names(self) -> tuple[str, ...]:
        return self.signers or ((self.signer,) if self.signer else ())


@dataclass(frozen=True)
class Letterhead:
    """信函格式's 版头 (10.1): red 标志 30 mm below the paper's top, double red lines, 份号/密级/紧急程度 left
    and 发文字号 right under the first line."""

    organ: str
    doc_number: str = ""
    marks: HeadMarks = HeadMarks()


@dataclass(frozen=True)
class OrderMasthead:
    """命令（令）格式's 版头 (10.2): the red 标志 (organ + 令 or 命令) 20 mm below the type area's top, the 令号
    centred two blank lines below it; the body two blank lines below the 令号, no red rule."""

    mark: str  # "林头镇人民政府令"
    number: str  # "第1号"


@dataclass(frozen=True)
class Note:
    """附注 (7.3.6): the text without its parentheses; ``display`` is the text printed, in （）."""

    text: str

    @property
    def display(self) -> str:
        return f"（{self.text}）"


@dataclass(frozen=True)
class Title:
    """The 2号小标宋 title; ``lines`` gives explicit breaks, else the writer breaks it."""

    text: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heading:
    """A heading of level 1–4. With ``body`` it is run in: the paragraph text follows on the same line."""

    level: int
    text: str
    body: tuple[Run, ...] = ()

    @property
    def run_in(self) -> bool:
        return bool(self.body)


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``indent`` is the 2-character first-line indent."""

    runs: tuple[Run, ...]
    indent: bool = True
    align: Align = "justify"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Column:
    header: str
    align: Align = "left"
    width: float = 1.0  # relative share of the table width


@dataclass(frozen=True)
class Table:
    """A table with its caption above (“表1　…”), one header row and text cells."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    metrics: bool = False  # a metric table (<table kind="metrics">): source/settings.py may merge or drop it


SealMode = Literal["organ", "none", "signature"]


@dataclass(frozen=True)
class SealImage:
    """A seal picture the clerk supplies, read, checked and re-encoded as PNG (transparency kept) by source/."""

    data: bytes  # PNG
    width: int  # pixels
    height: int


@dataclass(frozen=True)
class Signer:
    """One organ's 署名 (or, by a 签名章, its 签发人's 职务) with its seal picture."""

    name: str
    seal_image: SealImage | None = None


@dataclass(frozen=True)
class Signature:
    """署名 and 成文日期 below the body; ``seal`` chooses 7.3.5's case (None: as 不加盖印章, 7.3.5.2).

    With ``seal="signature"`` (签发人签名章, 7.3.5.3) ``signer`` is the 签发人's 职务 beside the stamp.
    联合行文: ``signer`` and ``seal_image`` are the 主办机关's, ``co_signers`` the other organs' in order."""

    signer: str
    date: str  # "2023年11月9日"
    seal: SealMode | None = None
    seal_image: SealImage | None = None
    co_signers: tuple[Signer, ...] = ()

    @property
    def signers(self) -> tuple[Signer, ...]:
        """Every organ's 署名 in order, the 主办机关's first."""
        return (Signer(self.signer, self.seal_image), *self.co_signers)


@dataclass(frozen=True)
class ColophonLine:
    """One line of the 版记: a label (“抄送：”, “报：”), its text, and text flush right."""

    label: str = ""
    text: str = ""
    right: str = ""


@dataclass(frozen=True)
class Colophon:
    """版记 / 报尾 at the foot of the last page: groups of lines between rules.

    The first and last rules are heavy (0.35 mm), the rules between groups light (0.25 mm).
    """

    groups: tuple[tuple[ColophonLine, ...], ...]
    # 双面印刷 (GB/T 9704-2012 6.2): the 版记 goes on an even page (layout/lastpage.py); False for offices
    # that print on one side, where it goes at the foot of whichever page the text ends on; None: not
    # stated by the markup (template.yaml may state it, source/settings.py), printed on both sides.
    duplex: bool | None = None


@dataclass(frozen=True)
class AttachmentsNote:
    """附件说明 (GB/T 9704-2012 7.3.4): the attachments' names in order, numbered when there are several."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Attachment:
    """The head of an 附件 (7.3.9): a new page, “附件1” top left, the title centred on line 3. Its content
    follows as ordinary blocks, up to the next Attachment or the 版记."""

    number: str  # "1", or "" for a document's only attachment
    title: str
    # 7.3.9: an 附件 not bound with the 正文 carries the 公文's 发文字号 before “附件N”; it follows the 版记 and
    # numbers its pages from 1 (spec SEPARATE_ATTACHMENT_CLAUSE). "" for an 附件 bound with the 正文.
    doc_number: str = ""

    @property
    def label(self) -> str:
        return f"附件{self.number}"

    @property
    def separate(self) -> bool:
        return bool(self.doc_number)


@dataclass(frozen=True)
class MinutesMasthead:
    """纪要标志 (10.3) with the 纪要's number, the issuing office and the date below it, over a red rule."""

    name: str  # "林头镇党委会议纪要"
    number: str  # "第5期"
    organ: str
    date: str


@dataclass(frozen=True)
class Attendance:
    """A 纪要's 出席 / 请假 / 列席 line (10.3): the label in 黑体, the names after it, wrapped under the first."""

    label: str  # "出席"
    names: str


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = (
    BriefingMasthead
    | OfficialMasthead
    | OrderMasthead
    | Letterhead
    | Title
    | Heading
    | Paragraph
    | Table
    | Signature
    | Note
    | Colophon
    | PageBreak
    | AttachmentsNote
    | Attachment
    | MinutesMasthead
    | Attendance
)


@dataclass(frozen=True)
class DocumentInfo:
    """Document properties written to PDF metadata and DOCX core properties."""

    title: str
    author: str
    subject: str = ""
    keywords: tuple[str, ...] = ()
    date: str = ""  # ISO date, e.g. "2023-11-09": the only date any writer stamps
    draft: bool = False  # a draft: every page carries a grey “草稿” mark above the type area


@dataclass(frozen=True)
class Document:
    info: DocumentInfo
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def text_blocks(self) -> list[str]:
        """Every block's printed text, in reading order, without the labels style.py adds (签发人：, 附件：): what
        the tests find again in the output (the font coverage check reads style.role_texts)."""
        out: list[str] = []
        for b in self.blocks:
            match b:
                case BriefingMasthead():
                    out += [b.name, b.issue, b.office, b.date]
                case OfficialMasthead():
                    out += [text for _, text in b.marks.lines()]
                    out += [b.organ_mark, b.doc_number] + list(b.signer_names)
                case Letterhead():
                    out += [text for _, text in b.marks.lines()] + [b.organ, b.doc_number]
                case OrderMasthead():
                    out += [b.mark, b.number]
                case Note():
                    out.append(b.display)
                case Title():
                    out.append(b.text)
                case Heading():
                    out.append(b.text + "".join(r.text for r in b.body))
                case Paragraph():
                    out.append(b.text)
                case Table():
                    out.append(b.caption)
                    out += [c.header for c in b.columns]
                    out += [cell for row in b.rows for cell in row]
                case Signature():
                    out += [signer.name for signer in b.signers] + [b.date]
                case Colophon():
                    out += [line.label + line.text + line.right for g in b.groups for line in g]
                case AttachmentsNote():
                    out += list(b.items)
                case Attachment():
                    out += [b.doc_number + b.label, b.title]
                case MinutesMasthead():
                    out += [b.name, b.number, b.organ, b.date]
                case Attendance():
                    out += [b.label, b.names]
        return out
