"""印章 and 签发人签名章 (GB/T 9704-2012 7.3.5.1, 7.3.5.3), measured on any file: a seal is a picture or a red
outline 15–60 mm across; round, it is an organ's seal over the 署名 and the date, oblong, a 签名章.

Where a picture stands (the clerk's seal) and where a dashed outline (our placeholder) the rules are the
same: the outline is where the seal will go. A rule is reported only when a seal is found.
"""

from __future__ import annotations

import math
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


def seal_rules(pages: list[Page], left: float, right: float, pitch: float) -> list[RuleResult]:
    out = []
    for page in pages:
        found = seals(page)
        organs = [(s, pic) for s, pic in found if _round(s)]
        if len(organs) > 1:
            out += _joint(page, organs, left, right, pitch)
        elif organs:
            out += _organ(page, *organs[0], right, pitch)
        stamps = sorted(((s, pic) for s, pic in found if not _round(s)), key=lambda item: item[0].top)
        for k, (shape, picture) in enumerate(stamps):
            out += _stamp(page, shape, picture, right, pitch, first=k == 0, last=k == len(stamps) - 1)
        if len(stamps) > 1:
            out += _stacked(page, [s for s, _ in stamps], pitch)
    return out


def _segments(line: TextLine) -> list[TextLine]:
    """A line's runs of text split where a gap of half a character or more parts them (two 署名 on a row)."""
    glyphs = [g for g in line.glyphs if g.text.strip()]
    out: list[list] = []
    for g in glyphs:
        if out and g.x0 - out[-1][-1].x1 < g.size / 2:
            out[-1].append(g)
        else:
            out.append([g])
    return [TextLine(line.page, line.index, part) for part in out]


def _centre_off(a: TextLine | Shape, b: TextLine | Shape, char: float) -> float:
    """How far (characters) ``a``'s horizontal centre lies right of ``b``'s."""
    return ((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2) / char


def _centred(name: str, off: float, where: str) -> RuleResult:
    return within(P.SEAL_CLAUSE, name, 0, "字", off, below=CENTRING_TOLERANCE_CHARS, above=CENTRING_TOLERANCE_CHARS,
                  where=where)  # fmt: skip


def _joint(page: Page, found: list[tuple[Shape, bool]], left: float, right: float, pitch: float) -> list[RuleResult]:
    """7.3.5.1 联合行文: each seal over its own 署名, the last over the last 署名 and the date; the seals in
    aligned rows, apart, inside the type area; the first row within a line of the text above."""
    clause, char = P.SEAL_CLAUSE, P.BODY_SIZE.pt
    placeholder = not all(pic for _, pic in found)
    where = f"第{page.number}页，联合行文 {len(found)} 个印章" + ("（含占位虚线框）" if placeholder else "")
    rows: list[list[Shape]] = []
    for seal in sorted((s for s, _ in found), key=lambda s: s.top):
        if rows and seal.top - rows[-1][0].top < (seal.bottom - seal.top) / 2:
            rows[-1].append(seal)
        else:
            rows.append([seal])
    rows = [sorted(row, key=lambda s: s.x0) for row in rows]
    shapes = [seal for row in rows for seal in row]
    out = []
    inside = [(ln, seg) for ln in page.lines for seg in _segments(ln)]
    date_line = next((seg for ln, seg in reversed(inside) if DATE.search(seg.text)), None)
    last = rows[-1][-1]
    if date_line is None or not _inside(date_line, last):
        out.append(fact(clause, "最后一个印章下压署名和成文日期", "最后一个印章覆盖成文日期",
                        f"{where}：最后一个印章下未找到成文日期", False))  # fmt: skip
    else:
        out.append(_right_chars(clause, "加盖印章时成文日期右空四字", date_line, right,
                                P.SEALED_DATE_RIGHT_INDENT_CHARS, where))  # fmt: skip
        out.append(_centred("最后一个印章以成文日期为准居中（水平偏差）", _centre_off(last, date_line, char), where))
    missing, offs = [], []
    for row in rows:
        for seal in row:
            names = [seg for _, seg in inside if _inside(seg, seal) and not DATE.search(seg.text)]
            name = min(names, key=lambda seg: abs(_centre_off(seg, seal, char)), default=None)
            if name is None:
                missing.append(seal)
                continue
            offs.append((_centre_off(name, seal, char), name))
            if seal is last and date_line is not None and _inside(date_line, last):
                out.append(
                    _centred("最后一个署名以成文日期为准居中（水平偏差）", _centre_off(name, date_line, char), where)
                )
                middle, cy = (name.top + date_line.bottom) / 2, (seal.top + seal.bottom) / 2
                out.append(fact(clause, "最后一个署名和成文日期居印章中心偏下", "署名、日期的中线低于印章圆心",
                                f"低 {mm(middle - cy):.1f} mm" if middle >= cy else f"高 {mm(cy - middle):.1f} mm",
                                middle >= cy))  # fmt: skip
    found_all = f"{where}：{len(missing)} 个印章下未找到署名" if missing else f"{where}：各有署名"
    out.append(fact(clause, "印章一一对应下压各发文机关署名", "每个印章下有一个署名", found_all, not missing))
    if offs:
        worst, name = max(offs, key=lambda item: abs(item[0]))
        out.append(_centred("印章居中下压署名（水平偏差最大者）", worst, f"{where}，“{name.text}”"))
    align = P.JOINT_SEAL_ALIGN.value
    tops = max((mm(abs(s.top - row[0].top)) for row in rows for s in row), default=0.0)
    widest = max(rows, key=len)
    columns = max(min(mm(abs((s.x0 + s.x1) - (c.x0 + c.x1)) / 2) for c in widest) for row in rows for s in row)
    out.append(within(clause, "印章排列整齐（同排顶端、同列中线，最大偏差）", 0, "mm", max(tops, columns),
                      below=align, above=align, where=where))  # fmt: skip
    gap = min(_gap(a, b) for i, a in enumerate(shapes) for b in shapes[i + 1 :])
    out.append(fact(clause, "印章之间互不相交或相切", "最近的两个印章之间有空隙",
                    f"最近处相距 {mm(gap):.1f} mm（{where}）", gap > 0))  # fmt: skip
    tolerance = P.TYPE_WIDTH.tolerance * P.MM
    outside = max(left - min(s.x0 for s in shapes), max(s.x1 for s in shapes) - right)
    out.append(fact(clause, "每排印章两端不超出版心", "印章在版心左右边缘之内",
                    f"超出 {mm(outside):.1f} mm（{where}）" if outside > tolerance else f"在版心之内（{where}）",
                    outside <= tolerance))  # fmt: skip
    first_top = min(s.top for s in rows[0])
    body = [ln for ln in page.lines if ln.bottom <= first_top + 1 and not any(_inside(ln, s) for s in shapes)]
    if body:
        out.append(within(clause, "首排印章顶端距正文（或附件说明）一行之内", 0, "mm", mm(first_top - body[-1].bottom),
                          below=OVERLAP_MM, above=mm(pitch), where=where))  # fmt: skip
    return out


def _gap(a: Shape, b: Shape) -> float:
    """The room between two seals: between the circles for two round seals, else between their boxes."""
    if _round(a) and _round(b):
        d = math.dist(((a.x0 + a.x1) / 2, (a.top + a.bottom) / 2), ((b.x0 + b.x1) / 2, (b.top + b.bottom) / 2))
        return d - (a.x1 - a.x0 + b.x1 - b.x0) / 4 - (a.bottom - a.top + b.bottom - b.top) / 4
    return max(b.x0 - a.x1, a.x0 - b.x1, b.top - a.bottom, a.top - b.bottom)


def _stacked(page: Page, stamps: list[Shape], pitch: float) -> list[RuleResult]:
    """7.3.5.3 联合行文: the 签名章 one below the other, aligned, one organ a line (no two side by side)."""
    clause = P.SIGNATURE_STAMP_CLAUSE
    where = f"第{page.number}页，联合行文 {len(stamps)} 个签名章"
    off = max(mm(max(abs(s.x0 - stamps[0].x0), abs(s.x1 - stamps[0].x1))) for s in stamps)
    apart = min(b.top - a.bottom for a, b in zip(stamps, stamps[1:], strict=False))
    align = P.JOINT_SEAL_ALIGN.value
    return [
        within(clause, "各签名章上下对齐（左右边缘最大偏差）", 0, "mm", off, below=align, above=align, where=where),
        fact(clause, "每行只编排一个机关的签发人职务、签名章", "签名章上下排列、互不重叠",
             f"上下最近相距 {mm(apart):.1f} mm（{where}）", apart > 0),
    ]  # fmt: skip


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


def _stamp(
    page: Page, stamp: Shape, picture: bool, right: float, pitch: float, first: bool = True, last: bool = True
) -> list[RuleResult]:
    """One 签名章 (7.3.5.3); of several (联合行文) the date is measured below the last only, the gap to the text
    above the first only."""
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
    if last and below:
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
    elif last:
        out.append(fact(clause, "成文日期在签名章下空一行", "签名章下有成文日期", f"{where}：未找到成文日期", False))
    body = [ln for ln in page.lines if ln.bottom <= stamp.top + 1]
    if body and first:
        out.append(within(clause, "签名章在正文下空二行", P.SIGNATURE_STAMP_GAP_LINES, "行",
                          (stamp.top - body[-1].top) / pitch - 1, below=LINE_COUNT_TOLERANCE,
                          above=LINE_COUNT_TOLERANCE, where=where))  # fmt: skip
    return out
