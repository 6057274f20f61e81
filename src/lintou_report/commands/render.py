"""The default command: one report in PDF and/or DOCX."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lintou_report import __version__
from lintou_report.commands.options import FORMAT_CHOICES, font_dir_option, period_options


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="lintou-report",
        description="把工作材料数据文件排成符合 GB/T 9704-2012 的工作简报或报告（PDF、Word DOCX）。",
        epilog="其他命令：lintou-report schema（输出数据文件的 JSON Schema）、validate（检查数据和模板）、"
        "build（批量生成多期）、new-period（从上一期生成新一期）、"
        "fonts（查看所用字体）、fonts install（安装内置字体）、"
        "check（按 GB/T 9704 逐条检查任意 PDF 或 DOCX）。"
        "不带参数时，用内置的林头镇 2023年11月 数据生成简报。",
    )
    p.add_argument(
        "--format", choices=FORMAT_CHOICES, default="pdf", help="输出格式：pdf、docx 或 all（两种都要），默认 pdf"
    )
    p.add_argument("--data", type=Path, help="数据文件（YAML），默认用内置的林头镇示例数据")
    p.add_argument(
        "--template",
        help="模板：briefing（工作简报，默认）、report（报告，公文）或模板文件夹；"
        "用 --period 时默认用该期 settings.yaml 中选的模板（文秘工作台写入）",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        help="输出文件（只要一种格式时）或文件夹，默认 ./out/<模板>-<报告期>.<扩展名>（--period 时为 <工作区>/out/）",
    )
    period_options(p)
    p.add_argument("--previous", type=Path, help="上期数据文件：指标表加“上期”“增减”两列（用 --period 时自动找上期）")
    font_dir_option(p)
    p.add_argument(
        "--embed-fonts",
        action="store_true",
        help="在 DOCX 中嵌入所用字体的子集（约增加 200 KB），在没有这些字体的电脑上也按原字体显示",
    )
    p.add_argument(
        "--docx-font-names",
        choices=("official", "windows"),
        default="official",
        help="DOCX 中写的字体名：official（仿宋_GB2312、楷体_GB2312，默认）或 windows（Windows 自带的 仿宋、楷体）",
    )
    p.add_argument("--version", action="version", version=f"lintou-report {__version__}")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    from lintou_report.pipeline import prepare, write
    from lintou_report.source.validation import brief
    from lintou_report.workspace.periods import render_sources

    src, output = render_sources(args.template, args.period, args.workspace, args.data, args.previous, args.output)
    prepared = prepare(src.data, src.template, tuple(args.font_dir), src.overrides, src.previous)
    for line in brief(prepared.notes):
        print(line, file=sys.stderr)
    for note in prepared.fonts.notes:  # faces passed over, template faces not found
        print(f"字体提醒：{note}", file=sys.stderr)
    formats = FORMAT_CHOICES[args.format]
    for path in write(prepared, src.template, formats, output, args.embed_fonts, args.docx_font_names):
        print(path)
    return 0
