"""``--embed-fonts``: put per-document subsets of the faces a DOCX uses inside it, so it shows right anywhere.

Works on the finished DOCX bytes (ECMA-376 Part 1 §17.8): for each face name the document uses, the
characters set in it are cut from the face that fills the name's role, the subset is renamed to the name
the document uses (Word and LibreOffice match embedded faces by name), obfuscated with a font key
(§17.8.1) and stored as ``word/fonts/fontN.odttf``; the font table entry gets ``w:embedRegular`` with a
relationship and the key; settings get ``w:embedTrueTypeFonts`` and ``w:saveSubsetFonts``. Keys and part
names derive from the content, so the output stays byte-identical for the same input.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass

from lxml import etree

from lintou_report.fonts import ROLES, Face, FontSet, bundled_face, sfnt

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
ODTTF_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_TABLE = "word/fontTable.xml"
FONT_TABLE_RELS = "word/_rels/fontTable.xml.rels"
SETTINGS = "word/settings.xml"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIELD_DIGITS = "0123456789"  # PAGE fields show digits the document text does not contain

# CT_Settings children that precede w:embedTrueTypeFonts (ECMA-376 Part 1 §17.15.1.78)
_BEFORE_EMBED = frozenset(
    {
        "writeProtection",
        "view",
        "zoom",
        "removePersonalInformation",
        "removeDateAndTime",
        "doNotDisplayPageBoundaries",
        "displayBackgroundShape",
        "printPostScriptOverText",
        "printFractionalCharacterWidth",
        "printFormsData",
    }
)
_FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class EmbeddedFont:
    name: str  # the face name the document uses
    face: Face
    characters: str
    key: str  # "{GUID}"
    data: bytes  # obfuscated subset


def embed_fonts(docx: bytes, fonts: FontSet) -> bytes:
    """The DOCX with subsets of its faces embedded; faces the FontSet does not fill are left as named."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    if FONT_TABLE not in parts:
        parts[FONT_TABLE] = etree.tostring(etree.Element(_w("fonts"), nsmap={"w": W, "r": R}))
        _relate_font_table(parts)
    faces = _faces_by_name(fonts)
    used = used_characters(parts)
    embedded = [
        _embedded(name, faces[name], "".join(sorted(chars)))
        for name, chars in sorted(used.items())
        if name in faces and chars
    ]
    parts[FONT_TABLE] = _font_table(parts[FONT_TABLE], embedded)
    parts[FONT_TABLE_RELS] = _font_table_rels(embedded)
    if SETTINGS in parts:
        parts[SETTINGS] = _settings(parts[SETTINGS])
    parts["[Content_Types].xml"] = _content_types(parts["[Content_Types].xml"])
    for i, font in enumerate(embedded, 1):
        parts[f"word/fonts/font{i}.odttf"] = font.data
    return _zip(parts)


def _faces_by_name(fonts: FontSet) -> dict[str, Face]:
    """Every name a DOCX may give a role (official, Windows, the face's own) → the face to embed for it.

    A face whose licence allows only "preview & print" embedding (OS/2 fsType bit 2) would open read-only in
    Word, so the bundled face stands in for it.
    """
    out: dict[str, Face] = {}
    for role, info in ROLES.items():
        face = fonts.faces[role]
        if sfnt.read_face(face.path, face.index).fs_type & 0x0004:
            face = bundled_face(role)
        for name in (info.official, info.windows, face.official, face.family):
            if name:
                out.setdefault(name, face)
    return out


def used_characters(parts: dict[str, bytes]) -> dict[str, set[str]]:
    """Face name → the characters set in it, over the body, headers and footers (styles followed)."""
    styles, defaults, default_style = _style_fonts(parts.get("word/styles.xml"))
    used: dict[str, set[str]] = {}
    names = [n for n in parts if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", n)]
    for name in names:
        for p in etree.fromstring(parts[name]).iter(_w("p")):
            p_style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
            base = {**defaults, **styles.get(p_style.get(_w("val")) if p_style is not None else default_style, {})}
            has_field = p.find(f".//{_w('fldChar')}") is not None or p.find(f".//{_w('fldSimple')}") is not None
            for r in p.iter(_w("r")):
                fonts = dict(base)
                r_style = r.find(f"{_w('rPr')}/{_w('rStyle')}")
                if r_style is not None:
                    fonts.update(styles.get(r_style.get(_w("val")), {}))
                fonts.update(_slots(r.find(f"{_w('rPr')}/{_w('rFonts')}")))
                text = "".join(t.text or "" for t in r.iter(_w("t"))) + (FIELD_DIGITS if has_field else "")
                for face_name in fonts.values():
                    used.setdefault(face_name, set()).update(text)
    return used


def _slots(rfonts: etree._Element | None) -> dict[str, str]:
    """The face names a w:rFonts sets, by slot (theme font references are not face names)."""
    if rfonts is None:
        return {}
    return {slot: rfonts.get(_w(slot)) for slot in _FONT_SLOTS if rfonts.get(_w(slot))}


def _style_fonts(styles_xml: bytes | None) -> tuple[dict[str, dict[str, str]], dict[str, str], str]:
    """styleId → its fonts (basedOn followed), the document default fonts, and the default paragraph style."""
    if not styles_xml:
        return {}, {}, ""
    root = etree.fromstring(styles_xml)
    own: dict[str, dict[str, str]] = {}
    parent: dict[str, str] = {}
    default_style = ""
    for style in root.iter(_w("style")):
        sid = style.get(_w("styleId"), "")
        own[sid] = _slots(style.find(f"{_w('rPr')}/{_w('rFonts')}"))
        based = style.find(_w("basedOn"))
        if based is not None:
            parent[sid] = based.get(_w("val"), "")
        if style.get(_w("default")) in ("1", "true") and style.get(_w("type")) == "paragraph":
            default_style = sid

    def resolved(sid: str, depth: int = 0) -> dict[str, str]:
        if sid not in own or depth > 20:
            return {}
        return {**(resolved(parent[sid], depth + 1) if sid in parent else {}), **own[sid]}

    defaults = _slots(root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('rFonts')}"))
    return {sid: resolved(sid) for sid in own}, defaults, default_style


def _embedded(name: str, face: Face, characters: str) -> EmbeddedFont:
    subset = subset_face(face, characters, name)
    key = "{" + str(uuid.UUID(bytes=hashlib.sha256(subset).digest()[:16])).upper() + "}"
    return EmbeddedFont(name, face, characters, key, obfuscate(subset, key))


def subset_face(face: Face, characters: str, name: str) -> bytes:
    """A TrueType subset of ``face`` with ``characters``, its family renamed to ``name`` (PostScript name kept)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []
    options.hinting = True  # the bundled faces have none; False would decode and re-encode every glyph
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.font_number = face.index
    with TTFont(face.path, fontNumber=face.index, lazy=True, recalcBBoxes=False, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters + " ")
        subsetter.subset(font)
        _rename(font, name)
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


def _rename(font, name: str) -> None:
    """Family and full name → ``name`` (in English and Chinese records); the PostScript name says what it is."""
    table = font["name"]
    postscript = table.getDebugName(6) or "Embedded"
    for record in list(table.names):
        if record.nameID in (1, 2, 3, 4, 16, 17):
            table.removeNames(nameID=record.nameID)
    for lang in (0x409, 0x804):
        table.setName(name, 1, 3, 1, lang)
        table.setName("Regular", 2, 3, 1, lang)
        table.setName(name, 4, 3, 1, lang)
    table.setName(f"{postscript};lintou-report subset", 3, 3, 1, 0x409)


def obfuscate(font: bytes, key: str) -> bytes:
    """ECMA-376 §17.8.1: XOR the first 32 bytes with the key's 16 bytes, taken in reverse order."""
    key_bytes = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ key_bytes[i % 16] for i, b in enumerate(font[:32]))
    return head + font[32:]


def _font_table(xml: bytes, embedded: list[EmbeddedFont]) -> bytes:
    """w:embedRegular (relationship id and font key) in each embedded face's entry; ``r`` declared on the root."""
    old_root = etree.fromstring(xml)
    root = etree.Element(old_root.tag, nsmap={**old_root.nsmap, "r": R}, attrib=old_root.attrib)
    root.extend(old_root)
    entries = {f.get(_w("name")): f for f in root.findall(_w("font"))}
    for i, font in enumerate(embedded, 1):
        entry = entries.get(font.name)
        if entry is None:
            entry = etree.SubElement(root, _w("font"))
            entry.set(_w("name"), font.name)
        for old in entry.findall(_w("embedRegular")):
            entry.remove(old)
        embed = etree.SubElement(entry, _w("embedRegular"))  # embed* are the last children of CT_Font
        embed.set(f"{{{R}}}id", f"rIdFont{i}")
        embed.set(_w("fontKey"), font.key)
        embed.set(_w("subsetted"), "1")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _font_table_rels(embedded: list[EmbeddedFont]) -> bytes:
    root = etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
    for i, _font in enumerate(embedded, 1):
        etree.SubElement(
            root, f"{{{PKG_RELS}}}Relationship", Id=f"rIdFont{i}", Type=FONT_REL, Target=f"fonts/font{i}.odttf"
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _settings(xml: bytes) -> bytes:
    """w:embedTrueTypeFonts and w:saveSubsetFonts, in their place in the schema's order."""
    root = etree.fromstring(xml)
    for tag in ("embedTrueTypeFonts", "saveSubsetFonts", "embedSystemFonts"):
        for old in root.findall(_w(tag)):
            root.remove(old)
    position = sum(1 for child in root if etree.QName(child).localname in _BEFORE_EMBED)
    root.insert(position, etree.Element(_w("saveSubsetFonts")))
    root.insert(position, etree.Element(_w("embedTrueTypeFonts")))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _content_types(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    if not any(d.get("Extension") == "odttf" for d in root.findall(f"{{{CONTENT_TYPES}}}Default")):
        default = etree.Element(f"{{{CONTENT_TYPES}}}Default", Extension="odttf", ContentType=ODTTF_TYPE)
        root.insert(0, default)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _relate_font_table(parts: dict[str, bytes]) -> None:
    """A DOCX without a font table gets one, related from the document and typed in [Content_Types]."""
    rels_name = "word/_rels/document.xml.rels"
    rels = etree.fromstring(parts[rels_name])
    rel = etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship")
    rel.set("Id", "rIdFontTable")
    rel.set("Type", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
    rel.set("Target", "fontTable.xml")
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    override = etree.SubElement(types, f"{{{CONTENT_TYPES}}}Override")
    override.set("PartName", "/" + FONT_TABLE)
    override.set("ContentType", "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml")
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)


def _zip(parts: dict[str, bytes]) -> bytes:
    """Parts in their order, [Content_Types].xml first, fixed entry times: same input, same bytes."""
    out = io.BytesIO()
    order = ["[Content_Types].xml"] + [n for n in parts if n != "[Content_Types].xml"]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in order:
            entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, parts[name])
    return out.getvalue()
