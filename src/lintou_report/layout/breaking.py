"""Where Chinese text may break, shared by both writers: GB/T 15834 禁则 units and the 梯形 title.

A unit is a span no line break may enter: a number with its unit (“1302人次”), a Latin word, and
punctuation glued to its neighbour (no line starts with ，。、… and none ends with （《“).
"""

from __future__ import annotations

import re
from functools import cache

from lintou_report.spec import gbt9704

# A number or Latin word: never split across lines ("1302", "3.8", "100%", "GB/T"). A number keeps the
# unit characters that follow it (GB/T 15835 practice: a value and its unit stay together): "1302人次",
# "85公顷", "3.8亿元", "4个".
_UNITS = "个名家次人亩元万亿年月日时分秒岁件项条处户位台套批届期天周米吨公顷里千克倍"
WORD = re.compile(rf"[0-9]+(?:[.,:/\-][0-9]+)*(?:[%‰℃]|[{_UNITS}]{{1,3}})?|[0-9A-Za-z]+(?:[.,:/\-+][0-9A-Za-z]+)*")
_BREAK_AFTER = set("，、；：”》）")  # a title line may well end after these
_PAIRS = {"《": "》", "“": "”", "（": "）"}  # never break inside these


def units(text: str) -> list[tuple[int, int]]:
    """The spans (start, end) of ``text`` that no line break may enter."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        m = WORD.match(text, i)
        end = m.end() if m else i + 1
        glue = out and (text[i] in gbt9704.NO_LINE_START or text[out[-1][1] - 1] in gbt9704.NO_LINE_END)
        if glue and text[i] != " ":
            out[-1] = (out[-1][0], end)
        else:
            out.append((i, end))
        i = end
    return out


def title_lines(text: str) -> list[str]:
    """Break a title into lines of at most 20 characters, longest first (梯形), never inside a number,
    a Latin word or a 《》/“” pair when that can be helped. Breaks after punctuation are best, then
    before “关于” or after “的”; fewer lines come first, then evenness."""
    limit = gbt9704.TITLE_MAX_LINE_CHARS
    if len(text) <= limit:
        return [text]
    outside, anywhere, depth = [], [], 0
    for start, end in units(text)[:-1]:
        for ch in text[start:end]:
            depth += ch in _PAIRS
            depth -= ch in _PAIRS.values() and depth > 0
        anywhere.append(end)
        if depth == 0:
            outside.append(end)
    for cuts, trapezoid in ((outside, True), (outside, False), (anywhere, True), (anywhere, False)):
        found = _best_breaks(text, tuple(cuts), trapezoid)
        if found is not None:
            edges = (0, *found, len(text))
            return [text[a:b] for a, b in zip(edges, edges[1:], strict=False)]
    return [text[k : k + limit] for k in range(0, len(text), limit)]


def _penalty(text: str, cut: int) -> int:
    if text[cut - 1] in _BREAK_AFTER:
        return 0
    return 1 if text[cut - 1] == "的" or text.startswith("关于", cut) else 4


def _best_breaks(text: str, cuts: tuple[int, ...], trapezoid: bool) -> tuple[int, ...] | None:
    limit, n = gbt9704.TITLE_MAX_LINE_CHARS, len(text)

    @cache
    def best(start: int, longest: int) -> tuple[int, tuple[int, ...]] | None:
        """Cheapest breaking of text[start:] into lines no longer than ``longest``."""
        if n - start <= longest:
            return (0, ())
        options = []
        for cut in cuts:
            if 0 < cut - start <= longest:
                rest = best(cut, cut - start if trapezoid else limit)
                if rest is not None:
                    options.append((rest[0] + 10 + _penalty(text, cut), (cut, *rest[1])))
        if not options:
            return None
        return min(options, key=lambda o: (o[0], _spread(text, start, o[1])))

    found = best(0, limit)
    return None if found is None else found[1]


def _spread(text: str, start: int, cuts: tuple[int, ...]) -> int:
    edges = (start, *cuts, len(text))
    lengths = [b - a for a, b in zip(edges, edges[1:], strict=False)]
    return max(lengths) - min(lengths)
