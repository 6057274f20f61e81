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

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from lintou_report.errors import Problem, UserError, quoted
from lintou_report.source import limits
from lintou_report.source.yamlfile import Position, field_name, parse_yaml, read_text

SCHEMA_VERSION = 1

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


class Meta(_Model):
    """报告的元数据。"""

    issuer: Name = Field(description="发文机关全称，如 中共林头镇委员会")
    issuer_short: Name = Field(description="发文机关简称，如 林头镇党委")
    party_organ: bool = Field(default=True, description="党的机关：红色分隔线中间加五角星")
    source: Name = Field(description="稿源")
    author: Name = Field(description="作者")
    published: dt.datetime = Field(description="原稿发布时间，如 2023-11-09 15:13")
    period: Period
    date: dt.date = Field(description="成文日期（简报日期）")
    title: Text = Field(max_length=limits.MAX_TITLE_CHARS, description="标题")
    editor_note: Text | None = Field(
        default=None, description="编者按：工作简报在标题后、导语前印一段“编者按：……”（楷体）；可空"
    )
    briefing: Briefing
    doc_number: str | None = Field(
        default=None,
        pattern=r"^\S+〔\d{4}〕[1-9]\d*号$",
        max_length=limits.MAX_NAME_CHARS,
        description="发文字号，如 林党〔2023〕12号",
    )
    signer: Name | None = Field(default=None, description="签发人：上行文（如报告）须标注，如 张三")
    recipients: Recipients = Field(default_factory=Recipients)
    printing: Printing
    keywords: list[Name] = Field(default_factory=list, description="关键词（写入 PDF、DOCX 属性）")

    @field_validator("keywords")
    @classmethod
    def _keywords_fit(cls, keywords: list[str]) -> list[str]:
        """The keywords go into the document's properties, which hold 255 characters."""
        if len("，".join(keywords)) > limits.MAX_KEYWORDS_CHARS:
            raise ValueError(f"关键词合计超过 {limits.MAX_KEYWORDS_CHARS} 字：只留几个最能概括本期内容的词")
        return keywords


# What the model takes off the end of a heading, because the templates punctuate there themselves: a run-in
# heading ends with their 。, a theme's name is followed by their ， and its slogan, which ends the 一级标题
# (no end stop). Typed in the data as well, each would print twice (筑牢红色堡垒。。).
HEADING_STOPS = "。．."
LABEL_STOPS = "，,、；;" + HEADING_STOPS


def _without(stops: str, text: str) -> str:
    return text.rstrip(stops) or text


class Item(_Model):
    """一个主题下的一项工作：小标题和正文段落。"""

    heading: Short = Field(description="小标题，如 筑牢红色堡垒（末尾不加句号：模板会加）")
    paragraphs: list[Text] = Field(min_length=1, description="正文段落")

    @field_validator("heading")
    @classmethod
    def _no_end_stop(cls, heading: str) -> str:
        return _without(HEADING_STOPS, heading)


class Theme(_Model):
    """一个“党建+”主题。"""

    key: Key = Field(description="主题代号，指标用它引用主题，如 zhendi")
    label: Short = Field(description="主题名，如 党建+阵地（末尾不加标点）")
    slogan: Short = Field(description="主题口号，如 为融合发展打“底色”（末尾不加标点）")
    items: list[Item] = Field(min_length=1, max_length=limits.MAX_THEMES)

    @field_validator("label")
    @classmethod
    def _no_label_stop(cls, label: str) -> str:
        return _without(LABEL_STOPS, label)

    @field_validator("slogan")
    @classmethod
    def _no_slogan_stop(cls, slogan: str) -> str:
        return _without(HEADING_STOPS, slogan)


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
    intro: list[Text] = Field(min_length=1, description="导语段落")
    themes: list[Theme] = Field(min_length=1, max_length=limits.MAX_THEMES)
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
        if problems:
            raise ReferenceProblems(problems)
        return self

    def metrics_of(self, theme_key: str) -> list[Metric]:
        return [m for m in self.metrics if m.theme == theme_key]


def _mentions(sentence: str, number: str) -> bool:
    """True when ``number`` stands in ``sentence`` as a whole number, not as part of a longer one."""
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d]|\.\d)", sentence) is not None


# --- loading ----------------------------------------------------------------------------------------

_MESSAGES = {
    "missing": ("缺少必填字段", "补上这个字段，格式见 lintou-report schema"),
    "extra_forbidden": ("未知字段（是否拼写有误？）", "删去它，或改成 lintou-report schema 列出的字段名"),
    "string_type": ("应为文字", "写成一段文字；数字或日期作文字时加引号"),
    "string_too_short": ("不能为空", "填写内容"),
    "string_too_long": ("太长", "压缩文字"),
    "string_pattern_mismatch": ("格式不对", None),
    "int_type": ("应为整数", "写成不带引号的整数"),
    "int_parsing": ("应为整数", "写成不带引号的整数"),
    "int_parsing_size": ("应为整数，这个数太大", "写成实际的期号、份数或序号"),
    "int_from_float": ("应为整数", "去掉小数部分"),
    "decimal_parsing": ("应为数值", "写成数字，如 45 或 3.8"),
    "decimal_type": ("应为数值", "写成数字，如 45 或 3.8"),
    "finite_number": ("应为有限的数值（不能是 .nan、.inf）", "写成实际的数字，如 45 或 3.8"),
    "decimal_max_digits": ("数值的位数太多", None),
    "date_type": ("应为日期", "写成 2023-11-09"),
    "date_parsing": ("应为日期", "写成 2023-11-09"),
    "date_from_datetime_parsing": ("应为日期", "写成 2023-11-09"),
    "datetime_type": ("应为日期时间", "写成 2023-11-09 15:13"),
    "datetime_parsing": ("应为日期时间", "写成 2023-11-09 15:13"),
    "datetime_from_date_parsing": ("应为日期时间", "写成 2023-11-09 15:13"),
    "list_type": ("应为列表", "每项另起一行，以“- ”开头"),
    "too_short": ("至少要有一项", "添加内容"),
    "too_long": ("项数太多", None),
    "model_type": ("应为一组“字段: 值”", "按 lintou-report schema 的结构填写"),
    "model_attributes_type": ("应为一组“字段: 值”", "按 lintou-report schema 的结构填写"),
    "dict_type": ("应为一组“字段: 值”", "按 lintou-report schema 的结构填写"),
    "bool_type": ("应为 true 或 false", None),
    "bool_parsing": ("应为 true 或 false", None),
    "literal_error": ("取值不在允许范围内", None),
    "greater_than_equal": ("数值太小", None),
    "less_than_equal": ("数值太大", None),
    "value_error": ("内容前后不一致", None),
}

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
        message = f"取值不在允许范围内，应为 {ctx['expected']}"
    elif kind == "greater_than_equal":
        message = f"数值太小，应不小于 {ctx['ge']}"
    elif kind == "less_than_equal":
        message = f"数值太大，应不大于 {ctx['le']}"
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
