"""Write output files safely: to a temporary file beside the target, then moved into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lintou_report.errors import UserError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a failure never leaves a half-written or clobbered file."""
    fix = "换一个可写的输出位置（-o），或检查文件夹权限、文件是否正被其他程序打开"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserError.simple(f"无法在此位置写入输出文件：{exc.strerror}", file=str(path), fix=fix) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError.simple(f"无法写入输出文件：{exc.strerror}", file=str(path), fix=fix) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
