"""The five font roles of a GB/T 9704 document, the official faces that fill them, and their bundled stand-ins."""

from __future__ import annotations

from dataclasses import dataclass

from lintou_report.spec.gbt9704 import HEADING_ROLES, page_number_text
from lintou_report.tree import (
    BriefingMasthead,
    Colophon,
    Document,
    Heading,
    OfficialMasthead,
    Paragraph,
    Role,
    Signature,
    Table,
    Title,
)


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


def role_texts(document: Document) -> dict[Role, list[tuple[str, str]]]:
    """The text each role sets in ``document``, as (where, text) pairs; where is a short Chinese place name."""
    out: dict[Role, list[tuple[str, str]]] = {role: [] for role in ROLES}
    paragraphs = 0
    for block in document.blocks:
        match block:
            case BriefingMasthead():
                out["title"].append(("报头", block.name))
                out["body"] += [("报头", t) for t in (block.issue, block.office, block.date)]
            case OfficialMasthead():
                out["title"].append(("版头", block.organ_mark))
                out["body"] += [("版头", block.doc_number), ("签发人", "签发人：")]
                out["kai"].append(("签发人", block.signer or ""))
            case Title():
                out["title"].append(("标题", block.text))
            case Heading():
                place = f"{block.level}级标题“{block.text}”"
                out[HEADING_ROLES[block.level]].append((place, block.text))
                for run in block.body:
                    out[run.role].append((place + "后的正文", run.text))
            case Paragraph():
                paragraphs += 1
                for run in block.runs:
                    out[run.role].append((f"第{paragraphs}段正文", run.text))
            case Table():
                out["hei"].append((f"表格“{block.caption}”的表题", block.caption))
                out["hei"] += [(f"表格“{block.caption}”的表头", c.header) for c in block.columns]
                out["body"] += [(f"表格“{block.caption}”", cell) for row in block.rows for cell in row]
            case Signature():
                out["body"] += [("署名", block.signer), ("成文日期", block.date)]
            case Colophon():
                lines = [line for group in block.groups for line in group]
                out["body"] += [("版记", line.label + line.text + line.right) for line in lines]
    out["song"].append(("页码", page_number_text(1234567890)))
    return out
