"""版记 / 报尾 at the foot of the last page: a table of its lines in a text box aligned to the bottom of
the type area.

The text box (DrawingML, positioned "bottom of margin", text wrapped above and below) is what Word,
WPS and LibreOffice 7.4 all place at the bottom: LibreOffice keeps a full-width floating table
(``tblpPr``) in the text flow, and drops a frame (``framePr``) whose paragraphs carry different borders.
The box has the table's height and no auto-fit (LibreOffice grows an auto-fit box by 2.5 mm and lifts
the last rule off the type-area bottom); its text sits at the bottom of the box.
"""

from __future__ import annotations

import math

from lintou_report.layout.document import colophon_narrowing
from lintou_report.spec import gbt9704
from lintou_report.style import Style, styled
from lintou_report.tree import Colophon, ColophonLine
from lintou_report.writers.docx.blocks import Context, border, paragraph, properties, table_element
from lintou_report.writers.docx.oxml import Xml, w
from lintou_report.writers.docx.styles import LINE, STYLES, char_twips, twips

EMU_PER_TWIP = 635
TINY = 4  # twips
TINY_SPACING = w("spacing", before=0, after=0, line=TINY, lineRule="exact")
TEXT_BOX = """<w:r xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><mc:AlternateContent>
<mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0"
 layoutInCell="1" allowOverlap="0"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>
<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>
<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>
<wp:docPr id="1" name="版记"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>
<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>
<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" anchorCtr="0"/>
</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>
</mc:Choice></mc:AlternateContent></w:r>""".replace("\n", "")  # as serialized: nothing between the tags


def _lines(line: ColophonLine, look: Style, ctx: Context) -> int:
    """How many lines a 版记 line takes in ``look``: continuation lines start after the label (回行与冒号后首字对齐)."""
    room = gbt9704.TYPE_WIDTH.twips - 2 * gbt9704.COLOPHON_INDENT_CHARS * char_twips(STYLES["Colophon"].size)
    label = ctx.width(line.label, look)
    text = label + ctx.width(line.text, look) + (ctx.width("　" + line.right, look) if line.right else 0)
    return 1 + max(0, math.ceil((text - room) / (room - label)))


def colophon(block: Colophon, ctx: Context, page_break: bool = False, section: Xml | None = None) -> list[Xml]:
    """The 版记: heavy (0.35 mm) first and last rules, light (0.25 mm) rules between groups (7.4.1); with
    ``page_break`` on a page of its own (the page the layout chose, writers/docx/lastpage.py); ``section``: the
    ``w:sectPr`` that ends with it (附件 not bound with the 正文 follow in a section of their own).

    Each rule's width comes out of the line next to it, so the 版记 takes whole grid lines and a page
    of 20 body lines still has room for a two-line 版记."""
    heavy = round(gbt9704.COLOPHON_HEAVY_RULE.pt * 8)  # border widths are in eighths of a point
    light = round(gbt9704.COLOPHON_LIGHT_RULE.pt * 8)
    char = char_twips(STYLES["Colophon"].size)  # the indents are in characters of the Colophon style
    width = gbt9704.TYPE_WIDTH.twips
    lines = [line for group in block.groups for line in group]
    looks = [item.style for item in styled(block)]  # one styled text a line
    starts = {sum(len(g) for g in block.groups[:k]) for k in range(1, len(block.groups))}

    def row(k: int, line: ColophonLine) -> Xml:
        above = heavy if k == 0 else light if k in starts else 0
        below = heavy if k == len(lines) - 1 else 0
        props = [w("spacing", before=0, after=0, line=LINE - (above + below) * 20 // 8, lineRule="exact")]
        if line.label:  # hanging indent: a second line starts under the text, not under the label
            hanging = len(line.label) * char
            indent = gbt9704.COLOPHON_INDENT_CHARS * char
            narrower = twips(colophon_narrowing(line, ctx.fonts))  # no lone last character, as in the PDF
            props.append(w("ind", left=indent + hanging, right=indent + narrower, hanging=hanging))
        content = ctx.runs(line.label + line.text, looks[k], "Colophon")
        if line.right:
            content += [w("r", w("tab")), *ctx.runs(line.right, looks[k], "Colophon")]
        cell_borders = w("tcBorders", border("top", light)) if k in starts and ctx.ruled_colophon else None
        return w(
            "tr",
            w("trPr", w("cantSplit")),
            w("tc", w("tcPr", w("tcW", w=width, type="dxa"), cell_borders), paragraph("Colophon", content, *props)),
        )

    rules = w("tblBorders", border("top", heavy), border("bottom", heavy)) if ctx.ruled_colophon else None
    table = table_element([width], [row(k, line) for k, line in enumerate(lines)], rules, padding=0, side=0)
    height = sum(_lines(line, look, ctx) for line, look in zip(lines, looks, strict=True)) * LINE + TINY
    # (the box wrapped in mc:AlternateContent, as Word writes it)
    box = TEXT_BOX.format(cx=width * EMU_PER_TWIP, cy=height * EMU_PER_TWIP, content=table + tiny_paragraph())
    # The box anchors to the last paragraph, which itself takes (almost) no room. A page break before it goes
    # on a tiny paragraph of its own: LibreOffice's DOCX export (7.4) writes a page break set on the anchor
    # paragraph as a w:br inside the text box, where it no longer starts a page (docs/libreoffice.md §3).
    anchor = w("p", properties("Normal", TINY_SPACING, section), box)
    if not page_break:
        return [anchor]
    return [w("p", properties("Normal", w("pageBreakBefore"), TINY_SPACING)), anchor]


def tiny_paragraph() -> Xml:
    """An empty paragraph a fifth of a point tall."""
    return paragraph("Normal", [], TINY_SPACING)
