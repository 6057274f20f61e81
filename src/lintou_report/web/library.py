"""Every call the workbench makes into the rest of lintou-report, in one place.

The web package reaches the data model, validation, the pipeline, the workspace, ``check`` and ``extract``
only through these functions, so that a change of those modules' interfaces is adapted here alone.
The library keeps per-process caches that are not made for concurrent use: every call holds one lock.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from lintou_report.errors import Problem, UserError
from lintou_report.source.periods import DOCUMENT_NAME as DOCUMENT_NAME  # a new document's name (新建公文)
from lintou_report.source.periods import DOCUMENT_NAME_CHARS as DOCUMENT_NAME_CHARS
from lintou_report.source.periods import is_document as is_document
from lintou_report.workspace.periods import (
    DATA_FILE,
    DEFAULT_TEMPLATE,
    PERIODS,
    SETTINGS,
    Workspace,
    new_period,
    period_label,
)
from lintou_report.workspace.periods import next_period_id as next_period_id  # the periods page's arithmetic
from lintou_report.workspace.periods import period_kind as period_kind

TEMPLATES = {
    "briefing": "工作简报",
    "report": "报告（公文）",
    "notice": "通知（公文）",
    "request": "请示（公文，上行文）",
    "letter": "函（信函格式）",
    "minutes": "纪要",
    "order": "命令（令）",
}
METRIC_TABLES = {"per_theme": "每个主题后一张", "summary": "文末一张汇总表", "none": "不附指标表"}
_LOCK = threading.RLock()


@dataclass(frozen=True)
class Choice:
    """A period's settings as the editor shows them: its template and the layout settings of settings.yaml."""

    template: str = DEFAULT_TEMPLATE
    metric_tables: str = "per_theme"
    duplex: bool = True

    def text(self) -> str:
        """The period's settings.yaml holding this choice."""
        return (
            "# 本期的设置（由文秘工作台写入）\n"
            f"template: {self.template}\n"
            f"metric_tables: {self.metric_tables}"
            "  # per_theme 每个主题后一张指标表，summary 文末一张汇总表，none 不附表\n"
            f"duplex: {'true' if self.duplex else 'false'}  # true 双面印刷；false 单面印刷\n"
        )


def choice_of(workspace: Workspace, period_id: str, template: str) -> Choice:
    """The settings in force for the period rendered with ``template`` (the set's, its override's, its own)."""
    from lintou_report.source.settings import read_settings
    from lintou_report.source.templating import template_dir

    overrides, _, settings = _inputs(workspace, period_id, template)
    try:
        found = read_settings(template_dir(template), overrides, period=settings)
    except UserError:  # a broken file: the defaults, which a save rewrites
        return Choice(template)
    return Choice(template, found.metric_tables, found.duplex is not False)


@dataclass(frozen=True)
class Outcome:
    """What validating a period's data found: problems that stop a build, and reminders that do not."""

    problems: list[Problem]
    notes: list[Problem]


def kind_fields(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields a template set prints and those it requires (``template.yaml``'s ``fields:`` and
    ``requires:``, alternatives such as ``meta.signer|meta.signers`` split): what the editor shows for a kind."""
    from lintou_report.source.templating import template_set

    tset = template_set(template)
    return tset.fields, tuple(path for key in tset.requires for path in key.split("|"))


def open_workspace(root: Path) -> Workspace:
    return Workspace.find(root)


def period_ids(workspace: Workspace) -> list[str]:
    return workspace.ids()


def label_of(period_id: str) -> str:
    return period_label(period_id)


def create_period(workspace: Workspace, new_id: str, from_id: str) -> None:
    with _LOCK:
        new_period(workspace, new_id, from_id)


def data_path(workspace: Workspace, period_id: str) -> Path:
    return workspace.period(period_id).data


def _inputs(workspace: Workspace, period_id: str, template: str) -> tuple[Path | None, Path | None, Path | None]:
    """The period's override folder for ``template``, the previous period's data file and the period's
    settings.yaml, where they exist."""
    sources = workspace.sources(period_id, template)
    return sources.overrides, sources.previous, sources.settings


def _scratch(
    text: str, period_id: str, settings: str | None = None, beside: Path | None = None
) -> tempfile.TemporaryDirectory:
    """A temporary periods/<id>/report.yaml holding ``text`` (and settings.yaml holding ``settings``): the
    library checks files, the form is text. The pictures (a seal's) in the period's folder ``beside`` are
    copied next to it, so that the data names them as it does beside the real file."""
    folder = tempfile.TemporaryDirectory(prefix="lintou-web-")
    path = Path(folder.name) / PERIODS / period_id / DATA_FILE
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    if settings is not None:
        (path.parent / SETTINGS).write_text(settings, encoding="utf-8")
    for picture in _pictures(beside):
        shutil.copyfile(picture, path.parent / picture.name)
    return folder


def _pictures(folder: Path | None) -> list[Path]:
    """The seal pictures a period's folder holds: its own files (no links), within the seal's byte limit (a
    larger one is not copied, and the build names it as too large where the data names it)."""
    from lintou_report.source.limits import MAX_SEAL_IMAGE_BYTES
    from lintou_report.source.model import SEAL_IMAGE_TYPES

    if folder is None or not folder.is_dir():
        return []
    return [
        p
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in SEAL_IMAGE_TYPES
        and not p.is_symlink()
        and p.is_file()
        and p.stat().st_size <= MAX_SEAL_IMAGE_BYTES
    ]


SEAL_FILE = "seal.png"


def seal_file(organ: int | None) -> str:
    """The name an uploaded seal picture is kept under: seal.png, or for the ``organ``-th organ of a joint
    document (0 the 主办机关) seal-1.png, seal-2.png …"""
    return SEAL_FILE if organ is None else f"seal-{organ + 1}.png"


def store_seal(workspace: Workspace, period_id: str, raw: bytes, organ: int | None = None) -> str:
    """Check an uploaded seal picture as a build does (source/seal.py: bytes, pixels, PNG or JPEG, decoded in
    full) and keep it, re-encoded as PNG, in the period's folder (seal_file); the name the data gives it."""
    from lintou_report.output import write_atomic
    from lintou_report.source.seal import checked

    picture = checked(raw, "上传的印章图片")
    name = seal_file(organ)
    with _LOCK:
        write_atomic(workspace.period(period_id).folder / name, picture.data)
    return name


def create_document(workspace: Workspace, date: dt.date, name: str, template: str, text: str) -> str:
    """A new document of the kind ``template`` holding ``text``, its settings naming the template, in the folder
    ``<date>-<name>`` (-2, -3 … after it when the day has one of that name already); returns the folder's name."""
    from lintou_report.output import write_atomic

    with _LOCK:
        base = f"{date.isoformat()}-{name}"
        taken = {p.name for p in (workspace.root / PERIODS).iterdir()}
        document_id = next(i for i in (base, *(f"{base}-{n}" for n in range(2, 100))) if i not in taken)
        if not is_document(document_id):  # a hundred documents of one name in one day
            raise UserError.simple(f"{date} 已有太多名为“{name}”的公文", fix="换一个名称")
        folder = workspace.root / PERIODS / document_id
        folder.mkdir(parents=True)
        write_atomic(folder / DATA_FILE, text.encode("utf-8"))
        write_atomic(folder / SETTINGS, Choice(template).text().encode("utf-8"))
    return document_id


def kind_example(template: str) -> str | None:
    """The bundled example data of a kind (examples/kinds/<kind>.yaml), if there is one."""
    from lintou_report.resources import data_dir

    try:
        path = data_dir("examples") / "kinds" / f"{template}.yaml"
    except FileNotFoundError:
        return None
    return path.read_text(encoding="utf-8") if path.is_file() else None


def validate_text(workspace: Workspace, period_id: str, text: str, template: str) -> Outcome:
    """Every problem ``validate`` finds in ``text`` as the data of ``period_id`` (build-stopping and reminders)."""
    from lintou_report.source.validation import validate

    with _LOCK, _scratch(text, period_id, beside=workspace.root / PERIODS / period_id) as folder:
        try:
            checked = validate(Path(folder) / PERIODS / period_id / DATA_FILE, template)
        except UserError as exc:
            return Outcome(exc.problems, [])
        return Outcome([], checked.notes)


def examine(workspace: Workspace, period_id: str, text: str, choice: Choice) -> tuple[Outcome, bytes | None]:
    """What a build of ``text`` as the data of ``period_id`` with the settings ``choice`` finds, and the PDF
    it makes when it finds no problem."""
    from lintou_report.pipeline import prepare, render_bytes
    from lintou_report.source.textcheck import UNFILLED

    template = choice.template
    overrides, previous, _ = _inputs(workspace, period_id, template)
    with _LOCK, _scratch(text, period_id, choice.text(), workspace.root / PERIODS / period_id) as folder:
        data = Path(folder) / PERIODS / period_id / DATA_FILE
        settings = data.parent / SETTINGS
        try:
            prepared = prepare(data, template, (), overrides, previous, settings=settings)
        except UserError as exc:
            if not all(p.message.startswith(UNFILLED) for p in exc.problems):
                return Outcome(exc.problems, []), None
            # only 【待填】 left (a draft from extract): the preview is the draft, marked 草稿 on every page
            draft = prepare(data, template, (), overrides, previous, draft=True, settings=settings)
            return Outcome(exc.problems, []), render_bytes(draft.document, "pdf", draft.fonts)
        return Outcome([], prepared.notes), render_bytes(prepared.document, "pdf", prepared.fonts)


def output_path(workspace: Workspace, period_id: str, template: str, fmt: str) -> Path:
    """Where the CLI writes this period's file: <workspace>/out/<template>-<period>.<ext>."""
    return workspace.output / f"{Path(template).name}-{period_id}.{fmt}"


def build(workspace: Workspace, period_id: str, template: str, formats: tuple[str, ...]) -> list[Path]:
    """Write the period's files into the workspace's out/, as ``build`` does."""
    from lintou_report.pipeline import prepare, rendered, write, write_files

    overrides, previous, settings = _inputs(workspace, period_id, template)
    with _LOCK:
        prepared = prepare(data_path(workspace, period_id), template, (), overrides, previous, settings=settings)
        if not is_document(period_id):
            return write(prepared, template, formats, workspace.output)
        # a document is named by its folder, not its date (two 通知 of one day): out/notice-2024-03-05-防汛通知.pdf;
        # every format rendered before any is written, as write does
        paths = {fmt: output_path(workspace, period_id, template, fmt) for fmt in formats}
        files = rendered(prepared, formats)
        write_files({paths[fmt]: done.data for fmt, done in files.items()}, prepared.inputs)
        return list(paths.values())


def pdfa(workspace: Workspace, period_id: str, template: str) -> bytes:
    """The period's PDF as PDF/A-1b (for archives), in memory."""
    from lintou_report.pipeline import prepare, rendered
    from lintou_report.writers.options import WriterOptions

    overrides, previous, settings = _inputs(workspace, period_id, template)
    with _LOCK:
        prepared = prepare(data_path(workspace, period_id), template, (), overrides, previous, settings=settings)
        return rendered(prepared, ("pdf",), WriterOptions(pdfa=True))["pdf"].data


def built_at(workspace: Workspace, period_id: str, template: str) -> dt.datetime | None:
    """When the period's PDF was last built, if it was built after its data last changed."""
    pdf = output_path(workspace, period_id, template, "pdf")
    data = data_path(workspace, period_id)
    if pdf.is_file() and pdf.stat().st_mtime >= data.stat().st_mtime:
        return dt.datetime.fromtimestamp(pdf.stat().st_mtime)
    return None


def check_file(path: Path):
    """The ``check`` report of a built PDF or DOCX (lintou_report.check.CheckReport)."""
    from lintou_report.check import check

    with _LOCK:
        return check(path)


def check_profiles() -> dict[str, str]:
    """The kinds of document ``check`` measures against, by name: briefing → 工作简报."""
    from lintou_report.check import PROFILES

    return PROFILES


def extract_article(text: str, name: str):
    """A draft period from an article (lintou_report.extract.Extraction)."""
    from lintou_report.extract import extract

    with _LOCK:
        return extract(text, name)


def extract_upload(raw: bytes, name: str):
    """A draft period from an uploaded article (.txt in any common encoding, a saved .html page, a .docx)."""
    from lintou_report.extract import extract_bytes

    with _LOCK:
        return extract_bytes(raw, name)


def metric_clauses(text: str) -> list[str]:
    """The clauses of an item's text a metric's source sentence can be picked from."""
    from lintou_report.extract.metrics import clauses

    return [text[a:b] for a, b in clauses(text)]


def load_report_text(text: str, period_id: str):
    """The Report that ``text`` holds (raises UserError with the CLI's messages)."""
    from lintou_report.source.model import load_report

    with _LOCK, _scratch(text, period_id) as folder:
        return load_report(Path(folder) / PERIODS / period_id / DATA_FILE)


def previous_report(workspace: Workspace, period_id: str):
    """The previous period's report, or None when there is none or it does not load."""
    from lintou_report.source.model import load_report

    previous = workspace.previous(period_id)
    if previous is None:
        return None
    try:
        with _LOCK:
            return load_report(previous.data)
    except UserError:
        return None


def fields_of(template: str) -> tuple[str, ...] | None:
    """The data a bundled template prints (its ``fields:`` with what it requires and recommends); None: the
    template declares nothing, and the form shows every field."""
    from lintou_report.source.templating import template_set

    try:
        fields, required = kind_fields(template)
        recommended = tuple(path for key in template_set(template).recommends for path in key.split("|"))
    except UserError:
        return None
    return (*fields, *required, *recommended) if fields else None


def required_of(template: str) -> tuple[str, ...]:
    """The data a bundled template requires (``requires:``); nothing for a template folder it cannot read."""
    try:
        return kind_fields(template)[1]
    except UserError:
        return ()


def metric_id(theme: str, label: str, taken: set[str]) -> str:
    """A new metric's id from its theme and label, as extract makes them (pinyin initials)."""
    from lintou_report.extract.metrics import metric_id as made

    return made(theme, label, taken)


def previous_text(workspace: Workspace, period_id: str) -> tuple[str, str] | None:
    """The id and the data file's text of the period before ``period_id``, if there is one."""
    previous = workspace.previous(period_id)
    if previous is None:
        return None
    try:
        return previous.id, previous.data.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
