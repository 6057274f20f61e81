"""信函格式's 版头 in Word (GB/T 9704-2012 10.1), at the positions layout/letterhead.py gives the PDF: the red
标志 and the 份号/密级/紧急程度 and 发文字号 lines in text boxes, the double lines as thin red filled boxes, all
anchored to the page (they lie partly above the type area and outside the text flow) in one paragraph as tall
as the grid lines they cover; the first page's footer empty (第一页不显示页码, section.py)."""

from __future__ import annotations

from lintou_report.layout.letterhead import GAP, THICK, THIN, letter_geometry
from lintou_report.spec import gbt9704
from lintou_report.style import Styled
from lintou_report.tree import Letterhead
from lintou_report.writers.docx.blocks import INK_BELOW_EM, Context, by_part, paragraph
from lintou_report.writers.docx.head import foot
from lintou_report.writers.docx.oxml import Xml, w
from lintou_report.writers.docx.styles import LINE, exact_lines, twips

EMU_PER_PT = 12700
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
# One shape anchored to the page, not in the text flow (wrapNone): a text box, or a filled box.
ANCHOR = (
    f'<w:r {A}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{z}" behindDoc="0"'
    ' locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="{z}" name="{name}"/><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
    '<wps:cNvSpPr{box}/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}<a:ln><a:noFill/></a:ln></wps:spPr>{content}'
    '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t" anchorCtr="0"/>'
    "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r>"
)
# LibreOffice seats 3号 text in an exact grid line with its em box's top this share of a line below the
# line's top (measured on its rendering of the 份号 lines, in the text flow and in a text box alike).
TEXT_DROP = 0.263
FIRST_ID = 101  # drawing ids of the letterhead (the 版记's text box is 1)


def _emu(pt: float) -> int:
    return round(pt * EMU_PER_PT)


def _shape(z: int, name: str, x: float, top: float, width: float, height: float, content: str = "") -> Xml:
    """A shape ``width`` × ``height`` pt at ``x`` pt from the paper's left and ``top`` pt below its top: a text
    box with ``content`` (paragraphs), else a red filled box."""
    fill = "<a:noFill/>" if content else f'<a:solidFill><a:srgbClr val="{gbt9704.RED_HEX}"/></a:solidFill>'
    body = f"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>" if content else ""
    return ANCHOR.format(
        z=z, name=name, x=_emu(x), y=_emu(top), cx=_emu(width), cy=_emu(height), box=' txBox="1"' if content else "",
        fill=fill, content=body,
    )  # fmt: skip


def _double_line(z: int, upper: float, thick_above: bool) -> list[Xml]:
    """The two red boxes of a 170 mm double line whose upper edge is ``upper`` pt above the paper's bottom."""
    length = gbt9704.LETTER_RULE_LENGTH.pt
    x = gbt9704.LEFT_MARGIN.pt + (gbt9704.TYPE_WIDTH.pt - length) / 2
    first, second = (THICK, THIN) if thick_above else (THIN, THICK)
    top = gbt9704.PAGE_HEIGHT.pt - upper
    return [
        _shape(z, "信函双线", x, top, length, first),
        _shape(z + 1, "信函双线", x, top + first + GAP, length, second),
    ]


def letterhead(block: Letterhead, ctx: Context) -> list[Xml]:
    g = letter_geometry(block, ctx.fonts)
    parts = by_part(block)
    [mark] = parts["organ_mark"]
    page_top, left, width = gbt9704.PAGE_HEIGHT.pt, gbt9704.LEFT_MARGIN.pt, gbt9704.TYPE_WIDTH.pt
    # the 标志 in a two-line box whose text LibreOffice seats as blocks.red_mark's
    box = 2 * LINE
    size = twips(mark.style.size)
    ink_in_box = (box - foot(mark.style.size) - size + round(INK_BELOW_EM * size)) / 20
    name = paragraph(
        "MastheadName",
        ctx.runs(mark.text, mark.style, "MastheadName", sized=True),
        w("spacing", before=0, after=0, line=box, lineRule="exact"),
    )
    shapes = [_shape(FIRST_ID, "发文机关标志", left, gbt9704.LETTER_MARK_TOP.pt - ink_in_box, width, box / 20, name)]
    shapes += _double_line(FIRST_ID + 1, g.first_rule, thick_above=True)
    shapes += _double_line(FIRST_ID + 3, g.second_rule, thick_above=False)
    rows = _element_rows(parts, ctx)
    if rows:
        em_top = page_top - (g.element_centre + gbt9704.BODY_SIZE.pt / 2)
        top = em_top - TEXT_DROP * LINE / 20
        shapes.append(
            _shape(
                FIRST_ID + 5, "份号、密级、紧急程度、发文字号", left, top, width, len(rows) * LINE / 20, "".join(rows)
            )
        )
    # the paragraph holding them covers the grid lines down to the one after the last element
    return [paragraph("Masthead", shapes, exact_lines(g.next_line))]


def _element_rows(parts: dict[str, list[Styled]], ctx: Context) -> list[Xml]:
    """份号, 密级和保密期限, 紧急程度 flush left, one a line; the 发文字号 flush right on the first line."""
    lefts = [item for part in ("copy_number", "secrecy", "urgency") for item in parts.get(part, [])]
    [number] = parts["doc_number"]
    count = max(len(lefts), 1 if number.text else 0)
    rows = []
    for k in range(count):
        runs = ctx.runs(lefts[k].text, lefts[k].style, "Masthead") if k < len(lefts) else []
        if k == 0 and number.text:
            runs += [w("r", w("tab")), *ctx.runs(number.text, number.style, "Masthead")]
        rows.append(paragraph("Masthead", runs, exact_lines(1), w("jc", val="left")))
    return rows
