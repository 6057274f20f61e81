"""An article as received (bytes and a file name) → its text, one paragraph a line, within generous limits.

Plain text in any common encoding, a saved web page (.html/.htm) or a Word file (.docx). Everything here is
untrusted: sizes are checked before anything is decoded or decompressed, a Word file with a DTD is refused
(entities are never resolved), nothing is fetched from the network, and every refusal is a ``UserError``.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from lintou_report.errors import Problem, UserError

MAX_FILE_BYTES = 20 * 1024 * 1024  # a saved page with its markup, or a Word file with pictures
MAX_TEXT_CHARS = 2_000_000  # the article's text: a long report has some 20,000 characters
MAX_DOCX_PARTS = 2_000
MAX_DOCX_UNZIPPED = 100 * 1024 * 1024  # all parts together, as the zip's directory declares them
MAX_DOCX_XML = 30 * 1024 * 1024  # one XML part
MAX_RATIO = 200  # a part that unzips to more than 200 times its stored size is a zip bomb

_MAGIC = {
    b"%PDF": "PDF 文件：请复制其中的正文，另存为 .txt 后再提取",
    b"\xd0\xcf\x11\xe0": "旧版 Word（.doc）文件：请用 Word 或 WPS 另存为 .docx 后再提取",
    b"\x89PNG": "图片（PNG）：请提供文字稿",
    b"\xff\xd8\xff": "图片（JPEG）：请提供文字稿",
    b"GIF8": "图片（GIF）：请提供文字稿",
    b"PK\x03\x04": "压缩文件（ZIP）：只有 Word 文件（.docx）可以直接提取",
}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})  # Word's manual line break and a page break, copied as text
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936"}  # pages that say GB2312 often use GBK's characters too
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


@dataclass
class Received:
    """The article's text, and what reading it left out (web-page chrome, tables of a Word file)."""

    text: str
    kind: str  # 文本, 网页, Word 文件
    removed: list[str] = field(default_factory=list)


def _refuse(message: str, name: str, fix: str, line: int | None = None, column: int | None = None) -> UserError:
    return UserError(Problem(message, file=name, line=line, column=column, fix=fix))


def check_size(text: str, name: str) -> str:
    """The article's text within ``MAX_TEXT_CHARS``, whatever file it came from."""
    if len(text) > MAX_TEXT_CHARS:
        raise _refuse(
            f"原稿正文有 {len(text):,} 个字符，超过上限 {MAX_TEXT_CHARS:,}（约 2 MB）",
            name,
            "一篇新闻稿远小于此：请检查是否选错了文件，或把原稿分成几篇分别提取",
        )
    return text


def check_controls(text: str, name: str) -> str:
    """No NUL or other control characters: they mean a binary file, not an article."""
    if m := _CONTROL.search(text):
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - text.rfind("\n", 0, m.start())
        what = "空字符（NUL）" if m.group() == "\x00" else f"控制字符 U+{ord(m.group()):04X}"
        raise _refuse(f"原稿中有{what}，不像文本文件", name, "确认选对了文件；文本请用记事本另存为 UTF-8", line, column)
    return text


def decode(raw: bytes, name: str, hint: str | None = None) -> str:
    """Text in UTF-8 (with or without BOM), UTF-16 (with BOM, or plainly so), GB18030/GBK, or ``hint``."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if raw.startswith(bom):
            return _decoded(raw[len(bom) :], [encoding], name)
    encodings = ["gb18030" if hint in _GB else hint] if hint else []
    if len(raw) % 2 == 0 and raw[1::2].count(0) > len(raw) // 4:
        encodings.append("utf-16-le")  # no BOM, but every other byte is zero: ASCII in UTF-16
    elif len(raw) % 2 == 0 and raw[0::2].count(0) > len(raw) // 4:
        encodings.append("utf-16-be")
    return _decoded(raw, [*encodings, "utf-8", "gb18030"], name)


def _decoded(raw: bytes, encodings: list[str], name: str) -> str:
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise _refuse(
        "原稿的编码无法识别（不是 UTF-8、UTF-16，也不是 GBK/GB18030）", name, "用记事本以 UTF-8 编码另存后再提取"
    )


def read_article(raw: bytes, name: str) -> Received:
    """The article's text from the bytes of ``name`` (.txt, .html/.htm or .docx), or a ``UserError``."""
    if len(raw) > MAX_FILE_BYTES:
        raise _refuse(
            f"原稿文件大于上限 {MAX_FILE_BYTES >> 20} MB",
            name,
            "请检查是否选错了文件；网页请另存为“仅 HTML”，Word 文件请删去图片后再提取",
        )
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "docx":
        from lintou_report.extract.wordfile import read_docx

        return read_docx(raw, name)
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            raise _refuse(f"原稿是{what.split('：')[0]}，不是文本", name, what.split("：", 1)[1])
    if suffix in ("html", "htm", "xhtml") or raw.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        from lintou_report.extract.webpage import read_html

        head = _CHARSET.search(raw[:4096])
        text = decode(raw, name, head.group(1).decode("ascii").lower() if head else None)
        return read_html(check_controls(text, name), name)
    text = check_controls(decode(raw, name).replace("\r\n", "\n").replace("\r", "\n").translate(_BREAKS), name)
    return Received(check_size(text, name), "文本")


def check_docx_zip(raw: bytes, name: str) -> zipfile.ZipFile:
    """The Word file's zip, after checking its directory: part count, declared sizes, compression ratio."""
    fix = "请用 Word 或 WPS 打开后另存为 .docx 再提取"
    try:
        archive = zipfile.ZipFile(BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse("Word 文件已损坏，或不是 .docx 文件", name, fix) from None
    if len(infos) > MAX_DOCX_PARTS:
        raise _refuse(f"Word 文件有 {len(infos)} 个部件，超过上限 {MAX_DOCX_PARTS}", name, fix)
    total = sum(i.file_size for i in infos)
    if total > MAX_DOCX_UNZIPPED:
        raise _refuse(f"Word 文件解压后有 {total / 1048576:.0f} MB，超过上限 {MAX_DOCX_UNZIPPED >> 20} MB", name, fix)
    for info in infos:
        big = info.file_size > MAX_DOCX_XML and info.filename.endswith((".xml", ".rels"))
        if big or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 65536:
            raise _refuse(f"Word 文件的部件 {info.filename} 解压后异常大（疑似“压缩炸弹”）", name, fix)
    return archive
