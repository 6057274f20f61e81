"""Build many periods at once: worker processes across the cores, a progress bar, a summary.

A failing period does not stop the others; its message is kept for the summary.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.context
import os
import re
import signal
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from lintou_report.errors import UserError


@dataclass(frozen=True)
class Task:
    """One period to build: where its data, overrides and previous period are, and what to write."""

    period: str
    data: Path
    template: str
    formats: tuple[str, ...]
    output: Path
    overrides: Path | None = None
    previous: Path | None = None
    font_dirs: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Outcome:
    period: str
    seconds: float
    paths: list[Path] = field(default_factory=list)
    pages: int | None = None
    notes: int = 0  # reminders (metrics still marked for review, fields the template advises)
    error: str | None = None  # the message, in Chinese, when the period failed


_PAGES_TYPE = re.compile(rb"/Type\s*/Pages\b")
_COUNT = re.compile(rb"/Count\s+(\d+)")


def pdf_pages(data: bytes) -> int:
    """The page count of a PDF with a plain page tree (ours: ReportLab writes no object streams): the largest
    /Count of a dictionary of /Type /Pages (found by its type, then its bounds: no scan of the whole file
    for dictionaries)."""
    counts = []
    for match in _PAGES_TYPE.finditer(data):
        start, end = data.rfind(b"<<", 0, match.start()), data.find(b">>", match.end())
        if start < 0 or end < 0 or b">>" in data[start + 2 : match.start()] or b"<<" in data[match.end() : end]:
            continue  # not the innermost dictionary around it
        if count := _COUNT.search(data, start, end):
            counts.append(int(count[1]))
    return max(counts, default=0)


def run(task: Task) -> Outcome:
    """Build one period (in a worker process); every user mistake becomes the outcome's message."""
    from lintou_report.pipeline import prepare, write

    start = time.perf_counter()
    try:
        prepared = prepare(task.data, task.template, task.font_dirs, task.overrides, task.previous)
        paths = write(prepared, task.template, task.formats, task.output)
    except UserError as exc:
        return Outcome(task.period, time.perf_counter() - start, error=str(exc))
    except Exception as exc:  # a bug, not a user mistake: report it and go on with the other periods
        return Outcome(task.period, time.perf_counter() - start, error=f"内部错误（请报告此问题）：{exc!r}")
    pdf = next((p for p in paths if p.suffix == ".pdf"), None)
    pages = pdf_pages(pdf.read_bytes()) if pdf else None
    return Outcome(task.period, time.perf_counter() - start, paths, pages, len(prepared.notes))


class Progress:
    """A progress bar on a terminal; one line per finished period otherwise (logs, CI)."""

    WIDTH = 24

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total, self.done, self.stream = total, 0, stream or sys.stderr
        self.live = self.stream.isatty()
        self.show("")

    def show(self, last: str) -> None:
        if self.live:
            filled = self.WIDTH * self.done // max(self.total, 1)
            bar = "█" * filled + "░" * (self.WIDTH - filled)
            self.stream.write(f"\r生成中 [{bar}] {self.done}/{self.total} {last}".ljust(60))
            self.stream.flush()

    def advance(self, outcome: Outcome) -> None:
        self.done += 1
        status = "失败" if outcome.error else "完成"
        if self.live:
            self.show(f"{outcome.period} {status}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"[{self.done}/{self.total}] {outcome.period} {status}\n")
        self.stream.flush()


def _fork_context() -> multiprocessing.context.BaseContext | None:
    """Fork where it is safe (Linux): workers then start with the parent's loaded fonts and modules."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _ignore_interrupt() -> None:
    """Workers leave Ctrl+C to the parent, which stops handing out periods; the runs of periods (_chunks) under
    way finish whole."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


CHUNK = 4  # consecutive periods a worker takes at a time, at most


def run_consecutive(tasks: list[Task]) -> list[Outcome]:
    """Build periods one after the other in one worker: each period's data, read and checked as its own,
    is then at hand (model.py keeps it) as the next one's previous period."""
    return [run(task) for task in tasks]


def _chunks(tasks: list[Task], workers: int) -> list[list[Task]]:
    """Runs of consecutive periods, a few each (CHUNK at most): enough for the previous period to be at hand,
    few enough that the workers finish together and the progress moves steadily."""
    size = max(1, min(CHUNK, len(tasks) // (4 * workers)))
    return [tasks[i : i + size] for i in range(0, len(tasks), size)]


def build(
    tasks: list[Task], jobs: int | None = None, on_done: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    """Build every task, ``jobs`` at a time (default: one per core); outcomes in the order of ``tasks``.

    With forked workers the first task is built here first: loading the fonts and the writers costs
    more than a whole period, and every worker forked afterwards starts with them loaded (and kept out of
    its garbage collections: gc.freeze). Workers take a few consecutive periods at a time (_chunks).
    """
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    context = _fork_context() if jobs > 1 else None
    inline = tasks if jobs == 1 else tasks[:1] if context else []
    outcomes: dict[str, Outcome] = {}

    def done(outcome: Outcome) -> None:
        outcomes[outcome.period] = outcome
        if on_done:
            on_done(outcome)

    for task in inline:
        done(run(task))
    rest = tasks[len(inline) :]
    if rest:
        workers = min(jobs, len(rest))
        # Forked workers share the parent's objects untouched by their collections; what was frozen before
        # (a resident process's warm state) stays frozen afterwards.
        thaw = context is not None and not gc.get_freeze_count()
        if context is not None:
            gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_interrupt) as pool:
                futures = [pool.submit(run_consecutive, chunk) for chunk in _chunks(rest, workers)]
                try:
                    for future in as_completed(futures):
                        for outcome in future.result():
                            done(outcome)
                except KeyboardInterrupt:  # stop now: periods not started are not built
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
        finally:
            if thaw:
                gc.unfreeze()
    return [outcomes[t.period] for t in tasks]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space


def summary(outcomes: Iterable[Outcome], seconds: float) -> str:
    """A table (报告期, 页数, 文件, 用时, 结果), then the messages of the failed periods."""
    outcomes = list(outcomes)
    header = ("报告期", "页数", "文件", "用时（秒）", "结果")
    rows = [
        (
            o.period,
            "—" if o.pages is None else str(o.pages),
            "、".join(p.name for p in o.paths) or "—",
            f"{o.seconds:.1f}",
            "失败" if o.error else (f"成功（{o.notes} 项提醒）" if o.notes else "成功"),
        )
        for o in outcomes
    ]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    numeric = (False, True, False, True, False)
    lines = [
        "  ".join(_pad(cell, w, right) for cell, w, right in zip(r, widths, numeric, strict=True)).rstrip()
        for r in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    failed = [o for o in outcomes if o.error]
    lines.append(
        f"共 {len(outcomes)} 期：成功 {len(outcomes) - len(failed)}，失败 {len(failed)}；总用时 {seconds:.1f} 秒"
    )
    for o in failed:
        lines.append(f"\n报告期 {o.period} 失败：\n{o.error}")
    return "\n".join(lines)


def build_periods(
    periods: list[str],
    everything: bool,
    workspace: Path | None,
    template: str | None,
    formats: tuple[str, ...],
    output: Path | None,
    jobs: int | None,
    font_dirs: tuple[Path, ...] = (),
) -> int:
    """The build command: resolve the periods, build them with a progress bar, print the summary.

    Exit status 2 when any period failed, else 0.
    """
    from lintou_report.workspace.periods import Workspace

    found = Workspace.find(workspace)
    ids = found.ids() if everything else list(dict.fromkeys(periods))
    if not ids:
        raise UserError.simple(
            "没有要生成的报告期" if everything else "请给出报告期，或用 --all 生成全部",
            file=str(found.root),
            fix="如 lintou-report build 2023-11 2023-12，或 lintou-report build --all",
        )
    listed = ids if everything else found.ids()  # listed once, not once per period (its previous period)
    tasks, missing = [], {}
    for period in ids:
        try:
            src = found.sources(period, template, listed)
        except UserError as exc:  # a period that does not exist fails alone; the others are built
            missing[period] = Outcome(period, 0.0, error=str(exc))
            continue
        target = output or found.output
        tasks.append(Task(period, src.data, src.template, formats, target, src.overrides, src.previous, font_dirs))
    start = time.perf_counter()
    progress = Progress(len(ids))
    for outcome in missing.values():
        progress.advance(outcome)
    try:
        built = {o.period: o for o in build(tasks, jobs, progress.advance)} if tasks else {}
    except KeyboardInterrupt:
        print("\n已中断：已写出的文件都是完整的；未完成的报告期没有写入任何文件。", file=sys.stderr)
        return 130
    outcomes = [missing.get(period) or built[period] for period in ids]
    print(summary(outcomes, time.perf_counter() - start))
    return 2 if any(o.error for o in outcomes) else 0
