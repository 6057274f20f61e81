"""Render a report through a sandboxed Jinja2 template set into document markup, then into the tree.

Templates see plain read-only data (plain.py) in a bounded sandbox (sandbox.py); they may read only files
inside their template folders (LayeredLoader); every error they cause becomes a Chinese message naming the
template file and line.
"""

from __future__ import annotations

import bisect
import errno
import os
import re
import stat
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
import yaml

from lintou_report import memo
from lintou_report.errors import Problem, UserError, quoted
from lintou_report.resources import data_dir
from lintou_report.source import markup
from lintou_report.source.comparison import compare, metric_value
from lintou_report.source.model import Report
from lintou_report.source.plain import plain
from lintou_report.source.sandbox import MAX_OUTPUT, Sandbox, TemplateLimit
from lintou_report.tree import Document

ENTRY = "document.xml.j2"
MANIFEST = "template.yaml"
MAX_TEMPLATE_BYTES = 1_000_000  # one template file (the bundled ones are about 3 KB)
_NUMERALS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """A heading number in Chinese: 1 → 一, 10 → 十, 21 → 二十一, 101 → 一百零一, 10010 → 一万零一十."""
    if not isinstance(n, int) or not 0 <= n < 100_000_000:
        raise ValueError(f"cn_numeral 只能写 0 到 99999999 的整数，而不是 {quoted(n)}")
    if n == 0:
        return _NUMERALS[0]
    high, low = divmod(n, 10_000)
    text = _below_10000(high) + "万" if high else ""
    if low:
        text += ("零" if high and low < 1000 else "") + _below_10000(low)
    return text[1:] if text.startswith("一十") else text  # 十二, 十万, not 一十二


def _below_10000(n: int) -> str:
    out, zero = "", False
    for digit, unit in zip(f"{n:04d}", ("千", "百", "十", ""), strict=True):
        if digit == "0":
            zero = bool(out)
            continue
        out += ("零" if zero else "") + _NUMERALS[int(digit)] + unit
        zero = False
    return out


def cn_date(value) -> str:
    """A date as GB/T 9704 writes it: 2023年11月9日 (Arabic numerals, no leading zeros)."""
    return f"{value.year}年{value.month}月{value.day}日"


def _bundled_sets() -> list[str]:
    """The bundled template sets: folders with an entry template (``common`` holds shared macros only)."""
    folder = data_dir("templates")
    return sorted(p.name for p in folder.iterdir() if (p / ENTRY).is_file() and not p.name.startswith(("_", ".")))


def template_dir(name_or_dir: str) -> Path:
    """A template set by name (``briefing``, ``report``) or by folder."""
    path = Path(name_or_dir)
    if path.is_dir():
        return path
    names = _bundled_sets()
    if name_or_dir in names:
        return data_dir("templates") / name_or_dir
    raise UserError.simple(
        f"找不到模板 {name_or_dir}", fix=f"用内置模板（{'、'.join(names)}）之一，或给出模板文件夹的路径"
    )


@dataclass(frozen=True)
class TemplateSet:
    """A template set's folder and what its ``template.yaml`` says: name, theme count, fields it needs."""

    folder: Path
    label: str = ""
    themes: int | None = None  # the number of themes the document is written for; None: any
    requires: dict[str, str] = field(default_factory=dict)  # field path → what it is, e.g. meta.doc_number: 发文字号
    recommends: dict[str, str] = field(default_factory=dict)  # the same, for fields whose absence is only noted
    ignores: dict[str, str] = field(default_factory=dict)  # the same, for fields it does not print: noted when filled
    blocks: dict[str, str] = field(default_factory=dict)  # block name → what it holds, for override skeletons
    single: dict[str, str] = field(default_factory=dict)  # list field path → why it holds one entry at most
    # every field path the set prints, or a parent of them (meta.briefing, intro, themes): what the workbench's
    # form shows for this kind, keeping the rest aside; () (no ``fields:``): the form shows every field
    fields: tuple[str, ...] = ()
    fonts: Any = None  # the ``fonts:`` section as written (role → face name or file); fonts.resolve checks it

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST


def template_set(name_or_dir: str) -> TemplateSet:
    """The template set with its manifest (a set without ``template.yaml`` asks nothing of the data)."""
    folder = template_dir(name_or_dir)
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return TemplateSet(folder)
    try:
        text = manifest.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _manifest_error(manifest, exc) from None
    return _template_set(folder, text)


@memo.pure(16)
def _template_set(folder: Path, manifest_text: str) -> TemplateSet:
    """The set as its manifest's text describes it: kept by content (the text is read every time)."""
    manifest = folder / MANIFEST
    try:
        data = yaml.safe_load(manifest_text) or {}

        def texts(key: str) -> dict[str, str]:
            return {str(k): str(v) for k, v in (data.get(key) or {}).items()}

        return TemplateSet(
            folder,
            label=str(data.get("label", "")),
            themes=None if data.get("themes") is None else int(data["themes"]),
            requires=texts("requires"),
            recommends=texts("recommends"),
            ignores=texts("ignores"),
            blocks=texts("blocks"),
            single=texts("single"),
            fields=_field_list(data.get("fields")),
            fonts=data.get("fonts"),
        )
    except (yaml.YAMLError, AttributeError, TypeError, ValueError) as exc:
        raise _manifest_error(manifest, exc) from None


def _field_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError("fields 应为字段路径的列表（每项另起一行，以“- ”开头）")
    return tuple(str(f) for f in value)


def _manifest_error(manifest: Path, exc: Exception) -> UserError:
    return UserError.simple(f"模板说明文件有误：{exc}", file=str(manifest), fix="参照内置模板的 template.yaml")


_FIX_PATH = "extends / include / import 只能引用模板文件夹中的文件，写相对的名字，如 common/blocks.xml.j2"


class RefusedPath(jinja2.TemplateError):
    """A template name or file the loader will not read: outside the template folders, a link out, too big."""

    def __init__(self, message: str, fix: str = _FIX_PATH) -> None:
        super().__init__(message)
        self.fix = fix


def _name_pieces(name: str) -> list[str]:
    """The folders and file a template name stands for; refuses absolute names and ``..``."""
    pieces = [p for p in name.split("/") if p not in ("", ".")]
    if (
        name.startswith(("/", "\\"))
        or re.match(r"[A-Za-z]:", name)
        or "\0" in name
        or any(p == ".." or "\\" in p or os.sep in p for p in pieces)
        or not pieces
    ):
        raise RefusedPath(f"模板名 {quoted(name)} 不允许：不能是绝对路径，不能含 ..")
    return pieces


_OPEN = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def _read_inside(root: Path, parts: tuple[str, ...], name: str) -> bytes:
    """The file ``root/parts`` (a path already resolved and found inside ``root``), opened one folder at a
    time without following links: a link put in its way since it was resolved is refused, not followed."""
    try:
        if os.open in os.supports_dir_fd:
            folder = os.open(root, os.O_RDONLY | _DIRECTORY)
            try:
                for part in parts[:-1]:
                    inner = os.open(part, _OPEN | _DIRECTORY, dir_fd=folder)
                    os.close(folder)
                    folder = inner
                fd = os.open(parts[-1], _OPEN, dir_fd=folder)
            finally:
                os.close(folder)
        else:
            fd = os.open(root.joinpath(*parts), _OPEN)
        with os.fdopen(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise RefusedPath(f"模板 {name} 不是普通文件", fix="模板必须是普通的文本文件")
            data = file.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        swapped = "（检查之后被换成了链接？）" if exc.errno in (errno.ELOOP, errno.ENOTDIR) else ""
        raise RefusedPath(f"无法读取模板 {name}：{exc.strerror}{swapped}") from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise RefusedPath(f"模板 {name} 过大（上限 {MAX_TEMPLATE_BYTES} 字节）", fix="模板只应排列数据，把它拆小")
    return data


class LayeredLoader(jinja2.BaseLoader):
    """Template folders searched in order: a period's overrides, the template set, the shared templates.

    A template that extends or imports its own name gets that name from the next folder down (as in
    Django), so a period's ``document.xml.j2`` can ``{% extends "document.xml.j2" %}`` and override
    only some blocks. Internally such a name is written ``@<folder index>/<name>``.

    Only files inside the folders are read: a name may not be absolute or contain ``..``, and a symbolic
    link is followed only when it resolves to a file inside the same folder.
    """

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders

    @staticmethod
    def split(name: str) -> tuple[int, str]:
        head, sep, rest = name.partition("/")
        if sep and head.startswith("@") and head[1:].isdigit():
            return int(head[1:]), rest
        return 0, name

    def locate(self, name: str) -> tuple[int, Path, Path, Path]:
        """The folder index, the file as named, its resolved path and the resolved folder."""
        start, plain_name = self.split(name)
        pieces = _name_pieces(plain_name)
        for index in range(start, len(self.folders)):
            path = self.folders[index].joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            root = self.folders[index].resolve()
            real = path.resolve()
            if not real.is_relative_to(root):
                raise RefusedPath(f"模板 {plain_name} 是指向模板文件夹之外（{real}）的链接")
            if real.is_file():
                return index, path, real, root
        raise jinja2.TemplateNotFound(plain_name)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        _, path, real, root = self.locate(template)
        data = _read_inside(root, real.relative_to(root).parts, template)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RefusedPath(
                f"模板 {path} 不是 UTF-8 编码（第 {exc.start} 字节）", fix="用 UTF-8 编码另存此文件"
            ) from None
        mtime = real.stat().st_mtime_ns

        def unchanged() -> bool:
            try:
                return real.stat().st_mtime_ns == mtime
            except OSError:
                return False

        return text, str(path), unchanged


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates kept in the memo layer, in memory only (compiled code is executable: it is
    never written to disk), under Jinja's key of the template's name and file and the source's checksum."""

    HELD = 256  # templates kept (a batch's periods may each override theirs)

    def __init__(self) -> None:
        self.held: memo.Store[tuple[str, str], CodeType] = memo.Store(self.HELD)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.held.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        assert bucket.code is not None
        self.held.put((bucket.key, bucket.checksum), bucket.code)


_COMPILED = CompiledTemplates()


class _Environment(Sandbox):
    def join_path(self, template: str, parent: str) -> str:
        loader = self.loader
        assert isinstance(loader, LayeredLoader)
        if template == loader.split(parent)[1]:
            return f"@{loader.locate(parent)[0] + 1}/{template}"
        return template


def environment(template_folder: Path, overrides: Path | None = None, previous: Report | None = None) -> Sandbox:
    """A sandboxed environment: XML autoescaping, undefined names are errors.

    ``previous`` (the previous period's report, or None) is a global, so shared macros see it too.
    """
    folders = [p for p in (overrides, template_folder, data_dir("templates")) if p is not None]
    env = _Environment(
        loader=LayeredLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        bytecode_cache=_COMPILED,
    )
    env.filters.update(cn_numeral=cn_numeral, cn_date=cn_date, metric_value=metric_value, compared_with=compare)
    env.globals["previous"] = plain(previous)
    return env


def _undefined(message: str) -> str:
    """Jinja's "'x' is undefined" / "'…Meta object' has no attribute 'titel'" in Chinese."""
    if match := re.fullmatch(r"'(.+)' is undefined", message):
        return f"{match[1]}（模板中可用的名字：report、meta、previous、range）"
    if match := re.fullmatch(r"'(?:[\w.]+\.)?(\w+)(?: object)?' has no attribute '(.+)'", message):
        return f"{match[1]} 没有 {match[2]} 这一项"
    return message


def _refused(exc: jinja2.exceptions.SecurityError) -> str:
    """Jinja's sandbox refusals in Chinese."""
    if match := re.fullmatch(r"access to attribute '(.+)' of '(.+)' object is unsafe\.", str(exc)):
        return f"模板不允许访问 {match[2]} 的 {match[1]}"
    if str(exc).endswith("is not safely callable"):
        return "模板不允许调用这个函数"
    return f"模板做了沙箱不允许的事（{exc}）"


_RUNTIME: dict[type[BaseException], tuple[str, str]] = {
    RecursionError: (
        "模板递归或嵌套太深：宏、include、import、extends 直接或间接地调用了自己，或表达式嵌套过多",
        "检查宏与覆盖模板中的递归",
    ),
    MemoryError: ("模板运行耗尽了内存", TemplateLimit.fix),
    OverflowError: ("模板中的数值超出范围", TemplateLimit.fix),
}


def _template_problem(exc: BaseException, folders: list[str], entry: str) -> Problem:
    """Name the template file and line an error comes from."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(
            f"模板语法错误：{exc.message}",
            file=exc.filename or exc.name,
            line=exc.lineno,
            fix="检查这一行的 {% %} 与 {{ }} 是否成对、拼写是否正确",
        )
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(tuple(folders))]
    file, line = (frames[-1].filename, frames[-1].lineno) if frames else (entry, None)
    fix: str | None = None
    if isinstance(exc, TemplateLimit | RefusedPath):
        message, fix = str(exc), exc.fix
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        message, fix = _refused(exc), "模板只能读取数据字段；不能访问以 _ 开头的属性，也不能修改数据"
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"模板中的名字未定义：{_undefined(exc.message or '')}"
        fix = "检查拼写；可用的数据字段见 lintou-report schema"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message, fix = f"找不到模板文件 {exc.name}", "检查 extends / include / import 中的文件名"
    elif type(exc) in _RUNTIME:
        message, fix = _RUNTIME[type(exc)]
    else:
        message = f"模板运行出错：{exc}（{type(exc).__name__}）"
        fix = "检查这一行用到的数据字段和运算是否对得上（文字、数字、日期不能混用）"
    return Problem(message, file=file, line=line, fix=fix)


Origin = tuple[str | None, int | None]  # a template file and line


@dataclass(frozen=True)
class _Mark:
    """Where a chunk of the markup starts (line, 0-based column) and the template statement that yielded it
    (the compiled template's name and code line; None outside any template)."""

    start: tuple[int, int]
    name: str | None
    code_line: int


def _yielded_by(stream: Any) -> tuple[str | None, int]:
    """The compiled template and code line that yielded what ``stream`` (a generate() generator) just gave:
    the innermost template frame of the generators it delegates to (blocks, includes)."""
    frame = None
    while stream is not None and getattr(stream, "gi_frame", None) is not None:
        if "debug_info" in stream.gi_frame.f_globals:  # a compiled template's module
            frame = stream.gi_frame
        stream = stream.gi_yieldfrom
    return (frame.f_globals["name"], frame.f_lineno) if frame is not None else (None, 0)


@dataclass(frozen=True)
class Rendered:
    """A template set's markup, its chunks and where each was yielded, to place a problem in the markup at
    the template line that wrote it (worked out only when asked)."""

    env: jinja2.Environment
    chunks: list[str]
    marks: list[_Mark]

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def origin(self, line: int, column: int = 1) -> Origin:
        """The template file and line that wrote ``line`` of the markup (as near as can be told): the template's
        own text is found in its source from the statement's line on, and follows it line for line."""
        index = bisect.bisect_right([m.start for m in self.marks], (line, column - 1)) - 1
        if index < 0 or self.marks[index].name is None:
            return None, None
        mark = self.marks[index]
        try:
            template = self.env.get_template(mark.name)
            assert self.env.loader is not None
            source = self.env.loader.get_source(self.env, mark.name)[0]
        except (jinja2.TemplateError, OSError):  # changed since it was rendered: the markup's line it is
            return None, None
        line_starts = [0] + [i + 1 for i, c in enumerate(source) if c == "\n"]
        statement = template.get_corresponding_lineno(mark.code_line)
        found = source.find(self.chunks[index], line_starts[min(statement, len(line_starts)) - 1])
        if found < 0:
            return template.filename, statement
        return template.filename, bisect.bisect_right(line_starts, found) + line - mark.start[0]


def _render(report: Report, template: str, overrides: Path | None, previous: Report | None) -> Rendered:
    folder = template_dir(template)
    env = environment(folder, overrides if overrides is not None and overrides.is_dir() else None, previous)
    loader = env.loader
    assert isinstance(loader, LayeredLoader)
    entry = str(loader.folders[0] / ENTRY)
    rendered = Rendered(env, [], [])
    size, line, column = 0, 1, 0
    try:
        with env.budget.timer():
            stream = env.get_template(ENTRY).generate(report=plain(report), meta=plain(report.meta))
            for chunk in stream:
                rendered.marks.append(_Mark((line, column), *_yielded_by(stream)))
                rendered.chunks.append(chunk)
                size += len(chunk)
                if size > MAX_OUTPUT:
                    file, where = rendered.origin(line, column + 1)
                    message = f"模板输出超过 {MAX_OUTPUT} 个字符，已停止"
                    raise UserError(Problem(message, file=file or entry, line=where, fix=TemplateLimit.fix))
                line += chunk.count("\n")
                column = len(chunk) - chunk.rfind("\n") - 1 if "\n" in chunk else column + len(chunk)
    except UserError:
        raise
    except Exception as exc:  # whatever a template's code raises is the template's mistake
        folders = [str(p.resolve()) for p in loader.folders] + [str(p) for p in loader.folders]
        raise UserError(_template_problem(exc, folders, entry)) from None
    return rendered


def render_markup(
    report: Report, template: str = "briefing", overrides: Path | None = None, previous: Report | None = None
) -> str:
    """The document markup (XML) a template set produces for ``report``.

    ``overrides`` is a folder whose templates replace the set's (a period's ``templates/<set>``);
    ``previous`` is the previous period's report, which adds 上期 and 增减 columns to metric tables.
    """
    return _render(report, template, overrides, previous).text


def _at_template(problem: Problem, rendered: Rendered) -> Problem:
    """A problem found at a line of the markup, placed at the template line that wrote that line."""
    if problem.line is None:
        return problem
    file, line = rendered.origin(problem.line, problem.column or 1)
    if file is None:
        return problem
    where = f"生成的标记第 {problem.line} 行" + (f"第 {problem.column} 列" if problem.column else "")
    return Problem(f"{problem.message}（{where}，由模板这一行写出）", file=file, line=line, fix=problem.fix)


def build_document(
    report: Report,
    template: str = "briefing",
    overrides: Path | None = None,
    previous: Report | None = None,
    base: Path | None = None,
) -> Document:
    """Report → template → markup → document tree: what every writer lays out. ``base`` is the data file's
    folder, where the pictures the markup names (a seal, <signature seal-image>) must lie."""
    source = overrides / ENTRY if overrides is not None and (overrides / ENTRY).is_file() else f"{template}/{ENTRY}"
    rendered = _render(report, template, overrides, previous)
    try:
        return markup.parse(rendered.text, source=f"{source}（生成的标记）", base=base)
    except UserError as exc:
        raise UserError(*(_at_template(p, rendered) for p in exc.problems)) from None
