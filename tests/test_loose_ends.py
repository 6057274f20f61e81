"""Loose ends a typesetter finds (issue 16, layout item 4): a 增减 cell wrapping inside “+2（+200.0%）”, a
small table pushed to the next page leaving empty lines, a 版记 line ending on one character alone; and
`check` flagging a line spread wide. Measured in the PDF and in LibreOffice's rendering of the DOCX."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pdf_measure import BOTTOM, pages_of, text_lines

from lintou_report import pipeline
from lintou_report.check.measure_pdf import read_pdf
from lintou_report.check.pdf_rules import pdf_rules
from lintou_report.check.rules import RuleResult
from lintou_report.fonts import FontSet
from lintou_report.layout import linebreak
from lintou_report.tree import Document, DocumentInfo, Paragraph, Run
from lintou_report.writers import render
from lintou_report.writers.options import WriterOptions

ROOT = Path(__file__).resolve().parents[1]
SECOND_TOWN = ROOT / "tests" / "data" / "second-town.yaml"
SEED = ROOT / "seeds" / "lintou-2023-11.yaml"


@pytest.fixture(scope="module")
def with_previous(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Prepared:
    """The second town's briefing compared with a previous month whose every figure is a third: changes
    such as “+153（+201.3%）” in the 增减 column."""
    data = yaml.safe_load(SECOND_TOWN.read_text(encoding="utf-8"))
    data["meta"]["period"] = {"id": "2024-04", "label": "2024年4月"}
    themes = yaml.safe_dump(data["themes"], allow_unicode=True)
    for metric in data["metrics"]:
        old, new = str(metric["value"]), str(max(1, int(metric["value"]) // 3))
        metric["value"] = int(new)
        themes = themes.replace(metric["source"], metric["source"].replace(old, new))
        metric["source"] = metric["source"].replace(old, new)
    data["themes"] = yaml.safe_load(themes)
    previous = tmp_path_factory.mktemp("previous") / "2024-04.yaml"
    previous.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pipeline.prepare(SECOND_TOWN, "briefing", previous=previous)


def both(document: Document, fonts: FontSet, libreoffice: Callable[[bytes, str], bytes], name: str) -> dict[str, bytes]:
    docx = render("docx", document, fonts, WriterOptions()).data
    return {"pdf": render("pdf", document, fonts).data, "docx": libreoffice(docx, name)}


def test_changes_stay_on_one_line_and_small_tables_stay_with_their_section(
    with_previous: pipeline.Prepared, libreoffice: Callable[[bytes, str], bytes]
) -> None:
    change = re.compile(r"[+-]\d+（[+-]\d+(\.\d+)?%）")
    for fmt, pdf in both(with_previous.document, with_previous.fonts, libreoffice, "previous").items():
        pages = list(pages_of(pdf))
        lines = [(k, ln.text.replace(" ", "")) for k, page in enumerate(pages, 1) for ln in text_lines(page)]
        changes = [text for _, text in lines if "%）" in text or "（+" in text]
        assert len(changes) == 7 and all(change.search(text) for text in changes), (fmt, changes)
        # 表3 follows its section on page 4 instead of leaving that page's foot empty
        at = next(i for i, (_, text) in enumerate(lines) if text.startswith("表3"))
        (caption, _), (section_end, last) = lines[at], lines[at - 1]
        assert last.endswith("公开”工作法。") and caption == section_end == 4, (fmt, last)
        for page in pages[:-2]:  # no page before the 版记 ends with five or more empty grid lines
            body = [ln for ln in text_lines(page) if ln.top < BOTTOM]
            assert BOTTOM - max(ln.top + ln.size for ln in body) < 5 * 28.95, (fmt, page.page_number)


def test_no_colophon_line_ends_on_one_character_alone(libreoffice: Callable[[bytes, str], bytes]) -> None:
    """The seed's “发：” line used to leave “织。” alone; it now breaks after the last comma that keeps a
    name whole (“…，/各非公企业党组织。”), in the PDF and in LibreOffice alike."""
    prepared = pipeline.prepare(SEED, "briefing")
    for fmt, pdf in both(prepared.document, prepared.fonts, libreoffice, "seed").items():
        last = list(pages_of(pdf))[-1]
        rows = [ln.text.replace(" ", "") for ln in text_lines(last) if ln.size == 14 and ln.top < BOTTOM]
        assert "发：各村（社区）党组织，镇直各单位党组织，" in rows and "各非公企业党组织。" in rows, (fmt, rows)
        assert all(len(row.rstrip("。，")) > 1 for row in rows), (fmt, rows)


def test_check_flags_a_line_spread_wide(fonts: FontSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line spread by a whole em where its punctuation could have taken the next character back: `check`
    names it when the layout does not compress (推入 switched off), and passes the layout that does; a line
    that could only be spread (three characters before a 70-digit number) and the seed pass."""
    info = DocumentInfo("测试", "中共林头镇委员会", "", (), "2023-11-09")
    # 27 characters, then “实。”: the full stop may not start the next line
    squeezable = "检测、复核、归档，每一环节都要留痕，层层压实责任到人头" + "实。" + "字" * 40
    cannot = "一二三" + "1234567890" * 7 + "。" + "字" * 60
    squeezable_doc = Document(info, (Paragraph((Run(squeezable),), indent=False),))
    cannot_doc = Document(info, (Paragraph((Run(cannot),), indent=False),))

    def letter_spacing(name: str, document: Document) -> RuleResult:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(render("pdf", document, fonts).data)
        return next(r for r in pdf_rules(read_pdf(path), "briefing") if r.name.startswith("行内字距"))

    for name, document in (
        ("compressed", squeezable_doc),
        ("cannot", cannot_doc),
        ("seed", pipeline.prepare(SEED).document),
    ):
        rule = letter_spacing(name, document)
        assert rule.status == "pass", (name, rule)
    assert "标点无从挤压" in letter_spacing("cannot", cannot_doc).measured
    with monkeypatch.context() as patched:
        patched.setattr(linebreak, "_push_in", lambda *_: None)  # 推出 only: the line keeps one character less
        spread = squeezable.replace("字", "文")  # another text: the layout remembers the one it set
        rule = letter_spacing("spread", Document(info, (Paragraph((Run(spread),), indent=False),)))
    assert rule.status == "fail" and any("第1页第1行" in d and "检测、复核" in d for d in rule.details), rule


def test_a_table_that_would_leave_five_empty_lines_starts_with_one_row(
    fonts: FontSet, libreoffice: Callable[[bytes, str], bytes]
) -> None:
    """17 full lines leave 5: a table whose caption, header and first two (two-line) rows need 6 used to
    move on, leaving them empty; it now starts there and continues on the next page, in both files.
    (LibreOffice sets a wrapped row shorter than the PDF's whole grid lines, so it may fit a second row.)"""
    from lintou_report.tree import Column, Table

    info = DocumentInfo("测试", "中共桃源乡委员会", "", (), "2024-05-20")
    columns = (Column("指标", "left", 2), Column("数值", "right", 1), Column("单位", "center", 1))
    rows = tuple((f"第{i}项很长很长很长的指标名称需要折成两行来排", str(i * 10), "个") for i in range(1, 5))
    filler = tuple(Paragraph((Run("字" * 28),), indent=False) for _ in range(17))
    document = Document(info, (*filler, Table("表1　测试指标", columns, rows)))
    for fmt, pdf in both(document, fonts, libreoffice, "early").items():
        pages = [[ln.text.replace(" ", "") for ln in text_lines(page)] for page in pages_of(pdf)]
        assert len(pages) == 2, fmt
        assert "表1　测试指标" in pages[0] or "表1测试指标" in pages[0], (fmt, pages[0])
        assert any(text.startswith("第1项") for text in pages[0]), fmt
        assert any(text.startswith("第4项") for text in pages[1]), fmt
        assert not any(text.startswith("第4项") for text in pages[0]), fmt
