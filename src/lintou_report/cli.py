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
        "--template", default="briefing", help="模板：briefing（工作简报，默认）、report（报告，公文）或模板文件夹"
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        help="输出文件（只要一种格式时）或文件夹，默认 ./out/<模板>-<报告期>.<扩展名>（--period 时为 <工作区>/out/）",
    )
    _period_options(p)
    p.add_argument("--previous", type=Path, help="上期数据文件：指标表加“上期”“增减”两列（用 --period 时自动找上期）")
    _font_dir_option(p)
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


def _period_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", help="报告期，如 2023-11：用工作区中 periods/<报告期>/report.yaml 及其覆盖模板")
    _workspace_option(p)


def _workspace_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workspace", type=Path, help="工作区文件夹（含 periods/），默认从当前文件夹向上查找")


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
    from lintou_report.periods import render_sources
    from lintou_report.pipeline import prepare, write
    from lintou_report.validation import brief

    src, output = render_sources(args.template, args.period, args.workspace, args.data, args.previous, args.output)
    prepared = prepare(src.data, args.template, tuple(args.font_dir), src.overrides, src.previous)
    for line in brief(prepared.notes):
        print(line, file=sys.stderr)
    for note in prepared.fonts.notes:  # faces passed over, template faces not found
        print(f"字体提醒：{note}", file=sys.stderr)
    formats = FORMAT_CHOICES[args.format]
    for path in write(prepared, args.template, formats, output, args.embed_fonts, args.docx_font_names):
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
        "选字体的顺序：模板 template.yaml 中 fonts: 指定的字体（如 body: 仿宋_GB2312，或字体文件路径）、"
        "--font-dir 文件夹中的字体、本机已安装的正式字体"
        "（方正小标宋简体、仿宋_GB2312/仿宋、黑体、楷体_GB2312/楷体、宋体、方正 _GBK 字体）、内置开源字体。"
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
        description="从发布的新闻稿（原稿，UTF-8 或 GBK 文本）生成数据文件草稿（YAML）和校对清单：删去注音拼音、"
        "繁体改简体、标点规范，找出主题、小标题、指标和疑似错字。每处改动都列入校对清单并记入草稿的 corrections。",
    )
    p.add_argument("article", type=Path, metavar="原稿.txt", help="原稿文本文件")
    p.add_argument("-o", "--output", type=Path, help="草稿文件或文件夹，默认为原稿旁同名的 .yaml 文件")
    p.add_argument("--force", action="store_true", help="草稿文件已存在时覆盖它")
    args = p.parse_args(argv)
    from lintou_report.extract import extract_file

    path, result = extract_file(args.article, args.output, args.force)
    print("校对清单（行、列指原稿中的位置）：")
    for line in result.proofreading:
        print(f"  {line}")
    print(f"草稿：{path}（共 {len(result.metrics)} 项指标；标有【待填】的内容须补上）")
    return 0


def _cmd_validate(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="lintou-report validate",
        description="检查数据文件和模板，一次列出全部问题（文件、行、列、字段、应当怎样）；不生成文件。"
        "不给文件也不给 --period 时，检查工作区中的每一期；不在工作区中时检查内置示例数据。",
    )
    p.add_argument("file", nargs="?", type=Path, help="数据文件（YAML）")
    p.add_argument("--template", default="briefing", help="按哪个模板检查（briefing 或 report），默认 briefing")
    _period_options(p)
    p.add_argument("--previous", type=Path, help="上期数据文件（一并检查）")
    args = p.parse_args(argv)
    from lintou_report.validation import validate_targets

    return validate_targets(args.file, args.template, args.period, args.workspace, args.previous)


def _cmd_build(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="lintou-report build",
        description="批量生成工作区中的多期文件（默认 PDF 和 DOCX 都生成），多核并行，显示进度，最后列出汇总表；"
        "某一期出错时继续生成其他各期，有任何一期失败则退出码非零。",
    )
    p.add_argument("periods", nargs="*", metavar="报告期", help="要生成的报告期，如 2023-11 2023-12")
    p.add_argument("--all", action="store_true", help="生成工作区中的全部报告期")
    p.add_argument("--template", default="briefing", help="模板名称（briefing、report）或模板文件夹，默认 briefing")
    p.add_argument("--format", choices=FORMAT_CHOICES, default="all", help="pdf、docx 或 all，默认 all")
    p.add_argument("-o", "--output", type=Path, help="输出文件夹，默认 <工作区>/out")
    _workspace_option(p)
    p.add_argument("-j", "--jobs", type=int, help="同时生成几期，默认为 CPU 核数")
    _font_dir_option(p)
    args = p.parse_args(argv)
    from lintou_report.batch import build_periods

    formats = FORMAT_CHOICES[args.format]
    return build_periods(
        args.periods, args.all, args.workspace, args.template, formats, args.output, args.jobs, tuple(args.font_dir)
    )


def _cmd_new_period(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="lintou-report new-period",
        description="从上一期生成新一期：复制数据，报告期、日期、期号、发文字号顺延，指标标为待核对（review），"
        "并写出带说明的覆盖模板骨架。",
    )
    p.add_argument("period", metavar="报告期", help="新报告期，如 2024-01")
    p.add_argument("--from", dest="source", required=True, metavar="报告期", help="从哪一期复制，如 2023-11")
    _workspace_option(p)
    args = p.parse_args(argv)
    from lintou_report.periods import Workspace, new_period

    for path in new_period(Workspace.find(args.workspace), args.period, args.source):
        print(path)
    print(f"下一步：改写 {args.period} 的正文和指标，运行 lintou-report validate --period {args.period} 检查。")
    return 0


def _cmd_check(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="lintou-report check",
        description="按 GB/T 9704-2012 逐条检查任意 PDF 或 Word DOCX（不限本工具生成的），每条注明条款号："
        "幅面、版心边距、字号、行距、每面行数、每行字数、标题、红色版头和分隔线、各级标题字体、页码、版记、"
        "字体嵌入、行首行尾禁则。DOCX 既读其 XML，也用 LibreOffice 排版后测量。没有不合格项时退出码为 0，否则为 1，"
        "文件无法读取时为 2；文件中无从测量的项（如文中没有三级标题）单列为“无法测量”，不算合格。",
    )
    p.add_argument("file", type=Path, metavar="文件", help="要检查的 .pdf 或 .docx 文件")
    p.add_argument(
        "--profile",
        choices=("briefing", "report"),
        help="按哪种文件检查：briefing（工作简报）或 report（公文报告，红头+发文字号）；默认按首页自动判断",
    )
    p.add_argument("--json", action="store_true", help="输出 JSON（供程序读取）而不是表格")
    args = p.parse_args(argv)
    from lintou_report.check import check
    from lintou_report.check.report import as_json, as_text

    report = check(args.file, args.profile)
    print(as_json(report) if args.json else as_text(report))
    return 0 if report.passed else 1


COMMANDS = {
    "schema": _cmd_schema,
    "fonts": _cmd_fonts,
    "extract": _cmd_extract,
    "validate": _cmd_validate,
    "build": _cmd_build,
    "new-period": _cmd_new_period,
    "check": _cmd_check,
}


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
