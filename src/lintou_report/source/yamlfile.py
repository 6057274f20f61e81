"""Reading a data file's YAML safely: size limits, characters, aliases, and every YAML error in Chinese.

A data file comes from outside (typed by a clerk, pasted from Word, sent by someone else), so it is read
with limits (source/limits.py) checked before anything is built from it: an alias bomb or a 3,000-level
nesting is refused on the parser's event stream, which is flat, before the recursive composer sees it.
Each YAML error is reported at the line where the mistake is, with its likely cause (a full-width colon,
a tab, indentation, an unclosed quote, no space after a colon) and the fix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from lintou_report.errors import Problem, UserError
from lintou_report.source import limits

Position = tuple[int, int]  # 1-based line, column


class _Loader(yaml.SafeLoader):
    """Safe YAML, with floats read as exact decimals (3.8 stays 3.8)."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same on libyaml's C parser (quicker, with the same data and positions); a file it rejects is
    parsed again by _Loader, so that error messages and their places stay the pure-Python parser's."""


def _decimal(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> Decimal | str:
    """A YAML float as an exact decimal; .nan, .inf and 1:30.5 (sexagesimal) stay text, which the model
    then refuses as "not a number" at the value's place."""
    try:
        value = Decimal(loader.construct_scalar(node).replace("_", ""))
    except InvalidOperation:
        return node.value
    return value if value.is_finite() else node.value


def _integer(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> int | str:
    """A YAML integer; digits with a leading zero (份号 000012) stay text rather than become an octal number
    (10): no clerk writes octal, and a number field reads the text as the decimal it shows."""
    if re.fullmatch(r"0[0-9_]+", node.value):
        return node.value
    return loader.construct_yaml_int(node)


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor("tag:yaml.org,2002:float", _decimal)
    _loader.add_constructor("tag:yaml.org,2002:int", _integer)

_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

# What YAML itself refuses in a file (its printable set), and what a text value must not hold even when a
# double-quoted escape ("\0", "\x07", "\ud800") put it there: the writers cannot set it.
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def read_text(path: Path) -> str:
    """The file's text (UTF-8, with or without a byte order mark), refused when too big or not UTF-8."""
    name = str(path)
    try:
        with path.open("rb") as f:
            raw = f.read(limits.MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UserError.simple("数据文件不存在", file=name, fix="检查路径，或用 --data 指定数据文件") from None
    except IsADirectoryError:
        raise UserError.simple("这是一个文件夹，不是数据文件", file=name, fix="给出 YAML 数据文件的路径") from None
    except OSError as exc:
        raise UserError.simple(f"无法读取：{exc.strerror}", file=name) from None
    if len(raw) > limits.MAX_FILE_BYTES:
        raise UserError.simple(
            f"数据文件超过 {limits.MAX_FILE_BYTES // (1024 * 1024)} MB，不像是一期报告的数据",
            file=name,
            fix="检查是否选错了文件；一期报告的数据通常只有几十 KB",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = "，看起来是 GBK（GB 2312）编码" if _is_gbk(raw) else ""
        raise UserError(
            Problem(
                f"不是 UTF-8 编码（第 {exc.start + 1} 字节无法按 UTF-8 读出{guess}）",
                file=name,
                line=line,
                column=column,
                fix="在编辑器中用“另存为”选 UTF-8 编码保存此文件（记事本：编码选 UTF-8）",
            )
        ) from None


def _is_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gbk")
    except UnicodeDecodeError:
        return False
    return True


def _place(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _char_name(char: str) -> str:
    names = {"\x00": "NUL 空字符", "\t": "制表符 Tab", "\x1b": "ESC 转义字符", "\x7f": "DEL 删除字符"}
    return f"U+{ord(char):04X}（{names.get(char) or unicodedata.name(char, '控制字符')}）"


def _check_characters(text: str) -> None:
    """Refuse a character YAML cannot hold, at its line and column (YAML's own error gives neither)."""
    if found := _UNPRINTABLE.search(text):
        line, column = _place(text, found.start())
        raise UserError(
            Problem(
                f"数据文件中有不可见的控制字符 {_char_name(found.group())}",
                line=line,
                column=column,
                field=_field_at(_UNPRINTABLE.sub("\ufffd", text), (line, column)),
                fix="删去这个字符（它常随复制粘贴而来，编辑器里可能看不见：删去这一处前后的字再重新输入）",
            )
        )


def _field_at(text: str, place: Position) -> str | None:
    """The field whose value stands at or just before ``place`` in ``text``, when the text parses."""
    try:
        _, positions = _parse_with(_FastLoader, text)
    except (yaml.YAMLError, UserError):
        return None
    before = [(position, path) for path, position in positions.items() if path and position <= place]
    return field_name(max(before, key=lambda found: (found[0], len(found[1])))[1]) if before else None


def _check_shape(loader_class: type[_Loader | _FastLoader], text: str) -> None:
    """Refuse deep nesting, too many aliases, or too much content once aliases are expanded.

    Reads the parser's events (a flat stream), counting the values the expanded document would hold: an
    alias counts as the whole of what its anchor names, so a "billion laughs" stops within a few lines.
    """
    loader = loader_class(text)
    try:
        expanded = aliases = 0
        sizes: dict[str, int] = {}  # anchor → values it expands to
        open_: list[tuple[str | None, int]] = []  # each open collection's anchor and the count at its start
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > limits.MAX_ALIASES:
                    _refuse(
                        event,
                        f"别名（*{event.anchor}）用了超过 {limits.MAX_ALIASES} 次",
                        "少用锚点和别名，直接写出内容",
                    )
                expanded += sizes.get(event.anchor, 1)
            elif isinstance(event, yaml.ScalarEvent):
                expanded += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.CollectionStartEvent):
                expanded += 1
                open_.append((event.anchor, expanded))
                if len(open_) > limits.MAX_DEPTH:
                    _refuse(
                        event, f"嵌套超过 {limits.MAX_DEPTH} 层", "数据文件的结构见 lintou-report schema（最多六七层）"
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, start = open_.pop()
                if anchor:
                    sizes[anchor] = expanded - start + 1
            if expanded > limits.MAX_NODES:
                _refuse(
                    event,
                    f"内容过多：展开锚点和别名（& 和 *）后超过 {limits.MAX_NODES:,} 项（可能是“别名炸弹”）",
                    "删去嵌套引用的别名；一期报告的数据不需要别名",
                )
    finally:
        loader.dispose()


def _refuse(event: yaml.Event, message: str, fix: str) -> None:
    mark = event.start_mark
    raise UserError(Problem(message, line=mark.line + 1, column=mark.column + 1, fix=fix))


def field_name(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（整个文件）"


def _problem_at(node: yaml.Node, path: tuple, message: str, fix: str) -> UserError:
    mark = node.start_mark
    field = field_name(path) if path else None
    return UserError(Problem(message, line=mark.line + 1, column=mark.column + 1, field=field, fix=fix))


def _plain(node: yaml.Node, loader: _Loader | _FastLoader, path: tuple, positions: dict[tuple, Position]) -> Any:
    """Build Python data from a YAML node, recording each value's position under its path."""
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _PLAIN_TAGS:  # !!binary, !!set, !!python/…, !local: nothing a report is made of
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _problem_at(node, path, f"不支持这个标签 {tag}", "删去以“!”开头的标签，直接写值")
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _problem_at(
                    key_node, path, "字段名应为简单的文字，这里却是列表或映射（“? ”开头的复杂键）", "改成 字段名: 值"
                )
            key = _scalar(key_node, loader)
            if key in out:
                raise _problem_at(key_node, (*path, key), f"字段 {key} 重复出现", "删去重复的一项，或改成不同的字段名")
            out[key] = _plain(value_node, loader, (*path, key), positions)
            if not isinstance(value_node, yaml.ScalarNode):  # point at "key:" rather than its first child
                positions[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        if len(node.value) > limits.MAX_LIST_ITEMS:
            raise _problem_at(
                node, path, f"列表有 {len(node.value)} 项，超过 {limits.MAX_LIST_ITEMS} 项", "检查是否重复粘贴"
            )
        return [_plain(item, loader, (*path, i), positions) for i, item in enumerate(node.value)]
    value = _scalar(node, loader)
    if isinstance(value, str):
        _check_text(value, node, path)
    return value


def _check_text(value: str, node: yaml.Node, path: tuple) -> None:
    if len(value) > limits.MAX_TEXT_CHARS:
        message = f"文字太长：{len(value):,} 字，一项最多 {limits.MAX_TEXT_CHARS:,} 字"
        raise _problem_at(node, path, message, "检查是否误粘贴了整篇文章；过长的段落分成几段")
    if found := _CONTROL_IN_VALUE.search(value):
        message = f"文字中有控制字符 {_char_name(found.group())}（常由双引号中的转义 \\0、\\x07 等写入），无法排版"
        raise _problem_at(node, path, message, "删去这个转义或字符；需要换行时另起一段")


def _scalar(node: yaml.Node, loader: _Loader | _FastLoader) -> Any:
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):  # most of a report: the text is the value
        return node.value  # (what construct_object gives, in a fifth of the time)
    try:
        return loader.construct_object(node)
    except (ValueError, OverflowError):  # looks like a date but is none (2023-13-09): the model names it
        return node.value


def parse_yaml(text: str) -> tuple[Any, dict[tuple, Position]]:
    """Parse YAML text into plain data and a map from each value's path to its position.

    Raises UserError (without a file name: the caller adds it) for a refused file; a YAML syntax error
    is reported in Chinese at the mistake's line.
    """
    _check_characters(text)
    try:
        return _sized(*_parse_with(_FastLoader, text))
    except yaml.YAMLError:
        pass
    try:
        return _sized(*_parse_with(_Loader, text))
    except yaml.MarkedYAMLError as exc:
        raise UserError(yaml_problem(exc, text)) from None
    except (yaml.YAMLError, RecursionError) as exc:  # not met after the checks above; no input ends in a traceback
        raise UserError(Problem(f"YAML 格式错误（{exc.__class__.__name__}）", fix=_GENERAL_FIX)) from None


def _sized(data: Any, positions: dict[tuple, Position]) -> tuple[Any, dict[tuple, Position]]:
    """The data, unless its text as a whole passes the limit."""
    total = sum(len(value) for _, value in texts(data))
    if total > limits.MAX_TOTAL_CHARS:
        raise UserError(
            Problem(
                f"全部文字共 {total:,} 字，超过 {limits.MAX_TOTAL_CHARS:,} 字，不像是一期报告的数据",
                fix="检查是否选错了文件或重复粘贴了内容；篇幅很长的材料分成几期",
            )
        )
    return data, positions


def texts(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every text in plain data (mappings, lists, scalars), with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from texts(item, (*path, i))


def _parse_with(loader_class: type[_Loader | _FastLoader], text: str) -> tuple[Any, dict[tuple, Position]]:
    _check_shape(loader_class, text)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        positions: dict[tuple, Position] = {}
        return _plain(node, loader, (), positions), positions
    finally:
        loader.dispose()


# --- YAML errors in Chinese --------------------------------------------------------------------------

_GENERAL_FIX = "检查这一行的缩进、冒号和引号：字段名后用半角冒号加空格“: ”，只用空格缩进，含“: ”或“ #”的文字加引号"
_KEY = r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)"
_FULL_WIDTH_COLON = re.compile(_KEY + r"\s*：")
_NO_SPACE = re.compile(_KEY + r":(?=[^\s])")
# A key's colon written wrong, looked for on the lines of the error and the lines before them: (pattern, message,
# fix), {key} the key's name.
_COLON_MISTAKES = (
    (
        _FULL_WIDTH_COLON,
        "字段 {key} 后面用了全角冒号“：”，YAML 只认半角冒号",
        "把“{key}：”改为“{key}: ”（半角冒号，后面加一个空格）",
    ),
    (_NO_SPACE, "字段 {key} 的冒号后面缺少空格", "在“{key}:”后面加一个空格：“{key}: 值”"),
)


def yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> Problem:
    """A YAML syntax error as a Chinese problem at the line of the mistake, with its likely cause."""
    lines = text.splitlines()
    problem = exc.problem or ""
    context = exc.context or ""
    at = exc.problem_mark or exc.context_mark
    start = exc.context_mark or at
    near = sorted({m.line for m in (at, start) if m is not None} | {m.line - 1 for m in (at, start) if m})
    for index in reversed([i for i in near if 0 <= i < len(lines)]):
        for pattern, message, fix in _COLON_MISTAKES:
            if match := pattern.match(lines[index]):
                key = match.group(1)
                return Problem(
                    f"YAML 格式错误：{message.format(key=key)}",
                    line=index + 1,
                    column=match.end(),
                    fix=fix.format(key=key),
                )
    message, fix, mark = _explained(problem, context, at, start)
    return Problem(
        f"YAML 格式错误：{message}",
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        fix=fix,
    )


# PyYAML's error → (message, fix), one row a cause; the first row that fits explains it. A row fits when its
# context words stand in PyYAML's context text and one of its problem words ("|" between them) in its problem
# text; empty words fit any. The last column says where the mistake is shown: where PyYAML stopped ("at") or
# where the construct it was reading began ("start"). {bracket} and {token} come from the problem text.
_EXPLANATIONS = (
    (
        "",
        "'\\t'|tab character",
        "这一行用了制表符（Tab）缩进或分隔",
        "YAML 只能用空格缩进：把 Tab 换成空格（同级字段左边对齐）",
        "at",
    ),
    (
        "quoted scalar",
        "end of stream|document separator",
        "从这里开始的引号没有结束（缺少配对的引号）",
        "在这个值的末尾补上同样的引号；文字本身含英文引号时改用中文引号“”",
        "start",
    ),
    (
        "quoted scalar",
        "escape",
        "双引号中的反斜杠“\\”后面不是有效的转义",
        "把 \\ 写成 \\\\，或改用单引号把值括起来",
        "at",
    ),
    (
        "",
        "could not find expected ':'",
        "这一行没有“字段名: 值”中的冒号（或缩进不对）",
        "在字段名后面加上半角冒号和空格“: ”；如果这一行是上一行文字的续行，把整个值写在一行并加引号",
        "start",
    ),
    (
        "",
        "mapping values are not allowed",
        "这一行的值中有“: ”（半角冒号加空格），或这一行缩进过多",
        '值中含冒号时给整个值加引号（如 title: "…"），或改用中文冒号“：”；否则让这一行与同级字段对齐',
        "at",
    ),
    (
        "",
        "expected <block end>|expected <block mapping end>",
        "缩进不对：这一行与上面同级的字段没有左边对齐（或值以引号开头却在引号后还有文字）",
        "同一级的字段左边对齐，下一级多缩进两个空格，只用空格；文字中的英文引号改用中文引号“”",
        "at",
    ),
    (
        "",
        "block sequence entries are not allowed",
        "这一行的“- ”列表项位置不对（缩进或上一行的冒号）",
        "列表项“- ”比它所属的字段多缩进两个空格",
        "at",
    ),
    (
        "",
        "expected ',' or ']'|expected ',' or '}'",
        "从这里开始的括号没有正确结束：缺少逗号或右括号“{bracket}”，或某一项含有逗号、冒号",
        "检查这个括号中的内容；某项中有逗号或冒号时给这一项加引号，或补上“{bracket}”",
        "start",
    ),
    (
        "",
        "alphabetic or numeric",
        "“&”或“*”后面应为锚点或别名的名字（字母或数字）",
        "值以 & 或 * 开头时给整个值加引号",
        "at",
    ),
    (
        "block scalar",
        "",
        "“|”或“>”后面应当换行，文字写在下一行",
        "值以 | 或 > 开头时给整个值加引号，或把文字移到下一行并多缩进两格",
        "at",
    ),
    (
        "",
        "comment or a line break",
        "这里不应再有文字（在引号、“|”“>”或“%”之后）",
        "把整个值放进一对引号里，或删去多余的文字",
        "at",
    ),
    (
        "",
        "<document start>",
        "字段前面有 YAML 不认识的内容（以 % 或 ... 开头的行）",
        "删去这一行，或给其中的文字加引号",
        "at",
    ),
    (
        "",
        "expected the node content",
        "这里缺少值（如多余的逗号，或“-”“:”后面什么也没有）",
        "补上值，或删去多余的逗号",
        "at",
    ),
    (
        "",
        "for merging",
        "合并键“<<”后面应为一组“字段: 值”的别名（如 <<: *基本信息）",
        "改正或删去“<<”这一行",
        "at",
    ),
    (
        "",
        "undefined alias",
        "别名（*名称）指向不存在的锚点（&名称）",
        "先用 &名称 定义锚点，或直接写出内容",
        "at",
    ),
    (
        "",
        "duplicate anchor",
        "同一个锚点名（&名称）定义了两次",
        "给两个锚点起不同的名字",
        "at",
    ),
    (
        "single document",
        "",
        "文件中有多个 YAML 文档（以“---”分开）",
        "一个数据文件只写一期报告：删去多余的“---”及其后的内容",
        "at",
    ),
    (
        "",
        "constructor for the tag",
        "不支持这个标签（以“!”开头）",
        "删去以“!”开头的标签，直接写值",
        "at",
    ),
    (
        "",
        "cannot start any token",
        "这一行有 YAML 中不能开头的字符（{token}）",
        "以 @ ` % 等开头的值要加引号",
        "at",
    ),
)


def _explained(problem: str, context: str, at: Any, start: Any) -> tuple[str, str, Any]:
    """(message, fix, mark) for PyYAML's problem and context texts."""
    for context_words, problem_words, message, fix, where in _EXPLANATIONS:
        if context_words in context and any(word in problem for word in problem_words.split("|")):
            words = problem.split()
            filled = {"bracket": "]" if "]" in problem else "}", "token": words[2] if len(words) > 2 else problem}
            return message.format_map(filled), fix.format_map(filled), start if where == "start" else at
    return f"{problem or context}", _GENERAL_FIX, at
