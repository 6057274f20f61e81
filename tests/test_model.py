"""The data model: the curated seed report holds the whole article, and bad files get clear messages."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import opencc
import pytest
import yaml
from conftest import SEED_ARTICLE

from lintou_report.errors import UserError
from lintou_report.resources import default_data_file
from lintou_report.source.model import Report, json_schema, load_report

PINYIN = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")
HALF_TO_FULL = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "?": "？", "!": "！"})


def simplified(text: str) -> str:
    """The seed as the data file should read it before the recorded fixes: pinyin out, Simplified, full-width."""
    return opencc.OpenCC("t2s").convert(PINYIN.sub("", text)).translate(HALF_TO_FULL)


def seed_body() -> str:
    """The article's text (every line but the page-chrome header line), converted."""
    lines = SEED_ARTICLE.read_text(encoding="utf-8").splitlines()
    return "".join(simplified(line) for line in lines[1:] if line.strip())


def data_body(report: Report) -> str:
    """The data file's text reassembled in the article's order and form."""
    out = "".join(report.intro)
    for theme in report.themes:
        out += f"{theme.label}，{theme.slogan}。"
        for item in theme.items:
            out += f"{item.heading}。" + "".join(item.paragraphs)
    return out


def test_seed_report_has_the_article_shape(seed_report: Report) -> None:
    assert [t.label for t in seed_report.themes] == ["党建+阵地", "党建+保障", "党建+振兴"]
    assert [t.slogan for t in seed_report.themes] == ["为融合发展打“底色”", "为融合发展提“成色”", "为融合发展增“亮色”"]
    assert [len(t.items) for t in seed_report.themes] == [3, 3, 3]
    assert seed_report.themes[0].items[0].heading == "筑牢红色堡垒"
    assert seed_report.meta.issuer == "中共林头镇委员会"
    assert seed_report.meta.published.isoformat(sep=" ", timespec="minutes") == "2023-11-09 15:13"


def test_every_sentence_of_the_seed_is_in_the_data_after_the_recorded_corrections(seed_report: Report) -> None:
    expected = seed_body()
    for correction in seed_report.corrections[1:]:  # the first records the global conversion itself
        original = simplified(correction.original)
        assert original in expected, f"correction {correction.original!r} does not match the seed"
        expected = expected.replace(original, simplified(correction.corrected))
    assert data_body(seed_report) == expected


def test_the_named_typos_and_the_garbled_fragment_are_corrected(seed_report: Report) -> None:
    text = data_body(seed_report)
    for wrong in ("千部", "人大大回流", "装备式", "xùn", "?", "|"):
        assert wrong not in text
    for right in ("干部", "人才大回流", "装配式", "推动东关振兴", "“点对点”联系", "攻坚行动，今年以来"):
        assert right in text
    assert text.count("“") == text.count("”")
    assert len(seed_report.corrections) >= 6
    assert all(c.original != c.corrected and c.reason for c in seed_report.corrections)


# Numbers in names, not figures: 二十大 and the like are written in Chinese numerals, so only Arabic ones count.
def test_every_figure_of_the_seed_is_a_metric(seed_report: Report) -> None:
    numbers = re.findall(r"\d+(?:\.\d+)?", seed_body())
    assert len(numbers) == 18
    assert sorted(Decimal(n) for n in numbers) == sorted(m.value for m in seed_report.metrics)
    units = {(m.value_text, m.unit) for m in seed_report.metrics}
    for pair in [("45", "家"), ("29", "个"), ("1302", "人次"), ("700", "亩"), ("3.8", "亿元"), ("85", "公顷")]:
        assert pair in units


def test_metric_values_are_exact_decimals(seed_report: Report) -> None:
    bond = next(m for m in seed_report.metrics if m.unit == "亿元")
    assert bond.value == Decimal("3.8") and isinstance(bond.value, Decimal)
    assert bond.value_text == "3.8"


def test_schema_describes_the_file() -> None:
    schema = json_schema()
    assert schema["title"] == "lintou-report 数据文件"
    assert {"schema_version", "meta", "intro", "themes", "metrics"} <= set(schema["properties"])


# --- bad files ---------------------------------------------------------------------------------------


def seed_data() -> dict:
    return yaml.safe_load(default_data_file().read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict | str) -> Path:
    path = tmp_path / "bad.yaml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list:
    with pytest.raises(UserError) as info:
        load_report(path)
    return info.value.problems


def test_missing_field_names_file_line_and_field(tmp_path: Path) -> None:
    data = seed_data()
    del data["meta"]["title"]
    [p] = problems(write(tmp_path, data))
    assert p.file == str(tmp_path / "bad.yaml") and p.field == "meta.title"
    assert "缺少必填字段" in p.message and p.line == 2  # the meta mapping's first line
    assert p.fix


def test_wrong_type_points_at_the_value(tmp_path: Path) -> None:
    data = seed_data()
    data["metrics"][0]["value"] = "四十五"
    path = write(tmp_path, data)
    [p] = problems(path)
    assert p.field == "metrics[0].value" and "应为数值" in p.message
    line = path.read_text(encoding="utf-8").splitlines()[p.line - 1]
    assert "四十五" in line


def test_unknown_field_is_named(tmp_path: Path) -> None:
    data = seed_data()
    data["meta"]["titel"] = "x"
    [p] = problems(write(tmp_path, data))
    assert p.field == "meta.titel" and "未知字段" in p.message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    data = seed_data()
    del data["meta"]["title"]
    data["themes"][0]["items"][0]["heading"] = ""
    data["metrics"][1]["unit"] = 3
    fields = {p.field for p in problems(write(tmp_path, data))}
    assert fields == {"meta.title", "themes[0].items[0].heading", "metrics[1].unit"}


def test_malformed_yaml_gives_line_and_column(tmp_path: Path) -> None:
    [p] = problems(write(tmp_path, "schema_version: 1\nmeta:\n  title: [unclosed\n  issuer: x\n"))
    assert "YAML 格式错误" in p.message and p.line is not None and p.column is not None


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    text = default_data_file().read_text(encoding="utf-8")
    text = text.replace("  author: 管理员\n", "  author: 管理员\n  author: 张三\n")
    [p] = problems(write(tmp_path, text))
    assert "重复" in p.message and p.line is not None


def test_duplicate_metric_id_and_inconsistent_metric_are_reported(tmp_path: Path) -> None:
    data = seed_data()
    data["metrics"][1]["id"] = data["metrics"][0]["id"]
    data["metrics"][2]["value"] = 25  # the source sentence says 24
    duplicate, inconsistent = problems(write(tmp_path, data))  # each problem at its own place
    assert f"指标代号 {data['metrics'][0]['id']} 重复" in duplicate.message
    assert duplicate.field == "metrics[1].id" and duplicate.line is not None
    assert "数值 25 不在它的原文句子中" in inconsistent.message
    assert inconsistent.field == "metrics[2].value" and inconsistent.line > duplicate.line


def test_missing_file_and_non_mapping(tmp_path: Path) -> None:
    [p] = problems(tmp_path / "nope.yaml")
    assert "不存在" in p.message
    [p] = problems(write(tmp_path, "- just\n- a list\n"))
    assert "字段" in p.message


def test_a_file_changed_in_place_is_read_again_and_every_error_reported_each_time(tmp_path: Path) -> None:
    """Reports are kept by the file's text (model._validated): an edit under the same name gives the edited
    report, a faulty edit its message every time it is loaded, and the other file named after it its own name."""
    seed = default_data_file().read_text(encoding="utf-8")
    path = tmp_path / "report.yaml"
    path.write_text(seed, encoding="utf-8")
    first = load_report(path)
    path.write_text(seed.replace("    issue: 11\n", "    issue: 12\n"), encoding="utf-8")
    assert load_report(path).meta.briefing.issue == 12 and first.meta.briefing.issue == 11
    path.write_text(seed.replace("    issue: 11\n", "    issue: 十一\n"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(UserError, match=r"report\.yaml:20:12: 字段 meta\.briefing\.issue：应为整数"):
            load_report(path)
    other = tmp_path / "other.yaml"
    other.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(UserError, match=r"other\.yaml:20:12"):
        load_report(other)
    path.write_text(seed, encoding="utf-8")
    assert load_report(path) == first


# --- what a clerk may write, read as meant, and what is refused in Chinese ---------------------------


def test_values_written_as_text_are_read_as_meant(tmp_path: Path) -> None:
    text = default_data_file().read_text(encoding="utf-8")
    for old, new in (("    issue: 11\n", '    issue: "11"\n'), ("  party_organ: true\n", "  party_organ: yes\n")):
        assert old in text
        text = text.replace(old, new)
    report = load_report(write(tmp_path, text))
    assert report.meta.briefing.issue == 11 and report.meta.party_organ is True
    assert report.meta.published == dt.datetime(2023, 11, 9, 15, 13)  # "2023-11-09 15:13" is text to YAML


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "应为日期（实际为 0）"),  # not the 0th second of 1970
        ("'20231109'", "应为日期（实际为 “20231109”）"),
        ("2023-11-09 15:13:00", "应为日期（实际为 2023-11-09 15:13:00）"),  # a date, not a moment of it
        ("2023-02-30", "2023-02-30 不是有效日期：2023年2月只有28日，没有30日"),
    ],
)
def test_a_date_is_a_date(tmp_path: Path, value: object, message: str) -> None:
    text = default_data_file().read_text(encoding="utf-8").replace("  date: 2023-11-09\n", f"  date: {value}\n", 1)
    [p] = problems(write(tmp_path, text))
    assert p.field == "meta.date" and p.message == message and p.fix
    assert p.line == 16 and p.column == 9


def test_a_key_that_is_no_text_is_an_unknown_field_at_its_place(tmp_path: Path) -> None:
    text = default_data_file().read_text(encoding="utf-8").replace("meta:\n", "meta:\n  7: x\n", 1)
    [p] = problems(write(tmp_path, text))
    assert p.message == "未知字段（是否拼写有误？）" and p.field == "meta[7]" and (p.line, p.column) == (7, 6)


def test_several_problems_of_one_value_kind_each_at_its_place(tmp_path: Path) -> None:
    data = seed_data()
    data["meta"]["briefing"]["issue"] = 0
    data["meta"]["briefing"]["total_issue"] = "十"
    data["metrics"][0]["qualifier"] = "大约"
    data["themes"][0]["key"] = "Zhen di"
    data["extra"] = 1
    found = [(p.field, p.message) for p in problems(write(tmp_path, data))]
    assert found == [
        ("meta.briefing.issue", "数值太小，应不小于 1（实际为 0）"),
        ("meta.briefing.total_issue", "应为整数（实际为 “十”）"),
        ("themes[0].key", "格式不对（实际为 “Zhen di”）"),
        ("metrics[0].qualifier", "取值不在允许范围内，应为 '余', '近', '超', '以上' or '约'（实际为 “大约”）"),
        ("extra", "未知字段（是否拼写有误？）"),
    ]


def test_the_program_for_one_report_imports_no_validation_library(tmp_path: Path) -> None:
    """The data model is read by source/fields.py: no pydantic (nor msgspec) loaded to make one report."""
    code = (
        "import sys\nfrom lintou_report.cli import main\nstatus = main(['--format', 'pdf', '-o', 'a.pdf'])\n"
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core', 'msgspec')))"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert ran.stdout.split("\n")[-2] == "0 []", ran.stderr
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
