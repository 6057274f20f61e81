"""Find faces by name in font folders: the user's --font-dir and the usual Linux, macOS and Windows folders."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from lintou_report import memo
from lintou_report.fonts import sfnt

_REGULAR_STYLES = ("regular", "normal", "book", "roman", "medium", "")


def system_font_dirs() -> list[Path]:
    """The usual font folders of Linux, macOS and Windows that exist on this machine (user folders first)."""
    home = Path.home()
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    data_dirs = [Path(p) for p in (os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":") if p]
    windir = Path(os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or "C:/Windows")
    local_app = os.environ.get("LOCALAPPDATA")
    candidates = [
        data_home / "fonts",
        home / ".fonts",
        *(d / "fonts" for d in data_dirs),
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / "Library" / "Fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        Path("/Network/Library/Fonts"),
        windir / "Fonts",
        *([Path(local_app) / "Microsoft" / "Windows" / "Fonts"] if local_app else []),
    ]
    return [d for d in dict.fromkeys(candidates) if d.is_dir()]


def normalize(name: str) -> str:
    """Names compare without case, spaces, hyphens or underscores: "FangSong_GB2312" = "fangsong gb2312"."""
    return re.sub(r"[\s_\-]", "", name).casefold()


class FaceIndex:
    """Every face in some folders (searched recursively), looked up by any of its names."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.faces: list[sfnt.FaceInfo] = []
        for folder in folders:
            for path in _font_files(folder):
                self.faces += sfnt.read_faces(path)
        self._by_name: dict[str, list[sfnt.FaceInfo]] = {}
        for info in self.faces:
            for name in info.names:
                self._by_name.setdefault(normalize(name), []).append(info)

    def find(self, name: str) -> list[sfnt.FaceInfo]:
        """Faces going by ``name``, upright regular weights first."""
        found = self._by_name.get(normalize(name), [])
        return sorted(found, key=lambda info: (info.style.lower() not in _REGULAR_STYLES, str(info.path), info.index))


def _font_files(folder: Path) -> list[Path]:
    """Font files in a folder and its subfolders (unreadable folders skipped), or the file itself."""
    if folder.is_file():
        return [folder]
    found = [
        Path(root) / name
        for root, _dirs, names in os.walk(folder)  # os.walk skips folders it may not read
        for name in names
        if name.lower().endswith(sfnt.FONT_SUFFIXES)
    ]
    return sorted(found)


@memo.pure(8)  # a few sets of folders: the system's, and each --font-dir
def _cached_index(folders: tuple[Path, ...]) -> FaceIndex:
    return FaceIndex(folders)


def index_of(folders: Sequence[Path]) -> FaceIndex:
    """The face index of these folders, built once per process."""
    return _cached_index(tuple(Path(f).resolve() for f in folders))
