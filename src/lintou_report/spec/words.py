"""Where a line may break: the units no break may enter (GB/T 15834 禁则, numbers with their units), and word
boundaries in a title, so that a title breaks between words (GB/T 9704-2012 7.3.1: 回行时要做到词意完整).

A unit is a span no line break may enter: a number with its sign (“1302”, “+200.0%”), a Latin word, and
punctuation glued to its neighbour (no line starts with ，。、… and none ends with （《“). The layout breaks
lines between units; `check` reads the same units to tell what a line pushed to the next. In running text a
number does not keep the unit after it: neither Word nor LibreOffice can be told to keep “1302人次” together
(no WordprocessingML setting says so, docs/word-grid.md §3), and the PDF's lines are the DOCX's. A title,
whose lines the DOCX writes as they are, keeps them (``QUANTITY``).

rjieba (the jieba segmenter's Rust port, with its dictionary built in) finds the words; a small dictionary of
公文 terms it does not know, and a few patterns for names of places and periods, keep those whole. Each place
where a line may end gets a penalty: after punctuation is best, then before a function word that opens a
phrase (关于, 和, 与 …) or after 的, then any other word boundary.
"""

from __future__ import annotations

import re
from functools import cache

from lintou_report.spec import gbt9704

# A number or Latin word: never split across lines ("1302", "3.8", "100%", "GB/T", "5G"), as Word and
# LibreOffice keep them (UAX #14). A number keeps its sign ("+200.0%": a 增减 cell never breaks after the sign).
_LATIN = r"[0-9A-Za-z]+(?:[.,:/\-+][0-9A-Za-z]+)*"
WORD = re.compile(rf"[+\-−±]?[0-9]+(?:[.,:/\-][0-9]+)*[%‰℃]?(?![0-9A-Za-z])|{_LATIN}")
# In a title a number also keeps the unit characters that follow it (GB/T 15835 practice: a value and its unit
# stay together): "1302人次", "85公顷", "3.8亿元", "4个".
_UNITS = "个名家次人亩元万亿年月日时分秒岁件项条处户位台套批届期天周米吨公顷里千克倍"
QUANTITY = re.compile(rf"[+\-−±]?[0-9]+(?:[.,:/\-][0-9]+)*(?:[%‰℃]|[{_UNITS}]{{1,3}})?(?![0-9A-Za-z])|{_LATIN}")


def units(text: str, words: re.Pattern[str] = WORD) -> list[tuple[int, int]]:
    """The spans (start, end) of ``text`` that no line break may enter (``words``: the numbers and words kept
    whole; ``QUANTITY`` keeps a number's unit with it)."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        m = words.match(text, i)
        end = m.end() if m else i + 1
        glue = out and (text[i] in gbt9704.NO_LINE_START or text[out[-1][1] - 1] in gbt9704.NO_LINE_END)
        if glue and text[i] != " ":
            out[-1] = (out[-1][0], end)
        else:
            out.append((i, end))
        i = end
    return out


# Terms of 党建 and 公文 writing that a general dictionary splits: never broken inside.
TERMS = (
    "党建+",
    "镇园融合",
    "经济开发区",
    "开发区",
    "党工委",
    "非公企业",
    "非公党建",
    "社会组织",
    "两新组织",
    "基层党组织",
    "党组织书记",
    "党组织",
    "党支部",
    "党员干部",
    "乡村振兴",
    "提质增效",
    "营商环境",
    "主题教育",
    "网格化",
    "以案促改",
    "三会一课",
    "红色堡垒",
    "先锋模范",
    "作风建设",
    "组织部",
    "委员会",
    "办公室",
    "人民政府",
)

# Names that must stay whole even where the segmenter splits them: a place with its level and organ
# ("林头镇党委", "含山县委"), a year with its period ("2023年第四季度", "2024年上半年"), a bracketed year.
_WHOLE = re.compile(
    r"[\u4e00-\u9fff]{2,3}(?:镇|乡|街道|县|区|市)(?:党委|党工委|委|人民政府|政府)?"
    r"|\d{4}年(?:第[一二三四]季度|上半年|下半年|度|\d{1,2}月)?"
    r"|第[一二三四]季度"
    r"|〔\d{4}〕\d*号?"
)
_OPENERS = ("关于", "和", "与", "及", "暨", "以及", "并")  # a line may well start with these
_PUNCTUATION = set("，、；：”》）")  # a line may well end after these


@cache
def _segmenter():
    """rjieba's module segmenter, taught TERMS (a second instance would cost as much again as the import)."""
    import rjieba  # imported only when a title is long enough to break

    for term in TERMS:
        rjieba.add_word(term, 100_000, "n")
    return rjieba


def word_edges(text: str) -> frozenset[int]:
    """The offsets between words of ``text`` (0 and len(text) excluded), names in _WHOLE kept whole."""
    edges, offset = set(), 0
    for word in _segmenter().cut(text):
        offset += len(word)
        edges.add(offset)
    edges.discard(len(text))
    for match in _WHOLE.finditer(text):
        edges.difference_update(range(match.start() + 1, match.end()))
    return frozenset(edges)


def break_penalty(text: str, cut: int) -> int:
    """How much a line ending at ``cut`` costs: 0 after punctuation, 1 at a phrase's edge, 4 between words."""
    if text[cut - 1] in _PUNCTUATION:
        return 0
    if text[cut - 1] == "的" or text.startswith(_OPENERS, cut):
        return 1
    return 4
