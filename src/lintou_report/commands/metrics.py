"""lintou-report metrics: a period's metrics as a fill-in spreadsheet, and the filled-in sheet read back."""

from __future__ import annotations

from pathlib import Path

from lintou_report.commands.options import Parser, workspace_option
from lintou_report.errors import UserError


def main(argv: list[str]) -> int:
    p = Parser(command="metrics")
    sub = p.add_subparsers(dest="action", required=True, metavar="export|import")
    out = sub.add_parser("export", help="导出指标表格")
    out.add_argument("period", metavar="报告期", help="如 2023-12")
    out.add_argument("-o", "--output", type=Path, metavar="文件", help="表格文件，默认 <工作区>/out/指标-<报告期>.xlsx")
    workspace_option(out)
    back = sub.add_parser("import", help="导回填好的指标表格")
    back.add_argument("period", metavar="报告期", help="如 2023-12")
    back.add_argument("sheet", type=Path, metavar="表格", help="填好的 .xlsx、.xls 或 .ods 文件")
    back.add_argument("--yes", action="store_true", help="确认保存改动（不加时只列出改动）")
    workspace_option(back)
    args = p.parse_args(argv)
    from lintou_report.output import write_atomic
    from lintou_report.source.model import load_report
    from lintou_report.source.validation import validate
    from lintou_report.workspace import roundtrip, spreadsheet
    from lintou_report.workspace.periods import Workspace

    workspace = Workspace.find(args.workspace)
    period = workspace.period(args.period)
    report = load_report(period.data)
    if args.action == "export":
        previous = workspace.previous(args.period)
        target = args.output or workspace.output / f"指标-{args.period}.xlsx"
        if target.resolve() == period.data.resolve():
            raise UserError.simple("输出文件不能是数据文件本身", file=str(target), fix="用 -o 另指一个 .xlsx 文件")
        write_atomic(target, spreadsheet.export_metrics(report, load_report(previous.data) if previous else None))
        print(f"已导出 {len(report.metrics)} 项指标：{target}")
        print(f"在“本期数值”一列填写后，运行 lintou-report metrics import {args.period} {target}")
        return 0
    try:
        raw = args.sheet.read_bytes()
    except OSError as exc:
        raise UserError.simple(f"无法读取表格：{exc.strerror}", file=str(args.sheet)) from None
    text = period.data.read_text(encoding="utf-8")
    changes = spreadsheet.read_changes(raw, str(args.sheet), report)
    for c in changes:
        what = f"{c.old} → {c.new}" if c.changed else f"{c.new}（不变，确认核对）"
        print(f"  {c.id}（{c.label}）：{what} {c.unit}")
    if not changes:
        print("表格中没有填写任何数值，未做改动。")
        return 0
    new_text = spreadsheet.apply_changes(text, changes)
    scratch = period.data.with_name(f".{period.data.name}.import-check.yaml")
    write_atomic(scratch, new_text.encode("utf-8"))
    try:  # the changed file must pass validate, checked before it replaces the data file
        validate(scratch)
    finally:
        scratch.unlink(missing_ok=True)
    if not args.yes:
        print(f"共 {len(changes)} 项，尚未保存；确认无误后加 --yes 再运行一次。")
        return 0
    roundtrip.save(period.data, new_text)
    print(f"已保存到 {period.data}")
    return 0
