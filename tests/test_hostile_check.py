"""`check` given hostile or broken files: each refused with a Chinese message naming the file, exit status 2,
no traceback, within the harness's memory and CPU limits (tests/hostile.py), and nothing written.

The large inputs (compression bombs, many pages) are generated here at test time.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile import assert_refused, run_cli, snapshot
from pypdf import PdfWriter

from lintou_report.check import screen

GIB = 1 << 30


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from numbered object bodies (1 is the catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _one_page(content: bytes, extra: bytes = b"/Filter /FlateDecode") -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(content, extra),
        ]
    )


def _deflated_zeros(size: int) -> bytes:
    """``size`` zero bytes deflated (about 1 KB per MB), made a megabyte at a time."""
    packer = zlib.compressobj(9)
    block = bytes(1 << 20)
    return b"".join(packer.compress(block) for _ in range(size >> 20)) + packer.flush()


def flate_bomb(path: Path) -> None:
    path.write_bytes(_one_page(_deflated_zeros(GIB)))


def font_stream_bomb(path: Path) -> None:
    """The bomb in a stream no page draws from directly (counted against the file's total)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        _stream(b"BT ET"),
        _stream(_deflated_zeros(GIB // 2), b"/Filter /FlateDecode"),
    ]
    path.write_bytes(_pdf(objects))


def chained_bomb(path: Path) -> None:
    """Deflate inside deflate: a small outer stream whose inner stream is the bomb."""
    path.write_bytes(_one_page(zlib.compress(_deflated_zeros(GIB)), b"/Filter [/FlateDecode /FlateDecode]"))


def page_content_too_dense(path: Path) -> None:
    """A page whose operators decompress to 16 MB: far past any real page, and minutes for pdfminer."""
    path.write_bytes(_one_page(zlib.compress(b"BT /F1 12 Tf (x) Tj ET\n" * 700_000)))


def huge_image(path: Path) -> None:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        _stream(
            b"\xff\xd8\xff\xd9",
            b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000"
            b" /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode",
        ),
    ]
    path.write_bytes(_pdf(objects))


def too_many_pages(path: Path) -> None:
    writer = PdfWriter()
    for _ in range(screen.MAX_PAGES + 1):
        writer.add_blank_page(595, 842)
    writer.write(path)


def no_pages(path: Path) -> None:
    path.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))


def encrypted(path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    writer.write(path)


def truncated(path: Path) -> None:
    path.write_bytes(_one_page(zlib.compress(b"BT ET"))[:60])


def not_a_pdf(path: Path) -> None:
    path.write_text("这不是 PDF，只是改了扩展名的文本。", encoding="utf-8")


def empty_pdf(path: Path) -> None:
    path.write_bytes(b"")


def oversized_file(path: Path) -> None:
    """Past the file size limit without using the disk: a sparse file."""
    with open(path, "wb") as f:
        f.truncate(screen.MAX_FILE_BYTES + 1)


def _docx(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


_CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_zip_bomb(path: Path) -> None:
    """document.xml that inflates to 1 GB; written with a raw deflate stream so the test never holds 1 GB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        entry = zipfile.ZipInfo("word/document.xml")
        entry.compress_type = zipfile.ZIP_DEFLATED
        with z.open(entry, "w", force_zip64=True) as f:
            block = b" " * (1 << 20)
            for _ in range(1024):
                f.write(block)
    path.write_bytes(out.getvalue())


def docx_external_entity(path: Path) -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<w:document " + _W + b"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    path.write_bytes(_docx({"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": xml}))


def docx_billion_laughs(path: Path) -> None:
    entities = b'<!ENTITY a0 "hahahahahahahahahaha">' + b"".join(
        b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1)) * 10) for i in range(1, 10)
    )
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [' + entities + b"]>"
        b"<w:document " + _W + b"><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>"
    )
    path.write_bytes(_docx({"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": xml}))


def docx_bad_xml(path: Path) -> None:
    xml = b'<?xml version="1.0"?><w:document ' + _W + "><w:body><w:p><w:r><w:t>没有闭合".encode()
    path.write_bytes(_docx({"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": xml}))


def docx_not_a_zip(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 then nothing a zip reader can use" * 10)


def docx_without_body(path: Path) -> None:
    path.write_bytes(_docx({"[Content_Types].xml": _CONTENT_TYPES, "word/styles.xml": b"<w:styles " + _W + b"/>"}))


def docx_too_many_parts(path: Path) -> None:
    parts = {"[Content_Types].xml": _CONTENT_TYPES}
    parts.update({f"word/media/x{i}.bin": b"" for i in range(screen.MAX_DOCX_ENTRIES + 1)})
    path.write_bytes(_docx(parts, zipfile.ZIP_STORED))


def docx_corrupt_member(path: Path) -> None:
    """A zip whose central directory is fine but whose document.xml data is garbage."""
    data = bytearray(_docx({"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": b"<w:document/>" * 200}))
    start = data.index(b"word/document.xml") + len("word/document.xml")
    data[start + 2 : start + 10] = b"\x00\xff" * 4
    path.write_bytes(bytes(data))


CASES: dict[str, tuple[str, Callable[[Path], None], str]] = {
    # name: (file name, make it, a word the message must hold)
    "flate bomb in page content": ("bomb.pdf", flate_bomb, "解压"),
    "flate bomb in another stream": ("font-bomb.pdf", font_stream_bomb, "解压"),
    "bomb inside a doubly deflated stream": ("chained.pdf", chained_bomb, "解压"),
    "page content far too dense": ("dense.pdf", page_content_too_dense, "解压"),
    "a 10-gigapixel image": ("image.pdf", huge_image, "像素"),
    "too many pages": ("pages.pdf", too_many_pages, "页"),
    "no pages": ("nopages.pdf", no_pages, "没有页面"),
    "encrypted PDF": ("secret.pdf", encrypted, "加密"),
    "truncated PDF": ("cut.pdf", truncated, "PDF"),
    "text named .pdf": ("text.pdf", not_a_pdf, "PDF"),
    "empty .pdf": ("empty.pdf", empty_pdf, "PDF"),
    "file past the size limit": ("huge.pdf", oversized_file, "上限"),
    "DOCX zip bomb": ("bomb.docx", docx_zip_bomb, "解压"),
    "DOCX with an external entity": ("xxe.docx", docx_external_entity, "DTD"),
    "DOCX billion laughs": ("laughs.docx", docx_billion_laughs, "DTD"),
    "DOCX with broken XML": ("broken.docx", docx_bad_xml, "XML"),
    "not a zip named .docx": ("fake.docx", docx_not_a_zip, "DOCX"),
    "DOCX without document.xml": ("nobody.docx", docx_without_body, "document.xml"),
    "DOCX with too many parts": ("parts.docx", docx_too_many_parts, "部件"),
    "DOCX with a corrupt part": ("corrupt.docx", docx_corrupt_member, "损坏"),
}


@pytest.mark.parametrize("case", CASES)
def test_check_refuses_hostile_file(case: str, tmp_path: Path) -> None:
    name, make, word = CASES[case]
    target = tmp_path / name
    make(target)
    before = snapshot(tmp_path)
    ran = run_cli(["check", target], cwd=tmp_path, memory_mb=768, cpu_seconds=60)
    assert_refused(ran, mentions=[str(target), word], before=before, folder=tmp_path)


def test_check_refuses_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "x.pdf"
    folder.mkdir()
    assert_refused(run_cli(["check", folder], cwd=tmp_path), mentions=["文件夹"])


def test_external_entity_never_read(tmp_path: Path) -> None:
    """The entity names a file holding a marker; the marker must appear nowhere in the output."""
    secret = tmp_path / "secret.txt"
    secret.write_text("MARKER-7f3a", encoding="utf-8")
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "' + secret.as_uri().encode() + b'">]>'
        b"<w:document " + _W + b"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    target = tmp_path / "leak.docx"
    target.write_bytes(_docx({"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": xml}))
    ran = run_cli(["check", "--json", target], cwd=tmp_path)
    assert_refused(ran, mentions=["DTD"])
    assert "MARKER-7f3a" not in ran.message


def test_screen_passes_real_files(seed_pdf: bytes, seed_docx: bytes, tmp_path: Path) -> None:
    """The limits leave the tool's own files alone (the whole check of them is in test_check.py)."""
    pdf, docx = tmp_path / "seed.pdf", tmp_path / "seed.docx"
    pdf.write_bytes(seed_pdf)
    docx.write_bytes(seed_docx)
    screen.screen_pdf(pdf)
    parts = screen.read_docx_parts(docx, lambda name: name == "word/document.xml")
    assert list(parts) == ["word/document.xml"] and b"<w:body>" in parts["word/document.xml"]
