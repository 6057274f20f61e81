"""Render a report through a sandboxed Jinja2 template set into document markup, then into the tree."""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
import yaml
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from lintou_report import cache
from lintou_report.errors import Problem, UserError
from lintou_report.resources import data_dir
from lintou_report.source import markup
from lintou_report.source.comparison import compare, metric_value
from lintou_report.source.model import Report
from lintou_report.tree import Document

ENTRY = "document.xml.j2"
MANIFEST = "template.yaml"
_NUMERALS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (heading numbers up to 99)."""
    if not 0 < n < 100:
        raise ValueError(f"no Chinese numeral for {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return head + (_NUMERALS[ones] if ones else "")


def cn_date(value) -> str:
    """A date as GB/T 9704 writes it: 2023年11月9日 (Arabic numerals, no leading zeros)."""
    return f"{value.year}年{value.month}月{value.day}日"


def template_dir(name_or_dir: str) -> Path:
    """A template set by name (``briefing``, ``report``) or by folder."""
    path = Path(name_or_dir)
    if path.is_dir():
        return path
    bundled = data_dir("templates") / name_or_dir
    if bundled.is_dir() and not name_or_dir.startswith(("_", ".")):
        return bundled
    names = sorted(p.name for p in data_dir("templates").iterdir() if p.is_dir() and not p.name.startswith("_"))
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
    blocks: dict[str, str] = field(default_factory=dict)  # block name → what it holds, for override skeletons
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


@lru_cache(maxsize=16)
def _template_set(folder: Path, manifest_text: str) -> TemplateSet:
    """The set as its manifest's text describes it: kept by content (the text is read every time)."""
    manifest = folder / MANIFEST
    try:
        data = yaml.safe_load(manifest_text) or {}
        return TemplateSet(
            folder,
            label=str(data.get("label", "")),
            themes=None if data.get("themes") is None else int(data["themes"]),
            requires={str(k): str(v) for k, v in (data.get("requires") or {}).items()},
            recommends={str(k): str(v) for k, v in (data.get("recommends") or {}).items()},
            blocks={str(k): str(v) for k, v in (data.get("blocks") or {}).items()},
            fonts=data.get("fonts"),
        )
    except (yaml.YAMLError, AttributeError, TypeError, ValueError) as exc:
        raise _manifest_error(manifest, exc) from None


def _manifest_error(manifest: Path, exc: Exception) -> UserError:
    return UserError.simple(f"模板说明文件有误：{exc}", file=str(manifest), fix="参照内置模板的 template.yaml")


class LayeredLoader(jinja2.BaseLoader):
    """Template folders searched in order: a period's overrides, the template set, the shared templates.

    A template that extends or imports its own name gets that name from the next folder down (as in
    Django), so a period's ``document.xml.j2`` can ``{% extends "document.xml.j2" %}`` and override
    only some blocks. Internally such a name is written ``@<folder index>/<name>``.
    """

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders

    @staticmethod
    def split(name: str) -> tuple[int, str]:
        head, sep, rest = name.partition("/")
        if sep and head.startswith("@") and head[1:].isdigit():
            return int(head[1:]), rest
        return 0, name

    def locate(self, name: str) -> tuple[int, Path]:
        start, plain = self.split(name)
        pieces = split_template_path(plain)
        for index in range(start, len(self.folders)):
            path = self.folders[index].joinpath(*pieces)
            if path.is_file():
                return index, path
        raise jinja2.TemplateNotFound(plain)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, object]:
        _, path = self.locate(template)
        mtime = path.stat().st_mtime
        return path.read_text(encoding="utf-8"), str(path), lambda: path.stat().st_mtime == mtime


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once: kept in memory (as code, not unmarshalled again for each report) and in the
    user cache (cache.py), under Jinja's key of the template's name and file, and used only while the
    source's checksum matches."""

    HELD = 256  # templates kept in memory (a batch's periods may each override theirs)

    def __init__(self) -> None:
        self.held: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        checksum, code = self.held.get(bucket.key, ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code
            return
        kept = cache.load(f"jinja-{bucket.key}.pickle")
        if isinstance(kept, bytes):
            bucket.bytecode_from_string(kept)  # (left empty when the checksum does not match)
            if bucket.code is not None:
                self._hold(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._hold(bucket)
        cache.store(f"jinja-{bucket.key}.pickle", bucket.bytecode_to_string())

    def _hold(self, bucket: jinja2.bccache.Bucket) -> None:
        if len(self.held) >= self.HELD:
            del self.held[next(iter(self.held))]
        assert bucket.code is not None
        self.held[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED = CompiledTemplates()


class _Environment(SandboxedEnvironment):
    def join_path(self, template: str, parent: str) -> str:
        loader = self.loader
        assert isinstance(loader, LayeredLoader)
        if template == loader.split(parent)[1]:
            return f"@{loader.locate(parent)[0] + 1}/{template}"
        return template


def environment(
    template_folder: Path, overrides: Path | None = None, previous: Report | None = None
) -> SandboxedEnvironment:
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
    env.globals["previous"] = previous
    return env


def _undefined(message: str) -> str:
    """Jinja's "'x' is undefined" / "'…Meta object' has no attribute 'titel'" in Chinese."""
    if match := re.fullmatch(r"'(.+)' is undefined", message):
        return f"{match[1]}（模板中可用的名字：report、meta、previous）"
    if match := re.fullmatch(r"'(?:[\w.]+\.)?(\w+)(?: object)?' has no attribute '(.+)'", message):
        return f"{match[1]} 没有 {match[2]} 这一项"
    return message


def _template_problem(exc: Exception, folders: list[str]) -> Problem:
    """Name the template file and line an error comes from."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(
            f"模板语法错误：{exc.message}",
            file=exc.filename or exc.name,
            line=exc.lineno,
            fix="检查这一行的 {% %} 与 {{ }} 是否成对、拼写是否正确",
        )
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(tuple(folders))]
    where = frames[-1] if frames else None
    if isinstance(exc, jinja2.UndefinedError):
        message, fix = (
            f"模板中的名字未定义：{_undefined(exc.message or '')}",
            "检查拼写；可用的数据字段见 lintou-report schema",
        )
    elif isinstance(exc, jinja2.TemplateNotFound):
        message, fix = f"找不到模板文件 {exc.name}", "检查 extends / include / import 中的文件名"
    else:
        message, fix = f"模板运行出错：{exc}", None
    return Problem(message, file=where.filename if where else None, line=where.lineno if where else None, fix=fix)


def render_markup(
    report: Report, template: str = "briefing", overrides: Path | None = None, previous: Report | None = None
) -> str:
    """The document markup (XML) a template set produces for ``report``.

    ``overrides`` is a folder whose templates replace the set's (a period's ``templates/<set>``);
    ``previous`` is the previous period's report, which adds 上期 and 增减 columns to metric tables.
    """
    folder = template_dir(template)
    env = environment(folder, overrides if overrides is not None and overrides.is_dir() else None, previous)
    try:
        return env.get_template(ENTRY).render(report=report, meta=report.meta, previous=previous)
    except (jinja2.TemplateError, jinja2.exceptions.SecurityError, TypeError, ValueError, AttributeError) as exc:
        loader = env.loader
        assert isinstance(loader, LayeredLoader)
        folders = [str(p.resolve()) for p in loader.folders] + [str(p) for p in loader.folders]
        raise UserError(_template_problem(exc, folders)) from None
    except RecursionError:
        raise UserError.simple(
            "模板无限递归：某个模板直接或间接地包含了自己", fix="检查覆盖模板中的 extends / include / import"
        ) from None


def build_document(
    report: Report, template: str = "briefing", overrides: Path | None = None, previous: Report | None = None
) -> Document:
    """Report → template → markup → document tree: what every writer lays out."""
    source = overrides / ENTRY if overrides is not None and (overrides / ENTRY).is_file() else f"{template}/{ENTRY}"
    return markup.parse(render_markup(report, template, overrides, previous), source=f"{source}（生成的标记）")
