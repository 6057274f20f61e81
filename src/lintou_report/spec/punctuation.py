"""Punctuation compression (标点挤压): which blank of which mark a line may give up, and in which order.

Full-width Chinese punctuation is drawn on one half of its em square and leaves the other half blank. A line
that would otherwise be spread loose may take a character back from the next line (推入) by removing such
blanks; the layout (layout/linebreak.py) sets the lines, the DOCX writer carries the same removals as negative
run spacing, and `check` uses the same rules to tell a loose line that compression could have saved.

Sources (W3C "Requirements for Chinese Text Layout", clreq, by section anchor; GB/T 15834-2011 标点符号用法):

- clreq #prohibition_rules_for_line_start_end (§3.1.4 行首行尾禁则): “先挤进，后推出” — when a mark may not
  start a line, first try to squeeze it into the line before by compressing punctuation; only when that
  cannot be done take the last character of the line before down, and spread what is left.
- clreq #h-punctuation_adjustment_space (§3.1.6.1 标点符号的调整空间): the blank side of each mark. In
  Simplified Chinese (GB 偏靠式) the pause and stop marks 。，、；：！？ sit at the left of their square (GB/T
  15834-2011 5.1.1, 5.1.2), so their blank is on the right; closing brackets and quotes are blank on the
  right, opening ones on the left (the mark hugs what it encloses). ``OPENING``, ``CLOSING``, ``PAUSES``,
  ``STOPS`` below.
- clreq #h-adjustment_of_adjacent_punctuation_marks (§3.1.6.2 连续标点符号的调整): a bracket next to another
  mark, or two brackets in a row, 2 em → 1.5 em; the brackets keep hugging their content (``ADJACENT``).
- clreq #h-compression_of_punctuation_marks_at_line_start (§3.1.6.3 行首行尾标点挤压) and GB/T 15834-2011
  5.1.10 (“标点符号排在一行末尾时，若为全角字符则应占半角字符的宽度”): a mark at the line end takes half an
  em (``LINE_END``). GB/T 15834-2011 5.1.11 allows compressing punctuation where the layout needs it.
- clreq #procedures_for_inter-character_spacing_reduction (挤压处理的优先顺序): the order — a. the line-end
  mark, fixed at half an em; (b. Western word spaces, c. interpuncts: none in our text, which has no word
  spaces and sets · at its own width); d. brackets, the outer side, all of a line's alike; e. 逗号、顿号、分号,
  all alike; (f. Han–Western spacing: none, the grid has no autospace); g. 句号、问号、叹号, each down to half
  an em. The colon, which the list leaves out, goes with g: it ends a clause like a full stop does.

Ours (a house style within what clreq allows): the compressions are used only to pull a character back where
the line would otherwise be spread by more than ``LOOSE_EM`` (body lines keep the 28-character grid
everywhere else), and only as much as needed; a line-start opening bracket is never compressed (the （一）
headings stand on the paragraph indent, and a DOCX cannot move a line's first character left).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

HALF = 0.5  # em: the blank half of a full-width mark, the most any one compression removes
LOOSE_EM = 0.5  # a line spread by more than half an em of letter spacing reads loose (ours; check and layout share it)

OPENING = frozenset("“‘（《〈「『【〔［｛")  # blank on the left
CLOSING = frozenset("”’）》〉」』】〕］｝")  # blank on the right
PAUSES = frozenset("，、；")  # blank on the right (clreq reduction step e)
STOPS = frozenset("。？！：")  # blank on the right (step g, with the colon)
RIGHT_BLANK = CLOSING | PAUSES | STOPS
MARKS = OPENING | RIGHT_BLANK | frozenset("—…·")  # what counts as punctuation next to a bracket

# The steps, in the order a line uses them.
LINE_END = 0  # clreq step a: the line's last mark, fixed at half an em
ADJACENT = 1  # clreq §3.1.6.2: between a bracket and another mark (principle: always allowed)
BRACKETS = 2  # clreq step d: the outer side of a bracket or quote inside the line
PAUSE = 3  # clreq step e: ，、；
STOP = 4  # clreq step g: 。？！：


class Blank(NamedTuple):
    """A removable blank: the space after character ``after`` shrinks; it is the blank of mark ``owner``
    (``after`` itself, or the opening mark that follows it); ``step`` is its priority (lower first)."""

    after: int
    owner: int
    step: int


def blanks(text: str) -> list[Blank]:
    """The blanks ``text``, set as one whole line, may give up (a line-start opening mark keeps its blank)."""
    n = len(text)
    found: dict[int, Blank] = {}  # by owner: each mark has one blank side
    if n and text[-1] in RIGHT_BLANK:
        found[n - 1] = Blank(n - 1, n - 1, LINE_END)
    for i in range(n - 1):
        a, b = text[i], text[i + 1]
        if a in MARKS and b in MARKS and (a in OPENING or a in CLOSING or b in OPENING or b in CLOSING):
            if a in RIGHT_BLANK and i not in found:
                found[i] = Blank(i, i, ADJACENT)
            elif b in OPENING:
                found[i + 1] = Blank(i, i + 1, ADJACENT)
    for i, ch in enumerate(text):
        if i in found:
            continue
        if ch in OPENING and i > 0:
            found[i] = Blank(i - 1, i, BRACKETS)
        elif ch in CLOSING:
            found[i] = Blank(i, i, BRACKETS)
        elif ch in PAUSES:
            found[i] = Blank(i, i, PAUSE)
        elif ch in STOPS:
            found[i] = Blank(i, i, STOP)
    return sorted(found.values())


def allocate(found: Sequence[Blank], room: Sequence[float], need: float) -> list[float] | None:
    """How much each blank gives (in the unit of ``room``, each blank's most) so that together they give
    ``need``: the line-end mark all of its room (fixed), then step by step, the blanks of one step equally
    (clreq: 同时、同等量); None when all of them together cannot give ``need``."""
    taken = [0.0] * len(found)
    left = need
    for step in sorted({b.step for b in found}):
        members = [k for k, b in enumerate(found) if b.step == step]
        if step == LINE_END:
            for k in members:
                taken[k] = room[k]
                left -= room[k]
            continue
        while left > 1e-9 and members:
            share = left / len(members)
            full = [k for k in members if room[k] - taken[k] <= share]
            if not full:
                for k in members:
                    taken[k] += share
                left = 0.0
                break
            for k in full:
                left -= room[k] - taken[k]
                taken[k] = room[k]
            members = [k for k in members if k not in full]
    return taken if left <= 1e-9 else None


def capacity(text: str) -> float:
    """Ems that ``text``, set as one line, could give up at most."""
    return HALF * len(blanks(text))
