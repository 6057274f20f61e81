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
    faces = [f"第{p.number}页{FAMILY_NAMES.get(family(label.glyphs[0].font))}" for p, label, _ in found]
    bad_faces = [f for (_, label, _), f in zip(found, faces, strict=True) if family(label.glyphs[0].font) != "hei"]
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
