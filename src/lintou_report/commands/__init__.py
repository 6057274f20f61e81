"""One module per command of the command line, and the table of them: cli.py dispatches by it, the program's
own help lists it, and each command's parser takes its name and description from it."""

from __future__ import annotations

from dataclasses import dataclass

PROGRAM = "lintou-report"


@dataclass(frozen=True)
class Command:
    module: str  # in lintou_report.commands, with a main(argv) -> int
    summary: str  # in a few words, for the list of commands in the program's help
    description: str  # the command's own help


# In the order the program's help lists them; no command: render.py.
COMMANDS = {
    "schema": Command("schema", "输出数据文件的 JSON Schema", "输出数据文件的 JSON Schema。"),
    "extract": Command(
        "extract",
        "从发布的新闻稿生成数据文件草稿",
        "从发布的新闻稿（原稿）生成数据文件草稿（YAML）和校对清单。原稿可以是文本文件（UTF-8、GBK/GB18030、"
        "UTF-16 均可）、另存的网页（.html/.htm）或 Word 文件（.docx，包括本工具排出的 DOCX）。删去网页上的导航、"
        "编辑信息、分享和打印按钮，删去注音拼音、繁体改简体、还原乱码、标点和数字规范，按原文的版式找出主题、小标题和"
        "指标，列出疑似错字。每处改动都列入校对清单并记入草稿的 corrections。原稿最大 20 MB，正文最多 200 万字符。",
    ),
    "validate": Command(
        "validate",
        "检查数据和模板",
        "检查数据文件和模板，一次列出全部问题（文件、行、列、字段、应当怎样）和提醒；"
        "在内存中排出 PDF 和 DOCX（不写文件），所以通过检查的数据文件一定能生成。"
        "不给文件也不给 --period 时，检查工作区中的每一期；不在工作区中时检查内置示例数据。",
    ),
    "build": Command(
        "build",
        "批量生成多期",
        "批量生成工作区中的多期文件（默认 PDF 和 DOCX 都生成），多核并行，显示进度，最后列出汇总表；"
        "某一期出错时继续生成其他各期，有任何一期失败则退出码非零。",
    ),
    "new-period": Command(
        "new_period",
        "从上一期生成新一期",
        "从上一期生成新一期：复制数据，报告期、日期、期号、发文字号顺延，指标标为待核对（review），"
        "并写出带说明的覆盖模板骨架。",
    ),
    "fonts": Command(
        "fonts",
        "查看所用字体；fonts install 安装内置字体",
        "列出每个字体角色选用的字体、来源，以及是否覆盖文档的每个字符。"
        "选字体的顺序：模板 template.yaml 中 fonts: 指定的字体（如 body: 仿宋_GB2312，或字体文件路径）、"
        "--font-dir 文件夹中的字体、本机已安装的正式字体"
        "（方正小标宋简体、仿宋_GB2312/仿宋、黑体、楷体_GB2312/楷体、宋体、方正 _GBK 字体）、内置开源字体。"
        "另有 lintou-report fonts install：把内置字体安装到本用户的字体文件夹。",
    ),
    "check": Command(
        "check",
        "按 GB/T 9704 逐条检查任意 PDF、OFD 或 DOCX",
        "按 GB/T 9704-2012 逐条检查任意 PDF、OFD 或 Word DOCX（不限本工具生成的），每条注明条款号："
        "幅面、版心边距、字号、行距、每面行数、每行字数、标题、红色版头和分隔线、各级标题字体、页码、版记、"
        "字体嵌入、行首行尾禁则。DOCX 既读其 XML，也用 LibreOffice 排版后测量。没有不合格项时退出码为 0，否则为 1，"
        "文件无法读取时为 2；文件中无从测量的项（如文中没有三级标题）单列为“无法测量”，不算合格。",
    ),
    "serve": Command(
        "serve",
        "文秘工作台",
        "打开文秘工作台：在浏览器中管理报告期、用表单编辑每一期、实时预览版面、下载 PDF 和 DOCX。"
        "默认只允许本机访问；按 Ctrl+C 停止。",
    ),
    "metrics": Command(
        "metrics",
        "指标表格导出导入",
        "把一期的指标导出为待填的 .xlsx 表格（含上期数值，数值一列只能填数字），或把填好的表格"
        "（.xlsx、.xls、.ods）导回：先列出改动，加 --yes 才保存。",
    ),
}
