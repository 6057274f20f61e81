"""A typesetter's read of the bundled kinds against GB/T 9704-2012, measured in our PDF and in LibreOffice's
rendering of our DOCX: what the kinds' examples showed wrong, each with its clause."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_measure import MM, pages_of, squeeze, text_lines

from lintou_report import libreoffice
from lintou_report.cli import main
from lintou_report.spec import gbt9704

ROOT = Path(__file__).resolve().parent.parent
KINDS = ROOT / "examples" / "kinds"
NAMES = {"notice": "notice-2023-11-20", "report": "report-2023-Q4", "request": "request-2023-11-15"}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, bytes]]:
    """Each kind's PDF and LibreOffice's PDF of its DOCX."""
    out: dict[str, tuple[bytes, bytes]] = {}
    for kind, name in NAMES.items():
        folder = tmp_path_factory.mktemp(kind)
        data = KINDS / f"{kind}.yaml"
        assert main(["--template", kind, "--data", str(data), "--format", "all", "-o", str(folder)]) == 0
        lo = libreoffice.convert(folder / f"{name}.docx", folder / "lo", workdir=folder)
        out[kind] = ((folder / f"{name}.pdf").read_bytes(), lo.read_bytes())
    return out


def _title_rows(pdf: bytes) -> list[str]:
    """Page 1's lines in the title size (2号), as read back."""
    page = next(pages_of(pdf))
    return [squeeze(ln.text) for ln in text_lines(page) if abs(ln.size - gbt9704.TITLE_SIZE.pt) < 0.5]


def test_a_given_title_line_too_long_breaks_between_words_in_a_balanced_shape(
    rendered: dict[str, tuple[bytes, bytes]],
) -> None:
    """7.3.1 (回行时要做到词意完整，排列对称): the 通知's data gives its first line (the two organs) with ｜; the
    rest, too long for one line, breaks before 抓 (not inside 抓基层党建, nor inside 党组织书记), the three
    lines a 菱形, in the PDF and in LibreOffice's rendering of the DOCX alike."""
    expected = [
        "中共林头镇委员会　林头镇人民政府",
        "关于开展2023年度村（社区）党组织书记",
        "抓基层党建述职评议工作的通知",
    ]
    pdf, lo = rendered["notice"]
    assert _title_rows(pdf) == _title_rows(lo) == [squeeze(row) for row in expected]


def _head(pdf: bytes) -> tuple[float, float, float, float]:
    """Page 1's 版头 read back (mm from the paper's top): the 发文机关标志's last baseline, the 发文字号's
    baseline, the red rule under it, and the title's first baseline."""
    page = next(pages_of(pdf))
    lines = text_lines(page)

    def baseline(line) -> float:
        return (page.height - line.chars[0]["matrix"][5]) / MM

    mark = [ln for ln in lines if ln.size >= 30 and ln.chars[0]["non_stroking_color"] == (1.0, 0.0, 0.0)]
    number = next(ln for ln in lines if "〔2023〕" in ln.text)
    title = next(ln for ln in lines if abs(ln.size - gbt9704.TITLE_SIZE.pt) < 0.5)
    red = [g for g in page.lines if g.get("stroking_color") == (1.0, 0.0, 0.0)]
    return baseline(mark[-1]), baseline(number), max(g["top"] for g in red) / MM, baseline(title)


def test_the_star_on_the_red_rule_moves_neither_the_doc_number_nor_the_title(
    rendered: dict[str, tuple[bytes, bytes]],
) -> None:
    """7.2.5: the 发文字号 two lines below the 标志 and the red rule 4 mm under it, whether the rule carries a
    party organ's ★ (the 报告 and the 通知) or not (the 请示); 7.3.1: the title two lines below the rule. Both
    files of the 报告 set the 版头 as the 请示's, line for line; the 通知's joint mark keeps the same distances."""
    for which in (0, 1):  # our PDF, then LibreOffice's rendering of the DOCX
        heads = {kind: _head(pair[which]) for kind, pair in rendered.items()}
        star, plain = heads["report"], heads["request"]
        assert abs(star[1] - plain[1]) < 0.3, (which, star, plain)  # 发文字号 (same 标志 top and size)
        assert abs(star[2] - plain[2]) < 0.3, (which, star, plain)  # the red rule
        assert abs(star[3] - plain[3]) < 0.3, (which, star, plain)  # the title
        for kind, (mark, number, rule, _title) in heads.items():
            pdf_mark, pdf_number, pdf_rule, _ = _head(rendered[kind][0])
            assert abs((number - mark) - (pdf_number - pdf_mark)) < 1, (kind, which)
            assert abs((rule - number) - (pdf_rule - pdf_number)) < 0.5, (kind, which)


def _page_lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines of text, without the ★ (a drawing in our PDF, a character in LibreOffice's)."""
    return [[t for ln in text_lines(page) if (t := squeeze(ln.text).replace("★", ""))] for page in pages_of(pdf)]


def test_libreoffice_breaks_after_a_mark_before_a_number_where_the_layout_does(
    rendered: dict[str, tuple[bytes, bytes]],
) -> None:
    """5.2.3 (28 characters a line, no line loosened): the 通知's “……党组织书记，” ends a line and “29个……”
    starts the next. LibreOffice finds no break between “，” and a number by itself: it carried “记，” over
    and loosened the line by 1.49 characters. The DOCX allows the break there, and every kind's pages read
    line for line as the PDF's."""
    for kind, (pdf, lo) in rendered.items():
        assert _page_lines(pdf) == _page_lines(lo), kind
    notice = _page_lines(rendered["notice"][1])[1]
    assert "全镇12个村（社区）党组织书记，镇直各单位党组织书记，" in notice
    assert "29个非公企业党组织书记。" in notice
