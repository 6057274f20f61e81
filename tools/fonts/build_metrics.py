"""Build the bundled faces' metrics records (fonts/metrics/, read by src/lintou_report/fonts/prebuilt.py).

    python tools/fonts/build_metrics.py [FONTS_FOLDER]     (default: the repository's fonts/)

Run after the faces change (build_bundle.sh does); the tests fail while a record is missing or stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from lintou_report.fonts import prebuilt  # noqa: E402


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "fonts"
    for path in prebuilt.build(folder):
        print(f"{path.relative_to(folder)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
