"""lintou-report extract: a published article → a draft data file and a proofreading list."""

from __future__ import annotations

from pathlib import Path

from lintou_report.commands.options import Parser


def main(argv: list[str]) -> int:
    p = Parser(
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
