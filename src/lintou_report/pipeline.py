"""The whole path for one report: data file → model → template → document tree → writers → files."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from lintou_report import aside, signals
from lintou_report.errors import Problem, UserError
from lintou_report.fonts import FontSet, fonts_for
from lintou_report.output import write_files
from lintou_report.source.model import Report, load_report
from lintou_report.source.settings import apply_settings, read_settings
from lintou_report.source.templating import build_document
from lintou_report.source.validation import validate
from lintou_report.tree import Document
from lintou_report.writers import DEFAULT_FORMATS, FORMATS
from lintou_report.writers import render as render_format
from lintou_report.writers.options import Rendered, WriterOptions


def default_output(report: Report, template: str, fmt: str, folder: Path = Path("out")) -> Path:
    """./out/<name>-<period>.<ext>, e.g. out/briefing-2023-11.pdf; a document without a period is named by
    its date: out/notice-2023-11-09.pdf."""
    name = Path(template).name or "report"
    when = report.meta.period.id if report.meta.period is not None else report.meta.date.isoformat()
    return folder / f"{name}-{when}.{fmt}"


def render_bytes(
    document: Document,
    fmt: str,
    fonts: FontSet,
    options: WriterOptions = WriterOptions(),  # noqa: B008 — immutable
) -> bytes:
    """One format's bytes (``options``: what the writers are asked for beyond the document, writers/options.py)."""
    return render_format(fmt, document, fonts, options).data


@dataclass(frozen=True)
class Prepared:
    """A report that passed every check, as a document tree, with the fonts to set it in."""

    report: Report
    document: Document
    fonts: FontSet
    notes: list[Problem]  # reminders that do not stop a build (metrics still marked for review)
    inputs: dict[Path, str] = field(default_factory=dict)  # files and folders read → what they are, e.g. 数据文件


def _load_previous(path: Path) -> tuple[Report | None, Problem | None]:
    """The previous period's report; when its file cannot be read, None and a reminder saying why."""
    try:
        return load_report(path), None
    except UserError as exc:
        first = exc.problems[0]
        what = f"字段 {first.field}：{first.message}" if first.field else first.message
        return None, Problem(
            f"上期数据无法读取，本期不与上期对比（指标表没有“上期”“增减”两列）。上期的问题：{what}",
            file=first.file or str(path),
            line=first.line,
            column=first.column,
            fix="改好上期的数据文件后重新生成本期" + (f"（{first.fix}）" if first.fix else ""),
        )


def prepare(
    data: Path,
    template: str = "briefing",
    font_dirs: tuple[Path, ...] = (),
    overrides: Path | None = None,
    previous: Path | None = None,
    draft: bool = False,
    settings: Path | None = None,
) -> Prepared:
    """Every check short of layout: data, template requirements, template rendering, font coverage.

    ``overrides`` is a folder of templates overriding the set's (a period's); ``previous`` the previous
    period's data file, which adds 上期 and 增减 columns to the metric tables (when it cannot be read, a
    reminder says so and the tables have no such columns). ``draft`` allows what only a final document must
    not have (【待填】 placeholders) and marks every page 草稿. ``settings`` is the period's settings.yaml
    (metric tables, duplex), read after the template sets' template.yaml files.
    """
    checked = validate(data, template, draft)
    earlier, unreadable = _load_previous(previous) if previous is not None else (None, None)
    document = build_document(checked.report, template, overrides, earlier, base=Path(data).parent)
    document = apply_settings(document, read_settings(checked.template.folder, overrides, period=settings))
    if draft:
        document = replace(document, info=replace(document.info, draft=True))
    fonts = fonts_for(checked.template, font_dirs)
    fonts.check(document, source=str(data))
    notes = [unreadable, *checked.notes] if unreadable else checked.notes
    inputs = {data: "数据文件", checked.template.folder: "模板文件"}
    inputs |= {face.path: "字体文件" for face in fonts.faces.values()}
    if overrides is not None:
        inputs[overrides] = "模板文件"
    if previous is not None:
        inputs[previous] = "上期数据文件"
    if settings is not None:
        inputs[settings] = "本期设置文件"
    return Prepared(checked.report, document, fonts, notes, inputs)


def rendered(
    prepared: Prepared,
    formats: tuple[str, ...],
    options: WriterOptions = WriterOptions(),  # noqa: B008 — immutable
) -> dict[str, Rendered]:
    """Each format's file, in memory. The program run for one report (``options.one_document``) asked for
    several formats renders the others in a copy of itself (aside.py) while it renders the first."""
    beside = aside.start(formats[1:], prepared.document, prepared.fonts, options) if options.one_document else None
    try:
        files = {formats[0]: _render(formats[0], prepared, options)} if beside else {}
        done = beside.result() if beside else {}
    finally:
        if beside:
            beside.stop()
    for fmt in formats:
        if fmt not in files:
            files[fmt] = done[fmt] if fmt in done else _render(fmt, prepared, options)
    return files


def _render(fmt: str, prepared: Prepared, options: WriterOptions) -> Rendered:
    # a stop signal waits for the format's bytes: a writer cut off halfway leaves objects (an open zip file)
    # whose finalizers then fail and print tracebacks
    with signals.deferred():
        return render_format(fmt, prepared.document, prepared.fonts, options)


def _is_folder(path: Path) -> bool:
    """Whether ``path`` is an existing folder (a name too long to look up is not one)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def check_output(output: Path | None, formats: tuple[str, ...], folder_only: bool = False) -> None:
    """Refuse an ``output`` that names a file of one format (x.pdf) where a folder or another format is meant."""
    if output is None or _is_folder(output):
        return
    ext = output.suffix.lower().lstrip(".")
    if ext not in FORMATS:
        return
    names = "、".join(formats)
    if folder_only or len(formats) > 1:
        why = "批量生成时 -o 是输出文件夹" if folder_only else f"要生成 {len(formats)} 种格式（{names}），-o 应是文件夹"
        raise UserError.simple(
            f"-o {output} 是文件名（扩展名 .{ext}），而{why}；未写入任何文件",
            fix=f"改为文件夹，如 -o {output.with_suffix('')}；或只要一种格式：--format {ext} -o {output}",
        )
    if ext != formats[0]:
        raise UserError.simple(
            f"-o {output} 的扩展名 .{ext} 与输出格式 {formats[0]} 不符；未写入任何文件",
            fix=f"改为 -o {output.with_suffix('.' + formats[0])}，或用 --format {ext}",
        )


def targets(report: Report, template: str, formats: tuple[str, ...], output: Path | None) -> dict[str, Path]:
    """Where each format goes: ``output`` itself when one format is asked for and it names a file (it has an
    extension), else a file per format in the folder ``output`` (or ./out)."""
    check_output(output, formats)
    if output is not None and len(formats) == 1 and output.suffix and not _is_folder(output):
        return {formats[0]: output}
    return {fmt: default_output(report, template, fmt, output or Path("out")) for fmt in formats}


def rehearse(prepared: Prepared) -> None:
    """Lay the report out in every format, in memory, and keep nothing: what would fail a build fails here."""
    rendered(prepared, DEFAULT_FORMATS)


def write(
    prepared: Prepared,
    template: str = "briefing",
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    output: Path | None = None,
    options: WriterOptions = WriterOptions(),  # noqa: B008 — immutable
) -> list[Path]:
    """Render a prepared report in each format and write the files, all or none; returns the paths written.

    ``output`` is a file path when one format is asked for, else a folder (or None for ./out); ``options``:
    what the writers are asked for beyond the document (writers/options.py).
    """
    paths = targets(prepared.report, template, formats, output)
    files = rendered(prepared, formats, options)
    write_files({paths[fmt]: done.data for fmt, done in files.items()}, prepared.inputs)
    return list(paths.values())


def make(
    data: Path,
    template: str = "briefing",
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    output: Path | None = None,
    font_dirs: tuple[Path, ...] = (),
) -> list[Path]:
    """Check and render ``data`` in each format; returns the paths written."""
    return write(prepare(data, template, font_dirs), template, formats, output)
