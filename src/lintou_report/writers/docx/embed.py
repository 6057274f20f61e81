"""``--embed-fonts``: put per-document subsets of the faces a DOCX uses inside it, so it shows right anywhere.

Works on the DOCX's parts before they are zipped (ECMA-376 Part 1 §17.8): for each face name the document
uses, the characters the writer set in it are cut from the face that fills the name's role, the subset is
renamed to the name the document uses (Word and LibreOffice match embedded faces by name), obfuscated with a font key
(§17.8.1) and stored as ``word/fonts/fontN.odttf``; the font table entry gets ``w:embedRegular`` with a
relationship and the key; settings get ``w:embedTrueTypeFonts`` and ``w:saveSubsetFonts``. Keys and part
names derive from the content, so the output stays byte-identical for the same input.
"""

from __future__ import annotations

import hashlib
import io
import uuid
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
CONTENT_TYPES_PART = "[Content_Types].xml"

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


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class EmbeddedFont:
    name: str  # the face name the document uses
    face: Face
    characters: str
    key: str  # "{GUID}"
    data: bytes  # obfuscated subset


def embed(members: dict[str, bytes], used: dict[str, set[str]], fonts: FontSet) -> None:
    """Add to ``members`` (a DOCX's parts, the writer's skeleton with its document) subsets of the faces that
    set its characters: ``used`` maps each face name to the characters the writer set in it. Names the
    FontSet does not fill are left as named."""
    faces = _faces_by_name(fonts)
    embedded = [
        _embedded(name, faces[name], "".join(sorted(chars)))
        for name, chars in sorted(used.items())
        if name in faces and chars
    ]
    members[FONT_TABLE] = _font_table(members[FONT_TABLE], embedded)
    members[FONT_TABLE_RELS] = _font_table_rels(embedded)
    members[SETTINGS] = _settings(members[SETTINGS])
    members[CONTENT_TYPES_PART] = _content_types(members[CONTENT_TYPES_PART])
    for i, font in enumerate(embedded, 1):
        members[f"word/fonts/font{i}.odttf"] = font.data


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
