"""The whole path for one report: data file → model → template → document tree → writers → files."""

from __future__ import annotations

from pathlib import Path

from lintou_report.fonts import FontSet, fonts_for
from lintou_report.model import Report, load_report
from lintou_report.output import write_atomic
from lintou_report.templating import build_document, template_dir
from lintou_report.tree import Document
from lintou_report.writers import FORMATS, writer


def default_output(report: Report, template: str, fmt: str, folder: Path = Path("out")) -> Path:
    """./out/<name>-<period>.<ext>, e.g. out/briefing-2023-11.pdf."""
    name = Path(template).name or "report"
    return folder / f"{name}-{report.meta.period.id}.{fmt}"


def render_bytes(document: Document, fmt: str, fonts: FontSet) -> bytes:
    return writer(fmt).render(document, fonts)


def make(
    data: Path,
    template: str = "briefing",
    formats: tuple[str, ...] = FORMATS,
    output: Path | None = None,
    font_dirs: tuple[Path, ...] = (),
) -> list[Path]:
    """Render ``data`` in each format; returns the paths written.

    ``output`` is a file path when one format is asked for, else a folder (or None for ./out).
    Nothing is written unless every format rendered.
    """
    report = load_report(data)
    document = build_document(report, template)
    fonts = fonts_for(template_dir(template), font_dirs)
    fonts.check(document, source=str(data))
    rendered = {fmt: render_bytes(document, fmt, fonts) for fmt in formats}
    paths = []
    for fmt, data_bytes in rendered.items():
        if output is not None and len(formats) == 1 and output.suffix:
            path = output
        else:
            path = default_output(report, template, fmt, output or Path("out"))
        write_atomic(path, data_bytes)
        paths.append(path)
    return paths
