"""A workspace of reporting periods, and scaffolding the next period from the last.

    <workspace>/
      periods/
        2023-11/report.yaml
        2023-12/report.yaml
        2023-12/templates/briefing/document.xml.j2   optional: overrides blocks of the briefing set
        2023-12/settings.yaml                        optional: template, metric_tables, duplex (the workbench
                                                     writes it; source/settings.py reads the last two)
      out/                                          what build and --period write

The workspace is the nearest folder, from the current one upwards, that holds ``periods/``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from lintou_report.errors import UserError, quoted
from lintou_report.output import write_atomic
from lintou_report.resources import data_dir
from lintou_report.source.model import PERIOD_ID, Report, load_report
from lintou_report.source.periods import is_document, period_label
from lintou_report.source.templating import ENTRY, template_set

PERIODS = "periods"
DATA_FILE = "report.yaml"
TEMPLATES = "templates"
SETTINGS = "settings.yaml"
DEFAULT_TEMPLATE = "briefing"
OUTPUT = "out"
_ID = re.compile(PERIOD_ID)


@dataclass(frozen=True)
class PeriodFolder:
    """One period's folder: its data file and its optional template overrides."""

    id: str
    folder: Path

    @property
    def data(self) -> Path:
        return self.folder / DATA_FILE

    def overrides(self, template: str) -> Path:
        """The folder whose templates override the set ``template`` for this period (may not exist)."""
        return self.folder / TEMPLATES / Path(template).name

    @property
    def settings(self) -> Path:
        return self.folder / SETTINGS

    def template(self) -> str:
        """The template chosen in the period's settings.yaml (a bundled set's name), else the default."""
        if not self.settings.is_file():
            return DEFAULT_TEMPLATE
        try:
            settings = yaml.safe_load(self.settings.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise UserError.simple(
                f"本期的设置文件读不出来：{exc}", file=str(self.settings), fix="改正或删除这个文件（删除后用默认模板）"
            ) from None
        chosen = settings.get("template", DEFAULT_TEMPLATE) if isinstance(settings, dict) else None
        bundled = data_dir("templates")
        if not isinstance(chosen, str) or chosen.startswith(("_", ".")) or not (bundled / chosen).is_dir():
            names = "、".join(sorted(p.name for p in bundled.iterdir() if p.is_dir() and not p.name.startswith("_")))
            raise UserError.simple(
                f"本期的设置文件中 template 的值不是内置模板：{quoted(chosen)}",
                file=str(self.settings),
                fix=f"写 template: 加内置模板名称（{names}），或删除这个文件；其他模板文件夹请用 --template 给出",
            )
        return chosen


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def output(self) -> Path:
        return self.root / OUTPUT

    @classmethod
    def find(cls, explicit: Path | None = None, start: Path | None = None) -> Workspace:
        """The workspace given with --workspace, else the nearest folder upwards that holds periods/."""
        if explicit is not None:
            if not (explicit / PERIODS).is_dir():
                raise UserError.simple(
                    f"不是工作区：其中没有 {PERIODS} 文件夹",
                    file=str(explicit),
                    fix=f"工作区的结构是 {PERIODS}/<报告期>/{DATA_FILE}；检查 --workspace 的路径",
                )
            return cls(explicit)
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / PERIODS).is_dir():
                return cls(folder)
        raise UserError.simple(
            f"当前文件夹及其上级都不是工作区（没有 {PERIODS} 文件夹）：{here}",
            fix=f"进入工作区再运行，或用 --workspace 指定；工作区的结构是 {PERIODS}/<报告期>/{DATA_FILE}",
        )

    def ids(self) -> list[str]:
        """The periods and documents that have a data file, in order (folders named like neither are left
        alone)."""
        folders = (self.root / PERIODS).iterdir()
        named = [p for p in folders if _ID.fullmatch(p.name) or is_document(p.name)]
        return sorted(p.name for p in named if (p / DATA_FILE).is_file())

    def period(self, period_id: str) -> PeriodFolder:
        found = PeriodFolder(period_id, self.root / PERIODS / period_id)
        if not found.data.is_file():
            have = "、".join(self.ids()) or "（还没有）"
            raise UserError.simple(
                f"报告期 {period_id} 不存在：没有 {PERIODS}/{period_id}/{DATA_FILE}",
                file=str(self.root),
                fix=f"已有的报告期：{have}；新建一期用 lintou-report new-period {period_id} --from <上一期>",
            )
        return found

    def previous(self, period_id: str, ids: list[str] | None = None) -> PeriodFolder | None:
        """The latest period of the same kind (month, quarter, year) before ``period_id``, if any; a document
        (a 通知 …) has none.

        ``ids`` is ``self.ids()`` when the caller has it already (a batch: not a listing per period)."""
        if is_document(period_id):
            return None
        earlier = [
            i
            for i in (self.ids() if ids is None else ids)
            if period_kind(i) == period_kind(period_id) and i < period_id
        ]
        return self.period(earlier[-1]) if earlier else None

    def sources(self, period_id: str, template: str | None, ids: list[str] | None = None) -> Sources:
        """What rendering ``period_id`` reads: its data, the template (``template``, else the one its
        settings.yaml chose), its overrides and the previous data (``ids`` as for ``previous``)."""
        period = self.period(period_id)
        template = template or period.template()
        overrides = period.overrides(template)
        previous = self.previous(period_id, ids)
        return Sources(
            period.data,
            overrides if overrides.is_dir() else None,
            previous.data if previous else None,
            template,
            period.settings if period.settings.is_file() else None,
        )


@dataclass(frozen=True)
class Sources:
    """The files rendering one period reads."""

    data: Path
    overrides: Path | None  # the period's templates/<set>/ when it exists
    previous: Path | None  # the previous period's report.yaml, for the 上期 and 增减 columns
    template: str = DEFAULT_TEMPLATE  # the set to render with
    settings: Path | None = None  # the period's settings.yaml when it exists (metric tables, duplex)


def render_sources(
    template: str | None,
    period: str | None = None,
    workspace: Path | None = None,
    data: Path | None = None,
    previous: Path | None = None,
    output: Path | None = None,
) -> tuple[Sources, Path | None]:
    """What one render reads and where it writes: a workspace period's files, or the given (default) data file.

    ``template`` None: a period's own choice (its settings.yaml), else the default."""
    if not (period or workspace):
        from lintou_report.resources import default_data_file

        return Sources(data or default_data_file(), None, previous, template or DEFAULT_TEMPLATE), output
    if not period:
        raise UserError.simple("用 --workspace 时还要用 --period 指定报告期", fix="如 --period 2023-11")
    if data or previous:
        raise UserError.simple(
            "--period 已指定数据文件和上期数据，不能再用 --data 或 --previous", fix="去掉 --data、--previous"
        )
    found = Workspace.find(workspace)
    return found.sources(period, template), output or found.output


def period_kind(period_id: str) -> str:
    """month, quarter or year: which periods follow which (2023-12 → 2024-01, never → 2024-Q1); a document's
    id (2024-03-05-防汛通知), "document": none follows it."""
    if is_document(period_id):
        return "document"
    return "quarter" if "Q" in period_id else ("month" if "-" in period_id else "year")


def next_period_id(period_id: str) -> str:
    """The period after ``period_id`` of the same kind: 2023-12 → 2024-01, 2023-Q4 → 2024-Q1, 2023 → 2024."""
    year, _, rest = period_id.partition("-")
    if not rest:
        return str(int(year) + 1)
    if rest.startswith("Q"):
        quarter = int(rest[1])
        return f"{int(year) + 1}-Q1" if quarter == 4 else f"{year}-Q{quarter + 1}"
    month = int(rest)
    return f"{int(year) + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"


def _months(period_id: str) -> int:
    """Months since year 0 at the start of the period: the arithmetic behind advancing dates."""
    year, _, rest = period_id.partition("-")
    month = (int(rest[1]) - 1) * 3 + 1 if rest.startswith("Q") else int(rest or 1)
    return int(year) * 12 + month - 1


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, kept inside the month (Jan 31 + 1 month → Feb 29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


# --- scaffolding ------------------------------------------------------------------------------------


def _nodes(node: yaml.Node, path: tuple = ()) -> dict[tuple, yaml.Node]:
    """Each node of a composed YAML document under its path (keys and list indices)."""
    out = {path: node}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out.update(_nodes(value, (*path, key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out.update(_nodes(item, (*path, i)))
    return out


class _Edits:
    """Text edits at YAML node positions, applied back to front so that comments and layout stay."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.nodes = _nodes(yaml.compose(text, Loader=yaml.SafeLoader))
        self.edits: list[tuple[int, int, str]] = []

    def replace(self, path: tuple, new: str) -> None:
        node = self.nodes[path]
        self.edits.append((node.start_mark.index, node.end_mark.index, new))

    def add_key(self, path: tuple, key: str, value: str) -> None:
        """Add ``key: value`` to the mapping at ``path`` (flow ``{…}`` or block style)."""
        node = self.nodes[path]
        if (*path, key) in self.nodes:
            self.replace((*path, key), value)
        elif node.flow_style:
            end = node.end_mark.index - 1  # before the closing brace
            self.edits.append((end, end, f", {key}: {value}"))
        else:
            first_key, _ = node.value[0]
            end = node.value[-1][1].end_mark.index
            self.edits.append((end, end, f"\n{' ' * first_key.start_mark.column}{key}: {value}"))

    def remove(self, path: tuple) -> None:
        """Remove the ``key: value`` lines at ``path`` of a block mapping (in a flow mapping: the value null)."""
        if self.nodes[path[:-1]].flow_style:
            self.replace(path, "null")
            return
        node = self.nodes[path]
        start = self.text.rfind("\n", 0, node.start_mark.index) + 1
        end = node.end_mark.index
        if not self.text[start:end].endswith("\n") and self.text[end : end + 1] == "\n":
            end += 1
        self.edits.append((start, end, ""))

    def result(self) -> str:
        text = self.text
        for start, end, new in sorted(self.edits, reverse=True):
            text = text[:start] + new + text[end:]
        return text


def _without_leading_comments(text: str) -> str:
    lines = text.splitlines(keepends=True)
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "".join(lines)


def _next_doc_number(number: str, old_year: int, new_year: int) -> str:
    """林党〔2023〕12号 → 林党〔2023〕13号, or 林党〔2024〕1号 in a new year (numbers restart each year)."""
    match = re.fullmatch(r"(.+)〔(\d{4})〕(\d+)号", number)
    if not match:
        return number
    serial = int(match[3]) + 1 if new_year == old_year else 1
    return f"{match[1]}〔{new_year}〕{serial}号"


def scaffold_data(source_text: str, report: Report, new_id: str) -> str:
    """The next period's data file from the last one's text; a header comment says what changed."""
    meta = report.meta
    if meta.period is None:
        raise UserError.simple(
            "上期的数据文件没有报告期 meta.period：new-period 只能接着按期编写的简报或报告往下写",
            fix="在上期数据中填写 meta.period（id 和 label），或直接复制数据文件另写",
        )
    months = _months(new_id) - _months(meta.period.id)
    edits = _Edits(source_text)
    changed = [f"报告期 {meta.period.id} → {new_id}（{period_label(new_id)}）"]
    edits.replace(("meta", "period", "id"), new_id)
    edits.replace(("meta", "period", "label"), period_label(new_id))
    new_date = shift_months(meta.date, months)
    edits.replace(("meta", "date"), new_date.isoformat())
    if meta.printing is not None:
        edits.replace(("meta", "printing", "date"), shift_months(meta.printing.date, months).isoformat())
    if meta.published is not None:
        published = dt.datetime.combine(shift_months(meta.published.date(), months), meta.published.time())
        edits.replace(("meta", "published"), published.strftime("%Y-%m-%d %H:%M"))
    changed.append(f"成文、印发、发布日期顺延 {months} 个月（成文日期 {new_date.isoformat()}）")
    new_year = new_date.year != meta.date.year
    if meta.briefing is not None:
        issue = 1 if new_year else meta.briefing.issue + 1
        edits.replace(("meta", "briefing", "issue"), str(issue))
        changed.append(f"期号 第{meta.briefing.issue}期 → 第{issue}期" + ("（新的一年从第1期起）" if new_year else ""))
    if meta.briefing is not None and meta.briefing.total_issue is not None:
        edits.replace(("meta", "briefing", "total_issue"), str(meta.briefing.total_issue + 1))
    if meta.doc_number:
        number = _next_doc_number(meta.doc_number, meta.date.year, new_date.year)
        edits.replace(("meta", "doc_number"), number)
        changed.append(f"发文字号 {meta.doc_number} → {number}（请按本机关发文登记核对）")
    for i, metric in enumerate(report.metrics):
        edits.add_key(("metrics", i), "review", f"上期（{meta.period.id}）数值{metric.value_text}，待更新")
    if meta.editor_note is not None:  # an 编者按 speaks of its own issue
        edits.remove(("meta", "editor_note"))
        changed.append("去掉上期的编者按 editor_note（本期需要时在工作台或数据中另写）")
    if report.corrections:
        edits.replace(("corrections",), "[]")
        changed.append("清空上期的更正记录 corrections")
    header = (
        f"# {period_label(new_id)}（{new_id}）的数据：由 lintou-report new-period 从 {meta.period.id} 生成。\n"
        + "".join(f"#   已改：{c}\n" for c in changed)
        + "#   待改：标题 title、导语 intro、各主题正文写本期内容；每项指标核对 value 和 source 后删去 review 一项\n"
        + "#   （lintou-report validate 逐项提醒尚未核对的指标）。\n"
    )
    return header + _without_leading_comments(edits.result()).rstrip("\n") + "\n"


def override_skeleton(template: str, period_id: str) -> str:
    """A period's override of a template set's document: every block listed, each inheriting the default."""
    tset = template_set(template)
    lines = [
        f"{{#- {period_id} 期“{tset.label or template}”（{template}）的覆盖模板（override）。",
        "    本文件沿用默认模板，只替换你改写的块（block）。每块中的 {{ super() }} 代表默认内容：",
        "    可在它前后加内容，也可把它换成自己的内容。不需要的块整块删去即可（删去后仍用默认）。",
        "    可用的名字：report（本期数据）、meta（即 report.meta）、previous（上期数据，没有时为空）。",
        "    改完运行 lintou-report validate 检查；模板语言是 Jinja2。",
        "    可覆盖的块：",
        *(f"      {name:<16}{what}" for name, what in tset.blocks.items()),
        "-#}",
        f'{{% extends "{ENTRY}" %}}',
    ]
    for name, what in tset.blocks.items():
        lines += ["", f"{{# {what} #}}", f"{{% block {name} %}}", "{{ super() }}", "{% endblock %}"]
    return "\n".join(lines) + "\n"


def new_period(workspace: Workspace, new_id: str, from_id: str) -> list[Path]:
    """Scaffold ``periods/<new_id>/`` from ``periods/<from_id>/``; returns the files written."""
    if not _ID.fullmatch(new_id):
        raise UserError.simple(f"报告期代号 {new_id} 格式不对", fix="月度写 2024-01，季度写 2024-Q1，年度写 2024")
    target = PeriodFolder(new_id, workspace.root / PERIODS / new_id)
    if target.folder.exists():
        raise UserError.simple(
            f"报告期 {new_id} 已经存在，未做任何改动",
            file=str(target.folder),
            fix="换一个报告期代号，或先删去这个文件夹",
        )
    source = workspace.period(from_id)
    if period_kind(new_id) != period_kind(from_id) or new_id <= from_id:
        raise UserError.simple(
            f"新报告期 {new_id} 应是 {from_id} 之后的同类报告期", fix="如 --from 2023-11 新建 2023-12 或 2024-01"
        )
    report = load_report(source.data)
    text = scaffold_data(source.data.read_text(encoding="utf-8"), report, new_id)
    files = {target.data: text}
    if source.settings.is_file():  # the template and layout chosen for the period hold for the next one
        files[target.settings] = source.settings.read_text(encoding="utf-8")
    for folder in sorted(data_dir(TEMPLATES).iterdir()):
        if (folder / "template.yaml").is_file() and template_set(folder.name).blocks:
            files[target.overrides(folder.name) / ENTRY] = override_skeleton(folder.name, new_id)
    try:
        for path, content in files.items():
            write_atomic(path, content.encode("utf-8"))
    except UserError:
        shutil.rmtree(target.folder, ignore_errors=True)  # no half-made period that blocks the next try
        raise
    return list(files)
