"""Where Chinese text may break, shared by both writers: GB/T 15834 禁则 units and the 梯形 title.

A unit is a span no line break may enter: a number (“1302”, “5.2%”), a Latin word, and punctuation glued to
its neighbour (no line starts with ，。、… and none ends with （《“). In running text a number does not keep
the unit after it: neither Word nor LibreOffice can be told to keep “1302人次” together (no WordprocessingML
setting says so, docs/word-grid.md §3), and the PDF's lines are the DOCX's; a title, whose lines the DOCX
writes as they are, keeps them.
"""

from __future__ import annotations

import re
from itertools import combinations

from lintou_report.spec import gbt9704
from lintou_report.spec.words import break_penalty, word_edges

# A number or Latin word: never split across lines ("1302", "3.8", "100%", "GB/T", "5G"), as Word and
# LibreOffice keep them (UAX #14: no break inside a number or word, nor before a number's "%").
_LATIN = "[0-9A-Za-z]+(?:[.,:/\\-+][0-9A-Za-z]+)*"
WORD = re.compile(rf"{_LATIN}[%‰℃]?")
# In a title a number also keeps the unit characters that follow it (GB/T 15835 practice: a value and its unit
# stay together): "1302人次", "85公顷", "3.8亿元", "4个".
_UNITS = "个名家次人亩元万亿年月日时分秒岁件项条处户位台套批届期天周米吨公顷里千克倍"
QUANTITY = re.compile(rf"[0-9]+(?:[.,:/\\-][0-9]+)*(?:[%‰℃]|[{_UNITS}]{{1,3}})?|{_LATIN}")
_PAIRS = {"《": "》", "“": "”", "（": "）"}  # never break inside these


def units(text: str, words: re.Pattern[str] = WORD) -> list[tuple[int, int]]:
    """The spans (start, end) of ``text`` that no line break may enter (``words``: the numbers and words kept
    whole)."""
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


def title_lines(text: str) -> list[str]:
    """Break a title into lines of at most 20 characters between words (7.3.1: 词意完整), never inside a number,
    a Latin word or a 《》/“” pair when that can be helped; fewest lines first, then the cheapest breaks
    (words.break_penalty) in the most balanced 梯形 or 菱形 arrangement."""
    limit = gbt9704.TITLE_MAX_LINE_CHARS
    if len(text) <= limit:
        return [text]
    outside, anywhere, depth = [], [], 0
    for start, end in units(text, QUANTITY)[:-1]:
        for ch in text[start:end]:
            depth += ch in _PAIRS
            depth -= ch in _PAIRS.values() and depth > 0
        anywhere.append(end)
        if depth == 0:
            outside.append(end)
    between_words = [cut for cut in outside if cut in word_edges(text)]
    for cuts in (between_words, outside, anywhere):
        found = _arrangement(text, tuple(cuts))
        if found is not None:
            edges = (0, *found, len(text))
            return [text[a:b] for a, b in zip(edges, edges[1:], strict=False)]
    return [text[k : k + limit] for k in range(0, len(text), limit)]


_MOST_LINES_ENUMERATED = 3  # titles of up to 3 lines (60 characters) try every arrangement; longer ones: _fewest


def _arrangement(text: str, cuts: tuple[int, ...]) -> tuple[int, ...] | None:
    """The best cuts among ``cuts``: fewest lines; then the cheapest breaks in a balanced shape."""
    limit, n = gbt9704.TITLE_MAX_LINE_CHARS, len(text)
    fewest = -(-n // limit)
    if fewest > _MOST_LINES_ENUMERATED:
        return _fewest(text, cuts)
    for lines in range(fewest, _MOST_LINES_ENUMERATED + 1):
        options = []
        for chosen in combinations(cuts, lines - 1):
            edges = (0, *chosen, n)
            lengths = [b - a for a, b in zip(edges, edges[1:], strict=False)]
            if max(lengths) <= limit and _shapely(lengths):
                options.append((_cost(text, chosen, lengths), chosen))
        if options:
            return min(options)[1]
    return None


def _shapely(lengths: list[int]) -> bool:
    """梯形 (lines growing or shrinking steadily) or 菱形 (the middle line the longest)."""
    pairs = list(zip(lengths, lengths[1:], strict=False))
    shrinking = all(a >= b for a, b in pairs)
    growing = all(a <= b for a, b in pairs)
    diamond = len(lengths) == 3 and lengths[1] >= max(lengths[0], lengths[2])
    return shrinking or growing or diamond


def _cost(text: str, cuts: tuple[int, ...], lengths: list[int]) -> int:
    """Break penalties weigh most, then the difference between the longest and shortest line; a title whose
    first line is the longest (the common 倒梯形) wins a tie."""
    penalties = sum(break_penalty(text, cut) for cut in cuts)
    return 3 * penalties + (max(lengths) - min(lengths)) + (lengths[0] < max(lengths))


def _fewest(text: str, cuts: tuple[int, ...]) -> tuple[int, ...] | None:
    """Fewest lines for a very long title, each as full as it can be: one pass, linear in the cuts."""
    limit, n = gbt9704.TITLE_MAX_LINE_CHARS, len(text)
    chosen: list[int] = []
    start = 0
    while n - start > limit:
        fitting = [cut for cut in cuts if 0 < cut - start <= limit]
        if not fitting:
            return None
        start = max(fitting)
        chosen.append(start)
    return tuple(chosen)
