"""lintou-report check: any PDF or DOCX measured against GB/T 9704."""

from __future__ import annotations

from pathlib import Path

from lintou_report.commands.options import Parser


def main(argv: list[str]) -> int:
    p = Parser(command="check")
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
