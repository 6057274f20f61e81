"""Word boundaries in a title, so that a title breaks between words (GB/T 9704-2012 7.3.1: 回行时要做到词意完整).

rjieba (the jieba segmenter's Rust port, with its dictionary built in) finds the words; a small dictionary of
公文 terms it does not know, and a few patterns for names of places and periods, keep those whole. Each place
where a line may end gets a penalty: after punctuation is best, then before a function word that opens a
phrase (关于, 和, 与 …) or after 的, then any other word boundary.
"""

from __future__ import annotations

import re
from functools import cache

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
