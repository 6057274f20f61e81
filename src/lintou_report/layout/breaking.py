"""Where Chinese text may break, shared by both writers: GB/T 15834 禁则 units and the 梯形 title.

A unit is a span no line break may enter: a number with its unit (“1302人次”), a Latin word, and
punctuation glued to its neighbour (no line starts with ，。、… and none ends with （《“).
"""

from __future__ import annotations

import re
from bisect import bisect_right

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
    """The cheapest breaking of ``text`` at some of ``cuts`` (ascending) into lines of at most the title's
    limit, each no longer than the one above when ``trapezoid``: the lowest penalty, then the least spread
    between the longest and the shortest line, then the earliest first cut.

    Worked out from the end of the title backwards, one state a (line start, longest line allowed): no
    recursion, and the work grows with the title's length times the square of the line limit."""
    limit, n = gbt9704.TITLE_MAX_LINE_CHARS, len(text)
    # (start, longest) → (penalty, next cut or -1 for the last line, longest line, shortest line)
    best: dict[tuple[int, int], tuple[int, int, int, int] | None] = {}
    widths = range(1, limit + 1) if trapezoid else (limit,)
    for start in sorted({0, *cuts}, reverse=True):
        first = bisect_right(cuts, start)
        for longest in widths:
            if n - start <= longest:
                best[(start, longest)] = (0, -1, n - start, n - start)
                continue
            found = None
            for cut in cuts[first : bisect_right(cuts, start + longest)]:
                rest = best.get((cut, cut - start if trapezoid else limit))
                if rest is None:
                    continue
                length = cut - start
                option = (rest[0] + 10 + _penalty(text, cut), cut, max(length, rest[2]), min(length, rest[3]))
                if found is None or (option[0], option[2] - option[3]) < (found[0], found[2] - found[3]):
                    found = option
            best[(start, longest)] = found
    out, state = [], best.get((0, limit))
    if state is None:
        return None
    start = 0
    while state[1] >= 0:
        cut = state[1]
        out.append(cut)
        state, start = best[(cut, cut - start if trapezoid else limit)], cut
    return tuple(out)
