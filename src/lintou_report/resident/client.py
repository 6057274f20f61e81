"""The ``lintou-report`` command: hand the work to the resident process when there is one, else do it here
and leave a resident process behind for the next command (see the package docstring)."""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import socket
import struct
import sys
from pathlib import Path

from lintou_report.resident import ENV, LENGTH, STATUS, address, receive


def main() -> int:
    argv = sys.argv[1:]
    path = address()
    if path is not None:
        status = _run_resident(path, argv)
        if status is not None:
            return status
    from lintou_report.cli import main as run_here

    status = run_here(argv)
    if path is not None:
        _start_resident()
    return status


def _run_resident(path: Path, argv: list[str]) -> int | None:
    """The exit status of the command run by the resident process; None when no resident process took it
    (none is running, or it is stopping), so that the command runs here instead: nothing has happened yet."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        try:
            request = marshal.dumps(  # the same Python at both ends: the socket's name says which
                {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ), "umask": _umask(), "stdio": _stdio()}
            )
            conn.connect(str(path))
            socket.send_fds(conn, [struct.pack(LENGTH, len(request))], [0, 1, 2])
            conn.sendall(request)
            child = _receive_int(conn)
        except (OSError, ValueError):  # no resident process, or a request it cannot take: run it here
            return None
        if child is None:
            return None
        forward = signal.signal(signal.SIGINT, lambda signum, frame: _interrupt(child))
        try:
            status = _receive_int(conn)
        finally:
            signal.signal(signal.SIGINT, forward)
    if status is None:
        print(f"错误：常驻进程意外中止，命令可能未完成；请设置环境变量 {ENV}=off 后重试。", file=sys.stderr)
        return 1
    return status


def _receive_int(conn: socket.socket) -> int | None:
    data = receive(conn, struct.calcsize(STATUS))
    return None if data is None else struct.unpack(STATUS, data)[0]


def _interrupt(child: int) -> None:
    """Ctrl+C reaches this process, not the child running the command: pass it on."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(child, signal.SIGINT)


def _stdio() -> list[tuple[str, str]]:
    """The encoding and error handler of standard input, output and error, for the child to use the same."""
    return [
        (getattr(s, "encoding", None) or "utf-8", getattr(s, "errors", None) or "strict")
        for s in (sys.stdin, sys.stdout, sys.stderr)
    ]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _start_resident() -> None:
    """Start a resident process in the background, detached from this command and its terminal."""
    import subprocess

    with contextlib.suppress(OSError):  # the resident process only saves time
        subprocess.Popen(
            [sys.executable, "-P", "-m", "lintou_report.resident.server"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
