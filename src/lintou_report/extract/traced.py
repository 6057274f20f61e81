"""Text that remembers, for every character, where it came from in the article as received.

Each cleaning step edits a ``Traced`` text and gets a new one, so a finding made late (a typo in the
Simplified text) still points at the line and column of the original file the clerk has in hand.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from lintou_report import memo


@dataclass(frozen=True)
class Finding:
    """One entry of the proofreading list.

    ``corrected`` is None when extract left the text as it was and the clerk has to decide.
    ``before`` and ``after`` are the surrounding clause before and after the change, for the draft's corrections.
    """

    line: int  # 1-based, in the article as received
    column: int  # 1-based
    kind: str  # 乱码, 引号不成对, 半角标点, 缺逗号, 疑似错字, 叠字, 标点, 数字用法, 网页杂项, 结构 …
    message: str
    original: str
    corrected: str | None = None
    before: str = ""
    after: str = ""
    suggestion: str | None = None  # for a finding left to the clerk: what the text probably should be

    @property
    def fix(self) -> str | None:
        """The correction made, or else the one suggested."""
        return self.corrected if self.corrected is not None else self.suggestion


@dataclass(frozen=True)
class Traced:
    """``text`` plus ``origin[i]``: the offset in ``source`` of the character ``text[i]`` stems from."""

    source: str
    text: str
    origin: tuple[int, ...] = field(repr=False)

    @classmethod
    def of(cls, source: str) -> Traced:
        return cls(source, source, tuple(range(len(source))))

    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) in ``source`` of the character at ``index`` in ``text``."""
        offset = self.origin[index] if index < len(self.origin) else len(self.source)
        starts = _line_starts(self.source)
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def edit(self, edits: list[tuple[int, int, str]]) -> Traced:
        """Replace the spans ``(start, end, new)`` (non-overlapping, in any order) of ``text``.

        New characters inherit the origin of the span they replace (or of the character after an insertion).
        """
        text, origin, last = [], [], 0
        for start, end, new in sorted(edits):
            text.append(self.text[last:start])
            origin.extend(self.origin[last:start])
            anchor = self.origin[start] if start < len(self.origin) else len(self.source)
            text.append(new)
            origin.extend([anchor] * len(new))
            last = end
        text.append(self.text[last:])
        origin.extend(self.origin[last:])
        return Traced(self.source, "".join(text), tuple(origin))

    def translate(self, new_text: str) -> Traced:
        """The same text with characters replaced one for one (the length must not change)."""
        if len(new_text) != len(self.text):
            raise ValueError("translate keeps the length; use edit for insertions and deletions")
        return Traced(self.source, new_text, self.origin)


@memo.pure(8)
def _line_starts(source: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(source) if ch == "\n")
    return starts
