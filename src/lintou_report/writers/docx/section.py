"""The page: A4, GB/T 9704 margins, the 22-line grid, and odd/even footers with the page number."""

from __future__ import annotations

from lintou_report.spec import gbt9704
from lintou_report.tree import Role
from lintou_report.writers.docx import package
from lintou_report.writers.docx.oxml import Xml, text, w
from lintou_report.writers.docx.styles import LINE, STYLES, char_twips, twips

PAGE_NUMBER = STYLES["Footer"]  # the page number takes the Footer style's role and size

# The footer paragraph is one exact line of the page-number size: its box runs from FOOTER_LINE above the
# footer distance down to it, and the dash's top sits DASH_TOP below the box's top (measured on the
# LibreOffice rendering, see tests/test_docx.py): the footer distance puts that top 7 mm below the type area.
FOOTER_LINE = twips(PAGE_NUMBER.size)
DASH_TOP = round(0.5 * FOOTER_LINE)
FOOTER_DISTANCE = gbt9704.BOTTOM_MARGIN.twips - gbt9704.PAGE_NUMBER_DROP.twips - (FOOTER_LINE - DASH_TOP)


NUMBERED = (package.ODD_FOOTER_RID, package.EVEN_FOOTER_RID)  # the footers with the page number


def section_properties(
    odd_footer: str = package.ODD_FOOTER_RID, even_footer: str = package.EVEN_FOOTER_RID, header: str = "",
    header_distance: int = 0, first_footer: str = "", restart: bool = False, odd_page: bool = False,
) -> Xml:  # fmt: skip
    """``w:sectPr`` for A4 with the type area of 5.2.1 and a lines-only grid of 579 twips (22 lines); the
    footers by relationship id (lastpage.py gives an empty one to unnumbered pages), a header (the 草稿
    mark, draft.py) on every page when ``header`` names one; a ``first_footer`` for the first page (the
    信函格式's, which shows no page number); ``restart``: its pages numbered from 1 again, ``odd_page``: it starts
    on an odd page (the 附件 not bound with the 正文, 7.3.9, printed on both sides)."""
    kinds = ("default", "even", "first") if first_footer else ("default", "even")
    headers = [f'<w:headerReference w:type="{k}" r:id="{header}"/>' for k in kinds] if header else []
    first = [f'<w:footerReference w:type="first" r:id="{first_footer}"/>'] if first_footer else []
    return w(
        "sectPr",
        *headers,
        f'<w:footerReference w:type="default" r:id="{odd_footer}"/>',
        f'<w:footerReference w:type="even" r:id="{even_footer}"/>',
        *first,
        w("type", val="oddPage") if odd_page else None,
        w("pgSz", w=gbt9704.PAGE_WIDTH.twips, h=gbt9704.PAGE_HEIGHT.twips),
        w(
            "pgMar",
            top=gbt9704.TOP_MARGIN.twips,
            right=gbt9704.RIGHT_MARGIN.twips,
            bottom=gbt9704.BOTTOM_MARGIN.twips,
            left=gbt9704.LEFT_MARGIN.twips,
            header=header_distance,
            footer=FOOTER_DISTANCE,
            gutter=0,
        ),
        w("pgNumType", start=1) if restart else None,
        w("cols", space=0),
        w("titlePg") if first_footer else None,  # 信函格式: the first page's own (empty) footer
        w("docGrid", type="lines", linePitch=LINE),
    )


def page_number(odd: bool) -> Xml:
    """ "— N —" with a PAGE field: odd pages right, even pages left, one character in from the edge (7.5)."""
    indent = gbt9704.PAGE_NUMBER_INDENT_CHARS * char_twips(PAGE_NUMBER.size)
    side = "right" if odd else "left"
    dash = gbt9704.PAGE_NUMBER_DASH

    def run(*children: Xml) -> Xml:
        return w("r", w("rPr", w("rFonts", hint="eastAsia")), *children)

    instr = '<w:instrText xml:space="preserve"> PAGE </w:instrText>'
    return w(
        "p",
        w(
            "pPr",
            w("pStyle", val="Footer"),
            w("spacing", before=0, after=0, line=FOOTER_LINE, lineRule="exact"),
            w("ind", **{f"{side}Chars": gbt9704.PAGE_NUMBER_INDENT_CHARS * 100, side: indent}),
            w("jc", val=side),
        ),
        run(text(f"{dash} ")),
        run(w("fldChar", fldCharType="begin")),
        run(instr),
        run(w("fldChar", fldCharType="separate")),
        run(text("1")),
        run(w("fldChar", fldCharType="end")),
        run(text(f" {dash}")),
    )


def footer_characters(names: dict[Role, str]) -> dict[str, str]:
    """The face name the footers' page numbers are set in → the characters they may show."""
    return {names[PAGE_NUMBER.role]: f"{gbt9704.PAGE_NUMBER_DASH} 0123456789"}
