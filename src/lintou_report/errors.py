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
