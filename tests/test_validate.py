"""Bad input through the command line: a clear Chinese message with file and line, exit status 2,
no traceback, and no output file written or clobbered."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from lintou_report.cli import main
from lintou_report.resources import default_data_file

ROOT = Path(__file__).resolve().parents[1]
SEED = default_data_file().read_text(encoding="utf-8")
GOOD = b"%PDF- a good file from an earlier run"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example workspace, entered as the current folder, with an earlier good output in out/."""
    root = tmp_path / "ws"
    shutil.copytree(ROOT / "examples" / "workspace", root)
    (root / "out").mkdir()
    (root / "out" / "briefing-2023-11.pdf").write_bytes(GOOD)
    monkeypatch.chdir(root)
    return root


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first occurrence of ``fragment``."""
    return text[: text.index(fragment)].count("\n") + 1


def set_data(workspace: Path, text: str, period: str = "2023-11") -> Path:
    path = workspace / "periods" / period / "report.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def fails(argv: list[str], capsys: pytest.CaptureFixture, workspace: Path) -> str:
    """Run the command; it must fail with status 2, no traceback, and leave out/ as it was."""
    before = sorted(p.name for p in (workspace / "out").iterdir())
    assert main(argv) == 2
    captured = capsys.readouterr()
    message = captured.err + captured.out
    assert "Traceback" not in message
    assert re.search(r"[\u4e00-\u9fff]", message), message  # Chinese
    assert sorted(p.name for p in (workspace / "out").iterdir()) == before
    assert (workspace / "out" / "briefing-2023-11.pdf").read_bytes() == GOOD
    return message


def at(message: str, path: Path, line: int) -> None:
    """The message names the file and the line (and a column when it has one)."""
    assert re.search(rf"{re.escape(str(path))}:{line}(:\d+)?: ", message), message


def test_malformed_yaml(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    text = SEED.replace("  title: 林头镇党委", "  title: [林头镇党委", 1)
    path = set_data(workspace, text)
    message = fails(["--period", "2023-11", "--format", "all"], capsys, workspace)
    assert "YAML 格式错误" in message and "修改建议" in message
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: ", message)


def test_wrong_type(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    path = set_data(workspace, SEED.replace("    issue: 11\n", "    issue: 十一\n"))
    message = fails(["--period", "2023-11"], capsys, workspace)
    at(message, path, line_of(SEED, "    issue: 11\n"))
    assert "字段 meta.briefing.issue" in message and "应为整数" in message


def test_missing_required_field(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    path = set_data(workspace, SEED.replace("  issuer: 中共林头镇委员会\n", ""))
    message = fails(["--period", "2023-11"], capsys, workspace)
    at(message, path, line_of(SEED, "meta:"))
    assert "字段 meta.issuer" in message and "缺少必填字段" in message


def test_unknown_field(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    path = set_data(workspace, SEED.replace("  author: 管理员\n", "  author: 管理员\n  auther: 张三\n"))
    message = fails(["--period", "2023-11"], capsys, workspace)
    at(message, path, line_of(SEED, "  author: 管理员") + 1)
    assert "字段 meta.auther" in message and "未知字段" in message


def test_duplicate_metric_id(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    text = SEED.replace("{id: party-orgs-founded,", "{id: enterprises-on-platform,")
    path = set_data(workspace, text)
    message = fails(["--period", "2023-11"], capsys, workspace)
    at(message, path, line_of(SEED, "{id: party-orgs-founded,"))
    assert "指标代号 enterprises-on-platform 重复" in message and "metrics[1].id" in message


def test_theme_count_the_template_does_not_expect(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    start, end = SEED.index("  - key: zhenxing"), SEED.index("metrics:")
    metrics_end = SEED.index("  - {id: functional-zones")  # the zhenxing metrics go with their theme
    text = SEED[:start] + "\n" + SEED[end:metrics_end] + "\n" + SEED[SEED.index("corrections:") :]
    path = set_data(workspace, text)
    # a template set written for exactly 3 themes says so in its template.yaml (the bundled ones take any number)
    three = workspace / "three"
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates" / "report", three)
    manifest = three / "template.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "themes: 3\n", encoding="utf-8")
    message = fails(["--period", "2023-11", "--template", str(three)], capsys, workspace)
    at(message, path, line_of(text, "themes:"))
    assert "按 3 个主题写成，数据中有 2 个主题" in message and "字段 themes" in message
    assert main(["validate", "--period", "2023-11"]) == 0  # the briefing takes any number of themes
    assert main(["validate", "--period", "2023-11", "--template", "report"]) == 0  # and so does the 报告


def test_field_the_template_needs(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    path = set_data(workspace, SEED.replace("  doc_number: 林党〔2023〕12号\n", ""))
    message = fails(["--period", "2023-11", "--template", "report"], capsys, workspace)
    at(message, path, line_of(SEED, "meta:"))
    assert "需要发文字号" in message and "meta.doc_number" in message


def test_an_empty_doc_number_is_said_to_be_empty(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    """A 发文字号 left empty (as a blank document starts) is 不能为空 with how to write one, not 格式不对."""
    text = SEED.replace("  doc_number: 林党〔2023〕12号\n", "  doc_number: ''\n")
    path = set_data(workspace, text)
    message = fails(["--period", "2023-11", "--template", "report"], capsys, workspace)
    at(message, path, line_of(text, "doc_number:"))
    assert "meta.doc_number：不能为空" in message and "林党〔2023〕12号" in message and "格式不对" not in message


@pytest.mark.parametrize(
    ("seal", "key"),
    [("    mode: organ\n    images: [a.png]\n", "images"), ("    mode: signature\n", "mode")],
    ids=["one-picture-for-two-organs", "signature-without-titles"],
)
def test_a_joint_seals_problem_names_the_seals_line(
    seal: str, key: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A joint 通知's seal that lacks a picture or the 职务 is placed at the seal's own key, not at meta:."""
    notice = (ROOT / "examples" / "kinds" / "notice.yaml").read_text(encoding="utf-8")
    text = notice.replace("  note: ", "  seal:\n" + seal + "  note: ", 1)
    path = tmp_path / "联合通知.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", "--template", "notice", str(path)]) == 2
    message = capsys.readouterr().out
    at(message, path, line_of(text, f"    {key}: "))
    assert f"字段 meta.seal.{key}：" in message and "按发文机关顺序" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["联合通知.yaml"]


def override(workspace: Path, body: str) -> Path:
    path = workspace / "periods" / "2023-12" / "templates" / "briefing" / "document.xml.j2"
    path.write_text('{% extends "document.xml.j2" %}\n\n' + body, encoding="utf-8")
    return path


def test_template_syntax_error(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    path = override(workspace, "{% block title %}\n<title>{% if %}</title>\n{% endblock %}\n")
    message = fails(["--period", "2023-12"], capsys, workspace)
    at(message, path, 4)
    assert "模板语法错误" in message


def test_undefined_name_in_template(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    path = override(workspace, "{% block title %}\n<title>\n{{ meta.titel }}</title>\n{% endblock %}\n")
    message = fails(["--period", "2023-12"], capsys, workspace)
    at(message, path, 5)
    assert "模板中的名字未定义" in message and "titel" in message
    path = override(workspace, "{% block title %}\n<title>{{ subtitle }}</title>\n{% endblock %}\n")
    message = fails(["--period", "2023-12"], capsys, workspace)
    at(message, path, 4)
    assert "subtitle" in message


def test_unwritable_output_path(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    blocker = workspace / "a-file"
    blocker.write_text("not a folder")
    message = fails(["--period", "2023-11", "-o", str(blocker / "briefing.pdf")], capsys, workspace)
    assert f"{blocker / 'briefing.pdf'}: 无法在此位置写入输出文件" in message
    assert "路径中" in message and "修改建议" in message
    assert blocker.read_text() == "not a folder"


def test_period_that_does_not_exist(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    message = fails(["--period", "2099-01"], capsys, workspace)
    assert "报告期 2099-01 不存在" in message and "2023-11、2023-12" in message
    message = fails(["validate", "--period", "2099-01"], capsys, workspace)
    assert "报告期 2099-01 不存在" in message


def test_not_a_workspace(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--period", "2023-11"]) == 2
    err = capsys.readouterr().err
    assert "不是工作区" in err and "--workspace" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_validate_reports_every_problem_at_once(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    text = (
        SEED.replace("    issue: 11\n", "    issue: 十一\n")
        .replace("  issuer: 中共林头镇委员会\n", "")
        .replace("  date: 2023-11-09\n", "  date: 2023-13-09\n")
        .replace("{id: party-orgs-founded,", "{id: enterprises-on-platform,")
    )
    path = set_data(workspace, text)
    assert main(["validate", str(path)]) == 2
    out = capsys.readouterr().out
    assert "4 处问题" in out
    for field in ("meta.briefing.issue", "meta.issuer", "meta.date"):
        assert f"字段 {field}" in out
    # the fields are wrong first; the duplicate id is found once they are right
    path = set_data(workspace, SEED.replace("{id: party-orgs-founded,", "{id: new-members,"))
    assert main(["validate", str(path)]) == 2
    assert "指标代号 new-members 重复" in capsys.readouterr().out


def test_validate_whole_workspace_and_reminders(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "共检查 2 个数据文件" in out and "0 处问题" in out
    assert main(["new-period", "2024-01", "--from", "2023-12"]) == 0
    capsys.readouterr()
    assert main(["validate", "--period", "2024-01"]) == 0  # reminders do not fail validation
    out = capsys.readouterr().out
    data = (workspace / "periods" / "2024-01" / "report.yaml").read_text(encoding="utf-8")
    first = line_of(data, "review: ")
    where = rf"periods/2024-01/report.yaml:{first}:\d+: "
    assert re.search(
        where
        + r"字段 metrics\[0\].review：指标“纳入非公企业和社会组织信息平台企业”尚待核对（代号 enterprises-on-platform）",
        out,
    )
    assert "19 项提醒" in out


def test_validate_without_workspace_checks_the_bundled_data(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    assert "lintou-2023-11.yaml：没有问题" in capsys.readouterr().out
    assert main(["validate", "--template", "report"]) == 0


def test_broken_previous_period_is_named_as_such(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    """A broken previous period does not stop this one: a reminder names it, and there is no 上期 column."""
    path = set_data(workspace, SEED.replace("    issue: 11\n", "    issue: 十一\n"))
    assert main(["--period", "2023-12", "--format", "docx"]) == 0
    message = capsys.readouterr().err
    assert "提醒：" in message and "上期数据无法读取，本期不与上期对比" in message
    at(message, path, line_of(SEED, "    issue: 11\n"))
    docx = zipfile.ZipFile(workspace / "out" / "briefing-2023-12.docx").read("word/document.xml").decode()
    assert "增减" not in docx


def test_markup_mistake_in_an_override_names_the_override(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    path = override(workspace, "{% block title %}\n<subtitle>x</subtitle>\n{% endblock %}\n")
    message = fails(["--period", "2023-12"], capsys, workspace)
    assert str(path) in message and "未知的元素 <subtitle>" in message


def test_period_and_data_together(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    message = fails(["--period", "2023-12", "--data", "periods/2023-11/report.yaml"], capsys, workspace)
    assert "不能再用 --data" in message


def test_period_folder_and_period_id_disagree(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    copy = workspace / "periods" / "2024-01"
    shutil.copytree(workspace / "periods" / "2023-12", copy)  # copied by hand, id not changed
    assert main(["build", "--all", "--format", "pdf"]) == 2
    message = capsys.readouterr().out
    assert sorted(p.name for p in (workspace / "out").iterdir()) == ["briefing-2023-11.pdf", "briefing-2023-12.pdf"]
    data = (copy / "report.yaml").read_text(encoding="utf-8")
    at(message, copy / "report.yaml", line_of(data, "id: 2023-12"))
    assert "数据文件在报告期文件夹 2024-01 中，报告期却是 2023-12" in message
    assert "共 3 期：成功 2，失败 1" in message


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    import os

    from lintou_report.errors import UserError
    from lintou_report.output import write_atomic

    target = tmp_path / "briefing-2023-11.pdf"
    target.write_bytes(GOOD)

    def broken_replace(src: str, dst: str) -> None:
        raise failure

    monkeypatch.setattr(os, "replace", broken_replace)
    expected = UserError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as info:
        write_atomic(target, b"new bytes")
    if expected is UserError:
        assert "磁盘空间不足" in str(info.value) and str(target) in str(info.value)
    assert target.read_bytes() == GOOD
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
