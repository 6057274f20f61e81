"""Render a report through a sandboxed Jinja2 template set into document markup, then into the tree."""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from lintou_report import markup
from lintou_report.errors import Problem, UserError
from lintou_report.model import Metric, Report
from lintou_report.resources import data_dir
from lintou_report.tree import Document

ENTRY = "document.xml.j2"
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


def metric_value(metric: Metric) -> str:
    """The value as a table shows it, with its qualifier: 近1500, 1500余, 超100."""
    if metric.qualifier in ("余", "以上"):
        return metric.value_text + metric.qualifier
    return (metric.qualifier or "") + metric.value_text


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


def environment(template_folder: Path, overrides: Path | None = None) -> SandboxedEnvironment:
    """A sandboxed environment: XML autoescaping, undefined names are errors."""
    search = [str(p) for p in (overrides, template_folder, data_dir("templates")) if p is not None]
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(cn_numeral=cn_numeral, cn_date=cn_date, metric_value=metric_value)
    return env


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
        message, fix = f"模板中的名字未定义：{exc.message}", "检查拼写；可用的数据字段见 lintou-report schema"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message, fix = f"找不到模板文件 {exc.name}", "检查 extends / include / import 中的文件名"
    else:
        message, fix = f"模板运行出错：{exc}", None
    return Problem(message, file=where.filename if where else None, line=where.lineno if where else None, fix=fix)


def render_markup(report: Report, template: str = "briefing", overrides: Path | None = None) -> str:
    """The document markup (XML) a template set produces for ``report``."""
    folder = template_dir(template)
    env = environment(folder, overrides)
    try:
        return env.get_template(ENTRY).render(report=report, meta=report.meta)
    except (jinja2.TemplateError, jinja2.exceptions.SecurityError, TypeError, ValueError, AttributeError) as exc:
        folders = [str(Path(p).resolve()) for p in env.loader.searchpath] + list(env.loader.searchpath)
        raise UserError(_template_problem(exc, folders)) from None


def build_document(report: Report, template: str = "briefing", overrides: Path | None = None) -> Document:
    """Report → template → markup → document tree: what every writer lays out."""
    return markup.parse(render_markup(report, template, overrides), source=f"{template}/{ENTRY}")
