"""Read a DOCX two ways: its XML (section geometry, grid, fonts the styles name, page fields) and as LibreOffice
lays it out (converted to PDF headless, with a private profile, then measured like any PDF).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from lintou_report import libreoffice
from lintou_report.check.screen import read_docx_parts
from lintou_report.errors import UserError
from lintou_report.spec import gbt9704
from lintou_report.spec.docx import AMBIGUOUS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


@dataclass
class Section:
    page_width: int | None  # twips
    page_height: int | None
    margins: dict[str, int]  # top, right, bottom, left, footer, header
    grid_type: str | None
    grid_pitch: int | None  # twips
    footers: dict[str, str]  # reference type (default/even/first) → part name


@dataclass
class StyleFonts:
    style_id: str
    name: str
    east_asia: str | None  # resolved through basedOn and docDefaults
    outline_level: int | None  # 0-based, as stored
    line: int | None  # spacing w:line (twips when exact/atLeast)
    line_rule: str | None


@dataclass
class DocxFacts:
    sections: list[Section]
    styles: dict[str, StyleFonts]  # style id → fonts
    used_styles: set[str]  # paragraph style ids document.xml uses (Normal when none named)
    theme_refs: dict[str, int]  # part → count of theme font attributes
    even_and_odd: bool
    page_field_parts: set[str] = field(default_factory=set)  # header/footer parts holding a PAGE field
    ambiguous_runs: int = 0  # runs holding “”—… and the like
    unhinted: list[str] = field(default_factory=list)  # those of them without w:hint="eastAsia": part and text
    changed: list[str] = field(default_factory=list)  # layout settings the writer makes that are gone or changed


def _int(el: ET.Element | None, attr: str) -> int | None:
    if el is None or el.get(W + attr) is None:
        return None
    return int(float(el.get(W + attr)))


def read_docx(path: Path) -> DocxFacts:
    rels_name = "word/_rels/document.xml.rels"
    found = read_docx_parts(path, lambda n: n == rels_name or (n.startswith("word/") and n.endswith(".xml")))
    rels = found.pop(rels_name, b"")
    if "word/document.xml" not in found:
        raise UserError.simple("DOCX 中没有正文部件 word/document.xml", file=str(path), fix="确认文件是 .docx 格式")
    try:
        return _facts(found, rels)
    except ET.ParseError as exc:
        raise UserError.simple(
            f"DOCX 中的 XML 有错误，无法读取（第 {exc.position[0]} 行第 {exc.position[1]} 列）",
            file=str(path),
            fix="用 Word 或 WPS 打开后另存为 .docx，再检查",
        ) from None


def _facts(parts: dict[str, bytes], rels: bytes) -> DocxFacts:
    targets = {}
    if rels:
        for rel in ET.fromstring(rels):
            targets[rel.get("Id")] = "word/" + rel.get("Target", "").lstrip("/").removeprefix("word/")
    doc = ET.fromstring(parts["word/document.xml"])
    sections = [_section(s, targets) for s in doc.iter(W + "sectPr")]
    styles = _styles(parts.get("word/styles.xml"))
    used = {p.get(W + "val") for p in doc.iter(W + "pStyle")}
    if any(p.find(f"{W}pPr/{W}pStyle") is None for p in doc.iter(W + "p")):
        used.add(next((s.style_id for s in styles.values() if s.name.lower() == "normal"), "Normal"))
    theme = {}
    for name, xml in parts.items():
        root = ET.fromstring(xml)
        n = sum(1 for el in root.iter(W + "rFonts") for a in _THEME_ATTRS if el.get(W + a) is not None)
        if n:
            theme[name] = n
    page_parts = {
        name
        for name, xml in parts.items()
        if ("header" in name or "footer" in name) and _has_page_field(ET.fromstring(xml))
    }
    settings = ET.fromstring(parts["word/settings.xml"]) if "word/settings.xml" in parts else None
    even_odd = settings is not None and settings.find(W + "evenAndOddHeaders") is not None
    if even_odd:
        flag = settings.find(W + "evenAndOddHeaders").get(W + "val", "true")
        even_odd = flag not in ("0", "false", "off")
    run_fonts = _run_fonts(parts.get("word/styles.xml"))
    ambiguous, unhinted = _hints(
        {n: x for n, x in parts.items() if n == "word/document.xml" or "header" in n or "footer" in n}, run_fonts
    )
    changed = _changed_grid(sections) + _changed_settings(settings, parts.get("word/styles.xml"))
    return DocxFacts(sections, styles, used, theme, even_odd, page_parts, ambiguous, unhinted, changed)


def _hints(parts: dict[str, bytes], run_fonts: dict[str, dict[str, str]]) -> tuple[int, list[str]]:
    """Runs with punctuation Word would set in the Latin face unless told (w:hint="eastAsia"), and those untold.
    A run whose Latin face is its east-Asian face (through its styles) needs no telling: either way it is that
    face (LibreOffice's save drops the hints and keeps such runs)."""
    count, untold = 0, []
    for name, xml in sorted(parts.items()):
        for p in ET.fromstring(xml).iter(W + "p"):
            p_style = p.find(f"{W}pPr/{W}pStyle")
            base = run_fonts.get(p_style.get(W + "val") if p_style is not None else "", run_fonts.get("", {}))
            for run in p.iter(W + "r"):
                text = "".join(t.text or "" for t in run.iter(W + "t"))
                if not any(ch in AMBIGUOUS for ch in text):
                    continue
                count += 1
                fonts = run.find(f"{W}rPr/{W}rFonts")
                if fonts is not None and fonts.get(W + "hint") == "eastAsia":
                    continue
                r_style = run.find(f"{W}rPr/{W}rStyle")
                slots = {**base, **(run_fonts.get(r_style.get(W + "val"), {}) if r_style is not None else {})}
                slots.update({k: v for k in _SLOTS if fonts is not None and (v := fonts.get(W + k))})
                if not slots.get("eastAsia") or slots.get("ascii") != slots["eastAsia"]:
                    untold.append(f"{name}：{text[:20]}")
    return count, untold


_SLOTS = ("ascii", "hAnsi", "eastAsia")


def _run_fonts(xml: bytes | None) -> dict[str, dict[str, str]]:
    """Style id → the face of each font slot it sets (basedOn and the document defaults followed); "" → the
    defaults with the default paragraph style."""
    if xml is None:
        return {}
    root = ET.fromstring(xml)

    def slots(el: ET.Element | None) -> dict[str, str]:
        return {} if el is None else {k: v for k in _SLOTS if (v := el.get(W + k))}

    defaults = slots(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts"))
    own, parent, default_style = {}, {}, ""
    for st in root.iter(W + "style"):
        sid = st.get(W + "styleId", "")
        own[sid] = slots(st.find(f"{W}rPr/{W}rFonts"))
        based = st.find(W + "basedOn")
        if based is not None:
            parent[sid] = based.get(W + "val", "")
        if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true"):
            default_style = sid

    def resolved(sid: str, depth: int = 0) -> dict[str, str]:
        if sid not in own or depth > 20:
            return {}
        return {**(resolved(parent[sid], depth + 1) if sid in parent else {}), **own[sid]}

    out = {sid: {**defaults, **resolved(sid)} for sid in own}
    out[""] = out.get(default_style, defaults)
    return out


def _changed_grid(sections: list[Section]) -> list[str]:
    """Sections whose grid is no longer the writer's: 22 lines of 579 twips, lines only."""
    return [
        f"第{i}节的文档网格（w:docGrid）改为 {s.grid_type or '无'}、行距 {s.grid_pitch or '未设'} twips"
        "（生成时为 lines、579）：每页行数可能不再是 22 行"
        for i, s in enumerate(sections, 1)
        if (s.grid_type, s.grid_pitch) != ("lines", gbt9704.LINE_PITCH.twips)
    ]


def _on(el: ET.Element | None) -> bool | None:
    """An on/off property: None when absent."""
    return None if el is None else el.get(W + "val", "true") not in ("0", "false", "off")


def _changed_settings(settings: ET.Element | None, styles_xml: bytes | None) -> list[str]:
    """The layout settings lintou-report writes (writers/docx: parts.py, styles.py) that the file no longer has,
    each with what it does: what a save in another program or an edit changed."""
    out = []
    if settings is None or settings.find(W + "noLineBreaksBefore") is None:
        out.append("settings.xml 的行首禁则表（w:noLineBreaksBefore）已删除：改用程序默认的禁则")
    if settings is None or settings.find(W + "noLineBreaksAfter") is None:
        out.append("settings.xml 的行尾禁则表（w:noLineBreaksAfter）已删除：改用程序默认的禁则")
    control = settings.find(W + "characterSpacingControl") if settings is not None else None
    if control is None or control.get(W + "val") != "doNotCompress":
        out.append("标点不压缩（w:characterSpacingControl=doNotCompress）已改变：Word 可能压缩标点，每行字数改变")
    root = ET.fromstring(styles_xml) if styles_xml else None
    normal = None
    if root is not None:
        normal = next(
            (
                st
                for st in root.iter(W + "style")
                if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true")
            ),
            None,
        )
    ppr = normal.find(W + "pPr") if normal is not None else None
    if ppr is None:
        return [*out, "默认段落样式（Normal）没有段落设置：网格、禁则和标点悬挂都回到程序默认"]
    if _on(ppr.find(W + "overflowPunct")) is not True:
        out.append(
            "Normal 样式的行末标点悬挂（w:overflowPunct）由 1 变为 0 或被删除：LibreOffice 读反了这一设置，"
            "重新打开时让行末标点悬挂到版心之外（LibreOffice 另存时会写成 0）"
        )
    if _on(ppr.find(W + "kinsoku")) is False:
        out.append("Normal 样式的禁则（w:kinsoku）已关闭")
    for tag in ("autoSpaceDE", "autoSpaceDN"):
        if _on(ppr.find(W + tag)) is False:
            out.append(f"Normal 样式的 w:{tag} 改为 0：Word 不再在中文与西文、数字之间加空，含数字的行多排字")
    if _on(ppr.find(W + "snapToGrid")) is not False:
        out.append("Normal 样式的 w:snapToGrid 不再为 0：行落到文档网格上，行距可能变成两格")
    return out


def _section(s: ET.Element, targets: dict[str, str]) -> Section:
    size, mar, grid = s.find(W + "pgSz"), s.find(W + "pgMar"), s.find(W + "docGrid")
    margins = {k: v for k in ("top", "right", "bottom", "left", "footer", "header") if (v := _int(mar, k)) is not None}
    footers = {f.get(W + "type", "default"): targets.get(f.get(R + "id"), "") for f in s.iter(W + "footerReference")}
    return Section(
        _int(size, "w"),
        _int(size, "h"),
        margins,
        grid.get(W + "type") if grid is not None else None,
        _int(grid, "linePitch"),
        footers,
    )


def _has_page_field(root: ET.Element) -> bool:
    simple = any("PAGE" in (f.get(W + "instr") or "").split() for f in root.iter(W + "fldSimple"))
    return simple or any("PAGE" in (t.text or "").split() for t in root.iter(W + "instrText"))


def _styles(xml: bytes | None) -> dict[str, StyleFonts]:
    if xml is None:
        return {}
    root = ET.fromstring(xml)
    default_fonts = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    default_ea = default_fonts.get(W + "eastAsia") if default_fonts is not None else None
    raw = {}
    for st in root.iter(W + "style"):
        if st.get(W + "type") not in ("paragraph", None):
            continue
        fonts = st.find(f"{W}rPr/{W}rFonts")
        spacing = st.find(f"{W}pPr/{W}spacing")
        based = st.find(W + "basedOn")
        name = st.find(W + "name")
        outline = st.find(f"{W}pPr/{W}outlineLvl")
        raw[st.get(W + "styleId")] = (
            name.get(W + "val") if name is not None else "",
            fonts.get(W + "eastAsia") if fonts is not None else None,
            based.get(W + "val") if based is not None else None,
            _int(outline, "val"),
            _int(spacing, "line"),
            spacing.get(W + "lineRule") if spacing is not None else None,
        )

    def resolve(sid: str, index: int, seen: frozenset[str] = frozenset()):
        entry = raw.get(sid)
        if entry is None or sid in seen:
            return None
        if entry[index] is not None:
            return entry[index]
        return resolve(entry[2], index, seen | {sid}) if entry[2] else None

    out = {}
    for sid, (name, _ea, _based, _outline, _line, _rule) in raw.items():
        out[sid] = StyleFonts(
            sid, name, resolve(sid, 1) or default_ea, resolve(sid, 3), resolve(sid, 4), resolve(sid, 5)
        )
    return out


# Rendering -------------------------------------------------------------------------------------------------------


def render_docx(path: Path, workdir: Path) -> Path:
    """Lay the DOCX out with LibreOffice headless (own profile, bundled faces standing in for official ones)."""
    out_dir = workdir / "pdf"
    out_dir.mkdir()
    source = workdir / ("input" + path.suffix.lower())
    shutil.copyfile(path, source)
    return libreoffice.convert(source, out_dir, workdir=workdir)


def temporary_dir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="lintou-check-")
