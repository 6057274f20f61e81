"""The default command: one report in PDF and/or DOCX."""

from __future__ import annotations

import sys
from pathlib import Path

from lintou_report import __version__
from lintou_report.commands import COMMANDS, PROGRAM
from lintou_report.commands.options import (
    TEMPLATE_NAMES,
    Parser,
    chosen_formats,
    draft_option,
    font_dir_option,
    format_option,
    period_options,
)


def parser() -> Parser:
    p = Parser(
        prog=PROGRAM,
        description="把工作材料数据文件排成符合 GB/T 9704-2012 的工作简报和各类公文（PDF、Word DOCX）。",
        epilog=f"其他命令：{PROGRAM} " + "、".join(f"{name}（{c.summary}）" for name, c in COMMANDS.items()) + "。"
        "不带参数时，用内置的林头镇 2023年11月 数据生成简报。",
    )
    format_option(p, ("pdf",))
    p.add_argument("--data", type=Path, metavar="文件", help="数据文件（YAML），默认用内置的林头镇示例数据")
    p.add_argument(
        "--template",
        metavar="模板",
        help=f"模板：{TEMPLATE_NAMES}，或模板文件夹；默认 briefing，"
        "用 --period 时默认用该期 settings.yaml 中选的模板（文秘工作台写入）",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="路径",
        help="输出文件（只要一种格式时，如 -o 简报.pdf）或文件夹（多种格式时），"
        "默认 ./out/<模板>-<报告期>.<扩展名>（--period 时为 <工作区>/out/）",
    )
    period_options(p)
    p.add_argument(
        "--previous",
        type=Path,
        metavar="文件",
        help="上期数据文件：指标表加“上期”“增减”两列（用 --period 时自动找上期）",
    )
    font_dir_option(p)
    p.add_argument(
        "--embed-fonts",
        action="store_true",
        help="在 DOCX 中嵌入所用字体的子集（约增加 200 KB），在没有这些字体的电脑上也按原字体显示；"
        "PDF 总是嵌入字体，不需要此选项",
    )
    p.add_argument(
        "--docx-font-names",
        choices=("official", "windows"),
        default="official",
        help="DOCX 中写的字体名：official（仿宋_GB2312、楷体_GB2312，默认）或 windows（Windows 自带的 仿宋、楷体）",
    )
    p.add_argument(
        "--pdfa",
        action="store_true",
        help="PDF 输出为 PDF/A-1b 归档格式（嵌入 sRGB 色彩配置与 XMP 元数据，供长期保存）",
    )
    draft_option(p)
    p.add_argument("--version", action="version", version=f"lintou-report {__version__}", help="显示版本号并退出")
    return p


def main(argv: list[str], one_document: bool = False) -> int:
    """``one_document``: the process makes no other report (the program run for this command)."""
    args = parser().parse_args(argv)
    from lintou_report.pipeline import check_output, prepare, write
    from lintou_report.source.validation import brief
    from lintou_report.workspace.periods import render_sources
    from lintou_report.writers.options import WriterOptions

    formats = chosen_formats(args)
    check_output(args.output, formats)
    src, output = render_sources(args.template, args.period, args.workspace, args.data, args.previous, args.output)
    prepared = prepare(
        src.data, src.template, tuple(args.font_dir), src.overrides, src.previous, args.draft, src.settings
    )
    for line in brief(prepared.notes):
        print(line, file=sys.stderr)
    for note in prepared.fonts.notes:  # faces passed over, template faces not found
        print(f"字体提醒：{note}", file=sys.stderr)
    if args.embed_fonts and "docx" not in formats:
        print(
            "提醒：--embed-fonts 只作用于 DOCX；PDF 总是嵌入所用字体的子集，此次未生成 DOCX，此选项不起作用",
            file=sys.stderr,
        )
    if args.pdfa and "pdf" not in formats:
        print("提醒：--pdfa 只作用于 PDF，此次未生成 PDF，此选项不起作用", file=sys.stderr)
    options = WriterOptions(args.docx_font_names, args.embed_fonts, one_document, args.pdfa)
    written = write(prepared, src.template, formats, output, options)
    for path in written:
        print(path)
    return 0
