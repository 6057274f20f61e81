"""A face: one font file (and index in a collection) filling a role, where it came from, and what it covers."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lintou_report.errors import Problem, UserError
from lintou_report.fonts import sfnt
from lintou_report.fonts.metrics import file_metrics
from lintou_report.fonts.roles import ROLES
from lintou_report.resources import data_dir
from lintou_report.tree import Role

Source = Literal["template", "font-dir", "installed", "bundled"]
SOURCE_LABELS: dict[str, str] = {
    "template": "模板设置（template.yaml 的 fonts）",
    "font-dir": "--font-dir 字体文件夹",
    "installed": "本机已安装的字体",
    "bundled": "内置开源字体",
}


@dataclass(frozen=True)
class Face:
    """One TrueType face: a file (and index in a collection) with the family name it goes by."""

    family: str  # unique name a PDF registers it under; for an installed face its English family (+ style)
    path: Path
    index: int = 0
    source: Source = "bundled"
    official: str = ""  # the official name it was found under (e.g. "仿宋"), "" for a bundled face


def bundled_face(role: Role) -> Face:
    info = ROLES[role]
    return Face(info.bundled_family, data_dir("fonts") / info.bundled_file)


def coverage(path: Path, index: int = 0) -> frozenset[int]:
    """The code points a face has glyphs for (read with its metrics, once per state of the file)."""
    return file_metrics(path, index).coverage


def covers(face: Face, char: str) -> bool:
    return ord(char) in coverage(face.path, face.index)


def covers_all(face: Face, text: str) -> bool:
    """Whether ``face`` has every character of ``text``: one set operation, not a lookup per character."""
    return coverage(face.path, face.index).issuperset(map(ord, text))


def unusable_reason(info: sfnt.FaceInfo) -> str | None:
    """Why ReportLab cannot embed this face in a PDF, or None when it can."""
    if info.outlines != "glyf":
        return "PostScript（CFF）轮廓，ReportLab 只能使用 TrueType 轮廓的字体"
    if info.fs_type & 0x0002:
        return "字体授权禁止嵌入（OS/2 fsType：Restricted License embedding）"
    if info.fs_type & 0x0200:
        return "字体授权只允许嵌入位图（OS/2 fsType：Bitmap embedding only）"
    return None


def face_from_info(info: sfnt.FaceInfo, source: Source, official: str = "") -> Face:
    style = "" if info.style.lower() in ("", "regular", "normal", "book", "roman") else f" {info.style}"
    return Face(info.family + style, info.path, info.index, source, official)


def same_named_files(
    files: Iterable[tuple[Path, int]], known: dict[tuple[str, int], Path] | None = None
) -> dict[tuple[str, int], list[tuple[Path, int]]]:
    """Face files (resolved path, index) by PostScript name and index. A PDF embeds one face for each name,
    so files of one name (and a file of a name in ``known``) must hold the same bytes: else a clear stop."""
    groups: dict[tuple[str, int], list[tuple[Path, int]]] = {}
    for path, index in files:
        try:
            name = sfnt.postscript_name(path, index)
        except sfnt.NotAFont as exc:
            raise UserError.simple(
                f"无法读取字体的名称表（name）：{exc}", file=str(path), fix="换用完好的字体文件"
            ) from None
        groups.setdefault((name, index), []).append((path, index))
    for key, members in groups.items():
        first = (known or {}).get(key, members[0][0])
        for path, _ in members:
            if path != first and _digest(path) != _digest(first):
                raise UserError(
                    Problem(
                        f"两个不同的字体文件用了同一个字体名称（{key[0]}），PDF 中只能嵌入其中一个",
                        file=str(path),
                        fix=f"这些角色改用同一个文件（{first}），或换用另一个字体",
                    )
                )
    return groups


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
