"""Every check a data file goes through before anything is rendered, with all problems reported at once.

The data model checks types, required and unknown fields and cross-references (model.load_report);
here the template set's own needs are added (its theme count, the optional fields it must have), a
clerk's mistakes in the text (source/textcheck.py), and reminders for what new-period marked for review.
The pipeline then renders the template and checks that every character has a font; ``validate`` lays
the report out in every format too, so that a file it passes builds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lintou_report.errors import Problem, UserError
from lintou_report.source.model import Position, Report, load_report_and_positions
from lintou_report.source.templating import TemplateSet, template_set
from lintou_report.source.textcheck import text_problems
from lintou_report.source.yamlfile import read_text


@dataclass(frozen=True)
class Checked:
    """A report that passed every check, with the reminders that do not stop a build."""

    report: Report
    notes: list[Problem]
    template: TemplateSet


def _value(report: Report, dotted: str) -> Any:
    value: Any = report
    for part in dotted.split("."):
        value = getattr(value, part, None)
    return value


def folder_problems(report: Report, data: Path, positions: dict[tuple, Position]) -> list[Problem]:
    """A workspace's periods/<id>/report.yaml must be period <id>: else two periods write the same files."""
    from lintou_report.workspace.periods import DATA_FILE, PERIODS

    folder = data.resolve().parent
    if data.name != DATA_FILE or folder.parent.name != PERIODS or report.meta.period is None:
        return []  # a file without a period has the template's requires to say so
    if folder.name == report.meta.period.id:
        return []
    line, column = positions.get(("meta", "period", "id"), (None, None))
    return [
        Problem(
            f"数据文件在报告期文件夹 {folder.name} 中，报告期却是 {report.meta.period.id}",
            file=str(data),
            line=line,
            column=column,
            field="meta.period.id",
            fix=f"改为 {folder.name}（别忘了 label 和日期），或把文件夹改名为 {report.meta.period.id}",
        )
    ]


def template_problems(report: Report, tset: TemplateSet, file: str, positions: dict[tuple, Position]) -> list[Problem]:
    """What the template set needs that the data lacks: a theme count, fields optional in the model."""
    problems = []
    if tset.themes is not None and len(report.themes) != tset.themes:
        line, column = positions.get(("themes",), (None, None))
        problems.append(
            Problem(
                f"{_named(tset)}按 {tset.themes} 个主题写成，数据中有 {len(report.themes)} 个主题",
                file=file,
                line=line,
                column=column,
                field="themes",
                fix=f"把主题合并或补足为 {tset.themes} 个，或换用不限主题数的模板（--template briefing）",
            )
        )
    return (
        problems
        + missing_fields(report, tset, tset.requires, "需要", file, positions)
        + crowded_fields(report, tset, file, positions)
    )


def _place(positions: dict[tuple, Position], path: tuple) -> Position:
    return next((positions[path[:n]] for n in range(len(path), 0, -1) if path[:n] in positions), (1, 1))


def crowded_fields(report: Report, tset: TemplateSet, file: str, positions: dict[tuple, Position]) -> list[Problem]:
    """A problem for each list the template set takes one entry of (``single:``) that holds several."""
    return _field_notes(
        report,
        tset.single,
        lambda value: isinstance(value, list | tuple) and len(value) > 1,
        lambda dotted, why, value: (
            f"{_named(tset)}的 {dotted} 只能有一项，数据中有 {len(value)} 项：{why}",
            f"{dotted} 只留一项",
        ),
        file,
        positions,
    )


def unprinted_fields(report: Report, tset: TemplateSet, file: str, positions: dict[tuple, Position]) -> list[Problem]:
    """A reminder for each field the template set does not print (its ``ignores``) that the report fills."""
    return _field_notes(
        report,
        tset.ignores,
        lambda value: value not in (None, "", []),
        lambda dotted, what, value: (
            f"{_named(tset)}不印{what}，数据中填写的 {dotted} 不会出现在文件中",
            f"不需要时删去 {dotted}；要印出来，换用印它的模板（如 --template briefing）",
        ),
        file,
        positions,
    )


def _field_notes(
    report: Report,
    fields: dict[str, str],
    applies: Callable[[object], bool],
    say: Callable[[str, str, object], tuple[str, str]],
    file: str,
    positions: dict[tuple, Position],
) -> list[Problem]:
    """A problem for each of a template set's ``fields`` (path → its words for it) whose value in the report
    ``applies``; ``say(path, words, value)`` gives the message and the fix."""
    return [
        _at_field(dotted, *say(dotted, words, value), file, positions)
        for dotted, words in fields.items()
        if applies(value := _value(report, dotted))
    ]


def _named(tset: TemplateSet) -> str:
    return f"模板 {tset.folder.name}（{tset.label}）"


def missing_fields(
    report: Report, tset: TemplateSet, fields: dict[str, str], verb: str, file: str, positions: dict[tuple, Position]
) -> list[Problem]:
    """A problem for each of ``fields`` (path → what it is) the report leaves empty, at its nearest place.

    A path may name alternatives, ``meta.signer|meta.signers``: one of them filled is enough; the first is
    the one the message names."""
    problems = []
    for paths, what in fields.items():
        choices = paths.split("|")
        if any(_value(report, dotted) not in (None, "", []) for dotted in choices):
            continue
        fix = f"在数据文件中填写 {choices[0]}" + (f"（或 {'、'.join(choices[1:])}）" if len(choices) > 1 else "")
        message = f"{_named(tset)}{verb}{what}，数据中没有填写"
        problems.append(_at_field(choices[0], message, fix, file, positions))
    return problems


def _at_field(dotted: str, message: str, fix: str, file: str, positions: dict[tuple, Position]) -> Problem:
    """A problem about field ``dotted``, placed where it is written or at the nearest field around it."""
    line, column = _place(positions, tuple(dotted.split(".")))
    return Problem(message, file=file, line=line, column=column, field=dotted, fix=fix)


def seal_notes(report: Report, file: str, positions: dict[tuple, Position]) -> list[Problem]:
    """联合行文 with only the 主办机关's seal picture (``meta.seal.image``): a reminder that the other organs'
    seals print as placeholders (GB/T 9704—2012 7.3.5.1: one seal for each organ)."""
    meta, seal = report.meta, report.meta.seal
    if seal is None or seal.image is None or not meta.co_issuers or seal.mode == "none":
        return []
    others = "、".join(meta.co_issuers)
    return [
        _at_field(
            "meta.seal.image",
            f"联合行文有 {len(meta.organs)} 个发文机关，只给了主办机关（{meta.issuer}）的印章图片：{others}的印章"
            "印为示意框（GB/T 9704—2012 7.3.5.1：印章与署名一一对应）",
            "把各机关的印章图片按发文机关顺序写在 meta.seal.images 中（并删去 meta.seal.image），或盖章时对准示意框",
            file,
            positions,
        )
    ]


def review_notes(report: Report, file: str, positions: dict[tuple, Position]) -> list[Problem]:
    """Metrics still marked for review (by new-period): reminders, not errors."""
    notes = []
    for i, metric in enumerate(report.metrics):
        if metric.review is not None:
            line, column = positions.get(("metrics", i, "review"), (None, None))
            notes.append(
                Problem(
                    f"指标“{metric.label}”尚待核对（代号 {metric.id}）：{metric.review}",
                    file=file,
                    line=line,
                    column=column,
                    field=f"metrics[{i}].review",
                )
            )
    return notes


def validate(data: Path, template: str = "briefing", draft: bool = False) -> Checked:
    """Load ``data`` and check it against the model, the template set and a clerk's usual mistakes;
    raises with every problem found. ``draft`` allows 【待填】 placeholders."""
    report, positions = load_report_and_positions(data)
    tset = template_set(template)
    file = str(data)
    errors, warnings = text_problems(report, read_text(data), file, positions, draft)
    problems = folder_problems(report, data, positions) + template_problems(report, tset, file, positions) + errors
    if problems:
        raise UserError(*problems)
    advice = missing_fields(report, tset, tset.recommends, "建议填写", file, positions)
    advice += unprinted_fields(report, tset, file, positions) + seal_notes(report, file, positions)
    return Checked(report, advice + warnings + review_notes(report, file, positions), tset)


def brief(notes: list[Problem]) -> list[str]:
    """Reminders as a build prints them: each in full, except metrics under review, which are counted."""
    reviews = [n for n in notes if (n.field or "").endswith(".review")]
    lines = [f"提醒：{n}" for n in notes if n not in reviews]
    if reviews:
        lines.append(f"提醒：{len(reviews)} 项指标尚待核对（review），运行 lintou-report validate 查看")
    return lines
