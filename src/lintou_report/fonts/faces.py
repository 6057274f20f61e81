"""A face: one font file (and index in a collection) filling a role, where it came from, and what it covers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

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
