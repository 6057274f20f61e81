"""Where text may break (shared by both writers): 禁则 units and the 梯形 title."""

from __future__ import annotations

from lintou_report.layout.breaking import QUANTITY, title_lines, units
from lintou_report.spec import gbt9704


def spans(text: str) -> list[str]:
    return [text[a:b] for a, b in units(text)]


def test_numbers_and_latin_words_stay_whole_and_may_leave_their_unit() -> None:
    # in running text a line may break between a number and its unit, as Word and LibreOffice break it
    assert spans("累计推荐就业1302人次。")[-3:] == ["1302", "人", "次。"]  # the full stop may not start a line
    assert "3.8" in spans("总投资3.8亿元的项目")
    assert "GB/T" in spans("按GB/T 9704排版")
    assert {"5.2%；", "5G"} <= set(spans("增长5.2%；5G网络"))


def test_marks_next_to_latin_letters_and_digits_stay_with_them_as_libreoffice_keeps_them() -> None:
    # UAX #14 as LibreOffice applies it near a Latin letter or digit (spec/words.py): a closing mark keeps the
    # number after it, a number the opening mark or quote after it, a sign what it joins; a Chinese character
    # after them may still start a line
    assert "〔2023〕12" in spans("林党〔2023〕12号）")
    assert "5.2%，5G" in spans("增长5.2%，5G网络")
    assert "5G+" in spans("完成5G+智慧农业")
    assert "APP“智" in spans("引进APP“智慧”系统")
    assert "12.8%；“网" in spans("增长12.8%；“网格员”")
    # between Chinese characters only GB/T 15834 counts: a quote may start a line after a full stop
    assert "。" in spans("亩。“网格员”")[0] and spans("亩。“网格员”")[1].startswith("“")


def test_a_title_keeps_a_number_with_its_unit() -> None:
    assert "1302人次。" in [t[a:b] for t in ["累计推荐就业1302人次。"] for a, b in units(t, QUANTITY)]


def test_closing_marks_stick_to_what_precedes_and_opening_marks_to_what_follows() -> None:
    parts = spans("打“底色”。筑牢（南区）")
    assert "“底" in parts and "色”。" in parts and "（南" in parts and "区）" in parts
    for part in parts:
        assert part[0] not in gbt9704.NO_LINE_START or part == parts[0]
        assert part[-1] not in gbt9704.NO_LINE_END


def test_units_cover_the_text_in_order() -> None:
    text = "林头镇党委以“党建+”赋能镇园融合发展，45家企业纳入平台。"
    assert "".join(spans(text)) == text


def test_long_title_is_a_trapezoid_without_splitting_a_quoted_name() -> None:
    rows = title_lines("中共林头镇委员会关于以“党建+”赋能镇园融合发展情况的报告")
    assert len(rows) == 2 and len(rows[0]) >= len(rows[1])
    assert all(len(r) <= gbt9704.TITLE_MAX_LINE_CHARS for r in rows)
    assert all(r.count("“") == r.count("”") for r in rows)


def test_short_title_stays_on_one_line() -> None:
    assert title_lines("林头镇党委以“党建+”赋能镇园融合发展") == ["林头镇党委以“党建+”赋能镇园融合发展"]
