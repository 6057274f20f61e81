"""The DOCX package: python-docx's template pruned to what the document uses, written once a process as a
skeleton every document fills with its body and core properties, and a zip whose bytes depend on the content
only (fixed entry times, fixed order)."""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from lintou_report import cache as user_cache
from lintou_report.tree import DocumentInfo

# Parts of python-docx's default template this document has no use for. The theme goes with them:
# no style refers to theme fonts, so nothing can fall back to them.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
UNUSED_PARTS = {STYLES_WITH_EFFECTS, RT.THEME, RT.WEB_SETTINGS, RT.NUMBERING, RT.CUSTOM_XML, RT.FONT_TABLE}
UNUSED_PACKAGE_PARTS = {RT.THUMBNAIL, RT.EXTENDED_PROPERTIES}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def prune(document: DocxDocument) -> None:
    """Drop the template's parts the document does not use (the font table is written anew)."""
    for rels, unused in ((document.part.rels, UNUSED_PARTS), (document.part.package.rels, UNUSED_PACKAGE_PARTS)):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in unused]:
            del rels[rid]


@cache
def _blank_bytes() -> bytes:
    """python-docx's default template, pruned, with no styles or settings (each document writes its own):
    made once and kept in the user cache (cache.py) under this file and python-docx's version; parsing the
    whole template cost 20 ms a document."""
    entry = user_cache.file_entry("docx-blank", Path(__file__), docx.__version__)
    kept = user_cache.load(entry)
    if isinstance(kept, bytes):
        return kept
    document = docx.Document()
    prune(document)
    for element in (document.styles.element, document.settings.element):
        element[:] = []
    saved = io.BytesIO()
    document.save(saved)
    user_cache.store(entry, saved.getvalue())
    return saved.getvalue()


def blank() -> DocxDocument:
    """A new document on the pruned template."""
    return docx.Document(io.BytesIO(_blank_bytes()))


def core_properties(pristine: BaseOxmlElement, info: DocumentInfo) -> bytes:
    """docProps/core.xml: the template's core properties (``pristine``, left as it is) with title, author,
    subject, keywords; created and modified on the document's own date."""
    element = copy.deepcopy(pristine)
    props = CoreProperties(element)
    props.title = info.title
    props.author = info.author
    props.last_modified_by = info.author
    props.subject = info.subject
    props.keywords = "，".join(info.keywords)
    props.comments = ""
    props.category = ""
    props.language = "zh-CN"
    props.revision = 1
    if info.date:
        stamp = datetime.fromisoformat(info.date).replace(tzinfo=UTC)
        props.created = stamp
        props.modified = stamp
    else:  # no date in the data: stamp none rather than the clock's
        for tag in ("dcterms:created", "dcterms:modified"):
            for old in element.findall(qn(tag)):
                element.remove(old)
    return serialize_part_xml(element)


class _Members:
    """Where python-docx's package writer puts each member (in place of its zip file, which stamps the
    clock): kept as (member name, bytes) in the order written."""

    def __init__(self) -> None:
        self.written: list[tuple[str, bytes]] = []

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.written.append((pack_uri.membername, blob))


@dataclass(frozen=True)
class Skeleton:
    """A package as python-docx writes it (OpcPackage.save), finished but for its main document's body and
    its core properties: what every document of one naming shares, made once (``of``), filled per document
    (``fill``) without python-docx's object layer."""

    members: tuple[tuple[str, bytes], ...]  # member name and bytes, in python-docx's order
    document: str  # the main document's member name
    head: bytes  # its XML up to the body's content …
    tail: bytes  # … and after it
    core: str  # the core properties' member name
    pristine_core: BaseOxmlElement  # the template's core properties, never changed (copied for each document)

    @classmethod
    def of(cls, document: DocxDocument) -> Skeleton:
        """``document``, whose body is empty, as its members."""
        package = document.part.package
        parts = list(package.parts)
        for part in parts:
            part.before_marshal()
        members = _Members()
        PackageWriter._write_content_types_stream(members, parts)
        PackageWriter._write_pkg_rels(members, package.rels)
        PackageWriter._write_parts(members, parts)
        name = document.part.partname.membername
        head, tail = dict(members.written)[name].split(b"<w:body/>")
        [core] = [part for part in parts if part.content_type == CT.OPC_CORE_PROPERTIES]
        assert isinstance(core, XmlPart)
        pristine = copy.deepcopy(core.element)
        return cls(
            tuple(members.written), name, head + b"<w:body>", b"</w:body>" + tail, core.partname.membername, pristine
        )

    def fill(self, body: str, info: DocumentInfo) -> bytes:
        """The DOCX file with ``body`` (the body's content, serialized) and the core properties of ``info``;
        a zip whose entries have fixed times, in a fixed order."""
        filled = {
            self.document: self.head + body.encode("utf-8") + self.tail,
            self.core: core_properties(self.pristine_core, info),
        }
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in self.members:
                entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                target.writestr(entry, filled.get(name, data))
        return out.getvalue()
