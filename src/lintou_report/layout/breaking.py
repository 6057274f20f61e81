"""Where Chinese text may break, shared by both writers: the 梯形 title, between the units (spec/words.py)
no line break may enter.
"""

from __future__ import annotations

from itertools import accumulate, combinations

from lintou_report.spec import gbt9704
from lintou_report.spec.words import QUANTITY, break_penalty, units, word_edges

_PAIRS = {"《": "》", "“": "”", "（": "）"}  # never break inside these


def title_lines(text: str, given: tuple[str, ...] = ()) -> list[str]:
    """Break a title into lines of at most 20 characters between words (7.3.1: 词意完整), never inside a number,
    a Latin word or a 《》/“” pair when that can be helped; fewest lines first, then the cheapest breaks
    (words.break_penalty) in the most balanced 梯形 or 菱形 arrangement. ``given``: the lines the data itself
    gives (｜): their breaks are kept, and a given line too long for one line is broken as above, the whole
    title in one balanced shape."""
    limit = gbt9704.TITLE_MAX_LINE_CHARS
    if given and all(len(row) <= limit for row in given):
        return list(given)
    if given:
        text = "".join(given)
    if len(text) <= limit:
        return [text]
    fixed = frozenset(accumulate(len(row) for row in given[:-1]))
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
        found = _arrangement(text, tuple(cut for cut in cuts if cut not in fixed), fixed)
        if found is not None:
            edges = (0, *found, len(text))
            return [text[a:b] for a, b in zip(edges, edges[1:], strict=False)]
    edges = (0, *sorted(fixed), len(text))
    return [row[k : k + limit] for a, b in zip(edges, edges[1:], strict=False) for row in [text[a:b]]
            for k in range(0, len(row), limit)]  # fmt: skip


_MOST_LINES_ENUMERATED = 3  # titles of up to 3 lines (60 characters) try every arrangement; longer ones: _fewest


def _arrangement(text: str, cuts: tuple[int, ...], fixed: frozenset[int] = frozenset()) -> tuple[int, ...] | None:
    """The best cuts among ``cuts`` besides the ``fixed`` ones: fewest lines; then the cheapest breaks in a
    balanced shape."""
    limit, n = gbt9704.TITLE_MAX_LINE_CHARS, len(text)
    bounds = (0, *sorted(fixed), n)
    fewest = sum(-(-(b - a) // limit) for a, b in zip(bounds, bounds[1:], strict=False))
    if fewest > _MOST_LINES_ENUMERATED:
        return None if fixed else _fewest(text, cuts)
    for lines in range(fewest, _MOST_LINES_ENUMERATED + 1):
        options = []
        for extra in combinations(cuts, lines - 1 - len(fixed)):
            chosen = tuple(sorted((*fixed, *extra)))
            edges = (0, *chosen, n)
            lengths = [b - a for a, b in zip(edges, edges[1:], strict=False)]
            if max(lengths) <= limit and _shapely(lengths):
                options.append((_cost(text, extra, lengths), chosen))
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
