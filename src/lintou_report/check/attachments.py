"""附件 pages (GB/T 9704-2012 7.3.9), measured on any file: a page whose first line is “附件” and its
number is an attachment's first page. “附件” and the number 3号黑体 flush left on the type area's first line,
the title centred on its third line, the attachment's number and title as the 附件说明 states them."""

from __future__ import annotations

import re

from lintou_report.check.faces import FAMILY_NAMES, family
from lintou_report.check.hanging import ATTACHMENT_HEAD, NOTE, labelled
from lintou_report.check.reading import Page, TextLine
from lintou_report.check.rules import (
    LEADING_MM,
    LINE_COUNT_TOLERANCE,
    POSITION_TOLERANCE_MM,
    SIZE_TOLERANCE_PT,
    TOP,
    RuleResult,
    fact,
    mm,
    within,
)
from lintou_report.spec import gbt9704 as P

CLAUSE = P.ATTACHMENT_CLAUSE


def separate_start(pages: list[Page]) -> int | None:
    """The page number the 附件 not bound with the 正文 start on (their first line opens with the 公文's
    发文字号, 7.3.9), or None."""
    for page in pages:
        if page.lines and (found := ATTACHMENT_HEAD.match(page.lines[0].text)) and found.group("number"):
            return page.number
    return None


def bound_pages(pages: list[Page]) -> list[Page]:
    """The 公文's own pages, 版记 and all: without the separately bound 附件 after them, nor the blank page
    that may come before those."""
    start = separate_start(pages)
    if start is None:
        return pages
    out = [p for p in pages if p.number < start]
    while out and out[-1].blank:
        out.pop()
    return out


def _label_glyphs(label: TextLine) -> list:
    """The glyphs of “附件N”, after a separately bound 附件's 发文字号."""
    found = ATTACHMENT_HEAD.match(label.text)
    number = re.sub(r"\s", "", found.group("number") or "") if found else ""
    return label.glyphs[len(number) :] or label.glyphs


def heads(pages: list[Page]) -> list[tuple[Page, TextLine, list[TextLine]]]:
    """Each attachment's first page, its “附件N” line and the title lines below it (centred, larger)."""
    out = []
    for page in pages:
        if page.lines and ATTACHMENT_HEAD.match(page.lines[0].text):
            label = page.lines[0]
            title = [ln for ln in page.lines[1:4] if ln.size > label.size + 2]
            out.append((page, label, title))
    return out


def attachment_rules(pages: list[Page], left: float, right: float, pitch: float) -> list[RuleResult]:
    found = heads(pages)
    if not found:
        return []
    labels = [label for _, label, _ in found]
    offsets = [mm(label.x0 - left) for label in labels]
    worst = max(offsets, key=abs)
    out = [
        within(CLAUSE, "附件标识顶格（距版心左边缘）", 0, "mm", worst,
               below=POSITION_TOLERANCE_MM, above=POSITION_TOLERANCE_MM,
               where="、".join(f"第{p.number}页" for p, _, _ in found)),
        within(CLAUSE, "附件标识在版心第一行（距版心上边缘）", 0, "mm", max(mm(label.top - TOP) for label in labels),
               below=POSITION_TOLERANCE_MM, above=LEADING_MM + POSITION_TOLERANCE_MM),
    ]  # fmt: skip
    firsts = [_label_glyphs(label)[0] for _, label, _ in found]
    faces = [f"第{p.number}页{FAMILY_NAMES.get(family(g.font))}" for (p, _, _), g in zip(found, firsts, strict=True)]
    bad_faces = [f for g, f in zip(firsts, faces, strict=True) if family(g.font) != "hei"]
    out.append(fact(CLAUSE, "附件标识3号黑体", "黑体", "、".join(faces), not bad_faces, bad_faces))
    sizes = [label.size for label in labels]
    off = [s for s in sizes if abs(s - P.BODY_SIZE.pt) > SIZE_TOLERANCE_PT]
    out.append(fact(CLAUSE, "附件标识字号（3号）", "16 pt", "、".join(f"{s:g} pt" for s in sizes), not off))
    titled = [(p, label, title) for p, label, title in found if title]
    if len(titled) < len(found):
        missing = [f"第{p.number}页" for p, _, title in found if not title]
        out.append(fact(CLAUSE, "附件标题", "版心第三行居中", "未找到标题：" + "、".join(missing), False))
    if titled:
        rows = [(title[0].top - label.top) / pitch for _, label, title in titled]
        out.append(
            within(CLAUSE, "附件标题在版心第三行（距附件标识）", P.ATTACHMENT_TITLE_LINE, "行",
                   max(rows, key=lambda r: abs(r - P.ATTACHMENT_TITLE_LINE)),
                   below=LINE_COUNT_TOLERANCE, above=LINE_COUNT_TOLERANCE)
        )  # fmt: skip
        skew = [
            f"第{p.number}页偏 {mm((ln.x0 - left) - (right - ln.x1)) / 2:+.1f} mm"
            for p, _, title in titled
            for ln in title
            if abs((ln.x0 - left) - (right - ln.x1)) / 2 > POSITION_TOLERANCE_MM * P.MM
        ]
        out.append(fact(CLAUSE, "附件标题居中", "居中", "、".join(skew) or "相符", not skew, skew))
    out += _as_noted(pages, titled, pitch)
    out += _separate(pages, found)
    return out


def _separate(pages: list[Page], found: list[tuple[Page, TextLine, list[TextLine]]]) -> list[RuleResult]:
    """7.3.9: 如附件与正文不能一起装订，应当在附件左上角第一行顶格编排公文的发文字号并在其后标注“附件”二字及附件顺序号
    — the number as the 版头 prints it; and (7.5, spec SEPARATE_ATTACHMENT_CLAUSE) their pages numbered from 1."""
    clause = P.SEPARATE_ATTACHMENT_CLAUSE
    separate = [(p, label) for p, label, _ in found if (m := ATTACHMENT_HEAD.match(label.text)) and m.group("number")]
    if not separate:
        return []
    head = re.sub(r"\s", "", "".join(line.text for line in pages[0].lines))
    numbers = [re.sub(r"\s", "", ATTACHMENT_HEAD.match(label.text).group("number")) for _, label in separate]
    wrong = [f"第{p.number}页“{n}”" for (p, _), n in zip(separate, numbers, strict=True) if n not in head]
    out = [
        fact(clause, "不与正文一起装订的附件标注公文的发文字号", "与版头的发文字号相同",
             "、".join(f"第{p.number}页“{n}”" for (p, _), n in zip(separate, numbers, strict=True)), not wrong, wrong)
    ]  # fmt: skip
    first = separate[0][0]
    shown = first.page_number.text if first.page_number else "无页码"
    want = P.page_number_text(1).replace(" ", "")
    out.append(
        fact(clause, "不与正文一起装订的附件页码从1起", f"第{first.number}页“{P.page_number_text(1)}”", shown,
             first.page_number is not None and shown.replace(" ", "") == want)
    )  # fmt: skip
    return out


def _as_noted(pages: list[Page], titled: list[tuple[Page, TextLine, list[TextLine]]], pitch: float) -> list[RuleResult]:
    """7.3.9: 附件顺序号和附件标题应当与附件说明的表述一致."""
    notes = labelled(pages, NOTE, pitch)
    if not notes or not titled:
        return []
    text = "".join(ln.text for b in notes for ln in b.lines)
    text = re.sub(r"\s", "", text)
    missing = [
        "".join(ln.text for ln in title)
        for _, _, title in titled
        if re.sub(r"\s", "", "".join(ln.text for ln in title)) not in text
    ]
    found = f"{len(titled) - len(missing)}/{len(titled)} 个一致"
    return [fact(CLAUSE, "附件标题与附件说明一致", "附件说明中列出", found, not missing, missing)]
