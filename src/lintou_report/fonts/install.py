"""`lintou-report fonts install`: the bundled faces in the user's font folder, with fontconfig aliases.

LibreOffice and WPS on Linux find fonts through fontconfig and ignore a DOCX's w:altName. The alias file maps
every official name (仿宋_GB2312, FangSong, 黑体 …) to the bundled family that stands in for it, so a DOCX that
names the official faces opens in the right faces on a machine without them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from lintou_report.errors import UserError
from lintou_report.fonts.roles import ROLES
from lintou_report.resources import data_dir

FOLDER_NAME = "lintou-report"
ALIAS_FILE = "60-lintou-report.conf"
_SHIPPED_TEXTS = ("README-fonts.txt", "LICENSE-Noto-CJK-OFL.txt", "LICENSE-Fandol-GPL3-font-exception.txt")


@dataclass(frozen=True)
class Installed:
    font_folder: Path
    alias_file: Path
    files: list[Path]
    cache_refreshed: bool


def user_font_folder() -> Path:
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "fonts" / FOLDER_NAME


def user_fontconfig_folder() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "fontconfig" / "conf.d"


def alias_config() -> str:
    """fontconfig rules: each official name (any language) → the bundled family (the title face in bold)."""
    rules = []
    for role, info in ROLES.items():
        weight = '\n    <edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>'
        for name in info.aliases:
            rules.append(
                f"  <!-- {role}: {escape(info.label)} -->\n"
                '  <match target="pattern">\n'
                f'    <test qual="any" name="family"><string>{escape(name)}</string></test>\n'
                '    <edit name="family" mode="assign" binding="strong">'
                f"<string>{escape(info.fontconfig_family)}</string></edit>"
                + (weight if role == "title" else "")
                + "\n  </match>"
            )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<!-- Written by `lintou-report fonts install`: the official faces of GB/T 9704 documents, "
        "served by the bundled open faces. Delete this file and the fonts/lintou-report folder to undo. -->\n"
        "<fontconfig>\n" + "\n".join(rules) + "\n</fontconfig>\n"
    )


def install(font_folder: Path | None = None, config_folder: Path | None = None) -> Installed:
    """Copy the bundled faces and their licences, write the alias file and refresh fontconfig's cache."""
    if sys.platform in ("win32", "darwin"):
        raise UserError.simple(
            "fonts install 用于 Linux 桌面（LibreOffice、WPS 通过 fontconfig 找字体）",
            fix=f"Windows、macOS 上请直接打开 {data_dir('fonts')} 中的 .ttf 文件安装；"
            "或用 --embed-fonts 生成自带字体的 DOCX",
        )
    font_folder = font_folder or user_font_folder()
    config_folder = config_folder or user_fontconfig_folder()
    source = data_dir("fonts")
    names = [info.bundled_file for info in ROLES.values()] + list(_SHIPPED_TEXTS)
    alias_file = config_folder / ALIAS_FILE
    try:
        font_folder.mkdir(parents=True, exist_ok=True)
        config_folder.mkdir(parents=True, exist_ok=True)
        files = [Path(shutil.copyfile(source / name, font_folder / name)) for name in names]
        alias_file.write_text(alias_config(), encoding="utf-8")
    except OSError as exc:
        raise UserError.simple(
            f"无法安装字体：{exc.strerror}", file=exc.filename, fix="检查该文件夹是否可写，或以当前用户身份运行"
        ) from None
    refreshed = False
    if shutil.which("fc-cache"):
        refreshed = subprocess.run(["fc-cache", "-f", str(font_folder)], capture_output=True).returncode == 0
    return Installed(font_folder, alias_file, files, refreshed)
