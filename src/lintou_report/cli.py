"""The command line: picks the command and turns whatever ends it into a Chinese message and an exit status.

Exit status: 0 done, 1 ``check`` found nonconformities, 2 a user's mistake (or a usage error), 70 an internal
error, 128 + the signal's number when stopped (130 for Ctrl+C, 143 for SIGTERM). Never a traceback, unless
LINTOU_REPORT_DEBUG=1 asks for one.
"""

from __future__ import annotations

import codecs
import gc
import io
import os
import sys
import traceback
from collections.abc import Callable
from importlib import import_module

from lintou_report import __version__, signals
from lintou_report.commands import COMMANDS
from lintou_report.errors import UserError

INTERNAL_ERROR = 70  # EX_SOFTWARE (sysexits.h)
BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a command whose reader stopped reading
DEBUG = "LINTOU_REPORT_DEBUG"
REPORT_TO = "本项目的问题跟踪（issue tracker）"

# What a console that cannot encode a character shows instead (a GBK console has √ and × but not ✓ and ✗).
_FALLBACKS = str.maketrans({"✓": "√", "✗": "×", "█": "#", "░": "-", "—": "-"})


def _command(name: str) -> Callable[[list[str]], int]:
    return import_module(f"lintou_report.commands.{name}").main


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    """A codec error handler: a look-alike the console's encoding has, else ?."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for char in exc.object[exc.start : exc.end]:
        alike = char.translate(_FALLBACKS)
        try:
            alike.encode(exc.encoding)
        except UnicodeEncodeError:
            alike = "?"
        out.append(alike)
    return "".join(out), exc.end


codecs.register_error("lintou-report-fallback", _fallback)


def _safe_console() -> None:
    """Make printing never fail on a console that cannot encode a character (GBK on Windows, LANG=C)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="lintou-report-fallback")


def _internal_error(exc: BaseException, command: str) -> str:
    """The message for a bug: what failed, where to report it, and what to report."""
    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    place = f"{os.path.basename(where[0].filename)}:{where[0].lineno}" if where else "?"
    return (
        f"内部错误：{command} 未能完成（是本程序的问题，不是你的数据有误），未写入任何文件。\n"
        f"请把以下信息报告给维护者（{REPORT_TO}）：\n"
        f"  lintou-report {__version__}，命令 {command}，Python {sys.version.split()[0]}，{sys.platform}\n"
        f"  {type(exc).__name__}: {exc}（{place}）\n"
        f"设置环境变量 {DEBUG}=1 后重新运行，可看到完整的出错位置（traceback），一并报告更好。"
    )


def _silence_stdout() -> None:
    """Point stdout at the null device, so that flushing it at exit does not fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    """Run one command; ``argv`` None: the program itself (its arguments from sys.argv), which runs this one
    command and ends, so that making one report may prepare only what that report needs."""
    alone = argv is None
    argv = sys.argv[1:] if argv is None else argv
    command = COMMANDS.get(argv[0]) if argv else None
    one_report = alone and not command  # the program makes this one report and ends
    _safe_console()
    replaced = signals.install()
    try:
        if command:
            return _command(command.module)(argv[1:])
        if one_report:
            # The cycle collector would only spend time (most of it while modules are imported) on the
            # thousand-odd objects left in cycles, as many for a 300-page report as for a 3-page one
            # (tests/test_cli.py).
            gc.disable()
        return import_module("lintou_report.commands.render").main(argv, one_document=alone)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        stop = signals.stopped(exc)
        print(f"\n已中断（{stop.cause}）：输出文件要么完整写出，要么保持原样；没有留下临时文件。", file=sys.stderr)
        return stop.status
    except BrokenPipeError:
        # The reader of the output went away (`… | head`): stop quietly, as other command-line tools do.
        _silence_stdout()
        return BROKEN_PIPE
    except (SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # a bug, not a user's mistake (MemoryError and RecursionError included)
        if os.environ.get(DEBUG) == "1":
            traceback.print_exc()
        print(
            _internal_error(exc, f"lintou-report {argv[0]}" if command else "lintou-report（生成文件）"),
            file=sys.stderr,
        )
        return INTERNAL_ERROR
    finally:
        signals.restore(replaced)
        if one_report:
            gc.freeze()  # what is left is freed as the program ends: its last full collection need not visit it
