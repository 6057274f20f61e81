"""A draft from ``extract`` made into a period: the suggestions the clerk rejected are undone."""

from __future__ import annotations

from typing import Any

from lintou_report.extract.traced import Finding
from lintou_report.web import library
from lintou_report.workspace import roundtrip


def suggestions(findings: list[Finding]) -> list[tuple[int, Finding]]:
    """The findings a clerk accepts or rejects one by one: corrections of a clause (not mechanical clean-up)."""
    return [(i, f) for i, f in enumerate(findings) if f.corrected is not None and f.before and f.after]


def _undo(node: Any, after: str, before: str) -> tuple[Any, bool]:
    """``node`` with the first ``after`` among its texts put back to ``before``."""
    if isinstance(node, str) and after in node:
        return node.replace(after, before, 1), True
    if isinstance(node, list):
        for i, value in enumerate(node):
            node[i], done = _undo(value, after, before)
            if done:
                return node, True
    if isinstance(node, dict):
        for key in node:
            node[key], done = _undo(node[key], after, before)
            if done:
                return node, True
    return node, False


def draft_for(draft: str, rejected: list[Finding], period_id: str) -> str:
    """The draft's text for period ``period_id``, with each rejected suggestion undone and its record dropped."""
    tree = roundtrip.load(draft)
    for finding in rejected:
        for part in ("intro", "themes", "metrics"):
            tree[part], _ = _undo(tree.get(part), finding.after, finding.before)  # a metric's source too
        records = tree.get("corrections") or []
        for i, record in enumerate(records):
            if record.get("original") == finding.before and record.get("corrected") == finding.after:
                del records[i]
                break
    tree["meta"]["period"]["id"] = period_id
    tree["meta"]["period"]["label"] = library.label_of(period_id)
    return roundtrip.dump(tree)
