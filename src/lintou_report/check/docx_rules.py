"""The rules read from a DOCX's XML: section geometry, the line grid, page fields, the fonts styles name."""

from __future__ import annotations

from lintou_report.check.faces import FAMILY_NAMES, ROLE_FAMILY, family
from lintou_report.check.measure_docx import DocxFacts, Section, StyleFonts
from lintou_report.check.rules import LEVEL_NAMES, POSITION_TOLERANCE_MM, RuleResult, fact, measure_rule, within
from lintou_report.spec import gbt9704 as P

# The rules on a DOCX's XML ----------------------------------------------------------------------------------------


def docx_rules(facts: DocxFacts) -> list[RuleResult]:
    out: list[RuleResult] = []
    if not facts.sections:
        return [fact(P.PAGE_WIDTH.clause, "页面设置（sectPr）", "A4，页边距", "文档无节设置", False)]
    twip_mm = 1 / 20 / P.MM
    for i, s in enumerate(facts.sections, 1):
        where = f"第{i}节" if len(facts.sections) > 1 else "XML"
        for m, value in ((P.PAGE_WIDTH, s.page_width), (P.PAGE_HEIGHT, s.page_height)):
            out.append(
                measure_rule(
                    m,
                    value * twip_mm if value else None,
                    where=f"{where} {value} twips" if value else "",
                    tolerance=POSITION_TOLERANCE_MM,
                )
            )
        for m, key in (
            (P.TOP_MARGIN, "top"),
            (P.BOTTOM_MARGIN, "bottom"),
            (P.LEFT_MARGIN, "left"),
            (P.RIGHT_MARGIN, "right"),
        ):
            value = s.margins.get(key)
            r = measure_rule(
                m,
                value * twip_mm if value is not None else None,
                name=f"{m.name}（页边距）",
                where=f"{where} {value} twips，应为 {m.twips}" if value is not None else "未设定",
            )
            out.append(r)
        out.append(_pitch_setting(s, facts, where))
        # 7.5: the last of several sections may be the blank page and the 版记 page, which carry no number
        blank_and_colophon = len(facts.sections) > 1 and i == len(facts.sections) and not _numbered(s, facts)
        out.append(_unnumbered_pages(where) if blank_and_colophon else _page_fields(s, facts, where))
    normal = _normal(facts)
    theme = sum(facts.theme_refs.values())
    out.append(
        fact(
            "fonts",
            "不用主题字体（WPS 报缺字体）",
            "0 处",
            f"{theme} 处" + (f"：{'、'.join(f'{k} {v}' for k, v in facts.theme_refs.items())}" if theme else ""),
            theme == 0,
        )
    )
    used = [facts.styles[sid] for sid in sorted(facts.used_styles) if sid in facts.styles]
    unnamed = [f"{st.name or st.style_id}" for st in used if not st.east_asia]
    out.append(
        fact(
            "fonts",
            "所用段落样式都指定东亚字体（w:eastAsia）",
            "全部指定",
            f"{len(used) - len(unnamed)}/{len(used)} 个样式已指定",
            not unnamed,
            [f"未指定：{name}" for name in unnamed],
        )
    )
    out.append(
        fact(
            "fonts",
            '歧义标点“”—…所在的文字段标 w:hint="eastAsia"',
            "全部标注",
            f"{facts.ambiguous_runs - len(facts.unhinted)}/{facts.ambiguous_runs} 段已标注"
            if facts.ambiguous_runs
            else "文中无此类标点",
            not facts.unhinted if facts.ambiguous_runs else None,
            [f"未标注：{t}" for t in facts.unhinted],
        )
    )
    if normal is not None:
        out.append(_named_face(P.BODY_SIZE.clause, "正文样式东亚字体（Normal）", "body", normal.east_asia))
    for st in sorted(facts.styles.values(), key=lambda s: s.style_id):
        level = (st.outline_level + 1) if st.outline_level is not None else None
        if level in P.HEADING_ROLES and st.style_id in facts.used_styles:
            out.append(
                _named_face(
                    P.HEADING_CLAUSE,
                    f"{LEVEL_NAMES[level]}标题样式东亚字体（{st.name}）",
                    P.HEADING_ROLES[level],
                    st.east_asia,
                )
            )
    return out


def changed_settings_rule(changed: list[str], failed: bool) -> RuleResult:
    """The layout settings lintou-report writes that a save in another program (or an edit) changed: they
    explain a failure of the other rules; on a file that passes them they are reported, not failed."""
    return fact(
        "practice",
        "本工具写入的排版设置（禁则、标点、网格）保留",
        "与生成时相同",
        f"{len(changed)} 处改变" if changed else "都在",
        (False if failed else None) if changed else True,
        changed,
    )


def _normal(facts: DocxFacts) -> StyleFonts | None:
    return next((st for st in facts.styles.values() if st.name.lower() == "normal"), None)


def _pitch_setting(s: Section, facts: DocxFacts, where: str) -> RuleResult:
    """The 22-line pitch: a lines grid of 579 twips, or else an exact 579-twip spacing on Normal."""
    normal = _normal(facts)
    if s.grid_type in ("lines", "linesAndChars", "snapToChars") and s.grid_pitch:
        value, how = s.grid_pitch, f"文档网格 docGrid（{where}）"
    elif normal is not None and normal.line_rule == "exact" and normal.line:
        value, how = normal.line, "正文样式固定行距（Normal）"
    else:
        value, how = None, "无行网格，正文样式也非固定行距"
    r = within(
        P.LINE_PITCH.clause,
        "行距设置（22行网格）",
        P.LINE_PITCH.twips,
        "twips",
        value,
        below=P.LINE_PITCH.tolerance * 20,
        above=P.LINE_PITCH.tolerance * 20,
    )
    r.measured = f"{value} twips（{how}）" if value else how
    if value is None:
        r.status = "fail"
    return r


def _named_face(clause: str, name: str, role: str, east_asia: str | None) -> RuleResult:
    want = ROLE_FAMILY[role]
    if not east_asia:
        return fact(clause, name, FAMILY_NAMES[want], "未指定 w:eastAsia 字体", False)
    got = family(east_asia)
    return fact(clause, name, FAMILY_NAMES[want], f"{east_asia}（{FAMILY_NAMES[got]}）", got == want)


def _numbered(s: Section, facts: DocxFacts) -> bool:
    return any(part in facts.page_field_parts for part in s.footers.values())


def _unnumbered_pages(where: str) -> RuleResult:
    return fact(
        P.BLANK_PAGE_CLAUSE,
        "页码域（单双页页脚）",
        "版记页前有空白页的，空白页和版记页不编页码",
        f"末节页脚无 PAGE 域（{where}：空白页和版记页）",
        True,
    )


def _page_fields(s: Section, facts: DocxFacts, where: str) -> RuleResult:
    default = s.footers.get("default", "")
    even = s.footers.get("even", "")
    has_default = default in facts.page_field_parts
    has_even = even in facts.page_field_parts
    text = (
        f"单页页脚 PAGE 域{'有' if has_default else '无'}，双页页脚 PAGE 域{'有' if has_even else '无'}，"
        f"奇偶页不同{'已开' if facts.even_and_odd else '未开'}"
    )
    return fact(
        P.PAGE_NUMBER_SIZE.clause,
        "页码域（单双页页脚）",
        "单双页页脚都有 PAGE 域，奇偶页不同",
        f"{text}（{where}）",
        has_default and has_even and facts.even_and_odd,
    )
