"""Metrics from the items' text: number, unit, qualifier and a label taken from the clause around them.

Only figures in Arabic numerals with a unit count: statistics are written so (GB/T 15835), while the numbers in
names are Chinese numerals (二十大, 三会一课, 百名干部助百企, 一轴三区) or stand without a unit (12345热线).
Dates, times and ordinals (2023年, 11月, 第3) are not metrics either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from lintou_report.extract.parse import Theme

# Longest first, so 人次 wins over 人 and 个百分点 over 个.
UNITS = sorted(
    [
        "个百分点",
        "个工作日",
        "个月",
        "人次",
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
# A qualifier before the number, unless it ends a word: 村规民约11部, 附近3个村. The upper end of a range
# (3至5处) is not a metric, nor is its lower end (no unit).
_NUMBER = re.compile(
    r"(?P<pre>(?<![最附靠接亲])近|超过|突破|(?<!赶)超|(?<![民公合契条签履预节制违相])约|逾)?"
    r"(?<![\d.A-Za-z第])(?<!\d[至到~—-])(?P<num>\d+(?:\.\d+)?)(?![\d,:：]\d)"
    r"(?P<more1>余|多)?(?P<mult>万|亿)?(?P<more2>余|多)?"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})?(?P<more3>余|多)?(?P<above>以上)?(?![A-Za-z])"
)
# A figure that names a service rather than counts something: 24小时值守, 24小时服务.
_NOT_COUNTS = re.compile(r"^24小时")
_FILLERS = re.compile(r"^(?:今年以来|截至目前|目前|累计|共计|共|全镇|全县|全村|积极|先后|已经|已|还|并|将|同时|共有)+")
_TAIL = re.compile(r"(?:(?:已|正在|即将)[^，。]*|事宜|的|等|达到|达|提升至|提高到|增至|降至|为)$")
_QUOTED_LIST = re.compile(r"“[^“”]*、[^“”]*”")


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
    return text[: m.start()] + keep + text[m.end() :]


def _metric(m: re.Match[str], clause: str, prefix: str, suffix: str, theme: str, item: int) -> Found | None:
    unit = m.group("unit")
    mult = m.group("mult") or ""
    if (not unit and not mult) or _NOT_COUNTS.match(clause[m.start("num") :]):
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
    label = label_of(drop_enumeration(prefix, at_end=bool(suffix)) + drop_enumeration(suffix, at_end=False))
    return Found(label, Decimal(m.group("num")), mult + (unit or ""), qualifier, theme, item, clause, note)


def find_metrics(themes: list[Theme]) -> list[Found]:
    """Every metric in the items of ``themes``, in reading order."""
    found: list[Found] = []
    for theme in themes:
        for index, item in enumerate(theme.items, start=1):
            for paragraph in item.paragraphs:
                for start, end in clauses(paragraph):
                    clause = paragraph[start:end]
                    matches = [m for m in _NUMBER.finditer(clause) if m.group("unit") or m.group("mult")]
                    for k, m in enumerate(matches):
                        left = matches[k - 1].end() if k else 0
                        right = matches[k + 1].start() if k + 1 < len(matches) else len(clause)
                        begin = m.start("num") if m.group("pre") is None else m.start()
                        metric = _metric(m, clause, clause[left:begin], clause[m.end() : right], theme.key, index)
                        if metric:
                            found.append(metric)
    return found
