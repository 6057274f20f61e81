"""The five font roles of a GB/T 9704 document, the official faces that fill them, and their bundled stand-ins."""

from __future__ import annotations

from dataclasses import dataclass

from lintou_report.tree import Role


@dataclass(frozen=True)
class RoleInfo:
    official: str  # the licensed face offices have (DOCX names it)
    windows: str  # the name Windows ships the same face under
    bundled_file: str
    bundled_family: str  # unique name of the bundled face (its full name)
    label: str = ""  # what the role is called in messages
    aliases: tuple[str, ...] = ()  # every name an official face goes by, preferred first, any language
    fontconfig_family: str = ""  # the family fontconfig (LibreOffice on Linux) knows the bundled face by


ROLES: dict[Role, RoleInfo] = {
    "title": RoleInfo(
        "方正小标宋简体",
        "方正小标宋简体",
        "NotoSerifCJKsc-Bold.gw.ttf",
        "Noto Serif CJK SC Bold",
        "标题（小标宋）",
        ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05"),
        "Noto Serif CJK SC",
    ),
    "body": RoleInfo(
        "仿宋_GB2312",
        "仿宋",
        "FandolFang-Regular.gw.ttf",
        "FandolFang R",
        "正文（仿宋）",
        (
            "仿宋_GB2312",
            "FangSong_GB2312",
            "仿宋",
            "FangSong",
            "方正仿宋_GBK",
            "FZFangSong-Z02",
            "方正仿宋简体",
            "FZFangSong-Z02S",
            "华文仿宋",
            "STFangsong",
        ),
        "FandolFang R",
    ),
    "hei": RoleInfo(
        "黑体",
        "黑体",
        "NotoSansCJKsc-Medium.gw.ttf",
        "Noto Sans CJK SC Medium",
        "一级标题（黑体）",
        ("黑体", "SimHei", "方正黑体_GBK", "FZHei-B01", "方正黑体简体", "FZHei-B01S", "华文黑体", "STHeiti"),
        "Noto Sans CJK SC Medium",
    ),
    "kai": RoleInfo(
        "楷体_GB2312",
        "楷体",
        "FandolKai-Regular.gw.ttf",
        "FandolKai",
        "二级标题（楷体）",
        (
            "楷体_GB2312",
            "KaiTi_GB2312",
            "楷体",
            "KaiTi",
            "方正楷体_GBK",
            "FZKai-Z03",
            "方正楷体简体",
            "FZKai-Z03S",
            "华文楷体",
            "STKaiti",
        ),
        "FandolKai",
    ),
    "song": RoleInfo(
        "宋体",
        "宋体",
        "NotoSerifCJKsc-Regular.gw.ttf",
        "Noto Serif CJK SC",
        "页码与补字（宋体）",
        ("宋体", "SimSun", "方正书宋_GBK", "FZShuSong-Z01", "方正书宋简体", "FZShuSong-Z01S", "华文宋体", "STSong"),
        "Noto Serif CJK SC",
    ),
}
FALLBACK_ROLE: Role = "song"
