"""Write the DOCX skeleton (src/lintou_report/writers/docx/skeleton/<naming>/) from the writer's own parts
(writers/docx/parts.py): run after changing styles, settings, the font table or the footers.

    PYTHONPATH=src python3 tools/docx_skeleton.py          # write
    PYTHONPATH=src python3 tools/docx_skeleton.py --check  # exit 1 when the shipped skeleton is stale
"""

from __future__ import annotations

import shutil
import sys
from typing import get_args

from lintou_report.writers.docx import package, parts
from lintou_report.writers.docx.faces import Naming


def main(check: bool) -> int:
    stale = []
    for naming in get_args(Naming):
        wanted = parts.members(naming)
        root = package.SKELETON / naming
        if check:
            shipped = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
            if shipped != wanted:
                stale.append(naming)
            continue
        shutil.rmtree(root, ignore_errors=True)
        for name, data in wanted.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
    if stale:
        print(f"skeleton stale for {', '.join(stale)}: run tools/docx_skeleton.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv[1:]))
