"""Write output files safely: all of them or none, never over an input, with the user's permissions.

Each file is first written in full to a temporary file beside its target, then moved into place. The
temporary name (``.lintou-XXXXXXXX.tmp``) is short, so a target name may use the file system's whole length,
and recognisable: a temporary file that a killed run left behind is removed by the next run into the folder.
Where the system has ``flock`` (Linux, macOS), a live run holds a lock on each of its temporary files, so only
unlocked ones are removed; elsewhere only those older than a day.

Each temporary file's bytes reach the disk (fsync) before it is renamed onto its target, and the folder
after the rename, so a power cut leaves the old file or the new one, never an empty or partial one.

A new file gets the permissions the umask gives; a replaced file keeps its own. With several targets each old
file stays reachable (a hard link, or a copy where links are not possible) until every target is in place,
so a failure, or a signal, puts every old file back as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from lintou_report import signals
from lintou_report.errors import UserError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

TEMP_PREFIX = ".lintou-"
TEMP_SUFFIX = ".tmp"
STALE_WITHOUT_LOCKS = 24 * 3600  # seconds

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
_FIX = "换一个可写的输出位置（-o），或检查文件夹权限、文件是否正被其他程序打开"


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file (see write_files)."""
    write_files({path: data})


def write_files(files: Mapping[Path, bytes], inputs: Mapping[Path, str] | None = None) -> None:
    """Write every file of ``files`` (target → bytes), or none of them.

    ``inputs`` (path → what it is, e.g. 数据文件) are files the output was made from: a target that is one of
    them (the same file, by any name) is refused before anything is written.
    """
    _refuse_inputs(files, inputs or {})
    signals.stop_if_asked()
    temps: list[tuple[int, Path]] = []  # open (and locked) temporary files, backups included
    current = [next(iter(files), Path())]  # the target being written, for the message
    try:
        staged: dict[Path, Path] = {}
        for target, data in files.items():
            current[0] = target
            staged[target] = _stage(target, data, temps)
        with signals.deferred():
            _commit(staged, temps, current)
    except OSError as exc:
        where = "无法写入输出文件" if temps else "无法在此位置写入输出文件"
        unchanged = "，输出文件都保持原样" if len(files) > 1 else ""
        raise UserError.simple(f"{where}：{_reason(exc)}{unchanged}", file=str(current[0]), fix=_FIX) from None
    finally:
        for fd, path in temps:
            with suppress(OSError):
                if os.fstat(fd).st_ino == path.lstat().st_ino:  # not moved into place
                    path.unlink()
            os.close(fd)


def _refuse_inputs(files: Mapping[Path, bytes], inputs: Mapping[Path, str]) -> None:
    known: dict[tuple[int, int], tuple[str, Path]] = {}
    for path, role in inputs.items():
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            with suppress(OSError):
                st = file.stat()
                known.setdefault((st.st_dev, st.st_ino), (role, file))
    for target in files:
        try:
            st = target.stat()
        except OSError:
            continue  # not there yet: it cannot be an input
        if (st.st_dev, st.st_ino) in known:
            role, file = known[st.st_dev, st.st_ino]
            same = "" if os.path.abspath(file) == os.path.abspath(target) else f"（与 {file} 是同一个文件）"
            raise UserError.simple(
                f"输出会覆盖输入的{role}{same}，未写入任何文件",
                file=str(target),
                fix="用 -o 另选输出文件或文件夹（默认写到 out/ 文件夹）",
            )


def _stage(target: Path, data: bytes, temps: list[tuple[int, Path]]) -> Path:
    """``data`` in a temporary file beside ``target``, with the permissions the target will have."""
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale(folder)
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    fd, temp = _create(folder, temps)
    if mode is not None:
        os.chmod(temp, mode)  # the old file's permissions, not the umask's
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)
    return temp


def _create(folder: Path, temps: list[tuple[int, Path]]) -> tuple[int, Path]:
    """A new, locked temporary file in ``folder`` (0o666 less the umask), registered in ``temps``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    with _folder_lock(folder, shared=True):
        while True:
            temp = folder / f"{TEMP_PREFIX}{os.urandom(4).hex()}{TEMP_SUFFIX}"
            try:
                fd = os.open(temp, flags, 0o666)
            except FileExistsError:
                continue
            temps.append((fd, temp))
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd, temp


def _backup(target: Path, temps: list[tuple[int, Path]]) -> Path | None:
    """The old ``target`` kept under a temporary name until every target is in place (None: no old file)."""
    if not target.is_file():
        return None  # nothing to keep (a folder in the way fails when its turn comes)
    folder = target.parent
    with _folder_lock(folder, shared=True):
        backup = folder / f"{TEMP_PREFIX}{os.urandom(4).hex()}{TEMP_SUFFIX}"
        try:
            os.link(target, backup)
        except OSError:  # no hard links here (some network or FAT drives): a copy
            shutil.copy2(target, backup)
        fd = os.open(backup, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))
        temps.append((fd, backup))
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return backup


def _commit(staged: dict[Path, Path], temps: list[tuple[int, Path]], current: list[Path]) -> None:
    """Move each temporary file onto its target; on any failure put back what was there before."""
    backups: dict[Path, Path | None] = {}
    if len(staged) > 1:
        for target in staged:
            current[0] = target
            backups[target] = _backup(target, temps)
    done: list[Path] = []
    try:
        for target, temp in staged.items():
            current[0] = target
            os.replace(temp, target)
            done.append(target)
        for folder in dict.fromkeys(target.parent for target in staged):
            _sync_folder(folder)
    except BaseException:
        for target in reversed(done):
            old = backups.get(target)
            if old is not None:
                os.replace(old, target)
            else:
                target.unlink(missing_ok=True)
        raise


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable: after a power cut the folder names the new file, not the old
    one or none (the file's own bytes were synced before the rename). Windows cannot open a folder for this
    and makes a rename durable itself."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):  # a file system that cannot sync folders
            raise
    finally:
        os.close(fd)


@contextmanager
def _folder_lock(folder: Path, shared: bool, wait: bool = True) -> Iterator[bool]:
    """A lock on ``folder`` between creating temporary files (shared) and removing stale ones (exclusive):
    a temporary file is never seen before its own lock is on it. Yields whether the lock is held; without
    ``flock`` (or a folder that cannot be opened) there is no lock and it yields True."""
    if fcntl is None:
        yield True
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        yield True
        return
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB))
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def remove_stale(folder: Path) -> list[Path]:
    """Remove the temporary files that runs which were killed left in ``folder``; returns them."""
    removed: list[Path] = []
    with _folder_lock(folder, shared=False, wait=False) as held:
        if not held:
            return removed  # another run is creating its files: leave the tidying to a later run
        try:
            with os.scandir(folder) as entries:
                names = [e.name for e in entries if e.name.startswith(TEMP_PREFIX) and e.name.endswith(TEMP_SUFFIX)]
        except OSError:  # a folder that may be written but not listed
            return removed
        for name in names:
            path = folder / name
            if _abandoned(path):
                with suppress(OSError):
                    path.unlink()
                    removed.append(path)
    return removed


def _abandoned(path: Path) -> bool:
    """Whether no live run holds ``path``: its lock is free (or, without locks, it is a day old)."""
    if fcntl is None:
        with suppress(OSError):
            return time.time() - path.stat().st_mtime > STALE_WITHOUT_LOCKS
        return False
    flags = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for access in (os.O_RDONLY, os.O_WRONLY):
        try:
            fd = os.open(path, access | flags)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # still the file that was listed (not moved into place and its name reused meanwhile)
            return os.fstat(fd).st_ino == path.lstat().st_ino
        except OSError:
            return False
        finally:
            os.close(fd)
    return False
