"""Titles break between words (GB/T 9704-2012 7.3.1: 词意完整, 排列对称), the same in the PDF and the DOCX;
the data may give the lines itself with ｜; `check` measures the breaks of any PDF's title."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as DocxDocument

from lintou_report.check import check
from lintou_report.cli import main
from lintou_report.layout.breaking import title_lines
from lintou_report.resources import default_data_file
from lintou_report.spec import gbt9704
from lintou_report.spec.words import word_edges

# Long titles (30–45 characters) of several towns and offices, and the breaks a typesetter refused.
TITLES = [
    "林头镇党委以“党建+”推动年终各项工作提质增效",
    "中共林头镇委员会关于2023年第四季度非公企业和社会组织党建工作情况的报告",
    "含山县经济开发区党工委以“党建+”推动镇园融合发展",
    "关于进一步加强非公企业和社会组织党的建设工作的通知",
    "城东街道党工委关于2024年上半年基层党组织建设和党员队伍管理工作情况的报告",
    "县委办公室关于做好2025年元旦春节期间走访慰问困难党员群众工作的通知",
    "白石乡党委以“三会一课”为抓手推动基层党组织标准化规范化建设走深走实",
    "凤凰镇党委关于开展2025年第一季度党员发展和教育管理工作的请示",
    "中共双桥镇委员会关于以“党建+网格”提升乡村治理效能情况的报告",
    "青溪镇党委以主题教育成果推动乡村振兴和营商环境持续优化",
]
# A line may not end right before the second part: the breaks the issue found, and their kind.
SPLIT_WORDS = ["推动", "发展", "提质增效", "社会组织", "经济开发区", "第四季度", "林头镇", "党组织", "营商环境"]


def _shape_ok(lengths: list[int]) -> bool:
    pairs = list(zip(lengths, lengths[1:], strict=False))
    diamond = len(lengths) == 3 and lengths[1] >= max(lengths[0], lengths[2])
    return all(a >= b for a, b in pairs) or all(a <= b for a, b in pairs) or diamond


@pytest.mark.parametrize("title", TITLES)
def test_long_titles_break_between_words_in_a_balanced_shape(title: str) -> None:
    rows = title_lines(title)
    assert "".join(rows) == title
    assert len(rows) > 1 and all(len(r) <= gbt9704.TITLE_MAX_LINE_CHARS for r in rows)
    assert len(rows) == -(-len(title) // gbt9704.TITLE_MAX_LINE_CHARS) or len(rows) == 3  # no needless line
    assert _shape_ok([len(r) for r in rows]), rows
    edges, end = word_edges(title), 0
    for row in rows[:-1]:
        end += len(row)
        assert end in edges, f"breaks inside a word: {rows}"
        for word in SPLIT_WORDS:
            for m in re.finditer(re.escape(word), title):
                assert not m.start() < end < m.end(), f"{word} split in {rows}"
        assert row.count("“") == row.count("”"), rows


def test_report_title_keeps_the_quarter_whole() -> None:
    rows = title_lines("中共林头镇委员会关于2023年第四季度非公企业和社会组织党建工作情况的报告")
    assert rows == ["中共林头镇委员会关于2023年第四季度", "非公企业和社会组织党建工作情况的报告"]


def test_a_very_long_title_breaks_quickly_and_fully() -> None:
    title = "关于" + "加强基层党组织建设工作" * 50
    rows = title_lines(title)
    assert "".join(rows) == title and all(len(r) <= gbt9704.TITLE_MAX_LINE_CHARS for r in rows)


def _pdf_title_rows(pdf: bytes) -> list[str]:
    """Page 1's lines set in the title size (2号, 22 pt), read back from the PDF."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        lines = doc.pages[0].extract_text_lines(return_chars=True)
    return [line["text"] for line in lines if abs(line["chars"][0]["size"] - gbt9704.TITLE_SIZE.pt) < 0.5]


def _docx_title_rows(docx: bytes) -> list[str]:
    """The Title paragraph's text, split at its line breaks."""
    document = DocxDocument(io.BytesIO(docx))
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    rows, current = [], ""
    for run in title._p.iter():  # w:t and w:br in order
        tag = run.tag.rsplit("}", 1)[-1]
        if tag == "t":
            current += run.text or ""
        elif tag == "br":
            rows.append(current)
            current = ""
    return [*rows, current]


def _build(tmp_path: Path, title: str, template: str = "briefing") -> tuple[bytes, bytes]:
    seed = default_data_file().read_text(encoding="utf-8")
    old = re.search(r"^  title: .*$", seed, re.M).group(0)
    data = tmp_path / "data.yaml"
    data.write_text(seed.replace(old, f"  title: {title}"), encoding="utf-8")
    assert main(["--data", str(data), "--template", template, "--format", "all", "-o", str(tmp_path / "out")]) == 0
    out = tmp_path / "out"
    return (out / f"{template}-2023-11.pdf").read_bytes(), (out / f"{template}-2023-11.docx").read_bytes()


def test_pdf_and_docx_break_a_title_alike_between_words(tmp_path: Path) -> None:
    title = "林头镇党委以“党建+”推动年终各项工作提质增效"
    pdf, docx = _build(tmp_path, title)
    assert _pdf_title_rows(pdf) == _docx_title_rows(docx) == title_lines(title)
    assert _pdf_title_rows(pdf) == ["林头镇党委以“党建+”", "推动年终各项工作提质增效"]
    result = check(tmp_path / "out" / "briefing-2023-11.pdf")
    rule = next(r for r in result.results if r.name == "标题回行词意完整")
    assert rule.status == "pass", rule


def test_data_gives_the_lines_with_a_full_width_bar(tmp_path: Path) -> None:
    pdf, docx = _build(tmp_path, "林头镇党委以“党建+”推动年终｜各项工作提质增效")
    assert _pdf_title_rows(pdf) == _docx_title_rows(docx) == ["林头镇党委以“党建+”推动年终", "各项工作提质增效"]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert doc.metadata["Title"] == "林头镇党委以“党建+”推动年终各项工作提质增效"  # the bar is not text


def test_check_reports_a_title_broken_inside_a_word(tmp_path: Path) -> None:
    _build(tmp_path, "林头镇党委推动年终各项工作提质｜增效")
    result = check(tmp_path / "out" / "briefing-2023-11.pdf")
    rule = next(r for r in result.results if r.name == "标题回行词意完整")
    assert rule.status == "fail" and "提质｜增效" in rule.measured, rule
