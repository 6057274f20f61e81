"""The DOCX package: the static skeleton shipped with the package (skeleton/<naming>/: content types,
relationships, styles, settings, font table, footers; written by tools/docx_skeleton.py), the main document
and core properties each document fills in, and the one zip writer whose bytes depend on the content only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from lintou_report.tree import DocumentInfo
from lintou_report.writers.archive import UNIX, zip_bytes
from lintou_report.writers.docx.oxml import NAMESPACES

SKELETON = Path(__file__).resolve().parent / "skeleton"
CONTENT_TYPES = "[Content_Types].xml"
DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
# Relationship ids of the main document's parts, as skeleton/*/word/_rels/document.xml.rels names them.
STYLES_RID, SETTINGS_RID, FONT_TABLE_RID, ODD_FOOTER_RID, EVEN_FOOTER_RID = (f"rId{i}" for i in range(1, 6))
# The references core properties' text needs (what xml.sax.saxutils.escape writes, without importing the
# URL and HTTP modules xml.sax brings in)
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape(value: str) -> str:
    return value.translate(_ESCAPES)


_DOCUMENT_HEAD = (
    XML_DECLARATION
    + "<w:document"
    + "".join(f' xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    + "><w:body>"
)
_DOCUMENT_TAIL = "</w:body></w:document>"


def skeleton(naming: str) -> tuple[tuple[str, bytes], ...]:
    """The skeleton's members for one face naming, content types first, in a fixed order."""
    root = SKELETON / naming
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    names.sort(key=lambda name: name != CONTENT_TYPES)
    return tuple((name, (root / name).read_bytes()) for name in names)


def document_xml(body: str) -> bytes:
    """word/document.xml around ``body`` (the body's content, serialized)."""
    return (_DOCUMENT_HEAD + body + _DOCUMENT_TAIL).encode("utf-8")


def core_properties(info: DocumentInfo) -> bytes:
    """docProps/core.xml: title, author, subject, keywords; created and modified on the document's own date
    (none when the data has no date: never the clock's)."""
    stamp = ""
    if info.date:
        when = datetime.fromisoformat(info.date).replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        stamp = "".join(
            f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{when}</dcterms:{tag}>' for tag in ("created", "modified")
        )
    fields = (
        f"<dc:title>{escape(info.title)}</dc:title><dc:subject>{escape(info.subject)}</dc:subject>"
        f"<dc:creator>{escape(info.author)}</dc:creator>"
        f"<cp:keywords>{escape('，'.join(info.keywords))}</cp:keywords>"
        f"<cp:lastModifiedBy>{escape(info.author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>{stamp}"
        "<dc:language>zh-CN</dc:language>"
    )
    return (
        XML_DECLARATION
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' + fields + "</cp:coreProperties>"
    ).encode("utf-8")


def write_zip(members: dict[str, bytes]) -> bytes:
    """A zip of ``members`` in their order, [Content_Types].xml first (archive.py: same members, same bytes)."""
    order = [CONTENT_TYPES] + [name for name in members if name != CONTENT_TYPES]
    return zip_bytes(((name, members[name]) for name in order), mode=0o644, system=UNIX)
