"""The face names a DOCX gives each font role, and the font table entries that describe them.

The DOCX names the faces offices have (方正小标宋简体, 仿宋_GB2312 …), never the bundled open faces:
Word and WPS pick up the office's own fonts by these names. ``naming="windows"`` switches to the names
Windows ships (仿宋, 楷体), for machines without the _GB2312 faces.
"""

from __future__ import annotations

from typing import Literal

from lintou_report.fonts import ROLES
from lintou_report.tree import Role
from lintou_report.writers.docx.oxml import Xml, w

Naming = Literal["official", "windows"]

# English names Word writes as w:altName, with the font table's family and pitch for each face.
FACE_TABLE: dict[str, tuple[str, str, str]] = {
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "auto", "variable"),
    "仿宋_GB2312": ("FangSong_GB2312", "modern", "fixed"),
    "仿宋": ("FangSong", "modern", "fixed"),
    "黑体": ("SimHei", "modern", "fixed"),
    "楷体_GB2312": ("KaiTi_GB2312", "modern", "fixed"),
    "楷体": ("KaiTi", "modern", "fixed"),
    "宋体": ("SimSun", "auto", "variable"),
}
GB2312_CHARSET = "86"


def face_names(naming: Naming = "official") -> dict[Role, str]:
    """The face name for each role under the chosen naming."""
    return {role: getattr(info, naming) for role, info in ROLES.items()}


def rfonts(name: str, hint: bool = False) -> Xml:
    """One face for Latin, digits and east-Asian text alike (no theme font)."""
    attrs = {"hint": "eastAsia"} if hint else {}
    return w("rFonts", **attrs, ascii=name, hAnsi=name, eastAsia=name, cs=name)


def font_table(names: dict[Role, str]) -> Xml:
    """``w:fonts`` with one entry per face used: altName, GB2312 charset, family and pitch."""
    entries = []
    for name in dict.fromkeys(names.values()):
        alt, family, pitch = FACE_TABLE[name]
        entries.append(
            w(
                "font",
                w("altName", val=alt),
                w("charset", val=GB2312_CHARSET),
                w("family", val=family),
                w("pitch", val=pitch),
                name=name,
            )
        )
    return w("fonts", *entries)
