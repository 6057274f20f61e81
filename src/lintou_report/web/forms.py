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


# --- data the form has no inputs for ----------------------------------------------------------------


def kept(data: dict[str, Any], saved: dict[str, Any] | None) -> dict[str, Any]:
    """The form's data with the parts of meta it has no inputs for (份号, 密级, 印章 … of other kinds) taken
    from the file as ``saved``, so that a save never drops them; what the form edits is the form's."""
    theirs = saved.get("meta") if isinstance(saved, dict) else None
    if not isinstance(theirs, dict):
        return data
    edited = {parse_path(f.path)[1] for _, fields in META for f in fields} | {"recipients", "keywords"}
    extra = {k: v for k, v in theirs.items() if k not in edited}
    return {**data, "meta": {**data.get("meta", {}), **extra}} if extra else data


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


PARTS = {"intro": "导语", "themes": "正文主题", "metrics": "指标", "corrections": "更正记录"}


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
