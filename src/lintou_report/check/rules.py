"""A rule's result and the comparisons every rule makes: a measured value against profile.py's number.

A rule passes, fails, or is reported as not measurable on the file (never counted as a pass).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from lintou_report.spec import gbt9704 as P

Edges = tuple[float, float]  # left and right edge of the text block, points
Status = Literal["pass", "fail", "unmeasured"]
ProfileName = Literal["briefing", "report", "notice", "request", "letter", "minutes", "order"]  # check/kinds.py

# The checker's own allowances (not GB/T numbers): a placement counted in lines may be half a line off,
# since software seats a glyph differently inside its line; positions inside the type area get the
# tolerance the standard gives the type area itself (5.2.1, ±1 mm).
LINE_COUNT_TOLERANCE = 0.5
POSITION_TOLERANCE_MM = P.TOP_MARGIN.tolerance
SIZE_TOLERANCE_PT = 0.25  # rounding of sizes in PDFs made by Word and others
# A glyph sits inside its line: the first line's characters may start up to one line's leading below the
# type-area top, the last line's end as much above its bottom (Word and LibreOffice do so).
LEADING_MM = (P.LINE_PITCH.pt - P.BODY_SIZE.pt) / P.MM

LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


@dataclass
class RuleResult:
    clause: str
    name: str
    expected: str
    measured: str
    status: Status
    details: list[str] = field(default_factory=list)
    # the numbers behind ``expected`` and ``measured`` when the rule is a number in a range
    unit: str = ""
    target: float | None = None
    low: float | None = None
    high: float | None = None
    value: float | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def fixed(value: float, digits: int, signed: bool = False) -> str:
    """``value`` to ``digits`` decimals (with its sign when ``signed``); what rounds to zero shows as a plain 0,
    never as -0.0 or +0.0."""
    value = round(value, digits) + 0.0  # adding 0.0 turns -0.0 into 0.0
    return f"{value:+.{digits}f}" if signed and value else f"{value:.{digits}f}"


def _fmt(value: float, unit: str) -> str:
    return f"{fixed(value, 1)} mm" if unit == "mm" else f"{fixed(value, 2)} {unit}"


def num(value: float) -> str:
    return f"{value:g}" if value == round(value, 2) else f"{value:.2f}"


def within(
    clause: str,
    name: str,
    target: float,
    unit: str,
    measured: float | None,
    *,
    below: float,
    above: float,
    where: str = "",
    details: list[str] | None = None,
) -> RuleResult:
    """A number that must lie in [target − below, target + above]."""
    tol = f" ± {num(below)}" if below == above else f" −{num(below)}/+{num(above)}"
    expected = f"{num(target)} {unit}{tol if below or above else ''}"
    if measured is None:
        return RuleResult(
            clause,
            name,
            expected,
            where or "无法测量",
            "unmeasured",
            details or [],
            unit,
            target,
            target - below,
            target + above,
        )
    ok = target - below - 1e-6 <= measured <= target + above + 1e-6
    text = _fmt(measured, unit) + (f"（{where}）" if where else "")
    status: Status = "pass" if ok else "fail"
    return RuleResult(
        clause,
        name,
        expected,
        text,
        status,
        details or [],
        unit,
        target,
        target - below,
        target + above,
        round(measured, 3) + 0.0,
    )


def measure_rule(
    m: P.Measure, measured_in_unit: float | None, *, where: str = "", name: str = "", tolerance: float | None = None
) -> RuleResult:
    tol = m.tolerance if tolerance is None else tolerance
    return within(m.clause, name or m.name, m.value, m.unit, measured_in_unit, below=tol, above=tol, where=where)


def fact(
    clause: str, name: str, expected: str, measured: str, ok: bool | None, details: list[str] | None = None
) -> RuleResult:
    """A yes/no rule; ``ok`` None when the file does not let it be measured."""
    status: Status = "unmeasured" if ok is None else "pass" if ok else "fail"
    return RuleResult(clause, name, expected, measured, status, details or [])


# The standard's type area on the page, in points -------------------------------------------------------------
LEFT = P.LEFT_MARGIN.pt
TOP = P.TOP_MARGIN.pt
RIGHT = LEFT + P.TYPE_WIDTH.pt
BOTTOM = TOP + P.TYPE_HEIGHT.pt


def mm(pt: float) -> float:
    return pt / P.MM
