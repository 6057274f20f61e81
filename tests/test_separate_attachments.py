"""附件 not bound with the 正文 (GB/T 9704-2012 7.3.9, last sentence): after the 版记, on a sheet of their own,
“发文字号 + 附件N” flush left on the type area's first line (the number in 3号仿宋, 附件N in 3号黑体), their
pages numbered from 1 (7.5) — measured in the PDF, the OFD and LibreOffice's rendering of the DOCX; `check`
measures the same and fails a wrong number; the data needs a 发文字号."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from markup_docs import COPY_TO, LONG_NAME, NOTICE_HEAD, PARAGRAPH, SHORT_NAME, outputs, parse
from pdf_measure import BOTTOM, DASH, LEFT, MM, RIGHT, TOP, text_lines

from lintou_report import pipeline
from lintou_report.check import check
from lintou_report.errors import UserError
from lintou_report.fonts import FontSet
from lintou_report.layout.document import lay_out
from lintou_report.layout.page import TextLine
from lintou_report.tree import Attachment

ROOT = Path(__file__).resolve().parents[1]
NUMBER = "林党〔2023〕12号"


def notice(colophon: bool = True, number: str = NUMBER) -> str:
    """A 通知 whose first attachment is bound with it and whose second is not."""
    tail = (
        f"""<colophon><group><line label="抄送：">{COPY_TO}</line></group>
    <group><line right="2023年11月9日印发">中共林头镇委员会办公室</line></group></colophon>"""
        if colophon
        else ""
    )
    return f"""{NOTICE_HEAD}
  <signature signer="中共林头镇委员会" date="2023年11月9日" seal="organ"/>
  <attachment number="1" title="{SHORT_NAME}"><p>{PARAGRAPH}</p></attachment>
  {tail}
  <attachment number="2" title="{LONG_NAME}" doc-number="{number}"><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></attachment>
</document>"""


@pytest.fixture(scope="module")
def files(fonts: FontSet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return outputs(parse(notice()), fonts, tmp_path_factory.mktemp("separate"), "separate")


def _pages(pdf: Path) -> list[list]:
    with pdfplumber.open(pdf) as document:
        return [text_lines(page) for page in document.pages]


def _number(lines: list) -> str:
    below = [line for line in lines if line.top > BOTTOM]
    return below[0].text.replace(" ", "") if below else ""


def test_markup_and_the_order_of_blocks() -> None:
    heads = [b for b in parse(notice()).blocks if isinstance(b, Attachment)]
    assert [(h.label, h.doc_number, h.separate) for h in heads] == [("附件1", "", False), ("附件2", NUMBER, True)]
    with pytest.raises(UserError) as caught:  # nothing but separate 附件 after the first of them
        parse(notice().replace("</document>", "<p>补充一段。</p></document>"))
    assert "版记和其他附件之后" in str(caught.value)


@pytest.mark.parametrize("kind", ["pdf", "lo"])  # the OFD (the PDF's pages) is measured by check below
def test_after_the_colophon_with_its_number_and_numbered_from_one(files: dict[str, Path], kind: str) -> None:
    pages = _pages(files[kind])
    colophon = next(k for k, lines in enumerate(pages) if any(ln.text.startswith("抄送") for ln in lines))
    assert colophon % 2 == 1  # the 版记 on an even page (index 1, 3, …)
    assert colophon == len(pages) - 2  # and the separate 附件 on the one sheet after it
    head = pages[-1][0]
    assert head.text.replace(" ", "") == NUMBER + "附件2"
    assert abs(head.x0 - LEFT) < 1 * MM and abs(head.top - TOP) < 3 * MM  # 左上角第一行顶格
    fonts = [c["fontname"].split("+")[-1] for c in head.chars]
    number_fonts, label_fonts = set(fonts[: len(NUMBER)]), set(fonts[len(NUMBER) :])
    assert number_fonts.isdisjoint(label_fonts)  # 发文字号 in 仿宋, 附件2 in 黑体
    assert all("Hei" in f or "hei" in f.lower() or "Sans" in f for f in label_fonts), label_fonts
    # 7.5: the pages before the 版记 numbered 1, 2, …; the separate 附件 starts again at 1, on the right
    assert _number(pages[0]) == f"{DASH}1{DASH}"
    last = _number(pages[-1])
    assert last == f"{DASH}1{DASH}", last
    with pdfplumber.open(files[kind]) as document:
        below = [ln for ln in text_lines(document.pages[-1]) if ln.top > BOTTOM][0]
    assert RIGHT - below.x1 < 16 + 1 * MM  # 单页码居右空一字


def test_the_docx_gives_them_a_section_numbered_from_one(files: dict[str, Path]) -> None:
    xml = zipfile.ZipFile(files["docx"]).read("word/document.xml").decode()
    sections = re.findall(r"<w:sectPr>.*?</w:sectPr>", xml)
    assert len(sections) == 2
    assert '<w:pgNumType w:start="1"/>' in sections[-1] and "pgNumType" not in sections[0]
    # the 版记 ends the 公文's section: its anchor paragraph carries the first sectPr
    assert re.search(r"<w:p><w:pPr>(?:(?!</w:p>).)*<w:sectPr>.*?</w:sectPr></w:pPr>(?:(?!</w:p>).)*?name=\"版记\"", xml)
    assert xml.index(sections[0]) < xml.rindex(NUMBER + "</w:t>")  # the separate 附件's label follows it


@pytest.mark.parametrize("kind", ["pdf", "ofd", "docx"])
def test_check_passes_and_measures_7_3_9(files: dict[str, Path], kind: str) -> None:
    report = check(files[kind])
    failed = [f"{r.clause} {r.name}: {r.measured}" for r in report.results if r.status == "fail"]
    assert not failed, failed
    names = {r.name: r for r in report.results}
    for name in ("不与正文一起装订的附件标注公文的发文字号", "不与正文一起装订的附件页码从1起", "附件标识3号黑体"):
        assert names[name].status == "pass", (name, names[name].measured)
    assert names["版记在偶数页（双面印刷）"].status == "pass"  # the 版记 found before the separate 附件


def test_check_fails_another_number(fonts: FontSet, tmp_path: Path) -> None:
    files = outputs(parse(notice(number="林党〔2023〕99号")), fonts, tmp_path, "wrong")
    names = {r.name: r for r in check(files["pdf"]).results}
    assert names["不与正文一起装订的附件标注公文的发文字号"].status == "fail"


def test_without_a_colophon_a_blank_page_keeps_them_on_a_new_sheet(fonts: FontSet) -> None:
    """Printed on both sides, a 公文 without a 版记 that ends on page 1 leaves page 2 blank and unnumbered: the
    separate 附件 start on page 3, numbered 1; one-sided (no 版记 says otherwise) is the default's opposite."""
    markup = f"""<document title="通知" author="中共林头镇委员会" date="2023-11-09">
  <official-masthead organ-mark="中共林头镇委员会文件" doc-number="{NUMBER}" star="yes"/>
  <title>关于印发林头镇2023年党建工作要点的通知</title>
  <p>{PARAGRAPH}</p>
  <attachment number="2" title="{LONG_NAME}" doc-number="{NUMBER}"><p>{PARAGRAPH}</p></attachment>
</document>"""
    pages = lay_out(parse(markup), fonts)
    texts = [[item.text for item in page.items if isinstance(item, TextLine)] for page in pages]
    first = next(k for k, lines in enumerate(texts) if lines and lines[0] == NUMBER + "附件2")
    assert first == 2 and texts[1] == [] and not pages[1].numbered
    assert f"{DASH} 1 {DASH}" in texts[first] and f"{DASH} 1 {DASH}" in texts[0]


def test_the_data_needs_a_doc_number(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "kinds" / "notice.yaml").read_text(encoding="utf-8")
    title = "  - title: 述职报告提纲\n"
    assert title in text
    data = tmp_path / "notice.yaml"
    data.write_text(text.replace(title, title + "    separate: true\n"), encoding="utf-8")
    document = pipeline.prepare(data, "notice").document
    heads = [b for b in document.blocks if isinstance(b, Attachment)]
    assert [h.separate for h in heads] == [False, True] and heads[1].doc_number == "林党〔2023〕15号"
    data.write_text(re.sub(r"\n  doc_number: .*\n", "\n", data.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        pipeline.prepare(data, "notice")
    assert "meta.doc_number" in str(caught.value) and "separate" in str(caught.value)
