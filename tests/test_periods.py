"""Reporting periods: the workspace, new-period scaffolding, template overrides, comparison with the last period."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from lintou_report import tree
from lintou_report.cli import main
from lintou_report.errors import UserError
from lintou_report.source.comparison import compare
from lintou_report.source.model import Metric, Report, load_report
from lintou_report.source.templating import build_document, environment, template_set
from lintou_report.workspace.periods import Workspace, period_label, shift_months

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "workspace"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.chdir(root)
    return root


def tables(document: tree.Document) -> list[tree.Table]:
    return [b for b in document.blocks if isinstance(b, tree.Table)]


# --- the workspace ------------------------------------------------------------------------------------


def test_workspace_is_found_from_a_subfolder_or_given(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace / "periods" / "2023-12" / "templates")
    assert Workspace.find().root == workspace
    assert Workspace.find(workspace).root == workspace
    assert Workspace.find().ids() == ["2023-11", "2023-12"]
    with pytest.raises(UserError, match="不是工作区"):
        Workspace.find(workspace / "periods")


def test_previous_period_is_the_latest_earlier_one_of_the_same_kind(workspace: Path) -> None:
    for period in ("2023-Q3", "2023"):
        (workspace / "periods" / period).mkdir()
        shutil.copy(workspace / "periods" / "2023-11" / "report.yaml", workspace / "periods" / period / "report.yaml")
    found = Workspace(workspace)
    assert found.previous("2023-12").id == "2023-11"
    assert found.previous("2023-11") is None  # 2023-Q3 and 2023 are not months
    assert found.previous("2023-Q4").id == "2023-Q3"
    src = found.sources("2023-12", "briefing")
    assert src.previous == workspace / "periods" / "2023-11" / "report.yaml"
    assert src.overrides == workspace / "periods" / "2023-12" / "templates" / "briefing"
    assert found.sources("2023-12", "report").overrides is None  # no override for that set


def test_dates_and_labels() -> None:
    assert shift_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert shift_months(dt.date(2023, 11, 9), 2) == dt.date(2024, 1, 9)
    assert period_label("2024-01") == "2024年1月"
    assert period_label("2024-Q3") == "2024年第三季度"
    assert period_label("2024") == "2024年"


# --- new-period ---------------------------------------------------------------------------------------


def test_new_period_in_a_new_year(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["new-period", "2024-01", "--from", "2023-12"]) == 0
    folder = workspace / "periods" / "2024-01"
    assert f"{folder / 'report.yaml'}" in capsys.readouterr().out
    old, new = load_report(workspace / "periods" / "2023-12" / "report.yaml"), load_report(folder / "report.yaml")
    assert (new.meta.period.id, new.meta.period.label) == ("2024-01", "2024年1月")
    assert new.meta.date == dt.date(2024, 1, 9) and new.meta.printing.date == dt.date(2024, 1, 9)
    assert new.meta.published == dt.datetime(2024, 1, 9, 15, 13)
    assert new.meta.briefing.issue == 1  # issue numbers restart each year
    assert new.meta.doc_number == "林党〔2024〕1号"
    assert [m.id for m in new.metrics] == [m.id for m in old.metrics]
    assert all(m.value == o.value for m, o in zip(new.metrics, old.metrics, strict=True))
    assert all(m.review == f"上期（2023-12）数值{m.value_text}，待更新" for m in new.metrics)
    assert new.themes == old.themes and new.intro == old.intro
    for name in ("briefing", "report"):
        assert (folder / "templates" / name / "document.xml.j2").is_file()


def test_new_period_in_the_same_year_keeps_the_file_as_written(workspace: Path) -> None:
    shutil.rmtree(workspace / "periods" / "2023-12")
    assert main(["new-period", "2023-12", "--from", "2023-11"]) == 0
    source = (workspace / "periods" / "2023-11" / "report.yaml").read_text(encoding="utf-8")
    text = (workspace / "periods" / "2023-12" / "report.yaml").read_text(encoding="utf-8")
    new = load_report(workspace / "periods" / "2023-12" / "report.yaml")
    assert new.meta.briefing.issue == 12 and new.meta.doc_number == "林党〔2023〕13号"
    assert new.corrections == []
    # hand-written layout survives: the body is byte for byte the same, metrics stay one flow mapping each
    body = slice(source.index("intro:"), source.index("metrics:"))
    assert text[text.index("intro:") : text.index("metrics:")] == source[body]
    assert text.count("\n  - {id: ") == source.count("\n  - {id: ")
    assert text.startswith("# 2023年12月（2023-12）的数据：由 lintou-report new-period 从 2023-11 生成。")
    assert "期号 第11期 → 第12期" in text and "发文字号 林党〔2023〕12号 → 林党〔2023〕13号" in text


def test_new_period_refuses_to_clobber_or_guess(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    data = workspace / "periods" / "2023-12" / "report.yaml"
    before = data.read_bytes()
    assert main(["new-period", "2023-12", "--from", "2023-11"]) == 2
    assert "报告期 2023-12 已经存在，未做任何改动" in capsys.readouterr().err
    assert data.read_bytes() == before
    assert main(["new-period", "2024-13", "--from", "2023-12"]) == 2
    assert "格式不对" in capsys.readouterr().err
    assert main(["new-period", "2024-01", "--from", "2023-10"]) == 2
    assert "报告期 2023-10 不存在" in capsys.readouterr().err
    assert main(["new-period", "2023-10", "--from", "2023-11"]) == 2
    assert "之后" in capsys.readouterr().err
    assert sorted(p.name for p in (workspace / "periods").iterdir()) == ["2023-11", "2023-12"]


def declared_blocks(name: str) -> list[str]:
    from jinja2 import nodes

    tset = template_set(name)
    env = environment(tset.folder)
    source = (tset.folder / "document.xml.j2").read_text(encoding="utf-8")
    return [b.name for b in env.parse(source).find_all(nodes.Block)]


@pytest.mark.parametrize("name", ["briefing", "report"])
def test_skeleton_lists_every_block_and_changes_nothing(workspace: Path, name: str) -> None:
    assert list(template_set(name).blocks) == declared_blocks(name)
    assert main(["new-period", "2024-01", "--from", "2023-12"]) == 0
    skeleton = workspace / "periods" / "2024-01" / "templates" / name
    text = (skeleton / "document.xml.j2").read_text(encoding="utf-8")
    for block, what in template_set(name).blocks.items():
        assert f"{{% block {block} %}}" in text and what in text
    report = load_report(workspace / "periods" / "2024-01" / "report.yaml")
    assert build_document(report, name, skeleton) == build_document(report, name)


# --- overrides ----------------------------------------------------------------------------------------


def test_override_replaces_blocks_and_inherits_the_rest(workspace: Path) -> None:
    report = load_report(workspace / "periods" / "2023-12" / "report.yaml")
    plain = build_document(report)
    overridden = build_document(report, "briefing", workspace / "periods" / "2023-12" / "templates" / "briefing")
    masthead = overridden.blocks[0]
    assert isinstance(masthead, tree.BriefingMasthead) and masthead.issue == "第12期（年终专刊）"
    note = plain.blocks[2]  # the 编者按 comes from the data (meta.editor_note), no override needed
    assert isinstance(note, tree.Paragraph) and note.runs[0].role == "kai" and note.text.startswith("编者按：")
    assert overridden.blocks[1:] == plain.blocks[1:]  # everything else as the default set has it
    without = build_document(load_report(workspace / "periods" / "2023-11" / "report.yaml"))
    assert not any(isinstance(b, tree.Paragraph) and "编者按" in b.text for b in without.blocks)


def test_override_may_import_shared_macros_and_the_set_is_not_touched(tmp_path: Path, seed_report: Report) -> None:
    folder = tmp_path / "briefing"
    folder.mkdir()
    (folder / "document.xml.j2").write_text(
        '{% extends "document.xml.j2" %}\n{% import "common/blocks.xml.j2" as b %}\n'
        "{% block themes %}{{ b.theme_section(1, report.themes[0], []) }}{% endblock %}\n",
        encoding="utf-8",
    )
    document = build_document(seed_report, "briefing", folder)
    assert [b.text for b in document.blocks if isinstance(b, tree.Heading) and b.level == 1] == [
        "一、党建+阵地，为融合发展打“底色”"
    ]
    assert not tables(document)
    assert len(tables(build_document(seed_report))) == 3


# --- comparison ---------------------------------------------------------------------------------------


def test_metric_tables_gain_previous_and_change_columns(workspace: Path, seed_report: Report) -> None:
    report = load_report(workspace / "periods" / "2023-12" / "report.yaml")
    first = tables(build_document(report, previous=seed_report))[0]
    assert [c.header for c in first.columns] == ["指标", "本期", "单位", "上期", "增减"]
    rows = {row[0]: row[1:] for row in first.rows}
    assert rows["纳入非公企业和社会组织信息平台企业"] == ("48", "家", "45", "+3（+6.7%）")
    assert rows["开展主题党日活动"] == ("12", "场", "—", "—")  # new this period
    assert rows["举办专题培训班"] == ("4", "次", "4", "持平")
    alone = tables(build_document(report))[0]
    assert [c.header for c in alone.columns] == ["指标", "数值", "单位"]


def metric(value: str, unit: str = "个", qualifier: str | None = None, mid: str = "m") -> Metric:
    return Metric(
        id=mid, label="x", value=Decimal(value), unit=unit, qualifier=qualifier, theme="t", item=1, source=value
    )


def test_change_arithmetic(seed_report: Report) -> None:
    def with_previous(*metrics: Metric) -> Report:
        return seed_report.replaced(metrics=list(metrics))

    assert compare(metric("42"), with_previous(metric("45"))).change == "-3（-6.7%）"
    assert compare(metric("4.2", "亿元"), with_previous(metric("3.8", "亿元"))).change == "+0.4（+10.5%）"
    assert compare(metric("5"), with_previous(metric("0"))).change == "+5"  # no percentage of nothing
    unit = compare(metric("5", "万元"), with_previous(metric("3", "亿元")))
    assert (unit.before, unit.change) == ("3亿元", "—")
    assert compare(metric("1500"), with_previous(metric("1400", qualifier="近"))).before == "近1400"
    assert compare(metric("5"), with_previous(metric("5", mid="other"))).change == "—"


def test_render_period_end_to_end(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    pypdf = pytest.importorskip("pypdf")
    assert main(["--period", "2023-12", "--format", "all"]) == 0
    out = capsys.readouterr().out.split()
    assert out == [str(workspace / "out" / "briefing-2023-12.pdf"), str(workspace / "out" / "briefing-2023-12.docx")]
    # the 中西间距 around digits (layout/autospace.py) reads as a space to text extraction
    text = "".join("".join(page.extract_text().split(" ")) for page in pypdf.PdfReader(out[0]).pages)
    assert "第12期（年终专刊）" in text and "编者按" in text
    assert "上期" in text and "+3（+6.7%）" in text
    import docx

    cells = [c.text for t in docx.Document(out[1]).tables for row in t.rows for c in row.cells]
    assert "+3（+6.7%）" in cells and "上期" in cells


def test_scaffold_marks_block_style_metrics_and_keeps_their_comments() -> None:
    import yaml

    from lintou_report.resources import default_data_file
    from lintou_report.source.model import parse_yaml
    from lintou_report.workspace.periods import scaffold_data

    text = default_data_file().read_text(encoding="utf-8")
    first = yaml.safe_load(text)["metrics"][0]
    block = "metrics:\n  - id: {id}  # 各期相同\n    label: {label}\n    value: {value}\n    unit: {unit}\n".format(
        **first
    )
    block += f"    theme: {first['theme']}\n    item: {first['item']}\n    source: {first['source']}\n\n"
    text = text[: text.index("metrics:")] + block + text[text.index("corrections:") :]
    report = Report.from_data(parse_yaml(text)[0])
    out = scaffold_data(text, report, "2023-12")
    assert "  - id: enterprises-on-platform  # 各期相同\n" in out
    assert f"    source: {first['source']}\n    review: 上期（2023-11）数值45，待更新\n" in out
    [metric] = Report.from_data(parse_yaml(out)[0]).metrics
    assert metric.review == "上期（2023-11）数值45，待更新" and metric.value == 45


def test_scaffold_a_quarter() -> None:
    from lintou_report.resources import default_data_file
    from lintou_report.source.model import parse_yaml
    from lintou_report.workspace.periods import scaffold_data

    text = default_data_file().read_text(encoding="utf-8")
    text = text.replace("    id: 2023-11\n    label: 2023年11月\n", "    id: 2023-Q4\n    label: 2023年第四季度\n")
    out = scaffold_data(text, Report.from_data(parse_yaml(text)[0]), "2024-Q1")
    meta = Report.from_data(parse_yaml(out)[0]).meta
    assert (meta.period.id, meta.period.label) == ("2024-Q1", "2024年第一季度")
    assert meta.date == dt.date(2024, 2, 9) and meta.briefing.issue == 1
