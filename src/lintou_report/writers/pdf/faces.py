"""The faces a PDF embeds, registered with ReportLab (``registerFont(TTFont(...))``) under names of their own.

ReportLab keeps one font for each PostScript name in a process (registering another face of the same name
gives back the first) and reads every glyph's metrics and position of a face before it can embed any. So:

- each face is registered once a process, under its PostScript name; two files of one name (the same face
  given for two roles from two copies) are one face when their bytes are the same, and stop the document
  with a clear message when they are not;
- a process that makes one PDF (``WriterOptions.one_document``: a command for one report) registers each
  face cut down to the characters that document draws (fonts/subset.py), from which ReportLab embeds
  exactly what it would from the whole face, having read a few hundred glyphs instead of thousands; any
  other process registers whole faces, which every later document can use.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from lintou_report.errors import Problem, UserError
from lintou_report.fonts import Face
from lintou_report.fonts.faces import same_named_files
from lintou_report.fonts.subset import subset_face

# Faces are registered with ``asciiReadable=0``: ReportLab then gives codes only to the characters a document
# draws, instead of reserving the first subset for the printable ASCII characters under their own codes
# (whose glyphs every face would otherwise embed, drawn or not). The space keeps code 32 in every subset
# either way: every cut has it.
SPACE = frozenset(" ")

FileKey = tuple[Path, int]  # the resolved path and the face's index in it


@dataclass(frozen=True)
class _Registered:
    name: str
    path: Path
    chars: frozenset[str] | None  # those of a cut face; None: the whole face


_registered: dict[tuple[str, int], _Registered] = {}  # (PostScript name, index) → its registration
_names: set[str] = set()


def font_names(used: dict[Face, set[str]], one_document: bool = False) -> dict[Face, str]:
    """The ReportLab font name of each face of one document, given the characters it draws in each."""
    by_file: dict[FileKey, list[Face]] = {}
    for face in used:
        by_file.setdefault(_file_key(face), []).append(face)
    known = {postscript: registered.path for postscript, registered in _registered.items()}
    out: dict[Face, str] = {}
    for postscript, keys in same_named_files(by_file, known).items():
        faces = [face for key in keys for face in by_file[key]]
        chars = frozenset(ch for face in faces for ch in used[face])
        name = _register(postscript, keys[0], faces[0], chars, one_document)
        out.update(dict.fromkeys(faces, name))
    return out


def _file_key(face: Face) -> FileKey:
    try:
        return face.path.resolve(strict=True), face.index
    except OSError as exc:
        raise _unusable(face, exc) from None


def _register(postscript: tuple[str, int], key: FileKey, face: Face, chars: frozenset[str], one_document: bool) -> str:
    """The ReportLab name of the face registered under ``postscript``, registering it the first time."""
    known = _registered.get(postscript)
    if known:
        if known.chars is not None and not chars <= known.chars:
            raise RuntimeError("a process that made one PDF with cut faces was asked for another")
        return known.name
    path, index = key
    cut = chars | SPACE if one_document and not index else None  # a collection's face: never cut
    try:
        if cut is None:
            font = TTFont(_new_name(face), str(path), subfontIndex=index, asciiReadable=0)
        else:
            data = io.BytesIO(subset_face(path, index, cut))
            data.name = str(path)  # ReportLab's name for where the face came from
            font = TTFont(_new_name(face), data, asciiReadable=0)
    except Exception as exc:  # a damaged file fails anywhere in a font parser
        raise _unusable(face, exc) from None
    pdfmetrics.registerFont(font)
    _registered[postscript] = _Registered(font.fontName, path, cut)
    return font.fontName


def _new_name(face: Face) -> str:
    base = re.sub(r"[^A-Za-z0-9]+", "", face.family) or "Face"
    name, n = base, 1
    while name in _names:
        n += 1
        name = f"{base}{n}"
    _names.add(name)
    return name


def _unusable(face: Face, exc: Exception) -> UserError:
    return UserError(
        Problem(
            f"字体 {face.family} 无法嵌入 PDF（{type(exc).__name__}: {exc}）",
            file=str(face.path),
            fix="换用另一个字体文件（TrueType 轮廓、允许嵌入），或去掉 --font-dir 用内置字体",
        )
    )


def drawn(texts: Iterable[tuple[Face, str]]) -> dict[Face, set[str]]:
    """The characters drawn in each face, from (face, text) pairs."""
    out: dict[Face, set[str]] = {}
    for face, text in texts:
        out.setdefault(face, set()).update(text)
    return out
