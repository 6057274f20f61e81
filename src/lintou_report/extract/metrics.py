"""Metrics from the items' text: number, unit, qualifier and a label taken from the clause around them.

Figures with a unit count, in Arabic numerals (1,200 with its separator) or in Chinese numerals outside
quotation marks (三个, 十余家, 两座, 一百二十名). Numbers in names (二十大, 三会一课, 百名干部助百企, 一轴三区),
numbers without a unit (12345热线), dates, times and ordinals (2023年, 11月, 第3) are not metrics. Ranges
(3至5处), thresholds (收入超50万元的村) and targets (力争 …) are figures but not results: they are kept as
``Loose`` figures, listed with the intro's figures, so that no figure is lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pypinyin import Style, lazy_pinyin

from lintou_report.extract.parse import Theme

# Longest first, so 人次 wins over 人 and 个百分点 over 个.
UNITS = sorted(
    [
        "个百分点",
        "个工作日",
        "个月",
        "人次",
        "批次",
        "户次",
        "家次",
        "平方公里",
        "平方米",
        "立方米",
        "公顷",
        "公里",
        "千米",
        "千瓦时",
        "千瓦",
        "千克",
        "家",
        "个",
        "名",
        "人",
        "次",
        "场",
        "项",
        "条",
        "部",
        "户",
        "件",
        "篇",
        "期",
        "批",
        "处",
        "座",
        "台",
        "辆",
        "所",
        "支",
        "份",
        "套",
        "间",
        "栋",
        "亩",
        "吨",
        "米",
        "元",
        "位",
        "起",
        "株",
        "棵",
        "张",
        "本",
        "册",
        "盏",
        "口",
        "类",
        "种",
        "轮",
        "组",
        "队",
        "天",
        "小时",
        "斤",
        "%",
    ],
    key=len,
    reverse=True,
)
QUALIFIER_BEFORE = {"近": "近", "超过": "超", "突破": "超", "超": "超", "约": "约", "逾": "超"}
_MONEY = re.compile(r"投资|资金|产值|收入|营收|税收|金额|贷款|奖补|补贴|补助|专项债|融资|经费|销售额|元")
_UNIT = "|".join(re.escape(u) for u in UNITS)
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
# A qualifier before the number, unless it ends a word: 村规民约11部, 附近3个村. A range's bounds (3至5处) are
# not metrics; the range as a whole is a loose figure.
_NUMBER = re.compile(
    r"(?P<pre>(?<![最附靠接亲])近|超过|突破|(?<!赶)超|(?<![民公合契条签履预节制违相])约|逾)?"
    rf"(?<![\d.,A-Za-z第{_CN_DIGITS}])(?<![\d{_CN_DIGITS}][至到~～—-])"
    rf"(?:(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?P<cn>[{_CN_DIGITS}]+))(?![\d,:：]\d)"
    r"(?P<more1>余|多)?(?P<mult>万|亿)?(?P<more2>余|多)?"
    rf"(?P<unit>{_UNIT})?(?P<more3>余|多)?(?P<above>以上)?(?![A-Za-z])"
)
_RANGE = re.compile(
    rf"(?:\d+(?:\.\d+)?|[{_CN_DIGITS}]+)\s*(?:至|到|~|～|—|-)\s*(?:\d+(?:\.\d+)?|[{_CN_DIGITS}]+)(?:余|多)?(?:万|亿)?(?:{_UNIT})"
)
# Chinese numerals that name rather than count: 三个方面, 四个意识, 一是, 百名干部 (a bare 百/千 or a lone 一).
_CN_NAMES = re.compile(
    r"^(?:方面|层面|环节|意识|自信|维护|确立|代表|务必|全面|结合|统一|到位|清单|导向|关键|重点|原则|要求|作用|能力|本领"
    r"|思维|优先|必须|服务|覆盖|一|全|字|不|坚持|聚焦|提升|走在|示范|带头|融合|工程|行动)"
)
_TARGET = re.compile(r"力争|争取|目标|计划|预计|拟于|拟|预期|有望|确保全年")
# A figure that names a service rather than counts something: 24小时值守, 24小时服务.
_NOT_COUNTS = re.compile(r"^24小时")


@dataclass(frozen=True)
class Found:
    """One metric as found, before it gets an id."""

    label: str
    value: Decimal
    unit: str
    qualifier: str | None
    theme: str
    item: int
    source: str
    note: str | None = None


@dataclass(frozen=True)
class Loose:
    """A figure that is not a metric of an item: in the intro, a range, a threshold or a target."""

    figure: str  # as written: 3至5处, 超50万元
    reason: str  # 导语, 范围, 门槛, 目标
    source: str  # the clause
    where: str  # 导语, or the theme's label and item number


def clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of ``text``: split at 。！？ always (a closing quote right after stays) and at
    ，；： outside quotation marks, so an unclosed quote cannot swallow the rest of the paragraph."""
    spans, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch in "。！？" or (ch in "，；：" and depth == 0):
            if ch in "。！？":
                depth = 0
            if i > start:
                spans.append((start, i))
            start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return [(a + (text[a] == "”"), b) for a, b in spans if b > a + (text[a] == "”")]


# What a label is stripped of: a quoted enumeration, the fillers before its words (今年以来, 累计, 全镇 …) and
# the state or linking words after them (已完成…, 的, 达, 提升至 …).
_QUOTED_LIST = re.compile(r"“[^“”]*、[^“”]*”")
_FILLERS = re.compile(r"^(?:今年以来|截至目前|目前|累计|共计|共|全镇|全县|全村|积极|先后|已经|已|还|并|将|同时|共有)+")
_TAIL = re.compile(r"(?:(?:已|正在|即将)[^，。]*|事宜|的|等|达到|达|提升至|提高到|增至|降至|为|均|都|分别|全部)$")


def label_of(text: str) -> str:
    """A metric's name from the words around its number: fillers, state phrases and enumerations dropped."""
    label = _QUOTED_LIST.sub("", text)
    for _ in range(3):
        label = _TAIL.sub("", _FILLERS.sub("", label.strip("，、；：")))
    return label or text.strip("，、；：") or text


_ENUMERATION = re.compile(r"(?P<first>[^、，“”等]+)(?P<rest>(?:、[^、，“”等]+)+)(?P<end>等|$)")
_SUFFIX_STOP = re.compile(r"定期|开展|参加")


def drop_enumeration(text: str, at_end: bool) -> str:
    """Drop a list of names ended by 等 (帮助威达环保、天顺环保等企业 → 帮助企业), or, when ``at_end``, a list the
    number counts (布置A、B、C3个功能区 → 布置功能区). The first name is taken as long as the second."""
    m = _ENUMERATION.search(text)
    if not m or (m.group("end") != "等" and not at_end):
        return text
    second = m.group("rest").split("、")[1]
    keep = m.group("first")[: max(0, len(m.group("first")) - len(second))]
    if len(text[: m.start()] + keep) < 2:  # 解决停车难、加装电梯等问题: the verb went with the list, keep it all
        return text
    return text[: m.start()] + keep + text[m.end() :]


_CN_VALUES = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """一百二十 → 120, 十二 → 12, 两 → 2, 三千五百 → 3500; None when ``text`` is not a number so written."""
    total, digit = 0, None
    for ch in text:
        if ch in _CN_VALUES:
            if digit is not None:
                return None  # 三五: two digits in a row are a rough figure or a name, not a number
            digit = _CN_VALUES[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def _value(m: re.Match[str], clause: str) -> Decimal | None:
    """The number of a match, or None when it is no figure: a name (三个方面, 百名干部), a lone 一."""
    if m.group("num"):
        return Decimal(m.group("num").replace(",", ""))
    cn, after = m.group("cn"), clause[m.end() :]
    inside_quotes = clause[: m.start()].count("“") > clause[: m.start()].count("”")
    if cn in ("一", "二") or cn[0] in "百千零〇" or not m.group("unit") or inside_quotes or _CN_NAMES.match(after):
        return None
    value = chinese_number(cn)
    return Decimal(value) if value else None


def _metric(m: re.Match[str], clause: str, prefix: str, suffix: str, theme: str, item: int) -> Found | None:
    unit = m.group("unit")
    mult = m.group("mult") or ""
    value = _value(m, clause)
    start = m.start("num") if m.group("num") else m.start("cn")
    if value is None or (not unit and not mult) or _NOT_COUNTS.match(clause[start:]):
        return None
    note = None
    if mult and not unit and _MONEY.search(clause):
        unit, note = "元", f"原文作“{m.group('num')}{mult}”，按元计"
    more = m.group("more1") or m.group("more2") or m.group("more3")
    qualifier = QUALIFIER_BEFORE.get(m.group("pre") or "")
    if m.group("above"):
        qualifier = "以上"
    elif more == "余":
        qualifier = "余"
    elif more == "多":
        note = (note + "；" if note else "") + f"原文作“{m.group()}”"
    if stop := _SUFFIX_STOP.search(suffix, 2):
        suffix = suffix[: stop.start()]
    if suffix.startswith("、"):  # 网格86个、专属网格14个: what follows names the next figure
        suffix = ""
    # A state phrase ends the words before the number (中已有) or after it (征迁已近尾声), each on its own.
    before = drop_enumeration(prefix, at_end=bool(suffix))
    before = _TAIL.sub("", before) if suffix else before
    label = label_of(before + drop_enumeration(suffix, at_end=False))
    return Found(label, value, mult + (unit or ""), qualifier, theme, item, clause, note)


def arabic_figures(text: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, digits) of the figures ``text`` writes in Chinese numerals (新建电站两座 → 2): counted
    figures are written in Arabic numerals (GB/T 15835—2011 4.1.1), and a metric's value must stand in its
    sentence as written. Names (三会一课, 百名干部, 三个方面), a lone 一 and titles or headings (a line with no
    full stop: 三张网织密治理) are left alone."""
    spans = []
    offset = 0
    for line in text.splitlines(keepends=True):
        for start, end in clauses(line) if re.search(r"[。！？]", line) else ():
            clause = line[start:end]
            for m in _NUMBER.finditer(clause):
                if m.group("cn") and (value := _value(m, clause)) is not None:
                    at = offset + start + m.start("cn")
                    spans.append((at, at + len(m.group("cn")), str(value)))
        offset += len(line)
    return spans


def _threshold(m: re.Match[str], clause: str) -> bool:
    """收入超50万元的村, 5000元以上的户: a bound that qualifies a noun rather than counts (3.8亿的专项债 counts)."""
    after = clause[m.end() : m.end() + 3]
    return bool(m.group("pre") or m.group("above")) and after[:1] == "的" or after == "以下的"


def scan(paragraph: str, theme: str, item: int, where: str) -> Iterator[Found | Loose]:
    """The metrics of ``paragraph`` (placed in ``theme``/``item``) and its loose figures, in reading order."""
    for start, end in clauses(paragraph):
        clause = paragraph[start:end]
        for r in _RANGE.finditer(clause):
            yield Loose(r.group(), "范围", clause, where)
        target = _TARGET.search(clause)
        candidates = [m for m in _NUMBER.finditer(clause) if m.group("unit") or m.group("mult")]
        counted = []
        for m in candidates:
            if _value(m, clause) is None or (m.group("cn") and not m.group("unit")):
                continue
            if target or _threshold(m, clause):
                yield Loose(m.group(), "目标" if target else "门槛", clause, where)
            else:
                counted.append(m)
        for k, m in enumerate(counted):
            left = counted[k - 1].end() if k else 0
            right = counted[k + 1].start() if k + 1 < len(counted) else len(clause)
            number = m.start("num") if m.group("num") else m.start("cn")
            begin = number if m.group("pre") is None else m.start()
            metric = _metric(m, clause, clause[left:begin], clause[m.end() : right], theme, item)
            if metric:
                yield metric


def find_figures(themes: list[Theme], intro: list[str] = ()) -> tuple[list[Found], list[Loose]]:
    """Every metric in the items of ``themes``, and every other figure (the intro's included), in reading order."""
    found: list[Found] = []
    loose: list[Loose] = []
    for paragraph in intro:
        for figure in scan(paragraph, "intro", 0, "导语"):
            loose.append(
                figure if isinstance(figure, Loose) else Loose(_written(figure), "导语", figure.source, "导语")
            )
    for theme in themes:
        for index, item in enumerate(theme.items, start=1):
            for paragraph in item.paragraphs:
                for figure in scan(paragraph, theme.key, index, f"{theme.label} 第{index}项"):
                    (found if isinstance(figure, Found) else loose).append(figure)  # type: ignore[arg-type]
    return found, loose


def find_metrics(themes: list[Theme]) -> list[Found]:
    """Every metric in the items of ``themes``, in reading order."""
    return find_figures(themes)[0]


def _written(metric: Found) -> str:
    """A metric as a clerk reads it: 新增就业岗位 600余个, 投入资金 约860万元."""
    q = metric.qualifier
    before, middle, after = (
        (q, "", "") if q in ("近", "超", "约") else ("", q or "", "") if q == "余" else ("", "", q or "")
    )
    return f"{metric.label} {before}{format(metric.value, 'f')}{middle}{metric.unit}{after}"


def _initials(text: str, limit: int) -> str:
    letters = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda s: re.findall(r"[A-Za-z0-9]", s)))
    return re.sub(r"[^a-z0-9]", "", letters.lower())[:limit]


def metric_ids(metrics: list[Found], headings: dict[tuple[str, int], str | None]) -> list[str]:
    """Stable ids from each metric's theme and label (initials of its pinyin), unique: a label that recurs in
    a theme gets its item's heading too (``headings``: (theme, item) → heading). Reordering the items or the
    metrics keeps every id, so the comparison with the previous period still finds them."""
    bases = [f"{m.theme}-{_initials(m.label, 16) or 'm'}" for m in metrics]
    recurring = {b for b in bases if bases.count(b) > 1}
    taken: set[str] = set()
    ids = []
    for m, base in zip(metrics, bases, strict=True):
        if base in recurring and (heading := _initials(headings.get((m.theme, m.item)) or "", 8)):
            base = f"{base}-{heading}"
        unique, n = base, 2
        while unique in taken:
            unique, n = f"{base}-{n}", n + 1
        taken.add(unique)
        ids.append(unique)
    return ids
