"""Lines with a label and 回行对齐, measured on any PDF, OFD or LibreOffice's PDF of a DOCX:

- 附件说明 (GB/T 9704-2012 7.3.4): one blank line below the body, “附件：” two characters in, several
  attachments numbered 1. 2. with each number under the first and a wrapped name under its first character,
  no punctuation after a name;
- 出席 / 请假 / 列席 (10.3): the label two characters in, in 黑体, the names in 仿宋, wrapped under the first name;
- 抄送 (7.4.2): one character in from both sides, wrapped under the first 抄送机关, a full stop at the end.

A rule is reported only when its element is in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lintou_report.check.faces import FAMILY_NAMES, family
from lintou_report.check.reading import Page, TextLine
from lintou_report.check.rules import LINE_COUNT_TOLERANCE, TOP, RuleResult, fact, within
from lintou_report.spec import gbt9704 as P

CHAR_TOLERANCE = (
    0.3  # characters: an indent or an alignment may be this far off (software seats text a little differently)
)
# “附件2”, or, on an 附件 not bound with the 正文 (7.3.9), the 公文's 发文字号 before it: “林党〔2023〕15号附件2”
ATTACHMENT_HEAD = re.compile(r"^(?P<number>\S{0,12}〔\s*\d{4}\s*〕\s*\d+\s*号)?\s*附件\s*\d*$")
NOTE = re.compile(r"^附件[:：]")
ITEM = re.compile(r"^(\d+)\s*[.．]")
ATTENDANCE = re.compile(r"^(出席|请假|列席)[:：]")
COPY_TO = re.compile(r"^抄送[:：]")
TRAILING = set("，。、；：？！,.;:?!")


@dataclass
class Labelled:
    """A labelled line and the lines that continue it."""

    page: Page
    lines: list[TextLine]

    @property
    def first(self) -> TextLine:
        return self.lines[0]


def _after(line: TextLine, colon: bool = True) -> float:
    """Left edge of the first glyph after the label's colon (or after the item number)."""
    for k, g in enumerate(line.glyphs):
        if colon and g.text in ":：" and k + 1 < len(line.glyphs):
            return line.glyphs[k + 1].x0
    return line.glyphs[0].x0


def labelled(
    pages: list[Page], start: re.Pattern[str], pitch: float, stop: re.Pattern[str] | None = None
) -> list[Labelled]:
    """Each line that ``start`` matches with the lines continuing it: each next line within 1.5 line pitches
    below the last (or, after a page's last line, the next page's first line at the type area's top),
    starting right of the labelled line's start, matched by neither ``start`` nor ``stop``."""
    out = []
    flat = [(page, k, line) for page in pages for k, line in enumerate(page.lines)]
    for n, (page, _, line) in enumerate(flat):
        if not start.search(line.text):
            continue
        block = [line]
        last_page = page
        for nxt_page, k, nxt in flat[n + 1 :]:
            if nxt_page is last_page:
                near = nxt.top - block[-1].top <= 1.5 * pitch
            else:
                near = k == 0 and block[-1] is last_page.lines[-1] and nxt.top - TOP <= 1.5 * pitch
            if not near or nxt.x0 <= line.x0 + 1 or start.search(nxt.text) or (stop and stop.search(nxt.text)):
                break
            block.append(nxt)
            last_page = nxt_page
        out.append(Labelled(page, block))
    return out


def _chars(value: float, size: float) -> float:
    return value / size


def _indent_rule(clause: str, name: str, blocks: list[Labelled], left: float, chars: float) -> RuleResult:
    """The labelled lines start ``chars`` characters (of their own size) in from the text block's left."""
    measured = [_chars(b.first.x0 - left, b.first.size) for b in blocks]
    worst = max(measured, key=lambda v: abs(v - chars))
    where = "、".join(
        f"第{b.page.number}页“{b.first.text[:6]}”{v:.2f}字" for b, v in zip(blocks, measured, strict=True)
    )
    return within(clause, name, chars, "字", worst, below=CHAR_TOLERANCE, above=CHAR_TOLERANCE, where=where)


def _hang_rule(clause: str, name: str, pairs: list[tuple[Labelled, TextLine, float]]) -> RuleResult:
    """Wrapped lines start under the character they should align with (its x given with each line)."""
    if not pairs:
        return fact(clause, name, "回行与首字对齐", "无回行", None)
    bad = [
        f"第{b.page.number}页“{line.text[:8]}”差 {(line.x0 - x) / line.size:+.2f} 字"
        for b, line, x in pairs
        if abs(line.x0 - x) > CHAR_TOLERANCE * line.size
    ]
    return fact(clause, name, "回行与首字对齐", f"{len(pairs) - len(bad)}/{len(pairs)} 行对齐", not bad, bad)


def _found(
    pages: list[Page], start: re.Pattern[str], pitch: float, clause: str, name: str, left: float, chars: int
) -> tuple[list[Labelled], list[RuleResult]]:
    """The labelled lines ``start`` finds, and the rule on their indent (none when there are none)."""
    blocks = labelled(pages, start, pitch)
    return blocks, [_indent_rule(clause, name, blocks, left, chars)] if blocks else []


def attachments_note(pages: list[Page], left: float, pitch: float) -> list[RuleResult]:
    """7.3.4 on every 附件说明 found (a line beginning “附件：”)."""
    clause = P.ATTACHMENTS_NOTE_CLAUSE
    blocks, out = _found(pages, NOTE, pitch, clause, "附件说明左空二字", left, P.ATTACHMENTS_NOTE_INDENT_CHARS)
    if not blocks:
        return []
    gaps, hangs, numbering, punctuation = [], [], [], []
    for b in blocks:
        above = [ln for ln in b.page.lines if ln.bottom <= b.first.top]
        if above:
            gaps.append((b.first.top - above[-1].top) / pitch - 1)
        name_x = _after(b.first)
        numbered = ITEM.match(b.first.text[3:].lstrip())
        number_x = name_x
        expected = 1
        if numbered:
            digits = [g for g in b.first.glyphs[3:] if g.text.strip()]
            name_x = digits[len(numbered.group(0).replace(" ", ""))].x0 if len(digits) > 2 else name_x
            numbering.append(numbered.group(1) == "1" or f"第{b.page.number}页第一个序号是 {numbered.group(1)}")
        names = [b.first.text]
        for line in b.lines[1:]:
            item = ITEM.match(line.text)
            if numbered and item:
                expected += 1
                numbering.append(
                    item.group(1) == str(expected) or f"第{b.page.number}页序号 {item.group(1)}，应为 {expected}"
                )
                hangs.append((b, line, number_x))
                name_x = line.glyphs[len(item.group(0).replace(" ", ""))].x0 if len(line.glyphs) > 2 else name_x
                names.append(line.text)
            else:
                hangs.append((b, line, name_x))
                names[-1] += line.text
        punctuation += [f"第{b.page.number}页“{n[-8:]}”" for n in names if n and n[-1] in TRAILING]
    if gaps:
        worst = min(gaps)
        out.append(
            within(clause, "附件说明在正文下空一行", P.ATTACHMENTS_NOTE_GAP_LINES, "行", worst,
                   below=LINE_COUNT_TOLERANCE, above=LINE_COUNT_TOLERANCE)
        )  # fmt: skip
    out.append(_hang_rule(clause, "附件说明回行与附件名称首字对齐（序号与首个序号对齐）", hangs))
    if numbering:
        wrong = [n for n in numbering if n is not True]
        out.append(
            fact(clause, "附件顺序号 1. 2. 依次编排", "从 1 起连续", f"{len(numbering)} 个序号", not wrong, wrong)
        )
    found = f"{len(punctuation)} 处有标点" if punctuation else "无标点"
    out.append(fact(clause, "附件名称后不加标点符号", "无标点", found, not punctuation, punctuation))
    return out


def attendance(pages: list[Page], left: float, pitch: float) -> list[RuleResult]:
    """10.3 on every 出席 / 请假 / 列席 line found."""
    clause = P.MINUTES_CLAUSE
    blocks, out = _found(pages, ATTENDANCE, pitch, clause, "出席、请假、列席左空二字", left, P.ATTENDANCE_INDENT_CHARS)
    if not blocks:
        return []
    faces = []
    for b in blocks:
        label = b.first.glyphs[:3]
        names = [g for line in b.lines for g in line.glyphs][3:]
        got = family(label[0].font), {family(g.font) for g in names if not g.text.isascii()}
        if got[0] != "hei" or got[1] - {"fang"}:
            shown = "、".join(FAMILY_NAMES.get(f, f) for f in sorted(got[1]))
            faces.append(f"第{b.page.number}页“{b.first.text[:3]}”{FAMILY_NAMES.get(got[0], got[0])}，名单{shown}")
    found = f"{len(blocks) - len(faces)}/{len(blocks)} 行相符"
    out.append(fact(clause, "出席等字样3号黑体、名单3号仿宋", "黑体 + 仿宋", found, not faces, faces))
    out.append(
        _hang_rule(
            clause, "出席等名单回行与冒号后首字对齐", [(b, ln, _after(b.first)) for b in blocks for ln in b.lines[1:]]
        )
    )
    return out


def copy_to(page: Page | None, left: float, right: float, pitch: float) -> list[RuleResult]:
    """7.4.2 on the 抄送 lines of the last page."""
    if page is None:
        return []
    clause = "7.4.2"
    blocks = labelled([page], COPY_TO, P.COLOPHON_SIZE.pt * 2.2, re.compile(r"印发$|^(报|送|发)[:：]"))
    if not blocks:
        return []
    out = [_indent_rule(clause, "抄送左空一字", blocks, left, P.COLOPHON_INDENT_CHARS)]
    over = [
        f"{(right - ln.x1) / ln.size:.2f} 字" for b in blocks for ln in b.lines
        if right - ln.x1 < (P.COLOPHON_INDENT_CHARS - CHAR_TOLERANCE) * ln.size
    ]  # fmt: skip
    out.append(fact(clause, "抄送右空一字", "行末距版心右边缘不少于一字", "、".join(over) or "相符", not over))
    out.append(
        _hang_rule(clause, "抄送回行与冒号后首字对齐", [(b, ln, _after(b.first)) for b in blocks for ln in b.lines[1:]])
    )
    ends = [b.lines[-1].text[-1] for b in blocks]
    out.append(fact(clause, "最后一个抄送机关后标句号", "。", "、".join(ends), all(e == "。" for e in ends)))
    return out
