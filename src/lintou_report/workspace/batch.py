"""Build many periods at once: worker processes across the cores, a progress bar, a summary.

A failing period does not stop the others; its message is kept for the summary.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from lintou_report import signals
from lintou_report.errors import UserError
from lintou_report.output import write_files


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
    draft: bool = False
    settings: Path | None = None


@dataclass(frozen=True)
class Outcome:
    period: str
    seconds: float
    paths: list[Path] = field(default_factory=list)
    pages: int | None = None
    notes: int = 0  # reminders (metrics still marked for review, fields the template advises)
    error: str | None = None  # the message, in Chinese, when the period failed
    unreadable_previous: list[str] = field(default_factory=list)  # why it was not compared with its previous


def run(task: Task, record: Callable[[Outcome], None]) -> None:
    """Build one period and record its outcome; every user mistake becomes the outcome's message.

    Writing the files and recording the outcome happen together (a stop signal waits for both), so what is
    recorded as written is exactly what was written."""
    from lintou_report.pipeline import prepare, rendered, targets

    start = time.perf_counter()
    try:
        signals.stop_if_asked()
        prepared = prepare(
            task.data, task.template, task.font_dirs, task.overrides, task.previous, task.draft, task.settings
        )
        paths = targets(prepared.report, task.template, task.formats, task.output)
        files = rendered(prepared, task.formats)
        with signals.deferred():
            write_files({paths[fmt]: done.data for fmt, done in files.items()}, prepared.inputs)
            pages = files["pdf"].pages if "pdf" in files else None
            unreadable = [str(n) for n in prepared.notes if task.previous and n.file == str(task.previous)]
            seconds, written, notes = time.perf_counter() - start, list(paths.values()), len(prepared.notes)
            record(Outcome(task.period, seconds, written, pages, notes, unreadable_previous=unreadable))
    except Exception as exc:
        signals.stop_if_asked()  # stopped: a failure on the way out is not the period's
        if isinstance(exc, UserError):
            error = str(exc)
        else:  # a bug, not a user mistake: report it and go on with the other periods
            error = f"内部错误（请把此信息报告给维护者）：{type(exc).__name__}: {exc}"
        record(Outcome(task.period, time.perf_counter() - start, error=error))


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


def _worker_signals() -> None:
    """Ctrl+C and a closed terminal reach the workers too; the parent decides: it stops them with SIGTERM,
    which ends the period under way (its temporary files removed) and lets the worker take no more."""
    signals.install(anywhere=False, ignore=tuple(s for s in signals.SIGNALS if s != signal.SIGTERM))


CHUNK = 4  # consecutive periods a worker takes at a time, at most
STOP_GRACE = 20  # seconds the workers have to end their periods once stopped, before they are killed


def run_consecutive(tasks: list[Task]) -> list[Outcome]:
    """Build periods one after the other in one worker: each period's data, read and checked as its own,
    is then at hand (model.py keeps it) as the next one's previous period. Stopped by SIGTERM, it returns
    the outcomes of the periods finished so far."""
    outcomes: list[Outcome] = []
    try:
        with signals.interruptible():
            for task in tasks:
                signals.stop_if_asked()
                run(task, outcomes.append)
    except KeyboardInterrupt:
        pass
    return outcomes


def _chunks(tasks: list[Task], workers: int) -> list[list[Task]]:
    """Runs of consecutive periods, a few each (CHUNK at most): enough for the previous period to be at hand,
    few enough that the workers finish together and the progress moves steadily."""
    size = max(1, min(CHUNK, len(tasks) // (4 * workers)))
    return [tasks[i : i + size] for i in range(0, len(tasks), size)]


class Interrupted(KeyboardInterrupt):
    """A batch stopped by a signal: the outcomes of the periods that finished (the rest were not written)."""

    def __init__(self, stop: signals.Stopped, outcomes: dict[str, Outcome], unknown: list[str]) -> None:
        super().__init__(stop.signum)
        self.stop, self.outcomes, self.unknown = stop, outcomes, unknown


def _stop_workers(futures: list[Future], done: Callable[[Outcome], None]) -> list[Future]:
    """Stop every worker: SIGTERM ends its period under way; a worker that does not end within STOP_GRACE is
    killed. Records the outcomes the workers return for ``futures`` (those not yet recorded); returns the
    futures whose outcome is unknown."""
    for future in futures:
        future.cancel()  # not started: nothing of them is written
    for child in multiprocessing.active_children():
        child.terminate()
    try:
        finished, unfinished = wait(futures, timeout=STOP_GRACE)
    except KeyboardInterrupt:  # asked again: no more waiting
        finished, unfinished = {f for f in futures if f.done()}, {f for f in futures if not f.done()}
    if unfinished:
        for child in multiprocessing.active_children():
            child.kill()
    for future in futures:
        if future in finished and not future.cancelled() and future.exception() is None:
            for outcome in future.result():
                done(outcome)
    return [f for f in futures if f in unfinished or (not f.cancelled() and f.exception() is not None)]


def build(
    tasks: list[Task], jobs: int | None = None, on_done: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    """Build every task, ``jobs`` at a time (default: one per core); outcomes in the order of ``tasks``.

    With forked workers the first task is built here first: loading the fonts and the writers costs
    more than a whole period, and every worker forked afterwards starts with them loaded. Workers take a
    few consecutive periods at a time (_chunks). A stop signal (Ctrl+C) stops the workers and raises
    Interrupted with the periods that were built.
    """
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    context = _fork_context() if jobs > 1 else None
    inline = tasks if jobs == 1 else tasks[:1] if context else []
    outcomes: dict[str, Outcome] = {}

    def done(outcome: Outcome) -> None:
        outcomes[outcome.period] = outcome
        if on_done:
            on_done(outcome)

    try:
        for task in inline:
            run(task, done)
    except KeyboardInterrupt as exc:
        raise Interrupted(signals.stopped(exc), outcomes, []) from None
    rest = tasks[len(inline) :]
    if rest:
        chunks = _chunks(rest, min(jobs, len(rest)))
        with ProcessPoolExecutor(min(jobs, len(rest)), mp_context=context, initializer=_worker_signals) as pool:
            with signals.held():  # until the workers (started here) have their own handlers
                futures = [pool.submit(run_consecutive, chunk) for chunk in chunks]
            recorded: set[Future] = set()
            try:
                for future in as_completed(futures):
                    with signals.deferred():  # a future's outcomes recorded all at once
                        for outcome in future.result():
                            done(outcome)
                        recorded.add(future)
            except KeyboardInterrupt as exc:
                stop = signals.stopped(exc)
                unknown = _stop_workers([f for f in futures if f not in recorded], done)
                lost = [t.period for f in unknown for t in chunks[futures.index(f)] if t.period not in outcomes]
                raise Interrupted(stop, outcomes, lost) from None
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
    for o in outcomes:
        for note in o.unreadable_previous:
            lines.append(f"\n报告期 {o.period} 提醒：{note}")
    return "\n".join(lines)


def _listed(periods: list[str]) -> str:
    return "、".join(periods) if periods else "（无）"


def interruption(stop: Interrupted, periods: list[str]) -> str:
    """What a stopped batch says: the periods written, those that failed, and those not written."""
    written = [p for p in periods if p in stop.outcomes and not stop.outcomes[p].error]
    failed = [p for p in periods if p in stop.outcomes and stop.outcomes[p].error]
    unknown = [p for p in periods if p in stop.unknown]
    rest = [p for p in periods if p not in stop.outcomes and p not in stop.unknown]
    lines = [
        f"已中断（{stop.stop.cause}），其余报告期不再生成。",
        f"已写出（文件完整）：{_listed(written)}",
        f"未写出（原有文件保持原样）：{_listed(rest)}",
    ]
    if failed:
        lines.insert(2, f"出错未写出：{_listed(failed)}")
    if unknown:
        lines.append(f"生成进程被强制结束，不确定是否已写出：{_listed(unknown)}（每个文件要么完整，要么保持原样）")
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
    draft: bool = False,
) -> int:
    """The build command: resolve the periods, build them with a progress bar, print the summary.

    Exit status 2 when any period failed, 128 + the signal's number when stopped, else 0.
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
        folder = output or found.output
        tasks.append(
            Task(
                period,
                src.data,
                src.template,
                formats,
                folder,
                src.overrides,
                src.previous,
                font_dirs,
                draft,
                src.settings,
            )
        )
    start = time.perf_counter()
    progress = Progress(len(ids))
    for outcome in missing.values():
        progress.advance(outcome)
    try:
        built = {o.period: o for o in build(tasks, jobs, progress.advance)} if tasks else {}
    except Interrupted as stop:
        stop.outcomes.update(missing)
        print("\n" + interruption(stop, ids), file=sys.stderr)
        return stop.stop.status
    outcomes = [missing.get(period) or built[period] for period in ids]
    print(summary(outcomes, time.perf_counter() - start))
    return 2 if any(o.error for o in outcomes) else 0
