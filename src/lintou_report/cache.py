"""The user's cache folder: what is slow to derive and the same every run (a face ReportLab has parsed).

The cache only saves time. Anything wrong with it (a folder that cannot be written, a damaged or stale
entry) is passed over silently and the value derived again. LINTOU_REPORT_CACHE names another folder;
LINTOU_REPORT_CACHE=off turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

ENV = "LINTOU_REPORT_CACHE"


def cache_dir() -> Path | None:
    """The folder for this program's cache (not created here); None when the cache is off."""
    chosen = os.environ.get(ENV)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "lintou-report" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "lintou-report"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lintou-report"


def file_entry(kind: str, path: Path, *versions: object) -> str:
    """The entry name for something derived from the file ``path``: a new name whenever the file (its path,
    size or modification time) or one of ``versions`` (of the code that derives it) changes."""
    stat = path.stat()
    key = "|".join(map(str, (path.resolve(), stat.st_size, stat.st_mtime_ns, *versions)))
    return f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.pickle"


def load(name: str) -> Any | None:
    """The value stored under ``name``, or None when there is none (or it cannot be read)."""
    folder = cache_dir()
    if folder is None:
        return None
    import pickle  # here, not at the top: every command imports this module (resident/__init__.py)

    try:
        with open(folder / name, "rb") as f:
            return pickle.load(f)
    except Exception:  # missing, unreadable, written by another version: derive it again
        return None


def store(name: str, value: Any) -> None:
    """Keep ``value`` under ``name``: written beside and moved into place, so a reader never sees half of it."""
    folder = cache_dir()
    if folder is None:
        return
    import pickle
    import tempfile

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / name)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
