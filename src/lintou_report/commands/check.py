"""lintou-report check: any PDF or DOCX measured against GB/T 9704."""

from __future__ import annotations

from pathlib import Path

from lintou_report.commands.options import Parser


def main(argv: list[str]) -> int:
    p = Parser(command="check")
    p.add_argument("file", type=Path, metavar="文件", help="要检查的 .pdf、.ofd 或 .docx 文件")
    p.add_argument(
        "--profile",
        choices=("briefing", "report", "notice", "request", "letter", "minutes", "order"),
        help="按哪种文件检查：briefing（工作简报）、report（报告）、notice（通知）、request（请示，上行文，须有签发人）、"
        "letter（函，信函格式）、minutes（纪要）或 order（命令、令）；"
        "默认按首页版头自动判断（纪要标志、命令（令）标志、信函格式的双红线、发文字号与标题末尾的文种）",
    )
    p.add_argument("--json", action="store_true", help="输出 JSON（供程序读取）而不是表格")
    args = p.parse_args(argv)
    from lintou_report.check import check
    from lintou_report.check.report import as_json, as_text

    report = check(args.file, args.profile)
    print(as_json(report) if args.json else as_text(report))
    return 0 if report.passed else 1
