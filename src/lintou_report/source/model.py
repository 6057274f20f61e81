"""The data model of a report: meta, intro, themes → items → paragraphs, metrics, corrections.

A report is kept as a human-editable YAML file. Loading it records where each value stands in the
file, so that every validation problem names the file, the line and the column.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from lintou_report.errors import Problem, UserError, quoted
from lintou_report.source import limits
from lintou_report.source.yamlfile import Position, field_name, parse_yaml, read_text

SCHEMA_VERSION = 1
MAX_LEVELS = 4  # heading levels of a 公文's body: 一、 （一） 1. （1） (GB/T 9704—2012 7.3.3)

Text = Annotated[str, Field(min_length=1)]  # the length limit is the loader's (limits.MAX_TEXT_CHARS)
Short = Annotated[str, Field(min_length=1, max_length=limits.MAX_HEADING_CHARS)]
Name = Annotated[str, Field(min_length=1, max_length=limits.MAX_NAME_CHARS)]
Key = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=limits.MAX_NAME_CHARS, description="小写英文字母、数字、- 或 _"),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(_Model):
    """报告期：月、季度或年度。"""

    id: str = Field(
        pattern=r"^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$",
        description="月报写 年-月（如 2023-11），季报写 年-Q季度（如 2023-Q4），年报只写年（如 2023）",
    )
    label: Name = Field(description="报告期的中文写法，如 2023年11月")

    @field_validator("id", mode="before")
    @classmethod
    def _year_as_text(cls, value: Any) -> Any:
        """A year's id (2023) is read by YAML as a number: the same id, so taken as its text."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Briefing(_Model):
    """工作简报的报头。"""

    name: Name = Field(description="简报名称，如 党建工作简报")
    issue: int = Field(ge=1, le=9999, description="期号（第×期）")
    total_issue: int | None = Field(default=None, ge=1, le=999_999, description="总期号（总第×期），可省略")
    office: Name = Field(description="编印单位，如 中共林头镇委员会办公室")


class Recipients(_Model):
    """报送范围：简报用 报/送/发，公文用 主送/抄送。"""

    report_to: list[Name] = Field(default_factory=list, description="报：上级机关")
    send_to: list[Name] = Field(default_factory=list, description="送：平级机关")
    distribute_to: list[Name] = Field(default_factory=list, description="发：下级单位")
    main: list[Name] = Field(default_factory=list, description="主送机关")
    cc: list[Name] = Field(default_factory=list, description="抄送机关")


class Printing(_Model):
    """印发：版记中的印发机关、印发日期与印数。"""

    organ: Name = Field(description="印发机关")
    date: dt.date = Field(description="印发日期")
    copies: int | None = Field(default=None, ge=1, le=9_999_999, description="共印份数")


def _six_digits(value: Any) -> Any:
    """份号 000001 is read by YAML as the number 1: the same 份号, written with its six digits."""
    return f"{value:06d}" if isinstance(value, int) and not isinstance(value, bool) else value


CopyNumber = Annotated[
    str,
    BeforeValidator(_six_digits),
    Field(pattern=r"^\d{6}$", description="份号：6 位阿拉伯数字，如 000001"),
]


class Secrecy(_Model):
    """密级和保密期限（GB/T 9704—2012 7.2.2）。"""

    level: Literal["秘密", "机密", "绝密"] = Field(description="密级：秘密、机密 或 绝密")
    period: Name | None = Field(default=None, description="保密期限，如 1年（可省略）")


class Seal(_Model):
    """印章（GB/T 9704—2012 7.3.5）：加盖机关印章、不加盖印章，或加盖签发人签名章。"""

    mode: Literal["organ", "none", "signature"] = Field(
        default="organ", description="organ 加盖印章（默认）、none 不加盖印章、signature 加盖签发人签名章"
    )
    image: str | None = Field(
        default=None,
        max_length=limits.MAX_PATH_CHARS,
        description="印章图片（PNG 或 JPEG），相对数据文件所在文件夹的路径，如 seal.png；不填时印出印章位置的示意框",
    )
    title: Name | None = Field(
        default=None, description="签名章（mode: signature）时签发人的职务，如 镇长；省略时印发文机关名称"
    )
    images: list[str] = Field(
        default_factory=list,
        max_length=limits.MAX_CO_ISSUERS + 1,
        description="联合行文时各机关的印章图片，按发文机关顺序（主办机关在前）每个机关一张，如 [dw.png, zf.png]",
    )
    titles: list[Name] = Field(
        default_factory=list,
        max_length=limits.MAX_CO_ISSUERS + 1,
        description="联合行文加盖签名章时各机关签发人的职务全称，按发文机关顺序，如 [林头镇党委书记, 林头镇镇长]",
    )

    @field_validator("image")
    @classmethod
    def _relative_image(cls, image: str | None) -> str | None:
        return None if image is None else _seal_path(image)

    @field_validator("images")
    @classmethod
    def _relative_images(cls, images: list[str]) -> list[str]:
        for image in images:
            if len(image) > limits.MAX_PATH_CHARS:
                raise ValueError(f"印章图片路径超过 {limits.MAX_PATH_CHARS} 个字符")
            _seal_path(image)
        return images

    def joint_problem(self, organs: list[str]) -> str | None:
        """What the seal lacks for a document issued by ``organs`` (联合行文, GB/T 9704—2012 7.3.5), in Chinese."""
        count = len(organs)
        if self.image is not None and self.images:
            return "image 和 images 只填一个：一个机关写 image；联合行文时在 images 中按发文机关顺序逐一列出"
        if self.images and len(self.images) != count:
            return (
                f"印章图片 images 有 {len(self.images)} 张，发文机关有 {count} 个（{'、'.join(organs)}）："
                "每个机关一张，按发文机关顺序（主办机关在前）列出"
            )
        if self.images and self.mode == "none":
            return "不加盖印章（mode: none）时不用印章图片：删去 images，或把 mode 改为 organ"
        if self.title is not None and (count > 1 or self.titles):
            return "联合行文加盖签名章时不写 title，在 titles 中按发文机关顺序写出各机关签发人的职务全称"
        if self.titles and (self.mode != "signature" or len(self.titles) != count):
            return (
                f"签发人职务 titles 有 {len(self.titles)} 个，只用于加盖签名章（mode: signature），"
                f"且须与发文机关（{count} 个：{'、'.join(organs)}）一一对应"
            )
        if self.mode == "signature" and count > 1 and not self.titles:
            return (
                "联合行文加盖签名章时，须在 titles 中按发文机关顺序写出各机关签发人的职务全称"
                f"（{count} 个机关：{'、'.join(organs)}，GB/T 9704—2012 7.3.5.3）"
            )
        return None


SEAL_IMAGE_TYPES = (".png", ".jpg", ".jpeg")


def _seal_path(image: str) -> str:
    """A seal picture's path as the data writes it: relative, inside the data file's folder, PNG or JPEG."""
    parts = image.replace("\\", "/").split("/")
    if image.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", image) or ".." in parts or "\0" in image:
        raise ValueError(f"印章图片 {image} 须是数据文件所在文件夹中的相对路径（不能是绝对路径，不能含 ..）")
    if not image.lower().endswith(SEAL_IMAGE_TYPES):
        raise ValueError(f"印章图片 {image} 只能是 PNG 或 JPEG（扩展名 .png、.jpg、.jpeg）")
    return image


class Meta(_Model):
    """报告的元数据。"""

    issuer: Name = Field(description="发文机关全称，如 中共林头镇委员会")
    issuer_short: Name | None = Field(default=None, description="发文机关简称，如 林头镇党委（工作简报、报告需要）")
    party_organ: bool = Field(default=True, description="党的机关：红色分隔线中间加五角星")
    source: Name | None = Field(default=None, description="稿源（工作简报、报告需要）")
    author: Name | None = Field(default=None, description="作者（工作简报、报告需要）")
    published: dt.datetime | None = Field(default=None, description="原稿发布时间，如 2023-11-09 15:13")
    period: Period | None = Field(default=None, description="报告期（工作简报、报告需要）")
    date: dt.date = Field(description="成文日期（简报日期）")
    title: Text = Field(max_length=limits.MAX_TITLE_CHARS, description="标题")
    editor_note: Text | None = Field(
        default=None, description="编者按：工作简报在标题后、导语前印一段“编者按：……”（楷体）；可空"
    )
    briefing: Briefing | None = Field(default=None, description="简报报头（工作简报需要）")
    doc_number: str | None = Field(
        default=None,
        pattern=r"^\S+〔\d{4}〕[1-9]\d*号$",
        max_length=limits.MAX_NAME_CHARS,
        description="发文字号，如 林党〔2023〕12号",
    )
    signer: Name | None = Field(default=None, description="签发人：上行文（如报告）须标注，如 张三")
    recipients: Recipients = Field(default_factory=Recipients)
    printing: Printing | None = Field(default=None, description="印发机关和印发日期（函不需要）")
    copy_number: CopyNumber | None = Field(default=None, description="份号：6 位数字，如 000001")
    secrecy: Secrecy | None = Field(default=None, description="密级和保密期限")
    urgency: Literal["特急", "加急"] | None = Field(default=None, description="紧急程度：特急 或 加急")
    signers: list[Name] = Field(
        default_factory=list, max_length=limits.MAX_SIGNERS, description="签发人有几位时逐一列出（只有一位时写 signer）"
    )
    co_issuers: list[Name] = Field(
        default_factory=list,
        max_length=limits.MAX_CO_ISSUERS,
        description="联合行文的其他发文机关（主办机关写在 issuer）",
    )
    note: Text | None = Field(
        default=None,
        max_length=limits.MAX_NOTE_CHARS,
        description="附注，如 联系人：王五，电话：0757-12345678（不加括号）",
    )
    seal: Seal | None = Field(
        default=None, description="印章：加盖机关印章、不加盖印章或签名章（省略时通知、请示、函、纪要按加盖机关印章排）"
    )
    keywords: list[Name] = Field(default_factory=list, description="关键词（写入 PDF、DOCX 属性）")

    @field_validator("keywords")
    @classmethod
    def _keywords_fit(cls, keywords: list[str]) -> list[str]:
        """The keywords go into the document's properties, which hold 255 characters."""
        if len("，".join(keywords)) > limits.MAX_KEYWORDS_CHARS:
            raise ValueError(f"关键词合计超过 {limits.MAX_KEYWORDS_CHARS} 字：只留几个最能概括本期内容的词")
        return keywords

    @model_validator(mode="after")
    def _one_way_to_sign(self) -> Meta:
        if self.signer is not None and self.signers:
            raise ValueError("signer 和 signers 只填一个：一位签发人写 signer，几位写 signers")
        if self.secrecy is not None and self.copy_number is None:
            raise ValueError("涉密公文应当标注份号（GB/T 9704—2012 7.2.1）：标了密级 secrecy，就要填写份号 copy_number")
        problem = self.seal.joint_problem(self.organs) if self.seal is not None else None
        if problem:
            raise ValueError(f"印章 seal：{problem}")
        return self

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


def _without(stops: str) -> AfterValidator:
    """Takes ``stops`` off the end of a text, unless nothing else would be left."""
    return AfterValidator(lambda text: text.rstrip(stops) or text)


Heading = Annotated[Short, _without(HEADING_STOPS)]  # a run-in heading, a theme's slogan
Label = Annotated[Short, _without(LABEL_STOPS)]  # a theme's name


class Item(_Model):
    """一个主题下的一项工作：小标题和正文段落。"""

    heading: Heading = Field(description="小标题，如 筑牢红色堡垒（末尾不加句号：模板会加）")
    paragraphs: list[Text] = Field(min_length=1, description="正文段落")


class Theme(_Model):
    """一个“党建+”主题。"""

    key: Key = Field(description="主题代号，指标用它引用主题，如 zhendi")
    label: Label = Field(description="主题名，如 党建+阵地（末尾不加标点）")
    slogan: Heading = Field(description="主题口号，如 为融合发展打“底色”（末尾不加标点）")
    items: list[Item] = Field(min_length=1, max_length=limits.MAX_THEMES)


class Metric(_Model):
    """一项指标：数值精确保存（Decimal），单位单列。"""

    id: Key = Field(description="指标代号，各期相同，用于对比上期")
    label: Short = Field(description="指标名称")
    value: Decimal = Field(max_digits=limits.MAX_DIGITS, description="数值（精确小数）")
    unit: Short = Field(description="单位，如 家、个、亩、亿元")
    qualifier: Literal["余", "近", "超", "以上", "约"] | None = Field(default=None, description="约数说明")
    theme: Key = Field(description="所属主题代号")
    item: int = Field(ge=1, le=limits.MAX_THEMES, description="所属工作项序号（从 1 起）")
    source: Text = Field(description="数值所在的原文句子")
    note: str | None = Field(default=None, description="备注")
    review: str | None = Field(
        default=None, description="待核对：new-period 把上期数值标为待核对，核对更新后删去此项（validate 会提醒）"
    )

    @property
    def value_text(self) -> str:
        """The value as written in the file: no exponent, trailing zeros kept."""
        return format(self.value, "f")


class BodyTable(_Model):
    """正文中的一张表：表题、表头各列、各行。"""

    caption: Short = Field(description="表题，如 表1　各村党建工作安排")
    columns: list[Short] = Field(min_length=1, max_length=limits.MAX_TABLE_COLUMNS, description="表头各列")
    rows: list[list[str]] = Field(min_length=1, description="各行：每行一个列表，格数与表头列数相同")

    @model_validator(mode="after")
    def _rows_fit(self) -> BodyTable:
        for i, row in enumerate(self.rows, 1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"表格“{self.caption}”第 {i} 行有 {len(row)} 格，表头有 {len(self.columns)} 列：补齐或删去多余的格"
                )
        return self


class Section(_Model):
    """正文的一节：标题（可省略）、段落、表格，以及下一层的各节。

    标题的序号由模板按层次加上：第一层 一、 第二层 （一） 第三层 1. 第四层 （1）；数据中只写标题文字。
    """

    heading: Heading | None = Field(default=None, description="本节标题（不写序号；省略时只有段落）")
    run_in: bool = Field(
        default=False, description="标题与第一段同行（如 “1.工作目标。……”），第二层以下常用；默认标题单独一行"
    )
    paragraphs: list[Text] = Field(default_factory=list, description="段落")
    table: BodyTable | None = Field(default=None, description="段落后的一张表（可省略）")
    sections: list[Section] = Field(default_factory=list, description="下一层的各节")

    @model_validator(mode="after")
    def _not_empty(self) -> Section:
        if self.heading is None and not self.paragraphs and self.table is None and not self.sections:
            raise ValueError("正文的这一节是空的：写上 heading、paragraphs、table 或 sections，或删去这一节")
        if self.run_in and (self.heading is None or not self.paragraphs):
            raise ValueError("run_in: true 的一节要有 heading 和至少一段 paragraphs（标题接在第一段开头）")
        return self


def _depth(sections: list[Section]) -> int:
    return max((1 + _depth(s.sections) for s in sections), default=0)


class Attachment(_Model):
    """一个附件：标题和正文。"""

    title: Text = Field(max_length=limits.MAX_TITLE_CHARS, description="附件标题，如 林头镇2023年党建工作要点")
    body: list[Section] = Field(min_length=1, max_length=limits.MAX_LIST_ITEMS, description="附件正文，写法同 body")
    separate: bool = Field(
        default=False,
        description="不与正文一起装订（如大幅图表、另册）：排在版记之后，左上角第一行印发文字号和“附件N”，页码从1起"
        "（GB/T 9704—2012 7.3.9）；需要 meta.doc_number",
    )


class Attendance(_Model):
    """纪要的出席、请假或列席名单。"""

    label: Literal["出席", "请假", "列席"] = Field(description="出席、请假 或 列席")
    names: list[Name] = Field(min_length=1, description="人名（可带职务），按顺序")


class Order(_Model):
    """命令（令）的发文机关标志和令号（GB/T 9704—2012 10.2）。"""

    word: Literal["令", "命令"] = Field(default="令", description="标志中发文机关全称后的字：令 或 命令")
    number: int = Field(ge=1, le=99999, description="令号（第×号）")


class Minutes(_Model):
    """纪要标志和出席、请假、列席名单（GB/T 9704—2012 10.2）。"""

    name: Name = Field(description="纪要标志，如 林头镇党委会议纪要")
    number: int | None = Field(default=None, ge=1, le=9999, description="期数（第×期），可省略")
    organ: Name | None = Field(default=None, description="编印机关，如 中共林头镇委员会办公室；省略时用 meta.issuer")
    attendance: list[Attendance] = Field(default_factory=list, description="出席、请假、列席名单")


class Correction(_Model):
    """对原稿的一处更正：原文、更正后、理由。"""

    original: Text
    corrected: Text
    reason: Text


class ReferenceProblems(ValueError):
    """Cross-reference problems of a report, each with the place (a field path) it concerns."""

    def __init__(self, problems: list[tuple[tuple, str]]) -> None:
        super().__init__("；".join(message for _, message in problems))
        self.problems = problems


class Report(_Model):
    """一期报告的全部内容。"""

    schema_version: Literal[1] = Field(description="数据文件格式版本")
    meta: Meta
    intro: list[Text] = Field(default_factory=list, description="导语段落（工作简报、报告需要）")
    themes: list[Theme] = Field(
        default_factory=list, max_length=limits.MAX_THEMES, description="主题（工作简报、报告需要）"
    )
    body: list[Section] = Field(
        default_factory=list, max_length=limits.MAX_LIST_ITEMS, description="正文（通知、请示、函、纪要）：各节"
    )
    closing: Text | None = Field(default=None, description="结束语，如 特此通知。（请示不写时用“妥否，请批示。”）")
    attachments: list[Attachment] = Field(
        default_factory=list, max_length=limits.MAX_ATTACHMENTS, description="附件：正文后的附件说明和附件页"
    )
    minutes: Minutes | None = Field(default=None, description="纪要标志和出席名单（纪要需要）")
    order: Order | None = Field(default=None, description="命令（令）的标志和令号（命令需要）")
    metrics: list[Metric] = Field(default_factory=list)
    corrections: list[Correction] = Field(default_factory=list, description="对原稿所作更正的记录")

    @model_validator(mode="after")
    def _check_references(self) -> Report:
        problems: list[tuple[tuple, str]] = []
        keys = [t.key for t in self.themes]
        for i, key in enumerate(keys):
            if key in keys[:i]:
                problems.append((("themes", i, "key"), f"主题代号 {key} 重复"))
        ids = [m.id for m in self.metrics]
        for i, mid in enumerate(ids):
            if mid in ids[:i]:
                problems.append((("metrics", i, "id"), f"指标代号 {mid} 重复"))
        themes = {t.key: t for t in self.themes}
        for i, m in enumerate(self.metrics):
            theme = themes.get(m.theme)
            who = f"指标“{m.label}”（{m.id}）"  # the label as the clerk wrote it, the id as the file has it
            if theme is None:
                known = "、".join(f"{t.key}（{t.label}）" for t in self.themes)
                problems.append((("metrics", i, "theme"), f"{who}的主题 {m.theme} 不存在（可用：{known}）"))
                continue
            if m.item > len(theme.items):
                message = f"{who}的工作项 {m.item} 超出主题“{theme.label}”的 {len(theme.items)} 项"
                problems.append((("metrics", i, "item"), message))
                continue
            text = "".join(theme.items[m.item - 1].paragraphs)
            if m.source not in text:
                message = f"{who}的原文句子不在主题“{theme.label}”第 {m.item} 项的正文中"
                problems.append((("metrics", i, "source"), message))
            elif not _mentions(m.source, m.value_text):
                problems.append((("metrics", i, "value"), f"{who}的数值 {m.value_text} 不在它的原文句子中"))
        for where, sections in [(("body",), self.body)] + [
            (("attachments", i, "body"), a.body) for i, a in enumerate(self.attachments)
        ]:
            if _depth(sections) > MAX_LEVELS:
                message = f"正文最多分 {MAX_LEVELS} 层（一、（一）1.（1）），这里有 {_depth(sections)} 层"
                problems.append((where, message + "：把最深的几层改为段落"))
        for i, a in enumerate(self.attachments):
            if a.separate and not self.meta.doc_number:
                message = f"附件“{a.title}”不与正文一起装订（separate: true），左上角要印公文的发文字号"
                problems.append((("attachments", i, "separate"), message + "：填写 meta.doc_number，或删去 separate"))
        if problems:
            raise ReferenceProblems(problems)
        return self

    def metrics_of(self, theme_key: str) -> list[Metric]:
        return [m for m in self.metrics if m.theme == theme_key]


def _mentions(sentence: str, number: str) -> bool:
    """True when ``number`` stands in ``sentence`` as a whole number, not as part of a longer one."""
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d]|\.\d)", sentence) is not None


# --- loading ----------------------------------------------------------------------------------------

# pydantic's error kinds (those that mean the same, separated by spaces) → (message, fix). Kinds whose message
# needs the error's own numbers or words (lengths, bounds, allowed values, patterns) are composed in _explained.
_MEANINGS = (
    ("missing", "缺少必填字段", "补上这个字段，格式见 lintou-report schema"),
    ("extra_forbidden", "未知字段（是否拼写有误？）", "删去它，或改成 lintou-report schema 列出的字段名"),
    ("string_type", "应为文字", "写成一段文字；数字或日期作文字时加引号"),
    ("string_too_short", "不能为空", "填写内容"),
    ("int_type int_parsing", "应为整数", "写成不带引号的整数"),
    ("int_parsing_size", "应为整数，这个数太大", "写成实际的期号、份数或序号"),
    ("int_from_float", "应为整数", "去掉小数部分"),
    ("decimal_parsing decimal_type", "应为数值", "写成数字，如 45 或 3.8"),
    ("finite_number", "应为有限的数值（不能是 .nan、.inf）", "写成实际的数字，如 45 或 3.8"),
    ("date_type date_parsing date_from_datetime_parsing", "应为日期", "写成 2023-11-09"),
    ("datetime_type datetime_parsing datetime_from_date_parsing", "应为日期时间", "写成 2023-11-09 15:13"),
    ("list_type", "应为列表", "每项另起一行，以“- ”开头"),
    ("too_short", "至少要有一项", "添加内容"),
    ("model_type model_attributes_type dict_type", "应为一组“字段: 值”", "按 lintou-report schema 的结构填写"),
    ("bool_type bool_parsing", "应为 true 或 false", "写成不带引号的 true（是）或 false（否）"),
)
_MESSAGES = {kind: (message, fix) for kinds, message, fix in _MEANINGS for kind in kinds.split()}

# A pattern explained in words, by the field it checks (the last part of the path).
_PATTERNS = {
    "id": "报告期代号写法：月报写 年-月（如 2023-11，月份两位），季报写 年-Q季度（如 2023-Q4），年报只写年（如 2023）",
    "doc_number": "发文字号写法：机关代字〔年份〕序号号，如 林党〔2023〕12号（六角括号〔〕，序号不编虚位）",
}
_KEY_IN_WORDS = "代号只能用小写英文字母、数字、- 和 _，以字母开头，如 zhendi、new-members"
_KEY_WITHOUT_COLON = re.compile(r"([A-Za-z_][\w-]*)(?:\s*：|:(?=\S))")  # heading：… or heading:… read as text
_NOT_FINITE = re.compile(r"[-+]?\.(nan|inf)", re.IGNORECASE)
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _nearest(positions: dict[tuple, Position], loc: tuple) -> Position | None:
    for n in range(len(loc), -1, -1):
        if loc[:n] in positions:
            return positions[loc[:n]]
    return None


def impossible_date(text: str) -> str | None:
    """Why ``text`` (a date written as 年-月-日) is no date: "2月没有30日"; None when it is one."""
    match = _DATE.match(text.strip())
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return f"{text.strip()[:10]} 不是有效日期：没有 {month} 月"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"{text.strip()[:10]} 不是有效日期：{year}年{month}月只有{last}日，没有{day}日"
    return None


def _shown(value: Any) -> str:
    """An input value as a message quotes it, in words (errors.quoted): long text cut short."""
    return quoted(value)


def _explained(err: Any, loc: tuple) -> tuple[str, str | None]:
    """(message, fix) for one of pydantic's errors, in Chinese."""
    kind, ctx = err["type"], err.get("ctx", {})
    message, fix = _MESSAGES.get(kind, (err["msg"], None))
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])), None
    if kind == "string_pattern_mismatch":
        name = loc[-1] if loc else ""
        words = _KEY_IN_WORDS if name in ("key", "theme") or loc[:1] == ("metrics",) else _PATTERNS.get(name)
        return f"格式不对（实际为 {_shown(err['input'])}）", words or f"应符合 {ctx['pattern']}"
    dated = kind.startswith(("date_", "datetime_")) and isinstance(err.get("input"), str)
    if dated and (why := impossible_date(err["input"])):
        return why, "写成实际存在的日期，如 2023-11-09"
    if kind == "decimal_parsing" and _NOT_FINITE.fullmatch(str(err.get("input"))):
        return f"{err['input']} 不是一个数（YAML 中它表示“非数”或“无穷大”）", "写成实际的数字，如 45 或 3.8"
    if kind in ("model_type", "model_attributes_type", "dict_type") and (
        key := _KEY_WITHOUT_COLON.match(str(err["input"]))
    ):
        return (
            f"应为一组“字段: 值”，这里却是一段文字：“{key.group(1)}”后面的冒号是全角“：”或缺少空格",
            f"改为“{key.group(1)}: ”（半角冒号，后面加一个空格）",
        )
    if kind == "string_too_long":
        return f"太长：{len(err['input'])} 字，最多 {ctx['max_length']} 字", "删减文字"
    if kind == "too_long":
        return f"项数太多：最多 {ctx['max_length']} 项", "合并或删去一些"
    if kind == "decimal_max_digits":
        return f"数值的位数太多（最多 {ctx['max_digits']} 位）（实际为 {_shown(err['input'])}）", "写成实际的数值"
    if kind == "literal_error":
        message, fix = f"取值不在允许范围内，应为 {ctx['expected']}", "改成允许的取值之一"
    elif kind == "greater_than_equal":
        message, fix = f"数值太小，应不小于 {ctx['ge']}", f"写成不小于 {ctx['ge']} 的数"
    elif kind == "less_than_equal":
        message, fix = f"数值太大，应不大于 {ctx['le']}", f"写成不大于 {ctx['le']} 的数"
    if kind == "string_too_short" and not str(err.get("input", "x")).strip():
        return message, fix  # an empty field: "不能为空" says it all
    if "input" in err and kind not in ("missing", "extra_forbidden", "model_type", "model_attributes_type"):
        message += f"（实际为 {_shown(err['input'])}）"
    return message, fix


def problems_from(error: ValidationError, file: str, positions: dict[tuple, Position]) -> list[Problem]:
    """Translate pydantic's errors into problems with file, line, column, field and fix, in Chinese."""
    problems = []
    for err in error.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        cause = err.get("ctx", {}).get("error")
        if isinstance(cause, ReferenceProblems):
            for where, message in cause.problems:
                line, column = _nearest(positions, (*loc, *where)) or (None, None)
                field = field_name((*loc, *where))
                problems.append(Problem(message, file=file, line=line, column=column, field=field))
            continue
        message, fix = _explained(err, loc)
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


@lru_cache(maxsize=8)
def _validated(text: str, name: str) -> tuple[Report, dict[tuple, Position]]:
    """The report ``text`` holds, and its positions; ``name`` is the file's, for messages.

    Kept by content (a few files' worth): a process that renders a file again, or reads a period again as
    the next one's previous period, neither parses nor validates it again. The report is frozen; callers
    only read the positions. Problems are not kept: a faulty file is read, and reported, every time.
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
        return Report.model_validate(data), positions
    except ValidationError as exc:
        raise UserError(*problems_from(exc, name, positions)) from None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the data file, for editors that complete and check YAML."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "lintou-report 数据文件"
    return schema
