"""The command line: picks the command and turns a user's mistake into a Chinese message and exit status 2."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module

from lintou_report.errors import UserError

# command name → module in lintou_report.commands with a main(argv) -> int; no command: render
COMMANDS = {
    "schema": "schema",
    "fonts": "fonts",
    "extract": "extract",
    "validate": "validate",
    "build": "build",
    "new-period": "new_period",
    "check": "check",
    "serve": "serve",
    "metrics": "metrics",
}


def _command(name: str) -> Callable[[list[str]], int]:
    return import_module(f"lintou_report.commands.{name}").main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    name = COMMANDS.get(argv[0]) if argv else None
    try:
        return _command(name)(argv[1:]) if name else _command("render")(argv)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断，未写入任何文件。", file=sys.stderr)
        return 130
