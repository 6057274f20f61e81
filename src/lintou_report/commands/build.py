"""lintou-report build: many periods at once."""

from __future__ import annotations

import argparse
from pathlib import Path

from lintou_report.commands.options import FORMAT_CHOICES, font_dir_option, workspace_option


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="lintou-report build",
        description="批量生成工作区中的多期文件（默认 PDF 和 DOCX 都生成），多核并行，显示进度，最后列出汇总表；"
        "某一期出错时继续生成其他各期，有任何一期失败则退出码非零。",
    )
    p.add_argument("periods", nargs="*", metavar="报告期", help="要生成的报告期，如 2023-11 2023-12")
    p.add_argument("--all", action="store_true", help="生成工作区中的全部报告期")
    p.add_argument(
        "--template",
        help="模板名称（briefing、report）或模板文件夹；默认用各期 settings.yaml 中选的模板，没有则 briefing",
    )
    p.add_argument("--format", choices=FORMAT_CHOICES, default="all", help="pdf、docx 或 all，默认 all")
    p.add_argument("-o", "--output", type=Path, help="输出文件夹，默认 <工作区>/out")
    workspace_option(p)
    p.add_argument("-j", "--jobs", type=int, help="同时生成几期，默认为 CPU 核数")
    font_dir_option(p)
    args = p.parse_args(argv)
    from lintou_report.workspace.batch import build_periods

    formats = FORMAT_CHOICES[args.format]
    return build_periods(
        args.periods, args.all, args.workspace, args.template, formats, args.output, args.jobs, tuple(args.font_dir)
    )
