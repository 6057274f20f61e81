"""A face cut down to the glyphs of some characters, every other table it keeps as it is.

A writer embeds only the glyphs a document draws; handing its library the whole face (2.6–6.8 MB, up to
65,000 glyphs) makes the library read every glyph's metrics and position first. The cut face holds the
characters asked for, the glyphs they use (with the parts of composite glyphs), each glyph's bytes, advance
and side bearing unchanged, and the tables a PDF font program keeps (name, OS/2, post, head, hhea, maxp,
cvt, fpgm, prep) as they are, but for the glyph counts: a subset made from it is the one made from the face.
"""

from __future__ import annotations

import mmap
import struct
import sys
from array import array
from pathlib import Path

from lintou_report.fonts import sfnt
from lintou_report.fonts.metrics import file_metrics

_KEPT = (b"name", b"OS/2", b"post", b"cvt ", b"fpgm", b"prep")
# composite glyph flags (OpenType glyf): what follows each component's glyph id
_WORDS, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x0001, 0x0008, 0x0020, 0x0040, 0x0080


def _components(glyph: bytes) -> list[tuple[int, int]]:
    """(offset of the glyph id, glyph id) of each part of a composite glyph; [] for a simple one."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph)[0] >= 0:
        return []
    out, at, flags = [], 10, _MORE
    while flags & _MORE and at + 4 <= len(glyph):
        flags, part = struct.unpack_from(">HH", glyph, at)
        out.append((at + 2, part))
        at += 4 + (4 if flags & _WORDS else 2)
        at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
    return out


def _ushorts(data: bytes) -> array:
    values = array("H", data[: len(data) // 2 * 2])
    if sys.byteorder == "little":  # the file is big-endian
        values.byteswap()
    return values


def subset_face(path: Path, index: int, chars: frozenset[str]) -> bytes:
    """A TrueType font with the glyphs of ``chars`` that face ``index`` of ``path`` has (and its .notdef)."""
    read = file_metrics(path, index).reader  # read once with the layout's metrics
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as whole:
        tables = sfnt.table_directory(f, index)
        raw = {tag: sfnt.read_table(f, tables, tag) for tag in (*_KEPT, b"head", b"hhea", b"maxp", b"hmtx", b"loca")}
        return _cut(read, raw, _GlyphTable(whole, *tables.get(b"glyf", (0, 0))), chars)


class _GlyphTable:
    """The glyph table of a face file, read only where a glyph is asked for (its bytes, as a slice of the whole
    table read at once would give them)."""

    def __init__(self, whole: mmap.mmap, offset: int, length: int) -> None:
        self.whole, self.offset, self.length = whole, offset, length

    def __getitem__(self, span: slice) -> bytes:
        start, stop = min(span.start, self.length), min(span.stop, self.length)
        return self.whole[self.offset + start : self.offset + stop] if start < stop else b""


def _cut(read: sfnt.FaceMetrics, raw: dict[bytes, bytes], glyf: _GlyphTable, chars: frozenset[str]) -> bytes:
    head, hhea, maxp = raw[b"head"], raw[b"hhea"], raw[b"maxp"]
    (glyph_count,) = struct.unpack_from(">H", maxp, 4)
    (metric_count,) = struct.unpack_from(">H", hhea, 34)
    if struct.unpack_from(">h", head, 50)[0] == 1:
        offsets = array("I", raw[b"loca"][: 4 * (glyph_count + 1)])
        if sys.byteorder == "little":
            offsets.byteswap()
    else:
        offsets = array("I", (2 * o for o in _ushorts(raw[b"loca"][: 2 * (glyph_count + 1)])))
    hmtx = _ushorts(raw[b"hmtx"])

    def side_bearing(glyph: int) -> int:
        return hmtx[2 * glyph + 1] if glyph < metric_count else hmtx[2 * metric_count + glyph - metric_count]

    codes = {
        ord(c): read.char_map[ord(c)] for c in chars if ord(c) in read.char_map and read.char_map[ord(c)] < glyph_count
    }
    for space, nbsp in ((0x20, 0xA0), (0xA0, 0x20)):  # readers map a no-break space to the space
        if space in read.char_map and nbsp in chars:
            codes[space] = read.char_map[space]
    order = [0, *dict.fromkeys(g for _, g in sorted(codes.items()))]
    new = {glyph: k for k, glyph in enumerate(order)}
    k = 0
    while k < len(order):  # the parts of composite glyphs, and theirs
        glyph = order[k]
        for _, part in _components(glyf[offsets[glyph] : offsets[glyph + 1]]):
            if part not in new and part < glyph_count:
                new[part] = len(order)
                order.append(part)
        k += 1
    glyphs, loca, metrics, at = [], array("I"), array("H"), 0
    for glyph in order:
        data = bytearray(glyf[offsets[glyph] : offsets[glyph + 1]])
        for where, part in _components(bytes(data)):
            struct.pack_into(">H", data, where, new.get(part, 0))
        loca.append(at)
        glyphs.append(bytes(data))
        at += len(data)
        metrics.extend((read.advances[glyph], side_bearing(glyph) & 0xFFFF))
    loca.append(at)
    for values in (loca, metrics):
        if sys.byteorder == "little":
            values.byteswap()
    cmap_groups = b"".join(struct.pack(">III", code, code, new[glyph]) for code, glyph in sorted(codes.items()))
    cmap = struct.pack(">HHHHIHHIII", 0, 1, 3, 10, 12, 12, 0, 16 + len(cmap_groups), 0, len(codes)) + cmap_groups
    out = {tag: raw[tag] for tag in _KEPT if raw[tag]}
    out[b"head"] = head[:50] + struct.pack(">h", 1) + head[52:]  # long offsets in loca
    out[b"hhea"] = hhea[:34] + struct.pack(">H", len(order)) + hhea[36:]
    out[b"maxp"] = maxp[:4] + struct.pack(">H", len(order)) + maxp[6:]
    out[b"hmtx"], out[b"loca"], out[b"glyf"], out[b"cmap"] = metrics.tobytes(), loca.tobytes(), b"".join(glyphs), cmap
    return _font_file(out)


def _font_file(tables: dict[bytes, bytes]) -> bytes:
    """An sfnt file of these tables: the directory in tag order, each table padded to four bytes."""
    tags = sorted(tables)
    at = 12 + 16 * len(tags)
    directory, body = [], []
    for tag in tags:
        data = tables[tag]
        padded = data + b"\0" * (-len(data) % 4)
        words = array("I", padded)  # the checksum: the sum of the table's big-endian 32-bit words
        if sys.byteorder == "little":
            words.byteswap()
        checksum = sum(words) & 0xFFFFFFFF
        directory.append(struct.pack(">4sIII", tag, checksum, at, len(data)))
        body.append(padded)
        at += len(padded)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, 16 * power, power.bit_length() - 1, 16 * (count - power))
    return header + b"".join(directory) + b"".join(body)
