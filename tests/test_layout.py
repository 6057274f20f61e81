"""The layout stage and its faces: positioned pages, metrics from the one font reader, hostile lengths.

Hostile lengths run as a user would, in a process of their own under the operating system's limits
(tests/hostile.py): a run-away line breaker ends by its CPU limit and fails the test, no timing assertion.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont as FontToolsFont
from hostile import CHINESE, run_cli
from reportlab.pdfbase.ttfonts import TTFont as ReportLabFont

from lintou_report.fonts import ROLES, Face, FontSet, bundled_face, sfnt
from lintou_report.fonts.metrics import metrics
from lintou_report.layout.document import lay_out
from lintou_report.layout.page import Page, Rule, Star, TextLine
from lintou_report.resources import default_data_file
from lintou_report.spec import gbt9704
from lintou_report.spec.punctuation import OPENING, RIGHT_BLANK
from lintou_report.tree import Document, DocumentInfo, Paragraph, Run
from lintou_report.writers import render

INFO = DocumentInfo("测试", "中共林头镇委员会", "测试文档", ("测试",), "2023-11-09")


def _seed_with(tmp_path: Path, old: str, new: str) -> Path:
    text = default_data_file().read_text(encoding="utf-8")
    assert old in text
    data = tmp_path / "data.yaml"
    data.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


# --- the page model -----------------------------------------------------------------------------------------


def test_pages_are_plain_positioned_items_and_count_the_pdfs_pages(seed_document: Document, fonts: FontSet) -> None:
    pages = lay_out(seed_document, fonts)
    assert all(isinstance(page, Page) for page in pages)
    kinds = {type(item) for page in pages for item in page.items}
    assert kinds == {TextLine, Rule}  # the seed briefing has no ★
    rendered = render("pdf", seed_document, fonts)
    assert rendered.pages == len(pages) == len(pypdf.PdfReader(io.BytesIO(rendered.data)).pages)
    line = next(item for item in pages[-1].items if isinstance(item, TextLine))
    run = line.runs[0]
    assert len(run.advances) == len(run.text) and run.face in fonts.faces.values()
    # each run's origin is where the previous one's pen stopped, or up to half an em before it when the
    # previous run ends in a mark whose blank punctuation compression took out (or the next one opens with one)
    compressed = 0
    for item in (i for page in pages for i in page.items if isinstance(i, TextLine)):
        for a, b in zip(item.runs, item.runs[1:], strict=False):
            pen = a.x + sum(a.advances) + a.spacing * len(a.text)
            assert b.y == a.y
            if b.x == pytest.approx(pen):
                continue
            assert pen - a.size / 2 - 1e-6 <= b.x < pen
            assert a.text[-1] in RIGHT_BLANK or b.text[0] in OPENING, (a.text, b.text)
            compressed += 1
    assert compressed > 0  # the seed has lines that took a character back by compressing punctuation


def test_the_layout_imports_no_writer_library() -> None:
    for path in (Path(__file__).parents[1] / "src" / "lintou_report" / "layout").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (reportlab|docx)\b", source, re.M), path


def test_a_starred_masthead_lays_out_a_star() -> None:
    from lintou_report.tree import OfficialMasthead

    pages = lay_out(
        Document(INFO, (OfficialMasthead("中共林头镇委员会文件", "林党〔2023〕12号", star=True),)), FontSet.bundled()
    )
    assert any(isinstance(item, Star) for item in pages[0].items)


# --- metrics: the one reader agrees with fontTools and with what ReportLab embeds -----------------------


@pytest.mark.parametrize("role", list(ROLES))
def test_metrics_are_those_fonttools_reads_and_reportlab_embeds(role: str) -> None:
    face = bundled_face(role)  # type: ignore[arg-type]
    read = metrics(face)
    with FontToolsFont(face.path, lazy=True) as font:
        cmap = {code: name for code, name in font.getBestCmap().items() if name != ".notdef"}
        hmtx, em = font["hmtx"], font["head"].unitsPerEm
        assert read.coverage == frozenset(cmap)
        assert all(read.widths[code] == hmtx[name][0] * 1000 / em for code, name in cmap.items())
        assert read.ascent == font["OS/2"].sTypoAscender / em
        glyf = font["glyf"]
        for char in "—中林1":
            assert read.glyph_top(char) == glyf[cmap[ord(char)]].yMax / em
    embedded = ReportLabFont(f"check{role}", str(face.path)).face
    assert {code: embedded.charWidths[code] for code in read.widths} == read.widths


def test_the_reader_refuses_a_file_without_metrics(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 200)
    with pytest.raises(sfnt.NotAFont):
        sfnt.read_metrics(broken)


# --- hostile lengths ---------------------------------------------------------------------------------------


def test_a_10000_character_unbreakable_run_is_set_in_linear_time(tmp_path: Path) -> None:
    """A number or Latin word far wider than a line is cut across lines in one pass (it was cubic: 77 s)."""
    run = "8" * 5000 + "x" * 5000
    data = _seed_with(tmp_path, "近年来，林头镇党委坚持", run + "近年来，林头镇党委坚持")
    out = tmp_path / "long.pdf"
    ran = run_cli(["--data", data, "--format", "pdf", "-o", out], tmp_path, cpu_seconds=20)
    assert "Traceback" not in ran.message, ran.message
    if ran.status == 2:  # a limit on the length of a value refuses it, clearly
        assert CHINESE.search(ran.err) and not out.exists(), ran.message
        return
    assert ran.status == 0, ran.message
    page_number = re.escape(gbt9704.PAGE_NUMBER_DASH) + r"\d+" + re.escape(gbt9704.PAGE_NUMBER_DASH)
    text = re.sub(page_number, "", re.sub(r"\s", "", _pdf_text(out)))  # without the page numbers between pages
    assert run in text


def test_a_600_character_title_is_broken_without_recursion(tmp_path: Path) -> None:
    title = "林头镇党委以“党建+”赋能镇园融合发展，" * 30
    data = _seed_with(tmp_path, "title: 林头镇党委以“党建+”赋能镇园融合发展", f"title: {title}")
    out = tmp_path / "out"
    ran = run_cli(["--data", data, "--format", "pdf", "-o", out / "title.pdf"], tmp_path, cpu_seconds=30)
    assert "Traceback" not in ran.message and "RecursionError" not in ran.message, ran.message
    if ran.status == 2:  # a limit on the title's length refuses it, clearly
        assert CHINESE.search(ran.err), ran.message
        return
    assert ran.status == 0, ran.message
    assert title.replace("“", "").replace("”", "")[:40] in re.sub(r"\s|“|”", "", _pdf_text(next(out.glob("*.pdf"))))


def test_one_face_file_for_two_roles_is_embedded_once(tmp_path: Path) -> None:
    """The same file for 楷体 and 仿宋, and a copy of it for 黑体: one face in the PDF, no name clash."""
    fang = bundled_face("body")
    copy = tmp_path / "copy.ttf"
    shutil.copy(fang.path, copy)
    fonts = FontSet.bundled()
    fonts.faces["kai"] = Face("Another Name", fang.path)
    fonts.faces["hei"] = Face("Copied Fang", copy)
    from lintou_report.tree import Heading

    document = Document(INFO, (Heading(1, "一、标题"), Heading(2, "（一）标题"), Paragraph((Run("正文。"),))))
    data = render("pdf", document, fonts).data
    names = {
        str(font["/BaseFont"])
        for page in pypdf.PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    bases = {re.sub(r"^/?[A-Z]{6}\+", "", name) for name in names}
    assert "FandolFang-Regular" in bases and len(names) == len({n for n in names})
    assert "一、标题" in pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().replace(" ", "")


def test_two_different_files_under_one_font_name_stop_with_a_clear_message(tmp_path: Path) -> None:
    from fontTools.subset import Options, Subsetter

    from lintou_report.errors import UserError

    fang = bundled_face("body")
    smaller = tmp_path / "smaller.ttf"
    with FontToolsFont(fang.path) as font:
        subsetter = Subsetter(Options(name_IDs=["*"], notdef_outline=True))
        subsetter.populate(text="正文标题一二三。、（）")
        subsetter.subset(font)
        font.save(smaller)
    fonts = FontSet.bundled()
    fonts.faces["hei"] = Face("Smaller Fang", smaller)
    from lintou_report.tree import Heading

    document = Document(INFO, (Heading(1, "一、标题"), Paragraph((Run("正文。"),))))
    with pytest.raises(UserError) as stop:
        fonts.check(document)  # what validate and every build run before layout
    assert "字体名称" in str(stop.value) and str(smaller) in str(stop.value)
    with pytest.raises(UserError) as stop:
        render("pdf", document, fonts)
    assert "字体名称" in str(stop.value) and str(smaller) in str(stop.value)


def test_reportlab_is_a_version_the_private_use_was_checked_with() -> None:
    """writers/pdf/reportlab_private.py reads Canvas._doc: the installed ReportLab must be one it was checked
    with, and pyproject.toml must pin the same range."""
    import tomllib

    import reportlab

    from lintou_report.writers.pdf.reportlab_private import SUPPORTED

    installed = tuple(int(part) for part in reportlab.Version.split(".")[:2])
    (low, high) = SUPPORTED
    assert low <= installed <= high, reportlab.Version
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    pin = next(d for d in project["project"]["dependencies"] if d.startswith("reportlab"))
    assert pin == f"reportlab>={low[0]}.{low[1]},<{high[0]}.{high[1] + 1}", pin


@pytest.mark.parametrize("role", list(ROLES))
def test_a_cut_face_gives_the_subset_the_whole_face_gives(role: str) -> None:
    """fonts/subset.py: ReportLab makes the same font program from the cut face as from the whole face."""
    from lintou_report.fonts.subset import subset_face

    face = bundled_face(role)  # type: ignore[arg-type]
    text = "林头镇党委以“党建+”赋能镇园融合发展，45家企业纳入平台。— 1 —GB/T 9704%"
    codes = [0x20, *dict.fromkeys(map(ord, text))]
    whole = ReportLabFont(f"whole{role}", str(face.path)).face
    data = io.BytesIO(subset_face(face.path, 0, frozenset(text) | {" "}))
    cut = ReportLabFont(f"cut{role}", data).face
    assert cut.makeSubset(codes) == whole.makeSubset(codes)
    assert {c: cut.charWidths[c] for c in codes} == {c: whole.charWidths[c] for c in codes}
    assert (cut.ascent, cut.descent, cut.bbox, cut.name) == (whole.ascent, whole.descent, whole.bbox, whole.name)


def test_a_command_for_one_report_cuts_its_faces_and_writes_the_same_pdf(tmp_path: Path, seed_pdf: bytes) -> None:
    """The render command makes one report a process (WriterOptions.one_document): ReportLab is handed faces
    cut to the document's characters, and the file is byte for byte the one whole faces give."""
    out = tmp_path / "one.pdf"
    ran = run_cli(["--format", "pdf", "-o", out], tmp_path)
    assert ran.status == 0, ran.message
    assert out.read_bytes() == seed_pdf
