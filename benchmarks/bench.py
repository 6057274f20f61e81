"""Speed benchmark: lintou-report against the tools a clerk would otherwise use, in one run on one machine.

    python benchmarks/bench.py [--runs 7] [--json benchmarks/results.json]

Each case runs as a whole process, in a process of its own (no command leaves one behind): one warm-up,
then ``--runs`` timed runs (fewer for the long cases). The table gives the median, the spread (min–max), the
ratio to the Typst baseline measured in the same run (the one-document run, or Typst's 100-document run
for the batch case) and to LibreOffice, the peak memory (max RSS of the process and the workers it waited
for) and the issue's target. The warm-up fills the user cache (a folder of the run's own); one case runs
with the cache off, as the very first run on a machine. Needs typst==0.15.2 (pip) and LibreOffice
(soffice) on PATH (its row is left out without it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TYPST = ROOT / "benchmarks" / "typst-baseline" / "typst_briefing.py"
SEED = ROOT / "seeds" / "lintou-2023-11.yaml"
PY = sys.executable
BATCH = 100  # periods in the batch case


@dataclass
class Result:
    case: str
    median_s: float
    min_s: float
    max_s: float
    cpu_s: float  # median CPU time (user + system) of the process and its workers: less sensitive to load
    peak_mb: float
    runs: int
    baseline: str = "typst"  # which Typst run the ratio is taken against
    target: str = ""  # the target, in words
    limit: float | None = None  # the target as a number: seconds, or a ratio to Typst (see limit_kind)
    limit_kind: str = ""  # "ratio" or "seconds"


def run_once(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(case: str, cmd: list[str], cwd: Path, runs: int, env: dict[str, str] | None = None, **kw) -> Result:
    run_once(cmd, cwd, env)  # warm-up: file caches, the user cache, LibreOffice's profile, .pyc files
    samples = [run_once(cmd, cwd, env) for _ in range(runs)]
    times = [t for t, _, _ in samples]
    cpu = statistics.median(c for _, c, _ in samples)
    return Result(case, statistics.median(times), min(times), max(times), cpu, max(m for *_, m in samples), runs, **kw)


def compiled(src: Path) -> None:
    """The measured tree's modules compiled, as installing the package compiles them: otherwise a module edited
    since its last run is compiled again on every run where PYTHONDONTWRITEBYTECODE is set."""
    subprocess.run([PY, "-m", "compileall", "-q", str(src)], check=True, stdout=subprocess.DEVNULL)


def make_workspace(folder: Path, count: int) -> list[str]:
    """A workspace of ``count`` monthly periods, each the seed report under its own period id."""
    seed = SEED.read_text(encoding="utf-8")
    ids = []
    for k in range(count):
        year, month = divmod(2023 * 12 + 10 - (count - 1) + k, 12)  # ending with the seed's 2023-11
        period = f"{year}-{month + 1:02d}"
        text = seed.replace("id: 2023-11", f"id: {period}").replace(
            "label: 2023年11月", f"label: {year}年{month + 1}月"
        )
        (folder / "periods" / period).mkdir(parents=True)
        (folder / "periods" / period / "report.yaml").write_text(text, encoding="utf-8")
        ids.append(period)
    return ids


EDIT_CHARACTERS = "春夏秋冬东南西北金木水火土日月星云山川河湖海江松柏竹梅兰菊"


def make_edits(folder: Path, count: int) -> list[Path]:
    """``count`` data files, each the seed with another sentence added to its intro: a clerk's edit, with
    characters the seed does not have, so that nothing laid out or embedded before is the same."""
    seed = SEED.read_text(encoding="utf-8")
    intro = seed.index("\nthemes:")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(count):
        added = f"  - 本月新增{EDIT_CHARACTERS[k % len(EDIT_CHARACTERS)]}字号活动{100 + 7 * k}场次。\n"
        paths.append(folder / f"edit-{k:02d}.yaml")
        paths[-1].write_text(seed[:intro] + "\n" + added + seed[intro:], encoding="utf-8")
    return paths


IN_PROCESS = """
import statistics, sys, time
sys.path.insert(0, {src!r})
from pathlib import Path
from lintou_report.pipeline import prepare, render_bytes
from lintou_report.resources import default_data_file

cases = {{"": [default_data_file()] * {n}, ", another edit each": [Path(p) for p in {edits!r}]}}
for fmt in ("pdf", "docx"):
    prepared = prepare(default_data_file())
    render_bytes(prepared.document, fmt, prepared.fonts)  # the first report: imports, faces
    for case, files in cases.items():
        samples, cpu = [], []
        for data in files:
            start, start_cpu = time.perf_counter(), time.process_time()
            prepared = prepare(data)  # every check, the template, font coverage
            render_bytes(prepared.document, fmt, prepared.fonts)
            samples.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        figures = statistics.median(samples), min(samples), max(samples), statistics.median(cpu)
        print(f"{{fmt}}{{case}}", *figures, sep="|")
"""


def in_process_costs(src: Path, edits: list[Path]) -> list[Result]:
    """One more report (checks + template + layout, one format) once the process is warm: the same report
    again, and each time another edit of it."""
    code = IN_PROCESS.format(src=str(src), n=len(edits), edits=[str(p) for p in edits])
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True)
    results = []
    for line in out.stdout.splitlines():
        fmt, *times = line.split("|")
        median, low, high, cpu = map(float, times)
        case = f"one more report in-process, {fmt}"
        results.append(Result(case, median, low, high, cpu, 0.0, len(edits), "", "≤ 0.03 s", 0.03, "seconds"))
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", type=Path, help="where to write the figures (default: benchmarks/results.json)")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the source folder measured (e.g. an older copy)")
    ap.add_argument("--against", type=Path, help="only compare the three commands with this older source folder")
    args = ap.parse_args()
    if args.against:
        return against(args.src, args.against, args.runs, args.json)
    args.json = args.json or ROOT / "benchmarks" / "results.json"
    work = Path(tempfile.mkdtemp(prefix="lintou-bench-"))
    compiled(args.src)
    os.environ["PYTHONPATH"] = str(args.src) + os.pathsep + os.environ.get("PYTHONPATH", "")
    ours = [PY, "-m", "lintou_report"]
    few = max(3, args.runs // 2)
    typst = [PY, str(TYPST), str(ROOT / "fonts")]
    results = [
        measure("typst (baseline)", [*typst, str(work / "typst.pdf")], work, args.runs),
        measure(
            f"typst, {BATCH} documents (baseline)",
            [*typst, str(work / "t.pdf"), str(BATCH)],
            work,
            few,
            baseline="typst-batch",
        ),
    ]
    soffice = shutil.which("soffice")
    warm = dict(os.environ)  # Python's compiled modules in place, as on every run after the first
    edits = make_edits(work / "edits", 20)
    cases = [
        ("lintou-report --format pdf", ["--format", "pdf", "-o", str(work / "a.pdf")], "≤ 3.0 × Typst", 3.0),
        ("lintou-report --format docx", ["--format", "docx", "-o", str(work / "a.docx")], "", None),
        ("lintou-report --format all", ["--format", "all", "-o", str(work / "all")], "≤ 3.5 × Typst", 3.5),
        ("--format pdf, an edited report", ["--data", str(edits[0]), "-o", str(work / "e.pdf")], "", None),
        ("--format all, an edited report", ["--data", str(edits[0]), "--format", "all", "-o", "e"], "", None),
    ]
    for case, extra, target, limit in cases:
        results.append(
            measure(case, [*ours, *extra], work, args.runs, env=warm, target=target, limit=limit, limit_kind="ratio")
        )
    # A first run after installing: a home folder nothing has touched (pip compiles the modules at install time,
    # and the program keeps no state between runs, so this is what every run costs)
    (work / "home").mkdir()
    first_run = dict(os.environ, HOME=str(work / "home"), XDG_CACHE_HOME=str(work / "home" / ".cache"))
    results.append(
        measure(
            "--format pdf, a first run (fresh home folder)",
            [*ours, "--format", "pdf", "-o", str(work / "c.pdf")],
            work,
            few,
            env=first_run,
            target="≤ 4.5 × Typst",
            limit=4.5,
            limit_kind="ratio",
        )
    )
    make_workspace(work / "ws", BATCH)
    results.append(
        measure(
            f"build, {BATCH} periods, pdf + docx",
            [*ours, "build", "--all", "--workspace", str(work / "ws")],
            work,
            few,
            env=warm,
            baseline="typst-batch",
            target="≤ 5 s",
            limit=5.0,
            limit_kind="seconds",
        )
    )
    if soffice:
        profile = f"-env:UserInstallation=file://{work}/lo-profile"
        cmd = [
            soffice,
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "lo"),
            str(work / "a.docx"),
        ]
        results.insert(2, measure("LibreOffice DOCX → PDF (baseline)", cmd, work, few))
    results += in_process_costs(args.src, edits)
    report(results, args.json)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def against(src: Path, older: Path, runs: int, path: Path | None) -> int:
    """The three commands run by each tree in turn (a run of one, then of the other: the same load for both)."""
    work = Path(tempfile.mkdtemp(prefix="lintou-bench-"))
    trees = {"before": older, "after": src}
    for tree in trees.values():
        compiled(tree)
    cases = {fmt: ["--format", fmt, "-o", "." if fmt == "all" else f"x.{fmt}"] for fmt in ("pdf", "docx", "all")}
    figures: dict[str, dict[str, dict[str, float]]] = {}
    for case, extra in cases.items():
        samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in trees}
        for k in range(runs + 1):  # the first pair warms up
            for name, tree in trees.items():
                env = dict(os.environ, PYTHONPATH=str(tree))
                sample = run_once([PY, "-m", "lintou_report", *extra], work, env)
                if k:
                    samples[name].append(sample)
        figures[case] = {
            name: {
                "median_s": statistics.median(t for t, _, _ in got),
                "cpu_s": statistics.median(c for _, c, _ in got),
            }
            for name, got in samples.items()
        }
        before, after = figures[case]["before"]["median_s"], figures[case]["after"]["median_s"]
        print(f"--format {case:5} before {before:.3f} s  after {after:.3f} s  {100 * (after / before - 1):+.0f} %")
    if path:
        path.write_text(json.dumps({"before": str(older), "after": str(src), "runs": runs, "figures": figures}) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def _met(r: Result, base: float) -> str:
    if r.limit is None:
        return ""
    value = r.median_s / base if r.limit_kind == "ratio" else r.median_s
    return "met" if value <= r.limit else "NOT met"


def report(results: list[Result], path: Path) -> None:
    """Print the table and write the same figures as JSON."""
    base = {"typst": results[0].median_s, "typst-batch": results[1].median_s}
    lo = next((r.median_s for r in results if r.case.startswith("LibreOffice")), None)
    one_report_peak = max(r.peak_mb for r in results if r.case.startswith(("lintou-report", "--format")))
    print(
        f"{'case':40} {'median s':>9} {'min–max s':>13} {'CPU s':>6} {'× Typst':>8} {'× LO':>6} {'peak MB':>8}  target"
    )
    rows = []
    for r in results:
        typst = r.median_s / base[r.baseline] if r.baseline else None
        lo_ratio = r.median_s / lo if lo and r.baseline == "typst" else None
        peak = f"{r.peak_mb:8.1f}" if r.peak_mb else "       —"
        print(
            f"{r.case:40} {r.median_s:9.3f} {r.min_s:6.3f}–{r.max_s:<6.3f} {r.cpu_s:6.2f} "
            f"{'' if typst is None else f'{typst:8.2f}':>8} {'' if lo_ratio is None else f'{lo_ratio:6.2f}':>6} "
            f"{peak}  {r.target} {_met(r, base[r.baseline] if r.baseline else 1)}".rstrip()
        )
        rows.append(
            asdict(r) | {"ratio_typst": typst, "ratio_libreoffice": lo_ratio, "met": _met(r, base.get(r.baseline, 1))}
        )
    memory = "met" if one_report_peak <= 120 else "NOT met"
    print(f"peak memory of one report: {one_report_peak:.1f} MB in a process of its own (target ≤ 120 MB: {memory})")
    data = {
        "python": sys.version.split()[0],
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
        "results": rows,
        "peak_mb_one_report": one_report_peak,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    raise SystemExit(main())
