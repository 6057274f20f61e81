"""The OFD package: OFD.xml (document information), Document.xml (page area, resources, pages, outline),
PublicRes.xml (fonts), each page's Content.xml and the embedded fonts, zipped byte for byte the same for
the same document."""

from __future__ import annotations

import hashlib

from lxml import etree

from lintou_report.spec import gbt9704
from lintou_report.tree import DocumentInfo
from lintou_report.writers.archive import zip_bytes
from lintou_report.writers.ofd.content import Drawing, Outline
from lintou_report.writers.ofd.xml import el, num, xml_bytes

CREATOR = "lintou-report"
DOC = "Doc_0"


def _outline_elements(outlines: list[Outline], page_ids: list[int]) -> list[etree._Element]:
    """Outline entries nested by level: each entry goes under the last one a level up."""
    roots: list[etree._Element] = []
    open_at: list[etree._Element] = []  # the last entry of each level
    for entry in outlines:
        dest = el("Dest", Type="XYZ", PageID=page_ids[entry.page], Left=0.0, Top=entry.top)
        action = el("Actions", el("Action", el("Goto", dest), Event="CLICK"))
        node = el("OutlineElem", action, Title=entry.title, Expanded="true")
        del open_at[entry.level :]
        (open_at[-1] if open_at else roots).append(node)
        open_at.append(node)
    return roots


def _document(drawing: Drawing, page_ids: list[int]) -> etree._Element:
    box = f"0 0 {num(gbt9704.PAGE_WIDTH.value)} {num(gbt9704.PAGE_HEIGHT.value)}"
    parts = [
        el(
            "CommonData",
            el("MaxUnitID", text=str(page_ids[-1] if page_ids else drawing.max_id)),
            el("PageArea", el("PhysicalBox", text=box)),
            el("PublicRes", text="PublicRes.xml"),
        ),
        el("Pages", *(el("Page", ID=n, BaseLoc=f"Pages/Page_{k}/Content.xml") for k, n in enumerate(page_ids))),
    ]
    if drawing.outlines:
        parts.append(el("Outlines", *_outline_elements(drawing.outlines, page_ids)))
    return el("Document", *parts)


def _public_res(drawing: Drawing) -> etree._Element:
    fonts = [
        el("Font", el("FontFile", text=f.file), ID=f.id, FontName=f.name, FamilyName=f.family) for f in drawing.fonts
    ]
    media = [
        el("MultiMedia", el("MediaFile", text=p.file), ID=p.id, Type="Image", Format="PNG") for p in drawing.pictures
    ]
    parts = ([el("Fonts", *fonts)] if fonts else []) + ([el("MultiMedias", *media)] if media else [])
    return el("Res", *parts, BaseLoc="Res")


def _ofd(info: DocumentInfo, doc_id: str) -> etree._Element:
    fields = [el("DocID", text=doc_id), el("Title", text=info.title), el("Author", text=info.author)]
    if info.subject:
        fields.append(el("Subject", text=info.subject))
    if info.date:
        fields.append(el("CreationDate", text=info.date))
    if info.keywords:
        fields.append(el("Keywords", *(el("Keyword", text=k) for k in info.keywords)))
    fields.append(el("Creator", text=CREATOR))
    body = el("DocBody", el("DocInfo", *fields), el("DocRoot", text=f"{DOC}/Document.xml"))
    return el("OFD", body, Version="1.0", DocType="OFD")


def package(drawing: Drawing, info: DocumentInfo) -> bytes:
    """The .ofd file's bytes. The DocID is a digest of every other part: the same document, the same ID."""
    page_ids = list(range(drawing.max_id + 1, drawing.max_id + 1 + len(drawing.pages)))
    files = {
        f"{DOC}/Document.xml": xml_bytes(_document(drawing, page_ids)),
        f"{DOC}/PublicRes.xml": xml_bytes(_public_res(drawing)),
    }
    for k, page in enumerate(drawing.pages):
        files[f"{DOC}/Pages/Page_{k}/Content.xml"] = xml_bytes(page)
    for font in drawing.fonts:
        files[f"{DOC}/Res/{font.file}"] = font.data
    for picture in drawing.pictures:
        files[f"{DOC}/Res/{picture.file}"] = picture.data
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    digest.update(repr(info).encode())
    files["OFD.xml"] = xml_bytes(_ofd(info, digest.hexdigest()[:32]))
    return zip_bytes(sorted(files.items()))
