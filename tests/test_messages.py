"""A clerk's mistakes: YAML errors in Chinese at the line of the mistake, values cut short by ``#``, heading
stops, 【待填】 in a final document, and the warnings (提醒) that validate lists and a build prints."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest

from lintou_report.cli import main
from lintou_report.commands.validate import validate_targets
from lintou_report.errors import UserError
from lintou_report.pipeline import prepare, rehearse
from lintou_report.resources import default_data_file
from lintou_report.source.limits import MAX_TITLE_CHARS

ROOT = Path(__file__).resolve().parents[1]
SEED = default_data_file().read_text(encoding="utf-8")
TITLE = "  title: 林头镇党委以“党建+”赋能镇园融合发展"
PARAGRAPH = "          - 构建镇党委统一领导"
FIRST = SEED[SEED.index(PARAGRAPH) : SEED.index("\n", SEED.index(PARAGRAPH))]  # the whole line
ENGLISH = re.compile(r"\b(expected|found|could not|mapping|scalar|token)\b")


def data(tmp_path: Path, old: str, new: str) -> Path:
    assert old in SEED, old
    path = tmp_path / "report.yaml"
    path.write_text(SEED.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def validated(path: Path, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    status = main(["validate", str(path)])
    return status, capsys.readouterr().out


# --- YAML errors --------------------------------------------------------------------------------------

TITLE_LINE = line_of(SEED, TITLE)


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "cause", "fix"),
    [
        # the colon is on the title's line, though the parser only stumbles on the next one
        (TITLE, TITLE.replace("title: ", "title："), TITLE_LINE, 8, "全角冒号“：”", "改为“title: ”"),
        ("  author: 管理员", "\tauthor: 管理员", line_of(SEED, "  author:"), 1, "制表符（Tab）", "换成空格"),
        ("  author: 管理员", "    author: 管理员", line_of(SEED, "  author:"), 11, "缩进", "对齐"),
        ("    issue: 11", "   issue: 11", line_of(SEED, "    issue: 11"), 4, "缩进", "对齐"),
        ("  author: 管理员", '  author: "管理员', line_of(SEED, "  author:"), 11, "引号没有结束", "补上同样的引号"),
        ("  author: 管理员", "  author:管理员", line_of(SEED, "  author:"), 9, "冒号后面缺少空格", "“author: 值”"),
        ("  author: 管理员", "  author: 办公室: 张三", line_of(SEED, "  author:"), 14, "值中有“: ”", "加引号"),
    ],
    ids=["full-width-colon", "tab", "indent-more", "indent-less", "unclosed-quote", "no-space", "colon-in-value"],
)
def test_yaml_error_at_the_mistake_with_cause_and_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture, old: str, new: str, line: int, column: int, cause: str, fix: str
) -> None:
    path = data(tmp_path, old, new)
    status, out = validated(path, capsys)
    assert status == 2
    assert f"{path}:{line}:{column}: YAML 格式错误：" in out, out
    assert cause in out and "修改建议：" in out and fix in out, out
    assert not ENGLISH.search(out), out


# --- values cut short, heading stops, placeholders ---------------------------------------------------


def test_hash_that_cut_the_title_is_an_error_and_quoting_fixes_it(tmp_path: Path, capsys) -> None:
    path = data(tmp_path, TITLE, TITLE + " #镇园融合发展")
    status, out = validated(path, capsys)
    assert status == 2
    assert f"{path}:{TITLE_LINE}:10: 字段 meta.title：值后面的“#镇园融合发展”被 YAML 当作注释" in out
    assert '给整个值加引号："林头镇党委以“党建+”赋能镇园融合发展 #镇园融合发展"' in out
    path = data(tmp_path, TITLE, '  title: "林头镇党委以“党建+”赋能 #镇园融合发展"')
    assert validated(path, capsys)[0] == 0
    path = data(tmp_path, TITLE, TITLE + "  # 标题按县委组织部要求")  # a comment, written as one
    assert validated(path, capsys) == (
        0,
        f"✓ {path}：没有问题\n共检查 1 个数据文件（模板 briefing）：0 处问题，0 项提醒。\n",
    )


def test_heading_end_stops_are_dropped_and_said(tmp_path: Path, capsys) -> None:
    """A heading typed with the punctuation the template adds prints it once, in the PDF and the DOCX alike."""
    edits = {
        "heading: 筑牢红色堡垒": ("heading: 筑牢红色堡垒。", "模板在小标题后自动加句号"),
        "label: 党建+阵地": ("label: 党建+阵地，", "模板在主题名后加“，”再接口号"),
        "slogan: 为融合发展打“底色”": ("slogan: 为融合发展打“底色”。", "一级标题末尾不加标点"),
    }
    text = SEED
    for old, (new, _) in edits.items():
        text = text.replace(old, new, 1)
    path = tmp_path / "report.yaml"
    path.write_text(text, encoding="utf-8")
    status, out = validated(path, capsys)
    assert status == 0 and "3 项提醒" in out, out
    for old, (new, why) in edits.items():
        assert f"提醒：{path}:{line_of(SEED, old)}:" in out and f"末尾的“{new[-1]}”已去掉：{why}" in out, out
    out_dir = tmp_path / "out"
    assert main(["--data", str(path), "--format", "all", "-o", str(out_dir)]) == 0
    assert capsys.readouterr().err.count("已去掉") == 3  # a build says it too
    with pdfplumber.open(out_dir / "briefing-2023-11.pdf") as pdf:
        pdf_text = "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")
    docx_text = "".join(p.text for p in docx.Document(str(out_dir / "briefing-2023-11.docx")).paragraphs)
    for text in (pdf_text, docx_text):
        assert "一、党建+阵地，为融合发展打“底色”（一）筑牢红色堡垒。构建" in text, text[:400]
        assert "。。" not in text and "，，" not in text


def test_placeholders_refused_for_a_final_document_and_allowed_in_a_draft(tmp_path: Path, capsys) -> None:
    path = data(tmp_path, "    office: 中共林头镇委员会办公室", "    office: 【待填】编印单位")
    line = line_of(SEED, "    office: 中共林头镇委员会办公室")
    status, out = validated(path, capsys)
    assert status == 2
    assert f"{path}:{line}:13: 字段 meta.briefing.office：还有待填的内容：【待填】编印单位" in out and "--draft" in out
    with pytest.raises(UserError, match="还有待填的内容"):
        prepare(path)
    rehearse(prepare(path, draft=True))  # a draft lays out as it is
    assert validate_targets(path, out=io.StringIO(), draft=True) == 0


# --- warnings -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "column", "words"),
    [
        (PARAGRAPH, PARAGRAPH.replace("构建", "“构建"), 13, "引号或括号 “ 没有配对"),
        (PARAGRAPH, PARAGRAPH.replace("统一领导", "统一领导,上下"), 22, "英文标点 , "),
        (PARAGRAPH, PARAGRAPH.replace("统一领导", '"统一领导"'), 18, '英文标点 " '),
        (PARAGRAPH, PARAGRAPH.replace("统一领导", "(统一领导)"), 18, "英文标点 ( "),
        (PARAGRAPH, PARAGRAPH.replace("构建", "\u3000\u3000构建"), 13, "开头有空格"),
        (FIRST, FIRST.replace("- 构建", "- '  构建") + "'", 13, "开头有空格"),
        ("    label: 2023年11月", "    label: 2023年10月", 12, "2023年10月 与报告期代号 2023-11 不一致"),
        (
            "    date: 2023-11-09\n    copies",
            "    date: 2023-11-08\n    copies",
            11,
            "印发日期 2023-11-08 早于成文日期",
        ),
    ],
    ids=[
        "unpaired-quote",
        "ascii-comma",
        "ascii-quote",
        "ascii-bracket",
        "full-width-spaces",
        "ascii-spaces",
        "label-and-id",
        "printed-before-written",
    ],
)
def test_warnings_do_not_stop_a_build(
    tmp_path: Path, capsys: pytest.CaptureFixture, old: str, new: str, column: int, words: str
) -> None:
    path = data(tmp_path, old, new)
    line = line_of(SEED.replace(old, new, 1), new.strip().splitlines()[0])
    status, out = validated(path, capsys)
    assert status == 0 and "1 项提醒" in out, out
    assert f"提醒：{path}:{line}:{column}: 字段 " in out and words in out and "修改建议：" in out, out
    rehearse(prepare(path))  # and it builds
    assert validate_targets(path, out=io.StringIO()) == 0


@pytest.mark.parametrize(
    ("period", "label"),
    [("2023-01", "2023年01月"), ("2023-Q4", "2023年四季度"), ("2023", "2023年度"), ("2023-11", "2023年11月份")],
)
def test_label_written_differently_is_no_mistake(tmp_path: Path, capsys, period: str, label: str) -> None:
    path = data(tmp_path, "    id: 2023-11\n    label: 2023年11月", f"    id: {period}\n    label: {label}")
    assert validated(path, capsys)[1].endswith("0 处问题，0 项提醒。\n")


def test_byte_order_mark_is_read_and_the_places_stay(tmp_path: Path, capsys) -> None:
    path = tmp_path / "report.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.replace("  author: 管理员", "  author: 管理员,张三", 1).encode("utf-8"))
    status, out = validated(path, capsys)
    assert status == 0 and f"提醒：{path}:{line_of(SEED, '  author:')}:14: 字段 meta.author" in out, out


def test_the_seed_and_the_examples_have_no_warning(capsys) -> None:
    assert main(["validate", str(default_data_file())]) == 0
    assert main(["validate", "--workspace", str(ROOT / "examples" / "workspace")]) == 0
    out = capsys.readouterr().out
    assert "提醒：" not in out and out.count("0 处问题，0 项提醒") == 2


def test_the_same_issue_number_in_two_periods(tmp_path: Path, capsys) -> None:
    root = tmp_path / "ws"
    shutil.copytree(ROOT / "examples" / "workspace", root)
    later = root / "periods" / "2023-12" / "report.yaml"
    text = later.read_text(encoding="utf-8")
    issue = re.search(r"    issue: \d+", text).group()
    later.write_text(text.replace(issue, "    issue: 11"), encoding="utf-8")
    assert main(["validate", "--workspace", str(root)]) == 0
    out = capsys.readouterr().out
    line = line_of(text, issue)
    assert f"提醒：{later}:{line}:12: 字段 meta.briefing.issue：期号 11（党建工作简报，2023年）与 " in out, out
    assert "periods/2023-11/report.yaml 相同" in out and "共检查 2 个数据文件" in out


# --- validate passes what builds, and only that ------------------------------------------------------


def test_the_longest_title_allowed_builds(tmp_path: Path) -> None:
    path = data(tmp_path, TITLE, "  title: " + ("林头镇党委以党建赋能镇园融合发展" * 10)[:MAX_TITLE_CHARS])
    rehearse(prepare(path))
    path = data(tmp_path, TITLE, "  title: " + "林" * (MAX_TITLE_CHARS + 1))
    with pytest.raises(UserError, match=f"最多 {MAX_TITLE_CHARS} 字"):
        prepare(path)


def test_validate_and_build_agree_on_one_face_for_two_roles(tmp_path: Path, capsys) -> None:
    """The same font file given for two roles: whatever the writers make of it, validate says it first."""
    template = tmp_path / "twice"
    shutil.copytree(ROOT / "templates" / "briefing", template)
    for name in ("a.ttf", "b.ttf"):
        shutil.copy(ROOT / "fonts" / "FandolFang-Regular.gw.ttf", template / name)
    with (template / "template.yaml").open("a", encoding="utf-8") as f:
        f.write("fonts:\n  body: a.ttf\n  kai: b.ttf\n")
    checked = main(["validate", "--template", str(template)])
    out = capsys.readouterr().out
    try:
        built = main(["--template", str(template), "--format", "all", "-o", str(tmp_path / "out")])
    except Exception:  # a writer's crash (not this test's subject): the build failed, as validate must have said
        built = 1
    assert (checked == 0) == (built == 0), out
    assert "Traceback" not in out
