"""PDF/A-1b: the PDF writer's file with XMP metadata mirroring its Info dictionary, an sRGB output intent,
and a file structure PDF/A accepts (rewritten by qpdf through pikepdf: an end-of-line before every
``endstream``, which ReportLab leaves out; no object or cross-reference streams; an /ID derived from the
content, so the same document gives the same bytes).

Every font is already embedded (the PDF writer embeds TrueType subsets) and nothing is transparent.
"""

from __future__ import annotations

import io
from importlib.resources import files

import pikepdf
from lxml import etree

from lintou_report.tree import DocumentInfo

ICC = files("lintou_report.writers.pdf") / "icc" / "sRGB.icc"  # v2 profile: PDF/A-1 refuses v4
OUTPUT_CONDITION = "sRGB IEC61966-2.1"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SCHEMAS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xmp_date(pdf_date: str) -> str | None:
    """D:YYYYMMDDHHmmSS+HH'mm' → YYYY-MM-DDTHH:mm:SS+HH:mm (the same instant, as XMP writes it)."""
    d = pdf_date.removeprefix("D:")
    if len(d) < 14 or not d[:14].isdigit():
        return None
    zone = d[14:].replace("'", "")
    zone = "Z" if zone in ("", "Z") else f"{zone[:3]}:{zone[3:5] or '00'}"
    return f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}{zone}"


def _rdf(tag: str, *children: etree._Element, text: str | None = None, **attrs: str) -> etree._Element:
    prefix, _, name = tag.partition(":")
    node = etree.Element(f"{{{SCHEMAS.get(prefix, RDF)}}}{name}", attrs)
    node.text = text
    node.extend(children)
    return node


def _alt(tag: str, text: str) -> etree._Element:
    return _rdf(tag, _rdf("rdf:Alt", _rdf("rdf:li", text=text, **{XML_LANG: "x-default"})))


def xmp(docinfo: dict[str, str], keywords: tuple[str, ...]) -> bytes:
    """The XMP packet: each Info entry as PDF/A-1 pairs it (Title ↔ dc:title, Author ↔ dc:creator,
    Subject ↔ dc:description, Keywords ↔ pdf:Keywords, Creator ↔ xmp:CreatorTool, Producer ↔ pdf:Producer,
    the dates ↔ xmp:CreateDate and xmp:ModifyDate), the keywords one by one in dc:subject too."""
    dc = [_rdf("dc:format", text="application/pdf")]
    if "Title" in docinfo:
        dc.append(_alt("dc:title", docinfo["Title"]))
    if "Author" in docinfo:
        dc.append(_rdf("dc:creator", _rdf("rdf:Seq", _rdf("rdf:li", text=docinfo["Author"]))))
    if "Subject" in docinfo:
        dc.append(_alt("dc:description", docinfo["Subject"]))
    if keywords:
        dc.append(_rdf("dc:subject", _rdf("rdf:Bag", *(_rdf("rdf:li", text=k) for k in keywords))))
    pdf = [_rdf(f"pdf:{key}", text=docinfo[key]) for key in ("Producer", "Keywords") if key in docinfo]
    xmp_ = [_rdf("xmp:CreatorTool", text=docinfo["Creator"])] if "Creator" in docinfo else []
    for key, name in (("CreationDate", "CreateDate"), ("ModDate", "ModifyDate")):
        date = _xmp_date(docinfo.get(key, ""))
        if date:
            xmp_.append(_rdf(f"xmp:{name}", text=date))
    pdfaid = [_rdf("pdfaid:part", text="1"), _rdf("pdfaid:conformance", text="B")]
    about = {f"{{{RDF}}}about": ""}
    descriptions = [
        etree.Element(f"{{{RDF}}}Description", about, nsmap={prefix: SCHEMAS[prefix]}) for prefix in SCHEMAS
    ]
    for description, fields in zip(descriptions, (dc, pdf, xmp_, pdfaid), strict=True):
        description.extend(fields)
    rdf = etree.Element(f"{{{RDF}}}RDF", nsmap={"rdf": RDF})
    rdf.extend(descriptions)
    meta = etree.Element("{adobe:ns:meta/}xmpmeta", nsmap={"x": "adobe:ns:meta/"})
    meta.append(rdf)
    body = etree.tostring(meta, encoding="UTF-8")
    return b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body + b'\n<?xpacket end="w"?>'


def to_pdfa(pdf_bytes: bytes, info: DocumentInfo) -> bytes:
    """The same pages as PDF/A-1b: byte-identical for the same input."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if "/Trapped" in pdf.docinfo:
            del pdf.docinfo["/Trapped"]  # PDF/A-1's XMP schemas have no pdf:Trapped to mirror it
        docinfo = {str(k)[1:]: str(v) for k, v in pdf.docinfo.items()}
        metadata = pikepdf.Stream(pdf, xmp(docinfo, info.keywords))
        metadata.Type, metadata.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
        pdf.Root.Metadata = pdf.make_indirect(metadata)
        profile = pikepdf.Stream(pdf, ICC.read_bytes())
        profile.N = 3
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=OUTPUT_CONDITION,
            Info=OUTPUT_CONDITION,
            DestOutputProfile=pdf.make_indirect(profile),
        )
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,  # PDF 1.4: no object or xref streams
            fix_metadata_version=False,
            min_version="1.4",
            force_version="1.4",
        )
    return out.getvalue()
