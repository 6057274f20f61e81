"""lintou-report validate: every check short of layout, every problem listed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from lintou_report.commands.options import period_options
from lintou_report.errors import UserError
from lintou_report.pipeline import prepare
from lintou_report.resources import default_data_file
from lintou_report.workspace.periods import DEFAULT_TEMPLATE, Sources, Workspace


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="lintou-report validate",
        description="检查数据文件和模板，一次列出全部问题（文件、行、列、字段、应当怎样）；不生成文件。"
        "不给文件也不给 --period 时，检查工作区中的每一期；不在工作区中时检查内置示例数据。",
    )
    p.add_argument("file", nargs="?", type=Path, help="数据文件（YAML）")
    p.add_argument(
        "--template", help="按哪个模板检查（briefing 或 report）；默认用各期 settings.yaml 中选的模板，没有则 briefing"
    )
    period_options(p)
    p.add_argument("--previous", type=Path, help="上期数据文件（一并检查）")
    args = p.parse_args(argv)
    return validate_targets(args.file, args.template, args.period, args.workspace, args.previous)


def _targets(
    file: Path | None, template: str | None, period: str | None, workspace: Path | None, previous: Path | None
) -> list[Sources]:
    """What each check reads: the file, the period, or every period (each with its own template choice)."""
    if file is not None:
        return [Sources(file, None, previous, template or DEFAULT_TEMPLATE)]
    try:
        found = Workspace.find(workspace)
    except UserError:
        if period is not None or workspace is not None:
            raise
        return [Sources(default_data_file(), None, previous, template or DEFAULT_TEMPLATE)]
    listed = found.ids() if period is None else None  # every period: listed once, not once per period
    ids = [period] if period is not None else listed or []
    return [found.sources(i, template, listed) for i in ids]


def validate_targets(
    file: Path | None,
    template: str | None = None,
    period: str | None = None,
    workspace: Path | None = None,
    previous: Path | None = None,
    out: TextIO | None = None,
) -> int:
    """Check each target short of layout (data, template needs, template rendering, fonts) and print
    every problem and reminder; exit status 2 when any target has a problem, else 0."""
    out = out or sys.stdout
    targets = _targets(file, template, period, workspace, previous)
    problems = notes = 0
    for target in targets:
        data = target.data
        try:
            found = prepare(data, target.template, overrides=target.overrides, previous=target.previous).notes
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
    used = "、".join(dict.fromkeys(t.template for t in targets))
    print(f"共检查 {len(targets)} 个数据文件（模板 {used}）：{problems} 处问题，{notes} 项提醒。", file=out)
    return 2 if problems else 0
