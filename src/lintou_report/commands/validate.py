"""lintou-report validate: every check a build makes, layout in memory included; every problem listed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from lintou_report.commands.options import TEMPLATE_NAMES, Parser, draft_option, font_dir_option, period_options
from lintou_report.errors import Problem, UserError
from lintou_report.pipeline import Prepared, prepare, rehearse
from lintou_report.resources import default_data_file
from lintou_report.source.model import load_report_and_positions
from lintou_report.source.textcheck import repeated_issues
from lintou_report.workspace.periods import DEFAULT_TEMPLATE, Sources, Workspace


def main(argv: list[str]) -> int:
    p = Parser(command="validate")
    p.add_argument("file", nargs="*", type=Path, metavar="文件", help="数据文件（YAML），可给多个")
    p.add_argument(
        "--template",
        metavar="模板",
        help=f"按哪个模板检查：{TEMPLATE_NAMES}；默认用各期 settings.yaml 中选的模板，没有则 briefing",
    )
    period_options(p)
    p.add_argument("--previous", type=Path, metavar="文件", help="上期数据文件（一并检查）")
    font_dir_option(p)
    draft_option(p)
    args = p.parse_args(argv)
    return validate_targets(
        args.file or None,
        args.template,
        args.period,
        args.workspace,
        args.previous,
        font_dirs=tuple(args.font_dir),
        draft=args.draft,
    )


def _targets(
    file: Path | list[Path] | None,
    template: str | None,
    period: str | None,
    workspace: Path | None,
    previous: Path | None,
) -> list[Sources]:
    """What each check reads: the files, the period, or every period (each with its own template choice)."""
    if file is not None:
        files = [file] if isinstance(file, Path) else file
        return [Sources(f, None, previous, template or DEFAULT_TEMPLATE) for f in files]
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
    file: Path | list[Path] | None,
    template: str | None = None,
    period: str | None = None,
    workspace: Path | None = None,
    previous: Path | None = None,
    out: TextIO | None = None,
    font_dirs: tuple[Path, ...] = (),
    draft: bool = False,
) -> int:
    """Check each target as a build would (data, template needs, template rendering, fonts, the layout of
    every format in memory) and print every problem and reminder; exit status 2 when any target has a
    problem, else 0. Across targets, a 期号 used twice is a reminder."""
    out = out or sys.stdout
    targets = _targets(file, template, period, workspace, previous)
    results: list[tuple[Path, list[Problem], Prepared | None]] = []  # (data, problems, prepared when none)
    for target in targets:
        data = target.data
        try:
            prepared = prepare(
                data,
                target.template,
                font_dirs,
                overrides=target.overrides,
                previous=target.previous,
                draft=draft,
                settings=target.settings,
            )
            _rehearse(prepared, data)
        except UserError as exc:
            results.append((data, exc.problems, None))
            continue
        results.append((data, [], prepared))
    passed = [(str(data), p.report, load_report_and_positions(data)[1]) for data, _, p in results if p is not None]
    repeated = repeated_issues(passed)
    problems = notes = 0
    for data, found, prepared in results:
        if prepared is None:
            problems += len(found)
            print(f"✗ {data}：{len(found)} 处问题", file=out)
            for problem in found:
                print("  " + str(problem).replace("\n", "\n  "), file=out)
            continue
        reminders = prepared.notes + [n for n in repeated if n.file == str(data)]
        notes += len(reminders)
        print(f"✓ {data}：没有问题" + (f"，{len(reminders)} 项提醒" if reminders else ""), file=out)
        for note in reminders:
            print("  提醒：" + str(note).replace("\n", "\n  "), file=out)
    if any((n.field or "").endswith(".review") for _, _, p in results if p is not None for n in p.notes):
        print("  提醒的处理：核对本期数值 value 和原文句子 source 后，删去该指标的 review 一项。", file=out)
    used = "、".join(dict.fromkeys(t.template for t in targets))
    print(f"共检查 {len(targets)} 个数据文件（模板 {used}）：{problems} 处问题，{notes} 项提醒。", file=out)
    return 2 if problems else 0


def _rehearse(prepared: Prepared, data: Path) -> None:
    """Lay out every format in memory: a failure there would fail the build, so it is this file's problem."""
    try:
        rehearse(prepared)
    except UserError:
        raise
    except Exception as exc:  # an internal error on this input: reported here, as the build would meet it
        raise UserError(
            Problem(
                f"排版时出错，生成也会失败（内部错误 {exc.__class__.__name__}：{str(exc)[:200]}）",
                file=str(data),
                fix="请把这个数据文件和本提示报告给 lintou-report 的维护者",
            )
        ) from None
