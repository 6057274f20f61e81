"""A Word file (.docx) → the article's text: title, date line, body paragraphs; tables and captions listed as left out.

Our own DOCX (版头, Title, Heading 1, 表题 styles) and a clerk's Word file read alike: the paragraph styles only
say which line is the title and which lines are the 版头; the structure is found from the text as for any article.
The zip's directory is checked before python-docx decompresses anything, and a part with a DTD is refused, so
no entity is ever declared, let alone resolved.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import docx
from docx.opc.exceptions import PackageNotFoundError

from lintou_report.errors import Problem, UserError
from lintou_report.extract.limits import Received, check_controls, check_size, refuse

MAX_DOCX_PARTS = 2_000
MAX_DOCX_UNZIPPED = 100 * 1024 * 1024  # all parts together, as the zip's directory declares them
MAX_DOCX_XML = 30 * 1024 * 1024  # one XML part
MAX_RATIO = 200  # a part that unzips to more than 200 times its stored size is a zip bomb
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_CHROME_STYLES = ("版头", "表题", "版记")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d+[.．、])")
_NUMERALS = "一二三四五六七八九十"


def _numbered(text: str, style: str, counts: dict[int, int]) -> str:
    """A heading as Word shows it: Word numbers headings itself (一、 （一）), so their text lacks the number."""
    level = {"Heading 1": 1, "Heading 2": 2}.get(style)
    if level is None or _NUMBERED.match(text):
        return text
    counts[level] += 1
    if level == 1:
        counts[2] = 0
    numeral = _NUMERALS[(counts[level] - 1) % 10]
    return f"{numeral}、{text}" if level == 1 else f"（{numeral}）{text}"


def check_docx_zip(raw: bytes, name: str) -> zipfile.ZipFile:
    """The Word file's zip, after checking its directory: part count, declared sizes, compression ratio."""
    fix = "请用 Word 或 WPS 打开后另存为 .docx 再提取"
    try:
        archive = zipfile.ZipFile(BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse("Word 文件已损坏，或不是 .docx 文件", name, fix) from None
    if len(infos) > MAX_DOCX_PARTS:
        raise refuse(f"Word 文件有 {len(infos)} 个部件，超过上限 {MAX_DOCX_PARTS}", name, fix)
    total = sum(i.file_size for i in infos)
    if total > MAX_DOCX_UNZIPPED:
        raise refuse(f"Word 文件解压后有 {total / 1048576:.0f} MB，超过上限 {MAX_DOCX_UNZIPPED >> 20} MB", name, fix)
    for info in infos:
        big = info.file_size > MAX_DOCX_XML and info.filename.endswith((".xml", ".rels"))
        if big or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 65536:
            raise refuse(f"Word 文件的部件 {info.filename} 解压后异常大（疑似“压缩炸弹”）", name, fix)
    return archive


def read_docx(raw: bytes, name: str) -> Received:
    """The article in the Word file ``raw``."""
    archive = check_docx_zip(raw, name)
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")) and _DTD.search(archive.read(info)):
            raise UserError(
                Problem(
                    f"Word 文件的部件 {info.filename} 带有文档类型定义（DTD/实体），为安全起见不读取",
                    file=name,
                    fix="用 Word 或 WPS 打开后另存为 .docx 再提取",
                )
            )
    try:
        document = docx.Document(BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, SyntaxError):
        raise UserError(
            Problem("Word 文件已损坏，读不出正文", file=name, fix="用 Word 或 WPS 打开后另存为 .docx 再提取")
        ) from None
    title, dates, lines, removed = None, [], [], []
    counts = {1: 0, 2: 0}
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = paragraph.style.name if paragraph.style is not None else ""
        if not text:
            continue
        if style == "Title" and title is None:
            title = text
        elif style.startswith(_CHROME_STYLES):
            dates += _DATE.findall(text)
            removed.append(text)
        else:
            lines.append(_numbered(text, style, counts))
    removed += [f"表格（{len(t.rows)} 行）" for t in document.tables]
    head = ([title] if title else []) + ([f"日期：{dates[0]}"] if dates else [])
    text = check_controls("\n".join(head + lines) + "\n", name)
    return Received(check_size(text, name), "Word 文件", removed)
