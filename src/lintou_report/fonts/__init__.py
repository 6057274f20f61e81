"""Fonts: the five roles, the faces that fill them on this machine, and per-character coverage.

A role (body 仿宋, title 小标宋, hei 黑体, kai 楷体, song 宋体) is filled by the first usable face of: the
template's settings (``fonts:`` in template.yaml), a --font-dir folder, the installed official faces, the
bundled open faces. Every character is checked against its face before layout; a character the face lacks
is set in the next face of the chain that has it, and one no face has stops the run with a clear message.
"""

from lintou_report.fonts.faces import Face, bundled_face, coverage, covers, covers_all
from lintou_report.fonts.fontset import FontSet
from lintou_report.fonts.resolve import fonts_for, resolve, template_fonts
from lintou_report.fonts.roles import FALLBACK_ROLE, ROLES, RoleInfo

__all__ = [
    "FALLBACK_ROLE",
    "ROLES",
    "Face",
    "FontSet",
    "RoleInfo",
    "bundled_face",
    "coverage",
    "covers",
    "covers_all",
    "fonts_for",
    "resolve",
    "template_fonts",
]
