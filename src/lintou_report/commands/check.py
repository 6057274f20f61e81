"""lintou-report check: any PDF or DOCX measured against GB/T 9704."""

from __future__ import annotations

from pathlib import Path

from lintou_report.commands.options import Parser


def main(argv: list[str]) -> int:
    p = Parser(
        prog="lintou-report check",
        description="按 GB/T 9704-2012 逐条检查任意 PDF、OFD 或 Word DOCX（不限本工具生成的），每条注明条款号："
        "幅面、版心边距、字号、行距、每面行数、每行字数、标题、红色版头和分隔线、各级标题字体、页码、版记、"
        "字体嵌入、行首行尾禁则。DOCX 既读其 XML，也用 LibreOffice 排版后测量。没有不合格项时退出码为 0，否则为 1，"
        "文件无法读取时为 2；文件中无从测量的项（如文中没有三级标题）单列为“无法测量”，不算合格。",
    )
    p.add_argument("file", type=Path, metavar="文件", help="要检查的 .pdf、.ofd 或 .docx 文件")
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
