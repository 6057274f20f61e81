"""lintou-report extract: a published article → a draft data file and a proofreading list."""

from __future__ import annotations

from pathlib import Path

from lintou_report.commands.options import Parser


def main(argv: list[str]) -> int:
    p = Parser(
        prog="lintou-report extract",
        description="从发布的新闻稿（原稿）生成数据文件草稿（YAML）和校对清单。原稿可以是文本文件（UTF-8、GBK/GB18030、"
        "UTF-16 均可）、另存的网页（.html/.htm）或 Word 文件（.docx，包括本工具排出的 DOCX）。删去网页上的导航、"
        "编辑信息、分享和打印按钮，删去注音拼音、繁体改简体、还原乱码、标点和数字规范，按原文的版式找出主题、小标题和"
        "指标，列出疑似错字。每处改动都列入校对清单并记入草稿的 corrections。原稿最大 20 MB，正文最多 200 万字符。",
    )
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
