"""Batch builds: many periods, both formats, in parallel, with progress and a summary; failures do not stop it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lintou_report.cli import main
from lintou_report.workspace.batch import Outcome, Progress, summary

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(ROOT / "examples" / "workspace", root)
    monkeypatch.chdir(root)
    return root


def summary_rows(out: str) -> dict[str, list[str]]:
    lines = out.splitlines()
    assert lines[0].split() == ["报告期", "页数", "文件", "用时（秒）", "结果"]
    return {line.split()[0]: line.split() for line in lines[2:] if line[:4].isdigit()}


def test_build_all_in_parallel_both_formats(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    pypdf = pytest.importorskip("pypdf")
    assert main(["build", "--all", "--jobs", "2"]) == 0
    captured = capsys.readouterr()
    out = workspace / "out"
    names = ["briefing-2023-11.docx", "briefing-2023-11.pdf", "briefing-2023-12.docx", "briefing-2023-12.pdf"]
    assert sorted(p.name for p in out.iterdir()) == names
    rows = summary_rows(captured.out)
    for period in ("2023-11", "2023-12"):
        pages = len(pypdf.PdfReader(out / f"briefing-{period}.pdf").pages)
        period_row = rows[period]
        assert period_row[1] == str(pages) and pages >= 2
        assert period_row[2] == f"briefing-{period}.pdf、briefing-{period}.docx" and period_row[4] == "成功"
        assert float(period_row[3]) >= 0  # a number of seconds (its size is not tested)
    assert "共 2 期：成功 2，失败 0" in captured.out
    # not a terminal: one progress line per period on stderr, in the order they finish
    lines = captured.err.splitlines()
    assert [line[:5] for line in lines] == ["[1/2]", "[2/2]"]
    assert sorted(line[6:] for line in lines) == ["2023-11 完成", "2023-12 完成"]


def test_parallel_and_serial_builds_write_the_same_bytes(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["build", "2023-11", "2023-12", "-j", "1", "--format", "pdf", "-o", "serial"]) == 0
    assert main(["build", "2023-11", "2023-12", "-j", "2", "--format", "pdf", "-o", "parallel"]) == 0
    for period in ("2023-11", "2023-12"):
        name = f"briefing-{period}.pdf"
        assert (workspace / "serial" / name).read_bytes() == (workspace / "parallel" / name).read_bytes()


def test_build_goes_on_past_failing_periods(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    data = workspace / "periods" / "2023-12" / "report.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("    issue: 12\n", "    issue: 十二\n"), encoding="utf-8")
    out = workspace / "out"
    out.mkdir()
    (out / "briefing-2023-12.pdf").write_bytes(b"last month's good file")
    assert main(["build", "2023-11", "2023-12", "2099-01"]) == 2
    captured = capsys.readouterr()
    rows = summary_rows(captured.out)
    assert rows["2023-11"][-1] == "成功" and rows["2023-12"][-1] == "失败" and rows["2099-01"][-1] == "失败"
    assert "共 3 期：成功 1，失败 2" in captured.out
    assert "报告期 2023-12 失败" in captured.out and "字段 meta.briefing.issue：应为整数" in captured.out
    assert f"{data}:" in captured.out
    assert "报告期 2099-01 不存在" in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert sorted(p.name for p in out.iterdir()) == [
        "briefing-2023-11.docx",
        "briefing-2023-11.pdf",
        "briefing-2023-12.pdf",
    ]
    assert (out / "briefing-2023-12.pdf").read_bytes() == b"last month's good file"


def test_build_needs_periods(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["build"]) == 2
    assert "请给出报告期，或用 --all 生成全部" in capsys.readouterr().err


def test_report_template_in_batch(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["build", "--all", "--template", "report", "--format", "pdf"]) == 0
    assert sorted(p.name for p in (workspace / "out").iterdir()) == ["report-2023-11.pdf", "report-2023-12.pdf"]


def test_pdf_page_count_from_the_layout_matches_pypdf(seed_document, fonts) -> None:
    import io

    import pypdf

    from lintou_report.writers import render

    pdf = render("pdf", seed_document, fonts)
    assert pdf.pages == len(pypdf.PdfReader(io.BytesIO(pdf.data)).pages) > 1


def test_summary_aligns_chinese_columns() -> None:
    outcomes = [
        Outcome("2023-11", 1.25, [Path("briefing-2023-11.pdf")], 5, notes=2),
        Outcome("2023-12", 0.5, error="错误"),
    ]
    text = summary(outcomes, 1.7).splitlines()
    assert text[2].endswith("成功（2 项提醒）") and text[3].endswith("失败")
    assert text[2].index("1.2") == text[3].index("0.5")  # seconds right-aligned in one column
    assert text[4] == "共 2 期：成功 1，失败 1；总用时 1.7 秒"


def test_progress_bar_on_a_terminal() -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = Progress(2, stream)
    progress.advance(Outcome("2023-11", 1.0))
    progress.advance(Outcome("2023-12", 1.0, error="x"))
    frames = stream.getvalue().split("\r")
    assert "[░░░░" in frames[1] and "0/2" in frames[1]
    assert "1/2 2023-11 完成" in frames[2] and frames[-1].rstrip().endswith("2/2 2023-12 失败")
    assert "█" * Progress.WIDTH in frames[-1]


def test_batch_build_gives_the_bytes_of_single_renders(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    """Periods built by forked workers, a few consecutive periods each (the previous period's report kept from
    its own build), are byte for byte what a separate command makes of each period, both formats."""
    december = (workspace / "periods" / "2023-12" / "report.yaml").read_text(encoding="utf-8")
    added = [f"{2024 + k // 12}-{k % 12 + 1:02d}" for k in range(16)]  # 2024-01 … 2025-04
    for period in added:
        year, month = period.split("-")
        text = december.replace("id: 2023-12", f"id: {period}")
        text = text.replace("label: 2023年12月", f"label: {year}年{int(month)}月")
        (workspace / "periods" / period).mkdir()
        (workspace / "periods" / period / "report.yaml").write_text(text, encoding="utf-8")
    assert main(["build", "--all", "-j", "2"]) == 0
    assert f"共 {len(added) + 2} 期：成功 {len(added) + 2}，失败 0" in capsys.readouterr().out
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # 2023-12: an override template and 上期 columns; 2024-01: second of its run of periods; the last one
    for period in ("2023-12", "2024-01", added[-1]):
        single = workspace / "single" / period
        command = [sys.executable, "-m", "lintou_report", "--period", period, "--format", "all", "-o", str(single)]
        subprocess.run(command, cwd=workspace, env=env, check=True, capture_output=True)
        for fmt in ("pdf", "docx"):
            name = f"briefing-{period}.{fmt}"
            assert (single / name).read_bytes() == (workspace / "out" / name).read_bytes(), name
    docx = zipfile.ZipFile(workspace / "out" / "briefing-2024-01.docx").read("word/document.xml").decode()
    assert "上期" in docx and "年终专刊" not in docx  # compared with 2023-12; 2023-12's override stays its own
