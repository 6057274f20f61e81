"""ReportLab faces: each Face registered once per process, with the metrics the layout needs.

ReportLab parses a whole face in Python before it can measure or embed it (0.1–0.2 s for each bundled
CJK face, the larger part of a one-report run). What it derives is kept in the user's cache (cache.py)
keyed by the file's path, size and modification time and ReportLab's version; later runs read the file's
bytes and that state back, and the PDF comes out byte for byte the same.
"""

from __future__ import annotations

import gc
import marshal
import mmap
import re
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from lintou_report import cache as user_cache
from lintou_report.errors import Problem, UserError
from lintou_report.fonts import Face

_FORMAT = 2
_NOT_KEPT = ("_ttf_data", "_pdfScale")  # the file's bytes (mapped again) and a lambda (rebuilt)
# The per-glyph tables, plain ints in dicts and lists: marshal reads them twice as fast as pickle.
_TABLES = ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos")

# Font subsets (built and compressed) kept per process: a report embeds about 7, of 10–200 KB each.
_SUBSETS_KEPT = 16

_names: dict[str, Face] = {}


@dataclass(frozen=True, eq=False)  # one instance per face and process: compared by identity
class PdfFace:
    """A face registered with ReportLab: its name there and its metrics in em units."""

    face: Face
    font: TTFont
    name: str
    widths: dict[int, int]  # advance widths in 1/1000 em
    default_width: int
    ascent: float  # typographic ascender, fraction of the em (0.88 for the bundled faces)
    descent: float  # typographic descender, negative fraction of the em

    def advances(self, text: str, size: float) -> list[float]:
        """Each character's advance in points at ``size``."""
        widths, default = self.widths, self.default_width
        return [widths.get(ord(char), default) * size / 1000 for char in text]

    def glyph_top(self, char: str) -> float:
        """The top of ``char``'s outline above the baseline, as a fraction of the em (where its ink starts),
        read from the glyph header in the font ReportLab has already parsed."""
        f = self.font.face
        start = f.get_table_pos("glyf")[0] + f.glyphPos[f.charToGlyph[ord(char)]]
        y_max = struct.unpack(">h", f.get_chunk(start + 8, 2))[0]  # numberOfContours, xMin, yMin, xMax, yMax
        return y_max / f.unitsPerEm


def _unique_name(face: Face) -> str:
    base = re.sub(r"[^A-Za-z0-9]+", "", face.family) or "Face"
    name, n = base, 1
    while name in _names and _names[name] != face:
        n += 1
        name = f"{base}{n}"
    _names[name] = face
    return name


def _scale(units_per_em: int):  # noqa: ANN202 — as TTFontFile.extractInfo sets _pdfScale
    factor = 1000 / units_per_em
    return (lambda x: x) if units_per_em == 1000 else (lambda x: x * factor)


class _Slices:
    """A table of a font file read in slices, each copied out on demand."""

    def __init__(self, data: bytes, offset: int, length: int) -> None:
        self.data, self.offset, self.length = data, offset, length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, part: slice) -> bytes:
        start, stop, _ = part.indices(self.length)
        return self.data[self.offset + start : self.offset + stop]


class _Deflate(pdfdoc.PDFStreamFilterZCompress):
    """ReportLab's Flate filter, remembering the last streams it compressed: a font subset of the same
    glyphs (most of the ~100 KB a report embeds, and most of its zlib time) compresses to the same bytes."""

    @staticmethod
    @lru_cache(maxsize=2 * _SUBSETS_KEPT)  # a subset's glyphs and its ToUnicode map
    def encode(data: bytes | str) -> bytes:  # type: ignore[override]
        return zlib.compress(data.encode("utf8") if isinstance(data, str) else data)


_DEFLATE = _Deflate()


class _Face(TTFontFace):
    """ReportLab's parsed face, except that makeSubset, which only slices glyphs out of the glyph table,
    does not get a copy of the whole table (megabytes) for every subset a PDF embeds; and that a subset of
    the same characters is built and compressed once per process (its bytes depend on nothing else)."""

    def get_table(self, tag: str) -> bytes | _Slices:
        if tag == "glyf":
            return _Slices(self._ttf_data, *self.get_table_pos(tag))
        return super().get_table(tag)

    def makeSubset(self, subset: list[int]) -> bytes:
        return _subset(self, tuple(subset))

    def addSubsetObjects(self, doc: pdfdoc.PDFDocument, fontname: str, subset: list[int]) -> Any:
        descriptor = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject[f"fontFile:{self.filename}({fontname})"]  # the name ReportLab gives it
        if stream.filters:
            stream.filters = [_DEFLATE]
        return descriptor


class _Widths(pdfdoc.PDFArray):
    """A subset's /Widths array formatted as ReportLab formats an array of numbers, ten to a line, with
    the numbers formatted in one call rather than ~256 (the larger part of writing a subset's objects)."""

    def format(self, document: pdfdoc.PDFDocument, IND: bytes = b"\n ") -> bytes:  # noqa: N803 — as PDFArray
        numbers = fp_str(*self.sequence).encode("ascii").split(b" ") if self.sequence else []
        rows = [b" ".join(numbers[k : k + 10]) for k in range(0, len(numbers), 10)]
        return b"[ " + b" \n  ".join(rows) + b" ]"


class _Font(TTFont):
    """ReportLab's TTFont, writing its subsets' /Widths faster and compressing their ToUnicode maps
    through the remembering filter."""

    def addObjects(self, doc: pdfdoc.PDFDocument) -> None:
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(self.state[doc].subsets))]
        super().addObjects(doc)  # which drops the document's state
        fonts = doc.idToObject["BasicFonts"].dict
        for name in names:
            font = fonts[name]
            font.Widths = _Widths(font.Widths.sequence)
            cmap = doc.idToObject[font.ToUnicode.name]
            if cmap.filters:
                cmap.filters = [_DEFLATE]


@lru_cache(maxsize=_SUBSETS_KEPT)
def _subset(face: _Face, codes: tuple[int, ...]) -> bytes:
    return TTFontFace.makeSubset(face, list(codes))


def _without_gc(load: Callable[[bytes], Any], data: bytes) -> Any:
    """``load(data)`` with the cyclic garbage collector paused: tens of thousands of new lists and tuples
    otherwise set off full collections over every object the imports made (30–40 ms each, twice a run)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return load(data)
    finally:
        if paused:
            gc.enable()


def _mapped(path: Path) -> mmap.mmap:
    """The font file's bytes as ReportLab reads them (slices), mapped rather than read: of a 2.6–6.8 MB
    face a document needs the small tables and its own glyphs only."""
    with open(path, "rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


def _from_state(name: str, face: Face, state: dict[str, Any]) -> TTFont:
    """A TTFont as ReportLab's constructor leaves it, from a cached state and the file's bytes."""
    parsed = object.__new__(_Face)
    vars(parsed).update(state["face"])
    vars(parsed).update(_without_gc(marshal.loads, state["tables"]))
    parsed._ttf_data = _mapped(face.path)
    parsed._pdfScale = _scale(parsed.unitsPerEm)
    font = object.__new__(_Font)
    vars(font).update(state["font"])
    font.fontName, font.face, font.state = name, parsed, WeakKeyDictionary()
    return font


def _parse(name: str, face: Face) -> TTFont:
    """ReportLab's TTFont for ``face``: from the cache when it holds this file, else parsed and cached."""
    try:  # marshal's format may change with Python's version
        entry = user_cache.file_entry("ttf", face.path, face.index, reportlab.Version, sys.version_info[:2], _FORMAT)
    except OSError:
        entry = None
    state = user_cache.load(entry) if entry else None
    if isinstance(state, dict) and state.get("format") == _FORMAT:
        try:
            return _from_state(name, face, state)
        except (OSError, KeyError, AttributeError, TypeError, ValueError, EOFError):
            pass  # a damaged entry: parse again
    font = TTFont(name, str(face.path), subfontIndex=face.index)
    kept = {k: v for k, v in vars(font.face).items() if k not in (*_NOT_KEPT, *_TABLES)}
    tables = marshal.dumps({k: getattr(font.face, k) for k in _TABLES})
    rest = {k: v for k, v in vars(font).items() if k not in ("fontName", "face", "state")}
    state = {"format": _FORMAT, "face": kept, "tables": tables, "font": rest}
    if entry:
        user_cache.store(entry, state)
    return _from_state(name, face, state)  # the same objects as from the cache


@cache
def pdf_face(face: Face) -> PdfFace:
    """Register ``face`` with ReportLab (once per process) and return its metrics."""
    name = _unique_name(face)
    try:
        font = _parse(name, face)
    except Exception as exc:  # the font resolver screens faces; a damaged file fails anywhere in ReportLab's parser
        raise UserError(
            Problem(
                f"字体 {face.family} 无法嵌入 PDF（{type(exc).__name__}: {exc}）",
                file=str(face.path),
                fix="换用另一个字体文件（TrueType 轮廓、允许嵌入），或去掉 --font-dir 用内置字体",
            )
        ) from None
    pdfmetrics.registerFont(font)
    f = font.face
    return PdfFace(face, font, name, dict(f.charWidths), int(f.defaultWidth), f.ascent / 1000, f.descent / 1000)
