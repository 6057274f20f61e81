"""The rules measured on a laid-out page (a PDF, or the PDF LibreOffice makes of a DOCX).

The positions the standard fixes are absolute on an A4 page (the type area starts 37 mm from the top and 28 mm
from the left), so placements (red mark, page number, 版记, text beyond the type area) are measured against
that type area; centring is measured in the file's own text block, so that wrong margins are reported once.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from lintou_report.check import hanging, kinds
from lintou_report.check.attachments import attachment_rules, bound_pages, separate_start
from lintou_report.check.faces import FAMILY_NAMES, ROLE_FAMILY, clean_font_name
from lintou_report.check.foot import filled_pages
from lintou_report.check.letter import below_type_top, is_letter, without_replaced
from lintou_report.check.reading import (
    Glyph,
    Page,
    Reading,
    Stroke,
    TextLine,
    body_lines,
    body_size,
    char_pitch,
    han_steps,
    hex_color,
    is_cjk,
    is_red,
    left_edge,
    line_pitch,
    right_edge,
)
from lintou_report.check.rules import (
    BOTTOM,
    LEADING_MM,
    LEFT,
    LEVEL_NAMES,
    LINE_COUNT_TOLERANCE,
    POSITION_TOLERANCE_MM,
    RIGHT,
    SIZE_TOLERANCE_PT,
    TOP,
    Edges,
    ProfileName,
    RuleResult,
    fact,
    fixed,
    measure_rule,
    mm,
    num,
    within,
)
from lintou_report.check.seal import beside_stamp, seal_rules
from lintou_report.spec import gbt9704 as P
from lintou_report.spec.autospace import space
from lintou_report.spec.punctuation import HALF, LOOSE_EM, OPENING, RIGHT_BLANK, capacity
from lintou_report.spec.words import units, word_edges

_HEADING_PATTERNS = {
    1: re.compile(r"^[一二三四五六七八九十]+、"),
    2: re.compile(r"^（[一二三四五六七八九十]+）"),
    3: re.compile(r"^\d+[.．](?!\d)"),
    4: re.compile(r"^（\d+）"),
}
_DOC_NUMBER = re.compile(r"〔\d{4}〕\d+号")
_COLOPHON_LINE = re.compile(r"^(抄送|报|送|发)：|印发$|共印\d+份")
_ANY_DATE = re.compile(
    r"(\d{2,4}|[〇零一二三四五六七八九]{4})年[\d〇零一二三四五六七八九十]{1,3}月[\d〇零一二三四五六七八九十]{1,3}日"
)
_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_LINE_BREAK_CLAUSE = "GB/T 15834"


def guess_profile(layout: Reading) -> ProfileName:
    """The kind page 1 shows (kinds.py): a 公文 when its 版头 carries a 发文字号 or a red mark ending in 文件.
    Only the 版头 counts: the body may cite another document's number (依据林党〔2023〕12号) in any file."""
    if not layout.pages:
        return "briefing"
    page = layout.pages[0]
    red = [line for line in _head_lines(page) if _red_share(line) > 0.5]
    official = _doc_number_line(page) is not None or any(line.text.endswith("文件") for line in red)
    return kinds.guess(page, official)


def _head_lines(page: Page) -> list[TextLine]:
    """The lines of the 版头: those above the page's first red rule (every line when it has none); in a 信函格式
    (10.1) those above the title, as its 发文字号 stands under the first double line."""
    if is_letter(page):
        big = [line for line in page.lines if line.size >= P.TITLE_SIZE.pt - 1 and _red_share(line) <= 0.5]
        return [line for line in page.lines if not big or line.bottom <= big[0].top]
    rules = _red_rules(page)
    return [line for line in page.lines if line.bottom <= rules[0].y] if rules else page.lines


# A line that opens with a 发文字号 (林党〔2023〕12号), not one that cites it (…《方案》（林党〔2023〕12号）…).
_DOC_NUMBER_OPENS = re.compile(r"^[^\s，。、；：“”‘’《》（）()]{0,12}〔\d{4}〕")


def _doc_number_line(page: Page) -> TextLine | None:
    """The 发文字号 of the 版头: a line that opens with it (机关代字〔年份〕…, however its number is written)."""
    return next((line for line in _head_lines(page) if _DOC_NUMBER_OPENS.match(line.text)), None)


def _red_share(line: TextLine) -> float:
    return sum(is_red(g.color) for g in line.glyphs) / len(line.glyphs)


def _family_of(glyphs: list[Glyph]) -> str | None:
    """The family most of the Chinese characters are set in."""
    fams = Counter(g.family for g in glyphs if is_cjk(g.text))
    return fams.most_common(1)[0][0] if fams else None


def _font_names(glyphs: list[Glyph]) -> str:
    return "、".join(sorted({clean_font_name(g.font) for g in glyphs if is_cjk(g.text)})) or "—"


def _family_rule(clause: str, name: str, role: str, glyphs: list[Glyph]) -> RuleResult:
    want = ROLE_FAMILY[role]
    got = _family_of(glyphs)
    if got is None:
        return fact(clause, name, FAMILY_NAMES[want], "无汉字，无法测量", None)
    return fact(clause, name, FAMILY_NAMES[want], f"{FAMILY_NAMES[got]}（{_font_names(glyphs)}）", got == want)


# The rules on a laid-out PDF ------------------------------------------------------------------------------------


def _title_breaks(rows: list[str]) -> RuleResult:
    """7.3.1 回行时要做到词意完整: each line of a broken title ends between two words."""
    text, inside, end = "".join(rows), [], 0
    edges = word_edges(text)
    for row in rows[:-1]:
        end += len(row)
        if end not in edges:
            inside.append(f"“{row[-4:]}｜{text[end : end + 4]}”")
    return fact(
        P.TITLE_SIZE.clause, "标题回行词意完整", "在词与词之间回行", "、".join(inside) or "是", not inside, inside
    )


def pdf_rules(layout: Reading, profile: ProfileName, compressing: bool = True) -> list[RuleResult]:
    """The layout rules measured on ``layout``; ``compressing`` False for a layout whose typesetter does not
    compress punctuation (LibreOffice's of a DOCX): it is not held to what compression could have saved."""
    layout, drafted = _without_draft_marks(layout)
    pages = layout.pages
    size = body_size(layout)
    body = body_lines(layout, size) if size else []
    pitch = line_pitch(body, size) if size else None
    # the text block's edges: where the body lines begin, where most of them end
    left, right = left_edge(body), right_edge(body)
    out = [
        _page_size(pages),
        measure_rule(P.BODY_SIZE, size, tolerance=SIZE_TOLERANCE_PT, where="全文最多的字号" if size else "无文字"),
    ]
    letter = bool(pages) and is_letter(pages[0])  # 信函格式 (10.1): rules of its own in elements.py
    out += _type_area([below_type_top(pages[0]), *pages[1:]] if letter else pages, left, right)
    out.append(measure_rule(P.LINE_PITCH, pitch))
    out += _grid(pages, body, size, pitch, left, right)
    # horizontal placements are measured in the file's own text block, so wrong margins count only once
    edges = (left or LEFT, right or RIGHT)
    out += _masthead(pages[0], pitch, profile, edges) if pages else []
    out += _title(pages[0] if pages else None, size, pitch, edges)
    out += kinds.kind_rules(pages[0] if pages else None, profile)
    out += _faces([line for p in pages for line in p.lines], body)
    # 附件 not bound with the 正文 (7.3.9) follow the 版记 and number their own pages
    restart, bound = separate_start(pages), bound_pages(pages)
    out += _page_numbers(pages[1:] if letter else pages, restart) if not letter or len(pages) > 1 else []
    out += _colophon(bound[-1] if bound else None, size)
    out += body_elements(pages, edges, pitch or P.LINE_PITCH.pt)
    out.append(_colophon_page(bound, size))
    out.append(_letter_spacing(pages, size, compressing))
    out.append(_line_breaks(pages))
    out.append(_dates(pages))
    if letter:
        out = without_replaced(out)
    if drafted:
        out.append(
            fact("ours", "草稿标记", "正式文件无“草稿”", f"{drafted} 页有“草稿”标记（草稿，不是正式文件）", None)
        )
    return out


def body_elements(pages: list[Page], edges: Edges, pitch: float) -> list[RuleResult]:
    """附件说明, 附件 pages, 印章, 纪要's 出席 lines and the 版记's 抄送 lines, each where the file has them.
    Indents are counted from the file's own text block where it lies within a character of the type area
    (a short document's lines may not show its edges), else from the type area."""
    char = P.CHAR_PITCH.pt
    left = edges[0] if abs(edges[0] - LEFT) <= char else LEFT
    right = edges[1] if abs(edges[1] - RIGHT) <= char else RIGHT
    out = hanging.attachments_note(pages, left, pitch)
    out += attachment_rules(pages, left, right, pitch)
    out += seal_rules(pages, left, right, pitch)
    out += hanging.attendance(pages, left, pitch)
    bound = bound_pages(pages)
    out += hanging.copy_to(bound[-1] if bound else None, left, right, pitch)
    return out


def _without_draft_marks(layout: Reading) -> tuple[Reading, int]:
    """The layout without the 草稿 marks above the type area (layout/draft.py), which are not part of the
    document the rules measure, and how many pages carry one."""
    pages, drafted = [], 0
    for page in layout.pages:
        marks = [ln for ln in page.lines if ln.text == P.DRAFT_MARK_TEXT and ln.bottom < TOP]
        if marks:
            drafted += 1
            kept = [ln for ln in page.lines if ln not in marks]
            lines = [dataclasses.replace(ln, index=k) for k, ln in enumerate(kept, 1)]
            page = dataclasses.replace(page, lines=lines)
        pages.append(page)
    return (dataclasses.replace(layout, pages=pages) if drafted else layout), drafted


def _page_size(pages: list[Page]) -> RuleResult:
    expected = f"{num(P.PAGE_WIDTH.value)} × {num(P.PAGE_HEIGHT.value)} mm ± {num(POSITION_TOLERANCE_MM)}"
    if not pages:
        return fact(P.PAGE_WIDTH.clause, "幅面（A4）", expected, "无页面", None)
    bad = [
        f"第{p.number}页 {mm(p.width):.1f} × {mm(p.height):.1f} mm"
        for p in pages
        if abs(mm(p.width) - P.PAGE_WIDTH.value) > POSITION_TOLERANCE_MM
        or abs(mm(p.height) - P.PAGE_HEIGHT.value) > POSITION_TOLERANCE_MM
    ]
    first = f"{mm(pages[0].width):.1f} × {mm(pages[0].height):.1f} mm"
    return fact(
        P.PAGE_WIDTH.clause, "幅面（A4）", expected, bad[0] if bad else f"{first}（共{len(pages)}页）", not bad, bad
    )


def _type_area(pages: list[Page], left: float | None, right: float | None) -> list[RuleResult]:
    """Top from the pages after the first (page 1 opens with the 版头); foot from the pages the text fills to the
    bottom (foot.py), and from any page whose text runs below the foot."""
    # not a page with the 版记 alone; page 1 only when nothing else has text, and not when it opens with a 版头's
    # name (larger than the text: the 标志 of a 公文 of one page, which lies below the type area's top)
    text = [p for p in pages if p.lines and not _colophon_only(p)]
    heads = text[1:] or [p for p in text[:1] if p.lines[0].size <= P.BODY_SIZE.pt + SIZE_TOLERANCE_PT]
    tops = sorted(p.lines[0].top for p in heads)
    top = tops[len(tops) // 2] if tops else None
    tol = POSITION_TOLERANCE_MM
    lowest = (P.BOTTOM_MARGIN.value - tol) * P.MM
    feet = filled_pages(pages, left, right)
    feet += [p for p in pages if p.lines and p.height - p.lines[-1].bottom < lowest and p not in feet]
    feet.sort(key=lambda p: p.number)
    bottom = max((p.lines[-1].bottom for p in feet), default=None)
    foot = within(
        P.BOTTOM_MARGIN.clause,
        P.BOTTOM_MARGIN.name + "（末行字底）",
        P.BOTTOM_MARGIN.value,
        "mm",
        mm(feet[0].height - bottom) if bottom is not None else None,
        below=tol,
        above=tol + LEADING_MM,
        where=_listed(feet, "最低") if feet else "无排满的页（无跨页的段落或表格），各页文字未出版心下边缘",
    )
    out = [
        within(
            P.TOP_MARGIN.clause,
            P.TOP_MARGIN.name + "（首行字顶）",
            P.TOP_MARGIN.value,
            "mm",
            mm(top) if top is not None else None,
            below=tol,
            above=tol + LEADING_MM,
            where=_pages_note(heads, "中位") or "只有以版头开始的首页和版记页，无法测量",
        ),
        foot,
        measure_rule(P.LEFT_MARGIN, mm(left) if left is not None else None, name=P.LEFT_MARGIN.name + "（行首）"),
        measure_rule(
            P.RIGHT_MARGIN,
            mm(pages[0].width - right) if right is not None else None,
            name=P.RIGHT_MARGIN.name + "（满行行尾）",
        ),
    ]
    slack = POSITION_TOLERANCE_MM * P.MM
    out_lines = [
        f"第{line.page}页第{line.index}行 {mm(line.x0):.1f}–{mm(line.x1):.1f} mm：{line.text[:16]}"
        for p in pages
        for line in p.lines
        if text_start(line) < LEFT - slack or text_end(line) > RIGHT + slack
    ]
    out.append(
        fact(
            P.TYPE_WIDTH.clause,
            "文字不出版心（左右）",
            "0 行",
            f"{len(out_lines)} 行",
            not out_lines,
            out_lines,
        )
    )
    return out


def _listed(pages: list[Page], how: str) -> str:
    """The pages named one by one (a few) or as a span."""
    if len(pages) in (2, 3, 4):
        return "第" + "、".join(str(p.number) for p in pages) + f"页{how}"
    return _pages_note(pages, how)


def _pages_note(pages: list[Page], how: str) -> str:
    if not pages:
        return ""
    span = f"第{pages[0].number}页" if len(pages) == 1 else f"第{pages[0].number}–{pages[-1].number}页{how}"
    return span


def _grid(
    pages: list[Page],
    body: list[TextLine],
    size: float | None,
    pitch_pt: float | None,
    left: float | None,
    right: float | None,
) -> list[RuleResult]:
    """Lines a full page holds, counted on the body grid: a table or heading between body lines takes the grid
    lines it covers. A full page starts with a body line at the type-area top and ends with one at its foot."""
    on_page = {p.number: [line for line in body if line.page == p.number] for p in pages}
    heads = [v[0].top for v in on_page.values() if v]
    foot = max((p.lines[-1].bottom for p in pages[:-1] if p.lines), default=0)
    top = sorted(heads)[len(heads) // 2] if heads else 0
    # the grid: the baseline of the first line of the pages after the first; page 1's 版头 (above its red rule)
    # stands outside it
    firsts = sorted(v[0].bottom for n, v in on_page.items() if v and n > 1) or [
        v[0].bottom for v in on_page.values() if v
    ]
    grid = firsts[len(firsts) // 2] if firsts else 0
    head_end = max((r.y for r in _red_rules(pages[0])), default=0) if pages else 0
    counts: dict[int, int] = {}
    off_grid: list[str] = []
    for p in pages:
        lines = [line for line in on_page[p.number] if p.number > 1 or line.top > head_end]
        if not pitch_pt or not lines:
            continue
        first = lines[0]
        full = abs(first.top - top) < pitch_pt / 2 and p.lines[0] is first and lines[-1].bottom >= foot - pitch_pt / 2
        if full and p is not pages[-1]:
            counts[p.number] = round((lines[-1].bottom - first.bottom) / pitch_pt) + 1
        for line in lines:
            if beside_stamp(p, line):
                continue
            steps = (line.bottom - grid) / pitch_pt
            if abs(steps - round(steps)) * pitch_pt > POSITION_TOLERANCE_MM * P.MM:
                off_grid.append(
                    f"第{p.number}页第{line.index}行偏离网格 {abs(steps - round(steps)) * pitch_pt:.1f} pt："
                    f"{line.text[:14]}"
                )
    bad = [f"第{n}页 {c} 行" for n, c in counts.items() if c != P.LINES_PER_PAGE]
    lines_rule = fact(
        P.GRID_CLAUSE,
        "每面行数（满页，按行格计）",
        f"{P.LINES_PER_PAGE} 行",
        "、".join(f"第{n}页 {c} 行" for n, c in counts.items()) or "无满页可测",
        not bad if counts else None,
        bad,
    )
    grid_rule = fact(
        P.GRID_CLAUSE,
        "正文行落在每页网格上（标题、表格之后回到网格）",
        "0 行偏离",
        f"{len(off_grid)} 行偏离" if pitch_pt else "无法测量",
        not off_grid if pitch_pt else None,
        off_grid,
    )
    pitch = char_pitch(body, P.CHARS_PER_LINE + GRID_SLACK_EMS)
    chars_rule = fact(P.GRID_CLAUSE, "每行字数（满行）", f"{P.CHARS_PER_LINE} 字", "无法测量", None)
    if pitch and left is not None and right is not None:
        per_line = (right - left + P.CHAR_PITCH.tolerance * P.CHARS_PER_LINE) / pitch
        chars_rule = fact(
            P.GRID_CLAUSE,
            "每行字数（满行）",
            f"{P.CHARS_PER_LINE} 字",
            f"{int(per_line)} 字（版心宽 {mm(right - left):.1f} mm ÷ 字距 {pitch:.2f} pt）",
            int(per_line) == P.CHARS_PER_LINE,
        )
    m = P.CHAR_PITCH
    pitch_rule = within(m.clause, m.name, m.value, m.unit, pitch, below=m.tolerance, above=m.tolerance)
    return [lines_rule, grid_rule, pitch_rule, chars_rule]


def _red_rules(page: Page) -> list[Stroke]:
    """Red horizontal rules, top to bottom; pieces on one line split by a ★ (or by a gap no wider than two
    stars) count as one rule."""
    merged: list[Stroke] = []
    for s in sorted((s for s in page.strokes if s.horizontal and is_red(s.color)), key=lambda s: (s.y, s.x0)):
        last = merged[-1] if merged else None
        if last and abs(last.y - s.y) < 1 and (s.x0 - last.x1 < P.STAR_SIZE.pt * 2 or _star_between(page, last, s)):
            merged[-1] = Stroke(
                last.x0,
                max(last.x1, s.x1),
                min(last.top, s.top),
                max(last.bottom, s.bottom),
                max(last.weight, s.weight),
                last.color,
            )
        else:
            merged.append(s)
    return merged


def _red_marks(page: Page) -> list[tuple[float, float, float]]:
    """Red filled shapes and red ★ characters on the page: (x0, x1, vertical centre)."""
    marks = [(sh.x0, sh.x1, (sh.top + sh.bottom) / 2) for sh in page.shapes if is_red(sh.color)]
    marks += [
        (g.x0, g.x1, (g.top + g.bottom) / 2)
        for line in page.lines
        for g in line.glyphs
        if g.text == "★" and is_red(g.color)
    ]
    return marks


def _star_between(page: Page, left: Stroke, right: Stroke) -> bool:
    return any(
        left.x1 - 1 <= x0 and x1 <= right.x0 + 1 and abs(y - left.y) < P.STAR_SIZE.pt for x0, x1, y in _red_marks(page)
    )


def _whole_mark(red_lines: list[TextLine], mark: TextLine | None) -> TextLine | None:
    """The 标志 with the red lines of its size just below it (联合行文, 7.2.4: the organs stacked, “文件”
    beside them) as one line: its edges are the block's. The block runs on while the next line of that size
    starts within two ems of the one above, so five or more organs stay one 标志."""
    if mark is None:
        return None
    same = sorted((line for line in red_lines if abs(line.size - mark.size) < 0.3), key=lambda line: line.top)
    block = [mark]
    for line in same:
        if line is not mark and 0 <= line.top - block[-1].top < 2 * mark.size and line.top >= mark.top:
            block.append(line)
    if len(block) < 2:
        return mark
    return TextLine(mark.page, mark.index, [g for line in block for g in line.glyphs], mark.ink_top)


def _masthead(page: Page, pitch: float | None, profile: ProfileName, edges: Edges) -> list[RuleResult]:
    red_lines = [line for line in page.lines if _red_share(line) > 0.5]
    mark = _whole_mark(red_lines, max(red_lines, key=lambda line: line.size, default=None))
    official = profile in kinds.OFFICIAL
    minutes = profile == "minutes"
    order = profile == "order"
    clause = "7.2.4" if official else P.MINUTES_CLAUSE if minutes else P.ORDER_CLAUSE if order else "practice"
    label = "发文机关标志" if official else "纪要标志" if minutes else "命令（令）标志" if order else "报头名称"
    out: list[RuleResult] = []
    if mark is None:
        out.append(fact(clause, f"{label}（红色）", "红色（#FF0000）", "第1页无红色文字", False))
    else:
        colours = Counter(hex_color(g.color) for g in mark.glyphs)
        out.append(
            fact(clause, f"{label}（红色）", "红色（#FF0000）", f"“{mark.text}” {colours.most_common(1)[0][0]}", True)
        )
        out.append(_family_rule(clause, f"{label}字体", "title", mark.glyphs))
        out.append(
            fact(
                clause,
                f"{label}字号",
                f"≤ {num(P.ORGAN_MARK_MAX_SIZE.pt)} pt（初号）",
                f"{mark.size:.2f} pt",
                mark.size <= P.ORGAN_MARK_MAX_SIZE.pt + SIZE_TOLERANCE_PT,
            )
        )
        share = (mark.x1 - mark.x0) / P.TYPE_WIDTH.pt
        out.append(
            fact(
                clause,
                f"{label}宽度",
                f"≤ 版心宽 {P.MASTHEAD_FIT:.0%}",
                f"{share:.0%}（{mm(mark.x1 - mark.x0):.1f} mm）",
                share <= P.MASTHEAD_FIT + 0.005,
            )
        )
        out.append(_centred(clause, f"{label}居中", mark, edges))
        if official or minutes or order:  # 10.3: the 纪要标志's top as the 发文机关标志's; 10.2: 20 mm
            top, how = (mark.ink_top, "字迹上沿") if mark.ink_top is not None else (mark.top, "字身上沿")
            m = P.ORDER_MARK_TOP if order else P.ORGAN_MARK_TOP
            out.append(
                within(
                    clause,
                    m.name.replace("发文机关标志", label),
                    m.value,
                    m.unit,
                    mm(top - TOP),
                    below=POSITION_TOLERANCE_MM,
                    above=POSITION_TOLERANCE_MM,
                    where=how,
                )
            )
    if order:  # 10.2: no red rule, the 令号 and the body below the 标志
        return out + order_number(page, mark, pitch, edges)
    rules = _red_rules(page)
    rule = rules[0] if rules else None
    weight = f"{num(P.OFFICIAL_RULE_WIDTH.pt)}–{num(P.BRIEFING_RULE_WIDTH.pt)} pt（practice）"
    if rule is None:
        out.append(fact("7.2.7", "红色分隔线", "版心宽、红色", "第1页无红色横线", False))
    else:
        width = P.TYPE_WIDTH
        out.append(
            within(
                "7.2.7",
                "红色分隔线长度（与版心等宽）",
                width.value,
                "mm",
                mm(rule.length),
                below=width.tolerance,
                above=width.tolerance,
            )
        )
        pieces = sorted((r for r in _red_rules(page) if abs(r.y - rule.y) < 1), key=lambda r: r.x0)
        if len(pieces) > 1:
            out[-1].details = ["同一高度的红线分段：" + "、".join(f"{mm(r.x0):.1f}–{mm(r.x1):.1f} mm" for r in pieces)]
        out.append(
            fact(
                "7.2.7",
                "红色分隔线粗细",
                weight,
                f"{rule.weight:.2f} pt {hex_color(rule.color)}",
                P.OFFICIAL_RULE_WIDTH.pt - 0.05 <= rule.weight <= P.BRIEFING_RULE_WIDTH.pt + 0.05,
            )
        )
    if official:
        out += _doc_number(page, mark, rule, pitch)
    else:
        issue = next((line for line in page.lines if re.search(r"第\d+期", line.text)), None)
        out.append(
            fact(
                "practice",
                "报头期号“第×期”居中",
                "有，居中",
                f"“{issue.text}”" if issue else "未找到",
                issue is not None and _is_centred(issue, edges),
            )
        )
        office = next((line for line in page.lines if _DATE.search(line.text) and line is not mark), None)
        if office and rule:
            office = next((line for line in page.lines if _DATE.search(line.text) and line.bottom <= rule.y), office)
        ok = office is not None and abs(office.x0 - edges[0]) < 3 * P.MM and abs(office.x1 - edges[1]) < 3 * P.MM
        out.append(
            fact("practice", "编印单位居左、日期居右", "一行，左右顶格", f"“{office.text}”" if office else "未找到", ok)
        )
    return out


_ORDER_NUMBER = re.compile(r"^第\s*[1-9]\d*\s*号$")


def order_number(page: Page, mark: TextLine | None, pitch: float | None, edges: Edges) -> list[RuleResult]:
    """10.2: 发文机关标志下空二行居中编排令号，令号下空二行编排正文."""
    clause = P.ORDER_CLAUSE
    below = [line for line in page.lines if mark is None or line.top > mark.bottom]
    number = next((line for line in below if _ORDER_NUMBER.match(line.text)), None)
    if number is None:
        return [fact(clause, "令号", "“第×号”，标志下居中", "第1页未找到", False)]
    out = [_centred(clause, "令号居中", number, edges)]
    if mark is None or not pitch:
        return out
    # The 标志 stands off the grid (20 mm from the type area's top): what is left of the grid line its foot
    # ends in counts to the gap, so two blank grid lines measure from 2 up to (not including) 3 lines. Its foot
    # is taken one em below its ink's top (a CJK glyph's ink fills its em): readers disagree on a face's em box.
    foot = mark.ink_top + mark.size if mark.ink_top is not None else mark.bottom
    gaps = [("令号在标志下空二行（按行格）", (number.top - foot) / pitch, P.ORDER_NUMBER_GAP_LINES, 1 - 0.05)]
    text = next((line for line in page.lines if line.top > number.bottom), None)
    if text is not None:
        gap = (text.top - number.top) / pitch - 1
        gaps.append(("正文在令号下空二行", gap, P.ORDER_BODY_GAP_LINES, LINE_COUNT_TOLERANCE))
    for name, gap, want, above in gaps:
        out.append(within(clause, name, want, "行", gap, below=LINE_COUNT_TOLERANCE, above=above))
        out[-1].measured = f"{gap:.2f} 行"
    return out


def _doc_number(page: Page, mark: TextLine | None, rule: Stroke | None, pitch: float | None) -> list[RuleResult]:
    number = _doc_number_line(page)
    if number is None:
        return [fact("7.2.5", "发文字号", "〔年份〕序号号", "第1页未找到", False)]
    text = number.text
    ok_form = bool(re.search(r"〔\d{4}〕[1-9]\d*号", text)) and "第" not in text
    out = [fact("7.2.5", "发文字号写法", "〔2023〕12号：六角括号、无“第”、无虚位", f"“{text}”", ok_form)]
    # 7.2.6: with several 签发人 the first line of names is the one two lines below the 标志 (the 发文字号 shares
    # the last one's)
    first = next((line for line in page.lines if "签发人：" in line.text and line.top <= number.top), number)
    if mark is not None and pitch:
        gap = (first.top - mark.bottom) / pitch
        out.append(
            within(
                "7.2.5",
                "发文字号在标志下空二行",
                P.DOC_NUMBER_GAP_LINES,
                "行",
                gap,
                below=LINE_COUNT_TOLERANCE,
                above=LINE_COUNT_TOLERANCE,
            )
        )
        out[-1].measured = f"{gap:.2f} 行"
    if rule is not None:
        out.append(
            measure_rule(P.SEPARATOR_BELOW_DOC_NUMBER, mm(rule.y - number.bottom), tolerance=POSITION_TOLERANCE_MM)
        )
        organ = mark.text if mark else ""
        if "中共" in organ or "党" in organ:
            centre = (rule.x0 + rule.x1) / 2
            star = any(
                abs((x0 + x1) / 2 - centre) < 2 * P.MM and abs(y - rule.y) < P.STAR_SIZE.pt
                for x0, x1, y in _red_marks(page)
            )
            out.append(
                fact(P.STAR_SIZE.clause, "分隔线中的红色五角星（党的机关）", "有，居中", "有" if star else "无", star)
            )
    return out


def _is_centred(line: TextLine, edges: Edges) -> bool:
    return abs((line.x0 + line.x1) / 2 - sum(edges) / 2) <= POSITION_TOLERANCE_MM * P.MM


def _centred(clause: str, name: str, line: TextLine, edges: Edges) -> RuleResult:
    off = mm((line.x0 + line.x1) / 2 - sum(edges) / 2)
    return within(clause, name + "（中心偏离）", 0, "mm", off, below=POSITION_TOLERANCE_MM, above=POSITION_TOLERANCE_MM)


def _title(page: Page | None, size: float | None, pitch: float | None, edges: Edges) -> list[RuleResult]:
    if page is not None and kinds.is_order_mark(kinds.mark_text(page)):
        return []  # 10.2, figure A.17: a 命令（令） has no title line
    if page is None or size is None:
        return [fact(P.TITLE_SIZE.clause, "标题", "2号小标宋", "无法测量", None)]
    lines = [line for line in page.lines if _red_share(line) <= 0.5 and line.size >= size + 3]
    if not lines:
        return [fact(P.TITLE_SIZE.clause, "标题", "2号小标宋，第1页", "第1页未找到大于正文的标题", False)]
    first = lines[0]
    title = [line for line in lines if abs(line.size - first.size) < 0.3 and line.top - first.top < 4 * first.size]
    glyphs = [g for line in title for g in line.glyphs]
    out = [
        measure_rule(
            P.TITLE_SIZE,
            first.size,
            where=f"“{''.join(line.text for line in title)[:20]}”",
            tolerance=SIZE_TOLERANCE_PT,
        ),
        _family_rule(P.TITLE_SIZE.clause, "标题字体", "title", glyphs),
    ]
    out += [_centred(P.TITLE_SIZE.clause, f"标题第{i}行居中", line, edges) for i, line in enumerate(title, 1)]
    if len(title) > 1:
        out.append(_title_breaks([line.text for line in title]))
    rules = [s for s in _red_rules(page) if s.y < first.top]
    if rules and pitch:
        gap = (first.top - rules[-1].y) / pitch
        r = within(
            P.TITLE_SIZE.clause,
            "标题在红色分隔线下空二行",
            P.TITLE_GAP_LINES,
            "行",
            gap,
            below=LINE_COUNT_TOLERANCE,
            above=LINE_COUNT_TOLERANCE,
        )
        r.measured = f"{gap:.2f} 行（{mm(first.top - rules[-1].y):.1f} mm）"
        out.append(r)
    else:
        out.append(fact(P.TITLE_SIZE.clause, "标题在红色分隔线下空二行", "2 行", "标题上方无红色分隔线", False))
    return out


def _faces(lines: list[TextLine], body: list[TextLine]) -> list[RuleResult]:
    out = []
    plain = []
    for level, pattern in _HEADING_PATTERNS.items():
        role = P.HEADING_ROLES[level]
        heads = [line for line in lines if pattern.match(line.text)]
        if not heads:
            out.append(
                fact(
                    P.HEADING_CLAUSE,
                    f"{LEVEL_NAMES[level]}标题字体",
                    FAMILY_NAMES[ROLE_FAMILY[role]],
                    "文中无此级标题",
                    None,
                )
            )
            continue
        wrong = []
        for line in heads:
            m = pattern.match(line.text)
            glyphs = [g for g in line.glyphs[len(m.group(0)) : len(m.group(0)) + 4] if is_cjk(g.text)]
            got = _family_of(glyphs)
            if got != ROLE_FAMILY[role]:
                wrong.append(
                    f"第{line.page}页第{line.index}行 {FAMILY_NAMES.get(got or 'other')}："
                    f"{line.text[:14]}（{_font_names(glyphs)}）"
                )
        first = heads[0].glyphs[len(pattern.match(heads[0].text).group(0)) :][:4]
        out.append(
            fact(
                P.HEADING_CLAUSE,
                f"{LEVEL_NAMES[level]}标题字体",
                FAMILY_NAMES[ROLE_FAMILY[role]],
                f"{len(heads) - len(wrong)}/{len(heads)} 处相符（{_font_names(first)}）",
                not wrong,
                wrong,
            )
        )
    for line in body:
        if not any(p.match(line.text) for p in _HEADING_PATTERNS.values()):
            plain += line.glyphs
    out.append(_family_rule(P.BODY_SIZE.clause, "正文字体", "body", plain))
    return out


def _page_numbers(pages: list[Page], restart: int | None = None) -> list[RuleResult]:
    """``restart``: the page from which the numbers start again at 1 (附件 not bound with the 正文, 7.3.9)."""
    clause = P.PAGE_NUMBER_SIZE.clause
    # 7.5: a 版记 page after a blank page carries no page number
    main = [p for p in pages if restart is None or p.number < restart]
    after_blank = len(main) > 1 and main[-2].blank and main[-1].page_number is None
    numbered = [p for p in pages if not p.blank and not (after_blank and p is main[-1])]
    missing = [f"第{p.number}页无页码" for p in numbered if p.page_number is None]
    found = [p for p in numbered if p.page_number is not None]
    if not found:
        return [fact(clause, "页码格式（一字线 U+2014）", f"“{P.page_number_text(1)}”，每页", "无页码", False, missing)]

    def own(p: Page) -> int:
        return p.number - restart + 1 if restart is not None and p.number >= restart else p.number

    wrong_text = []
    for p in found:
        want = P.page_number_text(own(p)).replace(" ", "")
        got = p.page_number.text.replace(" ", "")
        if got != want:
            wrong_text.append(f"第{p.number}页：“{p.page_number.text}”")
    out = [
        fact(
            clause,
            "页码格式（一字线 U+2014）",
            f"“{P.page_number_text(1)}”，每页",
            f"{len(found) - len(wrong_text)}/{len(numbered)} 页相符（如“{found[0].page_number.text}”）",
            not wrong_text and not missing,
            missing + wrong_text,
        )
    ]
    sizes = [p.page_number.size for p in found]
    worst = max(sizes, key=lambda s: abs(s - P.PAGE_NUMBER_SIZE.pt))
    out.append(measure_rule(P.PAGE_NUMBER_SIZE, worst, tolerance=SIZE_TOLERANCE_PT))
    digits = [g for p in found for g in p.page_number.glyphs if g.text.isdigit()]
    fams = Counter(g.family for g in digits)
    fam = fams.most_common(1)[0][0]
    out.append(
        fact(
            clause,
            "页码字体",
            FAMILY_NAMES["song"],
            f"{FAMILY_NAMES[fam]}（{clean_font_name(digits[0].font)}）",
            fam == "song",
        )
    )
    drops = [(p.number, mm(p.page_number_ink_top - BOTTOM)) for p in found if p.page_number_ink_top is not None]
    if drops:
        worst_drop = max(drops, key=lambda d: abs(d[1] - P.PAGE_NUMBER_DROP.value))
        where = f"第{worst_drop[0]}页，一字线墨迹上沿，各页最差"
        out.append(measure_rule(P.PAGE_NUMBER_DROP, worst_drop[1], where=where))
    else:
        out.append(measure_rule(P.PAGE_NUMBER_DROP, None, where="页码无一字线，无法测量"))
    indent = P.PAGE_NUMBER_INDENT_CHARS * P.PAGE_NUMBER_SIZE.pt
    side_bad, offsets = [], []
    for p in found:
        line = p.page_number
        if own(p) % 2:
            off, side = mm(RIGHT - indent - line.x1), "单页居右空一字"
        else:
            off, side = mm(line.x0 - LEFT - indent), "双页居左空一字"
        offsets.append(off)
        if abs(off) > POSITION_TOLERANCE_MM:
            span = f"{mm(line.x0):.1f}–{mm(line.x1):.1f} mm"
            side_bad.append(f"第{p.number}页：{side}，实测偏 {fixed(off, 1, signed=True)} mm（{span}）")
    worst_off = max(offsets, key=abs)
    out.append(
        fact(
            clause,
            "页码位置（单页居右、双页居左，各空一字）",
            f"偏差 ≤ {num(POSITION_TOLERANCE_MM)} mm",
            f"{len(found) - len(side_bad)}/{len(found)} 页相符，最大偏差 {fixed(worst_off, 1, signed=True)} mm",
            not side_bad,
            side_bad,
        )
    )
    return out


def _colophon_rules(page: Page, size: float | None) -> list[Stroke]:
    """The 版记's rules, top to bottom. Found around its lines (抄送：, 印发, 报：送：发：, 共印) when they are
    there — the nearest rule above the first and below the last, and those between —, else the type-wide
    black rules below the body text that belong to no table."""
    wide = [s for s in page.strokes if s.horizontal and not is_red(s.color) and s.length >= 0.5 * P.TYPE_WIDTH.pt]
    marked = [line for line in page.lines if _COLOPHON_LINE.search(line.text)]
    if marked:
        first, last = marked[0], marked[-1]
        reach = 2 * P.LINE_PITCH.pt
        above = [s for s in wide if first.top - reach < s.y <= first.top]
        below = [s for s in wide if last.bottom <= s.y < last.bottom + reach]
        between = [s for s in wide if first.top < s.y < last.bottom]
        chosen = [max(above, key=lambda s: s.y)] if above else []
        chosen += between + ([min(below, key=lambda s: s.y)] if below else [])
        return sorted(chosen, key=lambda s: s.y)
    verticals = [s for s in page.strokes if not s.horizontal]
    text_end = max((line.bottom for line in page.lines if size and line.size >= size - 0.3), default=0)
    return sorted(
        (
            s
            for s in wide
            if s.y > text_end
            and not any(
                v.top - 1 <= s.y <= v.bottom + 1 and (v.x0 - 1 <= s.x0 <= v.x1 + 1 or v.x0 - 1 <= s.x1 <= v.x1 + 1)
                for v in verticals
            )
        ),
        key=lambda s: s.y,
    )


def _colophon_only(page: Page) -> bool:
    """A page that holds nothing but the 版记 (printed on both sides, it may stand alone on an even page):
    its first line is no measure of the type area's top."""
    rules = _colophon_rules(page, None)
    return bool(rules) and all(line.top >= rules[0].y - 1 for line in page.lines)


def _colophon(page: Page | None, size: float | None) -> list[RuleResult]:
    clause = "7.4"
    if page is None:
        return [fact(clause, "版记", "末页", "无页面", None)]
    rules = _colophon_rules(page, size)
    if not rules:
        return [fact(clause, "版记分隔线（末页）", "末页底部，版心宽", f"第{page.number}页未找到版记分隔线", False)]
    last = rules[-1]
    out = [
        within(
            "7.4",
            "版记末条分隔线在版心下边缘（距版心上边缘）",
            P.TYPE_HEIGHT.value,
            "mm",
            mm(last.y - TOP),
            below=POSITION_TOLERANCE_MM,
            above=POSITION_TOLERANCE_MM,
            where=f"第{page.number}页",
        ),
    ]
    lengths = [f"{mm(s.length):.1f}" for s in rules]
    out.append(
        fact(
            clause,
            "版记分隔线与版心等宽",
            f"{num(P.TYPE_WIDTH.value)} mm ± {num(P.TYPE_WIDTH.tolerance)}",
            f"{len(rules)} 条：{'、'.join(lengths)} mm",
            all(abs(mm(s.length) - P.TYPE_WIDTH.value) <= P.TYPE_WIDTH.tolerance for s in rules),
        )
    )
    heavy = [rules[0], rules[-1]] if len(rules) > 1 else rules
    out.append(
        fact(
            P.COLOPHON_HEAVY_RULE.clause,
            "版记首末条分隔线粗细",
            f"{num(P.COLOPHON_HEAVY_RULE.value)} mm ± {num(P.COLOPHON_HEAVY_RULE.tolerance)}",
            "、".join(f"{mm(s.weight):.2f}" for s in heavy) + " mm",
            len(rules) > 1
            and all(abs(mm(s.weight) - P.COLOPHON_HEAVY_RULE.value) <= P.COLOPHON_HEAVY_RULE.tolerance for s in heavy),
        )
    )
    middle = rules[1:-1]
    out.append(
        fact(
            P.COLOPHON_LIGHT_RULE.clause,
            "版记中间分隔线粗细",
            f"{num(P.COLOPHON_LIGHT_RULE.value)} mm ± {num(P.COLOPHON_LIGHT_RULE.tolerance)}",
            "、".join(f"{mm(s.weight):.2f}" for s in middle) + " mm" if middle else "无中间分隔线",
            all(abs(mm(s.weight) - P.COLOPHON_LIGHT_RULE.value) <= P.COLOPHON_LIGHT_RULE.tolerance for s in middle)
            if middle
            else None,
        )
    )
    inside = [g for line in page.lines if rules[0].y < line.top and line.bottom < last.y + 1 for g in line.glyphs]
    sizes = Counter(round(g.size, 1) for g in inside)
    size = sizes.most_common(1)[0][0] if sizes else None
    out.append(measure_rule(P.COLOPHON_SIZE, size, tolerance=SIZE_TOLERANCE_PT, where="" if size else "分隔线间无文字"))
    return out


def _colophon_page(pages: list[Page], size: float | None) -> RuleResult:
    """6.2 双面印刷 and 7.4.1 (the last rule on the type-area bottom of the last face): a document of more
    than one page ends, 版记 and all, on an even page."""
    name, expected = "版记在偶数页（双面印刷）", "末页为偶数页"
    clause = P.COLOPHON_EVEN_PAGE_CLAUSE
    if not pages or not _colophon_rules(pages[-1], size):
        return fact(clause, name, expected, "末页未找到版记", None)
    last = pages[-1].number
    if len(pages) == 1:
        return fact(clause, name, expected, "只有 1 页（双面印刷时版记宜移至第2页）", None)
    odd = f"版记在第{last}页（单页）：双面印刷时应移到下一页（偶数页）；单面印刷的单位可不理会"
    details = [] if last % 2 == 0 else [odd]
    return fact(clause, name, expected, f"版记在第{last}页", last % 2 == 0, details)


GRID_SLACK_EMS = 0.25  # a full line's glyphs take 28 ems; one that took a mark's half back, more
SPREAD_TOLERANCE_EM = 0.01  # positions read back from a PDF are rounded: a line spread by exactly half an em passes


def _letter_spacing(pages: list[Page], size: float | None, compressing: bool = True) -> RuleResult:
    """5.2.3 (28 characters a line, evenly spaced) and clreq's 先挤进，后推出 (spec/punctuation.py): no body line
    is spread by more than half an em of letter spacing in all, where compressing its punctuation could have
    taken back what went to the next line instead. A justified line adds the same spacing between every two
    Chinese characters (a compressed mark's gap, or a client's space between Chinese and digits, aside): the
    median gap between two Chinese characters over the grid's, times the line's gaps."""
    name = f"行内字距（整行加宽不超过 {num(LOOSE_EM)} 字，可挤压标点时）"
    limit = LOOSE_EM + SPREAD_TOLERANCE_EM
    if not size:
        return fact(P.GRID_CLAUSE, name, f"≤ {num(LOOSE_EM)} 字", "无正文", None)
    natural = P.CHAR_PITCH.pt - size
    body = [line for p in pages for line in p.lines if abs(line.size - size) <= SIZE_TOLERANCE_PT]
    worst, loose, kept = 0.0, [], 0
    for line, following in zip(body, [*body[1:], None], strict=True):
        steps = sorted(han_steps(line))
        if len(line.glyphs) < 3 or not steps:
            continue
        spread = (steps[len(steps) // 2] - P.CHAR_PITCH.pt) * (len(line.glyphs) - 1) / size
        if spread > limit and (following is None or not _could_push_in(line, following, spread * size, natural)):
            kept += 1  # 推出 was all that could be done: the punctuation cannot give that much
            continue
        worst = max(worst, spread)
        if spread > limit:
            loose.append(f"第{line.page}页第{line.index}行字距共加宽 {spread:.2f} 字（可挤压标点）：{line.text[:16]}")
    measured = f"最宽 {worst:.2f} 字"
    if kept:
        measured += f"（另有 {kept} 行标点无从挤压，只能加宽）"
    if loose and not compressing:
        measured += "（LibreOffice 不做标点挤压、在汉字与数字间加空，这些行由它排出，仅供参考）"
        return fact(P.GRID_CLAUSE, name, f"≤ {num(LOOSE_EM)} 字", measured, None, loose)
    return fact(P.GRID_CLAUSE, name, f"≤ {num(LOOSE_EM)} 字", measured, not loose, loose)


def _could_push_in(line: TextLine, following: TextLine, slack: float, natural: float) -> bool:
    """Whether the unit that starts ``following`` (a character with the marks glued to it, a number with
    its unit) would have fit on ``line`` had the line's punctuation been compressed (spec/punctuation.py)."""
    start, end = units(following.text)[0]
    box = following.glyphs[start:end]
    text = line.text + following.text[start:end]
    # the 中西间距 the box brings with it (spec/autospace.py): before it, and inside it
    joins = zip(text[len(line.text) - 1 :], text[len(line.text) :], strict=False) if line.text else ()
    width = sum(g.x1 - g.x0 + natural for g in box) + sum(space(a, b, line.size) for a, b in joins)
    return capacity(line.text + following.text[start:end]) * line.size >= width - slack


def text_start(line: TextLine) -> float:
    """Where a line's text starts: at the middle of an opening mark's square, whose left half is blank (a
    line-start bracket may give it up, spec/punctuation.py), else at the first glyph."""
    first = min(line.glyphs, key=lambda g: g.x0)
    return first.x0 + (first.x1 - first.x0) * HALF if first.text in OPENING else first.x0


def text_end(line: TextLine) -> float:
    """Where a line's text ends: at the middle of a line-end mark's square, whose right half is blank (a
    compressed line-end mark gives it up, spec/punctuation.py), else at the last glyph's advance."""
    last = max(line.glyphs, key=lambda g: g.x1)
    return last.x0 + (last.x1 - last.x0) * (1 - HALF) if last.text in RIGHT_BLANK else last.x1


def _line_breaks(pages: list[Page]) -> RuleResult:
    bad = []
    for p in pages:
        for line in p.lines:
            text = line.text
            if text[0] in P.NO_LINE_START:
                bad.append(f"第{p.number}页第{line.index}行行首“{text[0]}”：{text[:16]}")
            if text[-1] in P.NO_LINE_END:
                bad.append(f"第{p.number}页第{line.index}行行尾“{text[-1]}”：…{text[-16:]}")
    return fact(_LINE_BREAK_CLAUSE, "行首行尾禁则", "0 处", f"{len(bad)} 处", not bad, bad)


def _dates(pages: list[Page]) -> RuleResult:
    """Dates in Arabic numerals without leading zeros (7.3.5): 2023年11月9日, not 2023年11月09日 or 二〇二三年."""
    found, bad = 0, []
    for p in pages:
        for line in p.lines:
            for m in _ANY_DATE.finditer(line.text):
                found += 1
                if not re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", m.group(0)):
                    bad.append(f"第{p.number}页第{line.index}行：{m.group(0)}")
    return fact(
        "7.3.5",
        "日期用阿拉伯数字、年份写全、月日不编虚位",
        "如 2023年11月9日",
        f"{found - len(bad)}/{found} 处相符" if found else "文中无日期",
        not bad if found else None,
        bad,
    )


def font_embedding_rule(layout: Reading, file_format: str) -> RuleResult:
    """Every font the file uses has its program in it; the rule is the file format's (``file_format``: PDF or OFD),
    not the standard's."""
    missing = [f.name for f in layout.fonts if not f.embedded]
    return fact(
        file_format,
        "字体全部嵌入",
        "全部嵌入",
        f"{len(layout.fonts) - len(missing)}/{len(layout.fonts)} 嵌入",
        not missing and bool(layout.fonts),
        [f"未嵌入：{n}" for n in missing],
    )
