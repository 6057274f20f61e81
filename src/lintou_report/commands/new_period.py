"""lintou-report new-period: the next period from the previous one."""

from __future__ import annotations

from lintou_report.commands.options import Parser, workspace_option


def main(argv: list[str]) -> int:
    p = Parser(command="new-period")
    p.add_argument("period", metavar="报告期", help="新报告期，如 2024-01")
    p.add_argument("--from", dest="source", required=True, metavar="报告期", help="从哪一期复制，如 2023-11")
    workspace_option(p)
    args = p.parse_args(argv)
    from lintou_report.workspace.periods import Workspace, new_period

    for path in new_period(Workspace.find(args.workspace), args.period, args.source):
        print(path)
    print(f"下一步：改写 {args.period} 的正文和指标，运行 lintou-report validate --period {args.period} 检查。")
    return 0
