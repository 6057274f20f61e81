"""The DOCX package: python-docx's template pruned to what the document uses, core properties from the
data, and a zip whose bytes depend on the content only (fixed entry times, fixed order)."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn

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


def set_core_properties(document: DocxDocument, info: DocumentInfo) -> None:
    """Title, author, subject, keywords; created and modified on the document's own date."""
    props = document.core_properties
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
        element = document.part.package.core_properties._element
        for tag in ("dcterms:created", "dcterms:modified"):
            for old in element.findall(qn(tag)):
                element.remove(old)


class _FixedTimeZip:
    """Where python-docx's package writer puts each member: a zip entry stamped ZIP_TIME (python-docx's own
    writer stamps the clock), so the package is written once, not written and then copied."""

    def __init__(self, target: io.BytesIO) -> None:
        self.zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self.zip.writestr(entry, blob)


def deterministic_bytes(document: DocxDocument) -> bytes:
    """The package's bytes, in python-docx's order (OpcPackage.save), with fixed entry times."""
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    target = _FixedTimeZip(out)
    PackageWriter._write_content_types_stream(target, parts)
    PackageWriter._write_pkg_rels(target, package.rels)
    PackageWriter._write_parts(target, parts)
    target.zip.close()
    return out.getvalue()
