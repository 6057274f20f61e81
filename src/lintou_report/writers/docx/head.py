"""The 版头 elements around the 发文机关标志 in Word (GB/T 9704-2012 7.2), placed as layout/head.py places them
in the PDF: 份号, 密级和保密期限, 紧急程度 顶格 on the type area's first lines; a joint 版头's names stacked and
spread in a borderless table with “文件” in a merged cell right of them, centred on them; several 签发人 at
tab stops with the 发文字号 on the line of the last name."""

from __future__ import annotations

from lintou_report import style
from lintou_report.layout.head import joint_geometry
from lintou_report.spec import gbt9704
from lintou_report.style import Styled
from lintou_report.tree import HeadMarks, OfficialMasthead
from lintou_report.writers.docx.blocks import (
    INK_BELOW_EM,
    MARK_FOOT,
    Context,
    by_part,
    doc_number_line,
    number_gap,
    official_separator,
    paragraph,
    red_mark,
    table_element,
)
from lintou_report.writers.docx.oxml import Xml, w
from lintou_report.writers.docx.styles import BODY_CHAR, LINE, exact_lines, twips

SLACK = 60  # twips a cell is wider than its text, so that no renderer wraps it


def head_marks(marks: HeadMarks, ctx: Context) -> list[Xml]:
    """份号, 密级和保密期限, 紧急程度: one exact grid line each, flush left, in 3号黑体 (style.head_marks)."""
    return [
        paragraph("Masthead", ctx.runs(item.text, item.style, "Masthead"), exact_lines(1), w("jc", val="left"))
        for item in style.head_marks(marks, "版头")
    ]


def foot(size: float) -> int:
    """Twips from a red name's em-box bottom to the bottom of its exact line (blocks.MARK_FOOT, measured for
    the 初号 mark, scaled to ``size``)."""
    return round(MARK_FOOT * size / gbt9704.ORGAN_MARK_MAX_SIZE.pt)


def joint_mark(
    names: list[Styled], suffix: list[Styled], ctx: Context, above: int, below: int, between: float
) -> tuple[list[Xml], int]:
    """联合行文 (7.2.4): a spacer paragraph putting the first name's ink 35 mm below the type-area top (the
    ``above`` twips of 份号 lines already taken), then a borderless table: one exact row a name, spread
    (distribute) to the widest; “文件” in a merged cell on the right, centred on them. Returns the
    paragraphs and the twips from their end to grid line ``below``, two lines above the 发文字号's
    (layout/head.py)."""
    look = names[0].style
    size = twips(look.size)
    pitch = twips(between)  # the layout's baseline pitch: one exact row a name
    widest = max(ctx.width(n.text, n.style) for n in names) + SLACK // 3  # the names spread over their cell
    gap = twips(gbt9704.JOINT_SUFFIX_GAP * look.size)
    right = gap + ctx.width(suffix[0].text, look) + SLACK if suffix else 0
    ink_in_row = pitch - foot(look.size) - size + round(INK_BELOW_EM * size)
    row_top = gbt9704.ORGAN_MARK_TOP.twips - ink_in_row
    spacer = paragraph("Masthead", [], w("spacing", before=0, after=0, line=row_top - above, lineRule="exact"))

    def cell(width: int, content: Xml, merge: str | None) -> Xml:
        props = w(
            "tcPr",
            w("tcW", w=width, type="dxa"),
            w("vMerge", val=merge) if merge == "restart" else w("vMerge") if merge else None,
        )
        return w("tc", props, content)

    # The table ends on a grid line (its last row taller by what is left of that line): the 发文字号 then goes
    # two lines below the grid line the layout found, as after a single mark.
    bottom = row_top + len(names) * pitch
    grid = -(-bottom // LINE)
    fill = grid * LINE - bottom

    def line(item: Styled | None, jc: str, before: int = 0, indent: int = 0) -> Xml:
        runs = ctx.runs(item.text, item.style, "MastheadName", sized=True) if item else []
        spacing = w("spacing", before=before, after=0, line=pitch, lineRule="exact")
        return paragraph("MastheadName", runs, spacing, w("ind", left=indent) if indent else None, w("jc", val=jc))

    rows = []
    for k, name in enumerate(names):
        cells = [cell(widest, line(name, "distribute"), None)]
        if suffix:  # centred on the names: half their stack's extra height down
            text = line(suffix[0], "left", (len(names) - 1) * pitch // 2, gap) if k == 0 else line(None, "left")
            cells.append(cell(right, text, "restart" if k == 0 else "continue"))
        height = pitch + (fill if k == len(names) - 1 else 0)
        rows.append(w("tr", w("trPr", w("trHeight", val=height, hRule="exact")), *cells))
    table = table_element([widest, right] if suffix else [widest], rows, borders=None, padding=0, side=0)
    return [spacer, table], (below - grid) * LINE


def signer_rows(number: Styled, label: Styled, names: list[Styled], ctx: Context, gap: Xml) -> list[Xml]:
    """Several 签发人 (7.2.6), two names a line, each line's names at one tab stop (under the first name);
    the 发文字号 left-indented one character on the line of the last names (7.2.5); ``gap`` the first
    line's spacing."""
    per, space = gbt9704.SIGNERS_PER_LINE, "\u3000" * gbt9704.SIGNER_NAME_GAP_CHARS
    groups = [space.join(n.text for n in names[k : k + per]) for k in range(0, len(names), per)]
    look = names[0].style
    indent = gbt9704.DOC_NUMBER_INDENT_CHARS * BODY_CHAR
    # widths as the "Masthead" style sets them: its runs take no character spacing (styles.py)
    names_x = gbt9704.TYPE_WIDTH.twips - indent - max(ctx.width(g, look) for g in groups)
    label_x = names_x - ctx.width(label.text, label.style)
    out = []
    for k, text in enumerate(groups):
        content: list[Xml] = []
        last = k == len(groups) - 1
        if last:
            content += ctx.runs(number.text, number.style, "Masthead")
        content.append(w("r", w("tab")))
        if k == 0:
            content += ctx.runs(label.text, label.style, "Masthead")
        content += ctx.runs(text, look, "Masthead")
        stop = label_x if k == 0 else names_x
        out.append(
            paragraph(
                "Masthead",
                content,
                w("tabs", w("tab", val="clear", pos=gbt9704.TYPE_WIDTH.twips), w("tab", val="left", pos=stop)),
                gap if k == 0 else exact_lines(1),
                w("ind", left=indent if last else 0, firstLineChars=0, firstLine=0),
                w("jc", val="left"),
            )
        )
    return out


def extended(block: OfficialMasthead) -> bool:
    """Whether the 版头 has any element this module adds (else blocks.official_masthead writes it)."""
    return bool(block.marks.lines() or block.organs or block.signers)


def official_masthead(block: OfficialMasthead, ctx: Context) -> list[Xml]:
    """版头 with 份号/密级/紧急程度 lines, a joint mark or several 签发人 (else as blocks.official_masthead)."""
    parts = by_part(block)
    lines = head_marks(block.marks, ctx)
    if block.organs:
        pitch, number_line = joint_geometry(block, ctx.fonts)
        below = number_line - gbt9704.DOC_NUMBER_GAP_LINES
        mark, rest = joint_mark(parts["organ"], parts.get("suffix", []), ctx, len(lines) * LINE, below, pitch)
    else:
        name, rest = red_mark(parts["organ_mark"][0], ctx, len(lines) * LINE)
        mark = [name]
    separator, height = official_separator(block, ctx)
    gap = number_gap(rest, height)
    if len(block.signer_names) > 1:
        [number], [label] = parts["doc_number"], parts["signer_label"]
        numbers = signer_rows(number, label, parts["signer"], ctx, gap)
    else:
        numbers = [doc_number_line(block, parts, ctx, gap)]
    return [*lines, *mark, *numbers, separator]
