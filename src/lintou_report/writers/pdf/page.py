"""What a laid-out page holds: positioned text lines, rules, stars and outline marks (PDF points)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lintou_report.writers.pdf.linebreak import Color, Line


@dataclass(frozen=True)
class TextOp:
    """A set line with its left edge at ``x`` and its baseline at ``y``."""

    line: Line
    x: float
    y: float


@dataclass(frozen=True)
class RuleOp:
    """A straight stroke from (x0, y0) to (x1, y1), the coordinates being the stroke's centre line."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: Color


@dataclass(frozen=True)
class StarOp:
    """A filled five-pointed star centred at (x, y) whose circumscribed circle has diameter ``size``."""

    x: float
    y: float
    size: float
    color: Color


@dataclass(frozen=True)
class Mark:
    """An outline (bookmark) entry pointing at height ``y`` of its page."""

    title: str
    level: int
    y: float


@dataclass
class Page:
    ops: list[TextOp | RuleOp | StarOp] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.ops
