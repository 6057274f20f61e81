"""Each block of the document tree as WordprocessingML paragraphs and tables.

Each block's texts come with their styles from style.styled: the writer matches on their ``part`` for
its own structure (a paragraph style, a table cell) and takes role, size, colour and weight from their
``Style``. Paragraphs name a style (styles.py) and carry only what differs from it: an alignment, a run
in another role, size, colour or weight, a face for a character the role's face lacks. The 版记 is
written by colophon.py (placed by lastpage.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from lintou_report import memo
from lintou_report.fonts import FALLBACK_ROLE, Face, FontSet
from lintou_report.fonts.metrics import metrics
from lintou_report.layout.breaking import title_lines
from lintou_report.layout.document import squeezed
from lintou_report.layout.seal import unsealed_places
from lintou_report.layout.table import continuation
from lintou_report.spec import autospace, gbt9704
from lintou_report.spec.docx import AMBIGUOUS
from lintou_report.style import Color, Style, Styled, styled
from lintou_report.tree import (
    Align,
    Block,
    BriefingMasthead,
    Heading,
    MinutesMasthead,
    OfficialMasthead,
    OrderMasthead,
    PageBreak,
    Paragraph,
    Role,
    Signature,
    Table,
    Title,
)
from lintou_report.writers.docx.faces import rfonts
from lintou_report.writers.docx.oxml import Xml, text, w
from lintou_report.writers.docx.styles import (
    BODY_CHAR,
    LINE,
    STYLES,
    char_twips,
    color_hex,
    half_points,
    no_indent,
    twips,
)

RUN_PROPERTIES_KEPT = 256  # distinct run looks: a document has a few dozen
JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}
# Where LibreOffice sets text in an exact line (measured with the bundled faces; Word is not at hand here):
# the red name's em box ends 11 pt above the bottom of its two-line box, and the title face's ink starts
# 0.143 em below its em top; 3号 text's em box starts 0.38 line below the top of its grid line (the
# 发文字号 is placed by its em box, as the PDF places it); and a paragraph's bottom border lies 75 twips
# lower than Word draws it (the rule under the 发文字号 splits the difference).
MARK_FOOT = 221  # twips
INK_BELOW_EM = 0.143
EM_DROP = 0.379
BORDER_SHIFT = 40  # twips
FIT_LIMIT = 57  # twips (1 mm): the most red_mark moves a name up to keep the lines after it on the grid
CELL_PADDING = 57  # twips (1 mm) above and below the text of a table cell; ours
CELL_SIDE = 108  # twips left and right of it (Word's default)
TABLE_RULE = round(gbt9704.TABLE_RULE_WIDTH.pt * 8)  # border widths are in eighths of a point


@dataclass(frozen=True)
class Context:
    """What every block needs: the face name of each role and the faces behind them; and, as blocks are
    written, the characters each face name sets (what ``--embed-fonts`` subsets)."""

    names: dict[Role, str]
    fonts: FontSet
    used: dict[str, set[str]] = field(default_factory=dict)
    early_splits: tuple[Table, ...] = ()  # tables the layout starts with one row on a page (layout.pagination)
    ruled_colophon: bool = True  # False in a 信函格式: its 版记 has no rules (10.1)
    # tables the layout runs over a page, with the rows that start each continuation (layout.pagination)
    table_splits: tuple[tuple[Table, tuple[int, ...]], ...] = ()

    # every table's rows (header first) with the grid lines each takes in the layout (layout.pagination)
    table_rows: tuple[tuple[Table, tuple[int, ...]], ...] = ()

    def row_lines(self, block: Table) -> tuple[int, ...]:
        """The grid lines each row of ``block`` takes in the layout, its header row first."""
        return next((rows for t, rows in self.table_rows if t is block), ())

    def continuations(self, block: Table) -> tuple[int, ...]:
        """The rows of ``block`` that start a page under a 续表 caption in the layout (none when it fits)."""
        return next((rows for t, rows in self.table_splits if t is block), ())

    drawings: list[bytes | None] = field(default_factory=list)  # each seal drawn (its PNG, None: placeholder)

    def runs(
        self, content: str, look: Style, within: str, char_style: str = "", sized: bool = False, squeeze: Squeeze = ()
    ) -> list[Xml]:
        """Runs for ``content`` in ``look`` inside the paragraph style ``within``, or in its character style
        ``char_style``: they state what differs from that style (styles.STYLES) — the face, weight, colour,
        size (the size always with ``sized``), the spacing after a compressed mark (``squeeze``: compressed).

        A character the role's face lacks goes in a run naming the face that has it (fonts.segments),
        so Word and LibreOffice show what the PDF shows.
        """
        base = STYLES[char_style or within]
        color = look.color if look.color != base.color else None
        size = look.size if sized or look.size != base.size else None
        out = []
        start = 0
        for face, segment in self.fonts.segments(content, look.role):
            face_role = self.role_of(face, look.role)
            self.note(self.names[face_role], segment)
            name = self.names[face_role] if face_role != base.role else None
            hint = not AMBIGUOUS.isdisjoint(segment)
            for part, spacing in compressed(segment, squeeze[start : start + len(segment)]):
                rpr = run_properties(char_style, name, hint, look.bold, color, size, spacing)
                out.append(f"<w:r>{rpr}{text(part)}</w:r>")
            start += len(segment)
        return out

    def styled_runs(self, items: list[Styled], within: str, squeeze: Squeeze = ()) -> list[Xml]:
        """Runs for each of ``items`` in its own style inside the paragraph style ``within`` (``squeeze``:
        the twips compressed after each character of them all, as ``compressed`` reads it)."""
        out, start = [], 0
        for item in items:
            out += self.runs(item.text, item.style, within, squeeze=squeeze[start : start + len(item.text)])
            start += len(item.text)
        return out

    def note(self, name: str, characters: str) -> None:
        """``characters`` are set in the face named ``name``."""
        self.used.setdefault(name, set()).update(characters)

    def role_of(self, face: Face, role: Role) -> Role:
        """The role whose face name a run of ``face`` carries: its own, else the fallback's, else any."""
        faces = self.fonts.faces
        return next(r for r in (role, FALLBACK_ROLE, *faces) if faces[r] == face)

    def width(self, content: str, look: Style, spacing: int = 0) -> int:
        """Twips ``content`` takes in ``look`` in the faces that set it, with its 中西间距 (as the PDF measures
        it, spec/autospace.py)."""
        total = sum(twips(autospace.space(a, b, look.size)) for a, b in zip(content, content[1:], strict=False))
        for face, segment in self.fonts.segments(content, look.role):
            read = metrics(face).reader
            units, char_map, advances = read.units_per_em, read.char_map, read.advances
            for ch in segment:
                glyph = char_map.get(ord(ch), len(advances))
                total += twips((advances[glyph] if glyph < len(advances) else units) * look.size / units)
        return round(total) + len(content) * spacing


def by_part(block: Block) -> dict[str, list[Styled]]:
    """The block's styled texts (style.styled) by part, each part's in reading order."""
    out: dict[str, list[Styled]] = {}
    for item in styled(block):
        out.setdefault(item.part, []).append(item)
    return out


Squeeze = tuple[int, ...]  # twips taken out of the spacing after each character of a text (negative: added)
# LibreOffice 7.4 (measured; docs/word-grid.md §1) sets a run's spacing no tighter than −53 twips (−2.65 pt) a
# character and none after the last character of a portion (a run, or a stretch of one script: CJK, or digits
# and Latin). Its fifth of an em between a Han character and a digit or letter is the layout's own 中西间距
# (layout/autospace.py), counted in what the layout says a squeezed line overruns.
LO_TIGHTEST = 48


def squeeze(block: Paragraph | Heading, ctx: Context) -> Squeeze:
    """How many twips tighter than the grid's spacing each character of the block's text is set, all of a
    line's characters alike, on the lines the layout names (layout.document.squeezed):

    - a line the layout squeezed a character into by compressing punctuation (推入): enough for LibreOffice
      to fit the line as it counts it, and so Word too, which counts less (it gains less room than any
      character needs). A mark compressed by half an em alone is not something LibreOffice follows (see
      LO_TIGHTEST), so the DOCX condenses the line by as much instead;
    - a line before a unit LibreOffice would split (“化……”: its zh-CN 禁则 let a line end inside “……”):
      looser, as the PDF spreads it, until LibreOffice has no room left for the unit's first character (less
      than a character's width, and less again by Word's larger 中西间距, so that Word fits the line too)."""
    content = "".join(item.text for item in styled(block))
    out = [0] * len(content)
    extra = twips((autospace.WORD_AUTOSPACE_EM - autospace.AUTOSPACE_EM) * gbt9704.BODY_SIZE.pt)
    for start, end, over, spaces in squeezed(block, ctx.fonts):
        line = content[start:end]
        pairs = list(zip(line, line[1:], strict=False))
        portions = 1 + sum(a.isascii() != b.isascii() for a, b in pairs)
        wanted = over * 20 - gbt9704.DOCX_CHAR_SPACING_TWIPS * portions
        if wanted < 0:  # room left: leave Word's larger 中西间距 room too
            wanted += extra * spaces
        each = math.ceil(wanted / max(end - start - portions, 1))
        out[start:end] = [min(each, LO_TIGHTEST)] * (end - start)
    return tuple(out)


def compressed(segment: str, squeeze: Squeeze) -> list[tuple[str, int | None]]:
    """``segment`` cut where its squeeze changes, each part with its run spacing: the grid's spacing less the
    squeeze, None (the style's spacing) where nothing is taken out."""
    if not any(squeeze):
        return [(segment, None)]
    out: list[tuple[str, int | None]] = []
    start = 0
    for twips_out, run in groupby(squeeze):
        end = start + len(list(run))
        out.append((segment[start:end], gbt9704.DOCX_CHAR_SPACING_TWIPS - twips_out if twips_out else None))
        start = end
    return out


@memo.pure(RUN_PROPERTIES_KEPT)
def run_properties(
    style: str,
    name: str | None,
    hint: bool,
    bold: bool,
    color: Color | None,
    size: float | None,
    spacing: int | None = None,
) -> str:
    """A run's ``w:rPr`` ("" when it has none): its character style, the face ``name`` when it is not the
    paragraph's, the east-Asian ``hint``, bold, a colour, a run spacing, a size. (Made once for each
    combination.)"""
    fonts = rfonts(name, hint) if name else w("rFonts", hint="eastAsia") if hint else None
    props = [
        w("rStyle", val=style) if style else None,
        fonts,
        w("b") if bold else None,
        w("color", val=color_hex(color)) if color else None,
        w("spacing", val=spacing) if spacing is not None else None,
        w("sz", val=half_points(size)) if size else None,
        w("szCs", val=half_points(size)) if size else None,
    ]
    return w("rPr", *props) if any(p is not None for p in props) else ""


def paragraph(style: str, content: list[Xml], *props: Xml | None) -> Xml:
    """``w:p`` in ``style`` with extra paragraph properties (given in schema order)."""
    return w("p", properties(style, *props), *content)


def properties(style: str, *props: Xml | None) -> Xml:
    """``w:pPr`` naming ``style``, with extra paragraph properties (given in schema order)."""
    return w("pPr", w("pStyle", val=style), *props)


def align(value: Align) -> Xml | None:
    return None if value == "justify" else w("jc", val=JC[value])


def border(side: str, eighths: int, color: str = "000000", space: int = 0) -> Xml:
    return w(side, val="single", sz=eighths, space=space, color=color)


def red_mark(
    name: Styled, ctx: Context, above: int = 0, fit: bool = False, top: int = gbt9704.ORGAN_MARK_TOP.twips
) -> tuple[Xml, int]:
    """The red name in a two-line box, the top of its ink ``top`` twips below the type-area top (35 mm, 7.2.4;
    20 mm for a 命令（令）标志, 10.2), and the
    twips from the box's bottom to the first grid line below the name's em box (negative when that line
    runs through the box): the next paragraph's space before, less any gap. (Of a space after and the
    next paragraph's space before, LibreOffice and Word may keep only the larger: only one is ever set.)
    ``above``: the twips the paragraphs before it take (份号 lines, docx/head.py). ``fit``: when that grid line
    runs less than a millimetre into the box, end the box there (the paragraph after it cannot start higher
    than the box ends, and would push the page's lines off the layout's grid); the name moves up as much, as
    LibreOffice sets a line of exact height from its foot."""
    box = 2 * LINE
    before = top - (box - MARK_FOOT - twips((1 - INK_BELOW_EM) * name.style.size))
    em_bottom = before + box - MARK_FOOT
    rest = -(-em_bottom // LINE) * LINE - (before + box)
    cut = rest if fit and -FIT_LIMIT <= rest < 0 else 0
    mark = paragraph(
        "MastheadName",
        # the name's size fits its length: always stated, the style's is only the largest
        ctx.runs(name.text, name.style, "MastheadName", sized=True),
        w("spacing", before=before - above, after=0, line=box + cut, lineRule="exact"),
    )
    return mark, rest - cut


def briefing_masthead(block: BriefingMasthead | MinutesMasthead, ctx: Context) -> list[Xml]:
    """报头: red name, 第×期 on the next line, office left and date right over a thick red rule (a 纪要标志,
    10.3, the same with its mark's size and the 版头's rule, as layout/minutes.py)."""
    width = gbt9704.BRIEFING_RULE_WIDTH if isinstance(block, BriefingMasthead) else gbt9704.OFFICIAL_RULE_WIDTH
    rule = round(width.pt * 8)
    [name], [issue], [office], [date] = (by_part(block)[part] for part in ("name", "issue", "office", "date"))
    mark, rest = red_mark(name, ctx, fit=True)
    return [
        mark,
        paragraph(
            "Masthead",
            ctx.runs(issue.text, issue.style, "Masthead"),
            w("spacing", before=max(rest, 0), after=0, line=LINE, lineRule="exact"),
        ),
        paragraph(
            "Masthead",
            [
                *ctx.runs(office.text, office.style, "Masthead"),
                w("r", w("tab")),
                *ctx.runs(date.text, date.style, "Masthead"),
            ],
            w("pBdr", border("bottom", rule, gbt9704.RED_HEX)),
            # The rule's width comes out of the line so the lines below stay on the grid.
            w("spacing", before=0, after=0, line=LINE - twips(width.pt), lineRule="exact"),
            w("jc", val="left"),
        ),
    ]


def official_masthead(block: OfficialMasthead, ctx: Context) -> list[Xml]:
    """版头: red 发文机关标志; 发文字号 two lines below it (签发人 on its line); the red rule 4 mm under the
    发文字号, with ★ for party organs. The 发文字号 line and the rule block together take whole grid lines."""
    parts = by_part(block)
    mark, rest = red_mark(parts["organ_mark"][0], ctx)
    separator, height = official_separator(block, ctx)
    return [mark, doc_number_line(block, parts, ctx, number_gap(rest, height)), separator]


def order_masthead(block: OrderMasthead, ctx: Context) -> list[Xml]:
    """命令（令）格式 (10.2): the red 标志 20 mm below the type-area top; the 令号 centred two blank lines below
    it; two empty grid lines before the body (no red rule)."""
    [mark_text], [number] = (by_part(block)[part] for part in ("organ_mark", "order_number"))
    mark, rest = red_mark(mark_text, ctx, top=gbt9704.ORDER_MARK_TOP.twips)
    gap = rest + gbt9704.ORDER_NUMBER_GAP_LINES * LINE
    blank = paragraph("Masthead", [], w("spacing", before=0, after=0, line=LINE, lineRule="exact"))
    return [
        mark,
        paragraph(
            "Masthead",
            ctx.runs(number.text, number.style, "Masthead"),
            w("spacing", before=gap, after=0, line=LINE, lineRule="exact"),
        ),
        *[blank] * gbt9704.ORDER_BODY_GAP_LINES,
    ]


def official_separator(block: OfficialMasthead, ctx: Context) -> tuple[Xml, int]:
    """The red rule 4 mm under the 发文字号 (with ★ for party organs), and the height the 发文字号's line makes
    room for: the rule's (a ★'s row is star_excess() taller; the title after it takes that from its space
    before, so that the 发文字号 stays two lines below the 标志 with or without the ★)."""
    rule = round(gbt9704.OFFICIAL_RULE_WIDTH.pt * 8)
    drop = separator_drop()
    return star_rule(drop, rule, ctx) if block.star else plain_rule(drop, rule)


def separator_drop() -> int:
    """Twips from the 发文字号 line's bottom to the red rule: its em box ends EM_DROP line + 16 pt below the
    line's top, the rule 4 mm under that (7.2.5)."""
    return (
        round(EM_DROP * LINE)
        + twips(gbt9704.BODY_SIZE.pt)
        + gbt9704.SEPARATOR_BELOW_DOC_NUMBER.twips
        - LINE
        - BORDER_SHIFT
    )


def star_excess() -> int:
    """Twips a ★'s row is taller than the plain rule's paragraph (what the title after it gives up)."""
    plain = separator_drop() + round(gbt9704.OFFICIAL_RULE_WIDTH.pt * 8) * 10 // 8
    return max(twips(gbt9704.STAR_SIZE.pt) - plain, 0)


def number_gap(rest: int, height: int) -> Xml:
    """The 发文字号 line's spacing: two lines below the red name, ``rest`` twips after the name's box to the
    next grid line, less the separator's ``height`` (which follows it)."""
    before = rest + gbt9704.DOC_NUMBER_GAP_LINES * LINE - height
    return w("spacing", before=before, after=0, line=LINE, lineRule="exact")


def doc_number_line(block: OfficialMasthead, parts: dict[str, list[Styled]], ctx: Context, gap: Xml) -> Xml:
    """The 发文字号 centred, or, with one 签发人, left and the 签发人 right on its line."""
    [number_text] = parts["doc_number"]
    if block.signer:  # 上行文: 发文字号 left and 签发人 right, each one character in
        indent = gbt9704.DOC_NUMBER_INDENT_CHARS * BODY_CHAR
        number = paragraph(
            "Masthead",
            [
                *ctx.runs(number_text.text, number_text.style, "Masthead"),
                w("r", w("tab")),
                *ctx.styled_runs(parts["signer_label"] + parts["signer"], "Masthead"),
            ],
            w("tabs", w("tab", val="right", pos=gbt9704.TYPE_WIDTH.twips - indent)),
            gap,
            w("ind", left=indent, firstLineChars=0, firstLine=0),
            w("jc", val="left"),
        )
        return number
    return paragraph("Masthead", ctx.runs(number_text.text, number_text.style, "Masthead"), gap)


def rule_line(drop: int, eighths: int) -> Xml:
    """An empty paragraph whose bottom border, a red rule ``eighths`` of a point wide, lies ``drop`` twips down."""
    return paragraph(
        "Masthead",
        [],
        w("pBdr", border("bottom", eighths, gbt9704.RED_HEX)),
        w("spacing", before=0, after=0, line=drop - eighths * 10 // 8, lineRule="exact"),
    )


def plain_rule(drop: int, eighths: int) -> tuple[Xml, int]:
    """The red rule alone, with the height it takes."""
    return rule_line(drop, eighths), drop + eighths * 10 // 8


def star_rule(drop: int, eighths: int, ctx: Context) -> tuple[Xml, int]:
    """The red rule with a red ★ in its middle: a borderless three-cell row as tall as the star, the rule
    ``drop`` down the two side cells; with the rule's height, as plain_rule's (the row is star_excess()
    taller)."""
    star_cell = 2 * char_twips(gbt9704.STAR_SIZE.pt)
    side = (gbt9704.TYPE_WIDTH.twips - star_cell) // 2
    height = max(twips(gbt9704.STAR_SIZE.pt), drop + eighths * 10 // 8)

    def cell(width: int, content: Xml) -> Xml:
        return w("tc", w("tcPr", w("tcW", w=width, type="dxa")), content)

    ctx.note(ctx.names[STYLES["Masthead"].role], "★")  # in the Masthead style's face
    star = paragraph(
        "Masthead",
        [w("r", w("rPr", w("color", val=gbt9704.RED_HEX)), text("★"))],
        w("spacing", before=0, after=0, line=height, lineRule="exact"),
    )
    row = w(
        "tr",
        w("trPr", w("trHeight", val=height, hRule="exact")),
        cell(side, rule_line(drop, eighths)),
        cell(star_cell, star),
        cell(side, rule_line(drop, eighths)),
    )
    return table_element([side, star_cell, side], [row], borders=None, padding=0, side=0), drop + eighths * 10 // 8


def title(block: Title, ctx: Context, *props: Xml | None) -> list[Xml]:
    """The title's paragraph; ``props`` override the Title style's (an 附件's title sits higher)."""
    [head] = by_part(block)["title"]
    content: list[Xml] = []
    for i, line in enumerate(title_lines(head.text, block.lines)):
        if i:
            content.append(w("r", w("br")))
        content += ctx.runs(line, head.style, "Title")
    return [paragraph("Title", content, *props)]


def title_below_star(block: Title, ctx: Context) -> list[Xml]:
    """The title after a 版头 whose rule carries a ★: two blank lines below the rule (7.3.1), less what the ★'s
    row takes beyond a plain rule's (star_excess), so that the title and the lines after it keep the grid."""
    before = gbt9704.TITLE_GAP_LINES * LINE - star_excess()
    after = gbt9704.TITLE_BELOW_GAP_LINES * LINE
    return title(block, ctx, w("spacing", before=before, after=after, line=LINE, lineRule="exact"))


def heading(block: Heading, ctx: Context) -> list[Xml]:
    """A heading paragraph; a run-in heading is a body paragraph led by the heading's characters.

    The lead carries the linked character style "heading 2 Char" (楷体) and the paragraph the heading's
    outline level, so the navigation pane and a table of contents list it at its level.
    """
    parts = by_part(block)
    [head] = parts["heading"]
    squeezed = squeeze(block, ctx)
    if not block.run_in:
        style = f"Heading{block.level}"
        return [paragraph(style, ctx.runs(head.text, head.style, style, squeeze=squeezed))]
    # The character style sets the heading's face: runs name a face only where it differs.
    lead = ctx.runs(head.text, head.style, "Normal", char_style=f"Heading{block.level}Char", squeeze=squeezed)
    body = ctx.styled_runs(parts.get("text", []), "Normal", squeeze=squeezed[len(head.text) :])
    return [paragraph("Normal", lead + body, w("outlineLvl", val=block.level - 1))]


def body_paragraph(block: Paragraph, ctx: Context, keep: bool = False) -> list[Xml]:
    """A body paragraph; ``keep``: kept with the next (the 署名 after it never stands on a page alone)."""
    runs = ctx.styled_runs(styled(block), "Normal", squeeze=squeeze(block, ctx))
    keep_next = w("keepNext") if keep else None
    return [paragraph("Normal", runs, keep_next, None if block.indent else no_indent(), align(block.align))]


def table_element(
    widths: list[int],
    rows: list[Xml],
    borders: Xml | None,
    padding: int = CELL_PADDING,
    side: int = CELL_SIDE,
) -> Xml:
    """``w:tbl`` with explicit grid widths (LibreOffice ignores cell widths alone), fixed layout, centred."""
    return w(
        "tbl",
        w(
            "tblPr",
            w("tblW", w=sum(widths), type="dxa"),
            w("jc", val="center"),
            borders,
            w("tblLayout", type="fixed"),
            w(
                "tblCellMar",
                w("top", w=padding, type="dxa"),
                w("left", w=side, type="dxa"),
                w("bottom", w=padding, type="dxa"),
                w("right", w=side, type="dxa"),
            ),
            w("tblLook", val="04A0", firstRow=1, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1),
        ),
        w("tblGrid", *(w("gridCol", w=width) for width in widths)),
        *rows,
    )


def grid_borders(eighths: int) -> Xml:
    return w("tblBorders", *(border(s, eighths) for s in ("top", "left", "bottom", "right", "insideH", "insideV")))


def table(block: Table, ctx: Context) -> list[Xml]:
    """Caption above (表题), a header row repeated on every page, each row one grid line or more; where the
    layout carries the table over to another page, the rest is a table of its own under its 续表 caption
    (the layout's split, layout.pagination), as the PDF shows it."""
    total = sum(c.width for c in block.columns)
    widths = [round(gbt9704.TYPE_WIDTH.twips * c.width / total) for c in block.columns]

    cell_props = [w("tcPr", w("tcW", w=width, type="dxa"), w("vAlign", val="center")) for width in widths]
    # A row is as many grid lines tall as in the layout (one, more where a cell wraps), so the text after the
    # table stays on the grid: a renderer would make a wrapped row only as tall as its lines.
    heights = ctx.row_lines(block) or (1,) * (len(block.rows) + 1)

    def row(cells: list[Styled], header: bool, keep: bool = False, lines: int = 1) -> Xml:
        height = w("trHeight", val=lines * LINE, hRule="atLeast")
        props = w("trPr", w("cantSplit"), height, w("tblHeader") if header else None)
        style = "TableHeading" if header else "TableText"
        tcs = [
            w(
                "tc",
                props,
                paragraph(
                    style,
                    ctx.runs(cell.text, cell.style, style),
                    w("keepNext") if keep else None,
                    None if header else align(column.align),
                ),
            )
            for cell, column, props in zip(cells, block.columns, cell_props, strict=True)
        ]
        return w("tr", props, *tcs)

    # As the PDF: a page holds at least two rows of a split table (the caption and the header row keep with
    # the first data row, it with the second), and the last row never goes over alone.
    last = len(block.rows) - 1
    early = any(t is block for t in ctx.early_splits)
    starts = (0, *ctx.continuations(block))
    keeps = [(k in starts and not (k == 0 and early)) or (k == last - 1 and last >= 3) for k in range(last + 1)]
    parts = by_part(block)
    [caption] = parts["caption"]
    header = row(parts["header"], header=True, lines=heights[0])
    cells, n = parts.get("cell", []), len(block.columns)
    rows = [
        row(cells[k : k + n], False, keep, lines)
        for k, keep, lines in zip(range(0, len(cells), n), keeps, heights[1:], strict=True)
    ]
    out = []
    for i, (a, b) in enumerate(zip(starts, (*starts[1:], last + 1), strict=True)):
        title = caption.text if i == 0 else continuation(caption.text)
        out += [
            # LibreOffice adds the table's outer rules, top and bottom, to its height: the caption's line gives
            # that much back (else a page the PDF fills exactly with text, a table and the 版记 overflows).
            paragraph(
                "TableCaption",
                ctx.runs(title, caption.style, "TableCaption"),
                w("spacing", before=0, after=0, line=LINE - 2 * TABLE_RULE * 20 // 8, lineRule="exact"),
            ),
            table_element(widths, [header, *rows[a:b]], grid_borders(TABLE_RULE)),
        ]
    return out


def signature(block: Signature, ctx: Context) -> list[Xml]:
    """署名 (联合行文: one a line, the 主办机关's first) one blank line below the body and the date under them,
    where layout/body.py's unsealed_places puts them (7.3.5.2), each right-aligned with the indent that puts
    it there."""
    parts = by_part(block)
    items = [*parts["signer"], *parts["date"]]
    widths = [ctx.width(t.text, t.style, gbt9704.DOCX_CHAR_SPACING_TWIPS) for t in items]
    signer_x, date_x = unsealed_places(widths[:-1], widths[-1], BODY_CHAR, gbt9704.TYPE_WIDTH.twips)
    lefts = [signer_x] * (len(items) - 1) + [date_x]
    rights = [gbt9704.TYPE_WIDTH.twips - x - width for x, width in zip(lefts, widths, strict=True)]
    gap = gbt9704.SIGNATURE_GAP_LINES * LINE
    return [
        paragraph(
            "Normal",
            ctx.runs(item.text, item.style, "Normal"),
            w("keepNext") if i < len(items) - 1 else None,
            w("spacing", before=0 if i else gap, after=0, line=LINE, lineRule="exact"),
            w("ind", right=right, firstLineChars=0, firstLine=0),
            w("jc", val="right"),
        )
        for i, (item, right) in enumerate(zip(items, rights, strict=True))
    ]


def page_break(block: PageBreak, ctx: Context) -> list[Xml]:
    return [w("p", w("r", w("br", type="page")))]


# Each block's writer; a 版记 is colophon.py's (lastpage.placed_colophon).
_WRITERS: dict[type, Callable[[Any, Context], list[Xml]]] = {
    BriefingMasthead: briefing_masthead,
    MinutesMasthead: briefing_masthead,
    OfficialMasthead: official_masthead,
    OrderMasthead: order_masthead,
    Title: title,
    Heading: heading,
    Paragraph: body_paragraph,
    Table: table,
    Signature: signature,
    PageBreak: page_break,
}


def elements(block: Block, ctx: Context) -> list[Xml]:
    """The block's paragraphs and tables."""
    if writer := _WRITERS.get(type(block)):
        return writer(block, ctx)
    raise TypeError(f"unknown block {block!r}")
