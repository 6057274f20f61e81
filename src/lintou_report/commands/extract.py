"""lintou-report extract: a published article → a draft data file and a proofreading list."""

from __future__ import annotations

from pathlib import Path

from lintou_report.commands.options import Parser


def main(argv: list[str]) -> int:
    p = Parser(command="extract")
    p.add_argument("article", type=Path, metavar="原稿", help="原稿文件：.txt、.html/.htm 或 .docx")
    p.add_argument("-o", "--output", type=Path, help="草稿文件或文件夹，默认为原稿旁同名的 .yaml 文件")
    p.add_argument("--force", action="store_true", help="草稿文件已存在时覆盖它")
    args = p.parse_args(argv)
    from lintou_report.extract import extract_file
    from lintou_report.extract.draft import places

    path, result = extract_file(args.article, args.output, args.force)
    print(f"校对清单（{places(args.article.name, result.kind)}）：")
    for line in result.proofreading:
        print(f"  {line}")
    if result.loose:
        print(f"未计入指标的数字 {len(result.loose)} 个（导语中的数字、范围、门槛、目标），已列在草稿末尾的注释中")
    print(f"草稿：{path}（共 {len(result.metrics)} 项指标；标有【待填】的内容须补上）")
    return 0
