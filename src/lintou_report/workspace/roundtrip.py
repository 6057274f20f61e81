"""Change a data file's values and write it back keeping the clerk's comments, key order and quoting.

When only values changed (the shape of the data is the same), each changed value's text is replaced where
it stands and nothing else in the file moves. When entries were added, removed or moved, the file is read
with ruamel.yaml's round-trip loader and the new data merged into it: a value left as it was keeps its node
(and so its quoting and comments), but flow mappings (the metrics) are then written each on one line, since
ruamel does not keep line breaks inside ``{…}``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from lintou_report.errors import UserError
from lintou_report.output import write_atomic

# the top-level parts of a report a form or a spreadsheet changes; others (schema_version) are left alone. Of
# these, a part the data leaves out (a 通知's closing cleared, its attachments all removed) is taken out of the file.
EDITED = ("meta", "intro", "themes", "metrics", "corrections", "body", "closing", "attachments", "minutes", "order")


def _yaml() -> YAML:
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096  # never fold a paragraph
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.representer.add_representer(Decimal, lambda r, d: r.represent_scalar("tag:yaml.org,2002:float", format(d, "f")))
    return rt


def load(text: str) -> CommentedMap:
    data = _yaml().load(text)
    return data if isinstance(data, CommentedMap) else CommentedMap()


def dump(data: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def version(text: str) -> str:
    """The version a form carries: the file's sha256, so that a change made meanwhile is noticed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _zero_padded(node: Any) -> str | None:
    """A number written with leading zeros (份号 000012), as text: the loader (yamlfile) reads it so."""
    width = getattr(node, "_width", None)
    if isinstance(node, int) and not isinstance(node, bool) and isinstance(width, int) and width > len(str(node)):
        return f"{int(node):0{width}d}"
    return None


def _same(old: Any, new: Any) -> bool:
    """Whether ``new`` (from a form) is the value ``old`` (as read) already has."""
    if isinstance(new, str) and _zero_padded(old) is not None:
        return _zero_padded(old) == new
    if isinstance(old, str) or isinstance(new, str):
        return isinstance(old, str) and isinstance(new, str) and old == new
    if isinstance(new, bool):
        return isinstance(old, int) and bool(old) == new
    if isinstance(new, int | Decimal) and isinstance(old, int | float | Decimal):
        return Decimal(str(old)) == Decimal(str(new))
    if isinstance(new, dt.date):
        return isinstance(old, dt.date) and type(old) is type(new) and old == new
    return False


def _fresh(value: Any, like: Any = None) -> Any:
    """``value`` as round-trip data; a mapping added to a flow-style list is flow style too."""
    if isinstance(value, dict):
        out = CommentedMap((k, _fresh(v)) for k, v in value.items())
        if isinstance(like, CommentedMap) and like.fa.flow_style():
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_fresh(v) for v in value)
        if isinstance(like, CommentedSeq) and like.fa.flow_style():
            seq.fa.set_flow_style()
        return seq
    return value


def merge(old: Any, new: Any) -> Any:
    """``new`` written over ``old`` in place where their shapes agree, so unchanged parts keep their layout."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = merge(old[key], value) if key in old else _fresh(value, _first_mapping(old))
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        like = old[0] if len(old) else None
        del old[len(new) :]
        for i, value in enumerate(new):
            if i < len(old):
                old[i] = merge(old[i], value)
            else:
                old.append(_fresh(value, like))
        return old
    return old if _same(old, new) else _fresh(new)


def _first_mapping(mapping: CommentedMap) -> Any:
    return next((v for v in mapping.values() if isinstance(v, CommentedMap)), None)


def updated_text(text: str, data: dict[str, Any]) -> str:
    """The file ``text`` with the parts in ``data`` (see EDITED) replaced, everything else kept."""
    in_place = _values_replaced(text, data)
    if in_place is not None:
        return in_place
    tree = load(text)
    for key in EDITED:
        if key in data:
            tree[key] = merge(tree[key], data[key]) if key in tree else _fresh(data[key])
        elif key in tree:
            del tree[key]
    return dump(tree)


def _values_replaced(text: str, data: dict[str, Any]) -> str | None:
    """``text`` with each changed value's own text replaced, or None when the data's shape changed."""
    from lintou_report.source.model import parse_yaml

    try:
        old, _ = parse_yaml(text)
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError, UserError):
        return None
    new = {key: plain(data[key]) for key in EDITED if key in data}
    if any(key in old and key not in new for key in EDITED):  # a part taken out: the file's shape changes
        return None
    edits: list[tuple[int, int, str]] = []
    for key, value in new.items():
        node = _child(root, key)
        if node is None or key not in old or not _collect(text, old[key], value, node, edits):
            return None
    result = text
    for start, end, replacement in sorted(edits, reverse=True):
        result = result[:start] + replacement + result[end:]
    try:
        check, _ = parse_yaml(result)
    except (yaml.YAMLError, ValueError, UserError):
        return None
    return result if all(check.get(k) == v for k, v in new.items()) else None


def _child(node: yaml.Node, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if k.value == key), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def _collect(text: str, old: Any, new: Any, node: yaml.Node, edits: list[tuple[int, int, str]]) -> bool:
    """Add an edit for each scalar that differs; False when the shapes differ (keys, list lengths, kinds)."""
    if isinstance(old, dict) or isinstance(new, dict):
        if not (isinstance(old, dict) and isinstance(new, dict) and new.keys() <= old.keys()):
            return False
        for key in old.keys() - new.keys():  # a key removed (a metric's review mark cleared)
            edits.append(_removal(text, node, key))
        return all(_collect(text, old[k], new[k], _child(node, k), edits) for k in new)
    if isinstance(old, list) or isinstance(new, list):
        if not (isinstance(old, list) and isinstance(new, list) and len(old) == len(new)):
            return False
        return all(_collect(text, o, n, _child(node, i), edits) for i, (o, n) in enumerate(zip(old, new, strict=True)))
    if not isinstance(node, yaml.ScalarNode):
        return False
    if old != new or type(old) is not type(new) and isinstance(new, bool | str):
        edits.append((node.start_mark.index, node.end_mark.index, _scalar(new, plain_before=not node.style)))
    return True


def _reads_as_text(text: str) -> bool:
    try:
        return yaml.safe_load(text) == text
    except (yaml.YAMLError, ValueError):  # 2023-13-45 looks like a date and is none
        return False


_UNSAFE = set(",[]{}#:&*!|>'\"%@`\\")


def _removal(text: str, node: yaml.MappingNode, key: str) -> tuple[int, int, str]:
    """The edit that removes ``key`` and its value from a mapping, flow (``, key: v``) or block (its lines)."""
    pairs = node.value
    i = next(n for n, (k, _) in enumerate(pairs) if k.value == key)
    key_node, value_node = pairs[i]
    if node.flow_style:
        if i > 0:
            return pairs[i - 1][1].end_mark.index, value_node.end_mark.index, ""
        end = pairs[1][0].start_mark.index if len(pairs) > 1 else value_node.end_mark.index
        return key_node.start_mark.index, end, ""
    start = key_node.start_mark.index - key_node.start_mark.column
    last = value_node.end_mark.index - (value_node.end_mark.column == 0)  # a block value ends on the next line
    end = text.find("\n", last)
    return start, (len(text) if end < 0 else end + 1), ""


def _scalar(value: Any, plain_before: bool = False) -> str:
    """A value's YAML text that is read back as the value in any context (block or flow): a text written
    plain before stays plain where that is safe, else it is double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    safe = text == text.strip() and text[:1] not in ("-", "?", "") and not _UNSAFE & set(text) and "\n" not in text
    if plain_before and safe and _reads_as_text(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def plain(node: Any) -> Any:
    """Round-trip data as plain Python (dict, list, str, int, Decimal, bool, dates)."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, bool) or node is None or isinstance(node, dt.date):
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        padded = _zero_padded(node)
        if padded is not None:
            return padded
        return bool(node) if type(node).__name__ == "ScalarBoolean" else int(node)
    if isinstance(node, float):
        return Decimal(str(node))
    return node


class _PlainDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """PyYAML's (C) dumper, with exact decimals: for text that is checked, not kept."""


_PlainDumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", format(v, "f")))


def checked_text(text: str, data: dict[str, Any]) -> str:
    """The same data as ``updated_text`` gives, written quickly without the file's layout or comments.

    For checking and previewing a form as the clerk types (a round trip through ruamel takes several
    times longer than the whole check); what is saved is always ``updated_text``.
    """
    tree = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    tree = tree if isinstance(tree, dict) else {}
    for key in EDITED:
        if key in data:
            tree[key] = plain(data[key])
        else:
            tree.pop(key, None)
    return yaml.dump(tree, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=1 << 16)


def save(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: a crash or a killed server never leaves half a file."""
    write_atomic(path, text.encode("utf-8"))
