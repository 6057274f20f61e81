"""LibreOffice headless: the one place that finds ``soffice`` and converts a document with it.

The checker lays a DOCX out with it; the tests use it as the real client. Each conversion runs with a
private profile (parallel runs do not clash) and, unless told otherwise, with a fontconfig setup in which
the bundled faces stand in for the official ones (the aliases `lintou-report fonts install` writes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from lintou_report.errors import UserError

TIMEOUT_S = 180


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise UserError.simple(
            "需要 LibreOffice（soffice）来排版 DOCX，但本机没有找到",
            fix="安装 LibreOffice（如 apt-get install libreoffice-writer-nogui）后重试，或检查由它导出的 PDF",
        )
    return found


def bundled_fontconfig(workdir: Path) -> Path:
    """A fontconfig file: the system's setup, the bundled faces, and the aliases from official names to them."""
    from lintou_report.fonts.install import alias_config
    from lintou_report.resources import data_dir

    aliases = workdir / "aliases.conf"
    aliases.write_text(alias_config(), encoding="utf-8")
    conf = workdir / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{escape(str(data_dir('fonts')))}</dir><cachedir>{escape(str(workdir / 'fc-cache'))}</cachedir>"
        f"<include>{escape(str(aliases))}</include></fontconfig>",
        encoding="utf-8",
    )
    return conf


def convert(
    source: Path,
    outdir: Path,
    fmt: str = "pdf",
    *,
    workdir: Path,
    bundled_fonts: bool = True,
    env: Mapping[str, str] | None = None,
) -> Path:
    """Convert ``source`` to ``fmt`` (e.g. "pdf", "docx:MS Word 2007 XML") in ``outdir``; returns the new file.

    ``workdir`` holds the private profile (and the fontconfig file with ``bundled_fonts``); ``env`` replaces
    the process environment, e.g. to give LibreOffice another HOME.
    """
    environment = dict(os.environ if env is None else env)
    if bundled_fonts:
        environment["FONTCONFIG_FILE"] = str(bundled_fontconfig(workdir))
    cmd = [
        soffice(),
        f"-env:UserInstallation={(workdir / 'lo-profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        fmt,
        "--outdir",
        str(outdir),
        str(source),
    ]
    try:
        done = subprocess.run(cmd, env=environment, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise UserError.simple(
            f"LibreOffice 转换超过 {TIMEOUT_S} 秒仍未完成", file=str(source), fix="关闭其他 LibreOffice 后重试"
        ) from None
    target = outdir / f"{source.stem}.{fmt.split(':')[0]}"
    if not target.exists():
        raise UserError.simple(
            f"LibreOffice 未能转换此文档：{(done.stderr or done.stdout).strip()[:200]}",
            file=str(source),
            fix="用 Word 或 WPS 打开确认文档完好",
        )
    return target
