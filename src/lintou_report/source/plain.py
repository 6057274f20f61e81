"""What templates see of a report: read-only plain values, never the pydantic models themselves.

A pydantic model carries loaders (``parse_raw`` unpickles, ``parse_file`` reads any file, ``model_copy``
…) that a template could call. Templates get instead frozen records made from the models' fields: each
model class becomes a frozen dataclass of the same name with only its fields (lists become tuples, nested
models records), so ``theme.items`` is the field ``items`` and there is no method beyond the two below.
Leaves are str, int, bool, None, Decimal and dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel

from lintou_report.source.comparison import value_text
from lintou_report.source.model import Meta, Metric, Report

_LEAVES = (str, int, bool, type(None), Decimal, dt.date, dt.datetime)


def _metrics_of(self: Any, theme_key: str) -> tuple[Any, ...]:
    """The metrics of one theme, in the data's order (what ``Report.metrics_of`` gives)."""
    return tuple(m for m in self.metrics if m.theme == theme_key)


def _all_signers(self: Any) -> tuple[str, ...]:
    """Every 签发人, whichever of ``signer`` and ``signers`` holds them (what ``Meta.all_signers`` gives)."""
    return tuple(self.signers) or ((self.signer,) if self.signer else ())


# The few derived values templates may use, by model class: plain computations over the fields.
_EXTRAS: dict[type[BaseModel], dict[str, Any]] = {
    Report: {"metrics_of": _metrics_of},
    Metric: {"value_text": property(value_text)},
    Meta: {"all_signers": property(_all_signers)},
}


@cache
def record_type(model: type[BaseModel]) -> type:
    """The frozen record class standing for ``model`` in templates: its fields, nothing that loads."""
    return dataclasses.make_dataclass(
        model.__name__,
        list(model.model_fields),
        namespace={"__module__": __name__, **_EXTRAS.get(model, {})},
        frozen=True,
        slots=True,
    )


def plain(value: Any) -> Any:
    """``value`` as templates see it: models as records, lists as tuples, leaves as they are."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return record_type(type(value))(**{name: plain(getattr(value, name)) for name in fields})
    if isinstance(value, list | tuple):
        return tuple(plain(item) for item in value)
    if type(value) in _LEAVES:
        return value
    raise TypeError(f"not plain data for a template: {type(value).__name__}")
