"""The command line: arguments in, library calls out, messages in Simplified Chinese. No logic here."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lintou_report import __version__
from lintou_report.errors import UserError

FORMAT_CHOICES = {"pdf": ("pdf",), "docx": ("docx",), "all": ("pdf", "docx")}


def _render_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="lintou-report",
        description="把工作材料数据文件排成符合 GB/T 9704-2012 的工作简报或报告（PDF、Word DOCX）。",
        epilog="其他命令：lintou-report schema（输出数据文件的 JSON Schema）。"
        "不带参数时，用内置的林头镇 2023年11月 数据生成简报。",
    )
    p.add_argument(
        "--format", choices=FORMAT_CHOICES, default="pdf", help="输出格式：pdf、docx 或 all（两种都要），默认 pdf"
    )
    p.add_argument("--data", type=Path, help="数据文件（YAML），默认用内置的林头镇示例数据")
    p.add_argument("--template", default="briefing", help="模板名称（briefing）或模板文件夹，默认 briefing（工作简报）")
    p.add_argument(
        "-o", "--output", type=Path, help="输出文件（只要一种格式时）或文件夹，默认 ./out/<模板>-<报告期>.<扩展名>"
    )
    p.add_argument("--version", action="version", version=f"lintou-report {__version__}")
    return p


def _cmd_render(argv: list[str]) -> int:
    args = _render_parser().parse_args(argv)
    from lintou_report.pipeline import make
    from lintou_report.resources import default_data_file

    for path in make(args.data or default_data_file(), args.template, FORMAT_CHOICES[args.format], args.output):
        print(path)
    return 0


def _cmd_schema(argv: list[str]) -> int:
    argparse.ArgumentParser(prog="lintou-report schema", description="输出数据文件的 JSON Schema。").parse_args(argv)
    from lintou_report.model import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


COMMANDS = {"schema": _cmd_schema}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = COMMANDS.get(argv[0]) if argv else None
    try:
        return command(argv[1:]) if command else _cmd_render(argv)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断，未写入任何文件。", file=sys.stderr)
        return 130
