"""Parts a document adds to the static skeleton only when it needs them (an empty footer for unnumbered
pages, the 草稿 header of a draft), so that every other document keeps the skeleton's bytes."""

from __future__ import annotations

from lintou_report.writers.docx import package, parts
from lintou_report.writers.docx.oxml import NAMESPACES, Xml

RELATIONSHIPS = "word/_rels/document.xml.rels"
KINDS = {"footer": f"{parts.WML}.footer+xml", "header": f"{parts.WML}.header+xml"}
ROOTS = {"footer": "w:ftr", "header": "w:hdr"}


def add_part(members: dict[str, bytes], kind: str, name: str, rid: str, root: Xml) -> None:
    """Add ``word/<name>`` (a header or footer whose root element is ``root``, ``w:`` and ``r:`` declared)
    with its content type and its relationship ``rid`` from the main document."""
    tag = ROOTS[kind]
    declared = root.replace(f"<{tag}", f'<{tag} xmlns:w="{NAMESPACES["w"]}"', 1)
    members[f"word/{name}"] = (package.XML_DECLARATION + declared).encode("utf-8")
    types = members[package.CONTENT_TYPES].decode("utf-8")
    override = f'<Override PartName="/word/{name}" ContentType="{KINDS[kind]}"/>'
    members[package.CONTENT_TYPES] = types.replace("</Types>", override + "</Types>").encode("utf-8")
    rels = members[RELATIONSHIPS].decode("utf-8")
    rel = f'<Relationship Id="{rid}" Type="{parts.OFFICE}/relationships/{kind}" Target="{name}"/>'
    members[RELATIONSHIPS] = rels.replace("</Relationships>", rel + "</Relationships>").encode("utf-8")
