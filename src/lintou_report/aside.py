"""Formats rendered in a copy of the program while it renders another: the second core's share of one command.

The program run for one report, asked for several formats (``--format all``), forks once the document is
prepared: the copy renders every format but the first and hands their bytes back through a pipe, then ends;
the program renders the first format meanwhile and waits for the copy. Nothing outlives the command: the
program always waits for the copy, and stops it when it is itself stopped. The copy starts from the program's
memory as it is, so it renders exactly what the program would; when anything goes wrong in it, the program
renders those formats itself (the same bytes, the same messages). Only where fork is safe to use without an
exec: Linux, a process with no other thread.
"""

from __future__ import annotations

import os
import signal
import struct
import sys
import threading
from contextlib import suppress

from lintou_report.fonts import FontSet
from lintou_report.tree import Document
from lintou_report.writers import render
from lintou_report.writers.options import Rendered, WriterOptions

_FRAME = struct.Struct("<16sqQ")  # format name, page count (-1: none), length of the bytes that follow


class Aside:
    """A copy of the process rendering some formats."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid, self.pipe = pid, pipe

    def result(self) -> dict[str, Rendered]:
        """The formats the copy rendered (those it could not render are left out), once it has ended."""
        with os.fdopen(self.pipe, "rb") as pipe:
            self.pipe = -1
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        out: dict[str, Rendered] = {}
        at = 0
        while os.waitstatus_to_exitcode(status) == 0 and at + _FRAME.size <= len(data):
            name, pages, length = _FRAME.unpack_from(data, at)
            at += _FRAME.size
            if at + length > len(data):
                break
            out[name.rstrip(b"\0").decode()] = Rendered(data[at : at + length], None if pages < 0 else pages)
            at += length
        return out

    def stop(self) -> None:
        """End the copy if it still runs (the program was stopped or failed meanwhile)."""
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if self.pid:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0


def start(formats: tuple[str, ...], document: Document, fonts: FontSet, options: WriterOptions) -> Aside | None:
    """A copy rendering ``formats``; None (render them in this process) when there are none or fork is unsafe."""
    if not formats or not sys.platform.startswith("linux") or threading.active_count() > 1:
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return Aside(pid, read_end)
    status = 1
    try:  # the copy: its own signals are the system's defaults, it writes nothing but the pipe
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)
        os.close(read_end)
        with os.fdopen(write_end, "wb") as pipe:
            for fmt in formats:
                done = render(fmt, document, fonts, options)
                pipe.write(_FRAME.pack(fmt.encode(), -1 if done.pages is None else done.pages, len(done.data)))
                pipe.write(done.data)
        status = 0
    finally:
        os._exit(status)
