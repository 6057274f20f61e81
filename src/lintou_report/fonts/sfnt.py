"""The one font reader of the program: the few facts we need from a TrueType/OpenType file.

Names and embedding bits (to scan font folders), the character map (coverage) and the metrics the layout
needs (advance widths, typographic ascender and descender, a glyph's top). Only the table directory and the
small tables are read, so that scanning a system font folder stays cheap, and nothing is imported (fontTools,
which tools/fonts and the tests use to check this reader, costs more to import than this reads; see
benchmarks/README.md).
ReportLab parses a face once more to embed it in a PDF: that is its own business (writers/pdf).
"""

from __future__ import annotations

import struct
import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

# name IDs that name the family: legacy family, full name, PostScript name, typographic family, WWS family
_FAMILY_NAME_IDS = (1, 4, 6, 16, 21)
_MAC_ENCODINGS = {0: "mac_roman", 25: "gb2312", 2: "big5", 1: "shift_jis", 3: "euc_kr"}


class NotAFont(ValueError):
    """The file is not a TrueType/OpenType font (or collection) we can read."""


@dataclass(frozen=True)
class FaceInfo:
    """What a font file says about one of its faces."""

    path: Path
    index: int
    names: frozenset[str]  # every family / full / PostScript name, in every language
    family: str  # the English legacy family name (name ID 1), else any
    style: str  # the English subfamily (name ID 2), e.g. "Regular", "Bold"
    outlines: str  # "glyf" (TrueType) or "CFF " / "CFF2" (PostScript)
    fs_type: int  # OS/2 embedding permissions


def face_count(path: Path) -> int:
    with open(path, "rb") as f:
        head = f.read(12)
    if head[:4] == b"ttcf":
        return struct.unpack(">I", head[8:12])[0]
    if head[:4] in (b"\0\1\0\0", b"OTTO", b"true"):
        return 1
    raise NotAFont(str(path))


def table_directory(f: BinaryIO, index: int) -> dict[bytes, tuple[int, int]]:
    """The table directory of face ``index``: tag → (offset, length)."""
    f.seek(0)
    head = f.read(12)
    if head[:4] == b"ttcf":
        (count,) = struct.unpack(">I", head[8:12])
        if not 0 <= index < count:
            raise NotAFont(f"face {index} of {count}")
        f.seek(12 + 4 * index)
        (offset,) = struct.unpack(">I", f.read(4))
        f.seek(offset)
        head = f.read(12)
    if head[:4] not in (b"\0\1\0\0", b"OTTO", b"true"):
        raise NotAFont("not an sfnt font")
    (num_tables,) = struct.unpack(">H", head[4:6])
    directory = f.read(16 * num_tables)
    out = {}
    for i in range(num_tables):
        tag, _checksum, off, length = struct.unpack(">4sIII", directory[16 * i : 16 * i + 16])
        out[tag] = (off, length)
    return out


def read_table(f: BinaryIO, tables: dict[bytes, tuple[int, int]], tag: bytes) -> bytes:
    if tag not in tables:
        return b""
    off, length = tables[tag]
    f.seek(off)
    return f.read(length)


def _decode_name(platform: int, encoding: int, raw: bytes) -> str | None:
    try:
        if platform in (0, 3):
            return raw.decode("utf-16-be")
        if platform == 1 and encoding in _MAC_ENCODINGS:
            return raw.decode(_MAC_ENCODINGS[encoding])
    except UnicodeDecodeError:
        return None
    return None


def _names(table: bytes) -> tuple[frozenset[str], str, str]:
    """Every family-like name, and the English family and style names (Windows US English first)."""
    if len(table) < 6:
        return frozenset(), "", ""
    _fmt, count, storage = struct.unpack(">HHH", table[:6])
    names: set[str] = set()
    english: dict[int, tuple[int, str]] = {}  # name ID → (rank, text); lower rank wins
    for i in range(count):
        platform, encoding, lang, name_id, length, off = struct.unpack(">6H", table[6 + 12 * i : 18 + 12 * i])
        if name_id not in (*_FAMILY_NAME_IDS, 2):
            continue
        text = _decode_name(platform, encoding, table[storage + off : storage + off + length])
        if not text or not text.strip("\0 "):
            continue
        text = text.strip("\0 ")
        if name_id != 2:
            names.add(text)
        rank = 0 if (platform, lang) == (3, 0x409) else 1 if (platform, lang) == (1, 0) else 2
        if name_id not in english or rank < english[name_id][0]:
            english[name_id] = (rank, text)
    family = english[1][1] if 1 in english else min(names, default="")
    return frozenset(names), family, english[2][1] if 2 in english else ""


def postscript_name(path: Path, index: int = 0) -> str:
    """The face's PostScript name (name ID 6; else its full name, else its family), as PDF readers know it."""
    try:
        with open(path, "rb") as f:
            table = read_table(f, table_directory(f, index), b"name")
    except (OSError, struct.error) as exc:
        raise NotAFont(f"{path}: {exc}") from None
    found: dict[int, str] = {}
    if len(table) >= 6:
        _fmt, count, storage = struct.unpack(">HHH", table[:6])
        for i in range(count):
            platform, encoding, lang, name_id, length, off = struct.unpack(">6H", table[6 + 12 * i : 18 + 12 * i])
            if name_id in (1, 4, 6) and (platform, lang) in ((3, 0x409), (1, 0)) and name_id not in found:
                text = _decode_name(platform, encoding, table[storage + off : storage + off + length])
                if text:
                    found[name_id] = text
    return next((found[i] for i in (6, 4, 1) if i in found), "")


def read_face(path: Path, index: int = 0) -> FaceInfo:
    """Names, outline format and embedding bits of one face; raises NotAFont for anything unreadable."""
    try:
        with open(path, "rb") as f:
            tables = table_directory(f, index)
            names, family, style = _names(read_table(f, tables, b"name"))
            os2 = read_table(f, tables, b"OS/2")
    except (OSError, struct.error) as exc:
        raise NotAFont(f"{path}: {exc}") from None
    outlines = "glyf" if b"glyf" in tables else ("CFF2" if b"CFF2" in tables else "CFF ")
    fs_type = struct.unpack(">H", os2[8:10])[0] if len(os2) >= 10 else 0
    return FaceInfo(path, index, names, family, style, outlines, fs_type)


def read_faces(path: Path) -> list[FaceInfo]:
    """Every face of a font file or collection; [] for a file that is not a readable font."""
    try:
        return [read_face(path, i) for i in range(face_count(path))]
    except (NotAFont, OSError, struct.error):
        return []


def read_coverage(path: Path, index: int = 0) -> frozenset[int]:
    """The code points the face maps to a real glyph (its best Unicode cmap subtable)."""
    with open(path, "rb") as f:
        return frozenset(_char_map(read_table(f, table_directory(f, index), b"cmap")))


def _char_map(cmap: bytes) -> dict[int, int]:
    """Code point → glyph id from the best Unicode subtable (glyph 0, .notdef, left out)."""
    if len(cmap) < 4:
        return {}
    (count,) = struct.unpack(">H", cmap[2:4])
    subtables: dict[tuple[int, int], int] = {}
    for i in range(count):
        platform, encoding, off = struct.unpack(">HHI", cmap[4 + 8 * i : 12 + 8 * i])
        subtables[(platform, encoding)] = off
    # full-repertoire subtables first, then BMP ones
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
        if key in subtables:
            off = subtables[key]
            (fmt,) = struct.unpack(">H", cmap[off : off + 2])
            if fmt == 12:
                return _format12(cmap, off)
            if fmt == 4:
                return _format4(cmap, off)
    return {}


def _format12(cmap: bytes, off: int) -> dict[int, int]:
    (groups,) = struct.unpack(">I", cmap[off + 12 : off + 16])
    values = array("I", cmap[off + 16 : off + 16 + 12 * groups])
    if sys.byteorder == "little":  # the file is big-endian
        values.byteswap()
    out: dict[int, int] = {}
    for g in range(groups):
        start, end, glyph = values[3 * g : 3 * g + 3]
        out.update(
            zip(range(start + (glyph == 0), end + 1), range(glyph + (glyph == 0), glyph + end + 1 - start), strict=True)
        )
    return out


def _format4(cmap: bytes, off: int) -> dict[int, int]:
    (seg_x2,) = struct.unpack(">H", cmap[off + 6 : off + 8])
    rest = cmap[off:]  # not the length field: large CJK subtables overflow its 16 bits
    table = array("H", rest[: len(rest) // 2 * 2])
    if sys.byteorder == "little":
        table.byteswap()
    seg = seg_x2 // 2
    ends = 7
    starts = ends + seg + 1
    deltas = starts + seg
    range_offsets = deltas + seg
    out: dict[int, int] = {}
    for i in range(seg):
        start, end = table[starts + i], table[ends + i]
        if start == 0xFFFF:
            continue
        delta, ro = table[deltas + i], table[range_offsets + i]
        if ro == 0:
            out.update((c, (c + delta) & 0xFFFF) for c in range(start, end + 1))
            continue
        for c in range(start, end + 1):
            pos = range_offsets + i + ro // 2 + (c - start)
            if pos < len(table) and table[pos] != 0:
                out[c] = (table[pos] + delta) & 0xFFFF
    return {c: g for c, g in out.items() if g}


@dataclass(frozen=True)
class FaceMetrics:
    """What the layout needs of a face, in font units: advances per glyph, the character map, the
    typographic ascender and descender (OS/2, else the head box), and where the glyph table lies."""

    path: Path
    units_per_em: int
    ascender: int
    descender: int
    char_map: dict[int, int] = field(repr=False)
    advances: array = field(repr=False)  # advance width of each glyph id
    glyph_offsets: tuple[int, int, bool]  # glyf table offset, loca table offset, long loca offsets

    def glyph_top(self, code: int) -> int:
        """yMax of the glyph of ``code`` from its header in the glyph table (0 for an empty glyph)."""
        box = self.glyph_box(code)
        return box[3] if box else 0

    def glyph_box(self, code: int) -> tuple[int, int, int, int] | None:
        """xMin, yMin, xMax, yMax of the glyph of ``code`` from its header in the glyph table (None for an
        empty glyph, or a face without a glyph table)."""
        glyph = self.char_map.get(code, 0)
        glyf, loca, long_offsets = self.glyph_offsets
        if not glyf:
            return None
        size = 4 if long_offsets else 2
        with open(self.path, "rb") as f:
            f.seek(loca + size * glyph)
            start, end = struct.unpack(">II" if long_offsets else ">HH", f.read(2 * size))
            if not long_offsets:
                start, end = 2 * start, 2 * end
            if end - start < 10:
                return None
            f.seek(glyf + start + 2)  # numberOfContours, then xMin, yMin, xMax, yMax
            return struct.unpack(">hhhh", f.read(8))


def read_metrics(path: Path, index: int = 0) -> FaceMetrics:
    """The layout metrics of one face; raises NotAFont for a file without the tables they come from."""
    try:
        with open(path, "rb") as f:
            tables = table_directory(f, index)
            head, hhea, maxp = (read_table(f, tables, tag) for tag in (b"head", b"hhea", b"maxp"))
            os2, cmap, hmtx = (read_table(f, tables, tag) for tag in (b"OS/2", b"cmap", b"hmtx"))
        (units_per_em,) = struct.unpack_from(">H", head, 18)
        y_min, y_max = struct.unpack_from(">hxxh", head, 38)  # yMin, (xMax), yMax of the head box
        (loca_format,) = struct.unpack_from(">h", head, 50)
        (metric_count,) = struct.unpack(">H", hhea[34:36])
        (glyph_count,) = struct.unpack(">H", maxp[4:6])
    except (OSError, struct.error) as exc:
        raise NotAFont(f"{path}: {exc}") from None
    if len(os2) >= 72:
        y_max, y_min = struct.unpack(">hh", os2[68:72])  # sTypoAscender, sTypoDescender
    pairs = array("H", hmtx[: 4 * metric_count])
    if sys.byteorder == "little":
        pairs.byteswap()
    advances = pairs[0::2]
    if not advances:
        raise NotAFont(f"{path}: no horizontal metrics")
    advances.extend([advances[-1]] * max(0, glyph_count - len(advances)))  # the rest share the last advance
    offsets = (tables.get(b"glyf", (0, 0))[0], tables.get(b"loca", (0, 0))[0], loca_format == 1)
    return FaceMetrics(path, units_per_em, y_max, y_min, _char_map(cmap), advances, offsets)
