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

# Where a Latin letter or digit is near, LibreOffice breaks lines by the Unicode line-breaking rules (UAX #14
# 5.0, its i18npool/source/breakiterator/data/line.txt) rather than by its Chinese 禁则 alone: it takes the
# language for a break from the nearest letter or digit at or before the place the line overflows
# (sw/source/core/text/guess.cxx, SwTextGuess::Guess). Those rules keep more pairs together than GB/T 15834
# asks: a quote with both its neighbours (LB19), a closing mark with a letter or digit after it and a letter
# or digit with an opening mark after it (LB30: "〔2023〕12号", "5G《"), a sign with what it prefixes ("5G+智",
# LB24/25). GB/T 15834 and clreq allow a break there but do not require one, so the layout keeps these
# pairs together as well (measured in LibreOffice 7.4: docs/libreoffice.md §1). Word is not at hand.
_QU = frozenset("“”‘’\"'")
_CL = frozenset("，、。．〕）》〉」』】］｝〗)]}")
_OP = frozenset("（《〈「『【〔［｛〖([{")
_PR = frozenset("+$¥￥£€")
_PO = frozenset("%‰℃°′″")


# Marks GB/T 15834 keeps off a line's start that LibreOffice's own zh-CN list does not (i18npool/source/
# localedata/data/zh_CN.xml, ForbiddenLineBeginCharacters; its DOCX import reads neither w:kinsoku nor the
# lists of settings.xml): among Chinese characters it may end a line inside “——” or “……”, or before them.
LIBREOFFICE_MAY_START = frozenset("—…%‰℃")


def libreoffice_may_split(unit: str) -> bool:
    """Whether LibreOffice may break inside ``unit`` (one of ``units``) where the layout may not."""
    return any(ch in LIBREOFFICE_MAY_START for ch in unit[1:])


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def joined(text: str, k: int, latin: bool = True) -> bool:
    """Whether no line may break between ``text[k - 1]`` and ``text[k]``: GB/T 15834 禁则, and (with
    ``latin``) where the nearest letter or digit at or before ``text[k]`` is Latin, the pairs the Unicode rules
    keep (above)."""
    a, b = text[k - 1], text[k]
    if b in gbt9704.NO_LINE_START or a in gbt9704.NO_LINE_END:
        return True
    if not latin:
        return False
    j = k
    while j > 0 and not text[j].isalnum():
        j -= 1
    if not _latin(text[j]):
        return False
    if a in _QU or b in _QU:
        return True
    if _latin(b) and (a in _CL or a in _PR or a in _PO or _latin(a)):
        return True
    if _latin(a) and (b in _OP or b in _PR):
        return True
    return a in _PR


def units(text: str, words: re.Pattern[str] = WORD, latin: bool = True) -> list[tuple[int, int]]:
    """The spans (start, end) of ``text`` that no line break may enter (``words``: the numbers and words kept
    whole; ``QUANTITY`` keeps a number's unit with it; ``latin``: with the pairs kept next to Latin letters
    and digits, without them only GB/T 15834's)."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        m = words.match(text, i)
        end = m.end() if m else i + 1
        glue = out and joined(text, i, latin)
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
