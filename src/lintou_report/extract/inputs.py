"""An article as received (bytes and a file name) → its text, one paragraph a line, within ``limits``.

Plain text in any common encoding, a saved web page (.html/.htm) or a Word file (.docx). Everything here is
untrusted: sizes are checked before anything is decoded or decompressed, a Word file with a DTD is refused
(entities are never resolved), nothing is fetched from the network, and every refusal is a ``UserError``.
"""

from __future__ import annotations

import codecs
import re

from lintou_report.extract.limits import Received, check_controls, check_size, refuse
from lintou_report.extract.webpage import read_html
from lintou_report.extract.wordfile import read_docx

_MAGIC = {
    b"%PDF": "PDF 文件：请复制其中的正文，另存为 .txt 后再提取",
    b"\xd0\xcf\x11\xe0": "旧版 Word（.doc）文件：请用 Word 或 WPS 另存为 .docx 后再提取",
    b"\x89PNG": "图片（PNG）：请提供文字稿",
    b"\xff\xd8\xff": "图片（JPEG）：请提供文字稿",
    b"GIF8": "图片（GIF）：请提供文字稿",
    b"PK\x03\x04": "压缩文件（ZIP）：只有 Word 文件（.docx）可以直接提取",
}
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})  # Word's manual line break and a page break, copied as text
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936"}  # pages that say GB2312 often use GBK's characters too
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


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
    raise refuse(
        "原稿的编码无法识别（不是 UTF-8、UTF-16，也不是 GBK/GB18030）", name, "用记事本以 UTF-8 编码另存后再提取"
    )


def read_article(raw: bytes, name: str) -> Received:
    """The article's text from the bytes of ``name`` (.txt, .html/.htm or .docx), or a ``UserError``."""
    check_size(raw, name)
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "docx":
        return read_docx(raw, name)
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            raise refuse(f"原稿是{what.split('：')[0]}，不是文本", name, what.split("：", 1)[1])
    if suffix in ("html", "htm", "xhtml") or raw.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        head = _CHARSET.search(raw[:4096])
        text = decode(raw, name, head.group(1).decode("ascii").lower() if head else None)
        return read_html(check_controls(text, name), name)
    text = check_controls(decode(raw, name).replace("\r\n", "\n").replace("\r", "\n").translate(_BREAKS), name)
    return Received(check_size(text, name), "文本")
