"""The 版记 on an even page (GB/T 9704-2012 6.2, 7.4.1, 7.5), template settings (duplex, metric_tables),
the 报告 with any number of themes, and the 草稿 mark — measured in the PDF and in LibreOffice's rendering
of the DOCX, which must paginate alike."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pdf_measure import BOTTOM, DASH, LEFT, MM, RIGHT, TOP, pages_of, text_lines

from lintou_report import pipeline
from lintou_report.check.measure_pdf import read_pdf
from lintou_report.check.pdf_rules import pdf_rules
from lintou_report.fonts import FontSet
from lintou_report.layout.lastpage import Placement, placement
from lintou_report.tree import Colophon, ColophonLine, Document, DocumentInfo, Paragraph, Run, Table
from lintou_report.writers import render
from lintou_report.writers.options import WriterOptions

ROOT = Path(__file__).resolve().parents[1]
SECOND_TOWN = ROOT / "tests" / "data" / "second-town.yaml"
SEED = ROOT / "seeds" / "lintou-2023-11.yaml"
INFO = DocumentInfo("测试", "中共桃源乡委员会", "测试文档", ("测试",), "2024-05-20")
COLOPHON = Colophon(
    ((ColophonLine("抄送：", "县委组织部。"),), (ColophonLine("", "中共桃源乡委员会党政办公室", "2024年5月20日印发"),))
)
RULE_ON_BOTTOM = 1.0  # points: LibreOffice's last 版记 rule within a third of a millimetre of the type-area bottom


@pytest.fixture(scope="module")
def full_town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second town's data with one more paragraph at its end: its briefing's text then fills page 4 (even)
    leaving no room for the 版记. (Punctuation compression saves the second town's own briefing the lines
    that would otherwise push the 版记 off page 4.)"""
    data = yaml.safe_load(SECOND_TOWN.read_text(encoding="utf-8"))
    data["themes"][-1]["items"][-1]["paragraphs"].append("健全党组织领导的自治、法治、德治相结合的乡村治理体系。")
    path = tmp_path_factory.mktemp("full-town") / "second-town.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def filled(lines: int, colophon: Colophon = COLOPHON) -> Document:
    """``lines`` full body lines, then a two-row 版记."""
    paragraphs = tuple(Paragraph((Run("字" * 28),), indent=False) for _ in range(lines))
    return Document(INFO, (*paragraphs, colophon))


def both(document: Document, fonts: FontSet, convert: Callable[[bytes, str], bytes], name: str) -> dict[str, bytes]:
    """The PDF and LibreOffice's rendering of the DOCX."""
    docx = render("docx", document, fonts, WriterOptions()).data
    return {"pdf": render("pdf", document, fonts).data, "docx": convert(docx, name)}


def numbers(pdf: bytes) -> list[str | None]:
    """Each page's page number as printed (None for a page without one), as `check` reads it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "measured.pdf"
        path.write_bytes(pdf)
        pages = read_pdf(path).pages
    return [page.page_number.text.replace(" ", "") if page.page_number else None for page in pages]


def colophon_rules(pdf: bytes) -> list[float]:
    """The tops (pt from the page top) of the type-wide black rules on the last page."""
    last = list(pages_of(pdf))[-1]
    return sorted(r["top"] for r in last.lines if r["x1"] - r["x0"] > 150 * MM and r["stroking_color"] != (1, 0, 0))


# --- the decision -----------------------------------------------------------------------------------------


def test_placement_per_clause() -> None:
    """Text ending on an odd page: the 版记 on the next (even, numbered) page; on an even page with room:
    there; on an even page without room: a blank page, then the 版记 page, both unnumbered (7.5)."""
    assert placement(5, fits=True, duplex=True) == Placement(5, new_page=True, blank=False)
    assert placement(1, fits=False, duplex=True).page == 2
    assert placement(4, fits=True, duplex=True) == Placement(4, new_page=False, blank=False)
    assert placement(4, fits=False, duplex=True) == Placement(4, new_page=True, blank=True)
    assert placement(4, fits=False, duplex=True).page == 6
    assert placement(5, fits=True, duplex=False) == Placement(5, new_page=False, blank=False)
    assert placement(4, fits=False, duplex=False) == Placement(4, new_page=True, blank=False)


# --- PDF and LibreOffice, page for page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (10, ["—1—", "—2—"]),  # the text ends on page 1 (odd): the 版记 alone at the foot of page 2
        (42, ["—1—", "—2—"]),  # 20 lines on page 2 (even) leave room for two rows: the 版记 stays
        (43, ["—1—", "—2—", None, None]),  # 21 lines on page 2: a blank page 3, the 版记 on page 4, unnumbered
    ],
)
def test_colophon_on_an_even_page_in_pdf_and_docx(
    lines: int, expected: list[str | None], fonts: FontSet, libreoffice: Callable[[bytes, str], bytes]
) -> None:
    for fmt, pdf in both(filled(lines), fonts, libreoffice, f"fill{lines}").items():
        assert numbers(pdf) == expected, fmt
        rules = colophon_rules(pdf)
        assert len(rules) == 3 and rules[-1] == pytest.approx(BOTTOM, abs=RULE_ON_BOTTOM), fmt
        pages = list(pages_of(pdf))
        body = [ln for ln in text_lines(pages[-1]) if ln.size == 16 and ln.top < BOTTOM]
        assert all(ln.top + 16 < rules[0] for ln in body), fmt
        if expected[-1] is None:  # the blank page holds nothing at all
            assert not pages[-2].chars and not pages[-2].lines, fmt
        if lines == 10:  # the 版记 page holds only the 版记
            assert not body, fmt


def test_one_sided_printing_keeps_the_colophon_on_the_last_page(
    fonts: FontSet, libreoffice: Callable[[bytes, str], bytes]
) -> None:
    one_sided = filled(10, dataclasses.replace(COLOPHON, duplex=False))
    for fmt, pdf in both(one_sided, fonts, libreoffice, "one-sided").items():
        assert numbers(pdf) == ["—1—"], fmt
        assert colophon_rules(pdf)[-1] == pytest.approx(BOTTOM, abs=RULE_ON_BOTTOM), fmt


def test_second_town_briefing_gets_a_blank_page_and_check_passes(
    tmp_path: Path, libreoffice: Callable[[bytes, str], bytes], full_town: Path
) -> None:
    """A second town's briefing ends on page 4 (even) with no room: page 5 blank, the 版记 on page 6,
    neither numbered; `check` finds the 版记 on an even page and no page number missing, in both files."""
    prepared = pipeline.prepare(full_town, "briefing")
    files = both(prepared.document, prepared.fonts, libreoffice, "second-town")
    for fmt, pdf in files.items():
        assert numbers(pdf) == ["—1—", "—2—", "—3—", "—4—", None, None], fmt
        path = tmp_path / f"{fmt}.pdf"
        path.write_bytes(pdf)
        results = {r.name: r for r in pdf_rules(read_pdf(path), "briefing")}
        assert results["版记在偶数页（双面印刷）"].status == "pass", fmt
        assert results["页码格式（一字线 U+2014）"].status == "pass", fmt


def test_seed_colophon_moves_to_page_6_and_check_flags_an_odd_page(tmp_path: Path) -> None:
    prepared = pipeline.prepare(SEED, "briefing")
    pdf = render("pdf", prepared.document, prepared.fonts).data
    assert numbers(pdf) == [f"{DASH}{n}{DASH}" for n in range(1, 7)]
    blocks = tuple(
        dataclasses.replace(b, duplex=False) if isinstance(b, Colophon) else b for b in prepared.document.blocks
    )
    one_sided = render("pdf", dataclasses.replace(prepared.document, blocks=blocks), prepared.fonts).data
    assert len(numbers(one_sided)) == 5
    path = tmp_path / "odd.pdf"
    path.write_bytes(one_sided)
    parity = next(r for r in pdf_rules(read_pdf(path), "briefing") if r.name == "版记在偶数页（双面印刷）")
    assert parity.status == "fail" and "第5页" in parity.measured


# --- settings in template.yaml ---------------------------------------------------------------------------------


def copy_template(tmp_path: Path, name: str, **settings: object) -> Path:
    folder = tmp_path / name
    shutil.copytree(ROOT / "templates" / name, folder)
    manifest = folder / "template.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    data.update(settings)
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def test_template_says_duplex_false(tmp_path: Path) -> None:
    folder = copy_template(tmp_path, "briefing", duplex=False)
    prepared = pipeline.prepare(SEED, str(folder))
    assert len(numbers(render("pdf", prepared.document, prepared.fonts).data)) == 5


def test_a_period_says_its_own_settings(tmp_path: Path) -> None:
    """A template.yaml in a period's override folder overrides the set's, for that period only."""
    overrides = tmp_path / "period"
    overrides.mkdir()
    (overrides / "template.yaml").write_text("duplex: false\nmetric_tables: none\n", encoding="utf-8")
    prepared = pipeline.prepare(SEED, "briefing", overrides=overrides)
    assert not any(isinstance(b, Table) for b in prepared.document.blocks)
    assert len(numbers(render("pdf", prepared.document, prepared.fonts).data)) <= 5


def test_metric_tables_summary_and_none(tmp_path: Path) -> None:
    per_theme = pipeline.prepare(SECOND_TOWN, "briefing").document
    tables = [b for b in per_theme.blocks if isinstance(b, Table)]
    assert len(tables) == 3
    summary = pipeline.prepare(SECOND_TOWN, str(copy_template(tmp_path, "briefing", metric_tables="summary")))
    merged = [b for b in summary.document.blocks if isinstance(b, Table)]
    assert len(merged) == 1 and merged[0].caption == "表1　主要指标"
    assert merged[0].rows == tuple(row for t in tables for row in t.rows)
    # at the end of the text: nothing but the 版记 after it
    assert isinstance(summary.document.blocks[-1], Colophon) and summary.document.blocks[-2] is merged[0]
    pdf = render("pdf", summary.document, summary.fonts).data
    captions = [ln.text for page in pages_of(pdf) for ln in text_lines(page) if "主要指标" in ln.text]
    assert captions == ["表1　主要指标"] or captions == ["表1 主要指标"]
    none = pipeline.prepare(SECOND_TOWN, str(copy_template(tmp_path / "n", "briefing", metric_tables="none")))
    assert not any(isinstance(b, Table) for b in none.document.blocks)


def test_a_bad_setting_is_refused_in_chinese(tmp_path: Path) -> None:
    folder = copy_template(tmp_path, "briefing", metric_tables="every")
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "lintou_report",
            "--data",
            str(SEED),
            "--template",
            str(folder),
            "-o",
            str(tmp_path / "x.pdf"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert ran.returncode == 2 and "Traceback" not in ran.stderr
    assert "metric_tables 只能是 per_theme、summary、none" in ran.stderr and "template.yaml" in ran.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_report_takes_four_themes(tmp_path: Path) -> None:
    data = yaml.safe_load(SECOND_TOWN.read_text(encoding="utf-8"))
    extra = dict(data["themes"][0], key="zuofeng", label="作风建设", slogan="让干部更担当")
    data["themes"].append(extra)
    path = tmp_path / "four.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    prepared = pipeline.prepare(path, "report")
    pdf = render("pdf", prepared.document, prepared.fonts).data
    text = "".join(ln.text for page in pages_of(pdf) for ln in text_lines(page))
    assert "四、作风建设，让干部更担当" in text


# --- 草稿 ----------------------------------------------------------------------------------------------------


def test_draft_mark_on_every_page_in_pdf_and_docx(
    fonts: FontSet, libreoffice: Callable[[bytes, str], bytes], full_town: Path
) -> None:
    """Grey 草稿 at the top right of each page, above the type area, flush with its right edge (±1 mm)."""
    prepared = pipeline.prepare(full_town, "briefing")
    draft = dataclasses.replace(prepared.document, info=dataclasses.replace(prepared.document.info, draft=True))
    for fmt, pdf in both(draft, fonts, libreoffice, "draft").items():
        pages = list(pages_of(pdf))
        assert len(pages) == 6, fmt
        for page in pages:
            mark = [ln for ln in text_lines(page) if ln.text == "草稿"]
            assert len(mark) == 1, (fmt, page.page_number)
            assert mark[0].x1 == pytest.approx(RIGHT, abs=MM), fmt
            assert mark[0].top == pytest.approx(15 * MM, abs=MM) and mark[0].x0 > LEFT and mark[0].top < TOP
            chars = [c for c in page.chars if c["text"] in "草稿" and c["top"] < TOP]
            assert all(c["non_stroking_color"] not in ((0,), (0, 0, 0), None) for c in chars), fmt
    final = render("pdf", prepared.document, prepared.fonts).data
    assert not any(ln.text == "草稿" for page in pages_of(final) for ln in text_lines(page))


def test_draft_attribute_in_markup() -> None:
    from lintou_report.source.markup import parse

    doc = parse(
        '<document draft="yes"><p>正文</p><colophon duplex="no"><group><line>x</line></group></colophon></document>'
    )
    assert doc.info.draft and isinstance(doc.blocks[-1], Colophon) and doc.blocks[-1].duplex is False
    plain = parse("<document><colophon><group><line>x</line></group></colophon></document>")
    assert not plain.info.draft and isinstance(plain.blocks[-1], Colophon) and plain.blocks[-1].duplex is None


def test_a_period_folder_template_yaml_from_the_command_line(tmp_path: Path) -> None:
    """periods/<id>/templates/briefing/template.yaml sets that period's printing or metric tables; the
    other period keeps the set's defaults."""
    workspace = tmp_path / "ws"
    shutil.copytree(ROOT / "examples" / "workspace", workspace)
    for period, setting in (("2023-11", "duplex: false\n"), ("2023-12", "metric_tables: none\n")):
        own = workspace / "periods" / period / "templates" / "briefing"
        own.mkdir(parents=True, exist_ok=True)
        (own / "template.yaml").write_text(setting, encoding="utf-8")

    def build(period: str) -> bytes:
        out = tmp_path / f"{period}.pdf"
        ran = subprocess.run(
            [sys.executable, "-m", "lintou_report", "--period", period, "--workspace", str(workspace), "-o", str(out)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert ran.returncode == 0, ran.stderr
        return out.read_bytes()

    one_sided, without_tables = build("2023-11"), build("2023-12")
    assert numbers(one_sided) == [f"{DASH}{n}{DASH}" for n in range(1, 6)]  # the 版记 stays on page 5
    assert any("主要指标" in ln.text for page in pages_of(one_sided) for ln in text_lines(page))
    assert not any("主要指标" in ln.text for page in pages_of(without_tables) for ln in text_lines(page))
    assert len(numbers(without_tables)) % 2 == 0


def test_check_passes_the_docx_with_a_blank_page_before_the_colophon(tmp_path: Path, full_town: Path) -> None:
    """`check` on the DOCX itself: the text's section has the page fields, the last section (blank page and
    版记 page) none, which 7.5 allows; the 版记 on page 6 of LibreOffice's rendering."""
    from lintou_report.check import check

    prepared = pipeline.prepare(full_town, "briefing")
    path = tmp_path / "second-town.docx"
    path.write_bytes(render("docx", prepared.document, prepared.fonts, WriterOptions()).data)
    report = check(path)
    assert report.passed, [r for r in report.results if r.status == "fail"]
    names = [(r.name, r.measured) for r in report.results]
    assert ("版记在偶数页（双面印刷）", "版记在第6页") in names
    assert any(name == "页码域（单双页页脚）" and "第2节" in measured for name, measured in names)


def test_check_measures_a_draft_without_its_marks(fonts: FontSet, tmp_path: Path, full_town: Path) -> None:
    """`check` sets the 草稿 marks aside (they lie above the type area), names them, and measures the rest."""
    prepared = pipeline.prepare(full_town, "briefing")
    draft = dataclasses.replace(prepared.document, info=dataclasses.replace(prepared.document.info, draft=True))
    path = tmp_path / "draft.pdf"
    path.write_bytes(render("pdf", draft, fonts).data)
    results = pdf_rules(read_pdf(path), "briefing")
    assert not [r for r in results if r.status == "fail"]
    mark = next(r for r in results if r.name == "草稿标记")
    assert "6 页" in mark.measured


@pytest.mark.parametrize("data", ["second-town.yaml", "punctuation.yaml", "long-report.yaml"])
@pytest.mark.parametrize("template", ["briefing", "report"])
def test_every_test_document_ends_on_an_even_page(data: str, template: str, tmp_path: Path) -> None:
    """Other content than the seed, both templates: the 版记 on the last page, an even one; a page without a
    number only as the blank page and the 版记 page after it; `check` agrees (parity, letter spacing)."""
    prepared = pipeline.prepare(ROOT / "tests" / "data" / data, template)
    pdf = render("pdf", prepared.document, prepared.fonts).data
    got = numbers(pdf)
    assert len(got) % 2 == 0
    missing = [k for k, n in enumerate(got, 1) if n is None]
    assert missing in ([], [len(got) - 1, len(got)])
    assert colophon_rules(pdf)[-1] == pytest.approx(BOTTOM, abs=0.6)
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    results = {r.name: r.status for r in pdf_rules(read_pdf(path), template)}
    assert results["版记在偶数页（双面印刷）"] == "pass"
    assert results["行内字距（整行加宽不超过 0.5 字，可挤压标点时）"] == "pass"
