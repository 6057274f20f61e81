"""How a metric table shows a metric: its value, and against the previous period (上期, 增减).

The functions read fields only, so they take the data model's metrics and reports as well as the plain
records templates see (plain.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

NONE = "—"


class Metric(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def value(self) -> Decimal: ...
    @property
    def unit(self) -> str: ...
    @property
    def qualifier(self) -> str | None: ...


class Report(Protocol):
    @property
    def metrics(self) -> Sequence[Metric]: ...


@dataclass(frozen=True)
class Change:
    """What a metric table shows beside a value: the previous value and the change since."""

    before: str  # "45", "近1500", or "—" for a metric new this period
    change: str  # "+12（+26.7%）", "-3（-6.7%）", "持平", "+5" when the previous value was 0, or "—"


def value_text(metric: Metric) -> str:
    """The value as written in the file: no exponent, trailing zeros kept."""
    return format(metric.value, "f")


def metric_value(metric: Metric) -> str:
    """The value as a table shows it, with its qualifier: 近1500, 1500余, 超100."""
    text = value_text(metric)
    if metric.qualifier in ("余", "以上"):
        return text + metric.qualifier
    return (metric.qualifier or "") + text


def _number(value: Decimal) -> str:
    """A decimal without exponent or trailing fractional zeros: 3.80 → 3.8, 12.0 → 12."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def compare(metric: Metric, previous: Report) -> Change:
    """Match ``metric`` by id in ``previous``; a percentage only when the previous value is not zero."""
    before = next((m for m in previous.metrics if m.id == metric.id), None)
    if before is None:
        return Change(NONE, NONE)
    if before.unit != metric.unit:  # 万元 against 亿元: no arithmetic across units
        return Change(metric_value(before) + before.unit, NONE)
    delta = metric.value - before.value
    if delta == 0:
        return Change(metric_value(before), "持平")
    change = ("+" if delta > 0 else "-") + _number(abs(delta))
    if before.value != 0:
        percent = (abs(delta) / abs(before.value) * 100).quantize(Decimal("0.1"))
        change += f"（{'+' if delta > 0 else '-'}{percent}%）"
    return Change(metric_value(before), change)
