"""The check's result for people (a Chinese table, one rule a line) and for machines (JSON)."""

from __future__ import annotations

import json

from lintou_report.check import PROFILES, CheckReport

MARKS = {"pass": "✓", "fail": "✗", "unmeasured": "？无法测量"}
MAX_DETAILS = 12


def as_text(report: CheckReport) -> str:
    how = "自动判断" if report.profile_guessed else "指定"
    lines = [
        f"GB/T 9704-2012 检查：{report.file}（{report.kind.upper()}，按{PROFILES[report.profile]} "
        f"{report.profile} 检查，{how}）"
    ]
    for heading, rules in report.groups:
        lines.append(f"【{heading}】")
        for r in rules:
            lines.append(f"  {r.clause} {r.name} {r.expected}：实测 {r.measured} {MARKS[r.status]}")
            shown = r.details[:MAX_DETAILS]
            lines += [f"      {d}" for d in shown]
            if len(r.details) > len(shown):
                lines.append(f"      …另有 {len(r.details) - len(shown)} 处")
    counts = {s: sum(1 for r in report.results if r.status == s) for s in MARKS}
    verdict = "符合所检各项" if report.passed else "不符合 GB/T 9704-2012"
    lines.append(
        f"结果：合格 {counts['pass']} 项，不合格 {counts['fail']} 项，无法测量 {counts['unmeasured']} 项 —— {verdict}"
    )
    return "\n".join(lines)


def as_json(report: CheckReport) -> str:
    data = {
        "file": str(report.file),
        "kind": report.kind,
        "profile": report.profile,
        "profile_guessed": report.profile_guessed,
        "passed": report.passed,
        "groups": [{"name": heading, "rules": [r.as_dict() for r in rules]} for heading, rules in report.groups],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
