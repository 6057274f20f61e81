"""Layout settings a template set or a period chooses in its ``template.yaml``, applied to the document tree.

    duplex: false            # 单面印刷: the 版记 is not moved to an even page (default true: 双面印刷, 6.2)
    metric_tables: summary   # per_theme (default: a table after each theme), summary (one at the end), none

The set's ``templates/<set>/template.yaml`` gives the defaults; a period's override folder
(``periods/<id>/templates/<set>/template.yaml``) may give its own for that period, and the period's own
``periods/<id>/settings.yaml`` (beside ``template:``, the file the workbench writes) has the last word.
The markup itself wins where it states a choice (``<colophon duplex="no">``). They are applied to the tree
after the template has rendered (pipeline.prepare), so templates need not read the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, get_args

import yaml

from lintou_report.errors import Problem, UserError, quoted
from lintou_report.tree import Block, Colophon, Document, Table

MANIFEST = "template.yaml"
MetricTables = Literal["per_theme", "summary", "none"]
SUMMARY_CAPTION = "表1　主要指标"


@dataclass(frozen=True)
class Settings:
    duplex: bool | None = None  # None: not stated (printed on both sides)
    metric_tables: MetricTables = "per_theme"


def read_settings(*folders: Path | None, period: Path | None = None) -> Settings:
    """The settings of the ``template.yaml`` files in ``folders`` (the set's first, then a period's), then
    of the period's ``settings.yaml`` file ``period`` (its other keys, such as ``template``, left alone)."""
    settings = Settings()
    manifests = [folder / MANIFEST for folder in folders if folder is not None]
    for manifest in [*manifests, *([period] if period is not None else [])]:
        if manifest.is_file():
            settings = _read(manifest, settings)
    return settings


def _read(manifest: Path, settings: Settings) -> Settings:
    """``settings`` with what ``manifest`` states."""
    try:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _error(manifest, f"无法读取：{exc}", f"参照内置模板的 {MANIFEST}") from None
    if not isinstance(data, dict):
        raise _error(manifest, "内容应为“键: 值”的映射", f"参照内置模板的 {MANIFEST}")
    if "duplex" in data:
        if not isinstance(data["duplex"], bool):
            message = f"duplex 应为 true 或 false，而不是 {quoted(data['duplex'])}"
            raise _error(manifest, message, "写 duplex: false（单面印刷）")
        settings = replace(settings, duplex=data["duplex"])
    if "metric_tables" in data:
        choices = get_args(MetricTables)
        if data["metric_tables"] not in choices:
            raise _error(
                manifest,
                f"metric_tables 只能是 {'、'.join(choices)}，而不是 {quoted(data['metric_tables'])}",
                "per_theme：每个主题后一张指标表；summary：文末一张汇总表；none：不附指标表",
            )
        settings = replace(settings, metric_tables=data["metric_tables"])
    return settings


def _error(manifest: Path, message: str, fix: str) -> UserError:
    what = "模板说明文件" if manifest.name == MANIFEST else "本期的设置文件"
    return UserError(Problem(f"{what}有误：{message}", file=str(manifest), fix=fix))


def apply_settings(document: Document, settings: Settings) -> Document:
    """The document with the 版记's printing and the metric tables as ``settings`` ask."""
    blocks: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Colophon) and block.duplex is None and settings.duplex is not None:
            block = replace(block, duplex=settings.duplex)
        blocks.append(block)
    metric = [i for i, b in enumerate(blocks) if isinstance(b, Table) and b.metrics]
    if settings.metric_tables != "per_theme" and metric:
        summary = _summary([b for b in blocks if isinstance(b, Table) and b.metrics])
        last = metric[-1]
        blocks = [
            summary if i == last and summary else b
            for i, b in enumerate(blocks)
            if i not in metric or (i == last and settings.metric_tables == "summary")
        ]
    return replace(document, blocks=tuple(blocks))


def _summary(tables: list[Table]) -> Table:
    """One table of every metric table's rows, under the columns they share."""
    columns = tables[0].columns
    if any(t.columns != columns for t in tables):
        raise UserError.simple(
            "各指标表的列不同，无法合成一张汇总表", fix="让模板的各指标表用相同的列，或设 metric_tables: per_theme"
        )
    return Table(SUMMARY_CAPTION, columns, tuple(row for t in tables for row in t.rows), metrics=True)
