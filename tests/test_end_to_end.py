"""The whole path on the seed report: both formats render, read back as the report, and the CLI writes them."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from pypdf import PdfReader

from lintou_report import __version__
from lintou_report.cli import main
from lintou_report.source.model import Report

ROOT = Path(__file__).resolve().parents[1]


def squeeze(text: str) -> str:
    """Extracted text without the line breaks and spaces a layout puts into it."""
    return "".join(text.split())


def expected_strings(report: Report) -> list[str]:
    out = [report.meta.title]
    for n, theme in enumerate(report.themes, 1):
        out.append(f"{'一二三'[n - 1]}、{theme.label}，{theme.slogan}")
        out += [f"{item.heading}。" for item in theme.items]
    return out


def test_pdf_reads_back_as_the_seed_report(seed_pdf: bytes, seed_report: Report) -> None:
    pages = [squeeze(page.extract_text()) for page in PdfReader(io.BytesIO(seed_pdf)).pages]
    for n, page in enumerate(pages, 1):  # the page number "— N —" is not part of the running text
        assert f"—{n}—" in page
    text = "".join(page.replace(f"—{n}—", "") for n, page in enumerate(pages, 1))
    for s in expected_strings(seed_report):
        assert squeeze(s) in text, s
    for m in seed_report.metrics:
        assert squeeze(m.source) in text and m.value_text in text


def test_docx_reads_back_as_the_seed_report(seed_docx: bytes, seed_report: Report) -> None:
    doc = DocxDocument(io.BytesIO(seed_docx))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    text = "".join(paragraphs + cells)
    for s in expected_strings(seed_report):
        assert s in text, s
    for m in seed_report.metrics:
        assert m.source in text and m.value_text in cells and m.label in cells


def test_cli_writes_both_formats_to_the_default_names(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--format", "all"]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == ["out/briefing-2023-11.pdf", "out/briefing-2023-11.docx"]
    assert (tmp_path / "out/briefing-2023-11.pdf").read_bytes().startswith(b"%PDF-")
    assert zipfile.is_zipfile(tmp_path / "out/briefing-2023-11.docx")


def test_cli_output_file_and_same_bytes_twice(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert main(["-o", str(a)]) == 0 and main(["--format", "pdf", "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_bad_data_file_gives_message_not_traceback(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("schema_version: 1\nmeta: {}\n", encoding="utf-8")
    out = tmp_path / "x.pdf"
    assert main(["--data", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and f"{bad}:2" in err and "Traceback" not in err
    assert not out.exists()


def test_unwritable_output_keeps_nothing_half_written(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["-o", str(blocker / "sub" / "x.pdf")]) == 2
    assert "无法" in capsys.readouterr().err


def test_help_is_chinese_and_version_prints(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "输出格式" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out


def test_schema_command_prints_json_schema(capsys) -> None:
    import json

    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "lintou-report 数据文件"


def test_module_entry_point_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lintou_report", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0 and __version__ in result.stdout


def test_wheel_ships_templates_fonts_and_seed_data(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("lintou_report-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "lintou_report/_data/templates/briefing/document.xml.j2" in names
    assert "lintou_report/_data/seeds/lintou-2023-11.yaml" in names
    assert "lintou_report/_data/fonts/FandolFang-Regular.gw.ttf" in names
    assert any(n.endswith("entry_points.txt") for n in names)
