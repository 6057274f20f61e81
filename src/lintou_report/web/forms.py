"""The period editor's form: its fields, the data it stands for, and structural edits (add, remove, move).

Every input is named by the path validation gives a problem (``Problem.field``): ``meta.briefing.name``,
``themes[0].items[1].paragraphs[2]``, ``metrics[3].value``. So each problem is shown at its own input.
Values are converted where they are well formed (numbers, dates) and otherwise passed on as text, so that
validation, not the form, says what is wrong, in the CLI's words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

_INT = re.compile(r"[+-]?\d+")
# a date as a clerk types it: 2023-12-09, 2023/12/9, 2023.12.9 or 2023年12月9日
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Field:
    path: str  # the dotted path in the data (no list index)
    label: str
    kind: str = "text"  # text, textarea, int, decimal, date, datetime, bool, choice
    optional: bool = False
    hint: str = ""


META = [
    (
        "报头",
        [
            Field("meta.briefing.name", "简报名称", hint="如 党建工作简报"),
            Field("meta.briefing.issue", "期号（第×期）", "int"),
            Field("meta.briefing.total_issue", "总期号（可空）", "int", optional=True),
            Field("meta.briefing.office", "编印单位"),
            Field("meta.date", "成文日期", "date"),
        ],
    ),
    (
        "标题与报告期",
        [
            Field("meta.title", "标题"),
            Field("meta.editor_note", "编者按（可空，工作简报印在标题后）", "textarea", optional=True),
            Field("meta.period.id", "报告期代号", hint="如 2023-12、2023-Q4、2023"),
            Field("meta.period.label", "报告期", hint="如 2023年12月"),
        ],
    ),
    (
        "发文机关",
        [
            Field("meta.issuer", "发文机关全称"),
            Field("meta.issuer_short", "发文机关简称"),
            Field("meta.party_organ", "党的机关（分隔线加五角星）", "bool"),
            Field("meta.doc_number", "发文字号（可空）", optional=True, hint="如 林党〔2023〕12号"),
            Field("meta.signer", "签发人（可空）", optional=True),
        ],
    ),
    (
        "稿源",
        [
            Field("meta.source", "稿源"),
            Field("meta.author", "作者"),
            Field("meta.published", "原稿发布时间", "datetime"),
        ],
    ),
    (
        "印发",
        [
            Field("meta.printing.organ", "印发机关"),
            Field("meta.printing.date", "印发日期", "date"),
            Field("meta.printing.copies", "印数（份，可空）", "int", optional=True),
        ],
    ),
]
LISTS = [
    ("meta.recipients.report_to", "报（上级机关）"),
    ("meta.recipients.send_to", "送（平级机关）"),
    ("meta.recipients.distribute_to", "发（下级单位）"),
    ("meta.recipients.main", "主送机关（报告）"),
    ("meta.recipients.cc", "抄送机关（报告）"),
    ("meta.keywords", "关键词"),
]
QUALIFIERS = ["", "余", "近", "超", "以上", "约"]
METRIC = [
    Field("id", "代号"),
    Field("label", "指标名称"),
    Field("value", "数值", "decimal"),
    Field("unit", "单位"),
    Field("qualifier", "约数", "choice", optional=True),
    Field("theme", "主题", "choice"),
    Field("item", "工作项", "int"),
    Field("source", "原文句子"),
    Field("note", "备注", optional=True),
    Field("review", "待核对（核对后清空）", optional=True),
]
CORRECTION = [Field("original", "原文"), Field("corrected", "更正为"), Field("reason", "理由")]
_KINDS = {f.path: f for _, fields in META for f in fields} | {f"metrics.{f.path}": f for f in METRIC}
_KINDS |= {f"corrections.{f.path}": f for f in CORRECTION}


def parse_path(name: str) -> list[str | int]:
    return [int(index) if index else key for key, index in _PART.findall(name)]


def field_name(parts: list[str | int] | tuple) -> str:
    """The path as Problem.field writes it: meta.briefing.name, themes[0].items[1].paragraphs[2]."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _convert(kind: str, raw: str) -> Any:
    text = raw.strip()
    if kind == "int" and _INT.fullmatch(text):
        return int(text)
    if kind == "decimal":
        try:
            return Decimal(text) if text and Decimal(text).is_finite() else text
        except InvalidOperation:
            return text
    if kind == "date" and (found := _DATE.fullmatch(text)):
        try:
            return dt.date(*map(int, found.groups()))
        except ValueError:  # no such day: passed on, and the check names it at the field
            return text
    if kind == "datetime":
        return text.replace("T", " ")
    return text


def _put(tree: dict, parts: list[str | int], value: Any) -> None:
    """Set a value in nested dicts; list indices are kept as dict keys until _lists turns them into lists."""
    node = tree
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _lists(node: Any) -> Any:
    if isinstance(node, dict):
        if node and all(isinstance(k, int) for k in node):
            return [_lists(node[k]) for k in sorted(node)]
        return {k: _lists(v) for k, v in node.items()}
    return node


def parse_form(form: Mapping[str, str]) -> dict[str, Any]:
    """The data the editor's inputs stand for (meta, intro, themes, metrics, corrections)."""
    tree: dict = {}
    for name, raw in form.items():
        if name.startswith("_") or not isinstance(raw, str):
            continue
        parts = parse_path(name)
        if not parts or parts[0] not in ("meta", "intro", "themes", "metrics", "corrections"):
            continue
        key = ".".join(str(p) for p in parts if isinstance(p, str))
        spec = _KINDS.get(key)
        if spec and spec.kind == "bool":
            continue
        value = _convert(spec.kind if spec else "text", raw)
        if value == "" and (spec is None or spec.optional) and _optional(parts):
            continue
        _put(tree, parts, value)
    data = _lists(tree)
    meta = data.setdefault("meta", {})
    meta["party_organ"] = form.get("meta.party_organ") == "on"
    for path, _ in LISTS:  # an emptied list is written as an empty list
        _, section, *rest = path.split(".")
        holder = meta.setdefault(section, {}) if rest else meta
        holder.setdefault(rest[0] if rest else section, [])
    for part in ("intro", "themes", "metrics", "corrections"):
        data.setdefault(part, [])
    return data


def _optional(parts: list[str | int]) -> bool:
    """Empty entries of a list of names are dropped; an empty required field is kept (validation names it)."""
    key = ".".join(str(p) for p in parts if isinstance(p, str))
    spec = _KINDS.get(key)
    return (spec is not None and spec.optional) or key in dict(LISTS)


# --- structural edits -------------------------------------------------------------------------------


def _blank(kind: str, data: dict[str, Any]) -> Any:
    themes = data.get("themes") or []
    n = len(data.get(kind, [])) + 1
    if kind == "themes":
        return {"key": f"theme{len(themes) + 1}", "label": "", "slogan": "", "items": [_blank("items", data)]}
    if kind == "items":
        return {"heading": "", "paragraphs": [""]}
    if kind == "metrics":
        key = themes[0]["key"] if themes and isinstance(themes[0], dict) else ""
        return {"id": f"metric-{n}", "label": "", "value": "", "unit": "", "theme": key, "item": 1, "source": ""}
    if kind == "corrections":
        return {"original": "", "corrected": "", "reason": ""}
    return ""


def apply_op(data: dict[str, Any], op: str) -> None:
    """``add:<list>``, ``remove:<entry>``, ``up:<entry>``, ``down:<entry>``, ``reviewed:metrics`` (every
    metric's review mark cleared); an op that does not fit is ignored."""
    verb, _, target = op.partition(":")
    if op == "reviewed:metrics":
        for metric in data.get("metrics") or []:
            if isinstance(metric, dict):
                metric.pop("review", None)
        return
    parts = parse_path(target)
    if not parts:
        return
    if verb == "add":
        holder = _at(data, parts)
        if isinstance(holder, list):
            holder.append(_blank(str(parts[-1]), data))
        return
    index = parts[-1]
    holder = _at(data, parts[:-1])
    if not isinstance(index, int) or not isinstance(holder, list) or not 0 <= index < len(holder):
        return
    if verb == "remove":
        del holder[index]
    elif verb in ("up", "down"):
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(holder):
            holder[index], holder[other] = holder[other], holder[index]


def _at(data: Any, parts: list[str | int]) -> Any:
    node = data
    for part in parts:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.setdefault(part, [])
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


# --- showing values and problems --------------------------------------------------------------------


def shown(value: Any) -> str:
    """A value as its input shows it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def in_words(value: Any) -> str:
    """A date as a Chinese document writes it (2023年12月9日); anything else: nothing."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    return ""


def get(data: Any, path: str) -> Any:
    node = data
    for part in parse_path(path):
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return node


def slot_id(field: str) -> str:
    """An HTML id for the place a field's problems are shown."""
    return "e-" + re.sub(r"[^A-Za-z0-9_-]", "_", field)


def slots(data: dict[str, Any]) -> list[str]:
    """Every field of the form, and every list, where a problem can be shown ("" is the whole file)."""
    out = [""] + [f.path for _, fields in META for f in fields]
    out += ["meta", "meta.briefing", "meta.period", "meta.printing", "meta.recipients", "intro", "themes"]
    out += ["metrics", "corrections"]
    for path, _ in LISTS:
        out.append(path)
        out += [f"{path}[{i}]" for i in range(len(get(data, path) or []))]
    out += [f"intro[{i}]" for i in range(len(data.get("intro") or []))]
    for t, theme in enumerate(data.get("themes") or []):
        out += [f"themes[{t}]", f"themes[{t}].key", f"themes[{t}].label", f"themes[{t}].slogan", f"themes[{t}].items"]
        for i, item in enumerate(theme.get("items") or [] if isinstance(theme, dict) else []):
            base = f"themes[{t}].items[{i}]"
            out += [base, f"{base}.heading", f"{base}.paragraphs"]
            out += [f"{base}.paragraphs[{p}]" for p in range(len(item.get("paragraphs") or []))]
    for m in range(len(data.get("metrics") or [])):
        out += [f"metrics[{m}]"] + [f"metrics[{m}].{f.path}" for f in METRIC]
    for c in range(len(data.get("corrections") or [])):
        out += [f"corrections[{c}]"] + [f"corrections[{c}].{f.path}" for f in CORRECTION]
    return out


def place(field: str | None, known: set[str]) -> str:
    """The nearest slot for a problem's field: the field itself, else its nearest enclosing part, else ""."""
    parts = parse_path(field or "")
    for n in range(len(parts), 0, -1):
        name = field_name(parts[:n])
        if name in known:
            return name
    return ""
