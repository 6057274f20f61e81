"""The limits an article must keep, and the text read from it: what every reader of an article file shares.

Sizes are generous (no real news item comes near them) and are checked before anything is decoded or
decompressed, so a hostile file is refused with a message instead of running the machine out of memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeVar

from lintou_report.errors import Problem, UserError

MAX_FILE_BYTES = 20 * 1024 * 1024  # a saved page with its markup, or a Word file with pictures
MAX_TEXT_CHARS = 2_000_000  # the article's text: a long report has some 20,000 characters
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
Content = TypeVar("Content", bytes, str)


@dataclass
class Received:
    """The article's text, and what reading it left out (web-page chrome, tables of a Word file)."""

    text: str
    kind: str  # 文本, 网页, Word 文件
    removed: list[str] = field(default_factory=list)


def refuse(message: str, name: str, fix: str, line: int | None = None, column: int | None = None) -> UserError:
    return UserError(Problem(message, file=name, line=line, column=column, fix=fix))


def check_size(content: Content, name: str) -> Content:
    """An article file's bytes within ``MAX_FILE_BYTES`` (before anything reads them), or its text, whatever
    file it came from, within ``MAX_TEXT_CHARS``."""
    if isinstance(content, bytes):
        limit, message = MAX_FILE_BYTES, f"原稿文件大于上限 {MAX_FILE_BYTES >> 20} MB"
        fix = "请检查是否选错了文件；网页请另存为“仅 HTML”，Word 文件请删去图片后再提取"
    else:
        limit, message = MAX_TEXT_CHARS, f"原稿正文有 {len(content):,} 个字符，超过上限 {MAX_TEXT_CHARS:,}（约 2 MB）"
        fix = "一篇新闻稿远小于此：请检查是否选错了文件，或把原稿分成几篇分别提取"
    if len(content) > limit:
        raise refuse(message, name, fix)
    return content


def check_controls(text: str, name: str) -> str:
    """No NUL or other control characters: they mean a binary file, not an article."""
    if m := _CONTROL.search(text):
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - text.rfind("\n", 0, m.start())
        what = "空字符（NUL）" if m.group() == "\x00" else f"控制字符 U+{ord(m.group()):04X}"
        raise refuse(f"原稿中有{what}，不像文本文件", name, "确认选对了文件；文本请用记事本另存为 UTF-8", line, column)
    return text
