"""The command line's parser in Chinese, options several commands share, and the output formats."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path
from typing import NoReturn

from lintou_report.commands import COMMANDS, PROGRAM
from lintou_report.errors import quoted
from lintou_report.writers import DEFAULT_FORMATS, FORMATS

# What --format accepts besides the formats themselves (writers.FORMATS: a new format is one entry there).
FORMAT_GROUPS = {"all": DEFAULT_FORMATS}

# argparse's own English, as it composes its help and errors (Python 3.11 and later), → Chinese.
_HEADINGS = {
    "usage: ": "用法：",
    "options:": "选项：",
    "optional arguments:": "选项：",
    "positional arguments:": "位置参数：",
}
_ERRORS = [
    (r"the following arguments are required: (.+)", "缺少必需的参数：{0}"),
    (r"one of the arguments (.+) is required", "参数 {0} 中必须给出一个"),
    (r"argument (.+?): (.+)", "参数 {0}：{1}"),
    (r"invalid choice: (.+?) \(choose from (.+)\)", "无效的取值 {0}（可选：{1}）"),
    (r"unrecognized arguments: (.+)", "无法识别的参数：{0}"),
    (r"expected one argument", "需要一个值"),
    (r"expected at least one argument", "至少需要一个值"),
    (r"expected at most one argument", "至多可给一个值"),
    (r"expected (\d+) arguments?", "需要 {0} 个值"),
    (r"invalid (\S+) value: (.+)", "{0} 不是有效的{1}"),
    (r"not allowed with argument (.+)", "不能与参数 {0} 同时使用"),
    (r"ambiguous option: (.+?) could match (.+)", "选项 {0} 有歧义，可能是 {1}"),
    (r"ignored explicit argument (.+)", "参数 {0} 多余"),
]
_TYPES = {"int": "整数", "float": "数字"}


def chinese_error(message: str) -> str:
    """argparse's error ``message`` in Chinese (as it is, when it is already Chinese or not known)."""
    for pattern, chinese in _ERRORS:
        if match := re.fullmatch(pattern, message, re.DOTALL):
            parts = [chinese_error(part) for part in match.groups()]
            if pattern.startswith("invalid (\\S+) value"):
                parts = [parts[1], _TYPES.get(parts[0], parts[0])]
            return chinese.format(*parts)
    return message


def _chinese_headings(text: str) -> str:
    for english, chinese in _HEADINGS.items():
        text = re.sub(rf"(?m)^{re.escape(english)}", chinese, text)
    return text


def _width(text: str) -> int:
    """Columns a terminal gives ``text`` (two for a Chinese character)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_OPTION_LINE = re.compile(r"(  \S.*?)( {2,})(\S.*)")
_HELP_POSITION = 24  # argparse's default column for descriptions, at most


def _aligned(text: str) -> str:
    """Help with the descriptions in one column as a terminal shows them: argparse counts a Chinese metavar
    (--data 文件) as one column a character, not two. An option too wide gets its description below it."""
    lines = text.split("\n")
    found = {i: m for i, line in enumerate(lines) if (m := _OPTION_LINE.fullmatch(line))}
    if not found:
        return text
    before = max(len(m[1]) + len(m[2]) for m in found.values())  # argparse's column, in characters
    column = max(before, min(_HELP_POSITION, max(_width(m[1]) + 2 for m in found.values())))
    for i, line in enumerate(lines):
        if m := found.get(i):
            width = _width(m[1])
            lines[i] = m[1] + (" " * (column - width) if width + 2 <= column else "\n" + " " * column) + m[3]
        elif line.startswith(" " * before) and line[before : before + 1].strip():
            lines[i] = " " * column + line[before:]  # a description's next line
    return "\n".join(lines)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, help and errors are in Chinese; a usage error exits with status 2."""

    def __init__(self, *args, command: str | None = None, **kwargs) -> None:
        """``command``: one of COMMANDS, whose name and description the parser takes."""
        if command is not None:
            kwargs.setdefault("prog", f"{PROGRAM} {command}")
            kwargs.setdefault("description", COMMANDS[command].description)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_usage(self) -> str:
        return _chinese_headings(super().format_usage())

    def format_help(self) -> str:
        return _aligned(_chinese_headings(super().format_help()))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{chinese_error(message)}\n（运行 {self.prog} -h 查看全部选项）\n")


def formats(text: str) -> tuple[str, ...]:
    """--format's value: one format or several separated by commas, any case; ``all`` is PDF and DOCX."""
    chosen: list[str] = []
    for name in filter(None, (part.strip().lower() for part in re.split(r"[,，、]", text))):
        if name not in FORMATS and name not in FORMAT_GROUPS:
            known = "、".join([*FORMATS, *FORMAT_GROUPS])
            raise argparse.ArgumentTypeError(f"不认识的格式 {quoted(name)}（可用：{known}，可用逗号连写，如 pdf,docx）")
        chosen += FORMAT_GROUPS.get(name, (name,))
    if not chosen:
        raise argparse.ArgumentTypeError("没有给出格式")
    return tuple(chosen)


def format_option(p: argparse.ArgumentParser, default: tuple[str, ...]) -> None:
    """--format, repeatable; read the chosen formats with ``chosen_formats``."""
    names = "、".join(FORMATS)
    p.add_argument(
        "--format",
        type=formats,
        action="append",
        metavar="格式",
        help=f"输出格式：{names}，或 all（{'、'.join(FORMAT_GROUPS['all'])} 都要）；不分大小写，"
        f"可用逗号连写或重复给出（如 pdf,docx）；默认 {'+'.join(default) if len(default) > 1 else default[0]}",
    )
    p.set_defaults(default_formats=default)


def chosen_formats(args: argparse.Namespace) -> tuple[str, ...]:
    """The formats asked for, each once, in the order of FORMATS."""
    asked = {fmt for group in args.format or [args.default_formats] for fmt in group}
    return tuple(fmt for fmt in FORMATS if fmt in asked)


# the bundled template sets (templates/*/), as --template names them
TEMPLATE_NAMES = "briefing 工作简报、report 报告、notice 通知、request 请示、letter 函、minutes 纪要、order 命令"


def draft_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--draft", action="store_true", help="草稿（draft）：允许尚未填写的【待填】内容，每页标明“草稿”")


def period_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--period", metavar="报告期", help="报告期，如 2023-11：用工作区中 periods/<报告期>/report.yaml 及其覆盖模板"
    )
    workspace_option(p)


def workspace_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--workspace", type=Path, metavar="文件夹", help="工作区文件夹（含 periods/），默认从当前文件夹向上查找"
    )


def font_dir_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--font-dir",
        type=Path,
        action="append",
        default=[],
        metavar="文件夹",
        help="另用此文件夹中的字体（按字体名称对应角色，如 仿宋_GB2312、黑体），优先于本机安装的字体；可重复",
    )
