"""lintou-report validate: every check short of layout, every problem listed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from lintou_report.commands.options import Parser, draft_option, period_options
from lintou_report.errors import UserError
from lintou_report.pipeline import prepare
from lintou_report.resources import default_data_file
from lintou_report.workspace.periods import Workspace


def main(argv: list[str]) -> int:
    p = Parser(
        prog="lintou-report validate",
        description="检查数据文件和模板，一次列出全部问题（文件、行、列、字段、应当怎样）；不生成文件。"
        "不给文件也不给 --period 时，检查工作区中的每一期；不在工作区中时检查内置示例数据。",
    )
    p.add_argument("file", nargs="?", type=Path, metavar="文件", help="数据文件（YAML）")
    p.add_argument(
        "--template", default="briefing", metavar="模板", help="按哪个模板检查（briefing 或 report），默认 briefing"
    )
    period_options(p)
    p.add_argument("--previous", type=Path, metavar="文件", help="上期数据文件（一并检查）")
    draft_option(p)
    args = p.parse_args(argv)
    return validate_targets(args.file, args.template, args.period, args.workspace, args.previous, draft=args.draft)


def _targets(
    file: Path | None, template: str, period: str | None, workspace: Path | None, previous: Path | None
) -> list[tuple[Path, Path | None, Path | None]]:
    """(data, overrides, previous) for each file to check: the file, the period, or every period."""
    if file is not None:
        return [(file, None, previous)]
    try:
        found = Workspace.find(workspace)
    except UserError:
        if period is not None or workspace is not None:
            raise
        return [(default_data_file(), None, previous)]
    listed = found.ids() if period is None else None  # every period: listed once, not once per period
    ids = [period] if period is not None else listed or []
    return [(s.data, s.overrides, s.previous) for s in (found.sources(i, template, listed) for i in ids)]


def validate_targets(
    file: Path | None,
    template: str = "briefing",
    period: str | None = None,
    workspace: Path | None = None,
    previous: Path | None = None,
    out: TextIO | None = None,
    draft: bool = False,
) -> int:
    """Check each target short of layout (data, template needs, template rendering, fonts) and print
    every problem and reminder; exit status 2 when any target has a problem, else 0."""
    out = out or sys.stdout
    targets = _targets(file, template, period, workspace, previous)
    problems = notes = 0
    for data, overrides, earlier in targets:
        try:
            found = prepare(data, template, overrides=overrides, previous=earlier, draft=draft).notes
        except UserError as exc:
            problems += len(exc.problems)
            print(f"✗ {data}：{len(exc.problems)} 处问题", file=out)
            for problem in exc.problems:
                print("  " + str(problem).replace("\n", "\n  "), file=out)
            continue
        notes += len(found)
        print(f"✓ {data}：没有问题" + (f"，{len(found)} 项提醒" if found else ""), file=out)
        for note in found:
            print("  提醒：" + str(note).replace("\n", "\n  "), file=out)
    if notes:
        print("  提醒的处理：核对本期数值 value 和原文句子 source 后，删去该指标的 review 一项。", file=out)
    print(f"共检查 {len(targets)} 个数据文件（模板 {template}）：{problems} 处问题，{notes} 项提醒。", file=out)
    return 2 if problems else 0
