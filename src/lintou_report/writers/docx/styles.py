"""The document's styles: every paragraph takes its look from a named style an office can change.

styles.xml is written from scratch (python-docx's template styles lean on theme fonts, which WPS reports
as missing): document defaults, Normal (正文, 3号仿宋 on the 22-line grid), Title, heading 1–4 for the
公文 heading levels with outline levels, and the styles for tables, 版头, 版记 and page numbers. Each sets
the role, size, colour and weight style.py gives the part it is for (``STYLES``).
"""

from __future__ import annotations

from lintou_report import style
from lintou_report.spec import gbt9704
from lintou_report.style import BLACK, Color, Style
from lintou_report.tree import Role
from lintou_report.writers.docx.faces import rfonts
from lintou_report.writers.docx.oxml import Xml, w

LINE = gbt9704.LINE_PITCH.twips  # 579: one line of the 22-line grid
HEADING_LEVELS = range(1, 5)  # heading 1–4: 一、 （一） 1. （1）
# Each paragraph and character style → the style.py Style it sets: a run inside it states only what differs.
STYLES: dict[str, Style] = {
    "Normal": style.BODY,
    "Title": style.TITLE,
    **{f"Heading{level}": style.heading(level) for level in HEADING_LEVELS},
    **{f"Heading{level}Char": style.heading(level) for level in HEADING_LEVELS},
    "TableCaption": style.TABLE_CAPTION,
    "TableText": style.TABLE_CELL,
    "TableHeading": style.TABLE_HEADER,
    "MastheadName": style.MASTHEAD_NAME,
    "Masthead": style.BODY,
    "Colophon": style.COLOPHON,
    "Footer": style.PAGE_NUMBER,
}


def half_points(pt: float) -> int:
    return round(pt * 2)


def twips(pt: float) -> int:
    return round(pt * 20)


def char_twips(size: float = gbt9704.BODY_SIZE.pt, spacing: int = 0) -> int:
    """The advance of one character of ``size`` pt with ``spacing`` twips of run spacing."""
    return twips(size) + spacing


BODY_CHAR = char_twips(spacing=gbt9704.DOCX_CHAR_SPACING_TWIPS)  # 315: 28 of them fill the type width


def exact_lines(lines: float = 1) -> Xml:
    return w("spacing", before=0, after=0, line=round(lines * LINE), lineRule="exact")


def no_indent() -> Xml:
    return w("ind", firstLineChars=0, firstLine=0)


def color_hex(color: Color) -> str:
    """``w:color``'s value for an RGB colour of 0–1 components: (1, 0, 0) → "FF0000"."""
    return "".join(f"{round(c * 255):02X}" for c in color)


def run_props(names: dict[Role, str], look: Style, spacing: int = 0) -> Xml:
    """A style's run properties: the face of ``look``'s role everywhere, weight, colour, tracking, size, zh-CN."""
    return w(
        "rPr",
        rfonts(names[look.role]),
        w("b") if look.bold else None,
        w("color", val=color_hex(look.color)) if look.color != BLACK else None,
        w("spacing", val=spacing),
        w("sz", val=half_points(look.size)),
        w("szCs", val=half_points(look.size)),
        w("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"),
    )


def _style(
    kind: str,
    style_id: str,
    name: str,
    *parts: Xml | None,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    link: str | None = None,
    default: bool = False,
) -> Xml:
    attrs = {"type": kind, "default": 1} if default else {"type": kind}
    return w(
        "style",
        w("name", val=name),
        w("basedOn", val=based_on) if based_on else None,
        w("next", val=next_style) if next_style else None,
        w("link", val=link) if link else None,
        w("qFormat"),
        *parts,
        **attrs,
        styleId=style_id,
    )


def _paragraph_style(
    style_id: str,
    name: str,
    ppr: list[Xml | None],
    rpr: Xml,
    next_style: str | None = None,
    based_on: str | None = "Normal",
    link: str | None = None,
) -> Xml:
    return _style("paragraph", style_id, name, w("pPr", *ppr), rpr, based_on=based_on, next_style=next_style, link=link)


def build_styles(names: dict[Role, str]) -> Xml:
    """The ``w:styles`` element for the given face names (official or Windows)."""
    colophon_char = char_twips(STYLES["Colophon"].size)
    type_width = gbt9704.TYPE_WIDTH.twips
    normal = _style(
        "paragraph",
        "Normal",
        "Normal",
        w(
            "pPr",
            w("widowControl", val=0),
            w("kinsoku"),
            # A closing mark at a line end: Word reads "1" as its default, the mark may hang past the margin
            # (行末点号悬挂); LibreOffice reads the value the other way round, so "1" keeps its text inside
            # the type area ("0" makes it hang marks and drop some of them from the page).
            w("overflowPunct", val=1),
            # The space between Chinese and Latin letters or digits (中西间距), which the PDF's lines hold as
            # well (layout/autospace.py): Word adds its own; LibreOffice adds it whatever the file says.
            w("autoSpaceDE", val=1),
            w("autoSpaceDN", val=1),
            # Every line is an exact 579 twips: Word then ignores the document grid, and so must LibreOffice,
            # which would otherwise give a 22 pt line two grid lines and set snapped lines lower in theirs.
            w("snapToGrid", val=0),
            exact_lines(),
            w(
                "ind",
                firstLineChars=gbt9704.FIRST_LINE_INDENT_CHARS * 100,
                firstLine=gbt9704.FIRST_LINE_INDENT_CHARS * BODY_CHAR,
            ),
            w("jc", val="both"),
        ),
        run_props(names, STYLES["Normal"], gbt9704.DOCX_CHAR_SPACING_TWIPS),
        based_on=None,
        default=True,
    )
    headings = [
        _paragraph_style(
            f"Heading{level}",
            f"heading {level}",
            [w("keepNext"), w("outlineLvl", val=level - 1)],
            run_props(names, STYLES[f"Heading{level}"], gbt9704.DOCX_CHAR_SPACING_TWIPS),
            next_style="Normal",
            link=f"Heading{level}Char",
        )
        for level in HEADING_LEVELS
    ]
    # A run-in heading's characters inside a body paragraph take the linked character style (see blocks.py).
    heading_chars = [
        _style(
            "character",
            f"Heading{level}Char",
            f"heading {level} Char",
            run_props(names, STYLES[f"Heading{level}Char"], gbt9704.DOCX_CHAR_SPACING_TWIPS),
            based_on="DefaultParagraphFont",
            link=f"Heading{level}",
        )
        for level in HEADING_LEVELS
    ]
    table_text = _paragraph_style(
        "TableText",
        "表格文字",
        # Cells keep off the exact grid: single spacing, no snapping (exact lines would cut rows).
        [w("spacing", before=0, after=0, line=240, lineRule="auto"), no_indent()],
        run_props(names, STYLES["TableText"]),
    )
    styles = [
        normal,
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", based_on=None, default=True),
        _style(
            "table",
            "TableNormal",
            "Normal Table",
            w(
                "tblPr",
                w("tblInd", w=0, type="dxa"),
                w(
                    "tblCellMar",
                    w("top", w=0, type="dxa"),
                    w("left", w=108, type="dxa"),
                    w("bottom", w=0, type="dxa"),
                    w("right", w=108, type="dxa"),
                ),
            ),
            based_on=None,
            default=True,
        ),
        _paragraph_style(
            "Title",
            "Title",
            [
                w("keepNext"),
                w(
                    "spacing",
                    before=gbt9704.TITLE_GAP_LINES * LINE,
                    after=gbt9704.TITLE_BELOW_GAP_LINES * LINE,
                    line=LINE,
                    lineRule="exact",
                ),
                no_indent(),
                w("jc", val="center"),
            ],
            run_props(names, STYLES["Title"]),
            next_style="Normal",
        ),
        *headings,
        *heading_chars,
        _paragraph_style(
            "TableCaption",
            "表题",
            [w("keepNext"), no_indent(), w("jc", val="center")],
            run_props(names, STYLES["TableCaption"]),
        ),
        table_text,
        _paragraph_style(
            "TableHeading",
            "表头",
            [w("keepNext"), w("jc", val="center")],
            run_props(names, STYLES["TableHeading"]),
            based_on="TableText",
        ),
        _paragraph_style(
            "MastheadName",
            "版头名称",
            [w("keepNext"), exact_lines(2), no_indent(), w("jc", val="center")],
            run_props(names, STYLES["MastheadName"]),
        ),
        _paragraph_style(
            "Masthead",
            "版头",
            [
                w("keepNext"),
                w("tabs", w("tab", val="right", pos=type_width)),
                no_indent(),
                w("jc", val="center"),
            ],
            run_props(names, STYLES["Masthead"]),
        ),
        _paragraph_style(
            "Colophon",
            "版记",
            [
                w("tabs", w("tab", val="right", pos=type_width - gbt9704.COLOPHON_INDENT_CHARS * colophon_char)),
                w(
                    "ind",
                    left=gbt9704.COLOPHON_INDENT_CHARS * colophon_char,
                    right=gbt9704.COLOPHON_INDENT_CHARS * colophon_char,
                    firstLineChars=0,
                    firstLine=0,
                ),
                w("jc", val="left"),
            ],
            run_props(names, STYLES["Colophon"]),
        ),
        _paragraph_style(
            "Footer",
            "footer",
            [w("spacing", before=0, after=0, line=240, lineRule="auto"), no_indent()],
            run_props(names, STYLES["Footer"]),
        ),
    ]
    return w(
        "styles",
        w(
            "docDefaults",
            w("rPrDefault", run_props(names, STYLES["Normal"])),
            w("pPrDefault", w("pPr", w("widowControl", val=0))),
        ),
        *styles,
    )
