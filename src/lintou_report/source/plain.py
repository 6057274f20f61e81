"""What templates see of a report: read-only plain values, never the pydantic models themselves.

A pydantic model carries loaders (``parse_raw`` unpickles, ``parse_file`` reads any file, ``model_copy``
…) that a template could call. Templates get instead frozen records made from the models' fields: each
model class becomes a frozen record class of the same name with only its fields (lists become tuples, nested
models records), so ``theme.items`` is the field ``items`` and there is no method beyond the two below.
Leaves are str, int, bool, None, Decimal and dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from lintou_report import memo
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


class Record:
    """A frozen record of a model's fields: each model class has a subclass of the same name whose slots are its
    fields (``record_type``). Compared, hashed and shown by its fields, as a frozen dataclass is; made without
    generating code for each class, which would cost more than a report's rendering."""

    __slots__ = ("_shown",)  # the record's repr, once made (a template may print a whole report many times)
    __record_fields__: tuple[str, ...] = ()  # the fields, in the model's order (what the sandbox lets templates read)

    def __init__(self, **values: Any) -> None:
        for name in self.__record_fields__:
            object.__setattr__(self, name, values.pop(name))
        if values:
            raise TypeError(f"{type(self).__name__} has no field {next(iter(values))!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__record_fields__)

    def __repr__(self) -> str:
        try:
            return self._shown
        except AttributeError:
            fields = ", ".join([f"{name}={getattr(self, name)!r}" for name in self.__record_fields__])
            object.__setattr__(self, "_shown", f"{type(self).__qualname__}({fields})")
            return self._shown

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())


@memo.pure(64)  # one record class for each model class
def record_type(model: type[BaseModel]) -> type[Record]:
    """The frozen record class standing for ``model`` in templates: its fields, nothing that loads."""
    fields, name = tuple(model.model_fields), model.__name__
    namespace = {"__slots__": fields, "__record_fields__": fields, "__module__": __name__, "__qualname__": name}
    return type(name, (Record,), namespace | _EXTRAS.get(model, {}))


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
