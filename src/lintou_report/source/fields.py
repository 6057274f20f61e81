"""The data model's validator: each model class lists its fields, each with a kind, its limits and a
Chinese description, in one table (``Model.FIELDS``); reading plain data (what YAML gives) into the
models reports every problem at once, each with its path, a Chinese message and a fix.

A kind reads a value as a clerk may write it in YAML: a whole number also as text ("12"), a yes/no also as
yes/on/1, an exact decimal also as text, a date or a date and time also as text ("2023-11-09 15:13"). A
model's own rules over several fields (``Model.problems``) run once its fields read without a problem.
The models are frozen records: no loaders, nothing but their fields and a few derived values.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from lintou_report.errors import quoted

Problems = list[tuple[tuple, str, str | None]]  # (path, message, fix)


class Invalid(ValueError):
    """Every problem found in some data: (path, message, fix), in the order of the model's fields."""

    def __init__(self, problems: Problems) -> None:
        super().__init__("；".join(message for _, message, _ in problems))
        self.problems = problems


_BAD: Any = object()  # what a kind returns for a value it refused (its problems already recorded)

# What a value "should be", by kind: (message, fix). The message is followed by the value as written.
_SHOULD = {
    "text": ("应为文字", "写成一段文字；数字或日期作文字时加引号"),
    "int": ("应为整数", "写成不带引号的整数"),
    "int_size": ("应为整数，这个数太大", "写成实际的期号、份数或序号"),
    "int_fraction": ("应为整数", "去掉小数部分"),
    "decimal": ("应为数值", "写成数字，如 45 或 3.8"),
    "finite": ("应为有限的数值（不能是 .nan、.inf）", "写成实际的数字，如 45 或 3.8"),
    "date": ("应为日期", "写成 2023-11-09"),
    "datetime": ("应为日期时间", "写成 2023-11-09 15:13"),
    "list": ("应为列表", "每项另起一行，以“- ”开头"),
    "few": ("至少要有一项", "添加内容"),
    "bool": ("应为 true 或 false", "写成不带引号的 true（是）或 false（否）"),
}
_MISSING = ("缺少必填字段", "补上这个字段，格式见 lintou-report schema")
_UNKNOWN = ("未知字段（是否拼写有误？）", "删去它，或改成 lintou-report schema 列出的字段名")
_MAPPING = ("应为一组“字段: 值”", "按 lintou-report schema 的结构填写")
_KEY_WITHOUT_COLON = re.compile(r"([A-Za-z_][\w-]*)(?:\s*：|:(?=\S))")  # heading：… or heading:… read as text
_NOT_FINITE = re.compile(r"[-+]?\.(nan|inf)", re.IGNORECASE)
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _wrong(problems: Problems, loc: tuple, kind: str, value: Any) -> Any:
    message, fix = _SHOULD[kind]
    problems.append((loc, f"{message}（实际为 {quoted(value)}）", fix))
    return _BAD


def impossible_date(text: str) -> str | None:
    """Why ``text`` (a date written as 年-月-日) is no date: "2月没有30日"; None when it is one."""
    match = _DATE.match(text.strip())
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return f"{text.strip()[:10]} 不是有效日期：没有 {month} 月"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"{text.strip()[:10]} 不是有效日期：{year}年{month}月只有{last}日，没有{day}日"
    return None


class Kind:
    """How one value is read and checked. ``read`` gives the value, or records its problems and gives _BAD."""

    def read(self, value: Any, loc: tuple, problems: Problems) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    @staticmethod
    def _then(after: Callable[[Any], Any] | None, value: Any, loc: tuple, problems: Problems) -> Any:
        """``value`` through ``after``, which tidies it or refuses it (ValueError: its message is the problem)."""
        if after is None:
            return value
        try:
            return after(value)
        except ValueError as exc:
            problems.append((loc, str(exc), None))
            return _BAD


class Text(Kind):
    """Text of ``least``‥``most`` characters, matching ``pattern`` (explained by ``words``) when given.

    ``before`` turns what YAML read into the text meant (a year 2023 into "2023"); ``after`` tidies or
    refuses the text (ValueError: its message is the problem's)."""

    def __init__(
        self,
        least: int = 0,
        most: int | None = None,
        pattern: str | None = None,
        words: str | None = None,
        before: Callable[[Any], Any] | None = None,
        after: Callable[[str], str] | None = None,
    ) -> None:
        self.least, self.most, self.pattern, self.words = least, most, pattern, words
        self.before, self.after = before, after
        # the whole text must match: "$" would let a final line break through
        self.regex = re.compile(pattern.removesuffix("$") + r"\Z") if pattern else None

    def read(self, value: Any, loc: tuple, problems: Problems) -> Any:
        if self.before is not None:
            value = self.before(value)
        if not isinstance(value, str):
            return _wrong(problems, loc, "text", value)
        if len(value) < self.least:
            problems.append((loc, "不能为空", "填写内容"))
            return _BAD
        if self.most is not None and len(value) > self.most:
            problems.append((loc, f"太长：{len(value)} 字，最多 {self.most} 字", "删减文字"))
            return _BAD
        if self.regex is not None and not value.strip():  # left empty: said as such, with how to write it
            problems.append((loc, "不能为空", self.words or f"应符合 {self.pattern}"))
            return _BAD
        if self.regex is not None and not self.regex.search(value):
            problems.append((loc, f"格式不对（实际为 {quoted(value)}）", self.words or f"应符合 {self.pattern}"))
            return _BAD
        return self._then(self.after, value, loc, problems)

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string"}
        if self.least:
            out["minLength"] = self.least
        if self.most is not None:
            out["maxLength"] = self.most
        if self.pattern:
            out["pattern"] = self.pattern
        return out


_WHOLE = re.compile(r"([+-]?[0-9](?:_?[0-9])*)(?:\.0+)?")  # 12, +1_000, 12.0: a whole number as text


class Whole(Kind):
    """A whole number from ``least`` to ``most``; also written as text, or as a decimal without a fraction."""

    def __init__(self, least: int, most: int) -> None:
        self.least, self.most = least, most

    def read(self, value: Any, loc: tuple, problems: Problems) -> Any:
        if isinstance(value, int):
            number = int(value)
        elif isinstance(value, Decimal):
            if not value.is_finite() or value != value.to_integral_value():
                return _wrong(problems, loc, "int_fraction" if value.is_finite() else "int", value)
            number = int(value)
        elif isinstance(value, str):
            if not (match := _WHOLE.fullmatch(value.strip())):
                return _wrong(problems, loc, "int", value)
            try:
                number = int(match.group(1))
            except ValueError:  # more digits than Python turns into a number
                return _wrong(problems, loc, "int_size", value)
        else:
            return _wrong(problems, loc, "int", value)
        if number < self.least:
            problems.append(
                (loc, f"数值太小，应不小于 {self.least}（实际为 {quoted(value)}）", f"写成不小于 {self.least} 的数")
            )
            return _BAD
        if number > self.most:
            problems.append(
                (loc, f"数值太大，应不大于 {self.most}（实际为 {quoted(value)}）", f"写成不大于 {self.most} 的数")
            )
            return _BAD
        return number

    def schema(self) -> dict[str, Any]:
        return {"maximum": self.most, "minimum": self.least, "type": "integer"}


_YES = {"true", "yes", "on", "1", "t", "y"}
_NO = {"false", "no", "off", "0", "f", "n"}


class Flag(Kind):
    """true or false; also yes/no, on/off, 1/0 (YAML reads the unquoted ones as true and false itself)."""

    def read(self, value: Any, loc: tuple, problems: Problems) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | Decimal) and value in (0, 1):
            return value == 1
        if isinstance(value, str) and (word := value.lower()) in _YES | _NO:
            return word in _YES
        return _wrong(problems, loc, "bool", value)

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Exact(Kind):
    """An exact decimal of at most ``digits`` digits (3.8 stays 3.8); also written as text."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def read(self, value: Any, loc: tuple, problems: Problems) -> Any:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int) and not isinstance(value, bool):
            number = Decimal(value)
        elif isinstance(value, str):
            try:
                number = Decimal(value.strip())
            except InvalidOperation:
                if _NOT_FINITE.fullmatch(value):
                    problems.append(
                        (loc, f"{value} 不是一个数（YAML 中它表示“非数”或“无穷大”）", "写成实际的数字，如 45 或 3.8")
                    )
                    return _BAD
                return _wrong(problems, loc, "decimal", value)
        else:
            return _wrong(problems, loc, "decimal", value)
        if not number.is_finite():
            return _wrong(problems, loc, "finite", value)
        _, digits, exponent = number.normalize().as_tuple()
        count = len(digits) + exponent if exponent >= 0 else max(len(digits), -exponent)  # type: ignore[operator]
        if count > self.digits:
            message = f"数值的位数太多（最多 {self.digits} 位）（实际为 {quoted(value)}）"
            problems.append((loc, message, "写成实际的数值"))
            return _BAD
        return number

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "number"}, {"type": "string"}]}


_MOMENT = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?"
)


def _moment(text: str) -> dt.datetime | None:
    """A date, or a date and time (2023-11-09 15:13, seconds and a time zone optional), written as text."""
    match = _MOMENT.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, utc, sign, zone_h, zone_m = match.groups()
    zone = None
    if utc:
        zone = dt.UTC
    elif sign:
        offset = dt.timedelta(hours=int(zone_h), minutes=int(zone_m))
        zone = dt.timezone(-offset if sign == "-" else offset)
    try:
        return dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
            tzinfo=zone,
        )
    except ValueError:
        return None


class Day(Kind):
    """A date (YAML reads 2023-11-09 as one); also a date and time at midnight, or either as text."""

    def read(self, value: Any, loc: tuple, problems: Problems) -> Any:
        if isinstance(value, str):
            value = _moment(value) or value
        if isinstance(value, dt.datetime):
            if value.time() == dt.time():
                return value.date()
        elif isinstance(value, dt.date):
            return value
        return _wrong_date(problems, loc, "date", value)

    def schema(self) -> dict[str, Any]:
        return {"format": "date", "type": "string"}


class Moment(Kind):
    """A date and time (2023-11-09 15:13); a date alone is its midnight."""

    def read(self, value: Any, loc: tuple, problems: Problems) -> Any:
        if isinstance(value, str):
            value = _moment(value) or value
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        return _wrong_date(problems, loc, "datetime", value)

    def schema(self) -> dict[str, Any]:
        return {"format": "date-time", "type": "string"}


def _wrong_date(problems: Problems, loc: tuple, kind: str, value: Any) -> Any:
    if isinstance(value, str) and (why := impossible_date(value)):
        problems.append((loc, why, "写成实际存在的日期，如 2023-11-09"))
        return _BAD
    return _wrong(problems, loc, kind, value)


class Choice(Kind):
    """One of a few values, written exactly."""

    def __init__(self, *values: str | int) -> None:
        self.values = values

    def read(self, value: Any, loc: tuple, problems: Problems) -> Any:
        for allowed in self.values:
            if isinstance(value, str) == isinstance(allowed, str) and value == allowed:
                return allowed
        names = [repr(v) for v in self.values]
        expected = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        problems.append((loc, f"取值不在允许范围内，应为 {expected}（实际为 {quoted(value)}）", "改成允许的取值之一"))
        return _BAD

    def schema(self) -> dict[str, Any]:
        kind = "string" if isinstance(self.values[0], str) else "integer"
        if len(self.values) == 1:
            return {"const": self.values[0], "type": kind}
        return {"enum": list(self.values), "type": kind}


class ListOf(Kind):
    """A list of ``least``‥``most`` values of kind ``item``; ``after`` refuses the whole list (ValueError)."""

    def __init__(
        self,
        item: Kind | type[Model],
        least: int = 0,
        most: int | None = None,
        after: Callable[[list], list] | None = None,
    ) -> None:
        self.item, self.least, self.most, self.after = item, least, most, after

    def read(self, value: Any, loc: tuple, problems: Problems) -> Any:
        if not isinstance(value, list | tuple):
            return _wrong(problems, loc, "list", value)
        if self.most is not None and len(value) > self.most:
            problems.append((loc, f"项数太多：最多 {self.most} 项", "合并或删去一些"))
            return _BAD
        before = len(problems)
        items = [self.item.read(item, (*loc, i), problems) for i, item in enumerate(value)]
        if len(problems) > before:
            return _BAD
        if len(items) < self.least:
            return _wrong(problems, loc, "few", value)
        return self._then(self.after, items, loc, problems)

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"items": self.item.schema(), "type": "array"}
        if self.least:
            out["minItems"] = self.least
        if self.most is not None:
            out["maxItems"] = self.most
        return out


_REQUIRED: Any = object()
SELF: Any = object()  # the model being declared, as the item of a list field (a section holds sections)


class Field:
    """One field of a model: its kind, its Chinese description, its default (a value, or ``factory()``).

    A field whose default is None may also be written as null (``~``) or left empty."""

    __slots__ = ("kind", "description", "default", "factory")

    def __init__(self, kind: Kind | type[Model], description: str, default: Any, factory: Callable[[], Any] | None):
        self.kind, self.description, self.default, self.factory = kind, description, default, factory

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED and self.factory is None

    def schema(self) -> dict[str, Any]:
        kind = self.kind.schema() if isinstance(self.kind, Kind) else {"$ref": f"#/$defs/{self.kind.__name__}"}
        out = {"anyOf": [kind, {"type": "null"}]} if self.default is None else dict(kind)
        if self.default is not _REQUIRED:
            out["default"] = self.default
        if self.description:
            out["description"] = self.description
        return out


def field(
    kind: Kind | type[Model],
    description: str = "",
    *,
    default: Any = _REQUIRED,
    factory: Callable[[], Any] | None = None,
) -> Any:
    """Declares a model's field (in the class body: ``name: type = field(kind, "说明")``)."""
    return Field(kind, description, default, factory)


class Model:
    """A frozen record of fields read from plain data. Subclasses declare their fields with ``field``; their
    order is the order problems are reported in. ``problems`` gives the record's own rules over its fields."""

    FIELDS: ClassVar[dict[str, Field]] = {}

    def __init_subclass__(cls) -> None:
        cls.FIELDS = {name: spec for name, spec in vars(cls).items() if isinstance(spec, Field)}
        for name, spec in cls.FIELDS.items():
            delattr(cls, name)
            if isinstance(spec.kind, ListOf) and spec.kind.item is SELF:
                spec.kind.item = cls

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(type(self).from_data(values).__dict__)

    @classmethod
    def from_data(cls, data: Any) -> Any:
        """The record ``data`` (plain data, as YAML gives it) holds; raises Invalid with every problem."""
        problems: Problems = []
        made = cls.read(data, (), problems)
        if problems:
            raise Invalid(problems)
        return made

    @classmethod
    def read(cls, value: Any, loc: tuple, problems: Problems) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, dict):
            if key := _KEY_WITHOUT_COLON.match(str(value)):
                problems.append(
                    (
                        loc,
                        f"应为一组“字段: 值”，这里却是一段文字：“{key.group(1)}”后面的冒号是全角“：”或缺少空格",
                        f"改为“{key.group(1)}: ”（半角冒号，后面加一个空格）",
                    )
                )
            else:
                problems.append((loc, *_MAPPING))
            return _BAD
        before = len(problems)
        values = {}
        for name, spec in cls.FIELDS.items():
            if name in value:
                given = value[name]
                ok = given is None and spec.default is None
                values[name] = None if ok else spec.kind.read(given, (*loc, name), problems)
            elif spec.factory is not None:
                values[name] = spec.factory()
            elif spec.default is not _REQUIRED:
                values[name] = spec.default
            else:
                problems.append(((*loc, name), *_MISSING))
        problems += [((*loc, key), *_UNKNOWN) for key in value if key not in cls.FIELDS or not isinstance(key, str)]
        if len(problems) > before:
            return _BAD
        made = cls.__new__(cls)
        made.__dict__.update(values)
        own = [((*loc, *where), message, None) for where, message in made.problems()]
        problems += own
        return _BAD if own else made

    def problems(self) -> Iterator[tuple[tuple, str]]:
        """The record's own problems over several fields: (path below the record, message)."""
        return iter(())

    def replaced(self, **changes: Any) -> Any:
        """A copy with some fields changed (not checked again)."""
        made = type(self).__new__(type(self))
        made.__dict__.update(self.__dict__, **changes)
        return made

    def dump(self) -> dict[str, Any]:
        """The fields as plain data: records as dicts, in field order."""
        return {name: _dumped(getattr(self, name)) for name in self.FIELDS}

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    @classmethod
    def schema(cls) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{cls.__name__}"}


def _dumped(value: Any) -> Any:
    if isinstance(value, Model):
        return value.dump()
    if isinstance(value, list):
        return [_dumped(item) for item in value]
    return value


def json_schema(root: type[Model]) -> dict[str, Any]:
    """The JSON Schema of ``root`` and every record it holds (each under $defs)."""
    defs: dict[str, Any] = {}

    def visit(model: type[Model]) -> dict[str, Any]:
        for spec in model.FIELDS.values():
            kind = spec.kind
            while isinstance(kind, ListOf):
                kind = kind.item
            if isinstance(kind, type) and kind.__name__ not in defs and kind is not model:
                defs[kind.__name__] = {}
                defs[kind.__name__] = visit(kind)
        required = [name for name, spec in model.FIELDS.items() if spec.required]
        return {
            "additionalProperties": False,
            "description": (model.__doc__ or "").strip(),
            "properties": {
                name: spec.schema() | {"title": name.replace("_", " ").title()} for name, spec in model.FIELDS.items()
            },
            **({"required": required} if required else {}),
            "title": model.__name__,
            "type": "object",
        }

    out = visit(root)
    return {"$defs": dict(sorted(defs.items())), **out}
