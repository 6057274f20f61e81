"""lintou-report fonts and fonts install."""

from __future__ import annotations

from pathlib import Path

from lintou_report.commands.options import Parser, font_dir_option


def main(argv: list[str]) -> int:
    if argv[:1] == ["install"]:
        return install_main(argv[1:])
    p = Parser(command="fonts")
    p.add_argument("--data", type=Path, help="数据文件（YAML），默认用内置的林头镇示例数据")
    p.add_argument("--template", default="briefing", help="模板名称或模板文件夹，默认 briefing")
    font_dir_option(p)
    args = p.parse_args(argv)
    from lintou_report.fonts.report import font_report
    from lintou_report.resources import default_data_file

    text, error = font_report(args.data or default_data_file(), args.template, tuple(args.font_dir))
    print(text)
    if error:
        raise error
    return 0


def install_main(argv: list[str]) -> int:
    Parser(
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
