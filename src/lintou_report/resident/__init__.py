"""The resident process: a warm lintou-report that later commands hand their work to.

Most of a one-report run is Python starting up: importing pydantic, Jinja2, ReportLab and python-docx and
loading the faces takes several times longer than laying out the report. So the first command leaves a
process behind (``server.py``) that has done all of that once and then waits on a Unix socket in the user
cache folder. A later command (``client.py``) hands it its arguments, working folder, environment and its
standard input, output and error; the resident process forks a child for it, which runs the command exactly
as the command would have run itself and sends back the exit status. Nothing is shared between commands but
the warm start: each child is a fresh copy of the warm process.

The resident process serves only the code it was started from (the socket's name is a digest of the
interpreter and of this package's files), stops when the faces, font folders or library folders it loaded
change, and exits after ``IDLE_SECONDS`` without a command. LINTOU_REPORT_SERVER=off turns it off; it
needs fork and Unix sockets, so on Windows every command runs on its own.

This module is imported by every command: it imports only what the client needs.
"""

from __future__ import annotations

import os
import socket
import sys
import zlib
from pathlib import Path

from lintou_report import cache

ENV = "LINTOU_REPORT_SERVER"
IDLE_SECONDS = 600
LENGTH = "!I"  # the request's length, sent with the standard streams' descriptors
STATUS = "!i"  # the child's pid, then the command's exit status: one signed 32-bit integer each
MAX_SOCKET_PATH = 100  # sun_path holds 104–108 bytes depending on the system


def code_key(package: Path, interpreter: str = sys.executable) -> str:
    """A digest of the code a resident process would run: the interpreter, the search path given by
    PYTHONPATH, and the path, size and modification time of every file of this package."""
    parts = [os.path.realpath(interpreter), sys.version, os.environ.get("PYTHONPATH", ""), str(package)]
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            stat = os.stat(os.path.join(root, name))
            parts.append(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    data = "\n".join(parts).encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"  # zlib is built in; hashlib would load OpenSSL


def address() -> Path | None:
    """The socket of the resident process for this code; None when it is turned off or cannot be used here."""
    if os.environ.get(ENV) == "off" or not hasattr(os, "fork") or not hasattr(socket, "send_fds"):
        return None
    folder = cache.cache_dir()
    if folder is None:
        return None
    path = folder / "resident" / f"{code_key(Path(__file__).resolve().parents[1])}.sock"
    return path if len(os.fsencode(path)) <= MAX_SOCKET_PATH and private(path.parent) else None


def receive(conn: socket.socket, size: int) -> bytes | None:
    """Exactly ``size`` bytes from ``conn``; None when the other end closes it before."""
    data = bytearray()
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def private(folder: Path) -> bool:
    """Whether nobody but this user can put a socket into ``folder`` (true too while it does not exist: the
    resident process makes it, readable by this user alone). A command never talks to a socket someone else
    could have put there: it would hand over its environment and its standard streams."""
    try:
        stat = os.stat(folder)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022
