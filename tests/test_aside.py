"""The program run for one report renders its second format in a copy of itself (aside.py): the same bytes
as rendering each format alone, the program's own rendering when the copy fails, and no copy left running."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lintou_report.cli import main

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=SRC)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def _program(extra: str = "") -> str:
    """The program as its console script runs it (so it is the program run for one report), after ``extra``."""
    return f"import sys\n{extra}\nsys.argv = ['lintou-report', '--format', 'pdf,docx,ofd', '-o', 'out']\n" + (
        "from lintou_report.cli import main\nsys.exit(main())\n"
    )


def test_formats_rendered_aside_are_those_rendered_alone(tmp_path: Path) -> None:
    forks = "import os\nreal = os.fork\nos.fork = lambda: print('forked', file=sys.stderr) or real()\n"
    ran = _run(_program(forks), tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr.count("forked") == 1  # one copy, for docx and ofd
    for fmt in ("pdf", "docx", "ofd"):  # in-process (not the program run for one report): one format at a time
        assert main(["--format", fmt, "-o", str(tmp_path / f"alone.{fmt}")]) == 0
        aside = (tmp_path / "out" / f"briefing-2023-11.{fmt}").read_bytes()
        assert aside == (tmp_path / f"alone.{fmt}").read_bytes(), fmt


def test_a_failing_copy_leaves_the_formats_to_the_program(tmp_path: Path) -> None:
    broken = (
        "import os\nfrom lintou_report import aside\nparent = os.getpid()\nreal = aside.render\n"
        "def render(*args, **kwargs):\n"
        "    if os.getpid() != parent:\n"
        "        raise RuntimeError('the copy fails')\n"
        "    return real(*args, **kwargs)\n"
        "aside.render = render\n"
    )
    ran = _run(_program(broken), tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "Traceback" not in ran.stderr and "the copy fails" not in ran.stderr
    assert main(["--format", "docx", "-o", str(tmp_path / "alone.docx")]) == 0
    assert (tmp_path / "out/briefing-2023-11.docx").read_bytes() == (tmp_path / "alone.docx").read_bytes()


def test_a_stopped_program_leaves_no_copy_running(tmp_path: Path) -> None:
    """The program is stopped (Ctrl+C) while the copy still renders: the copy is ended with it."""
    code = (
        "import os, sys, time\n"
        "from lintou_report import aside, pipeline\n"
        "real = aside.render\n"
        "def slow(*args, **kwargs):\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(60)\n"
        "aside.render = slow\n"
        "def fail(*args, **kwargs):\n"
        "    time.sleep(0.5)\n"
        "    raise KeyboardInterrupt\n"
        "pipeline.render_format = fail\n" + _program().split("import sys\n", 1)[1]
    )
    start = time.monotonic()
    ran = _run(code, tmp_path)
    assert time.monotonic() - start < 30  # the copy was ended, not waited for (it sleeps for 60 s)
    assert ran.returncode == 130, ran.stderr
    copy = int(ran.stdout.split()[0])
    with pytest.raises(ProcessLookupError):
        os.kill(copy, 0)
    assert not (tmp_path / "out").exists()
