"""The Jinja2 sandbox templates run in: no way out, and bounded in time, value size and output size.

Templates come from shared folders and are untrusted. Jinja's ImmutableSandboxedEnvironment already
refuses private attributes (``__class__`` …), internal attributes of functions and frames, the mutation of
lists and dicts, and sandboxes ``str.format``. This module adds what it leaves open:

- time: a deadline (TIME_LIMIT), enforced by an interval timer where rendering runs in the main thread and
  checked at every call, operator, attribute and ``range`` step everywhere;
- size: operators, string methods and filters that can make a value much larger than their inputs
  (``'x' * n``, ``10 ** n``, ``'%999999999d'``, ``center``, ``indent``, ``replace`` …) are estimated
  before they run and refused past MAX_VALUE characters or items (MAX_INT_BITS for integers), as is the
  output a macro, block or ``{% set %}`` collects; ``range`` is capped at MAX_RANGE; the caller streams the
  output and stops at MAX_OUTPUT, and all the values ``{{ }}`` write, streamed or collected, together stop
  there too. The ``~`` operator, for which the sandbox has no hook, is compiled into a checked join
  (_Compiler);
- globals: only ``range`` (bounded); Jinja's ``cycler``, ``joiner``, ``namespace``, ``lipsum`` and ``dict``
  are gone, as are the ``random`` (not deterministic) and ``urlize`` filters; dates offer no ``today``,
  ``now`` or ``strftime``.

A limit reached raises TemplateLimit, whose message (Chinese) names the limit; the caller adds the place.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import string
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from jinja2 import Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment

TIME_LIMIT = 10.0  # seconds for one document
MAX_OUTPUT = 20_000_000  # characters of markup (a real report makes about 30,000)
MAX_VALUE = 1_000_000  # characters of one string, or items of one list, a template makes
MAX_RANGE = 100_000  # numbers one range() gives
MAX_INT_BITS = 10_000  # about 3,000 decimal digits
MAX_WIDTH = 10_000  # a field width or precision in a format


class TemplateLimit(Exception):
    """A template went past a limit; the message says which, in Chinese."""

    fix = "模板只应排列数据；去掉这里的循环、重复或超大数值"


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def _limit(size: int, what: str) -> None:
    if size > MAX_VALUE:
        raise TemplateLimit(f"{what}过大（约 {size} 个字符或元素，上限 {MAX_VALUE}）")


def _width(number: int, what: str) -> None:
    if number > MAX_WIDTH:
        raise TemplateLimit(f"{what}中的宽度或精度 {number} 过大（上限 {MAX_WIDTH}）")


_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?([a-zA-Z%])")


def _printf_bound(fmt: str, args: Any) -> int:
    """The most ``fmt % args`` can make; refuses ``*`` and overlong widths."""
    fields = 0
    for width, precision, _ in _PRINTF.findall(fmt):
        if "*" in (width, precision):
            raise TemplateLimit("格式中的 * 宽度不允许使用")
        for number in (width, precision):
            _width(int(number or 0), "格式")
        fields += 1
    values = args.values() if isinstance(args, dict) else args if isinstance(args, tuple) else (args,)
    return len(fmt) + fields * (MAX_WIDTH + max((len(str(v)) for v in values), default=0))


def _format_fields(fmt: str) -> int:
    """The number of ``{}`` fields in a ``str.format`` string; refuses nested and overlong specs."""
    fields = 0
    for _, name, spec, _ in string.Formatter().parse(fmt):
        if name is None:
            continue
        if spec and "{" in spec:
            raise TemplateLimit("格式说明中不能再嵌套 {}")
        for number in re.findall(r"\d+", spec or ""):
            _width(int(number), "格式")
        fields += 1
    return fields


def _str_method_bound(text: str, method: str, args: tuple) -> int:
    """The most a string method that can grow its string makes (0 for the others)."""
    if method in ("ljust", "rjust", "center", "zfill") and args and isinstance(args[0], int):
        return max(len(text), args[0])
    if method == "expandtabs":
        return len(text) + text.count("\t") * (args[0] if args and isinstance(args[0], int) else 8)
    if method == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        return _replace_bound(text, args[0], args[1])
    return 0


def _replace_bound(text: str, old: str, new: str) -> int:
    hits = len(text) + 1 if not old else len(text) // len(old)
    return len(text) + hits * len(new)


def _sized_args(args: tuple) -> tuple:
    """Generators and iterators made into tuples, so a size can be estimated before a filter runs."""
    return tuple(tuple(a) if isinstance(a, Iterator) else a for a in args)


# Filters that can make a value much larger than their input: filter → the most it makes, from its arguments.
_FILTER_BOUNDS: dict[str, Callable[..., int]] = {
    "center": lambda value, width=80: max(len(str(value)), int(width)),
    "indent": lambda s, width=4, *_, **__: (
        len(str(s)) + (str(s).count("\n") + 1) * (len(width) if isinstance(width, str) else int(width))
    ),
    "format": lambda value, *args, **kwargs: _printf_bound(str(value), kwargs or args),
    "replace": lambda _, s, old, new, count=None: _replace_bound(str(s), str(old), str(new)),
    "join": lambda _, value, d="", attribute=None: sum(len(str(v)) for v in value) + len(str(d)) * len(value),
    "batch": lambda value, linecount, fill_with=None: len(value) + int(linecount),
    "slice": lambda _, value, slices, fill_with=None: len(value) + int(slices),
    "wordwrap": lambda _, s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True: (
        len(s) + (len(s) // max(int(width), 1) + 1) * len(wrapstring or "\n")
    ),
    "sum": lambda _, iterable, attribute=None, start=0: sum(map(_size, iterable)) + _size(start),
}


def _bounded_filter(name: str, filter_: Callable[..., Any]) -> Callable[..., Any]:
    bound = _FILTER_BOUNDS[name]

    @wraps(filter_)  # (keeps Jinja's mark of what the filter is passed first)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        args = _sized_args(args)
        _limit(bound(*args, **kwargs), f"过滤器 {name} 的结果")
        result = filter_(*args, **kwargs)
        if isinstance(result, Iterator):
            result = list(result)
        _limit(_size(result), f"过滤器 {name} 的结果")
        return result

    return bounded


# Date and time attributes a template may use: no clock (today, now), no strftime (a C format with widths).
_DATE_ATTRIBUTES = frozenset(
    [
        "year",
        "month",
        "day",
        "hour",
        "minute",
        "second",
        "microsecond",
        "weekday",
        "isoweekday",
        "isoformat",
        "isocalendar",
        "date",
    ]
)
_STR_REFUSED = frozenset(("translate", "maketrans"))  # a table can make each character any string


class Budget:
    """The deadline of one rendering, and how much it has written."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self.written = 0  # characters the template's {{ }} wrote

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            self.expired = True
            raise self.error()

    def expire(self, *_: Any) -> None:
        """The timer's signal handler: stop the rendering unless a check already did (its error may be on
        its way out)."""
        if not self.expired:
            self.expired = True
            raise self.error()

    def error(self) -> TemplateLimit:
        return TemplateLimit(f"模板运行超过 {self.seconds:g} 秒，已停止")

    @contextmanager
    def timer(self) -> Iterator[None]:
        """Stop the rendering at the deadline even in a loop that calls nothing (main thread, POSIX only)."""
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            yield
            return
        previous = signal.signal(signal.SIGALRM, self.expire)  # (its own; restored below)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


class _Compiler(CodeGenerator):
    """Jinja's code generator, but ``a ~ b ~ …`` becomes ``environment.joined(context, (a, b, …))``, so that
    the joined size is checked before the join: the sandbox has hooks for ``+ * ** %`` but none for ``~``.
    Code generation is Jinja's own business (Environment.code_generator_class is the documented way in);
    this is the one place that touches it, for the one node."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.joined(context, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class Sandbox(ImmutableSandboxedEnvironment):
    """A sandboxed environment with the limits above; ``budget`` is the rendering's deadline."""

    intercepted_binops = frozenset(("*", "+", "**", "%"))
    code_generator_class = _Compiler

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, finalize=self.written, **kwargs)
        self.budget = Budget(TIME_LIMIT)
        self.globals.clear()
        self.globals["range"] = self.range
        for name in ("random", "urlize"):
            del self.filters[name]
        for name in _FILTER_BOUNDS:
            self.filters[name] = _bounded_filter(name, self.filters[name])
        self.concat = self.bounded_concat  # what compiled templates join a macro's or a block's output with

    def written(self, value: Any) -> Any:
        """Every value a ``{{ }}`` writes passes here (Jinja's finalize): together at most MAX_OUTPUT characters,
        also where they are collected (a macro, a loop inside ``{% set %}``) rather than streamed out."""
        self.budget.written += len(
            value if isinstance(value, str) else "" if isinstance(value, Undefined) else str(value)
        )
        if self.budget.written > MAX_OUTPUT:
            raise TemplateLimit(f"模板写出的内容超过 {MAX_OUTPUT} 个字符，已停止")
        return value

    def joined(self, context: Any, parts: tuple) -> str:
        """``a ~ b ~ …``: joined as Jinja joins them (escaping when autoescaping), once the size is known."""
        self.budget.check()
        _limit(sum(len(p if isinstance(p, str) else str(p)) for p in parts), "连接 ~ 的结果")
        return markup_join(parts) if context.eval_ctx.autoescape else str_join(parts)

    @staticmethod
    def bounded_concat(parts: Iterable[str]) -> str:
        parts = list(parts)
        _limit(sum(map(len, parts)), "宏、块或 set 收集的输出")
        return "".join(parts)

    def range(self, *args: int) -> Iterator[int]:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateLimit(f"range 给出的数过多（{len(numbers)} 个，上限 {MAX_RANGE}）")
        for number in numbers:
            self.budget.check()
            yield number

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in getattr(type(obj), "__record_fields__", ()):  # a record's field (most lookups; no "_")
            return True
        if isinstance(obj, dt.date) and attr not in _DATE_ATTRIBUTES:
            return False
        if isinstance(obj, str) and attr in _STR_REFUSED:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.check()
        if isinstance(obj, Undefined):
            str(obj)  # a strict undefined name is the mistake to report, not what is asked of it
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.budget.check()
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | bytes | list | tuple) and isinstance(times, int):
                    _limit(len(seq) * times, "乘法 * 的结果")
            if isinstance(left, int) and isinstance(right, int):
                _bits(left.bit_length() + right.bit_length())
        elif operator == "+" and _size(left) and _size(right):
            _limit(len(left) + len(right), "加法 + 的结果")
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            _bits(left.bit_length() * right)
        elif operator == "%" and isinstance(left, str):
            _limit(_printf_bound(left, right), "格式 % 的结果")
        result = super().call_binop(context, operator, left, right)
        _limit(_size(result), f"运算 {operator} 的结果")
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fields = _format_fields(value.__self__)

        def bounded(*args: Any, **kwargs: Any) -> str:
            values = [*args, *kwargs.values()]
            if value.__name__ == "format_map" and args and isinstance(args[0], dict):
                values = list(args[0].values())
            _limit(len(value.__self__) + fields * max((len(str(v)) for v in values), default=0), "format 的结果")
            return wrapped(*args, **kwargs)

        return bounded

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.budget.check()
        for argument in (*args, *kwargs.values()):
            _limit(_size(argument), "调用的参数")
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str):
            if obj.__name__ == "join" and args:
                args = (tuple(args[0]), *args[1:])
                _limit(sum(map(_size, args[0])) + len(owner) * len(args[0]), "join 的结果")
            _limit(_str_method_bound(owner, obj.__name__, args), f"{obj.__name__} 的结果")
        result = super().call(context, obj, *args, **kwargs)
        _limit(_size(result), "调用的结果")
        return result


def _bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise TemplateLimit(f"整数运算的结果过大（约 {bits} 位二进制，上限 {MAX_INT_BITS}）")
