"""What `lintou-report fonts` prints: each role's face, where it came from, and whether it covers the document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lintou_report.errors import UserError
from lintou_report.fonts.faces import SOURCE_LABELS, covers
from lintou_report.fonts.fontset import FontSet
from lintou_report.fonts.resolve import fonts_for
from lintou_report.fonts.roles import ROLES
from lintou_report.style import role_texts
from lintou_report.tree import Document

_SHOWN = 8  # characters listed per role before "等"


def describe(fonts: FontSet, document: Document) -> str:
    """A Chinese report, one block per role, then the notes on faces passed over."""
    lines: list[str] = []
    texts = role_texts(document)
    for role, info in ROLES.items():
        face = fonts.faces[role]
        chars = sorted({ch for _, text in texts[role] for ch in text if not ch.isspace()})
        lines.append(f"{info.label}：{face.family}")
        lines.append(
            f"    来源：{SOURCE_LABELS[face.source]}" + (f"（按名称“{face.official}”找到）" if face.official else "")
        )
        lines.append(f"    文件：{face.path}" + (f"（第 {face.index} 个字体）" if face.index else ""))
        lacking = [ch for ch in chars if not covers(face, ch)]
        if not chars:
            lines.append("    本文档没有用到这一角色")
        elif not lacking:
            lines.append(f"    覆盖：本文档此角色的全部 {len(chars)} 个字符都有")
        else:
            lines.append(f"    覆盖：{len(chars)} 个字符中缺 {len(lacking)} 个，逐字改用下一字体：")
            for ch in lacking[:_SHOWN]:
                substitute = fonts.face_for(role, ch)
                by = f"由 {substitute.family} 补字" if substitute else "没有任何字体有此字"
                lines.append(f"      “{ch}”（U+{ord(ch):04X}）{by}")
            if len(lacking) > _SHOWN:
                lines.append(f"      等，共 {len(lacking)} 个")
    missing = fonts.missing(document)
    lines.append("")
    if missing:
        listed = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in missing)
        lines.append(f"结论：{listed} 没有任何字体能显示，生成会停止。")
    else:
        lines.append("结论：文档中的每个字符都有字体可显示。")
    if fonts.notes:
        lines.append("")
        lines.append("说明：")
        lines += [f"  - {note}" for note in fonts.notes]
    return "\n".join(lines)


def font_report(data: Path, template: str = "briefing", font_dirs: Sequence[Path] = ()) -> tuple[str, UserError | None]:
    """The `lintou-report fonts` text for a data file and template, and the error a render would stop with."""
    from lintou_report.source.model import load_report
    from lintou_report.source.templating import build_document, template_set

    document = build_document(load_report(data), template, base=Path(data).parent)
    fonts = fonts_for(template_set(template), font_dirs)
    head = f"数据文件：{data}\n模板：{template}\n"
    try:
        fonts.check(document, source=str(data))
    except UserError as exc:
        return head + describe(fonts, document), exc
    return head + describe(fonts, document), None
