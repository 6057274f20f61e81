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
        ],
    ),
    (
        "标题与报告期",
        [
            Field("meta.title", "标题"),
            Field("meta.date", "成文日期", "date"),
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
    (
        "版头要素",
        [
            Field("meta.copy_number", "份号（6 位数字，可空）", optional=True, hint="如 000001"),
            Field("meta.secrecy.level", "密级（可空）", "choice", optional=True),
            Field("meta.secrecy.period", "保密期限（可空）", optional=True, hint="如 1年"),
            Field("meta.urgency", "紧急程度（可空）", "choice", optional=True),
        ],
    ),
    (
        "附注与印章",
        [
            Field(
                "meta.note",
                "附注（可空，不加括号）",
                "textarea",
                optional=True,
                hint="如 联系人：王五，电话：0555-1234567",
            ),
            Field("meta.seal.mode", "印章", "choice", optional=True),
            Field("meta.seal.image", "印章图片（可空，本期文件夹中的 PNG 或 JPEG）", optional=True, hint="如 seal.png"),
            Field("meta.seal.title", "签名章的职务（加盖签名章时填）", optional=True, hint="如 镇长"),
        ],
    ),
]
# the options of each choice field: value → what the clerk reads ("" leaves the field out)
CHOICES = {
    "meta.secrecy.level": [("", "无（不涉密）"), ("秘密", "秘密"), ("机密", "机密"), ("绝密", "绝密")],
    "meta.urgency": [("", "无"), ("加急", "加急"), ("特急", "特急")],
    "meta.seal.mode": [
        ("", "不填（按加盖机关印章排）"),
        ("organ", "加盖机关印章"),
        ("none", "不加盖印章"),
        ("signature", "加盖签发人签名章"),
    ],
    "attendance.label": [("出席", "出席"), ("请假", "请假"), ("列席", "列席")],
    "order.word": [("令", "令"), ("命令", "命令")],
}
LISTS = [
    ("meta.recipients.report_to", "报（上级机关）"),
    ("meta.recipients.send_to", "送（平级机关）"),
    ("meta.recipients.distribute_to", "发（下级单位）"),
    ("meta.recipients.main", "主送机关"),
    ("meta.recipients.cc", "抄送机关"),
    ("meta.signers", "签发人（几位时逐一列出；一位时填上方的“签发人”）"),
    ("meta.co_issuers", "联合行文的其他发文机关（主办机关写在“发文机关全称”）"),
    ("meta.seal.images", "联合行文各机关的印章图片（按发文机关顺序，主办机关在前，每个机关一张）"),
    ("meta.seal.titles", "联合行文加盖签名章时各机关签发人的职务全称（按发文机关顺序）"),
    ("meta.keywords", "关键词"),
]
# the generic body of a 通知, 请示, 函 or 纪要 (and of each attachment): a section's fields, by their path
# inside the section (see _spec); the nesting (sections within sections) is the data's, up to MAX_LEVELS
MAX_LEVELS = 4
LEVEL_MARKS = ("一、", "（一）", "1.", "（1）")
SECTION = [
    Field("heading", "标题（不写序号，可空）", optional=True),
    Field("run_in", "标题与第一段同行", "bool"),
    Field("paragraphs", "段落", "textarea"),
    Field("table.caption", "表题", hint="如 表1　各村工作安排"),
    Field("table.columns", "表头"),
    Field("table.rows", "表格的格"),  # an empty cell stays: it keeps the row's cells under their columns
]
MINUTES = [
    Field("minutes.name", "纪要标志", hint="如 林头镇党委会议纪要"),
    Field("minutes.number", "期数（第×期，可空）", "int", optional=True),
    Field("minutes.organ", "编印机关（可空，默认发文机关）", optional=True),
]
ORDER = [
    Field("order.word", "标志中机关全称后的字", "choice"),
    Field("order.number", "令号（第×号）", "int", hint="如 1"),
]
OTHER = [
    Field("closing", "结束语（可空）", optional=True, hint="如 特此通知。"),
    Field("attachments.title", "附件标题"),
    Field("attachments.separate", "不与正文一起装订（排在版记之后，印发文字号，页码从1起）", "bool"),
    Field("attendance.label", "名单", "choice"),
    Field("attendance.names", "人名（用顿号“、”隔开，可带职务）", "names"),
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
_KINDS |= {f.path: f for f in MINUTES} | {f.path: f for f in ORDER}
_KINDS |= {f.path: f for f in OTHER} | {f"section.{f.path}": f for f in SECTION}
_NAMES = re.compile(r"\s*[、，,；;\n]\s*")  # what separates the names of an attendance list


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


TOP = ("meta", "intro", "themes", "metrics", "corrections", "body", "closing", "attachments", "minutes", "order")


def _key(parts: list[str | int] | tuple) -> str:
    """The key of a path's field in _KINDS: its names without indices, a body section's fields (at any depth,
    in the body or an attachment's) as ``section.*``, an attendance list's as ``attendance.*``."""
    names = [p for p in parts if isinstance(p, str)]
    if names[:1] == ["body"] or names[:2] == ["attachments", "body"]:
        rest = names[1:] if names[0] == "body" else names[2:]
        while rest[:1] == ["sections"]:
            rest = rest[1:]
        return ".".join(["section", *rest]) if rest else "body"
    if names[:2] == ["minutes", "attendance"] and len(names) > 2:
        return ".".join(["attendance", *names[2:]])
    return ".".join(names)


def choices(path: str) -> list[tuple[str, str]]:
    """The options of the choice field at ``path``: (value, words)."""
    return CHOICES.get(_key(parse_path(path)), [])


def spec_of(path: str) -> Field | None:
    """The form field at ``path`` (any index), if the form knows it."""
    return _KINDS.get(_key(parse_path(path)))


def parse_form(form: Mapping[str, str]) -> dict[str, Any]:
    """The data the editor's inputs stand for (meta, intro, themes, metrics, corrections, and the body,
    closing, attachments and minutes of a 通知, 请示, 函 or 纪要)."""
    tree: dict = {}
    for name, raw in form.items():
        if name.startswith("_") or not isinstance(raw, str):
            continue
        parts = parse_path(name)
        if not parts or parts[0] not in TOP:
            continue
        spec = _KINDS.get(_key(parts))
        if spec and spec.kind == "bool":
            if parts != ["meta", "party_organ"] and raw == "on":  # a box left unticked leaves the key out
                _put(tree, parts, True)
            continue
        if spec and spec.kind == "names":
            names = [n for n in _NAMES.split(raw.strip()) if n]
            if names:
                _put(tree, parts, names)
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
        if section == "seal" and not isinstance(meta.get("seal"), dict):
            continue  # the seal's lists make no seal: a report without meta.seal prints none
        holder = meta.setdefault(section, {}) if rest else meta
        holder.setdefault(rest[0] if rest else section, [])
    for part in ("intro", "themes", "metrics", "corrections", "body", "attachments"):
        data.setdefault(part, [])
    return data


def labelled(field: Field, required: tuple[str, ...]) -> str:
    """The field's label for a kind: "可空" dropped where the kind's template requires the field (a 通知's
    发文字号, a 请示's 签发人 and 附注), so the label never calls optional what validation asks for."""
    if field.path not in required:
        return field.label
    return field.label.replace("（可空）", "").replace("可空，", "").replace("，可空", "")


def _optional(parts: list[str | int]) -> bool:
    """Empty entries of a list of names are dropped; an empty required field is kept (validation names it)."""
    key = _key(parts)
    spec = _KINDS.get(key)
    return (spec is not None and spec.optional) or key in dict(LISTS)


# --- structural edits -------------------------------------------------------------------------------


def _blank(kind: str, data: dict[str, Any]) -> Any:
    themes = data.get("themes") or []
    if kind in ("body", "sections"):
        return {"heading": "", "paragraphs": [""]}
    if kind == "attachments":
        return {"title": "", "body": [{"paragraphs": [""]}]}
    if kind == "attendance":
        return {"label": "出席", "names": []}
    if kind == "themes":
        return {"key": f"theme{len(themes) + 1}", "label": "", "slogan": "", "items": [_blank("items", data)]}
    if kind == "items":
        return {"heading": "", "paragraphs": [""]}
    if kind == "metrics":
        key = themes[0]["key"] if themes and isinstance(themes[0], dict) else ""
        return {"id": "", "label": "", "value": "", "unit": "", "theme": key, "item": 1, "source": ""}
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
    if verb in ("table", "column"):
        _table_op(data, verb, parts)
        return
    if verb == "add":
        holder = _at(data, parts)
        if isinstance(holder, list) and parts[-1] == "rows":  # a table's row: a cell for each column
            columns = _at(data, [*parts[:-1], "columns"])
            holder.append([""] * max(1, len(columns) if isinstance(columns, list) else 1))
        elif isinstance(holder, list):
            holder.append(_blank(str(parts[-1]), data))
        return
    index = parts[-1]
    holder = _at(data, parts[:-1])
    if verb == "remove" and isinstance(index, str) and isinstance(holder, dict):  # a section's table
        holder.pop(index, None)
        return
    if not isinstance(index, int) or not isinstance(holder, list) or not 0 <= index < len(holder):
        return
    if verb == "remove" and parts[-2:-1] == ["columns"]:  # a table's column: its cell in every row goes too
        for row in _at(data, [*parts[:-2], "rows"]) or []:
            if isinstance(row, list) and index < len(row):
                del row[index]
    if verb == "remove":
        del holder[index]
    elif verb in ("up", "down"):
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(holder):
            holder[index], holder[other] = holder[other], holder[index]


def _table_op(data: dict[str, Any], verb: str, parts: list[str | int]) -> None:
    """``table:<section>`` gives a section a table of two columns and one row; ``column:<section>.table``
    adds a column (a cell in every row)."""
    holder = _at(data, parts)
    if verb == "table" and isinstance(holder, dict) and not isinstance(holder.get("table"), dict):
        holder["table"] = {"caption": "", "columns": ["", ""], "rows": [["", ""]]}
    elif verb == "column" and isinstance(holder, dict):
        holder.setdefault("columns", []).append("")
        for row in holder.get("rows") or []:
            if isinstance(row, list):
                row.append("")


def _at(data: Any, parts: list[str | int]) -> Any:
    node = data
    for n, part in enumerate(parts):
        if isinstance(node, dict) and isinstance(part, str):
            following = parts[n + 1] if n + 1 < len(parts) else None
            node = node.setdefault(part, {} if isinstance(following, str) else [])
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
    out += ["meta.secrecy", "meta.seal", "body", "closing", "attachments", "minutes", "minutes.attendance"]
    out += [f.path for f in MINUTES] + ["order"] + [f.path for f in ORDER] + _section_slots("body", data.get("body"))
    for a, attachment in enumerate(_entries(data.get("attachments"))):
        out += [f"attachments[{a}]", f"attachments[{a}].title", f"attachments[{a}].separate"]
        out += _section_slots(f"attachments[{a}].body", attachment.get("body") if isinstance(attachment, dict) else [])
    for n in range(len(_entries(get(data, "minutes.attendance")))):
        out += [f"minutes.attendance[{n}]", f"minutes.attendance[{n}].label", f"minutes.attendance[{n}].names"]
    return out


def _entries(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _section_slots(path: str, sections: Any) -> list[str]:
    """The slots of a list of body sections at ``path`` and of all their subsections."""
    out = [path]
    for n, section in enumerate(_entries(sections)):
        base = f"{path}[{n}]"
        out += [base, f"{base}.heading", f"{base}.run_in", f"{base}.paragraphs", f"{base}.table"]
        if not isinstance(section, dict):
            continue
        out += [f"{base}.paragraphs[{p}]" for p in range(len(_entries(section.get("paragraphs"))))]
        table = section.get("table")
        if isinstance(table, dict):
            out += [f"{base}.table.caption", f"{base}.table.columns", f"{base}.table.rows"]
            out += [f"{base}.table.columns[{c}]" for c in range(len(_entries(table.get("columns"))))]
            out += [f"{base}.table.rows[{r}]" for r in range(len(_entries(table.get("rows"))))]
        out += _section_slots(f"{base}.sections", section.get("sections"))
    return out


def place(field: str | None, known: set[str]) -> str:
    """The nearest slot for a problem's field: the field itself, else its nearest enclosing part, else ""."""
    parts = parse_path(field or "")
    for n in range(len(parts), 0, -1):
        name = field_name(parts[:n])
        if name in known:
            return name
    return ""


# --- data the form has no inputs for ----------------------------------------------------------------


def kept(data: dict[str, Any], saved: dict[str, Any] | None) -> dict[str, Any]:
    """The form's data with the parts of meta it has no inputs for (份号, 密级, 印章 … of other kinds) taken
    from the file as ``saved``, so that a save never drops them; what the form edits is the form's."""
    if isinstance(saved, dict):
        data = _trimmed(data, saved)
    theirs = saved.get("meta") if isinstance(saved, dict) else None
    if not isinstance(theirs, dict):
        return data
    edited = {parse_path(f.path)[1] for _, fields in META for f in fields} | {parse_path(p)[1] for p, _ in LISTS}
    extra = {k: v for k, v in theirs.items() if k not in edited}
    return {**data, "meta": {**data.get("meta", {}), **extra}} if extra else data


def _trimmed(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """``new`` without the empty values, lists and groups the file ``old`` does not have (a briefing's file gets
    no ``body: []``, no ``signers: []``; a 通知's no empty 简报名称 from the folded fields it does not print): a
    save adds to the file only what the clerk filled in."""
    out = {}
    for key, value in new.items():
        before = old.get(key)
        if isinstance(value, dict) and isinstance(before, dict):
            value = _trimmed(value, before)
        elif isinstance(value, dict):
            value = _trimmed(value, {})
        if value in ([], {}, "") and key not in old:
            continue
        out[key] = value
    return out


# --- what the selected template prints ---------------------------------------------------------------


def used(path: str, declared: tuple[str, ...] | None) -> bool:
    """Whether the form field or section ``path`` is among the data a template prints (``declared``: field
    paths or their parents, as its template.yaml lists them; None: every field is)."""
    if declared is None:
        return True
    return any(path == d or path.startswith((d + ".", d + "[")) or d.startswith(path + ".") for d in declared)


# --- metric ids made from their labels --------------------------------------------------------------


def with_ids(data: dict[str, Any], make: Any) -> dict[str, Any]:
    """``data`` with every metric that has no id given one by ``make(theme, label, taken)``; a metric that has
    an id keeps it, so that an id once saved stays however its label is reworded."""
    metrics = data.get("metrics")
    if not isinstance(metrics, list) or all(not isinstance(m, dict) or m.get("id") for m in metrics):
        return data
    taken = {str(m["id"]) for m in metrics if isinstance(m, dict) and m.get("id")}
    filled = []
    for metric in metrics:
        if isinstance(metric, dict) and not metric.get("id"):
            metric = {**metric, "id": make(str(metric.get("theme") or ""), str(metric.get("label") or ""), taken)}
        filled.append(metric)
    return {**data, "metrics": filled}


# --- fields described in words: the conflict's differences, the text carried from last period ---------


def describe(path: str, data: dict[str, Any] | None = None) -> str:
    """A field as a clerk names it: 标题, 导语第 2 段, 主题 1 第 3 项的正文第 1 段, 指标 4（新建党组织）的数值."""
    parts = parse_path(path)
    key = ".".join(str(p) for p in parts if isinstance(p, str))
    lists = dict(LISTS)
    if key in lists:
        return lists[key] + (f"第 {parts[-1] + 1} 项" if isinstance(parts[-1], int) else "")
    if parts[:1] == ["meta"] and key in _KINDS:
        return re.sub(r"（[^）]*）$", "", _KINDS[key].label)
    if parts[:1] == ["intro"] and len(parts) == 2:
        return f"导语第 {int(parts[1]) + 1} 段"
    if parts[:1] == ["themes"] and len(parts) >= 2:
        where = f"主题 {int(parts[1]) + 1}"
        rest = parts[2:]
        names = {"label": "主题名", "slogan": "主题口号", "key": "主题代号", "heading": "小标题"}
        if len(rest) >= 2 and rest[0] == "items":
            where += f" 第 {int(rest[1]) + 1} 项"
            rest = rest[2:]
        if len(rest) >= 2 and rest[0] == "paragraphs":
            return f"{where}的正文第 {int(rest[1]) + 1} 段"
        return f"{where}的{names.get(str(rest[0]), str(rest[0]))}" if rest else where
    if parts[:1] in (["body"], ["attachments"], ["minutes"], ["closing"]):
        return _described(parts)
    if parts[:1] in (["metrics"], ["corrections"]) and len(parts) >= 2:
        n = int(parts[1])
        fields = METRIC if parts[0] == "metrics" else CORRECTION
        label = get(data, f"metrics[{n}].label") if parts[0] == "metrics" and data else None
        where = f"指标 {n + 1}" + (f"（{label}）" if label else "") if parts[0] == "metrics" else f"更正 {n + 1}"
        if len(parts) >= 3:
            name = {f.path: f.label for f in fields}.get(str(parts[2]), str(parts[2]))
            return f"{where}的{re.sub(r'（[^）]*）$', '', name)}"
        return where
    return path


_SECTION_WORDS = {"heading": "标题", "run_in": "标题同行", "paragraphs": "段落", "table": "表格", "caption": "表题"}
_SECTION_WORDS |= {"columns": "表头", "rows": "行", "title": "标题", "names": "人名", "label": "名单"}


def _described(parts: list[str | int]) -> str:
    """A body's, attachment's or minutes' field in words: 正文第 2 节第 1 小节的段落 3, 附件 1 的标题."""
    words = ""
    rest = list(parts)
    if rest[:1] == ["attachments"] and len(rest) >= 2:
        words, rest = f"附件 {int(rest[1]) + 1}", rest[2:]
        if rest[:1] == ["body"]:
            words, rest = words + " 正文", rest[1:]
    elif rest[:1] == ["body"]:
        words, rest = "正文", rest[1:]
    elif rest[:1] == ["minutes"]:
        names = {f.path: re.sub(r"（[^）]*）$", "", f.label) for f in MINUTES}
        if len(rest) >= 3 and rest[1] == "attendance":
            return f"第 {int(rest[2]) + 1} 个名单" + (
                f"的{_SECTION_WORDS.get(str(rest[3]), rest[3])}" if len(rest) > 3 else ""
            )
        return names.get(field_name(rest), "纪要")
    else:
        return "结束语"
    depth = 0
    while len(rest) >= 1 and isinstance(rest[0], int):
        words += f"第 {rest[0] + 1} {'节' if depth == 0 else '小节'}"
        rest, depth = rest[1:], depth + 1
        if rest[:1] == ["sections"]:
            rest = rest[1:]
    if rest:
        last = [p for p in rest if isinstance(p, str)][-1]
        name = _SECTION_WORDS.get(last, last)
        index = next((p for p in rest[1:] if isinstance(p, int)), None)
        words += f"的{name}" + (f" {index + 1}" if index is not None else "")
    return words


def flat(data: Any, path: str = "") -> dict[str, str]:
    """Each field of the data as the form shows it, by its path (a list of names as one field)."""
    if path in dict(LISTS) and isinstance(data, list):
        return {path: "、".join(shown(v) for v in data)}
    if isinstance(data, dict):
        out: dict[str, str] = {}
        for key, value in data.items():
            out |= flat(value, f"{path}.{key}" if path else str(key))
        return out
    if isinstance(data, list):
        out = {}
        for i, value in enumerate(data):
            out |= flat(value, f"{path}[{i}]")
        return out
    if isinstance(data, bool):
        return {path: "是" if data else "否"}
    return {path: shown(data)}


@dataclass(frozen=True)
class Difference:
    """One field the other tab (or a hand edit) changed, and what this form holds for it."""

    field: str
    what: str  # the field in words
    before: str | None  # what both started from (None: not known, or the field did not exist)
    theirs: str  # what the file holds now ("" when the field is gone)
    mine: str

    @property
    def undone(self) -> bool:
        """Saving this form would put back what was there before the other edit."""
        return self.before is not None and self.mine == self.before != self.theirs


def differences(before: dict[str, Any] | None, theirs: dict[str, Any], mine: dict[str, Any]) -> list[Difference]:
    """The fields the file changed since the form was opened (``before``); when that is not known, every
    field in which the file and the form differ."""
    old = flat(before) if before is not None else None
    now, form = flat(theirs), flat(mine)
    changed = [f for f in {**(old or {}), **now} if (old is not None and old.get(f) != now.get(f))]
    if old is None:
        changed = [f for f in {**now, **form} if now.get(f, "") != form.get(f, "")]
    return [
        Difference(f, describe(f, theirs), None if old is None else old.get(f), now.get(f, ""), form.get(f, ""))
        for f in changed
    ]


def carried(data: dict[str, Any], previous: dict[str, Any]) -> list[str]:
    """The fields of the title, intro and body whose text is still word for word the previous period's."""

    def entries(node: Any, key: str) -> list[Any]:  # a file the form is shown for may hold anything
        found = node.get(key) if isinstance(node, dict) else None
        return found if isinstance(found, list) else []

    def texts(d: dict[str, Any]) -> dict[str, str]:
        out = {"meta.title": shown(get(d, "meta.title"))}
        out |= {f"intro[{i}]": shown(p) for i, p in enumerate(entries(d, "intro"))}
        for t, theme in enumerate(entries(d, "themes")):
            for i, item in enumerate(entries(theme, "items")):
                paragraphs = entries(item, "paragraphs")
                out |= {f"themes[{t}].items[{i}].paragraphs[{p}]": shown(x) for p, x in enumerate(paragraphs)}
        return out

    old = {"".join(text.split()) for text in texts(previous).values()} - {""}
    return [f for f, text in texts(data).items() if "".join(text.split()) in old]


PARTS = {
    "minutes": "纪要标志与出席",
    "order": "命令（令）标志和令号",
    "intro": "导语",
    "themes": "正文主题",
    "body": "正文",
    "closing": "结束语",
    "attachments": "附件",
    "metrics": "指标",
    "corrections": "更正记录",
}


@dataclass
class Layout:
    """The form for one template: the groups, lists and parts it prints (with the sections to jump to), and
    the rest set aside (shown folded; their values are kept and sent with the form)."""

    groups: list[tuple[int, str, list[Field]]]
    lists: list[tuple[str, str]]
    parts: list[str]
    aside_groups: list[tuple[int, str, list[Field]]]
    aside_lists: list[tuple[str, str]]
    aside_parts: list[str]
    nav: list[tuple[str, str]]


def layout(data: dict[str, Any], declared: tuple[str, ...] | None, at: Mapping[str, Any]) -> Layout:
    """What the form shows for a template that prints ``declared``; a field with a problem is always shown."""

    def shown_here(path: str) -> bool:
        return used(path, declared) or any(p == path or p.startswith((path + ".", path + "[")) for p in at if p)

    out = Layout([], [], [], [], [], [], [("s-settings", "本期设置")])
    for n, (group, fields) in enumerate(META):
        mine = [f for f in fields if shown_here(f.path)]
        rest = [f for f in fields if not shown_here(f.path)]
        if mine:
            out.groups.append((n, group, mine))
            out.nav.append((f"s-g{n}", group))
        if rest:
            out.aside_groups.append((n + len(META), group, rest))
    for entry in LISTS:
        (out.lists if shown_here(entry[0]) else out.aside_lists).append(entry)
    if out.lists:
        out.nav.append(("s-lists", "报送范围"))
    for name, title in PARTS.items():
        if not shown_here(name) and name != "corrections":  # a record of the data's edits, whatever prints it
            out.aside_parts.append(name)
            continue
        out.parts.append(name)
        if name == "themes":
            out.nav += [(f"s-theme-{t}", f"主题{t}") for t in range(1, len(data.get("themes") or []) + 1)]
        else:
            out.nav.append((f"s-{name}", title))
    return out
