"""Reporting-period names shared by the data side (extract, new-period): 2024-Q1 → 2024年第一季度."""

from __future__ import annotations

QUARTERS = "一二三四"


def period_label(period_id: str) -> str:
    """2024-01 → 2024年1月, 2024-Q1 → 2024年第一季度, 2024 → 2024年."""
    year, _, rest = period_id.partition("-")
    if not rest:
        return f"{year}年"
    if rest.startswith("Q"):
        return f"{year}年第{QUARTERS[int(rest[1]) - 1]}季度"
    return f"{year}年{int(rest)}月"
