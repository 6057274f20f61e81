"""命令（令）格式 (GB/T 9704-2012 10.2), measured in the PDF and in LibreOffice's rendering of the DOCX: the red
标志 20 mm below the type area's top, the 令号 centred two blank grid lines below it, the body two blank lines
below the 令号, no red rule, the 签发人's 职务 and 签名章 (7.3.5.3); the bundled kind `order` builds and passes
`check` in every format, which guesses the kind from the 标志."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from markup_docs import PARAGRAPH, outputs, parse
from pdf_measure import LEFT, MM, PITCH, RIGHT, TOP, dark, rendered, text_lines

from lintou_report import pipeline
from lintou_report.check import check
from lintou_report.cli import main
from lintou_report.errors import UserError
from lintou_report.fonts import FontSet
from lintou_report.tree import OrderMasthead

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kinds" / "order.yaml"
LO_SEAT = 3 * MM  # LibreOffice seats a line's glyphs up to this much lower in its grid line than the PDF

ORDER = f"""<document title="林头镇人民政府令第1号" author="林头镇人民政府" date="2023-12-18">
  <order-masthead mark="林头镇人民政府令" number="第1号"/>
  <p>{PARAGRAPH}</p>
  <signature signer="镇长" date="2023年12月18日" seal="signature"/>
  <colophon><group><line label="抄送：">含山县人民政府办公室，含山县司法局。</line></group>
    <group><line right="2023年12月18日印发">林头镇党政办公室</line></group></colophon>
</document>"""


@pytest.fixture(scope="module")
def files(fonts: FontSet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return outputs(parse(ORDER), fonts, tmp_path_factory.mktemp("order"), "order")


def _mark_ink(pdf: Path, tmp: Path) -> tuple[float, float]:
    """Top and bottom (pt from the page top) of the ink in the top 50 mm of the type area: the red 标志."""
    image = rendered(pdf.read_bytes(), 1, tmp, 300)
    scale = 300 / 72
    region = (int(LEFT * scale), int(TOP * scale), int(RIGHT * scale), int((TOP + 50 * MM) * scale))
    box = dark(image, region).getbbox()
    assert box, "no 标志"
    return (region[1] + box[1]) / scale, (region[1] + box[3]) / scale


def test_markup_makes_the_block() -> None:
    document = parse(ORDER)
    assert document.blocks[0] == OrderMasthead("林头镇人民政府令", "第1号")
    with pytest.raises(UserError) as caught:
        parse(ORDER.replace('mark="林头镇人民政府令"', 'mark="林头镇人民政府"'))
    assert "“令”或“命令”" in str(caught.value)


@pytest.mark.parametrize("kind", ["pdf", "lo"])
def test_mark_number_and_body_as_10_2(files: dict[str, Path], kind: str, tmp_path: Path) -> None:
    seat = LO_SEAT if kind == "lo" else 0.5
    ink_top, ink_bottom = _mark_ink(files[kind], tmp_path)
    assert abs((ink_top - TOP) / MM - 20) <= 1, (ink_top - TOP) / MM  # 上边缘至版心上边缘为20 mm
    with pdfplumber.open(files[kind]) as pdf:
        page = pdf.pages[0]
        lines = text_lines(page)
        red = [r for r in page.lines + page.rects if r.get("stroking_color") in ((1, 0, 0), [1, 0, 0], (1.0, 0.0, 0.0))]
        wide_red = [r for r in red if r["x1"] - r["x0"] > 100 * MM and abs(r["top"] - r["bottom"]) < 3]
    number = next(line for line in lines if line.text.replace(" ", "") == "第1号")
    # 居中
    assert abs((number.x0 + number.x1) / 2 - (LEFT + RIGHT) / 2) <= 1 * MM
    # 发文机关标志下空二行: the two grid lines above the 令号's are free of the 标志's ink, the third is not
    assert number.top - 2 * PITCH >= ink_bottom - 0.5
    assert number.top - 3 * PITCH < ink_bottom + seat
    # 令号下空二行编排正文
    body = next(line for line in lines if line.top > number.top + PITCH)
    assert body.text.replace(" ", "").startswith(PARAGRAPH[:6])
    assert abs(body.top - number.top - 3 * PITCH) <= 1.0, body.top - number.top
    assert not wide_red  # no red separator line in the 命令（令）格式
    # 7.3.5.3: the 职务 left of the 签名章, the date below it, on page 1
    assert any(line.text.replace(" ", "") == "镇长" for line in lines)
    assert any(line.text.replace(" ", "").endswith("2023年12月18日") for line in lines)


@pytest.mark.parametrize("kind", ["pdf", "ofd", "docx"])
def test_check_knows_the_order(files: dict[str, Path], kind: str) -> None:
    report = check(files[kind])
    assert report.profile == "order" and report.profile_guessed
    failed = [f"{r.clause} {r.name}: {r.measured}" for r in report.results if r.status == "fail"]
    assert not failed, failed
    names = {r.name: r for r in report.results}
    for name in (
        "命令（令）标志上边缘距版心上边缘",
        "令号居中（中心偏离）",
        "令号在标志下空二行（按行格）",
        "正文在令号下空二行",
    ):
        assert names[name].status == "pass", (name, names[name].measured)
    assert "标题字号（2号）" not in names  # a 命令（令） has no title line (figure A.17)


def test_check_fails_a_notice_checked_as_an_order(files: dict[str, Path], tmp_path: Path) -> None:
    data = str(ROOT / "examples" / "kinds" / "notice.yaml")
    assert main(["--template", "notice", "--data", data, "--format", "pdf", "-o", str(tmp_path)]) == 0
    report = check(next(tmp_path.glob("*.pdf")), "order")
    names = {r.name: r for r in report.results}
    assert names["命令（令）标志由发文机关全称加“命令”或“令”组成"].status == "fail"
    assert names["命令（令）标志上边缘距版心上边缘"].status == "fail"  # the notice's 标志 is 35 mm down


def test_the_bundled_kind_builds_and_validate_names_what_it_lacks(tmp_path: Path) -> None:
    prepared = pipeline.prepare(EXAMPLE, "order")
    head = prepared.document.blocks[0]
    assert head == OrderMasthead("林头镇人民政府令", "第1号")
    text = EXAMPLE.read_text(encoding="utf-8")
    broken = tmp_path / "order.yaml"
    broken.write_text(text.replace("order:\n  word: 令\n  number: 1\n", "").replace("    title: 镇长\n", ""), "utf-8")
    with pytest.raises(UserError) as caught:
        pipeline.prepare(broken, "order")
    message = str(caught.value)
    assert "令号" in message and "签发人职务" in message
