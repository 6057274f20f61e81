"""The whole path for one report: data file → model → template → document tree → writers → files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lintou_report.errors import Problem, UserError
from lintou_report.fonts import FontSet, fonts_for
from lintou_report.output import write_atomic
from lintou_report.source.model import Report, load_report
from lintou_report.source.settings import apply_settings, read_settings
from lintou_report.source.templating import build_document, template_dir
from lintou_report.source.validation import check
from lintou_report.tree import Document
from lintou_report.writers import FORMATS
from lintou_report.writers import render as render_format
from lintou_report.writers.options import Naming, Rendered, WriterOptions


def default_output(report: Report, template: str, fmt: str, folder: Path = Path("out")) -> Path:
    """./out/<name>-<period>.<ext>, e.g. out/briefing-2023-11.pdf."""
    name = Path(template).name or "report"
    return folder / f"{name}-{report.meta.period.id}.{fmt}"


def render_bytes(document: Document, fmt: str, fonts: FontSet, docx_names: Naming = "official") -> bytes:
    """One format's bytes; ``docx_names`` is "official" (仿宋_GB2312, 楷体_GB2312) or "windows" (仿宋, 楷体)."""
    return render_format(fmt, document, fonts, WriterOptions(docx_naming=docx_names)).data


@dataclass(frozen=True)
class Prepared:
    """A report that passed every check, as a document tree, with the fonts to set it in."""

    report: Report
    document: Document
    fonts: FontSet
    notes: list[Problem]  # reminders that do not stop a build (metrics still marked for review)


def _load_previous(path: Path) -> Report:
    try:
        return load_report(path)
    except UserError as exc:
        first = Problem("上期数据有误，无法与上期对比；先改好上期的数据文件", file=str(path))
        raise UserError(first, *exc.problems) from None


def prepare(
    data: Path,
    template: str = "briefing",
    font_dirs: tuple[Path, ...] = (),
    overrides: Path | None = None,
    previous: Path | None = None,
) -> Prepared:
    """Every check short of layout: data, template requirements, template rendering, font coverage.

    ``overrides`` is a folder of templates overriding the set's (a period's); ``previous`` the previous
    period's data file, which adds 上期 and 增减 columns to the metric tables.
    """
    checked = check(data, template)
    earlier = _load_previous(previous) if previous is not None else None
    document = build_document(checked.report, template, overrides, earlier)
    document = apply_settings(document, read_settings(template_dir(template), overrides))
    fonts = fonts_for(checked.template, font_dirs)
    fonts.check(document, source=str(data))
    return Prepared(checked.report, document, fonts, checked.notes)


def write(
    prepared: Prepared,
    template: str = "briefing",
    formats: tuple[str, ...] = FORMATS,
    output: Path | None = None,
    embed_fonts: bool = False,
    docx_names: Naming = "official",
) -> list[Path]:
    """Render a prepared report in each format; returns the paths written.

    ``output`` is a file path when one format is asked for, else a folder (or None for ./out).
    ``embed_fonts`` puts subsets of the faces used into the DOCX; ``docx_names`` chooses the face names it gives.
    Nothing is written unless every format rendered.
    """
    return write_counted(prepared, template, formats, output, embed_fonts, docx_names)[0]


def write_counted(
    prepared: Prepared,
    template: str = "briefing",
    formats: tuple[str, ...] = FORMATS,
    output: Path | None = None,
    embed_fonts: bool = False,
    docx_names: Naming = "official",
) -> tuple[list[Path], int | None]:
    """``write``, with the PDF's page count as the layout counted it (None without a PDF)."""
    options = WriterOptions(docx_naming=docx_names, embed_fonts=embed_fonts)
    rendered: dict[str, Rendered] = {
        fmt: render_format(fmt, prepared.document, prepared.fonts, options) for fmt in formats
    }
    paths = []
    for fmt, done in rendered.items():
        if output is not None and len(formats) == 1 and output.suffix:
            path = output
        else:
            path = default_output(prepared.report, template, fmt, output or Path("out"))
        write_atomic(path, done.data)
        paths.append(path)
    return paths, rendered["pdf"].pages if "pdf" in rendered else None


def make(
    data: Path,
    template: str = "briefing",
    formats: tuple[str, ...] = FORMATS,
    output: Path | None = None,
    font_dirs: tuple[Path, ...] = (),
) -> list[Path]:
    """Check and render ``data`` in each format; returns the paths written."""
    return write(prepare(data, template, font_dirs), template, formats, output)
