"""Fonts: the bundle, role resolution, per-character fallback, the missing-character stop, `fonts install`
with LibreOffice, and `--embed-fonts` DOCX files — each checked on real output files."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from lintou_report import libreoffice as lo
from lintou_report import memo
from lintou_report.cli import main
from lintou_report.errors import UserError
from lintou_report.fonts import ROLES, FontSet, bundled_face, coverage, fonts_for, prebuilt, resolve, sfnt
from lintou_report.fonts.discovery import index_of, system_font_dirs
from lintou_report.fonts.install import alias_config
from lintou_report.fonts.metrics import file_metrics
from lintou_report.resources import data_dir, default_data_file
from lintou_report.source.templating import template_set
from lintou_report.tree import Document, DocumentInfo, Paragraph, Run
from lintou_report.writers import writer
from lintou_report.writers.docx import render as render_docx

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "fonts"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NO_FACE_HAS = "\U00020000"  # 𠀀, CJK Extension B: in none of the bundled faces


# ---------------------------------------------------------------- helpers


def make_face(src: Path, dst: Path, family: str, postscript: str, text: str, fs_type: int | None = None) -> Path:
    """A small TrueType subset of ``src`` renamed to ``family`` (English and Chinese records)."""
    options = Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    font = TTFont(src)
    subsetter = Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    name = font["name"]
    name.names = []
    for lang in (0x409, 0x804):
        name.setName(family, 1, 3, 1, lang)
        name.setName("Regular", 2, 3, 1, lang)
        name.setName(family, 4, 3, 1, lang)
    name.setName(postscript, 6, 3, 1, 0x409)
    if fs_type is not None:
        font["OS/2"].fsType = fs_type
    dst.parent.mkdir(parents=True, exist_ok=True)
    font.save(dst)
    return dst


def make_cff_face(dst: Path, family: str) -> Path:
    """A one-glyph PostScript-outline (CFF) font, which ReportLab cannot use."""
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef", "uni4E00"])
    builder.setupCharacterMap({0x4E00: "uni4E00"})
    pen = T2CharStringPen(1000, None)
    pen.moveTo((100, 300))
    pen.lineTo((900, 300))
    pen.lineTo((900, 350))
    pen.closePath()
    glyphs = {".notdef": T2CharStringPen(1000, None).getCharString(), "uni4E00": pen.getCharString()}
    builder.setupCFF("TestCFF", {"FullName": "TestCFF"}, glyphs, {})
    builder.setupHorizontalMetrics({".notdef": (1000, 0), "uni4E00": (1000, 100)})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    dst.parent.mkdir(parents=True, exist_ok=True)
    builder.save(dst)
    return dst


def document_text(document: Document) -> str:
    return "".join(document.text_blocks()) + "0123456789— "


def seed_with(tmp_path: Path, inserted: str) -> Path:
    """The seed data file with ``inserted`` put into the intro's first sentence."""
    text = default_data_file().read_text(encoding="utf-8")
    assert "近年来，林头镇党委" in text
    path = tmp_path / "report.yaml"
    path.write_text(text.replace("近年来，林头镇党委", f"近年来{inserted}，林头镇党委", 1), encoding="utf-8")
    return path


def pdf_chars_after(pdf: Path | bytes, marker: str, count: int) -> list[dict]:
    """pdfplumber's chars (text, fontname, size) of the ``count`` characters after ``marker`` on page 1."""
    with pdfplumber.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as doc:
        chars = [c for c in doc.pages[0].chars if c["text"].strip()]
    text = "".join(c["text"] for c in chars)
    start = text.index(marker)
    return chars[start : start + len(marker) + count]


def pdf_font_names(pdf: bytes) -> dict[str, bool]:
    """Every font the pages use (forms included) → whether its program is embedded."""
    found: dict[str, bool] = {}

    def visit(resources: DictionaryObject) -> None:
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor_owner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descriptor_owner.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font["/BaseFont"])] = embedded or font.get("/Subtype") == "/Type3"
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                visit(xobject["/Resources"].get_object())

    for page in PdfReader(io.BytesIO(pdf)).pages:
        visit(page["/Resources"].get_object())
    return found


def soffice_to_pdf(docx: Path, home: Path) -> Path:
    """Convert with LibreOffice headless under its own HOME (its fonts and fontconfig) and profile."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["HOME"] = str(home)
    return lo.convert(docx, docx.parent / f"pdf-{home.name}", workdir=home, bundled_fonts=False, env=env)


def embedded_faces(docx: bytes) -> dict[str, TTFont]:
    """The faces embedded in a DOCX, de-obfuscated (ECMA-376 §17.8.1), by the name the font table gives them."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        table = etree.fromstring(z.read("word/fontTable.xml"))
        rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(z.read("word/_rels/fontTable.xml.rels"))}
        for entry in table.findall(f"{W}font"):
            embed = entry.find(f"{W}embedRegular")
            if embed is None:
                continue
            rid = embed.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            key = bytes.fromhex(re.sub(r"[{}-]", "", embed.get(f"{W}fontKey")))[::-1]
            data = bytearray(z.read("word/" + rels[rid]))
            for i in range(32):
                data[i] ^= key[i % 16]
            out[entry.get(f"{W}name")] = TTFont(io.BytesIO(bytes(data)))
    return out


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh HOME: no user fonts, no fontconfig aliases."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("HOME", str(path))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(var, raising=False)
    return path


# ---------------------------------------------------------------- the bundle


def test_bundle_matches_its_checksums_and_stays_small() -> None:
    sums = dict(line.split()[::-1] for line in (FONTS / "SHA256SUMS").read_text().splitlines() if line.strip())
    assert set(sums) == {info.bundled_file for info in ROLES.values()}
    for name, digest in sums.items():
        assert hashlib.sha256((FONTS / name).read_bytes()).hexdigest() == digest, name
    for text in ("README-fonts.txt", "LICENSE-Noto-CJK-OFL.txt", "LICENSE-Fandol-GPL3-font-exception.txt"):
        assert (FONTS / text).stat().st_size > 400, text
    assert sum(p.stat().st_size for p in FONTS.rglob("*") if p.is_file()) < 25_000_000


def test_bundled_faces_are_truetype_and_cover_gb2312() -> None:
    gb2312 = {
        ord(bytes([hi, lo]).decode("gb2312"))
        for hi in range(0xB0, 0xF8)
        for lo in range(0xA1, 0xFF)
        if not (hi == 0xD7 and lo > 0xF9)
    }
    assert len(gb2312) == 6763
    for role in ROLES:
        face = bundled_face(role)
        info = sfnt.read_face(face.path)
        assert info.outlines == "glyf" and not info.fs_type & 0x0202, role
        assert gb2312 <= coverage(face.path), role


def test_sfnt_reader_agrees_with_fonttools(tmp_path: Path) -> None:
    chinese = make_face(FONTS / "FandolKai-Regular.gw.ttf", tmp_path / "k.ttf", "楷体_GB2312", "TestKai", "林头镇")
    for path in [*(FONTS / info.bundled_file for info in ROLES.values()), chinese]:
        with TTFont(path, lazy=True) as font:
            assert sfnt.read_coverage(path) == frozenset(font.getBestCmap()), path
            names = {r.toUnicode() for r in font["name"].names if r.nameID in (1, 4, 6, 16)}
        assert sfnt.read_face(path).names == frozenset(names), path
    assert "楷体_GB2312" in sfnt.read_face(chinese).names


def test_prebuilt_metrics_are_what_the_faces_hold(tmp_path: Path) -> None:
    """Each bundled face has a record (tools/fonts/build_metrics.py) equal to a fresh reading of the face, the
    advances fontTools reads; no record is left of a face not bundled."""
    keys = set()
    for info in ROLES.values():
        path = FONTS / info.bundled_file
        read, built = sfnt.read_metrics(path), prebuilt.load(path)
        assert built is not None, f"no record for {path.name}: run tools/fonts/build_metrics.py"
        for name in ("units_per_em", "ascender", "descender", "char_map", "advances", "glyph_offsets"):
            assert getattr(built, name) == getattr(read, name), (path.name, name)
        key, _ = prebuilt.content_key(path, 0)
        assert prebuilt.record_path(key).read_bytes() == prebuilt.record(read), path.name
        keys.add(key)
        with TTFont(path, lazy=True) as font:
            hmtx, cmap = font["hmtx"].metrics, font.getBestCmap()
            assert {code: hmtx[glyph][0] for code, glyph in cmap.items()} == {
                code: built.advances[glyph] for code, glyph in built.char_map.items()
            }, path.name
    assert {p.stem for p in (FONTS / prebuilt.FOLDER).iterdir()} == keys


def test_a_copy_uses_the_record_and_a_changed_face_is_read_from_its_file(tmp_path: Path) -> None:
    original = FONTS / ROLES["body"].bundled_file
    copy = tmp_path / "copy.ttf"
    shutil.copy(original, copy)
    assert prebuilt.load(copy) is not None and prebuilt.load(copy).path == copy
    with TTFont(original) as font:  # one advance changed, as a font editor would save it
        glyph = font.getBestCmap()[ord("林")]
        font["hmtx"][glyph] = (font["hmtx"][glyph][0] - 100, font["hmtx"][glyph][1])
        font.save(tmp_path / "changed.ttf")
    changed = tmp_path / "changed.ttf"
    assert prebuilt.load(changed) is None
    memo.clear()
    assert file_metrics(changed).widths[ord("林")] == file_metrics(original).widths[ord("林")] - 100


# ---------------------------------------------------------------- resolution


def test_default_pdf_uses_the_bundled_faces_all_embedded(seed_document: Document) -> None:
    fonts = resolve(system_dirs=())  # a machine with no Chinese fonts installed
    assert {role: face.source for role, face in fonts.faces.items()} == dict.fromkeys(ROLES, "bundled")
    used = pdf_font_names(writer("pdf").render(seed_document, fonts).data)
    assert used and all(used.values()), used
    bases = {re.sub(r"^[A-Z]{6}\+", "", name.lstrip("/")) for name in used}
    assert bases == {"NotoSerifCJKsc-Bold", "FandolFang-Regular", "NotoSansCJKsc-Medium", "FandolKai-Regular"} | {
        "NotoSerifCJKsc-Regular"
    }


def test_face_in_font_dir_overrides_its_role(tmp_path: Path, seed_document: Document) -> None:
    folder = tmp_path / "office-fonts"
    make_face(
        FONTS / "FandolKai-Regular.gw.ttf", folder / "fs.ttf", "仿宋_GB2312", "OfficeFang", document_text(seed_document)
    )
    fonts = resolve(font_dirs=[folder], system_dirs=())
    assert fonts.faces["body"].source == "font-dir" and fonts.faces["body"].path == folder / "fs.ttf"
    assert all(fonts.faces[role].source == "bundled" for role in ROLES if role != "body")

    out = tmp_path / "out.pdf"
    assert main(["--font-dir", str(folder), "-o", str(out)]) == 0
    intro = pdf_chars_after(out, "近年来", 20)
    assert all("OfficeFang" in c["fontname"] for c in intro), {c["fontname"] for c in intro}


def test_official_name_in_any_language_is_found(tmp_path: Path, seed_document: Document) -> None:
    folder = tmp_path / "system"
    make_face(FONTS / "NotoSansCJKsc-Medium.gw.ttf", folder / "simhei.ttf", "SimHei", "SimHei", "一、党建")
    fonts = resolve(system_dirs=[folder])
    assert fonts.faces["hei"].source == "installed" and fonts.faces["hei"].official == "SimHei"


def test_template_setting_comes_first(tmp_path: Path) -> None:
    template = tmp_path / "tpl"
    shutil.copytree(data_dir("templates") / "briefing", template)
    make_face(FONTS / "FandolKai-Regular.gw.ttf", template / "fonts" / "mine.ttf", "MyFang", "MyFang", "林头镇")
    manifest = template / "template.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "fonts:\n  body: fonts/mine.ttf\n", encoding="utf-8")
    fonts = fonts_for(template_set(str(template)))
    assert fonts.faces["body"].source == "template" and fonts.faces["body"].family == "MyFang"

    manifest.write_text("fonts:\n  bdy: 仿宋\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        fonts_for(template_set(str(template)))
    assert "bdy" in str(err.value) and str(manifest) in str(err.value)


def test_unusable_faces_are_passed_over_with_a_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "fonts"
    make_face(FONTS / "FandolFang-Regular.gw.ttf", folder / "r.ttf", "仿宋_GB2312", "Restricted", "林头", fs_type=2)
    make_cff_face(folder / "hei.otf", "黑体")
    fonts = resolve(font_dirs=[folder], system_dirs=())
    assert fonts.faces["body"].source == "bundled" and fonts.faces["hei"].source == "bundled"
    notes = "\n".join(fonts.notes)
    assert "r.ttf" in notes and "禁止嵌入" in notes
    assert "hei.otf" in notes and "CFF" in notes

    out = tmp_path / "out.pdf"
    assert main(["--font-dir", str(folder), "-o", str(out)]) == 0 and out.is_file()
    err = capsys.readouterr().err
    assert "字体提醒" in err and "r.ttf" in err and "hei.otf" in err


def test_missing_font_dir_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--font-dir", str(tmp_path / "nope"), "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "找不到字体文件夹" in err and "nope" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


# ---------------------------------------------------------------- never a blank box


def test_rare_character_comes_from_the_fallback_face(tmp_path: Path) -> None:
    body, song = bundled_face("body"), bundled_face("song")
    rare = chr(min(c for c in coverage(song.path) - coverage(body.path) if 0x4E00 <= c <= 0x9FFF))
    fonts = FontSet.bundled()
    assert fonts.segments(f"近{rare}来", "body") == [(body, "近"), (song, rare), (body, "来")]

    out = tmp_path / "rare.pdf"
    assert main(["--data", str(seed_with(tmp_path, rare)), "-o", str(out)]) == 0
    chars = pdf_chars_after(out, "近年来", 3)
    assert [c["text"] for c in chars[:5]] == ["近", "年", "来", rare, "，"]
    assert "NotoSerifCJKsc-Regular" in chars[3]["fontname"]
    assert all("FandolFang" in c["fontname"] for c in chars[:3])


def test_character_no_face_has_stops_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fonts = FontSet.bundled()
    assert all(fonts.face_for(role, NO_FACE_HAS) is None for role in ROLES)
    data = seed_with(tmp_path, NO_FACE_HAS)
    out = tmp_path / "out" / "never.pdf"
    assert main(["--data", str(data), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert NO_FACE_HAS in err and "U+20000" in err and "第1段正文" in err
    lines = data.read_text(encoding="utf-8").splitlines()
    row = next(n for n, line in enumerate(lines) if NO_FACE_HAS in line)
    assert f"{data}:{row + 1}:{lines[row].index(NO_FACE_HAS) + 1}:" in err  # file, line and column of the character
    assert "Traceback" not in err
    assert not out.exists() and (not out.parent.exists() or not any(out.parent.iterdir()))

    assert main(["fonts", "--data", str(data)]) == 2
    report = capsys.readouterr()
    assert "U+20000" in report.out and "没有任何字体" in report.out


def test_fonts_command_lists_roles_faces_sources_and_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fonts"]) == 0
    out = capsys.readouterr().out
    for info in ROLES.values():
        assert info.label in out
    assert out.count("来源：") == len(ROLES) and out.count("覆盖：") == len(ROLES)
    assert "文档中的每个字符都有字体可显示" in out


def test_coverage_is_read_once_and_only_for_faces_used(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[Path] = []
    real = prebuilt.load  # each face's metrics: from its record (bundled faces) or else from the file
    monkeypatch.setattr(prebuilt, "load", lambda path, index=0: reads.append(path) or real(path, index))
    memo.clear()
    document = Document(DocumentInfo("t", "a"), (Paragraph((Run("林头镇党委坚持党建引领"),)),))
    fonts = FontSet.bundled()
    fonts.check(document)
    fonts.check(document)
    # the body face, and the page-number face (宋体 sets the digits and dashes of every page)
    assert sorted(p.name for p in reads) == sorted([ROLES["body"].bundled_file, ROLES["song"].bundled_file])


# ---------------------------------------------------------------- DOCX on machines without the faces


def test_fonts_install_makes_libreoffice_use_the_bundled_fangsong(
    home: Path, tmp_path: Path, seed_docx: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = tmp_path / "seed.docx"
    docx.write_bytes(seed_docx)
    bare = tmp_path / "bare-home"
    bare.mkdir()
    before = pdf_font_names(soffice_to_pdf(docx, bare).read_bytes())
    assert not any("Fandol" in name or "Noto" in name for name in before), before  # without install: other faces

    assert main(["fonts", "install"]) == 0
    assert "已安装" in capsys.readouterr().out
    installed = home / ".local" / "share" / "fonts" / "lintou-report"
    assert {p.name for p in installed.glob("*.ttf")} == {info.bundled_file for info in ROLES.values()}
    assert (home / ".config" / "fontconfig" / "conf.d" / "60-lintou-report.conf").read_text() == alias_config()

    pdf = soffice_to_pdf(docx, home)
    after = pdf_chars_after(pdf, "近年来", 20)
    assert all("FandolFang" in c["fontname"] for c in after), {c["fontname"] for c in after}
    used = {re.sub(r"^[A-Z]{6}\+", "", n.lstrip("/")) for n in pdf_font_names(pdf.read_bytes())}
    assert {"NotoSerifCJKsc-Bold", "NotoSansCJKsc-Medium", "FandolKai-Regular"} <= used  # title (bold), 黑体, 楷体


def test_embedded_fonts_docx_renders_in_libreoffice_without_the_faces(home: Path, tmp_path: Path) -> None:
    docx, again = tmp_path / "embedded.docx", tmp_path / "again.docx"
    for path in (docx, again):
        assert main(["--format", "docx", "--embed-fonts", "-o", str(path)]) == 0
    embedded = docx.read_bytes()
    assert embedded == again.read_bytes()  # deterministic
    assert len(embedded) < 600_000
    with zipfile.ZipFile(io.BytesIO(embedded)) as z:
        settings = etree.fromstring(z.read("word/settings.xml"))
        assert settings.find(f"{W}embedTrueTypeFonts") is not None and settings.find(f"{W}saveSubsetFonts") is not None
        assert 'Extension="odttf"' in z.read("[Content_Types].xml").decode()
    faces = embedded_faces(embedded)
    for name, font in faces.items():  # de-obfuscated: a real font, named as the DOCX names it, a small subset
        assert font["name"].getDebugName(1) == name
        assert len(font.getGlyphOrder()) < 700
    names = set(faces)
    assert {ROLES[r].official for r in ("title", "body", "hei", "kai")} <= names

    pdf = soffice_to_pdf(docx, home)
    used = {re.sub(r"^[A-Z]{6}\+", "", n.lstrip("/")) for n in pdf_font_names(pdf.read_bytes())}
    assert {"FandolFang-Regular", "NotoSerifCJKsc-Bold", "NotoSansCJKsc-Medium", "FandolKai-Regular"} <= used
    intro = pdf_chars_after(pdf, "近年来", 20)
    assert all("FandolFang" in c["fontname"] for c in intro)


def test_embedded_subsets_hold_fallback_characters(tmp_path: Path) -> None:
    body, song = bundled_face("body"), bundled_face("song")
    rare = chr(min(c for c in coverage(song.path) - coverage(body.path) if 0x4E00 <= c <= 0x9FFF))
    out = tmp_path / "rare.docx"
    data = ["--data", str(seed_with(tmp_path, rare)), "--format", "docx", "--embed-fonts", "-o", str(out)]
    assert main(data) == 0
    faces = embedded_faces(out.read_bytes())
    cmaps = {name: set(font.getBestCmap()) for name, font in faces.items()}
    assert ord(rare) in cmaps[ROLES["song"].official]  # the 宋体 run the DOCX writer made for it
    assert ord(rare) not in cmaps[ROLES["body"].official] and ord("近") in cmaps[ROLES["body"].official]


def test_preview_and_print_face_is_used_in_pdf_but_not_embedded_in_docx(
    tmp_path: Path, seed_document: Document
) -> None:
    folder = tmp_path / "office"
    text = document_text(seed_document)
    make_face(FONTS / "FandolKai-Regular.gw.ttf", folder / "fs.ttf", "仿宋_GB2312", "PrintOnlyFang", text, fs_type=4)
    fonts = resolve(font_dirs=[folder], system_dirs=())
    assert fonts.faces["body"].source == "font-dir"  # fine for a PDF: embedding for preview and print is allowed
    faces = embedded_faces(render_docx(seed_document, fonts, embed_fonts=True))
    assert faces[ROLES["body"].official]["name"].getDebugName(6) == "FandolFang-Regular"  # the bundled face instead


def test_windows_font_folder_is_searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    windows = tmp_path / "Windows"
    make_face(FONTS / "FandolFang-Regular.gw.ttf", windows / "Fonts" / "simfang.ttf", "仿宋", "FangSong", "林头镇")
    monkeypatch.setenv("WINDIR", str(windows))
    assert windows / "Fonts" in system_font_dirs()
    found = index_of(system_font_dirs()).find("FangSong")  # by its English name; the file gives 仿宋 too
    assert windows / "Fonts" / "simfang.ttf" in [info.path for info in found]
    assert resolve().faces["body"].source == "installed"
