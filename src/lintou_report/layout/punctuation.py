"""标点挤压 in the faces that draw the text: how much of each blank of spec/punctuation.py a line takes out.

The rules (which mark, which side, in which order, with their sources) are spec/punctuation.py's; here each
blank is measured in its face — a mark gives up half an em at most, and never more than its outline leaves
free (FandolFang centres ？, so its right blank is a third of an em, not a half).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lintou_report.fonts.metrics import metrics
from lintou_report.spec.punctuation import HALF, OPENING, allocate, blanks

if TYPE_CHECKING:
    from lintou_report.layout.linebreak import Char

INK_MARGIN = 0.05  # em; ours: a compressed mark keeps this much space between its outline and its neighbour


def room(char: Char) -> float:
    """Points of blank ``char``'s face leaves on the mark's blank side (left for an opening mark, else right),
    at most half an em."""
    ink = metrics(char.face).ink(char.text)
    if ink is None:  # no outline to read: trust the GB convention
        return HALF * char.size
    start, end = ink
    blank = start if char.text in OPENING else char.advance / char.size - end
    return max(0.0, min(HALF, blank - INK_MARGIN)) * char.size


def kerns(chars: Sequence[Char], need: float) -> tuple[float, ...] | None:
    """Points to take out after each of ``chars`` (set as one line) so that the line is ``need`` points
    shorter, in clreq's order and only as much as needed (the line-end mark all of its half em); None when its
    punctuation cannot give that much."""
    found = blanks("".join(c.text for c in chars))
    taken = allocate(found, [room(chars[b.owner]) for b in found], need)
    if taken is None:
        return None
    out = [0.0] * len(chars)
    for blank, amount in zip(found, taken, strict=True):
        out[blank.after] += amount
    return tuple(out)
