"""The data model of a report: meta, intro, themes → items → paragraphs, metrics, corrections.

A report is kept as a human-editable YAML file. Loading it records where each value stands in the
file, so that every validation problem names the file, the line and the column. Each record's fields,
with their limits and Chinese descriptions, are its ``FIELDS`` table (source/fields.py reads them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from lintou_report import memo
from lintou_report.errors import Problem, UserError
from lintou_report.source import fields, limits
from lintou_report.source.fields import (
    SELF,
    Choice,
    Day,
    Exact,
    Flag,
    Invalid,
    ListOf,
    Model,
    Moment,
    Text,
    Whole,
    field,
    impossible_date,
)
from lintou_report.source.yamlfile import Position, field_name, parse_yaml, read_text

__all__ = ["Invalid", "impossible_date", "parse_yaml"]

SCHEMA_VERSION = 1
MAX_LEVELS = 4  # heading levels of a 公文's body: 一、 （一） 1. （1） (GB/T 9704—2012 7.3.3)

LONG = Text(1)  # the length limit is the loader's (limits.MAX_TEXT_CHARS)
SHORT = Text(1, limits.MAX_HEADING_CHARS)
NAME = Text(1, limits.MAX_NAME_CHARS)
NAMES = ListOf(NAME)
KEY = Text(
    0,
    limits.MAX_NAME_CHARS,
    pattern=r"^[a-z][a-z0-9_-]*$",
    words="代号只能用小写英文字母、数字、- 和 _，以字母开头，如 zhendi、new-members",
)


def _year_as_text(value: Any) -> Any:
    """A year's id (2023) is read by YAML as a number: the same id, so taken as its text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PERIOD_ID = r"^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$"


class Period(Model):
    """报告期：月、季度或年度。"""

    id: str = field(
        Text(
            pattern=PERIOD_ID,
            words="报告期代号写法：月报写 年-月（如 2023-11，月份两位），季报写 年-Q季度（如 2023-Q4），"
            "年报只写年（如 2023）",
            before=_year_as_text,
        ),
        "月报写 年-月（如 2023-11），季报写 年-Q季度（如 2023-Q4），年报只写年（如 2023）",
    )
    label: str = field(NAME, "报告期的中文写法，如 2023年11月")


class Briefing(Model):
    """工作简报的报头。"""

    name: str = field(NAME, "简报名称，如 党建工作简报")
    issue: int = field(Whole(1, 9999), "期号（第×期）")
    total_issue: int | None = field(Whole(1, 999_999), "总期号（总第×期），可省略", default=None)
    office: str = field(NAME, "编印单位，如 中共林头镇委员会办公室")


class Recipients(Model):
    """报送范围：简报用 报/送/发，公文用 主送/抄送。"""

    report_to: list[str] = field(NAMES, "报：上级机关", factory=list)
    send_to: list[str] = field(NAMES, "送：平级机关", factory=list)
    distribute_to: list[str] = field(NAMES, "发：下级单位", factory=list)
    main: list[str] = field(NAMES, "主送机关", factory=list)
    cc: list[str] = field(NAMES, "抄送机关", factory=list)


class Printing(Model):
    """印发：版记中的印发机关、印发日期与印数。"""

    organ: str = field(NAME, "印发机关")
    date: dt.date = field(Day(), "印发日期")
    copies: int | None = field(Whole(1, 9_999_999), "共印份数", default=None)


def _six_digits(value: Any) -> Any:
    """份号 000001 is read by YAML as the number 1: the same 份号, written with its six digits."""
    return f"{value:06d}" if isinstance(value, int) and not isinstance(value, bool) else value


class Secrecy(Model):
    """密级和保密期限（GB/T 9704—2012 7.2.2）。"""

    level: Literal["秘密", "机密", "绝密"] = field(Choice("秘密", "机密", "绝密"), "密级：秘密、机密 或 绝密")
    period: str | None = field(NAME, "保密期限，如 1年（可省略）", default=None)


SEAL_IMAGE_TYPES = (".png", ".jpg", ".jpeg")


def _seal_path(image: str) -> str:
    """A seal picture's path as the data writes it: relative, inside the data file's folder, PNG or JPEG."""
    parts = image.replace("\\", "/").split("/")
    if image.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", image) or ".." in parts or "\0" in image:
        raise ValueError(f"印章图片 {image} 须是数据文件所在文件夹中的相对路径（不能是绝对路径，不能含 ..）")
    if not image.lower().endswith(SEAL_IMAGE_TYPES):
        raise ValueError(f"印章图片 {image} 只能是 PNG 或 JPEG（扩展名 .png、.jpg、.jpeg）")
    return image


def _seal_paths(images: list[str]) -> list[str]:
    for image in images:
        if len(image) > limits.MAX_PATH_CHARS:
            raise ValueError(f"印章图片路径超过 {limits.MAX_PATH_CHARS} 个字符")
        _seal_path(image)
    return images


class Seal(Model):
    """印章（GB/T 9704—2012 7.3.5）：加盖机关印章、不加盖印章，或加盖签发人签名章。"""

    mode: Literal["organ", "none", "signature"] = field(
        Choice("organ", "none", "signature"),
        "organ 加盖印章（默认）、none 不加盖印章、signature 加盖签发人签名章",
        default="organ",
    )
    image: str | None = field(
        Text(0, limits.MAX_PATH_CHARS, after=_seal_path),
        "印章图片（PNG 或 JPEG），相对数据文件所在文件夹的路径，如 seal.png；不填时印出印章位置的示意框",
        default=None,
    )
    title: str | None = field(
        NAME, "签名章（mode: signature）时签发人的职务，如 镇长；省略时印发文机关名称", default=None
    )
    images: list[str] = field(
        ListOf(Text(), most=limits.MAX_CO_ISSUERS + 1, after=_seal_paths),
        "联合行文时各机关的印章图片，按发文机关顺序（主办机关在前）每个机关一张，如 [dw.png, zf.png]",
        factory=list,
    )
    titles: list[str] = field(
        ListOf(NAME, most=limits.MAX_CO_ISSUERS + 1),
        "联合行文加盖签名章时各机关签发人的职务全称，按发文机关顺序，如 [林头镇党委书记, 林头镇镇长]",
        factory=list,
    )

    def joint_problem(self, organs: list[str]) -> tuple[str, str] | None:
        """What the seal lacks for a document issued by ``organs`` (联合行文, GB/T 9704—2012 7.3.5), in Chinese,
        with the seal's key it is about (so the file's line and the workbench's input are that key's)."""
        count = len(organs)
        if self.image is not None and self.images:
            return "images", "image 和 images 只填一个：一个机关写 image；联合行文时在 images 中按发文机关顺序逐一列出"
        if self.images and len(self.images) != count:
            return "images", (
                f"印章图片 images 有 {len(self.images)} 张，发文机关有 {count} 个（{'、'.join(organs)}）："
                "每个机关一张，按发文机关顺序（主办机关在前）列出"
            )
        if self.images and self.mode == "none":
            return "images", "不加盖印章（mode: none）时不用印章图片：删去 images，或把 mode 改为 organ"
        if self.title is not None and (count > 1 or self.titles):
            return "title", "联合行文加盖签名章时不写 title，在 titles 中按发文机关顺序写出各机关签发人的职务全称"
        if self.titles and (self.mode != "signature" or len(self.titles) != count):
            return "titles", (
                f"签发人职务 titles 有 {len(self.titles)} 个，只用于加盖签名章（mode: signature），"
                f"且须与发文机关（{count} 个：{'、'.join(organs)}）一一对应"
            )
        if self.mode == "signature" and count > 1 and not self.titles:
            return "mode", (
                "联合行文加盖签名章时，须在 titles 中按发文机关顺序写出各机关签发人的职务全称"
                f"（{count} 个机关：{'、'.join(organs)}，GB/T 9704—2012 7.3.5.3）"
            )
        return None


def _keywords_fit(keywords: list[str]) -> list[str]:
    """The keywords go into the document's properties, which hold 255 characters."""
    if len("，".join(keywords)) > limits.MAX_KEYWORDS_CHARS:
        raise ValueError(f"关键词合计超过 {limits.MAX_KEYWORDS_CHARS} 字：只留几个最能概括本期内容的词")
    return keywords


class Meta(Model):
    """报告的元数据。"""

    issuer: str = field(NAME, "发文机关全称，如 中共林头镇委员会")
    issuer_short: str | None = field(NAME, "发文机关简称，如 林头镇党委（工作简报、报告需要）", default=None)
    party_organ: bool = field(Flag(), "党的机关：红色分隔线中间加五角星", default=True)
    source: str | None = field(NAME, "稿源（工作简报、报告需要）", default=None)
    author: str | None = field(NAME, "作者（工作简报、报告需要）", default=None)
    published: dt.datetime | None = field(Moment(), "原稿发布时间，如 2023-11-09 15:13", default=None)
    period: Period | None = field(Period, "报告期（工作简报、报告需要）", default=None)
    date: dt.date = field(Day(), "成文日期（简报日期）")
    title: str = field(Text(1, limits.MAX_TITLE_CHARS), "标题")
    editor_note: str | None = field(
        LONG, "编者按：工作简报在标题后、导语前印一段“编者按：……”（楷体）；可空", default=None
    )
    briefing: Briefing | None = field(Briefing, "简报报头（工作简报需要）", default=None)
    doc_number: str | None = field(
        Text(
            0,
            limits.MAX_NAME_CHARS,
            pattern=r"^\S+〔\d{4}〕[1-9]\d*号$",
            words="发文字号写法：机关代字〔年份〕序号号，如 林党〔2023〕12号（六角括号〔〕，序号不编虚位）",
        ),
        "发文字号，如 林党〔2023〕12号",
        default=None,
    )
    signer: str | None = field(NAME, "签发人：上行文（如报告）须标注，如 张三", default=None)
    recipients: Recipients = field(Recipients, factory=Recipients)
    printing: Printing | None = field(Printing, "印发机关和印发日期（函不需要）", default=None)
    copy_number: str | None = field(
        Text(pattern=r"^\d{6}$", before=_six_digits), "份号：6 位数字，如 000001", default=None
    )
    secrecy: Secrecy | None = field(Secrecy, "密级和保密期限", default=None)
    urgency: Literal["特急", "加急"] | None = field(Choice("特急", "加急"), "紧急程度：特急 或 加急", default=None)
    signers: list[str] = field(
        ListOf(NAME, most=limits.MAX_SIGNERS), "签发人有几位时逐一列出（只有一位时写 signer）", factory=list
    )
    co_issuers: list[str] = field(
        ListOf(NAME, most=limits.MAX_CO_ISSUERS), "联合行文的其他发文机关（主办机关写在 issuer）", factory=list
    )
    note: str | None = field(
        Text(1, limits.MAX_NOTE_CHARS), "附注，如 联系人：王五，电话：0757-12345678（不加括号）", default=None
    )
    seal: Seal | None = field(
        Seal, "印章：加盖机关印章、不加盖印章或签名章（省略时通知、请示、函、纪要按加盖机关印章排）", default=None
    )
    keywords: list[str] = field(ListOf(NAME, after=_keywords_fit), "关键词（写入 PDF、DOCX 属性）", factory=list)

    def problems(self) -> Iterator[tuple[tuple, str]]:
        if self.signer is not None and self.signers:
            yield (), "signer 和 signers 只填一个：一位签发人写 signer，几位写 signers"
        elif self.secrecy is not None and self.copy_number is None:
            yield (), "涉密公文应当标注份号（GB/T 9704—2012 7.2.1）：标了密级 secrecy，就要填写份号 copy_number"
        elif self.seal is not None and (problem := self.seal.joint_problem(self.organs)):
            yield ("seal", problem[0]), f"印章 seal：{problem[1]}"

    @property
    def organs(self) -> list[str]:
        """Every issuing organ in order, the 主办机关 (``issuer``) first (联合行文: then ``co_issuers``)."""
        return [self.issuer, *self.co_issuers]

    @property
    def all_signers(self) -> list[str]:
        """Every 签发人, whichever of ``signer`` and ``signers`` holds them."""
        return list(self.signers) or ([self.signer] if self.signer else [])


# What the model takes off the end of a heading, because the templates punctuate there themselves: a run-in
# heading ends with their 。, a theme's name is followed by their ， and its slogan, which ends the 一级标题
# (no end stop). Typed in the data as well, each would print twice (筑牢红色堡垒。。).
HEADING_STOPS = "。．."
LABEL_STOPS = "，,、；;" + HEADING_STOPS

HEADING = Text(1, limits.MAX_HEADING_CHARS, after=lambda text: text.rstrip(HEADING_STOPS) or text)  # run-in, slogan
LABEL = Text(1, limits.MAX_HEADING_CHARS, after=lambda text: text.rstrip(LABEL_STOPS) or text)  # a theme's name


class Item(Model):
    """一个主题下的一项工作：小标题和正文段落。"""

    heading: str = field(HEADING, "小标题，如 筑牢红色堡垒（末尾不加句号：模板会加）")
    paragraphs: list[str] = field(ListOf(LONG, least=1), "正文段落")


class Theme(Model):
    """一个“党建+”主题。"""

    key: str = field(KEY, "主题代号，指标用它引用主题，如 zhendi")
    label: str = field(LABEL, "主题名，如 党建+阵地（末尾不加标点）")
    slogan: str = field(HEADING, "主题口号，如 为融合发展打“底色”（末尾不加标点）")
    items: list[Item] = field(ListOf(Item, least=1, most=limits.MAX_THEMES))


class Metric(Model):
    """一项指标：数值精确保存（Decimal），单位单列。"""

    id: str = field(KEY, "指标代号，各期相同，用于对比上期")
    label: str = field(SHORT, "指标名称")
    value: Decimal = field(Exact(limits.MAX_DIGITS), "数值（精确小数）")
    unit: str = field(SHORT, "单位，如 家、个、亩、亿元")
    qualifier: Literal["余", "近", "超", "以上", "约"] | None = field(
        Choice("余", "近", "超", "以上", "约"), "约数说明", default=None
    )
    theme: str = field(KEY, "所属主题代号")
    item: int = field(Whole(1, limits.MAX_THEMES), "所属工作项序号（从 1 起）")
    source: str = field(LONG, "数值所在的原文句子")
    note: str | None = field(Text(), "备注", default=None)
    review: str | None = field(
        Text(), "待核对：new-period 把上期数值标为待核对，核对更新后删去此项（validate 会提醒）", default=None
    )

    @property
    def value_text(self) -> str:
        """The value as written in the file: no exponent, trailing zeros kept."""
        return format(self.value, "f")


class BodyTable(Model):
    """正文中的一张表：表题、表头各列、各行。"""

    caption: str = field(SHORT, "表题，如 表1　各村党建工作安排")
    columns: list[str] = field(ListOf(SHORT, least=1, most=limits.MAX_TABLE_COLUMNS), "表头各列")
    rows: list[list[str]] = field(ListOf(ListOf(Text()), least=1), "各行：每行一个列表，格数与表头列数相同")

    def problems(self) -> Iterator[tuple[tuple, str]]:
        for i, row in enumerate(self.rows, 1):
            if len(row) != len(self.columns):
                yield (
                    (),
                    f"表格“{self.caption}”第 {i} 行有 {len(row)} 格，表头有 {len(self.columns)} 列：补齐或删去多余的格",
                )
                return


class Section(Model):
    """正文的一节：标题（可省略）、段落、表格，以及下一层的各节。

    标题的序号由模板按层次加上：第一层 一、 第二层 （一） 第三层 1. 第四层 （1）；数据中只写标题文字。
    """

    heading: str | None = field(HEADING, "本节标题（不写序号；省略时只有段落）", default=None)
    run_in: bool = field(
        Flag(), "标题与第一段同行（如 “1.工作目标。……”），第二层以下常用；默认标题单独一行", default=False
    )
    paragraphs: list[str] = field(ListOf(LONG), "段落", factory=list)
    table: BodyTable | None = field(BodyTable, "段落后的一张表（可省略）", default=None)
    sections: list[Section] = field(ListOf(SELF), "下一层的各节", factory=list)

    def problems(self) -> Iterator[tuple[tuple, str]]:
        if self.heading is None and not self.paragraphs and self.table is None and not self.sections:
            yield (), "正文的这一节是空的：写上 heading、paragraphs、table 或 sections，或删去这一节"
        elif self.run_in and (self.heading is None or not self.paragraphs):
            yield (), "run_in: true 的一节要有 heading 和至少一段 paragraphs（标题接在第一段开头）"


def _depth(sections: list[Section]) -> int:
    return max((1 + _depth(s.sections) for s in sections), default=0)


class Attachment(Model):
    """一个附件：标题和正文。"""

    title: str = field(Text(1, limits.MAX_TITLE_CHARS), "附件标题，如 林头镇2023年党建工作要点")
    body: list[Section] = field(ListOf(Section, least=1, most=limits.MAX_LIST_ITEMS), "附件正文，写法同 body")
    separate: bool = field(
        Flag(),
        "不与正文一起装订（如大幅图表、另册）：排在版记之后，左上角第一行印发文字号和“附件N”，页码从1起"
        "（GB/T 9704—2012 7.3.9）；需要 meta.doc_number",
        default=False,
    )


class Attendance(Model):
    """纪要的出席、请假或列席名单。"""

    label: Literal["出席", "请假", "列席"] = field(Choice("出席", "请假", "列席"), "出席、请假 或 列席")
    names: list[str] = field(ListOf(NAME, least=1), "人名（可带职务），按顺序")


class Order(Model):
    """命令（令）的发文机关标志和令号（GB/T 9704—2012 10.2）。"""

    word: Literal["令", "命令"] = field(Choice("令", "命令"), "标志中发文机关全称后的字：令 或 命令", default="令")
    number: int = field(Whole(1, 99999), "令号（第×号）")


class Minutes(Model):
    """纪要标志和出席、请假、列席名单（GB/T 9704—2012 10.3）。"""

    name: str = field(NAME, "纪要标志，如 林头镇党委会议纪要")
    number: int | None = field(Whole(1, 9999), "期数（第×期），可省略", default=None)
    organ: str | None = field(NAME, "编印机关，如 中共林头镇委员会办公室；省略时用 meta.issuer", default=None)
    attendance: list[Attendance] = field(ListOf(Attendance), "出席、请假、列席名单", factory=list)


class Correction(Model):
    """对原稿的一处更正：原文、更正后、理由。"""

    original: str = field(LONG)
    corrected: str = field(LONG)
    reason: str = field(LONG)


class Report(Model):
    """一期报告的全部内容。"""

    schema_version: Literal[1] = field(Choice(1), "数据文件格式版本")
    meta: Meta = field(Meta)
    intro: list[str] = field(ListOf(LONG), "导语段落（工作简报、报告需要）", factory=list)
    themes: list[Theme] = field(ListOf(Theme, most=limits.MAX_THEMES), "主题（工作简报、报告需要）", factory=list)
    body: list[Section] = field(
        ListOf(Section, most=limits.MAX_LIST_ITEMS), "正文（通知、请示、函、纪要）：各节", factory=list
    )
    closing: str | None = field(LONG, "结束语，如 特此通知。（请示不写时用“妥否，请批示。”）", default=None)
    attachments: list[Attachment] = field(
        ListOf(Attachment, most=limits.MAX_ATTACHMENTS), "附件：正文后的附件说明和附件页", factory=list
    )
    minutes: Minutes | None = field(Minutes, "纪要标志和出席名单（纪要需要）", default=None)
    order: Order | None = field(Order, "命令（令）的标志和令号（命令需要）", default=None)
    metrics: list[Metric] = field(ListOf(Metric), factory=list)
    corrections: list[Correction] = field(ListOf(Correction), "对原稿所作更正的记录", factory=list)

    def problems(self) -> Iterator[tuple[tuple, str]]:
        """Cross-references: theme keys and metric ids once each, each metric in its theme's item's text."""
        keys = [t.key for t in self.themes]
        for i, key in enumerate(keys):
            if key in keys[:i]:
                yield ("themes", i, "key"), f"主题代号 {key} 重复"
        ids = [m.id for m in self.metrics]
        for i, mid in enumerate(ids):
            if mid in ids[:i]:
                yield ("metrics", i, "id"), f"指标代号 {mid} 重复"
        themes = {t.key: t for t in self.themes}
        for i, m in enumerate(self.metrics):
            theme = themes.get(m.theme)
            who = f"指标“{m.label}”（{m.id}）"  # the label as the clerk wrote it, the id as the file has it
            if theme is None:
                known = "、".join(f"{t.key}（{t.label}）" for t in self.themes)
                yield ("metrics", i, "theme"), f"{who}的主题 {m.theme} 不存在（可用：{known}）"
                continue
            if m.item > len(theme.items):
                yield ("metrics", i, "item"), f"{who}的工作项 {m.item} 超出主题“{theme.label}”的 {len(theme.items)} 项"
                continue
            text = "".join(theme.items[m.item - 1].paragraphs)
            if m.source not in text:
                yield ("metrics", i, "source"), f"{who}的原文句子不在主题“{theme.label}”第 {m.item} 项的正文中"
            elif not _mentions(m.source, m.value_text):
                yield ("metrics", i, "value"), f"{who}的数值 {m.value_text} 不在它的原文句子中"
        for where, sections in [(("body",), self.body)] + [
            (("attachments", i, "body"), a.body) for i, a in enumerate(self.attachments)
        ]:
            if _depth(sections) > MAX_LEVELS:
                message = f"正文最多分 {MAX_LEVELS} 层（一、（一）1.（1）），这里有 {_depth(sections)} 层"
                yield where, message + "：把最深的几层改为段落"
        for i, a in enumerate(self.attachments):
            if a.separate and not self.meta.doc_number:
                message = f"附件“{a.title}”不与正文一起装订（separate: true），左上角要印公文的发文字号"
                yield ("attachments", i, "separate"), message + "：填写 meta.doc_number，或删去 separate"

    def metrics_of(self, theme_key: str) -> list[Metric]:
        return [m for m in self.metrics if m.theme == theme_key]


def _mentions(sentence: str, number: str) -> bool:
    """True when ``number`` stands in ``sentence`` as a whole number, not as part of a longer one."""
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d]|\.\d)", sentence) is not None


# --- loading ----------------------------------------------------------------------------------------


def _nearest(positions: dict[tuple, Position], loc: tuple) -> Position | None:
    for n in range(len(loc), -1, -1):
        if loc[:n] in positions:
            return positions[loc[:n]]
    return None


def problems_from(error: Invalid, file: str, positions: dict[tuple, Position]) -> list[Problem]:
    """The validator's problems with file, line, column and field: each at its value, or the nearest around."""
    problems = []
    for loc, message, fix in error.problems:
        line, column = _nearest(positions, loc) or (None, None)
        problems.append(Problem(message, file=file, line=line, column=column, field=field_name(loc), fix=fix))
    return problems


def load_report(path: str | Path) -> Report:
    """Read and validate a report file; every problem becomes a UserError naming file, line and field."""
    return load_report_and_positions(path)[0]


def load_report_and_positions(path: str | Path) -> tuple[Report, dict[tuple, Position]]:
    """The report, and where each value stands in the file (for later checks' messages): read once."""
    path = Path(path)
    return _validated(read_text(path), str(path))


@memo.pure(8)
def _validated(text: str, name: str) -> tuple[Report, dict[tuple, Position]]:
    """The report ``text`` holds, and its positions; ``name`` is the file's, for messages.

    A pure entry point of the memo layer (a few files' worth): a process that renders a file again, or reads
    a period again as the next one's previous period, neither parses nor validates it again. The report is
    frozen; callers only read the positions. Problems are not kept: a faulty file is reported every time.
    """
    try:
        data, positions = parse_yaml(text)
    except UserError as exc:
        for p in exc.problems:
            p.file = name
        raise
    if data is None:
        raise UserError.simple("数据文件是空的（或只有注释）", file=name, fix="参照 seeds/ 中的示例数据文件填写")
    if not isinstance(data, dict):
        raise UserError(
            Problem(
                "文件内容应为一组“字段: 值”，这里却是" + ("列表" if isinstance(data, list) else "单个值"),
                file=name,
                line=positions[()][0],
                column=positions[()][1],
                fix="参照 seeds/ 中的示例数据文件：第一层是 schema_version、meta、intro、themes 等字段",
            )
        )
    try:
        return Report.from_data(data), positions
    except Invalid as exc:
        raise UserError(*problems_from(exc, name, positions)) from None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the data file, for editors that complete and check YAML."""
    schema = fields.json_schema(Report)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "lintou-report 数据文件"
    return schema
