"""Which family a font name belongs to (仿宋, 楷体, 黑体, 宋体, 小标宋), for fonts the project did not choose.

PDF font names (``ABCDEF+FangSong_GB2312``, ``NotoSansCJKsc-Medium``) and DOCX ``w:eastAsia`` names
(``仿宋_GB2312``, ``楷体``) are matched by the words a family's names carry.
"""

from __future__ import annotations

import contextlib
import re

from lintou_report.tree import Role

# Checked in this order: "FangSong" holds "song", "小标宋" holds "宋", "NotoSerifCJK-Bold" is a bold serif.
_FAMILY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("xbs", ("xiaobiaosong", "xbs", "小标宋", "biaosong", "标宋")),
    ("kai", ("kai", "楷")),
    ("fang", ("fang", "仿")),
    ("hei", ("hei", "黑", "sanscjk", "sanssc", "hansans")),  # a CJK sans (Noto Sans CJK, Source Han Sans)
    ("song", ("song", "宋", "simsun", "nsimsun", "mincho", "ming", "serifcjk", "serifsc", "hanserif")),
)
FAMILY_NAMES = {"xbs": "小标宋", "kai": "楷体", "fang": "仿宋", "hei": "黑体", "song": "宋体", "other": "其他字体"}
ROLE_FAMILY: dict[Role, str] = {"title": "xbs", "body": "fang", "hei": "hei", "kai": "kai", "song": "song"}
_BOLD = ("bold", "heavy", "black", "demibold", "semibold")


def clean_font_name(name: str) -> str:
    """The font name without a subset tag, with ``#xx`` escapes and Latin-1-decoded UTF-8/GBK undone."""
    name = re.sub(r"^[A-Z]{6}\+", "", name)
    if "#" in name:
        with contextlib.suppress(UnicodeEncodeError):
            name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), name.encode("latin-1")).decode(
                "latin-1"
            )
    if any(0x80 <= ord(c) <= 0xFF for c in name):
        raw = name.encode("latin-1", errors="ignore")
        for codec in ("utf-8", "gbk"):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                continue
    return name


def family(font_name: str) -> str:
    """One of FAMILY_NAMES' keys for a font name."""
    name = clean_font_name(font_name).lower().replace(" ", "")
    for key, words in _FAMILY_WORDS:
        if any(w in name for w in words):
            if key == "song" and "serif" in name and any(b in name for b in _BOLD):
                return "xbs"  # a bold CJK serif stands in for 小标宋
            return key
    return "other"
