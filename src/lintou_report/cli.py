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
    _font_dir_option(p)
    p.add_argument("--version", action="version", version=f"lintou-report {__version__}")
    return p


def _font_dir_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--font-dir",
        type=Path,
        action="append",
        default=[],
        metavar="文件夹",
        help="另用此文件夹中的字体（按字体名称对应角色，如 仿宋_GB2312、黑体），优先于本机安装的字体；可重复",
    )


def _cmd_render(argv: list[str]) -> int:
    args = _render_parser().parse_args(argv)
    from lintou_report.pipeline import make
    from lintou_report.resources import default_data_file

    data = args.data or default_data_file()
    for path in make(data, args.template, FORMAT_CHOICES[args.format], args.output, tuple(args.font_dir)):
        print(path)
    return 0


def _cmd_schema(argv: list[str]) -> int:
    argparse.ArgumentParser(prog="lintou-report schema", description="输出数据文件的 JSON Schema。").parse_args(argv)
    from lintou_report.model import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def _cmd_fonts(argv: list[str]) -> int:
    if argv[:1] == ["install"]:
        return _cmd_fonts_install(argv[1:])
    p = argparse.ArgumentParser(
        prog="lintou-report fonts",
        description="列出每个字体角色选用的字体、来源，以及是否覆盖文档的每个字符。"
        "另有 lintou-report fonts install：把内置字体安装到本用户的字体文件夹。",
    )
    p.add_argument("--data", type=Path, help="数据文件（YAML），默认用内置的林头镇示例数据")
    p.add_argument("--template", default="briefing", help="模板名称或模板文件夹，默认 briefing")
    _font_dir_option(p)
    args = p.parse_args(argv)
    from lintou_report.fonts.report import font_report
    from lintou_report.resources import default_data_file

    text, error = font_report(args.data or default_data_file(), args.template, tuple(args.font_dir))
    print(text)
    if error:
        raise error
    return 0


def _cmd_fonts_install(argv: list[str]) -> int:
    argparse.ArgumentParser(
        prog="lintou-report fonts install",
        description="把内置的开源字体复制到本用户的字体文件夹（~/.local/share/fonts/lintou-report），"
        "并写入 fontconfig 别名（仿宋_GB2312 → FandolFang 等），"
        "使 LibreOffice、WPS 在没有正式字体的 Linux 电脑上也用对应字体显示本工具生成的 DOCX。",
    ).parse_args(argv)
    from lintou_report.fonts.install import install

    done = install()
    print(f"已安装 {len(done.files)} 个文件到 {done.font_folder}")
    print(f"字体别名（fontconfig）：{done.alias_file}")
    print("字体缓存已刷新。" if done.cache_refreshed else "未能运行 fc-cache：请重新登录或手动运行 fc-cache -f。")
    print("如已打开 LibreOffice 或 WPS，请关闭后重新打开。")
    return 0


def _cmd_extract(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="lintou-report extract",
        description="从发布的新闻稿（原稿，UTF-8 文本）生成数据文件草稿（YAML）和校对清单：删去注音拼音、"
        "繁体改简体、标点规范，找出主题、小标题、指标和疑似错字。每处改动都列入校对清单并记入草稿的 corrections。",
    )
    p.add_argument("article", type=Path, metavar="原稿.txt", help="原稿文本文件")
    p.add_argument("-o", "--output", type=Path, help="草稿文件，默认为原稿同名的 .yaml 文件")
    p.add_argument("--force", action="store_true", help="草稿文件已存在时覆盖它")
    args = p.parse_args(argv)
    from lintou_report.extract import extract_file

    path, result = extract_file(args.article, args.output, args.force)
    print("校对清单（行、列指原稿中的位置）：")
    for line in result.proofreading:
        print(f"  {line}")
    print(f"草稿：{path}（共 {len(result.metrics)} 项指标；标有【待填】的内容须补上）")
    return 0


COMMANDS = {"schema": _cmd_schema, "fonts": _cmd_fonts, "extract": _cmd_extract}


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
