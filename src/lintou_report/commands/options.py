"""Options several commands share, and the output formats."""

from __future__ import annotations

import argparse
from pathlib import Path

FORMAT_CHOICES = {"pdf": ("pdf",), "docx": ("docx",), "all": ("pdf", "docx")}


def period_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", help="报告期，如 2023-11：用工作区中 periods/<报告期>/report.yaml 及其覆盖模板")
    workspace_option(p)


def workspace_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workspace", type=Path, help="工作区文件夹（含 periods/），默认从当前文件夹向上查找")


def font_dir_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--font-dir",
        type=Path,
        action="append",
        default=[],
        metavar="文件夹",
        help="另用此文件夹中的字体（按字体名称对应角色，如 仿宋_GB2312、黑体），优先于本机安装的字体；可重复",
    )
