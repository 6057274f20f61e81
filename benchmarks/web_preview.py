"""The workbench's live preview: from an edit of a paragraph to the new image of its page, on the seed.

    python benchmarks/web_preview.py [--runs 20]

Starts the real server (uvicorn, on a copy of examples/workspace, in a thread of this process), opens the
2023-12 editor as a browser does, then for each run changes the intro paragraph (a new sentence each time, so
no cache holds the answer), posts the form as htmx does and fetches the new first page image: the time from
sending the edit to having the PNG is what the clerk waits. One warm-up edit first; the median and the
spread are printed. Target: 0.3 s.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
import uvicorn  # noqa: E402
from test_web import editor_form  # noqa: E402  the form as the browser sends it

from lintou_report.web.app import create_app  # noqa: E402

EDITS = "一二三四五六七八九十"


def edit_to_image(client: httpx.Client, fields: dict[str, str], csrf: str, text: str) -> float:
    start = time.perf_counter()
    reply = client.post("/p/2023-12/live", data=fields | {"intro[0]": text}, headers={"X-CSRF-Token": csrf})
    src = re.search(r'<img src="([^"]+/1\.png)"', reply.text)
    assert src, "the edit gave no preview (a problem in the edited data?)"
    image = client.get(src[1])
    assert image.content.startswith(b"\x89PNG")
    return time.perf_counter() - start


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=20)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "ws"
        shutil.copytree(ROOT / "examples" / "workspace", workspace)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(workspace), port=port, log_level="warning"))
        thread = threading.Thread(target=server.run)
        thread.start()
        try:
            while not server.started:
                time.sleep(0.01)
            with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
                fields = editor_form(client, "2023-12")
                csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/").text)[1]
                intro = fields["intro[0]"]
                edit_to_image(client, fields, csrf, intro + "（预热）")
                times = [
                    edit_to_image(client, fields, csrf, intro + f"第{EDITS[n % 10]}次修改第{n}稿。")
                    for n in range(args.runs)
                ]
        finally:
            server.should_exit = True
            thread.join()
    print(f"edit → new page image (seed, intro paragraph, {args.runs} runs):")
    print(f"  median {statistics.median(times):.3f} s, min {min(times):.3f} s, max {max(times):.3f} s (target 0.3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
