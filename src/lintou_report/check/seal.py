"""印章 and 签发人签名章 (GB/T 9704-2012 7.3.5.1, 7.3.5.3), measured on any file: a seal is a picture or a red
outline 15–60 mm across; round, it is an organ's seal over the 署名 and the date, oblong, a 签名章.

Where a picture stands (the clerk's seal) and where a dashed outline (our placeholder) the rules are the
same: the outline is where the seal will go. A rule is reported only when a seal is found.
"""

from __future__ import annotations

import re

from lintou_report.check.reading import Page, Shape, TextLine
from lintou_report.check.rules import LINE_COUNT_TOLERANCE, RuleResult, fact, mm, within
from lintou_report.spec import gbt9704 as P

DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
SEAL_SIZES_MM = (15, 60)  # what may be a seal: either side between these
ROUND = 0.15  # a box whose sides differ by less than this share is round (an organ's seal)
CHAR_TOLERANCE = 0.3  # characters, as hanging.py
# A DOCX client's date may differ from the layout's by up to a character in width (its own 中西间距, see
# docs/word-grid.md §1): a centring measured on a DOCX's rendering may be off by half of that.
CENTRING_TOLERANCE_CHARS = 0.6
OVERLAP_MM = 0.5
TEXT_IN_LINE_MM = 1.5  # the 职务's em box centred on the stamp: how far software may seat it off


def seals(page: Page) -> list[tuple[Shape, bool]]:
    """The seals on the page with whether each is a picture."""
    low, high = (v * P.MM for v in SEAL_SIZES_MM)
    found = [(s, True) for s in page.images] + [(s, False) for s in page.outlines]
    return [(s, pic) for s, pic in found if low <= s.x1 - s.x0 <= high and low <= s.bottom - s.top <= high]


def _round(s: Shape) -> bool:
    w, h = s.x1 - s.x0, s.bottom - s.top
    return abs(w - h) / max(w, h) < ROUND


def _inside(line: TextLine, s: Shape) -> bool:
    return line.x1 > s.x0 and line.x0 < s.x1 and line.bottom > s.top and line.top < s.bottom


def beside_stamp(page: Page, line: TextLine) -> bool:
    """Whether ``line`` is a 签发人's 职务 left of a 签名章 and centred on it (7.3.5.3: 以签名章为准上下居中),
    which stands off the grid by design."""
    return any(
        not _round(s) and line.x1 <= s.x0 + 1
        and abs((line.top + line.bottom) / 2 - (s.top + s.bottom) / 2) <= TEXT_IN_LINE_MM * P.MM
        for s, _ in seals(page)
    )  # fmt: skip


def seal_rules(pages: list[Page], right: float, pitch: float) -> list[RuleResult]:
    out = []
    for page in pages:
        for shape, picture in seals(page):
            out += (_organ if _round(shape) else _stamp)(page, shape, picture, right, pitch)
    return out


def _right_chars(clause: str, name: str, line: TextLine, right: float, chars: int, where: str) -> RuleResult:
    return within(clause, name, chars, "字", (right - line.x1) / line.size,
                  below=CHAR_TOLERANCE, above=CHAR_TOLERANCE, where=where)  # fmt: skip


def _organ(page: Page, seal: Shape, picture: bool, right: float, pitch: float) -> list[RuleResult]:
    clause = P.SEAL_CLAUSE
    where = f"第{page.number}页" + ("" if picture else "，印章为占位虚线框（盖章后即为此处）")
    inside = [ln for ln in page.lines if _inside(ln, seal)]
    dates = [ln for ln in inside if DATE.search(ln.text.replace(" ", ""))]
    if not dates:
        return [fact(clause, "印章下压成文日期", "印章覆盖成文日期", f"{where}：印章下未找到成文日期", False)]
    date = dates[-1]
    above = [ln for ln in page.lines if ln.bottom <= date.top + 1 and ln is not date]
    signer = above[-1] if above and _inside(above[-1], seal) else None
    char = date.size
    out = [_right_chars(clause, "加盖印章时成文日期右空四字", date, right, P.SEALED_DATE_RIGHT_INDENT_CHARS, where)]
    centre = (date.x0 + date.x1) / 2
    off = ((seal.x0 + seal.x1) / 2 - centre) / char
    out.append(within(clause, "印章以成文日期为准居中（水平偏差）", 0, "字", off,
                      below=CENTRING_TOLERANCE_CHARS, above=CENTRING_TOLERANCE_CHARS, where=where))  # fmt: skip
    if signer is None:
        out.append(
            fact(clause, "印章下压发文机关署名", "署名在成文日期上一行、印章之内", f"{where}：未找到署名", False)
        )
        return out
    off = ((signer.x0 + signer.x1) / 2 - centre) / char
    out.append(within(clause, "署名以成文日期为准居中（水平偏差）", 0, "字", off,
                      below=CENTRING_TOLERANCE_CHARS, above=CENTRING_TOLERANCE_CHARS, where=where))  # fmt: skip
    middle = (signer.top + date.bottom) / 2
    cy = (seal.top + seal.bottom) / 2
    out.append(
        fact(clause, "署名和成文日期居印章中心偏下", "署名、日期的中线低于印章圆心",
             f"低 {mm(middle - cy):.1f} mm" if middle >= cy else f"高 {mm(cy - middle):.1f} mm", middle >= cy)
    )  # fmt: skip
    body = [ln for ln in page.lines if ln.bottom <= seal.top + 1 and not _inside(ln, seal)]
    if body:
        gap = mm(seal.top - body[-1].bottom)
        # a little overlap with the text's em box is allowed: the ink of a line stops short of it
        out.append(within(clause, "印章顶端距正文（或附件说明）一行之内", 0, "mm", gap,
                          below=OVERLAP_MM, above=mm(pitch), where=where))  # fmt: skip
    return out


def _stamp(page: Page, stamp: Shape, picture: bool, right: float, pitch: float) -> list[RuleResult]:
    clause = P.SIGNATURE_STAMP_CLAUSE
    where = f"第{page.number}页" + ("" if picture else "，签名章为占位虚线框")
    char = P.BODY_SIZE.pt
    out = [
        within(clause, "签名章右空四字", P.SIGNATURE_STAMP_RIGHT_INDENT_CHARS, "字", (right - stamp.x1) / char,
               below=CHAR_TOLERANCE, above=CHAR_TOLERANCE, where=where),
    ]  # fmt: skip
    level = [ln for ln in page.lines if ln.bottom > stamp.top and ln.top < stamp.bottom and ln.x1 <= stamp.x0 + 1]
    if level:
        title = level[0]
        out.append(
            within(
                clause,
                "签名章左空二字标注签发人职务",
                P.SIGNATURE_STAMP_TITLE_GAP_CHARS,
                "字",
                (stamp.x0 - title.x1) / title.size,
                below=CHAR_TOLERANCE,
                above=CHAR_TOLERANCE,
                where=where,
            )
        )
        off = mm((title.top + title.bottom) / 2 - (stamp.top + stamp.bottom) / 2)
        out.append(
            within(
                clause,
                "职务以签名章为准上下居中",
                0,
                "mm",
                off,
                below=TEXT_IN_LINE_MM,
                above=TEXT_IN_LINE_MM,
                where=where,
            )
        )
    else:
        out.append(fact(clause, "签名章左空二字标注签发人职务", "职务在签名章左侧", f"{where}：未找到职务", False))
    below = [ln for ln in page.lines if ln.top >= stamp.bottom - 1 and DATE.search(ln.text.replace(" ", ""))]
    if below:
        date = below[0]
        out.append(
            within(
                clause,
                "成文日期在签名章下空一行",
                P.SIGNATURE_STAMP_DATE_GAP_LINES,
                "行",
                (date.top - stamp.bottom) / pitch,
                below=LINE_COUNT_TOLERANCE,
                above=LINE_COUNT_TOLERANCE,
                where=where,
            )
        )
        out.append(_right_chars(clause, "成文日期右空四字", date, right, P.SIGNATURE_STAMP_RIGHT_INDENT_CHARS, where))
    else:
        out.append(fact(clause, "成文日期在签名章下空一行", "签名章下有成文日期", f"{where}：未找到成文日期", False))
    body = [ln for ln in page.lines if ln.bottom <= stamp.top + 1]
    if body:
        out.append(within(clause, "签名章在正文下空二行", P.SIGNATURE_STAMP_GAP_LINES, "行",
                          (stamp.top - body[-1].top) / pitch - 1, below=LINE_COUNT_TOLERANCE,
                          above=LINE_COUNT_TOLERANCE, where=where))  # fmt: skip
    return out
