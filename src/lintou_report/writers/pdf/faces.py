"""Faces registered with ReportLab to be embedded: each face file once per process, under a name of its own.

ReportLab names a face's embedded subsets after the font's PostScript name, so two registrations of one
face (the same file, or a copy of it, filling two roles) would give the PDF two objects of the same name.
A face file is therefore registered once, and a second file with the same PostScript name is accepted only
when its bytes are the same face.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from lintou_report.errors import Problem, UserError
from lintou_report.fonts import Face

_by_face: dict[Face, str] = {}  # each face asked for → registered name
_by_file: dict[tuple[Path, int], str] = {}  # (resolved path, index) → registered name
_by_postscript: dict[tuple[bytes, int], tuple[str, Path]] = {}  # (PostScript name, index) → name, file


def font_name(face: Face) -> str:
    """The ReportLab font name of ``face``, registering its file the first time."""
    if face not in _by_face:
        key = (face.path.resolve(), face.index)
        if key not in _by_file:
            _by_file[key] = _register(face, key[0])
        _by_face[face] = _by_file[key]
    return _by_face[face]


def _register(face: Face, path: Path) -> str:
    name = _unique_name(face)
    try:
        font = TTFont(name, str(path), subfontIndex=face.index)
    except Exception as exc:  # the font resolver screens faces; a damaged file fails anywhere in ReportLab's parser
        raise UserError(
            Problem(
                f"字体 {face.family} 无法嵌入 PDF（{type(exc).__name__}: {exc}）",
                file=str(face.path),
                fix="换用另一个字体文件（TrueType 轮廓、允许嵌入），或去掉 --font-dir 用内置字体",
            )
        ) from None
    postscript = (font.face.name, face.index)
    if postscript in _by_postscript:
        earlier, earlier_path = _by_postscript[postscript]
        if _digest(earlier_path) == _digest(path):
            return earlier  # a copy of a face already registered: embed it once
        raise UserError(
            Problem(
                f"两个不同的字体文件用了同一个字体名称（{font.face.name.decode('latin-1')}），PDF 无法同时嵌入",
                file=str(face.path),
                fix=f"两个角色改用同一个文件（{earlier_path}），或换用另一个字体",
            )
        )
    pdfmetrics.registerFont(font)
    _by_postscript[postscript] = (name, path)
    return name


def _unique_name(face: Face) -> str:
    base = re.sub(r"[^A-Za-z0-9]+", "", face.family) or "Face"
    name, n = base, 1
    taken = set(_by_file.values())
    while name in taken:
        n += 1
        name = f"{base}{n}"
    return name


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
