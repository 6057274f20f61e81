"""Write output files safely: to a temporary file beside the target, then moved into place."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from lintou_report.errors import UserError

_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EEXIST: "路径中有同名的文件，无法建文件夹",
    errno.ENOTDIR: "路径中的某一级是文件而不是文件夹",
    errno.EISDIR: "输出路径是一个文件夹",
    errno.ENAMETOOLONG: "文件名太长",
}


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a failure never leaves a half-written or clobbered file.

    The temporary file beside the target is removed on any failure, an interrupt (Ctrl+C) included.
    """
    fix = "换一个可写的输出位置（-o），或检查文件夹权限、文件是否正被其他程序打开"
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        where = "无法写入输出文件" if tmp else "无法在此位置写入输出文件"
        raise UserError.simple(f"{where}：{_reason(exc)}", file=str(path), fix=fix) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
