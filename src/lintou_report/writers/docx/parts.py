"""The parts every DOCX of one face naming shares, as tools/docx_skeleton.py writes them into skeleton/:
content types, relationships, styles, settings (line breaking rules), font table, the odd and even footers."""

from __future__ import annotations

from lintou_report.spec import gbt9704
from lintou_report.writers.docx import package, section
from lintou_report.writers.docx.faces import Naming, face_names, font_table
from lintou_report.writers.docx.oxml import NAMESPACES, Xml, w
from lintou_report.writers.docx.styles import build_styles

OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CONTENT_TYPES = {
    "/word/document.xml": f"{WML}.document.main+xml",
    "/word/styles.xml": f"{WML}.styles+xml",
    "/word/settings.xml": f"{WML}.settings+xml",
    "/word/fontTable.xml": f"{WML}.fontTable+xml",
    "/word/footer1.xml": f"{WML}.footer+xml",
    "/word/footer2.xml": f"{WML}.footer+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
}
DOCUMENT_RELS = {
    package.STYLES_RID: ("styles", "styles.xml"),
    package.SETTINGS_RID: ("settings", "settings.xml"),
    package.FONT_TABLE_RID: ("fontTable", "fontTable.xml"),
    package.ODD_FOOTER_RID: ("footer", "footer1.xml"),
    package.EVEN_FOOTER_RID: ("footer", "footer2.xml"),
}


def members(naming: Naming) -> dict[str, bytes]:
    """Member name → bytes of the skeleton for ``naming``."""
    names = face_names(naming)
    return {
        package.CONTENT_TYPES: _xml(content_types()),
        "_rels/.rels": _xml(
            relationships(
                {
                    "rId1": (f"{OFFICE}/relationships/officeDocument", "word/document.xml"),
                    "rId2": (f"{PACKAGE_RELS}/metadata/core-properties", "docProps/core.xml"),
                }
            )
        ),
        "word/_rels/document.xml.rels": _xml(
            relationships({rid: (f"{OFFICE}/relationships/{k}", path) for rid, (k, path) in DOCUMENT_RELS.items()})
        ),
        "word/styles.xml": _xml(_declare(build_styles(names), "w")),
        "word/settings.xml": _xml(_declare(word_settings(), "w")),
        "word/fontTable.xml": _xml(_declare(font_table(names), "w")),
        "word/footer1.xml": _xml(_declare(w("ftr", section.page_number(odd=True)), "w")),
        "word/footer2.xml": _xml(_declare(w("ftr", section.page_number(odd=False)), "w")),
    }


def word_settings() -> Xml:
    """Odd and even footers; no punctuation compression (keeps 28 characters a line); the line-breaking rules
    of GB/T 15834 as custom 禁则 lists (the PDF's tables); children in schema order."""
    return w(
        "settings",
        w("zoom", percent=100),
        w("defaultTabStop", val=420),
        w("evenAndOddHeaders"),
        w("characterSpacingControl", val="doNotCompress"),
        w("noLineBreaksAfter", lang="zh-CN", val="".join(sorted(gbt9704.NO_LINE_END))),
        w("noLineBreaksBefore", lang="zh-CN", val="".join(sorted(gbt9704.NO_LINE_START))),
        w(
            "compat",
            w("compatSetting", name="compatibilityMode", uri="http://schemas.microsoft.com/office/word", val=15),
        ),
        w("decimalSymbol", val="."),
        w("listSeparator", val=","),
    )


def content_types() -> str:
    overrides = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in CONTENT_TYPES.items())
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    )


def relationships(targets: dict[str, tuple[str, str]]) -> str:
    rels = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, (kind, target) in targets.items()
    )
    return f'<Relationships xmlns="{PACKAGE_RELS}">{rels}</Relationships>'


def _declare(xml: Xml, *prefixes: str) -> str:
    """``xml``'s root element with ``prefixes`` (of oxml.NAMESPACES) declared on it."""
    end = next(i for i, ch in enumerate(xml) if ch in " />")
    return xml[:end] + "".join(f' xmlns:{p}="{NAMESPACES[p]}"' for p in prefixes) + xml[end:]


def _xml(text: str) -> bytes:
    return (package.XML_DECLARATION + text).encode("utf-8")
