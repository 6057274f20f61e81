"""A face's metrics as the layout uses them: advance widths in 1/1000 em, ascender and descender as fractions
of the em, and a glyph's top and horizontal extent. Format-neutral: read by the one font reader (sfnt.py),
never by a writer's library, so that every writer draws what the layout measured.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from lintou_report import memo
from lintou_report.errors import UserError
from lintou_report.fonts import prebuilt, sfnt

if TYPE_CHECKING:
    from lintou_report.fonts.faces import Face

FACES_KEPT = 16  # a document sets five roles; a batch may resolve a few sets of faces


@dataclass(frozen=True, eq=False)
class Metrics:
    """One face file's metrics (compared by identity: one instance per file and state)."""

    default_width: float  # the advance of a character the face lacks (its .notdef)
    ascent: float  # typographic ascender, fraction of the em (0.88 for the bundled faces)
    descent: float  # typographic descender, negative fraction of the em
    coverage: frozenset[int]  # the code points the face has glyphs for
    reader: sfnt.FaceMetrics
    glyphs: dict[int, int]  # the glyph of each code point of ``coverage``

    @property
    def _factor(self) -> float | None:
        """What turns font units into 1/1000 em (None for a face of 1000 units, as the bundled ones)."""
        em = self.reader.units_per_em
        return None if em == 1000 else 1000 / em

    @cached_property
    def widths(self) -> dict[int, float]:
        """Advance widths in 1/1000 em by code point (the characters' advances without a dictionary of them
        all: see ``advances``)."""
        advances, factor = self.reader.advances, self._factor
        if factor is None:
            return {code: advances[glyph] for code, glyph in self.glyphs.items()}
        return {code: advances[glyph] * factor for code, glyph in self.glyphs.items()}

    def advances(self, text: str, size: float) -> list[float]:
        """Each character's advance in points at ``size`` (a character the face lacks: its .notdef's)."""
        glyphs, advances, factor = self.glyphs, self.reader.advances, self._factor
        if factor is None:
            return [advances[glyphs.get(ord(char), 0)] * size / 1000 for char in text]
        return [advances[glyphs.get(ord(char), 0)] * factor * size / 1000 for char in text]

    def glyph_top(self, char: str) -> float:
        """The top of ``char``'s outline above the baseline, as a fraction of the em (where its ink starts)."""
        return self.reader.glyph_top(ord(char)) / self.reader.units_per_em

    def ink(self, char: str) -> tuple[float, float] | None:
        """Where ``char``'s outline starts and ends along its advance, as fractions of the em (None when the
        face has no glyph outline to read it from)."""
        box = self.reader.glyph_box(ord(char))
        return None if box is None else (box[0] / self.reader.units_per_em, box[2] / self.reader.units_per_em)


def metrics(face: Face) -> Metrics:
    """The metrics of ``face``, read once for each state of its file."""
    return file_metrics(face.path, face.index)


def file_metrics(path: Path, index: int = 0) -> Metrics:
    try:
        stat = path.stat()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    return _metrics(path, index, stat.st_size, stat.st_mtime_ns)


@memo.pure(FACES_KEPT)
def _metrics(path: Path, index: int, size: int, mtime_ns: int) -> Metrics:
    """The metrics of face ``index`` of ``path`` whose file has this size and modification time (the key):
    a bundled face's from its record built with the bundle (prebuilt.py), any other's from its file."""
    try:
        read = prebuilt.load(path, index) or sfnt.read_metrics(path, index)
    except (OSError, struct.error, sfnt.NotAFont) as exc:
        raise _unreadable(path, exc) from None
    em, advances = read.units_per_em, read.advances
    factor = 1000 / em

    def unit(value: int) -> float:  # as PDF font programs count (1/1000 em): the numbers of a PDF's /Widths
        return value if em == 1000 else value * factor

    glyphs = read.char_map
    if max(glyphs.values(), default=0) >= len(advances):  # a damaged face: a code maps past its glyphs
        glyphs = {code: glyph for code, glyph in glyphs.items() if glyph < len(advances)}
    default = unit(advances[0])
    return Metrics(default, unit(read.ascender) / 1000, unit(read.descender) / 1000, frozenset(glyphs), read, glyphs)


def _unreadable(path: Path, exc: Exception) -> UserError:
    return UserError.simple(
        f"无法读取字体的字符表或字宽（cmap、hmtx）：{exc}",
        file=str(path),
        fix="换用完好的字体文件，或从字体文件夹中移走它",
    )
