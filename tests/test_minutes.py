"""纪要格式 (GB/T 9704-2012 10.3): the 纪要标志 and the 出席 / 请假 / 列席 lines, measured in the PDF, the OFD and
LibreOffice's rendering of the DOCX, and by `check`."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from markup_docs import ATTENDED, minutes, outputs, parse
from pdf_measure import LEFT, MM, PITCH, RIGHT, TOP, text_lines

from lintou_report.check import check
from lintou_report.errors import UserError
from lintou_report.fonts import FontSet
from lintou_report.tree import Attendance, MinutesMasthead

CHAR = 156 * MM / 28


@pytest.fixture(scope="module")
def files(fonts: FontSet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return outputs(parse(minutes()), fonts, tmp_path_factory.mktemp("minutes"), "minutes")


def test_markup_makes_the_blocks() -> None:
    blocks = parse(minutes()).blocks
    assert blocks[0] == MinutesMasthead("林头镇党委会议纪要", "第5期", "中共林头镇委员会办公室", "2023年11月9日")
    assert [b.label for b in blocks if isinstance(b, Attendance)] == ["出席", "请假", "列席"]
    with pytest.raises(UserError) as caught:
        parse('<document><attendance label="缺席">张三</attendance></document>')
    assert "出席、请假 或 列席" in caught.value.problems[0].message


@pytest.mark.parametrize("kind", ["pdf", "lo"])
def test_minutes_mark_red_centred_with_number_office_date_and_rule(files: dict[str, Path], kind: str) -> None:
    """10.3: the mark in red 小标宋 centred, its top 35 mm below the type area's top (as 7.2.4; its ink, as a
    ruler finds it); below it the number centred, office left and date right over a red rule."""
    with pdfplumber.open(files[kind]) as pdf:
        page = pdf.pages[0]
        lines = text_lines(page)
        mark = lines[0]
        assert mark.text.replace(" ", "") == "林头镇党委会议纪要"
        assert all(c["non_stroking_color"] in ((1, 0, 0), [1, 0, 0]) for c in mark.chars)
        assert (mark.x0 - LEFT) - (RIGHT - mark.x1) == pytest.approx(0, abs=1 * MM)
        box = (mark.x0, mark.top, mark.x1, mark.top + mark.size)
        ink = page.crop(box).to_image(resolution=288).original.convert("L")
        top = next(y for y in range(ink.height) if min(ink.getpixel((x, y)) for x in range(ink.width)) < 128)
        assert mark.top + top * 72 / 288 - TOP == pytest.approx(35 * MM, abs=1 * MM)
        number, office = lines[1], lines[2]
        assert number.text.replace(" ", "") == "第5期"
        assert (number.x0 - LEFT) - (RIGHT - number.x1) == pytest.approx(0, abs=1 * MM)
        assert office.x0 == pytest.approx(LEFT, abs=0.3 * MM) and office.x1 == pytest.approx(RIGHT, abs=0.3 * MM)
        red = [r for r in page.lines + page.rects if r.get("stroking_color") in ((1, 0, 0), [1, 0, 0])]
        red += [r for r in page.rects if r.get("non_stroking_color") in ((1, 0, 0), [1, 0, 0])]
        rule = min((r for r in red if r["x1"] - r["x0"] > 150 * MM), key=lambda r: r["top"])
        assert rule["top"] > office.top + 16


@pytest.mark.parametrize("kind", ["pdf", "lo"])
def test_attendance_lines(files: dict[str, Path], kind: str) -> None:
    """10.3: one blank line below the body, “出席：” in 3号黑体 two characters in, the names in 3号仿宋, wrapped
    lines under the first name, names kept whole; 请假 and 列席 each on a line of their own, the same way."""
    with pdfplumber.open(files[kind]) as pdf:
        lines = [ln for page in pdf.pages for ln in text_lines(page)]
    k = next(i for i, ln in enumerate(lines) if ln.text.replace(" ", "").startswith("出席："))
    first = lines[k]
    end = next(i for i, ln in enumerate(lines) if ln.text.replace(" ", "").startswith("请假："))
    rows = lines[k + 1 : end]
    assert first.top - lines[k - 1].top == pytest.approx(2 * PITCH, abs=0.5)  # 空一行
    assert first.x0 - LEFT == pytest.approx(2 * CHAR, abs=0.3 * MM)
    label = [c for c in first.chars if c["text"].strip()][:3]
    names = [c for c in first.chars if c["text"].strip()][3:]
    assert {c["fontname"].split("+")[-1] for c in label} == {"NotoSansCJKsc-Medium"}  # the bundled 黑体
    assert {c["fontname"].split("+")[-1] for c in names} == {"FandolFang-Regular"}  # the bundled 仿宋
    assert {round(c["size"]) for c in label + names} == {16}
    assert rows and all(row.x0 == pytest.approx(names[0]["x0"], abs=0.3 * MM) for row in rows)
    texts = [ln.text.replace(" ", "") for ln in [first, *rows]]
    assert "".join(texts) == "出席：" + ATTENDED
    assert all(t.endswith("、") for t in texts[:-1])  # a name is never split between lines
    for label_text in ("请假：", "列席："):
        other = next(ln for ln in lines if ln.text.replace(" ", "").startswith(label_text))
        assert other.x0 == pytest.approx(first.x0, abs=0.3 * MM)


@pytest.mark.parametrize("kind", ["pdf", "ofd", "docx"])
def test_check_measures_attendance(files: dict[str, Path], kind: str) -> None:
    results = check(files[kind]).results
    heading = next(r for r in results if r.name == "一级标题字体")  # a wrapped name list is no “十、” heading
    assert heading.status == "pass" and heading.measured.startswith("1/1")
    rules = [r for r in results if r.clause == "10.3"]
    # the attendance lines, and the 纪要标志 that the minutes profile (guessed from it) measures
    assert {r.name for r in rules} == {
        "出席、请假、列席左空二字",
        "出席等字样3号黑体、名单3号仿宋",
        "出席等名单回行与冒号后首字对齐",
        "纪要标志（红色）",
        "纪要标志字体",
        "纪要标志字号",
        "纪要标志宽度",
        "纪要标志居中（中心偏离）",
        "纪要标志上边缘距版心上边缘",
        "纪要标志由“××纪要”组成",
    }
    assert [f"{r.name}: {r.measured}" for r in rules if r.status != "pass"] == []
