"""Reporting-period names shared by the data side (extract, new-period): 2024-Q1 → 2024年第一季度; and the
names of a workspace's documents that are no period's report (a 通知, 请示, 函, 纪要, 命令): 2024-03-05-防汛通知."""

from __future__ import annotations

import re

QUARTERS = "一二三四"
# A document's folder: its date, then a short name the clerk chose (letters, digits and Chinese characters: no
# space, dot, slash or dash, so that it is a safe folder name and URL part), then -2, -3 … when the same day
# already has a document of that name.
DOCUMENT_NAME_CHARS = 20
DOCUMENT_NAME = re.compile(rf"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]{{1,{DOCUMENT_NAME_CHARS}}}")
DOCUMENT_ID = re.compile(
    rf"(?P<year>\d{{4}})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])-(?P<name>{DOCUMENT_NAME.pattern})"
    r"(?:-(?P<copy>[2-9]|[1-9]\d))?"
)


def is_document(folder_id: str) -> bool:
    """Whether a workspace folder's name is a document's (2024-03-05-防汛通知), not a reporting period's."""
    return DOCUMENT_ID.fullmatch(folder_id) is not None


def period_label(period_id: str) -> str:
    """2024-01 → 2024年1月, 2024-Q1 → 2024年第一季度, 2024 → 2024年; a document's id, its date and name:
    2024-03-05-防汛通知 → 2024年3月5日 防汛通知."""
    if found := DOCUMENT_ID.fullmatch(period_id):
        copy = f"（{found['copy']}）" if found["copy"] else ""
        return f"{found['year']}年{int(found['month'])}月{int(found['day'])}日 {found['name']}{copy}"
    year, _, rest = period_id.partition("-")
    if not rest:
        return f"{year}年"
    if rest.startswith("Q"):
        return f"{year}年第{QUARTERS[int(rest[1]) - 1]}季度"
    return f"{year}年{int(rest)}月"
