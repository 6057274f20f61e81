"""lintou-report build: many periods at once."""

from __future__ import annotations

from pathlib import Path

from lintou_report.commands import options


def main(argv: list[str]) -> int:
    p = options.Parser(command="build")
    p.add_argument("periods", nargs="*", metavar="报告期", help="要生成的报告期，如 2023-11 2023-12")
    p.add_argument("--all", action="store_true", help="生成工作区中的全部报告期")
    p.add_argument(
        "--template",
        metavar="模板",
        help=f"模板名称（{options.TEMPLATE_NAMES}）或模板文件夹；默认用各期 settings.yaml 中选的模板，没有则 briefing",
    )
    options.format_option(p, ("pdf", "docx"))
    p.add_argument("-o", "--output", type=Path, metavar="文件夹", help="输出文件夹，默认 <工作区>/out")
    options.workspace_option(p)
    p.add_argument("-j", "--jobs", type=int, metavar="数量", help="同时生成几期，默认为 CPU 核数")
    options.font_dir_option(p)
    options.draft_option(p)
    args = p.parse_args(argv)
    from lintou_report.pipeline import check_output
    from lintou_report.workspace.batch import build_periods

    formats = options.chosen_formats(args)
    check_output(args.output, formats, folder_only=True)
    return build_periods(
        args.periods,
        args.all,
        args.workspace,
        args.template,
        formats,
        args.output,
        args.jobs,
        tuple(args.font_dir),
        args.draft,
    )
