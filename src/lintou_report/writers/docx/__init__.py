"""The DOCX writer: a Word document laid out to GB/T 9704 that offices open in Word, WPS or LibreOffice and
keep editing — real styles, the official face names, the 22-line grid, odd/even page numbers."""

from __future__ import annotations

from functools import cache

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.xmlchemy import BaseOxmlElement

from lintou_report.fonts import FontSet
from lintou_report.tree import Document
from lintou_report.writers.docx import blocks, package, section
from lintou_report.writers.docx.faces import Naming, face_names, font_table
from lintou_report.writers.docx.oxml import Xml, element, w
from lintou_report.writers.docx.styles import build_styles

FONT_TABLE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"


def render(document: Document, fonts: FontSet, naming: Naming = "official") -> bytes:
    """The DOCX file's bytes; ``naming="windows"`` names 仿宋 / 楷体 instead of the _GB2312 faces."""
    skeleton, footers = _skeleton(naming)
    ctx = blocks.Context(face_names(naming), fonts)
    body = "".join(xml for block in document.blocks for xml in blocks.elements(block, ctx))
    return skeleton.fill(body + section.section_properties(*footers), document.info)


@cache
def _skeleton(naming: Naming) -> tuple[package.Skeleton, tuple[str, str]]:
    """The package every document of this naming shares (styles, settings, font table, the two footers), made
    once a process with python-docx, and the footers' relationship ids (odd, even) for the section."""
    names = face_names(naming)
    out = package.blank()
    _replace_children(out.styles.element, build_styles(names))
    _replace_children(out.settings.element, _settings())
    fonts_xml = element(font_table(names), prefixes=("w",))
    out.part.relate_to(
        XmlPart(PackURI("/word/fontTable.xml"), FONT_TABLE_TYPE, fonts_xml, out.part.package), RT.FONT_TABLE
    )
    footers = []
    for odd in (True, False):
        footer_part, rid = out.part.add_footer_part()
        _replace_children(footer_part.element, w("ftr", section.page_number(odd)))
        footers.append(rid)
    body = out.element.body
    body.clear_content()
    for old in body.findall("{*}sectPr"):
        body.remove(old)
    odd, even = footers
    return package.Skeleton.of(out), (odd, even)


def _settings() -> Xml:
    """Odd and even footers, no punctuation compression (keeps 28 characters a line); children in schema order."""
    return w(
        "settings",
        w("zoom", percent=100),
        w("defaultTabStop", val=420),
        w("evenAndOddHeaders"),
        w("characterSpacingControl", val="doNotCompress"),
        w(
            "compat",
            w("compatSetting", name="compatibilityMode", uri="http://schemas.microsoft.com/office/word", val=15),
        ),
        w("decimalSymbol", val="."),
        w("listSeparator", val=","),
    )


def _replace_children(target: BaseOxmlElement, source: Xml) -> None:
    """``target``'s children become those of the element ``source`` holds (parsed once, whole)."""
    target[:] = list(element(source))
