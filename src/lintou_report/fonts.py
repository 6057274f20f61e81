"""Font roles, the faces that fill them, and per-character coverage.

A role (body 仿宋, title 小标宋, hei 黑体, kai 楷体, song 宋体) is filled by a face: for now the bundled
open face. Every character is checked against its face before layout; a character the face lacks is set
in the next face of the chain that has it, and one no face has stops the run with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from lintou_report.errors import Problem, UserError
from lintou_report.resources import data_dir
from lintou_report.tree import Document, Role


@dataclass(frozen=True)
class Face:
    """One TrueType face: a file (and index in a collection) with the family name it goes by."""

    family: str  # the name a DOCX or a PDF uses for it
    path: Path
    index: int = 0
    source: str = "bundled"


@dataclass(frozen=True)
class RoleInfo:
    official: str  # the licensed face offices have (DOCX names it)
    windows: str  # the name Windows ships the same face under
    bundled_file: str
    bundled_family: str


ROLES: dict[Role, RoleInfo] = {
    "title": RoleInfo("方正小标宋简体", "方正小标宋简体", "NotoSerifCJKsc-Bold.gw.ttf", "Noto Serif CJK SC Bold"),
    "body": RoleInfo("仿宋_GB2312", "仿宋", "FandolFang-Regular.gw.ttf", "FandolFang R"),
    "hei": RoleInfo("黑体", "黑体", "NotoSansCJKsc-Medium.gw.ttf", "Noto Sans CJK SC Medium"),
    "kai": RoleInfo("楷体_GB2312", "楷体", "FandolKai-Regular.gw.ttf", "FandolKai R"),
    "song": RoleInfo("宋体", "宋体", "NotoSerifCJKsc-Regular.gw.ttf", "Noto Serif CJK SC"),
}
FALLBACK_ROLE: Role = "song"


def bundled_face(role: Role) -> Face:
    info = ROLES[role]
    return Face(info.bundled_family, data_dir("fonts") / info.bundled_file)


@cache
def _cmap(path: Path, index: int) -> frozenset[int]:
    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


def covers(face: Face, char: str) -> bool:
    return ord(char) in _cmap(face.path, face.index)


@dataclass
class FontSet:
    """The face chosen for each role, and the fallback chain behind it."""

    faces: dict[Role, Face]

    @classmethod
    def bundled(cls) -> FontSet:
        return cls({role: bundled_face(role) for role in ROLES})

    def chain(self, role: Role) -> list[Face]:
        """The role's face, then the fallback face, then every other face."""
        order = [self.faces[role], self.faces[FALLBACK_ROLE]] + list(self.faces.values())
        return list(dict.fromkeys(order))

    def face_for(self, role: Role, char: str) -> Face | None:
        if char in "\n\t ":
            return self.faces[role]
        return next((f for f in self.chain(role) if covers(f, char)), None)

    def segments(self, text: str, role: Role) -> list[tuple[Face, str]]:
        """Split text into runs of one face each: per-character fallback inside a line."""
        out: list[tuple[Face, str]] = []
        for ch in text:
            face = self.face_for(role, ch) or self.faces[role]
            if out and out[-1][0] == face:
                out[-1] = (face, out[-1][1] + ch)
            else:
                out.append((face, ch))
        return out

    def check(self, document: Document, source: str = "") -> None:
        """Stop with a clear message for any character that no face has (never a blank box)."""
        missing: dict[str, str] = {}
        for text in document.text_blocks():
            for ch in text:
                if ch not in missing and self.face_for("body", ch) is None:
                    missing[ch] = text
        if missing:
            raise UserError(
                *(
                    Problem(
                        f"字符“{ch}”（U+{ord(ch):04X}）没有任何字体能显示，出现在：{_excerpt(text, ch)}",
                        file=source or None,
                        fix="改用常用字或同义写法，或用 --font-dir 提供含此字的字体",
                    )
                    for ch, text in missing.items()
                )
            )


def _excerpt(text: str, ch: str, width: int = 12) -> str:
    i = text.index(ch)
    return ("…" if i > width else "") + text[max(0, i - width) : i + width] + ("…" if i + width < len(text) else "")
