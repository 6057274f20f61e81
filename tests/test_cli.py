"""The command line in Chinese: help, usage and every argparse error of every command; --format lists in any
case; -o and --embed-fonts checked against the formats; --draft passed on; a console that cannot show ✓."""

from __future__ import annotations

import argparse
import inspect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import CHINESE, ROOT, assert_refused, run_cli, snapshot
from pypdf import PdfReader

from lintou_report.cli import main
from lintou_report.commands.options import Parser, _width, chinese_error, formats
from lintou_report.resources import default_data_file

COMMANDS = [[], ["schema"], ["fonts"], ["fonts", "install"], ["extract"], ["validate"], ["build"], ["new-period"]]
COMMANDS.append(["check"])
COMMANDS += [["serve"], ["metrics"], ["metrics", "export"], ["metrics", "import"]]
ENGLISH = re.compile(r"usage:|options:|positional arguments|show this help|error:|argument|expected|invalid|required")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "report.yaml"
    shutil.copy(default_data_file(), path)
    return path


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "render")
def test_help_is_chinese(command: list[str], capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as info:
        main([*command, "-h"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("用法：lintou-report") and "选项：" in text
    assert re.search(r"-h, --help +显示本帮助并退出", text)
    assert not ENGLISH.search(text), text
    # every description starts in one column, as the terminal shows it
    sections = text[re.search(r"(?m)^(位置参数|选项)：$", text).start() :]
    # an option or a subcommand (indented 2 or 4), then its description; a wrapped description's next line
    starts = [_width(m[1]) for m in re.finditer(r"(?m)^( {2,4}\S.*? {2,})\S", sections)]
    starts += [len(m[1]) for m in re.finditer(r"(?m)^( {5,})\S", sections)]
    assert len(set(starts)) == 1, text


# (command line, what the Chinese error says)
MISTAKES = [
    (["--bogus"], "无法识别的参数：--bogus"),
    (["--data"], "参数 --data：需要一个值"),
    (["--format", "odt"], "参数 --format：不认识的格式 “odt”"),
    (["--docx-font-names", "mac"], "参数 --docx-font-names：无效的取值 'mac'（可选："),
    (["schema", "extra"], "无法识别的参数：extra"),
    (["fonts", "--template"], "参数 --template：需要一个值"),
    (["fonts", "install", "--now"], "无法识别的参数：--now"),
    (["extract"], "缺少必需的参数：原稿"),
    (["validate", "--strict"], "无法识别的参数：--strict"),
    (["build", "-j", "many"], "参数 -j/--jobs：'many' 不是有效的整数"),
    (["build", "--format", "pdf,xps"], "不认识的格式 “xps”"),
    (["new-period", "2024-01"], "缺少必需的参数：--from"),
    (["check"], "缺少必需的参数：文件"),
    (["check", "--profile", "memo", "x.pdf"], "参数 --profile：无效的取值 'memo'"),
]


@pytest.mark.parametrize(("argv", "says"), MISTAKES, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_usage_errors_are_chinese_with_status_2(argv: list[str], says: str, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    ran = run_cli(argv, cwd=tmp_path)
    assert_refused(ran, mentions=[says, "用法：lintou-report"], before=before, folder=tmp_path)
    assert not ENGLISH.search(ran.err), ran.err


def test_every_argparse_message_is_translated() -> None:
    """The messages argparse itself composes on this Python, each caught and put in Chinese."""
    p = Parser(prog="t")
    p.add_argument("file")
    p.add_argument("-n", type=int)
    p.add_argument("--kind", choices=("a", "b"))
    p.add_argument("--two", nargs=2)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--x", action="store_true")
    group.add_argument("--y", action="store_true")
    messages = []

    def record(message: str) -> None:
        messages.append(message)
        raise SystemExit(2)

    p.error = record  # type: ignore[method-assign]
    for argv in ([], ["f", "-n", "x"], ["f", "--kind", "c"], ["f", "--two", "1"], ["f", "--x", "--y"], ["f", "g"]):
        with pytest.raises(SystemExit):
            p.parse_args(argv)
    assert len(messages) == 6
    for message in messages:
        chinese = chinese_error(message)
        assert CHINESE.search(chinese) and not ENGLISH.search(chinese), (message, chinese)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["--format", "PDF"], ["pdf"]),
        (["--format", "Docx"], ["docx"]),
        (["--format", "pdf,docx"], ["pdf", "docx"]),
        (["--format", "DOCX，PDF"], ["pdf", "docx"]),
        (["--format", "docx", "--format", "pdf"], ["pdf", "docx"]),
        (["--format", "ALL"], ["pdf", "docx"]),
        (["--format", "all,pdf"], ["pdf", "docx"]),
    ],
)
def test_formats_in_any_case_as_lists_or_repeated(
    given: list[str], expected: list[str], data: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "out"
    assert main(["--data", str(data), *given, "-o", str(out)]) == 0
    assert capsys.readouterr().out.split() == [str(out / f"briefing-2023-11.{fmt}") for fmt in expected]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"briefing-2023-11.{fmt}" for fmt in expected)
    heads = {"pdf": b"%PDF", "docx": b"PK"}
    for fmt in expected:
        assert (out / f"briefing-2023-11.{fmt}").read_bytes()[:2] == heads[fmt][:2]


def test_formats_are_listed_in_one_place() -> None:
    from lintou_report.writers import DEFAULT_FORMATS

    assert formats("all") == DEFAULT_FORMATS
    with pytest.raises(argparse.ArgumentTypeError, match="可用：pdf、docx、ofd、all"):
        formats("odt")
    with pytest.raises(argparse.ArgumentTypeError, match="没有给出格式"):
        formats(" , ")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--format", "all", "-o", "x.pdf"], "-o x.pdf 是文件名（扩展名 .pdf），而要生成 2 种格式（pdf、docx）"),
        (["--format", "pdf,docx", "-o", "x.DOCX"], "-o 应是文件夹"),
        (["--format", "docx", "-o", "x.pdf"], "-o x.pdf 的扩展名 .pdf 与输出格式 docx 不符"),
    ],
)
def test_output_file_name_that_does_not_fit_the_formats(argv: list[str], says: str, data: Path, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    ran = run_cli(["--data", data, *argv], cwd=tmp_path)
    assert_refused(ran, mentions=[says, "未写入任何文件"], before=before, folder=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.yaml"]  # no folder named x.pdf


def test_build_output_must_be_a_folder(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples" / "workspace", tmp_path / "ws")
    before = snapshot(tmp_path)
    ran = run_cli(["build", "--all", "-o", "out.pdf"], cwd=tmp_path / "ws")
    assert_refused(ran, mentions=["批量生成时 -o 是输出文件夹"], before=before, folder=tmp_path)


def test_an_existing_folder_named_like_a_file_is_a_folder(data: Path, tmp_path: Path) -> None:
    (tmp_path / "x.pdf").mkdir()
    ran = run_cli(["--data", data, "--format", "all", "-o", "x.pdf"], cwd=tmp_path)
    assert ran.status == 0, ran.message
    assert sorted(p.name for p in (tmp_path / "x.pdf").iterdir()) == ["briefing-2023-11.docx", "briefing-2023-11.pdf"]


def test_embed_fonts_with_pdf_only_is_explained(data: Path, tmp_path: Path) -> None:
    ran = run_cli(["--data", data, "--embed-fonts", "-o", "a.pdf"], cwd=tmp_path)
    assert ran.status == 0, ran.message
    assert "提醒：--embed-fonts 只作用于 DOCX；PDF 总是嵌入所用字体的子集" in ran.err
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    ran = run_cli(["--data", data, "--embed-fonts", "--format", "all", "-o", "both"], cwd=tmp_path)
    assert ran.status == 0 and "--embed-fonts" not in ran.err


@pytest.mark.parametrize("command", [[], ["validate"], ["build", "--all"]], ids=["render", "validate", "build"])
def test_draft_is_passed_to_prepare(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import lintou_report.pipeline as pipeline

    assert inspect.signature(pipeline.prepare).parameters["draft"].default is False
    shutil.copytree(ROOT / "examples" / "workspace", tmp_path / "ws")
    monkeypatch.chdir(tmp_path / "ws")
    seen: list[bool] = []
    real = pipeline.prepare

    def spy(*args: object, **kwargs: object) -> pipeline.Prepared:
        bound = inspect.signature(real).bind(*args, **kwargs)
        seen.append(bound.arguments.get("draft", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "prepare", spy)
    import lintou_report.commands.validate as validate

    monkeypatch.setattr(validate, "prepare", spy)
    extra = ["--period", "2023-11"] if not command else ["-j", "1"] if command[0] == "build" else []
    assert main([*command, *extra, "--draft"]) == 0
    assert seen and all(seen)
    seen.clear()
    assert main([*command, *extra]) == 0
    assert seen and not any(seen)


def gbk_run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The command with its output encoded in GBK, as a Chinese Windows console or a redirected one."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "gbk", "HOME": str(cwd)}
    return subprocess.run([sys.executable, "-m", "lintou_report", *args], cwd=cwd, env=env, capture_output=True)


def test_a_gbk_console_gets_look_alikes_not_a_crash(data: Path, tmp_path: Path) -> None:
    done = gbk_run(["validate", str(data)], tmp_path)
    out = done.stdout.decode("gbk")
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    assert out.startswith(f"√ {data}：没有问题")
    data.write_text(data.read_text(encoding="utf-8").replace("    issue: 11\n", "    issue: 十一\n"), encoding="utf-8")
    done = gbk_run(["validate", str(data)], tmp_path)
    out, err = done.stdout.decode("gbk"), done.stderr.decode("gbk")
    assert done.returncode == 2 and out.startswith(f"× {data}：1 处问题") and "Traceback" not in out + err


def test_a_console_without_chinese_gets_question_marks_not_a_crash(data: Path, tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "lintou_report", "validate", str(data)], cwd=tmp_path, env=env, capture_output=True
    )
    assert done.returncode == 0 and done.stdout.decode("ascii").startswith(f"? {data}")


def test_a_reader_that_stops_reading_ends_the_command_quietly() -> None:
    """`lintou-report schema | head -1`: the pipe's reader is gone before the output is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from lintou_report.cli import main; sys.exit(main())", "schema"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 141, done.stderr
    assert done.stderr == ""


def test_the_program_for_one_report_leaves_few_objects_in_cycles_however_long(tmp_path: Path) -> None:
    """The program run for one report does without the cycle collector (cli.py): what it leaves in cycles is
    a fixed cost of its modules, not a cost of each page."""
    seed = default_data_file().read_text(encoding="utf-8")
    intro = seed.index("\nthemes:")
    long = tmp_path / "long.yaml"
    paragraph = "  - " + "林头镇党委坚持党建引领，推动基层治理提质增效，群众满意度持续提升。" * 8 + "\n"
    long.write_text(seed[:intro] + "\n" + paragraph * 300 + seed[intro:], encoding="utf-8")
    code = (
        "import gc, sys\nfrom lintou_report.cli import main\n"
        "sys.argv = ['lintou-report', '--format', 'all', '--data', sys.argv[1], '-o', sys.argv[2]]\n"
        "assert main() == 0 and not gc.isenabled()\ngc.unfreeze()\nprint(gc.collect())\n"
    )
    left = {}
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    for name, data in (("seed", default_data_file()), ("long", long)):
        argv = [sys.executable, "-c", code, str(data), str(tmp_path / name)]
        ran = subprocess.run(argv, capture_output=True, text=True, env=env)
        assert ran.returncode == 0, ran.stderr
        left[name] = int(ran.stdout.split()[-1])
    pages = len(PdfReader(tmp_path / "long" / "briefing-2023-11.pdf").pages)
    assert pages > 100
    assert left["seed"] < 5000 and left["long"] <= left["seed"] * 1.2, left


@pytest.mark.parametrize("command", [[], ["validate"], ["build"]], ids=lambda c: " ".join(c) or "render")
def test_template_help_names_every_bundled_kind(command: list[str], capsys: pytest.CaptureFixture) -> None:
    """A clerk reading `-h` learns every kind --template takes, not only the first two."""
    with pytest.raises(SystemExit):
        main([*command, "-h"])
    text = " ".join(capsys.readouterr().out.split())
    help_text = text[text.index("--template 模板 ") :]
    for kind in sorted(p.parent.name for p in (ROOT / "templates").glob("*/template.yaml")):
        assert f"{kind} " in help_text.split(" -o ")[0].split(" --period ")[0].split(" --format ")[0], kind
