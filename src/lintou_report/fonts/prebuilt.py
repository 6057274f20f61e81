"""The bundled faces' metrics, built once into package data by tools/fonts/build_metrics.py.

Reading a face's character map and advance widths (sfnt.read_metrics) is most of what checking a report's
font coverage costs in a command of its own. For the bundled faces the same reading is done once, when the
bundle is built, and kept in ``fonts/metrics/`` (plain arrays of numbers, no code): one record a face, named
by the face's content key. A face file whose key has a record is read from it, wherever the file lies (a copy
installed by ``fonts install`` or put in a --font-dir too); any other face is read from its file.

The content key is a digest of the face's index and of the tables the metrics come from (head, hhea, maxp,
OS/2, cmap, hmtx: about 100 KB of a bundled face's 2.6–6.8 MB), so a face whose metrics differ in any way has
another key; the tests check each record against a fresh reading of its face.

A record: ``MAGIC``, then little-endian ``units_per_em`` (u16), ``ascender``, ``descender`` (i16), long loca
offsets (u16, 0 or 1), the number of mapped code points ``n`` and of glyphs ``g`` (u32 each); then ``n`` code
points (u32, ascending), their ``n`` glyph ids (u16), and the ``g`` glyphs' advance widths (u16).
"""

from __future__ import annotations

import hashlib
import struct
import sys
from array import array
from pathlib import Path

from lintou_report.fonts import sfnt
from lintou_report.resources import data_dir

MAGIC = b"lintou-report face metrics 1\n"
_HEADER = struct.Struct("<HhhHII")
FOLDER = "metrics"  # in the bundled fonts folder


KEYED = (b"head", b"hhea", b"maxp", b"OS/2", b"cmap", b"hmtx")  # the tables read_metrics reads


def content_key(path: Path, index: int) -> tuple[str, dict[bytes, tuple[int, int]]]:
    """The face's content key, and its table directory (tag → offset, length)."""
    digest = hashlib.sha256(b"%d" % index)
    with open(path, "rb") as f:
        tables = sfnt.table_directory(f, index)
        for tag in KEYED:
            data = sfnt.read_table(f, tables, tag)
            digest.update(b"%s%d:" % (tag, len(data)) + data)
    return digest.hexdigest()[:32], tables


def record_path(key: str, folder: Path | None = None) -> Path:
    return (folder or data_dir("fonts")) / FOLDER / f"{key}.bin"


def load(path: Path, index: int = 0) -> sfnt.FaceMetrics | None:
    """The face's metrics from its record, or None when no record has its content key."""
    try:
        key, tables = content_key(path, index)
        data = record_path(key).read_bytes()
    except (OSError, struct.error, sfnt.NotAFont):
        return None
    if not data.startswith(MAGIC):
        return None
    at = len(MAGIC)
    units_per_em, ascender, descender, long_loca, n, g = _HEADER.unpack_from(data, at)
    at += _HEADER.size
    codes, glyphs, advances = array("I"), array("H"), array("H")
    for values, count in ((codes, n), (glyphs, n), (advances, g)):
        end = at + values.itemsize * count
        values.frombytes(data[at:end])
        at = end
    if at != len(data):
        return None
    if sys.byteorder == "big":
        for values in (codes, glyphs, advances):
            values.byteswap()
    offsets = (tables.get(b"glyf", (0, 0))[0], tables.get(b"loca", (0, 0))[0], bool(long_loca))
    return sfnt.FaceMetrics(
        path, units_per_em, ascender, descender, dict(zip(codes, glyphs, strict=True)), advances, offsets
    )


def record(read: sfnt.FaceMetrics) -> bytes:
    """The record of metrics read from a face (what ``load`` gives back)."""
    codes = array("I", sorted(read.char_map))
    glyphs = array("H", (read.char_map[code] for code in codes))
    advances = array("H", read.advances)
    if sys.byteorder == "big":
        for values in (codes, glyphs, advances):
            values.byteswap()
    header = _HEADER.pack(
        read.units_per_em, read.ascender, read.descender, int(read.glyph_offsets[2]), len(codes), len(advances)
    )
    return MAGIC + header + codes.tobytes() + glyphs.tobytes() + advances.tobytes()


def build(fonts: Path) -> list[Path]:
    """Write the record of every face in the folder ``fonts`` into its ``metrics`` folder (removing records of
    faces no longer there); returns the records written."""
    folder = fonts / FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    for face in sorted(fonts.glob("*.ttf")):
        key, _ = content_key(face, 0)
        written.append(record_path(key, fonts))
        written[-1].write_bytes(record(sfnt.read_metrics(face, 0)))
    for stale in set(folder.glob("*.bin")) - set(written):
        stale.unlink()
    return written
