"""The 版头 elements, the 附注 and the 信函格式 measured on page 1 (GB/T 9704-2012 7.2.1–7.2.3, 7.2.6, 7.3.6,
10.1), in any PDF (or LibreOffice's PDF of a DOCX): 份号, 密级和保密期限 and 紧急程度 顶格 in order; 签发人 right
with the names in 楷体 aligned under the first and the 发文字号 on the line of the last; the 附注 空二字 in （）
on the line below the 成文日期; the 信函格式's 30 mm, double lines, element places and unnumbered first page.
A rule is reported only for an element the file has."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lintou_report.check.faces import FAMILY_NAMES, ROLE_FAMILY
from lintou_report.check.letter import double_lines, is_letter
from lintou_report.check.reading import body_lines, body_size, is_red, line_pitch
from lintou_report.check.rules import (
    LEADING_MM,
    LEFT,
    LINE_COUNT_TOLERANCE,
    POSITION_TOLERANCE_MM,
    RIGHT,
    SIZE_TOLERANCE_PT,
    TOP,
    RuleResult,
    fact,
    measure_rule,
    mm,
    within,
)
from lintou_report.spec import gbt9704 as P

if TYPE_CHECKING:  # only in annotations
    from lintou_report.check.reading import Glyph, Page, Reading, Stroke, TextLine

_COPY = re.compile(r"^\d+$")
_SECRECY = re.compile(rf"^({'|'.join(P.SECRECY_LEVELS)})(.*)$")
_URGENCY = re.compile(rf"^({'|'.join(P.URGENCY_LEVELS)})$")
_DOC_NUMBER = re.compile(r"〔\d{4}〕\d+号")
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_LABEL = "签发人："
TOL = POSITION_TOLERANCE_MM
CHAR = P.CHAR_PITCH.pt


def element_rules(layout: Reading) -> list[RuleResult]:
    """The rules of the elements page 1 has (none for a file without them)."""
    if not layout.pages:
        return []
    page = layout.pages[0]
    size = body_size(layout)
    pitch = (line_pitch(body_lines(layout, size), size) if size else None) or P.LINE_PITCH.pt
    letter = is_letter(page)
    out = _head_marks(page, letter, pitch)
    out += _signers(page, pitch)
    out += _note(layout.pages, pitch)
    if letter:
        out += _letter(layout, pitch)
    return out


def _segments(line: TextLine) -> list[list[Glyph]]:
    """The line cut where a gap of more than one character opens (text flush left and text flush right)."""
    out: list[list[Glyph]] = []
    for g in line.glyphs:
        if out and g.x0 - out[-1][-1].x1 > g.size:
            out.append([g])
        elif out:
            out[-1].append(g)
        else:
            out.append([g])
    return out


def _text(glyphs: list[Glyph]) -> str:
    return "".join(g.text for g in glyphs)


def _family(glyphs: list[Glyph]) -> str:
    fams = [g.family for g in glyphs if not g.text.isascii() and g.text != P.SECRECY_STAR]
    return max(set(fams), key=fams.count) if fams else "other"


def _face(clause: str, name: str, role: str, glyphs: list[Glyph]) -> RuleResult:
    want, got = ROLE_FAMILY[role], _family(glyphs)
    return fact(clause, name, FAMILY_NAMES[want], FAMILY_NAMES[got], got == want)


def _mark(page: Page) -> TextLine | None:
    red = [line for line in page.lines if sum(is_red(g.color) for g in line.glyphs) > len(line.glyphs) / 2]
    return max(red, key=lambda line: line.size, default=None)


def _head_lines(page: Page, letter: bool, pitch: float) -> list[tuple[str, list[Glyph]]]:
    """(kind, glyphs) of the 份号, 密级 and 紧急程度 lines: above the 标志, or under the first double line."""
    mark = _mark(page)
    if letter:
        first = double_lines(page)[1].bottom
        region = [line for line in page.lines if first < line.top < first + 4 * pitch]
    else:
        region = [line for line in page.lines if mark is not None and line.bottom <= mark.top]
    out = []
    for line in region:
        left = _segments(line)[0]
        if left[0].x0 > LEFT + 3 * CHAR:
            continue
        text = _text(left)
        for kind, pattern in (("copy", _COPY), ("secrecy", _SECRECY), ("urgency", _URGENCY)):
            if pattern.match(text):
                out.append((kind, left))
                break
    return out


def _head_marks(page: Page, letter: bool, pitch: float) -> list[RuleResult]:
    lines = _head_lines(page, letter, pitch)
    out: list[RuleResult] = []
    names = {"copy": ("份号", P.COPY_NUMBER_CLAUSE), "secrecy": ("密级和保密期限", P.SECRECY_CLAUSE)}
    names["urgency"] = ("紧急程度", P.URGENCY_CLAUSE)
    for k, (kind, glyphs) in enumerate(lines):
        name, clause = names[kind]
        text = _text(glyphs)
        size = max(g.size for g in glyphs)
        out.append(
            measure_rule(P.BODY_SIZE, size, name=f"{name}字号（3号）", tolerance=SIZE_TOLERANCE_PT, where=f"“{text}”")
        )
        out[-1].clause = clause
        offset = mm(glyphs[0].x0 - LEFT)
        out.append(within(clause, f"{name}顶格（距版心左边缘）", 0, "mm", offset, below=TOL, above=TOL))
        if not letter:  # 7.2.1–7.2.3: the type area's first lines, in order
            top = mm(glyphs[0].top - TOP - k * pitch)
            out.append(within(clause, f"{name}在版心第{k + 1}行", 0, "mm", top, below=TOL, above=TOL + LEADING_MM))
        if kind == "copy":
            ok = len(text) == P.COPY_NUMBER_DIGITS
            out.append(
                fact(clause, "份号位数（一般6位阿拉伯数字）", f"{P.COPY_NUMBER_DIGITS} 位", f"{len(text)} 位", ok)
            )
        else:
            out.append(_face(clause, f"{name}字体", P.HEAD_MARK_ROLE, glyphs))
        if kind == "secrecy":
            match = _SECRECY.match(text)
            rest = match.group(2) if match else ""
            ok = not rest or (rest.startswith(P.SECRECY_STAR) and len(rest) > 1)
            out.append(fact(clause, "密级与保密期限之间用★", f"“秘密{P.SECRECY_STAR}1年”", f"“{text}”", ok))
    if lines:
        order = [kind for kind, _ in lines]
        ok = order == sorted(order, key=["copy", "secrecy", "urgency"].index)
        shown = "、".join(names[k][0] for k in order)
        out.append(
            fact(P.URGENCY_CLAUSE, "份号、密级、紧急程度自上而下的顺序", "份号、密级和保密期限、紧急程度", shown, ok)
        )
    return out


def _signers(page: Page, pitch: float) -> list[RuleResult]:
    """7.2.6: 签发人 居右空一字; names in 楷体 after “签发人：” in 仿宋; a new line of names under the first name;
    7.2.5: the 发文字号 居左空一字 on the line of the last names."""
    head = next((line for line in page.lines if _LABEL in line.text), None)
    if head is None:
        return []
    clause = P.SIGNER_CLAUSE
    at = head.text.index(_LABEL)
    label, first_names = head.glyphs[at : at + len(_LABEL)], head.glyphs[at + len(_LABEL) :]
    if not first_names:
        return [fact(clause, "签发人姓名", "“签发人：”后有姓名", "无姓名", False)]
    names_x = first_names[0].x0
    rows = [first_names]
    for line in page.lines:
        if head.top < line.top < head.top + 4 * pitch and not any(is_red(g.color) for g in line.glyphs):
            more = [g for g in line.glyphs if g.x0 >= names_x - TOL * P.MM]
            if more and _family(more) == ROLE_FAMILY["kai"]:
                rows.append(more)
    names = [g for row in rows for g in row]
    right = LEFT + P.TYPE_WIDTH.pt - P.DOC_NUMBER_INDENT_CHARS * CHAR
    out = [
        _face(clause, "“签发人：”字体", "body", label),
        _face(clause, "签发人姓名字体", "kai", names),
        within(
            clause,
            "签发人居右空一字（最长一行行尾）",
            0,
            "mm",
            mm(max(g.x1 for g in names) - right),
            below=TOL,
            above=TOL,
        ),
    ]
    if len(rows) > 1:
        worst = max(abs(mm(row[0].x0 - names_x)) for row in rows[1:])
        out.append(
            within(clause, "签发人回行与第一个姓名对齐", 0, "mm", worst, below=TOL, above=TOL, where=f"{len(rows)} 行")
        )
    number = next((line for line in page.lines if _DOC_NUMBER.search(line.text)), None)
    if number is not None:
        last = rows[-1]
        same = abs(number.top - min(g.top for g in last)) < pitch / 2
        out.append(
            fact("7.2.5", "发文字号与最后一个签发人姓名同一行", "同一行", "同一行" if same else "不在同一行", same)
        )
        indent = mm(number.x0 - LEFT - P.DOC_NUMBER_INDENT_CHARS * CHAR)
        out.append(within("7.2.5", "上行文发文字号居左空一字", 0, "mm", indent, below=TOL, above=TOL))
    return out


def _note(pages: list[Page], pitch: float) -> list[RuleResult]:
    """7.3.6: a line in （） right below the 成文日期, 居左空二字."""
    for page in pages:
        for k, line in enumerate(page.lines[:-1]):
            after = page.lines[k + 1]
            if not (_DATE.match(line.text) and line.x0 > LEFT + P.TYPE_WIDTH.pt / 2 and after.text.startswith("（")):
                continue
            clause = P.NOTE_CLAUSE
            gap = (after.top - line.top) / pitch
            text = "".join(ln.text for ln in page.lines[k + 1 : k + 4])
            closed = "）" in text
            return [
                within(
                    clause,
                    "附注居左空二字",
                    0,
                    "mm",
                    mm(after.x0 - LEFT - P.NOTE_INDENT_CHARS * CHAR),
                    below=TOL,
                    above=TOL,
                ),
                _lines(clause, "附注在成文日期下一行", 1, gap),
                fact(clause, "附注加圆括号", "（…）", f"“{after.text[:12]}…”", closed),
            ]
    return []


def _lines(clause: str, name: str, target: float, measured: float) -> RuleResult:
    """A distance counted in lines (± half a line)."""
    r = within(clause, name, target, "行", measured, below=LINE_COUNT_TOLERANCE, above=LINE_COUNT_TOLERANCE)
    r.measured = f"{measured:.2f} 行"
    return r


def _edges(s: Stroke) -> tuple[float, float]:
    """Top and bottom of a rule's ink (a stroked line's box has no height: its weight gives it)."""
    return s.y - s.weight / 2, s.y + s.weight / 2


def _letter(layout: Reading, pitch: float) -> list[RuleResult]:
    """10.1 on page 1: the 标志 30 mm below the paper's top, the double lines, where the elements go, no page
    number; and the 版记 without rules."""
    page = layout.pages[0]
    clause = P.LETTER_CLAUSE
    lines = double_lines(page)
    first, second = lines[:2], lines[-2:]
    out: list[RuleResult] = []
    mark = _mark(page)
    if mark is not None:
        top = mark.ink_top if mark.ink_top is not None else mark.top
        out.append(measure_rule(P.LETTER_MARK_TOP, mm(top), where="字迹上沿" if mark.ink_top else "字身上沿"))
        # the mark's foot: its ink top and one em (foreign files' font boxes differ, the ink does not)
        out.append(measure_rule(P.LETTER_RULE_BELOW_MARK, mm(_edges(first[0])[0] - top - mark.size)))
    out.append(measure_rule(P.LETTER_RULE_LENGTH, mm(min(s.length for s in lines)), where="四条红线中最短"))
    centre = max(abs(mm((s.x0 + s.x1) / 2 - (LEFT + RIGHT) / 2)) for s in lines)
    out.append(within(clause, "信函双线居中（中心偏离版心中线）", 0, "mm", centre, below=TOL, above=TOL))
    thick_thin = first[0].weight > first[1].weight and second[1].weight > second[0].weight
    weights = " / ".join(f"{s.weight:.2f}" for s in lines)
    out.append(
        fact(clause, "信函双线上粗下细、下线上细下粗", "第一条上粗下细，第二条上细下粗", f"{weights} pt", thick_thin)
    )
    out.append(measure_rule(P.LETTER_BOTTOM_RULE, mm(page.height - _edges(second[1])[1])))
    under = _edges(first[1])[1]
    below = [line for line in page.lines if line.top > under and line.size < P.TITLE_SIZE.pt - 2]
    if below:
        drop = mm(below[0].top - under)
        target = mm(P.LETTER_ELEMENT_DROP * P.BODY_SIZE.pt)
        out.append(within(clause, "双线下第一个要素距线（3号字高7/8）", target, "mm", drop, below=TOL, above=TOL))
    number = next((line for line in page.lines if _DOC_NUMBER.search(line.text)), None)
    if number is not None:
        out.append(within(clause, "发文字号顶格居版心右边缘", 0, "mm", mm(number.x1 - RIGHT), below=TOL, above=TOL))
    head = [glyphs for _, glyphs in _head_lines(page, True, pitch)]
    last = max((g.bottom for glyphs in head for g in glyphs), default=number.bottom if number else None)
    title = next((ln for ln in page.lines if ln.size >= P.TITLE_SIZE.pt - 1 and not is_red(ln.glyphs[0].color)), None)
    if last is not None and title is not None:
        target = P.LETTER_TITLE_GAP_LINES + (pitch - P.BODY_SIZE.pt) / pitch
        gap = (title.top - last) / pitch
        out.append(_lines(clause, "标题与其上最后一个要素相距二行", target, gap))
    shown = page.page_number.text if page.page_number else "无"
    out.append(fact(clause, "信函格式第一页不显示页码", "无页码", shown, page.page_number is None))
    last_page = layout.pages[-1]
    foot = [s for s in last_page.strokes if s.horizontal and not is_red(s.color) and s.length > 0.9 * P.TYPE_WIDTH.pt]
    out.append(fact(clause, "信函格式版记不加分隔线", "无", f"{len(foot)} 条", not foot))
    return out
