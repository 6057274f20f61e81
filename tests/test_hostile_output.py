"""Hostile and careless output: inputs never overwritten, permissions as the user's, all files or none,
temporary files gone after a signal or a kill, long names, a batch stopped with Ctrl+C, internal errors.

Every case runs the command line in a process of its own (tests/hostile.py), but the one that records the
system calls of a write, which patches them in this process."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hostile import CHINESE, ROOT, assert_refused, run_cli, snapshot

from lintou_report.output import TEMP_PREFIX, TEMP_SUFFIX
from lintou_report.resources import default_data_file

WALL_SECONDS = 120


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "report.yaml"
    shutil.copy(default_data_file(), path)
    return path


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8", **extra}


def start_python(code: str, cwd: Path) -> subprocess.Popen:
    """``python -c code`` in its own process (its output piped), for the cases a test must interrupt."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


# --- an output never replaces an input -------------------------------------------------------------


def test_output_onto_the_data_file_is_refused(tmp_path: Path, data: Path) -> None:
    before = snapshot(tmp_path)
    ran = run_cli(["--data", data.name, "-o", data.name], cwd=tmp_path)
    assert_refused(ran, mentions=["数据文件", "未写入任何文件"], before=before, folder=tmp_path)


def test_output_onto_a_template_file_is_refused(tmp_path: Path, data: Path) -> None:
    shutil.copytree(ROOT / "templates" / "briefing", tmp_path / "mine")
    entry = tmp_path / "mine" / "document.xml.j2"
    assert entry.is_file()
    before = snapshot(tmp_path)
    ran = run_cli(["--data", data, "--template", "mine", "-o", entry], cwd=tmp_path)
    assert_refused(ran, mentions=["模板文件", str(entry)], before=before, folder=tmp_path)


def test_output_onto_a_font_file_is_refused(tmp_path: Path, data: Path) -> None:
    """The font reached by another name (a link): the same file, so refused; the font itself is untouched."""
    from lintou_report.pipeline import prepare

    font = next(iter(prepare(data).fonts.faces.values())).path
    alias = tmp_path / "alias.pdf"
    alias.symlink_to(font)
    digest = snapshot(font.parent)
    ran = run_cli(["--data", data, "-o", alias], cwd=tmp_path)
    assert_refused(ran, mentions=["字体文件", str(font)])
    assert snapshot(font.parent) == digest and alias.is_symlink()


def test_output_onto_the_previous_period_is_refused(tmp_path: Path, data: Path) -> None:
    """A hard link to the previous period's data, under a .pdf name: the same file by its inode."""
    previous = tmp_path / "previous.yaml"
    shutil.copy(data, previous)
    os.link(previous, tmp_path / "same.pdf")
    before = snapshot(tmp_path)
    ran = run_cli(["--data", data, "--previous", previous, "-o", "same.pdf"], cwd=tmp_path)
    assert_refused(ran, mentions=["上期数据文件", str(previous)], before=before, folder=tmp_path)


# --- permissions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_new_files_follow_the_umask(tmp_path: Path, data: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)  # inherited by the command's process
    try:
        ran = run_cli(["--data", data, "--format", "all", "-o", "out"], cwd=tmp_path)
    finally:
        os.umask(old)
    assert ran.status == 0, ran.message
    for name in ("briefing-2023-11.pdf", "briefing-2023-11.docx"):
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == mode, name


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, data: Path) -> None:
    target = tmp_path / "shared.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    ran = run_cli(["--data", data, "-o", target], cwd=tmp_path)
    assert ran.status == 0, ran.message
    assert target.read_bytes().startswith(b"%PDF") and stat.S_IMODE(target.stat().st_mode) == 0o640


# --- all files or none --------------------------------------------------------------------------------


def test_new_bytes_reach_the_disk_before_the_rename_and_the_folder_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut leaves each output old or new, never empty: the new file is synced before it is renamed onto
    the target, and the target's folder after the rename. The real system calls run; the test records them."""
    import lintou_report.output as output

    events: list[tuple] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        st = os.fstat(fd)
        events.append(("fsync", "folder" if stat.S_ISDIR(st.st_mode) else "file", st.st_ino, st.st_size))
        real_fsync(fd)

    def replace(source: Path, target: Path) -> None:
        events.append(("replace", os.stat(source).st_ino, Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old = tmp_path / "a" / "x.pdf"
    old.write_bytes(b"old")
    targets = {old: b"new pdf", tmp_path / "b" / "x.docx": b"new docx"}
    output.write_files(targets)
    assert {t: t.read_bytes() for t in targets} == targets
    for target, data in targets.items():
        moved = [i for i, e in enumerate(events) if e[0] == "replace" and e[2] == target]
        assert len(moved) == 1, events
        ino = events[moved[0]][1]
        synced = [i for i, e in enumerate(events) if e[:3] == ("fsync", "file", ino) and e[3] == len(data)]
        folder = [i for i, e in enumerate(events) if e[:3] == ("fsync", "folder", target.parent.stat().st_ino)]
        assert synced and synced[0] < moved[0], events  # the bytes before the rename
        assert folder and folder[-1] > moved[0], events  # the folder after it
        assert target.stat().st_ino == ino


def test_format_all_with_the_docx_unwritable_keeps_the_old_pdf(tmp_path: Path, data: Path) -> None:
    """The PDF is moved into place first; the DOCX's target is a folder, so its move fails and the old PDF
    is put back (same bytes, same file)."""
    out = tmp_path / "out"
    out.mkdir()
    pdf = out / "briefing-2023-11.pdf"
    pdf.write_bytes(b"last month's PDF")
    (out / "briefing-2023-11.docx").mkdir()
    (out / "briefing-2023-11.docx" / "keep.txt").write_text("a folder in the way")
    inode = pdf.stat().st_ino
    before = snapshot(tmp_path)
    ran = run_cli(["--data", data, "--format", "all", "-o", out], cwd=tmp_path)
    assert_refused(ran, mentions=["briefing-2023-11.docx", "输出文件都保持原样"], before=before, folder=tmp_path)
    assert pdf.stat().st_ino == inode and temporaries(tmp_path) == []


# --- signals and killed runs ----------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_a_build_leaves_no_temporary_and_the_old_files(tmp_path: Path, data: Path, signum: int) -> None:
    """The command is held inside writing its second temporary file (os.fsync made to wait, in that process
    only); the signal then ends it: exit 128 + signal, both temporaries removed, the old files intact."""
    out = tmp_path / "out"
    out.mkdir()
    for name in ("briefing-2023-11.pdf", "briefing-2023-11.docx"):
        (out / name).write_bytes(b"old " + name.encode())
    before = snapshot(out)
    process = start_python(
        f"""
        import os, sys, time
        calls = []
        def held(fd):
            calls.append(fd)
            if len(calls) == 2:
                print("held", flush=True)
                time.sleep(100)
        os.fsync = held
        from lintou_report.cli import main
        sys.exit(main(["--data", {str(data)!r}, "--format", "all", "-o", {str(out)!r}]))
        """,
        tmp_path,
    )
    assert process.stdout.readline() == b"held\n"
    assert len(temporaries(out)) == 2
    process.send_signal(signum)
    _, err = process.communicate(timeout=WALL_SECONDS)
    message = err.decode()
    assert process.returncode == 128 + signum, message
    assert "已中断" in message and "Traceback" not in message
    assert temporaries(out) == [] and snapshot(out) == before


def test_temporaries_of_a_killed_run_are_removed_by_the_next_run(tmp_path: Path, data: Path) -> None:
    """One process makes a temporary file and is killed (SIGKILL: no clean-up); another holds one alive.
    The next command into the folder removes the dead one only."""
    out = tmp_path / "out"
    out.mkdir()
    killed = start_python(
        f"""
        import os, signal
        from pathlib import Path
        from lintou_report.output import _create
        fd, path = _create(Path({str(out)!r}), [])
        os.write(fd, b"half a PDF")
        os.kill(os.getpid(), signal.SIGKILL)
        """,
        tmp_path,
    )
    killed.communicate(timeout=WALL_SECONDS)
    assert killed.returncode == -signal.SIGKILL
    [dead] = temporaries(out)
    alive = start_python(
        f"""
        import time
        from pathlib import Path
        from lintou_report.output import _create
        fd, path = _create(Path({str(out)!r}), [])
        print(path.name, flush=True)
        time.sleep(100)
        """,
        tmp_path,
    )
    try:
        live = alive.stdout.readline().decode().strip()
        assert sorted([dead, live]) == temporaries(out)
        ran = run_cli(["--data", data, "-o", out], cwd=tmp_path)
        assert ran.status == 0, ran.message
        assert temporaries(out) == [live]
        assert (out / "briefing-2023-11.pdf").read_bytes().startswith(b"%PDF")
    finally:
        alive.kill()
        alive.communicate(timeout=WALL_SECONDS)


def test_a_name_of_250_bytes_works(tmp_path: Path, data: Path) -> None:
    name = "简" * 82 + ".pdf"  # 3 bytes a character
    assert len(name.encode()) == 250
    ran = run_cli(["--data", data, "-o", name], cwd=tmp_path)
    assert ran.status == 0, ran.message
    assert (tmp_path / name).read_bytes().startswith(b"%PDF") and temporaries(tmp_path) == []


def test_a_name_over_the_limit_is_refused_clearly(tmp_path: Path, data: Path) -> None:
    before = snapshot(tmp_path)
    ran = run_cli(["--data", data, "-o", "简" * 85 + ".pdf"], cwd=tmp_path)
    assert_refused(ran, mentions=["文件名太长"], before=before, folder=tmp_path)


# --- batch ------------------------------------------------------------------------------------------


def workspace_of(tmp_path: Path, periods: int) -> Path:
    """The example workspace with ``periods`` more months after 2023-12."""
    root = tmp_path / "ws"
    shutil.copytree(ROOT / "examples" / "workspace", root)
    december = (root / "periods" / "2023-12" / "report.yaml").read_text(encoding="utf-8")
    for k in range(periods):
        year, month = 2024 + k // 12, k % 12 + 1
        text = december.replace("id: 2023-12", f"id: {year}-{month:02d}")
        text = text.replace("label: 2023年12月", f"label: {year}年{month}月")
        (root / "periods" / f"{year}-{month:02d}").mkdir()
        (root / "periods" / f"{year}-{month:02d}" / "report.yaml").write_text(text, encoding="utf-8")
    return root


def children(pid: int) -> set[int]:
    """The processes ``pid`` started (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError):  # a thread that ended meanwhile
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def listed(message: str, heading: str) -> list[str]:
    match = re.search(rf"^{heading}：(.*)$", message, re.MULTILINE)
    assert match, message
    return [] if match[1] == "（无）" else match[1].split("（")[0].split("、")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to see the workers")
@pytest.mark.parametrize(("signum", "cause"), [(signal.SIGINT, "按了 Ctrl+C"), (signal.SIGTERM, "收到终止信号")])
def test_a_signal_stops_a_batch_and_it_says_what_was_written(tmp_path: Path, signum: int, cause: str) -> None:
    """A batch of 32 periods, every one with last month's files in out/, is stopped after the workers have
    finished a period: it ends at once (no worker left, nothing holding its pipes) and names exactly the
    periods whose files it replaced; the others' files are untouched, and no temporary file is left."""
    root = workspace_of(tmp_path, 30)
    periods = sorted(p.name for p in (root / "periods").iterdir())
    (root / "out").mkdir()
    for period, ext in ((p, e) for p in periods for e in ("pdf", "docx")):
        (root / "out" / f"briefing-{period}.{ext}").write_bytes(b"old")
    process = subprocess.Popen(
        [sys.executable, "-m", "lintou_report", "build", "--all", "-j", "2"],
        cwd=root,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # unbuffered: the lines read here are not kept from communicate()
    )
    progress = [process.stderr.readline().decode() for _ in range(2)]  # the first period, then a worker's
    assert progress[1].startswith("[2/32]"), progress
    workers = children(process.pid)
    assert len(workers) >= 2
    process.send_signal(signum)
    out, err = process.communicate(timeout=WALL_SECONDS)  # returns once nothing holds the pipes any more
    message = "".join(progress) + err.decode()
    assert process.returncode == 128 + signum, message
    assert f"已中断（{cause}" in message and "Traceback" not in message + out.decode()
    written, rest = listed(message, "已写出（文件完整）"), listed(message, "未写出（原有文件保持原样）")
    assert sorted(written + rest) == periods and rest, message
    for period in periods:
        pdf, docx = ((root / "out" / f"briefing-{period}.{ext}").read_bytes() for ext in ("pdf", "docx"))
        if period in written:
            assert pdf.startswith(b"%PDF") and docx.startswith(b"PK"), period
        else:
            assert pdf == docx == b"old", period
    assert temporaries(root) == []
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "a worker outlived the command"
    finished = [line.split()[1] for line in message.splitlines() if re.match(r"\[\d+/32\] ", line)]
    assert sorted(finished) == written  # each period reported once, as it was written


def test_a_bad_period_does_not_fail_the_next(tmp_path: Path) -> None:
    root = workspace_of(tmp_path, 0)
    bad = root / "periods" / "2023-11" / "report.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("    issue: 11\n", "    issue: 十一\n"), encoding="utf-8")
    ran = run_cli(["build", "--all", "-j", "2"], cwd=root)
    assert ran.status == 2 and "Traceback" not in ran.message
    assert "共 2 期：成功 1，失败 1" in ran.out
    assert re.search(r"^2023-12 .*成功（\d+ 项提醒）$", ran.out, re.MULTILINE), ran.out
    assert "报告期 2023-12 提醒：" in ran.out and "上期数据无法读取，本期不与上期对比" in ran.out
    assert f"{bad}:" in ran.out
    assert sorted(p.name for p in (root / "out").iterdir()) == ["briefing-2023-12.docx", "briefing-2023-12.pdf"]


# --- internal errors ----------------------------------------------------------------------------


def test_an_internal_error_says_where_to_report_it_and_writes_nothing(tmp_path: Path, data: Path) -> None:
    """A bug injected in this test's process only (the DOCX writer raises); exit 70, Chinese, no traceback."""
    before = snapshot(tmp_path)
    process = start_python(
        f"""
        import sys
        import lintou_report.pipeline as pipeline
        def broken(*args, **kwargs):
            raise ZeroDivisionError("injected")
        pipeline.render_format = broken
        from lintou_report.cli import main
        sys.exit(main(["--data", {str(data)!r}, "--format", "all", "-o", "out"]))
        """,
        tmp_path,
    )
    out, err = process.communicate(timeout=WALL_SECONDS)
    message = err.decode()
    assert process.returncode == 70, message
    assert "Traceback" not in message and CHINESE.search(message)
    assert "内部错误" in message and "请把以下信息报告给维护者" in message
    assert "ZeroDivisionError: injected" in message and "LINTOU_REPORT_DEBUG=1" in message
    assert snapshot(tmp_path) == before and not (tmp_path / "out").exists()


def test_debug_shows_the_traceback(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import lintou_report.pipeline as pipeline
    from lintou_report.cli import main

    def broken(*args: object, **kwargs: object) -> bytes:
        raise ZeroDivisionError("injected")

    monkeypatch.setattr(pipeline, "render_format", broken)
    monkeypatch.chdir(tmp_path)
    assert main(["--data", str(data)]) == 70
    assert "Traceback" not in capsys.readouterr().err
    monkeypatch.setenv("LINTOU_REPORT_DEBUG", "1")
    assert main(["--data", str(data)]) == 70
    err = capsys.readouterr().err
    assert "Traceback" in err and "in broken" in err and "内部错误" in err
    assert not (tmp_path / "out").exists()
