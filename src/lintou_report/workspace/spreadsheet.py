"""A period's metrics as a fill-in spreadsheet, and the changes a filled-in one brings back.

Export writes .xlsx (openpyxl): one row a metric with its 代号, name, unit, 上期 value and the value to
fill in (empty while the metric is marked for review), numbers checked by the sheet's data validation.
Import reads .xlsx, .xls or .ods (python-calamine) and returns the changes; nothing is saved until they
are applied (a value given confirms the metric: its review mark is removed; a new value is written into
its source sentence in the text as well).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lintou_report.errors import Problem, UserError
from lintou_report.source.model import Report
from lintou_report.workspace import roundtrip

HEADER = ["代号", "指标名称", "单位", "上期数值", "本期数值", "约数", "原文句子"]
ID, VALUE = HEADER.index("代号"), HEADER.index("本期数值")
KINDS = (".xlsx", ".xls", ".ods")
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Change:
    index: int  # the metric's place in metrics
    id: str
    label: str
    unit: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return Decimal(self.old) != Decimal(self.new)


def export_metrics(report: Report, previous: Report | None) -> bytes:
    """The fill-in workbook for ``report``'s metrics (上期 from ``previous`` when there is one)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    before = {m.id: m.value_text for m in previous.metrics} if previous else {}
    book = Workbook()
    sheet = book.active
    sheet.title = f"指标 {report.meta.period.id}" if report.meta.period is not None else "指标"
    sheet.append(HEADER)
    for m in report.metrics:
        current = None if m.review is not None else _number(m.value_text)  # under review: left for the clerk
        sheet.append([m.id, m.label, m.unit, _number(before.get(m.id)), current, m.qualifier, m.source])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF4CC")
    last = len(report.metrics) + 1
    for row in range(2, last + 1):
        sheet.cell(row, VALUE + 1).fill = fill
    rule = DataValidation(
        type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000", allow_blank=True
    )
    rule.errorTitle, rule.error = "数值不对", "本期数值只能填数字，如 45 或 3.8"
    rule.promptTitle, rule.prompt = "本期数值", "填本期的数字；单位见“单位”一列"
    rule.showErrorMessage = rule.showInputMessage = True
    rule.add(f"E2:E{max(last, 2)}")
    sheet.add_data_validation(rule)
    for column, width in zip("ABCDEFG", (26, 30, 8, 10, 10, 6, 60), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(text: str | None) -> int | float | None:
    """A value as a spreadsheet number (the sheet shows numbers; the exact text comes back on import)."""
    if text is None:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def _rows(raw: bytes, name: str) -> list[list]:
    from python_calamine import CalamineWorkbook

    if not name.lower().endswith(KINDS):
        raise UserError.simple("只能上传 .xlsx、.xls 或 .ods 表格", file=name, fix="用 Excel 或 WPS 另存为 .xlsx")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        return book.get_sheet_by_index(0).to_python(nrows=MAX_ROWS)
    except Exception:  # calamine raises its own kinds for damaged or foreign files; its words are English
        raise UserError.simple(
            "无法读取表格：文件已损坏，或不是 Excel、WPS 表格（只是改了扩展名）",
            file=name,
            fix="用 Excel 或 WPS 打开后另存为 .xlsx 再上传",
        ) from None


def _decimal(cell: object) -> Decimal | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return Decimal(repr(float(cell))).normalize() if isinstance(cell, float) else Decimal(cell)
    try:
        value = Decimal(str(cell).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _text(value: Decimal) -> str:
    text = format(value, "f")
    return text[:-2] if text.endswith(".0") else text


def read_changes(raw: bytes, name: str, report: Report) -> list[Change]:
    """The values a filled-in sheet gives ``report``'s metrics; a bad value is a problem at its row and field."""
    rows = _rows(raw, name)
    if not rows or [str(c).strip() for c in rows[0][: len(HEADER)]][: VALUE + 1] != HEADER[: VALUE + 1]:
        raise UserError.simple(
            "表格的第一行不是导出时的表头（代号、指标名称、单位、上期数值、本期数值…）",
            file=name,
            fix="先下载本期的指标表格，在“本期数值”一列填写后上传",
        )
    index = {m.id: i for i, m in enumerate(report.metrics)}
    changes, problems = [], []
    for number, row in enumerate(rows[1:], 2):
        metric_id = str(row[ID]).strip() if len(row) > ID else ""
        cell = row[VALUE] if len(row) > VALUE else ""
        if not metric_id and cell in ("", None):
            continue
        if metric_id not in index:
            problems.append(
                Problem(
                    f"没有代号为 {metric_id} 的指标",
                    file=name,
                    line=number,
                    field="代号",
                    fix="不要改动“代号”一列；新指标请在工作台的指标表中添加",
                )
            )
            continue
        i = index[metric_id]
        if cell in ("", None):
            continue
        value = _decimal(cell)
        if value is None:
            problems.append(
                Problem(
                    f"指标 {metric_id} 的本期数值 {cell} 不是数字",
                    file=name,
                    line=number,
                    field=f"metrics[{i}].value",
                    fix="写成数字，如 45 或 3.8",
                )
            )
            continue
        m = report.metrics[i]
        changes.append(Change(i, m.id, m.label, m.unit, m.value_text, _text(value)))
    if problems:
        raise UserError(*problems)
    return changes


def apply_changes(text: str, changes: list[Change]) -> str:
    """The data file ``text`` with the sheet's values; each metric given a value is confirmed (review removed).

    A changed value is changed in its source sentence too, and so in the item's text and in every metric
    quoting that sentence: the number must stand in its sentence, and the text is what the report prints.
    """
    tree = {key: roundtrip.plain(value) for key, value in roundtrip.load(text).items() if key in roundtrip.EDITED}
    for change in changes:
        metric = tree["metrics"][change.index]
        metric.pop("review", None)
        if not change.changed:
            continue
        metric["value"] = int(change.new) if change.new.lstrip("-").isdigit() else Decimal(change.new)
        old_source = str(metric["source"])
        new_source = _number_pattern(change.old).sub(change.new, old_source, count=1)
        theme = next(t for t in tree["themes"] if t["key"] == metric["theme"])
        paragraphs = theme["items"][int(metric["item"]) - 1]["paragraphs"]
        for i, paragraph in enumerate(paragraphs):
            if old_source in paragraph:
                paragraphs[i] = paragraph.replace(old_source, new_source, 1)
                break
        for other in tree["metrics"]:
            if other["source"] == old_source:
                other["source"] = new_source
    return roundtrip.updated_text(text, tree)


def _number_pattern(number: str) -> re.Pattern[str]:
    """``number`` standing alone, not as part of a longer number (as the model's check reads it)."""
    return re.compile(rf"(?<![\d.]){re.escape(number)}(?![\d]|\.\d)")
