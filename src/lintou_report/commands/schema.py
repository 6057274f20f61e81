"""lintou-report schema: the data file's JSON Schema."""

from __future__ import annotations

import json

from lintou_report.commands.options import Parser


def main(argv: list[str]) -> int:
    Parser(command="schema").parse_args(argv)
    from lintou_report.source.model import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0
