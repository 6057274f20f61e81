"""`lintou-report check` on documents other tools made (Typst, python-docx, LibreOffice) and on our own output.

Each foreign document is built here, with a known fault or a known conformity, and the checker must name it
with its clause; our own PDF and DOCX, on every template, must pass every rule it can measure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from docx.shared import Mm, Pt

from lintou_report import libreoffice as lo
from lintou_report.check import CheckReport, check
from lintou_report.check.rules import RuleResult
from lintou_report.cli import main
from lintou_report.pipeline import make
from lintou_report.resources import default_data_file
from lintou_report.spec import gbt9704 as P

ROOT = Path(__file__).resolve().parents[1]
TYPST_BENCH = ROOT / "benchmarks" / "typst-baseline"  # copied from shared/bench: CI needs no sibling folder
BODY = (
    "近年来，林头镇党委坚持以服务大局为核心，切实把党的组织优势转化为推动县经济开发区高质量发展和林头振兴的发展优势。"
)


def rule(report: CheckReport, name: str, group: int | None = None) -> RuleResult:
    """The one rule whose name starts with ``name`` (in group ``group`` when given)."""
    rules = report.groups[group][1] if group is not None else report.results
    found = [r for r in rules if r.name.startswith(name)]
    assert len(found) == 1, (name, [r.name for r in rules])
    return found[0]


def failing(report: CheckReport) -> list[str]:
    return [f"{r.clause} {r.name}: {r.measured} {r.details[:3]}" for r in report.results if r.status == "fail"]


# Typst ------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def typst_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import typst

    out = tmp_path_factory.mktemp("typst") / "typst.pdf"
    compiler = typst.Compiler(
        str(TYPST_BENCH / "briefing.typ"),
        root=str(TYPST_BENCH),
        sys_inputs={"data": "content.json"},
        font_paths=[str(ROOT / "fonts")],
        ignore_system_fonts=True,
    )
    compiler.compile(output=str(out))
    return out


def test_typst_pdf_geometry_right_grid_and_furniture_wrong(typst_pdf: Path) -> None:
    report = check(typst_pdf)
    assert report.profile == "briefing" and report.profile_guessed
    # what Typst gets right, measured
    for name in (
        "幅面",
        "正文字号",
        "天头",
        "订口",
        "翻口",
        "行距",
        "一级标题字体",
        "二级标题字体",
        "页码格式",
        "页码字号",
    ):
        assert rule(report, name).status == "pass", rule(report, name)
    assert rule(report, "行距").measured.startswith("28.95 pt")
    # and its faults: no tightening to 28 characters a line (16 pt pitch, 27 a line) ...
    assert rule(report, "字距").status == "fail" and rule(report, "字距").measured.startswith("16.00")
    assert rule(report, "每行字数").status == "fail" and rule(report, "每行字数").measured.startswith("27 字")
    # (its line-end marks take half an em, their blank half past the edge, GB/T 15834-2011 5.1.10, and its
    # line-start quotes give up their blank half before the edge, clreq §3.1.6.3: `check` accepts both, the
    # ink staying inside) ... the title 0.78 lines under the rule instead of 2 ...
    assert rule(report, "文字不出版心").status == "pass"
    assert rule(report, "标题在红色分隔线下空二行").measured.startswith("0.78 行")
    # ... body on page 1 off the page grid, the page number's dash 9.5 mm under the type area, no 报尾
    assert rule(report, "正文行落在每页网格上").status == "fail"
    drop = rule(report, "页码一字线")
    assert drop.status == "fail" and 9.0 < drop.value < 10.0
    assert rule(report, "版记分隔线").status == "fail"
    # a rule the file gives nothing to measure on is reported so, not passed
    assert rule(report, "三级标题字体").status == "unmeasured"
    assert rule(report, "字体全部嵌入").status == "pass"
    assert not report.passed


def test_cli_exit_status_table_and_json(typst_pdf: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(typst_pdf)]) == 1
    table = capsys.readouterr().out
    assert (
        "5.2.1 天头（首行字顶） 37 mm −1/+" in table
        and "5.2.3 字距（每行28字） 15.79 pt ± 0.10：实测 16.00 pt ✗" in table
    )
    assert main(["check", str(typst_pdf), "--json", "--profile", "briefing"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] is False and data["profile"] == "briefing" and not data["profile_guessed"]
    rules = [r for g in data["groups"] for r in g["rules"]]
    pitch = next(r for r in rules if r["name"].startswith("行距"))
    assert pitch["clause"] == P.LINE_PITCH.clause and pitch["status"] == "pass"
    assert pitch["low"] == pytest.approx(P.LINE_PITCH.value - P.LINE_PITCH.tolerance)
    assert pitch["value"] == pytest.approx(P.LINE_PITCH.value, abs=0.02)


def test_cli_user_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing.pdf")]) == 2
    assert "找不到要检查的文件" in capsys.readouterr().err
    text = tmp_path / "notes.txt"
    text.write_text("x")
    assert main(["check", str(text)]) == 2
    assert "只能检查 PDF、OFD 或 DOCX" in capsys.readouterr().err
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    assert main(["check", str(broken)]) == 2
    assert "无法读取 PDF" in capsys.readouterr().err


# python-docx with Word's default margins --------------------------------------------------------------------------


def test_python_docx_with_wrong_margins(tmp_path: Path) -> None:
    doc = DocxDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25.4)
    section.left_margin = section.right_margin = Mm(31.8)
    doc.add_heading("林头镇党委工作报告", level=0)
    doc.add_heading("一、强化组织建设", level=1)
    doc.add_paragraph("用党建指导的“小杠杆”激发企业“新活力”——不断提升……")
    for _ in range(12):
        doc.add_paragraph(BODY * 2).runs[0].font.size = Pt(16)
    path = tmp_path / "python-docx.docx"
    doc.save(path)

    report = check(path)
    xml = 1  # the DOCX settings group
    assert rule(report, "天头（页边距）", xml).measured.startswith("25.4 mm（XML 1440 twips，应为 2098）")
    assert rule(report, "订口（页边距）", xml).measured.startswith("31.8 mm（XML 1803 twips，应为 1587）")
    assert rule(report, "幅面宽度", xml).status == "pass"
    assert rule(report, "不用主题字体", xml).status == "fail"  # python-docx's template uses theme fonts
    assert rule(report, "页码域", xml).status == "fail"
    assert rule(report, "行距设置", xml).status == "fail"
    hints = rule(report, "歧义标点", xml)  # python-docx sets no w:hint: Word would use the Latin face
    assert hints.status == "fail" and hints.details == [
        "未标注：word/document.xml：用党建指导的“小杠杆”激发企业“新活力”"
    ]
    laid_out = 0  # measured on LibreOffice's layout too
    top = rule(report, "天头", laid_out)
    assert top.status == "fail" and abs(top.value - 25.4) < 1.5
    assert rule(report, "订口", laid_out).status == "fail" and abs(rule(report, "订口", laid_out).value - 31.8) < 0.5
    assert rule(report, "正文字号", laid_out).status == "pass"
    assert rule(report, "页码格式", laid_out).measured == "无页码"
    assert main(["check", str(path)]) == 1


# LibreOffice's own export ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A briefing written as HTML and exported by LibreOffice to DOCX, and that DOCX exported to PDF."""
    folder = tmp_path_factory.mktemp("libreoffice")
    paras = "".join(
        f'<p style="font-family:FandolFang; font-size:16pt; text-indent:2em">{BODY * 3}</p>' for _ in range(8)
    )
    (folder / "briefing.html").write_text(
        '<html><head><meta charset="utf-8"></head><body>'
        '<p align="center" style="color:#FF0000; font-size:36pt; font-family:方正小标宋简体">党建工作简报</p>'
        '<p align="center" style="font-size:16pt">第1期</p>'
        '<p align="center" style="font-size:22pt; font-family:方正小标宋简体">林头镇党委以党建引领推动镇园融合发展</p>'
        f'<p style="font-family:黑体; font-size:16pt">一、强化组织建设</p>{paras}</body></html>',
        encoding="utf-8",
    )
    docx = lo.convert(folder / "briefing.html", folder, "docx:MS Word 2007 XML", workdir=folder, bundled_fonts=False)
    return docx, lo.convert(docx, folder / "pdf", workdir=folder)


def test_libreoffice_docx_export(libreoffice_export: tuple[Path, Path]) -> None:
    report = check(libreoffice_export[0])
    xml = 1
    # LibreOffice's default page: 20 mm left, 10 mm elsewhere; no grid, no page field
    assert rule(report, "订口（页边距）", xml).measured.startswith("20.0 mm")
    assert rule(report, "天头（页边距）", xml).status == "fail"
    assert rule(report, "行距设置", xml).status == "fail"
    assert rule(report, "页码域", xml).status == "fail"
    assert rule(report, "不用主题字体", xml).status == "pass"  # LibreOffice names its fonts
    laid_out = 0
    assert rule(report, "订口", laid_out).status == "fail"
    assert rule(report, "报头名称（红色）", laid_out).status == "pass"
    assert rule(report, "红色分隔线", laid_out).status == "fail"  # the HTML has no red rule
    # the HTML import kept the body's 仿宋 but dropped the heading's 黑体: the heading is set in a 宋体 fallback
    assert rule(report, "正文字体", laid_out).status == "pass"
    heading = rule(report, "一级标题字体", laid_out)
    assert heading.status == "fail" and "宋体：一、强化组织建设" in heading.details[0]
    assert not report.passed


def test_libreoffice_pdf_export(libreoffice_export: tuple[Path, Path]) -> None:
    report = check(libreoffice_export[1])
    assert rule(report, "字体全部嵌入").status == "pass"
    assert rule(report, "正文字号").status == "pass"
    assert rule(report, "订口").value == pytest.approx(20.0, abs=0.5) and rule(report, "订口").status == "fail"
    pitch = rule(report, "行距")
    assert pitch.status == "fail" and pitch.value < P.LINE_PITCH.value - 1
    assert rule(report, "页码格式").measured == "无页码"
    assert not report.passed


# Our own output: every template, both formats ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("template", ["briefing", "report"])
def test_our_output_passes(template: str, fmt: str, tmp_path: Path) -> None:
    (path,) = make(default_data_file(), template, (fmt,), tmp_path / f"{template}.{fmt}")
    report = check(path, template)
    assert report.passed, "\n".join(failing(report))
    measured = [r for r in report.results if r.status == "pass"]
    assert len(measured) >= 35  # the checker measured the document, not an empty page
    assert rule(report, "每面行数").status == "pass"
    for name in ("天头", "页码一字线"):  # a DOCX has one 天头 from its XML and one from LibreOffice's layout
        found = [r for r in report.results if r.name.startswith(name)]
        assert found and all(r.status == "pass" for r in found), found


@pytest.mark.parametrize("template", ["briefing", "report"])
def test_kind_is_guessed_from_the_masthead_not_from_a_cited_document_number(template: str, tmp_path: Path) -> None:
    """The punctuation-heavy test document cites 林党〔2023〕12号 in its first paragraph; only a 发文字号 in the
    版头 (above the red rule) makes a file a 报告."""
    data = ROOT / "tests" / "data" / "punctuation.yaml"
    assert "〔2023〕12号）" in data.read_text(encoding="utf-8")
    for fmt in ("pdf", "ofd"):
        (path,) = make(data, template, (fmt,), tmp_path / f"{template}.{fmt}")
        report = check(path)
        assert report.profile_guessed and report.profile == template, (fmt, report.profile)


def test_module_entry_point(typst_pdf: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lintou_report", "check", "--json", str(typst_pdf)],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT / "src")),
        check=False,
    )
    assert done.returncode == 1 and json.loads(done.stdout)["kind"] == "pdf"


# A hand-made ReportLab PDF: unembedded font, broken line-breaking rules -------------------------------------------


def test_handmade_pdf_unembedded_font_and_line_breaking(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a CID font ReportLab never embeds
    path = tmp_path / "handmade.pdf"
    c = canvas.Canvas(str(path), pagesize=(P.PAGE_WIDTH.pt, P.PAGE_HEIGHT.pt))
    lines = [
        BODY[:28],
        "，" + BODY[1:28],
        BODY[:27] + "（",
        BODY[:28],
        "2023年11月9日、2023年11月09日、二〇二三年十一月九日",
    ]
    for i, text in enumerate(lines):
        c.setFont("STSong-Light", P.BODY_SIZE.pt)
        c.drawString(P.LEFT_MARGIN.pt, P.PAGE_HEIGHT.pt - P.TOP_MARGIN.pt - 14 - i * P.LINE_PITCH.pt, text)
    c.showPage()
    c.save()

    report = check(path)
    breaking = rule(report, "行首行尾禁则")
    assert breaking.status == "fail" and breaking.measured == "2 处"
    assert breaking.details[0].startswith("第1页第2行行首“，”")
    assert breaking.details[1].startswith("第1页第3行行尾“（”")
    embedded = rule(report, "字体全部嵌入")
    # ReportLab's default Helvetica, set on every new page, is found too
    assert embedded.status == "fail" and embedded.details == ["未嵌入：Helvetica", "未嵌入：STSong-Light"]
    assert rule(report, "行距").status == "pass"
    dates = rule(report, "日期用阿拉伯数字")
    assert dates.measured == "1/3 处相符"
    assert dates.details == ["第1页第5行：2023年11月09日", "第1页第5行：二〇二三年十一月九日"]


def test_docx_without_libreoffice_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "any.docx"
    DocxDocument().save(path)
    monkeypatch.setattr("lintou_report.libreoffice.shutil.which", lambda name: None)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "LibreOffice（soffice）" in err and "修改建议" in err
