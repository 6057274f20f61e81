"""附件说明 (GB/T 9704-2012 7.3.4), 附件 pages (7.3.9) and the 抄送 lines of the 版记 (7.4.2), written by hand
in markup and measured in the PDF, the OFD and LibreOffice's rendering of the DOCX; `check` measures the same
on our files and on a foreign one (Typst)."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from markup_docs import COPY_TO, LONG_NAME, SHORT_NAME, notice, outputs, parse
from pdf_measure import LEFT, MM, PITCH, RIGHT, TOP, TextLine, text_lines

from lintou_report.check import check
from lintou_report.fonts import FontSet
from lintou_report.source.markup import parse as parse_markup
from lintou_report.tree import Attachment, AttachmentsNote
from lintou_report.writers import render

ROOT = Path(__file__).resolve().parents[1]
CHAR = 156 * MM / 28  # one 3号 character on the grid
LO_SEAT = 3 * MM  # LibreOffice seats a line's glyphs up to this much lower in its grid line than the PDF


@pytest.fixture(scope="module")
def files(fonts: FontSet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return outputs(parse(notice()), fonts, tmp_path_factory.mktemp("notice"), "notice")


def lines_of(pdf: Path) -> list[list[TextLine]]:
    with pdfplumber.open(pdf) as document:
        return [text_lines(page) for page in document.pages]


def find(pages: list[list[TextLine]], start: str) -> tuple[int, int, TextLine]:
    """(page index, line index, line) of the first line beginning with ``start`` (spaces ignored)."""
    for p, lines in enumerate(pages):
        for k, line in enumerate(lines):
            if line.text.replace(" ", "").startswith(start):
                return p, k, line
    raise AssertionError(f"no line starts with {start}")


def char_x(line: TextLine, text: str) -> float:
    """Left edge of the first glyph of ``text`` in the line."""
    return next(c["x0"] for c in line.chars if c["text"] == text)


def test_markup_makes_the_blocks() -> None:
    document = parse(notice())
    notes = [b for b in document.blocks if isinstance(b, AttachmentsNote)]
    heads = [b for b in document.blocks if isinstance(b, Attachment)]
    assert notes == [AttachmentsNote((SHORT_NAME, LONG_NAME))]
    assert [(h.label, h.title) for h in heads] == [("附件1", SHORT_NAME), ("附件2", LONG_NAME)]
    assert "附件1" in document.text_blocks() and SHORT_NAME in document.text_blocks()


@pytest.mark.parametrize("kind", ["pdf", "lo"])
def test_note_two_characters_in_numbered_with_hanging_lines(files: dict[str, Path], kind: str) -> None:
    """7.3.4: one blank line below the body, “附件：” two characters in, “2.” under “1.”, a wrapped name under
    its first character."""
    pages = lines_of(files[kind])
    p, k, first = find(pages, "附件：1.")
    assert first.x0 - LEFT == pytest.approx(2 * CHAR, abs=0.3 * MM)
    above = pages[p][k - 1]
    assert first.top - above.top == pytest.approx(2 * PITCH, abs=0.5)  # 空一行
    second_page, _, second = find(pages, "2.")
    assert second.x0 == pytest.approx(char_x(first, "1"), abs=0.3 * MM)
    name_x = char_x(second, LONG_NAME[0])
    wrapped = [ln for ln in pages[second_page] if ln.top > second.top and ln.top - second.top < 1.5 * PITCH]
    assert len(wrapped) == 1 and wrapped[0].x0 == pytest.approx(name_x, abs=0.3 * MM)
    assert "".join(ln.text for ln in [second, *wrapped]).replace(" ", "").endswith(LONG_NAME[-6:])


def test_a_single_attachment_has_no_number(fonts: FontSet) -> None:
    one = notice().replace(f"<item>{LONG_NAME}</item>", "")
    pdf = render("pdf", parse(one), fonts).data
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = [text_lines(page) for page in document.pages]
    _, _, line = find(pages, "附件：")
    assert line.text.replace(" ", "") == "附件：" + SHORT_NAME


@pytest.mark.parametrize("kind", ["pdf", "lo"])
def test_attachment_pages_label_title_and_continuing_page_numbers(files: dict[str, Path], kind: str) -> None:
    """7.3.9: each attachment on a page of its own, “附件N” 3号黑体 flush left on line 1, its title centred on
    line 3; the page numbers run on; the 版记 stays at the foot of the last, even page."""
    pages = lines_of(files[kind])
    heads = [(n, lines) for n, lines in enumerate(pages, 1) if lines]
    starts = [(n, lines) for n, lines in heads if lines[0].text.replace(" ", "") in ("附件1", "附件2")]
    assert [n for n, _ in starts] == [3, 4]
    for n, lines in starts:
        label, title = lines[0], lines[1]
        assert label.x0 == pytest.approx(LEFT, abs=0.3 * MM)
        assert TOP - 0.5 <= label.top <= TOP + (LO_SEAT if kind == "lo" else 0.5)
        assert label.size == 16 and label.fonts() == {"NotoSansCJKsc-Medium"}  # the bundled 黑体
        centre = title.top + title.size / 2 - (label.top + label.size / 2)  # em-box centres: line 1 to line 3
        # LibreOffice seats a 22 pt line in an exact 3号 line 3 pt higher than the PDF centres it
        assert title.size == 22 and centre == pytest.approx(2 * PITCH, abs=(3.5 if kind == "lo" else 0.5))
        assert (title.x0 - LEFT) - (RIGHT - title.x1) == pytest.approx(0, abs=1 * MM)  # centred
        number = lines[-1].text.replace(" ", "")
        assert number == f"—{n}—"
    assert len(pages) == 4 and any(ln.text.replace(" ", "").startswith("抄送：") for ln in pages[-1])


@pytest.mark.parametrize("kind", ["pdf", "lo"])
def test_copy_to_over_three_lines_aligned_after_the_colon(files: dict[str, Path], kind: str) -> None:
    """7.4.2: 4号, one character in from both sides, wrapped lines under the first 抄送机关, ending “。”."""
    pages = lines_of(files[kind])
    p, k, first = find(pages, "抄送：")
    rows = [first, *pages[p][k + 1 : k + 3]]
    assert first.size == 14 and first.x0 - LEFT == pytest.approx(14, abs=0.3 * MM)
    name_x = char_x(first, "县")
    # the first row is justified: its spacing moves the first name by a third of a millimetre at most
    assert [ln.x0 for ln in rows[1:]] == pytest.approx([name_x] * 2, abs=0.5 * MM)
    assert all(RIGHT - ln.x1 >= 14 - 0.3 * MM for ln in rows)
    assert "".join(ln.text for ln in rows).replace(" ", "") == "抄送：" + COPY_TO


@pytest.mark.parametrize("kind", ["pdf", "ofd", "docx"])
def test_check_measures_every_element_and_passes(files: dict[str, Path], kind: str) -> None:
    report = check(files[kind])
    ours = [r for r in report.results if r.clause in ("7.3.4", "7.3.9", "7.3.5.1", "7.4.2")]
    names = {r.name for r in ours}
    assert {"附件说明左空二字", "附件标识顶格（距版心左边缘）", "印章以成文日期为准居中（水平偏差）"} <= names
    assert "抄送左空一字" in names
    assert [f"{r.name}: {r.measured}" for r in ours if r.status != "pass"] == []


TYPST = r"""
#set page(paper: "a4", margin: (top: 37mm, left: 28mm, right: 26mm, bottom: 35mm))
#set text(font: "FandolFang R", size: 16pt, lang: "zh", region: "cn", top-edge: 0.8em, bottom-edge: -0.2em)
#set par(justify: true, leading: 12.95pt, spacing: 12.95pt, first-line-indent: (amount: 2em, all: true))
#par[PARAGRAPH]
#par[PARAGRAPH]
#v(28.95pt)
#par(first-line-indent: 0pt)[#h(NOTE_INDENT)附件：1.林头镇2023年党建工作要点]
#par(first-line-indent: 0pt)[#h(2em)#h(3em)2.林头镇2023年重点任务分解表。]
#pagebreak()
#par(first-line-indent: 0pt)[#text(font: "Noto Sans CJK SC")[附件1]]
#v(28.95pt - 12.95pt)
#align(center, text(font: "Noto Serif CJK SC", weight: "bold", size: 22pt)[林头镇2023年党建工作要点])
"""


def test_check_on_a_foreign_pdf(tmp_path: Path) -> None:
    """A Typst PDF with a 附件说明 four characters in, a name ending in “。” and an 附件 page: check finds them and
    says what is wrong, clause by clause."""
    import typst

    source = tmp_path / "foreign.typ"
    paragraph = "现将工作要点印发给你们，请结合实际认真贯彻落实。" * 3
    source.write_text(TYPST.replace("PARAGRAPH", paragraph).replace("NOTE_INDENT", "4em"), encoding="utf-8")
    out = tmp_path / "foreign.pdf"
    typst.Compiler(str(source), root=str(tmp_path), font_paths=[str(ROOT / "fonts")], ignore_system_fonts=True).compile(
        output=str(out)
    )
    results = {r.name: r for r in check(out).results}
    indent = results["附件说明左空二字"]
    assert indent.status == "fail" and indent.value == pytest.approx(4, abs=0.1)
    assert results["附件名称后不加标点符号"].status == "fail"
    assert results["附件顺序号 1. 2. 依次编排"].status == "pass"
    assert results["附件标识顶格（距版心左边缘）"].status == "pass"
    assert results["附件标识3号黑体"].status == "pass"
    assert results["附件标题在版心第三行（距附件标识）"].status == "pass"
    assert results["附件标题与附件说明一致"].status == "pass"


def test_markup_mistakes_are_chinese() -> None:
    from lintou_report.errors import UserError

    for bad, words in (
        ("<attachments-note></attachments-note>", "<attachments-note>"),
        ("<attachments-note><p>x</p></attachments-note>", "<item>"),
        ('<attachment number="1"><p>x</p></attachment>', "缺少属性 title"),
        ('<attachment number="1" title="x"><colophon/></attachment>', "不能有 <colophon>"),
    ):
        with pytest.raises(UserError) as caught:
            parse_markup(f"<document>{bad}</document>", source="t")
        assert words in str(caught.value.problems[0].message)
