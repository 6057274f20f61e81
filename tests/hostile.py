"""The harness for hostile-input tests: a command run in a process of its own under hard resource limits.

The limits are the operating system's (RLIMIT_AS for memory, RLIMIT_CPU for processor time, plus a wall-clock
timeout), so a test fails when the tool runs away, without any timing assertion. Every refusal must end with
exit status 2, a Chinese message, no Python traceback, and the files given as ``kept`` unchanged.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# Generous for one report (a normal run peaks near 100 MB and takes about a second of CPU time).
MEMORY_MB = 1024
CPU_SECONDS = 60
WALL_SECONDS = 120


@dataclass(frozen=True)
class Ran:
    status: int
    out: str
    err: str

    @property
    def message(self) -> str:
        return self.err + self.out


def _limits(memory_mb: int, cpu_seconds: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))

    return apply


def run_cli(
    args: Iterable[str | os.PathLike],
    cwd: Path | None = None,
    *,
    memory_mb: int = MEMORY_MB,
    cpu_seconds: int = CPU_SECONDS,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
) -> Ran:
    """``python -m lintou_report ARGS`` under the limits; a breach ends the process (and so fails the test)."""
    environment = dict(os.environ if env is None else env)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), environment.get("PYTHONPATH")]))
    environment.setdefault("PYTHONIOENCODING", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "lintou_report", *map(str, args)],
        cwd=cwd,
        env=environment,
        input=stdin,
        capture_output=True,
        timeout=WALL_SECONDS,
        preexec_fn=_limits(memory_mb, cpu_seconds),
    )
    return Ran(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (relative name → sha256), to show that a refusal changed nothing."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def assert_refused(
    ran: Ran, *, mentions: Iterable[str] = (), before: dict[str, str] | None = None, folder: Path | None = None
) -> None:
    """Exit status 2, a Chinese message naming each of ``mentions``, no traceback, nothing changed."""
    assert ran.status == 2, f"status {ran.status}:\n{ran.message}"
    assert "Traceback" not in ran.message, ran.message
    assert CHINESE.search(ran.err), ran.message
    for fragment in mentions:
        assert fragment in ran.message, f"{fragment!r} not in:\n{ran.message}"
    if before is not None:
        assert folder is not None and snapshot(folder) == before, "a refused command changed files"
