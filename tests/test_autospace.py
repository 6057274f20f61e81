"""The 中西间距 (layout/autospace.py): a fifth of an em between Chinese and Western letters or digits, as
LibreOffice sets it and as the DOCX asks Word to (w:autoSpaceDE/DN on); none next to punctuation, none at a
line's start or end. Measured in the layout and in the produced PDF and DOCX."""

from __future__ import annotations

import io
import re
import zipfile

import pdfplumber
import pytest

from lintou_report import style
from lintou_report.fonts import FontSet
from lintou_report.layout import autospace
from lintou_report.layout.linebreak import Char, break_lines, set_lines
from lintou_report.spec.autospace import space
from lintou_report.writers import render

BODY = style.BODY.size


def chars(text: str) -> list[Char]:
    """Characters of a made-up face: ideographs one em wide, Latin letters and digits half an em."""
    return [Char(ch, None, BODY, (0, 0, 0), False, BODY if ord(ch) > 0x2E80 else BODY / 2) for ch in text]  # type: ignore[arg-type]


def test_a_fifth_of_an_em_between_chinese_and_letters_or_digits_and_none_next_to_punctuation() -> None:
    fifth = BODY / 5
    assert space("将", "4", BODY) == space("5", "家", BODY) == pytest.approx(fifth)
    assert space("P", "增", BODY) == pytest.approx(fifth)
    for left, right in ["5%", "%，", "（2", "4）", "5G", "增长", "，5", " 5", "5 "]:
        assert space(left, right, BODY) == 0, left + right
    assert autospace.gaps(chars("将45家")) == pytest.approx((fifth, 0, fifth, 0))


def test_no_space_where_a_line_breaks_at_the_boundary() -> None:
    text = "一二三四五六七八九十12"
    # ten ideographs fill the line: the digits go to the next line, neither line pays the space
    assert ["".join(c.text for c in line) for line, _ in break_lines(chars(text), 10 * BODY, 10 * BODY)] == [
        "一二三四五六七八九十",
        "12",
    ]
    # room for the digits but not for the space before them: they move down as well
    first = 9 * BODY + BODY
    assert len(break_lines(chars(text), first, 10 * BODY)) == 2
    # with the space, they fit
    assert len(break_lines(chars(text), 10 * BODY + BODY / 5 + BODY, 11 * BODY)) == 1


def test_a_justified_line_with_the_space_still_ends_flush() -> None:
    lines = set_lines(chars("将45家企业纳入平台将45家企业纳入平台"), 8 * BODY)
    assert len(lines) > 1
    for line in lines[:-1]:
        assert line.width == pytest.approx(8 * BODY)
        assert sum(line.gaps) > 0 or not re.search(r"[0-9]", "".join(c.text for c in line.chars))


def test_the_pdf_sets_the_space_around_the_seeds_45(seed_pdf: bytes) -> None:
    """ "将45家" in the seed: the pen moves a fifth of an em more from 将 to 4 and from 5 to 家 than from one
    ideograph to the next on the same line."""
    with pdfplumber.open(io.BytesIO(seed_pdf)) as pdf:
        for page in pdf.pages:
            cs = sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"]))
            text = "".join(c["text"] for c in cs)
            at = text.find("将45家")
            if at >= 0:
                break
        else:
            pytest.fail("the seed has “将45家”")
    jiang, four, five, jia = cs[at : at + 4]
    before = cs[at - 2 : at]  # two ideographs on the same line: their gap is the line's spacing
    spacing = before[1]["x0"] - before[0]["x1"]
    assert four["x0"] - jiang["x1"] - spacing == pytest.approx(BODY / 5, abs=0.02)
    assert jia["x0"] - five["x1"] - spacing == pytest.approx(BODY / 5, abs=0.02)
    assert five["x0"] - four["x1"] - spacing == pytest.approx(0, abs=0.02)


def test_the_docx_asks_word_for_its_own_space(seed_document, fonts: FontSet) -> None:  # noqa: ANN001
    data = render("docx", seed_document, fonts).data
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    normal = styles[styles.index('w:styleId="Normal"') :]
    normal = normal[: normal.index("</w:style>")]
    assert '<w:autoSpaceDE w:val="1"/>' in normal and '<w:autoSpaceDN w:val="1"/>' in normal
