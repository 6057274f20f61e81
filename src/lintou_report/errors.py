"""The one exception type for user mistakes: it carries what a clerk needs to fix the input."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    """One thing wrong with the input: where it is, what is wrong, how to fix it."""

    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: str | None = None
    fix: str | None = None

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        parts = [f"{where}: " if where else ""]
        if self.field:
            parts.append(f"字段 {self.field}：")
        parts.append(self.message)
        if self.fix:
            parts.append(f"\n    修改建议：{self.fix}")
        return "".join(parts)


class UserError(Exception):
    """Bad input, reported to the user as text (never as a traceback); exit status 2."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__(*problems)
        self.problems = list(problems)

    def __str__(self) -> str:  # from the problems as they are now: a caller may add the file name later
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def simple(cls, message: str, *, file: str | None = None, fix: str | None = None) -> UserError:
        return cls(Problem(message, file=file, fix=fix))


def quoted(value: object, limit: int = 50) -> str:
    """A value as a Chinese message quotes it, never as Python writes it: “林头镇”, 空白, 未填写, 3, true.

    Long text is cut short with its length said."""
    if value is None:
        return "未填写"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if not value.strip():
            return "空白" if value else "空"
        text = value if len(value) <= limit else value[:limit] + f"…（共 {len(value):,} 字）"
        return f"“{text}”"
    if isinstance(value, (list, tuple)):
        return f"一个列表（{len(value)} 项）"
    if isinstance(value, dict):
        return f"一组“字段: 值”（{len(value)} 项）"
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
