"""The resident process changes how soon a command is done, never what it does: the same files, byte for
byte, the same messages and exit status, in the clerk's own folder; it steps aside when its state is stale."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lintou_report import resident
from lintou_report.resident.client import _run_resident

ROOT = Path(__file__).resolve().parents[1]
READY_SECONDS = 180  # the resident process makes both templates in both formats before it listens


def _wait_for(path: Path, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while not path.exists():
        assert proc is None or proc.poll() is None, "the resident process ended before it listened"
        assert time.monotonic() < deadline, f"no resident process listened on {path}"
        time.sleep(0.1)


def _stop(path: Path) -> None:
    """Stop the resident process whose socket is ``path``: its pid is in the lock file beside it."""
    lock = path.with_suffix(".lock")
    if lock.exists() and lock.read_text().strip():
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(lock.read_text()), signal.SIGTERM)


@pytest.fixture
def cache_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A user cache folder with a short path (a socket's path is limited to ~100 bytes), resident processes on."""
    folder = Path(tempfile.mkdtemp(prefix="lr-", dir="/tmp"))
    monkeypatch.setenv("LINTOU_REPORT_CACHE", str(folder))
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "src"))  # what the resident process imports, part of its key
    monkeypatch.delenv(resident.ENV, raising=False)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def server(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[tuple[Path, subprocess.Popen]]:
    fonts = tmp_path / "data" / "fonts"
    fonts.mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # a font folder the resident process watches
    proc = subprocess.Popen(
        [sys.executable, "-P", "-m", "lintou_report.resident.server"],
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    path = resident.address()
    assert path is not None
    _wait_for(path, proc)
    yield path, proc
    proc.terminate()
    proc.wait(timeout=30)


def _own_process(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LINTOU_REPORT_SERVER="off")
    return subprocess.run(
        [sys.executable, "-m", "lintou_report", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_a_served_command_writes_the_files_an_own_process_writes(
    server: tuple[Path, subprocess.Popen],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    path, _proc = server
    served, own = tmp_path / "served", tmp_path / "own"
    served.mkdir()
    own.mkdir()
    monkeypatch.chdir(served)  # relative paths are the clerk's folder's, not the resident process's
    assert _run_resident(path, ["--format", "all", "-o", "out"]) == 0
    printed = capfd.readouterr().out.split()
    assert printed == ["out/briefing-2023-11.pdf", "out/briefing-2023-11.docx"]
    done = _own_process(["--format", "all", "-o", "out"], own)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == printed
    for name in printed:
        mine, theirs = (served / name).read_bytes(), (own / name).read_bytes()
        assert len(mine) > 5000
        assert mine == theirs, name


def test_a_mistake_gets_the_same_message_and_status(
    server: tuple[Path, subprocess.Popen],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    path, _proc = server
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta:\n  title: [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _run_resident(path, ["--data", "bad.yaml", "-o", "x.pdf"]) == 2
    served = capfd.readouterr()
    done = _own_process(["--data", "bad.yaml", "-o", "x.pdf"], tmp_path)
    assert done.returncode == 2
    assert "bad.yaml:3:1" in served.err
    assert served.err == done.stderr
    assert served.out == done.stdout == ""
    assert not (tmp_path / "x.pdf").exists()
    assert _run_resident(path, ["--format", "tiff"]) == 2  # argparse's own exit, as from a process of its own
    assert "invalid choice" in capfd.readouterr().err


def test_a_changed_font_folder_sends_commands_back_and_stops_it(
    server: tuple[Path, subprocess.Popen], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, proc = server
    monkeypatch.chdir(tmp_path)
    assert _run_resident(path, ["schema"]) == 0
    (tmp_path / "data" / "fonts" / "new.ttf").write_bytes(b"")  # a face installed while it waits
    assert _run_resident(path, ["schema"]) is None  # not taken: the command runs in its own process
    assert proc.wait(timeout=30) == 0
    assert not path.exists()


def test_a_command_with_none_running_leaves_one_behind(cache_folder: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lintou_report", "--format", "pdf", "-o", "a.pdf"],
        cwd=tmp_path,
        env=dict(os.environ),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    path = resident.address()
    assert path is not None
    try:
        _wait_for(path)
        assert _run_resident(path, ["--format", "pdf", "-o", str(tmp_path / "b.pdf")]) == 0
        assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "a.pdf").read_bytes()
    finally:
        _stop(path)


def test_the_key_follows_the_code(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "__pycache__").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    key = resident.code_key(package)
    assert resident.code_key(package) == key
    (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")  # compiled files do not count
    assert resident.code_key(package) == key
    (package / "a.py").write_text("x = 12\n")
    assert resident.code_key(package) != key


def test_off_and_long_paths_mean_no_resident_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LINTOU_REPORT_CACHE", str(tmp_path / "c"))
    monkeypatch.setenv(resident.ENV, "off")
    assert resident.address() is None
    monkeypatch.delenv(resident.ENV)
    monkeypatch.setenv("LINTOU_REPORT_CACHE", "/tmp/" + "x" * 120)
    assert resident.address() is None


def test_a_socket_folder_others_can_write_to_is_not_used(cache_folder: Path) -> None:
    path = resident.address()
    assert path is not None  # the folder is not there yet: the resident process makes it, private
    path.parent.mkdir()
    path.parent.chmod(0o777)  # someone else could put a socket there and be handed a command's streams
    assert resident.address() is None
    path.parent.chmod(0o700)
    assert resident.address() == path


def test_what_killed_resident_processes_left_is_swept(tmp_path: Path) -> None:
    from lintou_report.resident.server import _sweep

    for key in ("dead", "fresh", "alive"):
        for suffix in (".lock", ".sock"):
            (tmp_path / f"{key}{suffix}").write_text("")
    old = time.time() - 3600
    for key in ("dead", "alive"):
        os.utime(tmp_path / f"{key}.lock", (old, old))
    with open(tmp_path / "alive.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a living resident process holds its lock
        _sweep(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alive.lock", "alive.sock", "fresh.lock", "fresh.sock"]


def test_the_warm_state_is_watched_where_it_came_from() -> None:
    import reportlab

    from lintou_report.fonts.faces import bundled_face
    from lintou_report.resident.server import _warm_up

    watched = _warm_up()
    assert str(Path(reportlab.__file__).parents[1]) in watched  # a library upgraded in its folder
    assert str(bundled_face("body").path) in watched  # a face changed in place
