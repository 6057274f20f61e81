"""Screen a file before `check` measures it: a PDF or DOCX from anyone must not take the machine's memory or time.

The measuring libraries (pdfminer, pdfium, LibreOffice, an XML parser) decompress and parse whatever a file
holds. Before they see it, this module reads the file's structure itself, with every size capped: the file,
the number of pages, each stream as decompressed and all of them together, a DOCX's parts and entries. Any
file a real office produces is far below these limits; a compression bomb or a file built to exhaust memory
is refused with a message instead.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lintou_report.errors import UserError

MB = 1 << 20
MAX_FILE_BYTES = 200 * MB  # a 100-page scanned document is about 50 MB
MAX_PAGES = 2000
MAX_STREAM_BYTES = 64 * MB  # one stream as decompressed (a page's content, a font, an image)
MAX_PAGE_CONTENT_BYTES = 8 * MB  # the text and drawing operators of one page (a dense page has ~50 KB)
MAX_DECOMPRESSED_BYTES = 256 * MB  # every stream of the file together
MAX_IMAGE_PIXELS = 100_000_000  # one image (a 600 dpi A3 scan is ~70 megapixels)
MAX_DOCX_ENTRIES = 5000
MAX_DOCX_PART_BYTES = 64 * MB  # one part (document.xml, a picture) as decompressed
MAX_DOCX_BYTES = 256 * MB  # every part together as decompressed

_CHUNK = 1 * MB
# Image codecs: the decoded size is width × height × components, which the image's own dictionary states.
_IMAGE_CODECS = {"/DCTDecode", "/JPXDecode", "/CCITTFaxDecode", "/JBIG2Decode", "/DCT", "/CCF"}


def _refuse(path: Path, message: str, fix: str) -> UserError:
    return UserError.simple(message, file=str(path), fix=fix)


def _too_large(path: Path, what: str, limit: int) -> UserError:
    return _refuse(
        path,
        f"{what}超过检查的上限（{limit // MB} MB），可能是压缩炸弹或损坏的文件，未作检查",
        "确认文件来源可靠；正常的公文 PDF、DOCX 远小于此上限",
    )


def screen_size(path: Path) -> None:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _too_large(path, "文件大小", MAX_FILE_BYTES)


# PDF --------------------------------------------------------------------------------------------------------


def screen_pdf(path: Path) -> None:
    """Refuse a PDF that is encrypted, damaged, empty, has too many pages or decompresses past the limits."""
    import pikepdf

    screen_size(path)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise _refuse(
            path, "PDF 已加密（设有打开密码），无法读取", "用 PDF 阅读器输入密码打开后另存为不加密的 PDF，再检查"
        ) from None
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise _refuse(path, f"无法读取 PDF：文件已损坏或不是 PDF（{exc}）", "确认文件是完整的 PDF") from None
    with pdf:
        try:
            pages = len(pdf.pages)
        except pikepdf.PdfError as exc:
            raise _refuse(path, f"无法读取 PDF 的页面（{exc}）", "确认文件是完整的 PDF") from None
        if pages == 0:
            raise _refuse(path, "PDF 中没有页面", "确认文件是完整的 PDF")
        if pages > MAX_PAGES:
            raise _refuse(path, f"PDF 有 {pages} 页，超过检查的上限 {MAX_PAGES} 页", "分成较小的文件再检查")
        contents = set()
        for page in pdf.pages:
            for stream in _page_contents(page.obj):
                contents.add(stream.objgen)
        total = 0
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                cap = MAX_PAGE_CONTENT_BYTES if obj.objgen in contents else MAX_STREAM_BYTES
                total += _decoded_size(path, obj, cap)
                if total > MAX_DECOMPRESSED_BYTES:
                    raise _too_large(path, "PDF 解压后的总大小", MAX_DECOMPRESSED_BYTES)


def _page_contents(page) -> list:
    import pikepdf

    contents = page.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        return [contents]
    if isinstance(contents, pikepdf.Array):
        return [c for c in contents if isinstance(c, pikepdf.Stream)]
    return []


def _filters(stream) -> list[str]:
    import pikepdf

    value = stream.stream_dict.get("/Filter")
    if isinstance(value, pikepdf.Name):
        return [str(value)]
    if isinstance(value, pikepdf.Array):
        return [str(f) for f in value]
    return []


def _decoded_size(path: Path, stream, cap: int) -> int:
    """The stream's size once decoded, holding at most ``cap`` bytes of it; past ``cap`` it is refused."""
    import pikepdf

    try:
        data = stream.read_raw_bytes()
    except pikepdf.PdfError as exc:
        raise _refuse(path, f"PDF 中的数据流已损坏（{exc}）", "确认文件是完整的 PDF") from None
    for name in _filters(stream):
        if name in _IMAGE_CODECS:
            width = int(stream.stream_dict.get("/Width", 0) or 0)
            height = int(stream.stream_dict.get("/Height", 0) or 0)
            if width * height > MAX_IMAGE_PIXELS:
                raise _refuse(
                    path,
                    f"PDF 中有一幅 {width} × {height} 像素的图像，"
                    f"超过检查的上限（{MAX_IMAGE_PIXELS // 1_000_000} 百万像素）",
                    "确认文件来源可靠；正常的公文中的图像远小于此上限",
                )
            return max(len(data), width * height * 4)
        decode = _DECODERS.get(name)
        if decode is None:  # a filter no measuring library here decodes: it stays as it is
            return len(data)
        try:
            data = decode(data, cap)
        except _TooLarge:
            raise _too_large(path, "PDF 中一个数据流解压后的大小", cap) from None
        except (ValueError, zlib.error):
            return len(data)  # damaged data: the readers take what they can, as they do elsewhere
    return len(data)


class _TooLarge(Exception):
    pass


def _collect(pieces, cap: int) -> bytes:
    out = bytearray()
    for piece in pieces:
        out += piece
        if len(out) > cap:
            raise _TooLarge
    return bytes(out)


def _inflate(data: bytes, cap: int) -> bytes:
    """Inflate a chunk at a time, so that a bomb stops at ``cap`` instead of filling memory."""

    def pieces():
        inflater = zlib.decompressobj()
        pending = data
        while pending and not inflater.eof:
            yield inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
        yield inflater.flush()

    return _collect(pieces(), cap)


def _lzw(data: bytes, cap: int) -> bytes:
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    return _collect(LZWDecoder(BytesIO(data)).run(), cap)


def _run_length(data: bytes, cap: int) -> bytes:
    def pieces():
        i = 0
        while i < len(data) and data[i] != 128:
            n = data[i]
            if n < 128:
                yield data[i + 1 : i + 2 + n]
                i += n + 2
            else:
                yield data[i + 1 : i + 2] * (257 - n)
                i += 2

    return _collect(pieces(), cap)


def _ascii_hex(data: bytes, _cap: int) -> bytes:
    digits = bytes(c for c in data.split(b">")[0] if not chr(c).isspace())
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def _ascii85(data: bytes, _cap: int) -> bytes:
    import base64

    body = data.strip().removeprefix(b"<~").split(b"~>")[0]
    return base64.a85decode(body, adobe=False, ignorechars=b" \t\n\r\x0b\x0c")


# Each decoder returns at most ``cap`` bytes or raises _TooLarge; hexadecimal and base-85 only shrink.
_DECODERS = {
    "/FlateDecode": _inflate,
    "/Fl": _inflate,
    "/LZWDecode": _lzw,
    "/LZW": _lzw,
    "/RunLengthDecode": _run_length,
    "/RL": _run_length,
    "/ASCIIHexDecode": _ascii_hex,
    "/AHx": _ascii_hex,
    "/ASCII85Decode": _ascii85,
    "/A85": _ascii85,
}


# DOCX -------------------------------------------------------------------------------------------------------


def read_docx_parts(path: Path, wanted) -> dict[str, bytes]:
    """The parts of a DOCX whose names ``wanted(name)`` accepts, read with every size capped and XML screened.

    Declared sizes in a zip can lie, so each part is read a chunk at a time and counted as it inflates.
    A part with a document type declaration (never in a real DOCX; the way to external entities and
    entity-expansion bombs) is refused before any XML parser sees it.
    """
    screen_size(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(
            path, f"无法作为 Word 文档（DOCX）打开：不是有效的 DOCX（{exc}）", "确认文件是 .docx 格式"
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_DOCX_ENTRIES:
            raise _refuse(
                path, f"DOCX 中有 {len(entries)} 个部件，超过检查的上限 {MAX_DOCX_ENTRIES} 个", "确认文件来源可靠"
            )
        total = 0
        parts = {}
        for entry in entries:
            if entry.is_dir():
                continue
            data = _read_entry(path, archive, entry, keep=wanted(entry.filename))
            total += data[1]
            if total > MAX_DOCX_BYTES:
                raise _too_large(path, "DOCX 解压后的总大小", MAX_DOCX_BYTES)
            if data[0] is not None:
                parts[entry.filename] = data[0]
    for name, xml in parts.items():
        if name.endswith((".xml", ".rels")) and b"<!DOCTYPE" in xml[:4096].upper():
            raise _refuse(
                path,
                f"DOCX 的部件 {name} 含有文档类型声明（DTD），Word 文档中不会有，可能是恶意文件，未作检查",
                "用 Word 或 WPS 打开后另存为 .docx，再检查",
            )
    return parts


def _read_entry(path: Path, archive: zipfile.ZipFile, entry: zipfile.ZipInfo, keep: bool) -> tuple[bytes | None, int]:
    """(the entry's bytes if ``keep``, its inflated size), reading at most MAX_DOCX_PART_BYTES of it."""
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(entry) as f:
            while chunk := f.read(_CHUNK):
                size += len(chunk)
                if size > MAX_DOCX_PART_BYTES:
                    raise _too_large(path, f"DOCX 的部件 {entry.filename} 解压后的大小", MAX_DOCX_PART_BYTES)
                if keep:
                    chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise _refuse(
            path, f"DOCX 的部件 {entry.filename} 已损坏或无法解压（{exc}）", "用 Word 或 WPS 打开后另存，再检查"
        ) from None
    return (b"".join(chunks) if keep else None), size
