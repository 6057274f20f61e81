"""Which pages show where the type area ends at the foot (5.2.1 地脚).

5.2.1 fixes the type area (版心 156 × 225 mm, 天头 37 mm, 地脚 35 mm); it does not ask every page to be filled.
A page ends early by design wherever the text may not be broken: a heading kept with what follows (7.3.3),
the 署名 and 成文日期 kept with the last lines of the 正文 (7.3.5), the page before an 附件 (7.3.9: the 附件
starts a new page), the page before the 版记 page. Such a page says nothing about the foot. The text reaches the
foot only where the layout had to break something across the page: a paragraph that runs on (the next page
opens with a line at the text block's left edge, not a new paragraph's 2-character indent) or a table that runs
on (the page ends inside a table, the next page opens with one or with its 续表 caption). Only those pages
measure 地脚; pages that end early are measured only for not running below the foot.
"""

from __future__ import annotations

import re

from lintou_report.check.reading import Page, TextLine
from lintou_report.spec import gbt9704 as P

_ATTACHMENT_LABEL = re.compile(r"^附件\s*\d*$")
_CONTINUED_TABLE = re.compile(r"^续表")


def _in_table(page: Page, line: TextLine) -> bool:
    """A line that stands between two vertical rules which span it: a table's cell."""
    mid = (line.top + line.bottom) / 2
    sides = [s for s in page.strokes if not s.horizontal and s.top <= mid <= s.bottom]
    return any(s.x1 <= line.x0 + 1 for s in sides) and any(s.x0 >= line.x1 - 1 for s in sides)


def runs_on(page: Page, following: Page, left: float, right: float) -> bool:
    """True when ``page``'s text runs on to ``following``: a paragraph or a table the layout broke there."""
    if not page.lines or not following.lines:
        return False
    last, first = page.lines[-1], following.lines[0]
    char = P.CHAR_PITCH.pt
    if _in_table(page, last):
        return _in_table(following, first) or bool(_CONTINUED_TABLE.match(first.text))
    full = last.x1 >= right - char / 2
    continued = abs(first.x0 - left) < char / 2 and abs(first.size - last.size) < 0.3
    return full and continued and not _ATTACHMENT_LABEL.match(first.text)


def filled_pages(pages: list[Page], left: float | None, right: float | None) -> list[Page]:
    """The pages (the last excepted) whose text the layout broke across to the next page."""
    if left is None or right is None:
        return []
    return [p for p, nxt in zip(pages, pages[1:], strict=False) if runs_on(p, nxt, left, right)]
