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
    ambiguous, unhinted = _hints(
        {n: x for n, x in parts.items() if n == "word/document.xml" or "header" in n or "footer" in n}
    )
    return DocxFacts(sections, styles, used, theme, even_odd, page_parts, ambiguous, unhinted)


def _hints(parts: dict[str, bytes]) -> tuple[int, list[str]]:
    """Runs with punctuation Word would set in the Latin face unless told (w:hint="eastAsia"), and those untold."""
    count, untold = 0, []
    for name, xml in sorted(parts.items()):
        for run in ET.fromstring(xml).iter(W + "r"):
            text = "".join(t.text or "" for t in run.iter(W + "t"))
            if not any(ch in AMBIGUOUS for ch in text):
                continue
            count += 1
            fonts = run.find(f"{W}rPr/{W}rFonts")
            if fonts is None or fonts.get(W + "hint") != "eastAsia":
                untold.append(f"{name}：{text[:20]}")
    return count, untold


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
