"""The fonts an OFD embeds: a TrueType subset (glyf outlines) of each face the pages draw with, named by the
official face its role calls for, so that a reader which draws with a system face picks the right one."""

from __future__ import annotations

import io
from dataclasses import dataclass

from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont, TTLibError

from lintou_report import memo
from lintou_report.errors import Problem, UserError
from lintou_report.fonts import ROLES, Face, FontSet

SUBSETS_KEPT = 16  # subsets built per process: a document embeds about 5


@dataclass(frozen=True)
class EmbeddedFont:
    id: int
    name: str  # FontName: the embedded face's own family
    family: str  # FamilyName: the official face of its role (仿宋_GB2312, 黑体 …)
    file: str  # file name in the document's resource folder
    data: bytes


def official_family(face: Face, fonts: FontSet) -> str:
    """The official name of the first role this face fills (a fallback face keeps its own role's name)."""
    role = next((role for role, chosen in fonts.faces.items() if chosen == face), None)
    return ROLES[role].official if role else face.family


def subset(face: Face, chars: frozenset[str]) -> bytes:
    """A TrueType subset of ``face`` holding ``chars``: byte-identical for the same face and characters."""
    try:
        stat = face.path.stat()
        state = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        state = None  # reported by _subset, which cannot open it either
    return _subset(face, state, chars)


@memo.pure(SUBSETS_KEPT)
def _subset(face: Face, state: tuple[int, int] | None, chars: frozenset[str]) -> bytes:
    """The subset of ``face`` whose file has this size and modification time (``state``: part of the key)."""
    options = Options()
    options.layout_features = []  # OFD places every glyph itself: no shaping tables needed
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["DSIG"]
    try:
        # the glyphs keep their outlines: their bounding boxes need no recomputing (most of the time it takes)
        font = TTFont(face.path, fontNumber=face.index, recalcTimestamp=False, recalcBBoxes=False)
        if "glyf" not in font:
            raise TTLibError("no glyf table (PostScript outlines)")
        subsetter = Subsetter(options)
        subsetter.populate(unicodes=sorted(map(ord, chars)))
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    except Exception as exc:  # fontTools raises many kinds on damaged tables
        raise UserError(
            Problem(
                f"字体 {face.family} 无法嵌入 OFD（{type(exc).__name__}: {exc}）",
                file=str(face.path),
                fix="换用另一个字体文件（TrueType 轮廓、允许嵌入），或去掉 --font-dir 用内置字体",
            )
        ) from None
    return out.getvalue()


def embed(used: dict[Face, set[str]], fonts: FontSet, first_id: int = 1) -> dict[Face, EmbeddedFont]:
    """Each face drawn with (in order of first use), with its subset and an ID from ``first_id`` on."""
    out: dict[Face, EmbeddedFont] = {}
    for k, (face, chars) in enumerate(used.items()):
        n = first_id + k
        data = subset(face, frozenset(chars))
        out[face] = EmbeddedFont(n, face.family, official_family(face, fonts), f"font_{n}.ttf", data)
    return out
