"""Change a data file's values and write it back keeping the clerk's comments, key order and quoting.

The file is read with ruamel.yaml's round-trip loader; new values are merged into what it read, a value
left as it was keeps its node (and so its quoting and comments). Flow mappings (the metrics) are written
each on one line: ruamel does not keep line breaks inside ``{…}``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from lintou_report.output import write_atomic

# the top-level parts of a report a form or a spreadsheet changes; others (schema_version) are left alone
EDITED = ("meta", "intro", "themes", "metrics", "corrections")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a paragraph
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(
        Decimal, lambda r, d: r.represent_scalar("tag:yaml.org,2002:float", format(d, "f"))
    )
    return yaml


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


def _same(old: Any, new: Any) -> bool:
    """Whether ``new`` (from a form) is the value ``old`` (as read) already has."""
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
    tree = load(text)
    for key in EDITED:
        if key in data:
            tree[key] = merge(tree[key], data[key]) if key in tree else _fresh(data[key])
    return dump(tree)


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
    tree.update({key: plain(data[key]) for key in EDITED if key in data})
    return yaml.dump(tree, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=1 << 16)


def save(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: a crash or a killed server never leaves half a file."""
    write_atomic(path, text.encode("utf-8"))
