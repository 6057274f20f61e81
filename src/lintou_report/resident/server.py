"""The resident process (see the package docstring): warm up once, then fork a child for each command.

Started by the client as ``python -P -m lintou_report.resident.server``, detached, in the background.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import io
import marshal
import os
import select
import signal
import socket
import struct
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from lintou_report.resident import IDLE_SECONDS, LENGTH, STATUS, address, private, receive

if TYPE_CHECKING:
    from lintou_report.fonts.faces import Face

Stamps = list[tuple[str, int, int]]
TAKEN, STALE = b"t", b"s"  # what a spare child tells the parent when a command came
LIBRARIES = ("docx", "jinja2", "lxml", "pydantic", "pydantic_core", "reportlab", "yaml")


def main() -> None:
    path = address()
    if path is None:
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not private(path.parent):
        return
    with open(path.with_suffix(".lock"), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # another resident process serves this code
        _sweep(path.parent)
        lock.truncate(0)
        lock.write(f"{os.getpid()}\n")  # who holds the socket: kill it to stop it
        lock.flush()
        os.chdir("/")  # hold no clerk's folder
        warming = path.with_suffix(".warming")  # bound first: where no socket can be made, stop before warming up
        warming.unlink(missing_ok=True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(warming))
        except OSError:
            return
        os.chmod(warming, 0o600)
        listener.listen(16)
        watched = _warm_up()
        os.replace(warming, path)  # commands find it only now, warm
        try:
            serve(listener, path, watched)
        finally:
            path.with_suffix(".lock").unlink(missing_ok=True)


def _sweep(folder: Path) -> None:
    """Remove what resident processes that were killed left behind: a lock nobody holds, and its socket.
    A lock made in the last minute is left alone: its resident process may be about to take it."""
    for lock_path in folder.glob("*.lock"):
        with contextlib.suppress(OSError):
            if time.time() - lock_path.stat().st_mtime < 60:
                continue
        with open(lock_path, "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a resident process lives: this one, or one for other code
            for suffix in (".sock", ".warming", ".lock"):
                lock_path.with_suffix(suffix).unlink(missing_ok=True)


def _warm_up() -> list[str]:
    """Import everything and make both templates' reports in both formats once, so that every child starts
    with the modules, faces and compiled templates in memory. Returns the files and folders whose change
    makes that warm state stale: the faces used, every folder of the machine's font folders and the folders
    the libraries are installed in."""
    from lintou_report import cli  # noqa: F401  (the child runs it)
    from lintou_report.fonts.discovery import system_font_dirs

    watched = [root for folder in system_font_dirs() for root, _dirs, _files in os.walk(folder)]
    for template in ("briefing", "report"):
        watched += [str(face.path) for face in _rehearse(template)]
    for name in LIBRARIES:  # the folders they are installed in: a package added, removed or upgraded there
        module = sys.modules.get(name)
        if module is not None and module.__file__:
            watched.append(os.path.dirname(os.path.dirname(module.__file__)))
    return sorted(set(watched))


def _rehearse(template: str) -> list[Face]:
    """Make the bundled report with ``template`` in both formats, for nobody; returns the faces it used."""
    from lintou_report.pipeline import prepare, render_bytes
    from lintou_report.resources import default_data_file
    from lintou_report.writers import FORMATS

    try:
        prepared = prepare(default_data_file(), template)
        for fmt in FORMATS:
            render_bytes(prepared.document, fmt, prepared.fonts)
    except Exception:  # the commands will meet the same problem and report it to the clerk
        return []
    return list(prepared.fonts.faces.values())


def _stamps(paths: list[str]) -> Stamps:
    found = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            stat = os.stat_result((0,) * 10)
        found.append((path, stat.st_size, stat.st_mtime_ns))
    return found


def serve(listener: socket.socket, path: Path, watched: list[str]) -> None:
    """Serve commands until none comes for IDLE_SECONDS or a watched file changes.

    A spare child is forked before each command comes, so that forking is not part of any command's time:
    the spare accepts the next command, tells the parent through a pipe (TAKEN, or STALE when a watched
    file changed, which ends the resident process), and the parent forks the next spare.
    """
    warm = _stamps(watched)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the children
    gc.freeze()  # the warm objects stay out of the children's collections (and their pages shared)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))  # stopped: stop the spare too
    news, tell = os.pipe()
    spare = 0
    try:
        while True:
            spare = os.fork()
            if spare == 0:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                os.close(news)
                _spare(listener, tell, watched, warm)
            ready, _, _ = select.select([news], [], [], IDLE_SECONDS)
            if not ready:
                break  # idle: the spare is still waiting, stopped below
            if os.read(news, 1) != TAKEN:
                spare = 0  # it has ended by itself
                break
    finally:
        path.unlink(missing_ok=True)  # no new command reaches the spare now
        listener.close()
        ready, _, _ = select.select([news], [], [], 0.1)
        if spare and not (ready and os.read(news, 1) == TAKEN):  # unless it took a command just now
            os.kill(spare, signal.SIGTERM)


def _spare(listener: socket.socket, tell: int, watched: list[str], warm: Stamps) -> None:
    """In a spare child: wait for a command and take it (never returns).

    While it waits it makes the bundled briefing once: a child's first report after the fork costs ~40 %
    more than the next (copying the pages its objects' reference counts write to, ~2,300 of them), and this
    way that is paid before the command comes, not while the clerk waits.
    """
    _rehearse("briefing")
    word = b"!"  # accept failed: the parent stops, the next command runs on its own and starts a new one
    listener.settimeout(IDLE_SECONDS + 60)  # should the parent be killed outright, end all the same
    try:
        conn, _ = listener.accept()
        word = TAKEN if _stamps(watched) == warm else STALE
    finally:
        os.write(tell, word)
    if word != TAKEN:
        os._exit(0)  # a stale command's client, given no pid, runs the command itself
    os.close(tell)
    listener.close()
    _run_command(conn)


def _run_command(conn: socket.socket) -> None:
    """In the child: take the client's request, standard streams, folder and environment, run the command
    as the client would have, send back the exit status and end."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the command may wait for its own children (LibreOffice)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        head, fds, _flags, _addr = socket.recv_fds(conn, struct.calcsize(LENGTH), 3)
        request = marshal.loads(receive(conn, struct.unpack(LENGTH, head)[0]) or b"")
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        sys.stdin, sys.stdout, sys.stderr = (_text_stream(fd, *how) for fd, how in enumerate(request["stdio"]))
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.umask(request["umask"])
        sys.argv = ["lintou-report", *request["argv"]]
        conn.sendall(struct.pack(STATUS, os.getpid()))
    except Exception:
        os._exit(1)  # nothing has run: the client, given no pid, runs the command itself
    status = 1
    try:
        status = _exit_status(request["argv"])
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            conn.sendall(struct.pack(STATUS, status))
        finally:
            os._exit(0)


def _text_stream(fd: int, encoding: str, errors: str) -> io.TextIOWrapper:
    """Standard input (fd 0), output or error as the client's Python had it."""
    raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)
    buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
    return io.TextIOWrapper(buffered, encoding, errors, line_buffering=fd == 2 or os.isatty(fd))


def _exit_status(argv: list[str]) -> int:
    """What the process would have exited with, had it run ``lintou-report argv`` itself."""
    from lintou_report.cli import main

    try:
        return main(argv)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1


if __name__ == "__main__":
    main()
