"""The PDF writer measured from outside: the produced file is read with pdfplumber / pypdf, rendered with
pdftoppm, and held against GB/T 9704-2012 as a typesetter with a ruler would.

Expected values are the standard's own numbers (mm and pt), written here independently of profile.py.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pdf_measure import (
    BODY,
    BOTTOM,
    DASH,
    LEFT,
    MM,
    NO_LINE_END,
    NO_LINE_START,
    PAGE,
    PITCH,
    RIGHT,
    TOP,
    body_lines,
    dark,
    full_pages,
    ink_box,
    ink_rows,
    page_number_line,
    pages_of,
    pdftotext,
    rendered,
    squeeze,
    text_lines,
)
from pypdf import PdfReader

from lintou_report.errors import UserError
from lintou_report.fonts import Face, FontSet, covers
from lintou_report.spec.punctuation import RIGHT_BLANK
from lintou_report.tree import (
    BriefingMasthead,
    Colophon,
    ColophonLine,
    Column,
    Document,
    DocumentInfo,
    Heading,
    OfficialMasthead,
    PageBreak,
    Paragraph,
    Run,
    Signature,
    Table,
    Title,
)
from lintou_report.writers import writer

ROOT = Path(__file__).resolve().parents[1]


# --- documents --------------------------------------------------------------------------------------------

INFO = DocumentInfo("测试", "中共林头镇委员会", "测试文档", ("测试",), "2023-11-09")


def render(document: Document) -> bytes:
    return writer("pdf").render(document, FontSet.bundled()).data


@pytest.fixture(scope="module")
def running_pdf(seed_document: Document) -> bytes:
    """The seed's text twice over as plain paragraphs: several pages of running text."""
    texts = [b.text for b in seed_document.blocks if isinstance(b, Paragraph)]
    texts += ["".join(r.text for r in b.body) for b in seed_document.blocks if isinstance(b, Heading) and b.body]
    blocks = (Title("林头镇党委以“党建+”赋能镇园融合发展"), *(Paragraph((Run(t),)) for t in texts * 2))
    return render(Document(INFO, blocks))


@pytest.fixture(scope="module")
def official_pdf() -> bytes:
    """A 公文 with the red 版头 and ★, a signature and a 版记."""
    blocks = (
        OfficialMasthead("中共林头镇委员会文件", "林党〔2023〕12号", star=True),
        Title("关于印发《林头镇2023年党建工作要点》的通知"),
        Paragraph((Run("各村（社区）党组织，镇直各单位党组织："),), indent=False),
        Paragraph((Run("现将《林头镇2023年党建工作要点》印发给你们，请结合实际认真贯彻落实。"),)),
        Signature("中共林头镇委员会", "2023年11月9日"),
        Colophon(
            (
                (ColophonLine("抄送：", "县委组织部，县委办公室。"),),
                (ColophonLine("", "中共林头镇委员会办公室", "2023年11月9日印发"),),
            )
        ),
    )
    return render(Document(INFO, blocks))


# --- page and type area -------------------------------------------------------------------------------------


def test_every_page_is_a4(seed_pdf: bytes) -> None:
    for page in pages_of(seed_pdf):
        assert (page.width, page.height) == pytest.approx(PAGE, abs=0.1)


def test_body_glyphs_fill_the_type_area(running_pdf: bytes, tmp_path: Path) -> None:
    """On a full page of running text the ink starts 28 mm from the left and 37 mm from the top, and the
    justified lines end at 28 + 156 mm (±0.5 mm, measured on the rendered page)."""
    left, top, right, _ = ink_box(running_pdf, 2, tmp_path)
    assert left == pytest.approx(28, abs=0.5)
    assert top == pytest.approx(37, abs=0.5)
    assert right == pytest.approx(28 + 156, abs=0.5)


def test_full_pages_hold_22_lines_of_16pt_on_the_grid(running_pdf: bytes) -> None:
    for page, lines in full_pages(running_pdf):
        assert len(lines) == 22, page.page_number
        assert {round(c["size"], 2) for ln in lines for c in ln.chars} == {BODY}
        tops = [ln.top for ln in lines]
        assert tops[0] == pytest.approx(TOP, abs=0.05)
        for a, b in zip(tops, tops[1:], strict=False):
            assert b - a == pytest.approx(PITCH, abs=0.02)


def test_body_returns_to_the_grid_after_headings_titles_and_tables(seed_pdf: bytes) -> None:
    for page in pages_of(seed_pdf):
        for line in body_lines(page):
            steps = (line.top - TOP) / PITCH
            assert steps == pytest.approx(round(steps), abs=0.002), (page.page_number, line.text)


def test_full_lines_hold_28_characters_and_end_flush_right(running_pdf: bytes) -> None:
    checked = 0
    for page in pages_of(running_pdf):
        lines = body_lines(page)
        for line, after in zip(lines, lines[1:], strict=False):
            if after.x0 > LEFT + 1:  # the next line starts a paragraph: this one may end short
                continue
            last = line.chars[-1]
            if line.x1 > RIGHT + 0.1:  # a line-end mark compressed (标点挤压): its blank half lies past the edge
                assert last["text"] in RIGHT_BLANK and last["x0"] + (last["x1"] - last["x0"]) / 2 <= RIGHT + 0.1
            else:
                assert line.x1 == pytest.approx(RIGHT, abs=0.1), line.text
            if all(c["x1"] - c["x0"] == pytest.approx(BODY, abs=0.01) for c in line.chars):
                joined = line.text + after.text
                full = 28 - round((line.x0 - LEFT) / (156 * MM / 28))  # less the paragraph indent
                if len(line.chars) != full:  # only 禁则, or a number or Latin word kept whole, may push it over
                    moved = re.match(r"[0-9A-Za-z]", after.text) is not None  # with its 中西间距 it did not fit
                    assert joined[full] in NO_LINE_START or joined[full - 1] in NO_LINE_END or moved, line.text
                else:
                    pitch = (line.chars[-1]["x0"] - line.chars[0]["x0"]) / (len(line.chars) - 1)
                    assert pitch == pytest.approx(156 * MM / 28, abs=0.05)
                checked += 1
    assert checked > 40


def test_paragraphs_indent_two_characters(running_pdf: bytes) -> None:
    starts = [ln.x0 for page in pages_of(running_pdf) for ln in body_lines(page)]
    assert {round(x - LEFT, 1) for x in starts} == {0.0, round(2 * 156 * MM / 28, 1)}


# --- line breaking -----------------------------------------------------------------------------------------


def test_no_line_breaks_a_rule_of_gbt_15834(seed_pdf: bytes, running_pdf: bytes, official_pdf: bytes) -> None:
    for pdf in (seed_pdf, running_pdf, official_pdf):
        for page in pages_of(pdf):
            lines = [ln for ln in text_lines(page) if ln.top < BOTTOM]
            for line in lines:
                assert line.text[0] not in NO_LINE_START, line.text
                assert line.text[-1] not in NO_LINE_END, line.text
            for line, after in zip(lines, lines[1:], strict=False):
                if after.x0 == pytest.approx(LEFT, abs=0.1) and line.x1 == pytest.approx(RIGHT, abs=0.1):
                    split = line.text[-1] + after.text[0]
                    assert not re.fullmatch(r"[0-9A-Za-z.%]{2}", split), f"{line.text} / {after.text}"


def test_a_number_stays_whole_and_may_leave_its_unit() -> None:
    """“1302” never splits; the unit after it may start the next line, as Word and LibreOffice break it (the DOCX
    cannot ask either to keep them together, layout/breaking.py)."""
    text = "字" * 25 + "1302人次，此后的文字。"
    pdf = render(Document(INFO, (Paragraph((Run(text),), indent=False), Paragraph((Run("字" * 28 + "1302"),)))))
    lines = [ln.text for ln in body_lines(next(pages_of(pdf)))]
    assert lines[:2] == ["字" * 25 + "1302", "人次，此后的文字。"]
    assert "".join(lines[2:]) == "字" * 28 + "1302" and "1302" in lines[-1]


def test_full_width_punctuation_keeps_its_full_width(seed_pdf: bytes) -> None:
    marks = [
        c
        for page in pages_of(seed_pdf)
        for c in page.chars
        if c["text"] in "，。、；：“”（）《》" and c["size"] == BODY
    ]
    assert marks
    assert {round(c["x1"] - c["x0"], 2) for c in marks} == {float(BODY)}


# --- 版头, title, headings -------------------------------------------------------------------------------------


def test_briefing_masthead(seed_pdf: bytes, seed_document: Document) -> None:
    masthead = seed_document.blocks[0]
    page = next(pages_of(seed_pdf))
    lines = text_lines(page)
    name = next(ln for ln in lines if ln.text == masthead.name)
    assert all(c["non_stroking_color"] == (1, 0, 0) for c in name.chars)
    assert name.fonts() == {"NotoSerifCJKsc-Bold"}
    assert name.x1 - name.x0 <= 0.96 * 156 * MM
    assert (name.x0 + name.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5)
    issue = next(ln for ln in lines if ln.text == masthead.issue)
    assert issue.top > name.top and (issue.x0 + issue.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5)
    office_date = next(ln for ln in lines if ln.text.startswith(masthead.office))
    assert office_date.text == masthead.office + masthead.date
    assert office_date.x0 == pytest.approx(LEFT, abs=0.1) and office_date.x1 == pytest.approx(RIGHT, abs=0.1)
    red_rules = [r for r in page.lines if r["stroking_color"] == (1, 0, 0)]
    assert len(red_rules) == 1 and red_rules[0]["top"] > office_date.top + BODY
    assert red_rules[0]["x0"] == pytest.approx(LEFT, abs=0.1) and red_rules[0]["x1"] == pytest.approx(RIGHT, abs=0.1)


def test_title_two_lines_below_the_red_rule_centred_in_22pt(seed_pdf: bytes, seed_document: Document) -> None:
    page = next(pages_of(seed_pdf))
    title = next(ln for ln in text_lines(page) if ln.size == 22)
    assert title.text == seed_document.info.title
    assert title.fonts() == {"NotoSerifCJKsc-Bold"}
    assert (title.x0 + title.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5)
    rule = next(r for r in page.lines if r["stroking_color"] == (1, 0, 0))
    # two grid lines between the rule and the title stay empty (one blank line would give ≈ 1, three ≈ 3)
    gap_lines = (title.top - rule["top"]) / PITCH
    assert 1.5 < gap_lines < 2.5
    first_body = next(ln for ln in body_lines(page) if ln.top > title.top)
    assert round((first_body.top - title.top) / PITCH) == 2  # one blank line below the title


def test_long_title_breaks_trapezoid_without_splitting_a_book_title(official_pdf: bytes) -> None:
    page = next(pages_of(official_pdf))
    rows = [ln.text for ln in text_lines(page) if ln.size == 22]
    assert "".join(rows) == "关于印发《林头镇2023年党建工作要点》的通知"
    assert all(len(r) <= 20 for r in rows)
    assert len(rows) == 2 and len(rows[0]) >= len(rows[1])  # 梯形: the longer line on top
    assert all(r.count("《") == r.count("》") for r in rows)  # the 《》 name is not split


def test_headings_use_their_faces_and_level_1_never_ends_a_page(seed_pdf: bytes, seed_document: Document) -> None:
    headings = [b for b in seed_document.blocks if isinstance(b, Heading)]
    all_lines = [ln for page in pages_of(seed_pdf) for ln in body_lines(page)]
    for h in headings:
        line = next(ln for ln in all_lines if ln.text.startswith(h.text))
        face = {1: "NotoSansCJKsc-Medium", 2: "FandolKai-Regular"}[h.level]
        assert {c["fontname"].split("+")[-1] for c in line.chars[: len(h.text)]} == {face}, h.text
        if h.run_in:  # the paragraph text follows on the same line in 仿宋
            assert "FandolFang-Regular" in {c["fontname"].split("+")[-1] for c in line.chars[len(h.text) :]}
    for page in pages_of(seed_pdf):
        last = [ln for ln in text_lines(page) if ln.top < BOTTOM][-1]
        assert not (last.size == BODY and last.fonts() == {"NotoSansCJKsc-Medium"}), page.page_number


def test_a_level_1_heading_on_the_last_line_moves_to_the_next_page() -> None:
    heading = Heading(1, "一、总体要求")
    for filler, heading_page in ((20, 0), (21, 1)):  # after 21 lines the heading would be line 22
        paragraphs = tuple(Paragraph((Run("字" * 28),), indent=False) for _ in range(filler))
        pdf = render(Document(INFO, (*paragraphs, heading, Paragraph((Run("正文。"),)))))
        pages = list(pages_of(pdf))
        texts = [ln.text for ln in body_lines(pages[heading_page])]
        assert texts[-2:] == [heading.text, "正文。"], filler
        assert len(pages) == heading_page + 1


def test_official_masthead_mark_number_and_starred_rule(official_pdf: bytes, tmp_path: Path) -> None:
    page = next(pages_of(official_pdf))
    lines = text_lines(page)
    mark = next(ln for ln in lines if ln.text == "中共林头镇委员会文件")
    assert all(c["non_stroking_color"] == (1, 0, 0) for c in mark.chars)
    _, ink_top, _, _ = ink_box(official_pdf, 1, tmp_path)  # the mark is the page's topmost ink
    assert ink_top == pytest.approx(37 + 35, abs=0.2)
    assert mark.x1 - mark.x0 <= 0.96 * 156 * MM
    number = next(ln for ln in lines if ln.text == "林党〔2023〕12号")
    assert (number.x0 + number.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5)
    blank_lines = (number.top - (mark.top + mark.size)) / PITCH
    assert 2 <= blank_lines < 3
    red = [r for r in page.lines if r["stroking_color"] == (1, 0, 0)]
    assert len(red) == 2  # the rule, broken by the star
    number_bottom = number.top + BODY
    for r in red:
        assert r["top"] == pytest.approx(number_bottom + 4 * MM, abs=0.6)
    stars = [c for c in page.curves if c["non_stroking_color"] == (1, 0, 0) and c["fill"]]
    assert len(stars) == 1
    assert (stars[0]["x0"] + stars[0]["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5)
    assert red[0]["x1"] < stars[0]["x0"] and red[1]["x0"] > stars[0]["x1"]


def test_signature_right_indented_and_date_two_characters_right(official_pdf: bytes) -> None:
    lines = text_lines(next(pages_of(official_pdf)))
    signer = next(ln for ln in lines if ln.text == "中共林头镇委员会")
    date = next(ln for ln in lines if ln.text == "2023年11月9日")
    char = 156 * MM / 28
    assert date.top - signer.top == pytest.approx(PITCH, abs=0.05)
    assert date.x0 - signer.x0 == pytest.approx(2 * char, abs=0.2)
    if date.x1 <= signer.x1:
        assert signer.x1 == pytest.approx(RIGHT - 2 * char, abs=0.2)
    else:  # the date runs further right: it is right-indented two characters, the 署名 moved left
        assert date.x1 == pytest.approx(RIGHT - 2 * char, abs=0.2)


def test_signature_never_stands_on_a_page_without_text() -> None:
    signature = Signature("中共林头镇委员会", "2023年11月9日")
    for filler in range(17, 23):
        paragraphs = tuple(Paragraph((Run("字" * 56),), indent=False) for _ in range(filler // 2))
        extra = (Paragraph((Run("文" * 28),), indent=False),) * (filler % 2)
        for last in (extra, (Heading(3, "1.加强组织建设。"),)):
            pdf = render(Document(INFO, (*paragraphs, *last, signature)))
            pages = list(pages_of(pdf))
            lines = body_lines(pages[-1])
            assert [ln.text for ln in lines[-2:]] == [signature.signer, signature.date]
            assert len(lines) >= 3, f"{filler} lines of text: the 署名 page has no text"
            assert lines[-3].top < lines[-2].top - 1.9 * PITCH  # a blank line above the 署名
            if last and isinstance(last[0], Heading):  # its bookmark went along to the new page
                outline = PdfReader(io.BytesIO(pdf)).outline
                assert PdfReader(io.BytesIO(pdf)).get_destination_page_number(outline[-1]) == len(pages) - 1


def test_page_break_starts_a_new_page_but_never_a_blank_one() -> None:
    one, two = Paragraph((Run("第一页。"),)), Paragraph((Run("第二页。"),))
    pdf = render(Document(INFO, (one, PageBreak(), PageBreak(), two)))
    assert [[ln.text for ln in body_lines(p)] for p in pages_of(pdf)] == [["第一页。"], ["第二页。"]]


def test_a_field_too_long_for_its_line_stops_with_a_clear_message() -> None:
    masthead = BriefingMasthead("党建工作简报", "第11期", "中共林头镇委员会办公室" * 3, "2023年11月9日")
    with pytest.raises(UserError) as stop:
        render(Document(INFO, (masthead, Paragraph((Run("正文。"),)))))
    assert "编印单位" in str(stop.value) and "缩短" in str(stop.value)


def test_a_font_file_reportlab_cannot_read_stops_with_a_clear_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 200)
    fonts = FontSet.bundled()
    fonts.faces["body"] = Face("Broken Fang", broken)
    with pytest.raises(UserError) as stop:
        writer("pdf").render(Document(INFO, (Paragraph((Run("正文。"),)),)), fonts)
    assert str(broken) in str(stop.value) and "字体" in str(stop.value)


# --- tables -------------------------------------------------------------------------------------------------


def test_tables_4hao_fangsong_with_heiti_header_and_thin_rules(seed_pdf: bytes, seed_document: Document) -> None:
    tables = [b for b in seed_document.blocks if isinstance(b, Table)]
    headers = rows_seen = 0
    for page in pages_of(seed_pdf):
        lines = text_lines(page)
        colophon = next((ln.top for ln in lines if ln.text.startswith("报：")), BOTTOM)
        cells = [ln for ln in lines if ln.size == 14 and ln.top < colophon]
        if not cells:
            continue
        header, rows = cells[0], cells[1:]
        assert header.text == "指标数值单位" and header.fonts() == {"NotoSansCJKsc-Medium"}, page.page_number
        headers += 1
        assert rows and all(ln.fonts() == {"FandolFang-Regular"} for ln in rows)
        rows_seen += len(rows)
        ends = {round(max(c["x1"] for c in ln.chars if c["text"].isdigit()), 1) for ln in rows}
        assert len(ends) == 1  # right-aligned numbers share their right edge
        top, bottom = header.top - PITCH, rows[-1].top + PITCH
        rules = [r for r in page.lines if top < r["top"] < bottom or top < r["bottom"] < bottom]
        assert rules and all(0.5 <= r["linewidth"] <= 0.75 for r in rules)
    assert rows_seen == sum(len(t.rows) for t in tables) and headers > len(tables)  # one table split


@pytest.mark.parametrize(("filler", "count"), [(1, 30), (1, 20), (19, 12)])
def test_a_split_table_repeats_its_header_and_leaves_no_single_row(filler: int, count: int) -> None:
    """20 rows after one line of text would leave the last row alone on page 2; after 19 lines only one row
    would fit on page 1: each page keeps at least two rows."""
    rows = tuple((f"指标{n}", str(n * 10), "个") for n in range(count))
    columns = (Column("指标", "left", 6), Column("数值", "right", 2), Column("单位", "center", 1.5))
    text = tuple(Paragraph((Run("字" * 28),), indent=False) for _ in range(filler))
    pdf = render(Document(INFO, (*text, Table("表1　测试指标", columns, rows), Paragraph((Run("结语。"),)))))
    pages = list(pages_of(pdf))
    assert len(pages) == 2
    cells = [[ln.text for ln in text_lines(p) if ln.size == 14 and ln.text.startswith("指标")] for p in pages]
    data = [[c for c in page if c[2].isdigit()] for page in cells]
    assert sum(data, []) == [f"指标{n}{n * 10}个" for n in range(count)]
    for page, page_cells, page_data in zip(pages, cells, data, strict=True):
        if page_data:
            assert page_cells[0] == "指标数值单位" and len(page_data) >= 2, page.page_number
    last_body = body_lines(pages[1])[-1]
    assert ((last_body.top - TOP) / PITCH) == pytest.approx(round((last_body.top - TOP) / PITCH), abs=0.002)


# --- 版记 and page numbers ------------------------------------------------------------------------------------


def test_colophon_at_the_foot_of_the_last_page(seed_pdf: bytes) -> None:
    page = list(pages_of(seed_pdf))[-1]
    report_to = next(ln for ln in text_lines(page) if ln.text.startswith("报："))
    rules = sorted(
        (r for r in page.lines if r["x1"] - r["x0"] > 150 * MM and r["top"] > report_to.top - PITCH),
        key=lambda r: r["top"],
    )
    assert len(rules) == 3
    heavy, light = 0.35 * MM, 0.25 * MM
    assert [round(r["linewidth"], 2) for r in rules] == [round(heavy, 2), round(light, 2), round(heavy, 2)]
    assert rules[-1]["top"] == pytest.approx(BOTTOM, abs=0.6)
    lines = [ln for ln in text_lines(page) if ln.size == 14 and rules[0]["top"] < ln.top < BOTTOM]
    assert lines[0].text.startswith("报：") and lines[0].x0 == pytest.approx(LEFT + 14, abs=0.1)
    printed = next(ln for ln in lines if ln.text.endswith("印发"))
    assert printed.x0 == pytest.approx(LEFT + 14, abs=0.1) and printed.x1 == pytest.approx(RIGHT - 14, abs=0.1)
    wrapped = [ln for ln in lines if ln.x0 > LEFT + 20 and ln.x1 < RIGHT - 20]
    for ln in wrapped:  # a wrapped line hangs under the text after “发：”
        assert ln.x0 == pytest.approx(LEFT + 14 + 2 * 14, abs=0.1)


def test_colophon_that_does_not_fit_moves_to_a_new_page_without_a_blank_page(seed_document: Document) -> None:
    """Printed on one side (duplex="no"): the 版记 stays on the text's last page while it fits."""
    colophon = seed_document.blocks[-1]
    assert isinstance(colophon, Colophon)  # six rows: 报, 送, 发 (two rows), 印发, 共印
    colophon = dataclasses.replace(colophon, duplex=False)
    for filler, pages_expected in ((15, 1), (16, 1), (17, 2), (22, 2)):
        paragraphs = tuple(Paragraph((Run("字" * 28),), indent=False) for _ in range(filler))
        pdf = render(Document(INFO, (*paragraphs, colophon)))
        pages = list(pages_of(pdf))
        assert len(pages) == pages_expected, filler
        last = pages[-1]
        rules = [r for r in last.lines if r["x1"] - r["x0"] > 150 * MM]
        assert len(rules) == 3 and max(r["top"] for r in rules) == pytest.approx(BOTTOM, abs=0.6)
        top_rule = min(r["top"] for r in rules)
        assert all(ln.top + BODY < top_rule for ln in body_lines(last))
        assert len([ln for p in pages for ln in body_lines(p)]) == filler  # every line is text: no blank page


def test_page_numbers_on_every_page(seed_pdf: bytes, running_pdf: bytes, tmp_path: Path) -> None:
    for pdf in (seed_pdf, running_pdf):
        pages = list(pages_of(pdf))
        for page in pages:
            n = page.page_number
            line = page_number_line(page)
            assert line.text == f"{DASH} {n} {DASH}"
            assert line.size == 14 and line.fonts() == {"NotoSerifCJKsc-Regular"}
            if n % 2:
                assert line.x1 == pytest.approx(RIGHT - 14, abs=0.1)
            else:
                assert line.x0 == pytest.approx(LEFT + 14, abs=0.1)
    page = next(pages_of(seed_pdf))
    dash = page_number_line(page).chars[0]
    top, _ = ink_rows(seed_pdf, 1, tmp_path, dash["x0"], dash["x1"])
    assert top == pytest.approx(37 + 225 + 7, abs=0.3)


# --- fonts and text -------------------------------------------------------------------------------------------


def test_every_font_is_an_embedded_subset_with_tounicode(seed_pdf: bytes, official_pdf: bytes) -> None:
    for pdf in (seed_pdf, official_pdf):
        reader = PdfReader(io.BytesIO(pdf))
        seen = set()
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                seen.add(font["/BaseFont"])
                assert re.fullmatch(r"/[A-Z]{6}\+\S+", font["/BaseFont"]), font["/BaseFont"]
                assert "/FontFile2" in font["/FontDescriptor"] and "/ToUnicode" in font
        assert seen and not any("Helvetica" in f for f in seen)
        assert b"Helvetica" not in pdf


def test_pages_are_compressed_font_programs_stored_and_hold_only_drawn_glyphs(seed_pdf: bytes) -> None:
    """Each page's operators are Flate-compressed; each font program is stored (outlines barely compress) and
    holds the glyphs of the characters drawn in it, besides each subset's .notdef and space: no face brings
    along the printable ASCII characters a document does not draw."""
    reader = PdfReader(io.BytesIO(seed_pdf))
    glyphs: dict[str, int] = {}  # a face's name → the glyphs its subsets embed, less .notdef and space
    for page in reader.pages:
        assert "/FlateDecode" in page["/Contents"].get_object()["/Filter"]
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            program = descriptor["/FontFile2"].get_object()
            assert "/Filter" not in program and int(program["/Length1"]) == len(program.get_data())
            glyphs[str(descriptor["/FontName"])] = TTFont(io.BytesIO(program.get_data()))["maxp"].numGlyphs - 2
    drawn: dict[str, set[str]] = {}
    for page in pages_of(seed_pdf):
        for char in page.chars:
            drawn.setdefault(char["fontname"].split("+")[-1], set()).add(char["text"])
    by_face: dict[str, int] = {}
    for name, count in glyphs.items():
        by_face[name.split("+")[-1]] = by_face.get(name.split("+")[-1], 0) + count
    assert by_face.keys() == drawn.keys()
    for face, chars in drawn.items():
        assert by_face[face] <= len(chars), (face, by_face[face], len(chars))


def test_text_round_trip_in_reading_order(seed_pdf: bytes, seed_document: Document) -> None:
    """Content order (pdftotext -raw, what copy-paste follows) is the data's reading order, exactly; the
    writer adds only page numbers and, on a continuation page, “续表…” with the repeated header row."""
    text = pdftotext(seed_pdf, "-raw")
    text = squeeze(re.sub(rf"{DASH} \d+ {DASH}", "", text))
    for t in (b for b in seed_document.blocks if isinstance(b, Table)):
        text = text.replace(squeeze("续" + t.caption + "".join(c.header for c in t.columns)), "")
    assert text == squeeze("".join(seed_document.text_blocks()))
    laid_out = pdftotext(seed_pdf).replace("\n", "")  # poppler's own layout analysis
    for block in seed_document.blocks:  # no space creeps into a justified paragraph
        if isinstance(block, Paragraph):
            assert block.text in laid_out, block.text[:20]


def test_a_character_the_body_face_lacks_is_drawn_in_the_fallback_face(fonts: FontSet) -> None:
    rare = "喆"
    assert not covers(fonts.faces["body"], rare) and covers(fonts.faces["song"], rare)
    pdf = render(Document(INFO, (Paragraph((Run(f"张{rare}同志在会上发言。"),)),)))
    page = next(pages_of(pdf))
    line = body_lines(page)[0]
    assert line.text == f"张{rare}同志在会上发言。"
    by_char = {c["text"]: c["fontname"].split("+")[-1] for c in line.chars}
    assert by_char[rare] == "NotoSerifCJKsc-Regular" and by_char["张"] == "FandolFang-Regular"
    assert rare in pdftotext(pdf)


def test_a_bold_run_is_drawn_heavier(tmp_path: Path) -> None:
    pdf = render(Document(INFO, (Paragraph((Run("文字工作，"), Run("文字工作", bold=True), Run("。"))),)))
    line = body_lines(next(pages_of(pdf)))[0]
    assert line.text == "文字工作，文字工作。"
    image, scale = rendered(pdf, 1, tmp_path, 300), 300 / 72

    def ink(chars: list[dict]) -> int:
        box = (chars[0]["x0"], line.top, chars[-1]["x1"], line.top + BODY)
        return dark(image, tuple(int(v * scale) for v in box)).histogram()[255]

    assert ink(line.chars[5:9]) > 1.15 * ink(line.chars[0:4])


# --- navigation, metadata, determinism ---------------------------------------------------------------------------


def test_outline_and_document_information(seed_pdf: bytes, seed_document: Document) -> None:
    reader = PdfReader(io.BytesIO(seed_pdf))

    def titles(items: list) -> Iterator[str]:
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    headings = [b.text for b in seed_document.blocks if isinstance(b, Heading)]
    assert list(titles(reader.outline)) == [seed_document.info.title, *headings]
    meta = reader.metadata
    info = seed_document.info
    assert (meta.title, meta.author, meta.subject) == (info.title, info.author, info.subject)
    assert meta["/Keywords"] == ", ".join(info.keywords)
    assert meta["/CreationDate"].startswith("D:" + info.date.replace("-", ""))


def test_two_runs_give_identical_bytes(seed_pdf: bytes, seed_document: Document, fonts: FontSet) -> None:
    assert writer("pdf").render(seed_document, fonts).data == seed_pdf
    script = (
        "import hashlib,sys;from lintou_report.source.model import load_report;"
        "from lintou_report.resources import default_data_file;"
        "from lintou_report.source.templating import build_document;"
        "from lintou_report.fonts import FontSet;from lintou_report.writers import writer;"
        "d=build_document(load_report(default_data_file()));"
        "print(hashlib.sha256(writer('pdf').render(d,FontSet.bundled()).data).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, check=True, text=True)
        digests.add(out.stdout.strip())
    assert digests == {hashlib.sha256(seed_pdf).hexdigest()}


def test_warm_memos_give_the_bytes_of_a_fresh_process(seed_document: Document, fonts: FontSet, tmp_path: Path) -> None:
    """The layout remembers set texts within a process (memo.py); a document rendered after others (an edit
    that uses characters in another order, adds a bold run and moves every line after it) is byte for byte
    what a fresh process makes of it."""
    first = next(k for k, b in enumerate(seed_document.blocks) if isinstance(b, Paragraph))
    blocks = list(seed_document.blocks)
    opening = Run("新增：全镇基层党组织", bold=True)
    blocks[first] = dataclasses.replace(blocks[first], runs=(opening, *blocks[first].runs))
    edited = dataclasses.replace(seed_document, blocks=tuple(blocks))
    pdf = writer("pdf")
    warm = [pdf.render(doc, fonts).data for doc in (seed_document, edited, seed_document, edited)]
    assert warm[0] == warm[2] and warm[1] == warm[3] and warm[0] != warm[1]
    pickle.dump(edited, (tmp_path / "edited.pickle").open("wb"))
    script = (
        "import pickle,sys;from lintou_report.fonts import FontSet;from lintou_report.writers import writer;"
        "d=pickle.load(open(sys.argv[1],'rb'));sys.stdout.buffer.write(writer('pdf').render(d,FontSet.bundled()).data)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    fresh = subprocess.run([sys.executable, "-c", script, str(tmp_path / "edited.pickle")], env=env,
                           capture_output=True, check=True).stdout  # fmt: skip
    assert fresh == warm[1]
    assert "新增：全镇基层党组织" in squeeze(pdftotext(fresh))


def test_memo_is_bounded_and_cleared() -> None:
    from lintou_report import memo

    made: list[str] = []

    @memo.pure(2)
    def upper(key: str) -> str:
        made.append(key)
        return key.upper()

    assert [upper("a"), upper("b"), upper("a"), upper("c")] == ["A", "B", "A", "C"]  # "c" drops "b", used longest ago
    assert made == ["a", "b", "c"]
    assert [upper("a"), upper("b")] == ["A", "B"] and made == ["a", "b", "c", "b"]
    memo.clear()
    assert upper("a") == "A" and made[-1] == "a"
