"""Hostile articles given to `lintou-report extract`: each is refused cleanly under memory and CPU limits.

Exit status 2, a Chinese message naming the file (and the place where there is one), no traceback, no draft
written and nothing in the folder changed. The big inputs are made at test time.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from hostile import assert_refused, run_cli, snapshot

MEMORY_MB = 600
CPU_SECONDS = 30
GOOD = (
    "时间：2024-01-02 08:00 稿源：某镇党委\n导语，今年以来开展工作。\n"
    "党建+测试，为测试打“底色”。做好测试。开展工作2次。\n"
)


def _docx(document_xml: bytes | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """A Word file from python-docx, with its document part replaced or parts added."""
    made = BytesIO()
    document = docx.Document()
    document.add_paragraph("党建+测试，为测试打“底色”。")
    document.save(made)
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(made.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml" and document_xml is not None:
                data = document_xml
            z.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def _xxe_document() -> bytes:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        f"<w:document {ns}><w:body><w:p><w:r><w:t>党建&x;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def _laughs() -> bytes:
    entities = '<!ENTITY a "党建党建党建党建党建">' + "".join(
        f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    return f"<!DOCTYPE html [{entities}]><html><body><p>&i;</p></body></html>".encode()


CASES = {
    # name: (file name, bytes or a maker, words the message must hold)
    "text over 2 MB": ("big.txt", lambda: ("党建引领基层治理，" * 250_000).encode(), ["超过上限"]),
    "file over 20 MB": ("huge.txt", None, ["20 MB", "上限"]),
    "NUL byte": ("nul.txt", lambda: GOOD.replace("导语", "导\x00语").encode(), ["空字符", ":2:2"]),
    "control characters": ("ctl.txt", lambda: GOOD.replace("开展", "\x1b[31m").encode(), ["控制字符"]),
    "binary noise": ("noise.txt", lambda: bytes(range(128, 256)) * 64, ["编码无法识别"]),
    "PNG named .txt": ("picture.txt", lambda: b"\x89PNG\r\n\x1a\n" + bytes(500), ["图片"]),
    "PDF": ("paper.txt", lambda: b"%PDF-1.7\n" + bytes(500), ["PDF"]),
    "old Word .doc": ("old.txt", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), [".docx"]),
    "HTML nested 100,000 deep": ("deep.html", lambda: b"<html><body>" + b"<div>" * 100_000 + b"x", ["嵌套"]),
    "HTML entity bomb": ("laughs.html", _laughs, ["实体"]),
    "HTML of a million elements": ("many.html", lambda: b"<html><body>" + b"<b>x</b>" * 1_000_000, ["元素"]),
    "DOCX zip bomb": ("bomb.docx", lambda: _docx(extra={"word/media/bomb.bin": bytes(40 << 20)}), ["压缩炸弹"]),
    "DOCX over 100 MB unzipped": (
        "wide.docx",
        lambda: _docx(extra={f"word/media/{i}.bin": bytes(12 << 20) for i in range(9)}),
        ["超过上限"],
    ),
    "DOCX with an external entity": ("xxe.docx", lambda: _docx(_xxe_document()), ["DTD"]),
    "DOCX that is not a zip": ("broken.docx", lambda: b"PK\x03\x04" + bytes(300), ["已损坏"]),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hostile_article_is_refused(case, tmp_path: Path):
    name, make, mentions = CASES[case]
    article = tmp_path / name
    if make is None:
        with article.open("wb") as f:  # sparse: no memory or disk spent making it
            f.truncate(21 << 20)
    else:
        article.write_bytes(make())
    before = snapshot(tmp_path)
    ran = run_cli(["extract", article], cwd=tmp_path, memory_mb=MEMORY_MB, cpu_seconds=CPU_SECONDS)
    assert_refused(ran, mentions=[name, *mentions], before=before, folder=tmp_path)
    assert "root:" not in ran.message  # /etc/passwd never read


def test_a_folder_given_as_the_article(tmp_path: Path):
    (tmp_path / "folder.txt").mkdir()
    before = snapshot(tmp_path)
    ran = run_cli(["extract", tmp_path / "folder.txt"], cwd=tmp_path, memory_mb=MEMORY_MB)
    assert_refused(ran, mentions=["文件夹", "folder.txt"], before=before, folder=tmp_path)


def test_a_draft_never_replaces_its_article(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text(GOOD, encoding="utf-8")
    before = snapshot(tmp_path)
    ran = run_cli(["extract", article, "-o", article, "--force"], cwd=tmp_path, memory_mb=MEMORY_MB)
    assert_refused(ran, mentions=["同一个文件"], before=before, folder=tmp_path)


def test_an_existing_draft_is_not_clobbered(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.yaml").write_text("clerk's edits\n", encoding="utf-8")
    before = snapshot(tmp_path)
    ran = run_cli(["extract", article], cwd=tmp_path, memory_mb=MEMORY_MB)
    assert_refused(ran, mentions=["已存在", "a.yaml"], before=before, folder=tmp_path)


def test_an_article_too_large_for_one_period_is_refused_in_chinese(tmp_path: Path) -> None:
    """1,500 themes: more than a data file may hold; the clerk is told so, not shown an internal error."""
    article = tmp_path / "many.txt"
    theme = "党建+测试，为测试打“底色”。做好测试。开展工作2次，走访群众3户。\n"
    article.write_text(GOOD + theme * 1500, encoding="utf-8")
    before = snapshot(tmp_path)
    ran = run_cli(["extract", article], cwd=tmp_path, memory_mb=1000, cpu_seconds=60)
    assert_refused(ran, mentions=["上限", "many.txt"], before=before, folder=tmp_path)


def test_a_long_plain_article_within_the_limit_is_read_within_the_limits(tmp_path: Path):
    """A long article (half a million characters: one period's data file at most holds a million) is read
    under memory and CPU limits."""
    article = tmp_path / "long.txt"
    paragraph = "推进基层治理现代化，" * 60 + "成效明显。\n"
    head = "党建+测试，为测试打“底色”。\n做好测试。开展工作2次，走访群众3户。\n"
    body = head + paragraph * (500_000 // len(paragraph))
    article.write_text(GOOD + body, encoding="utf-8")
    ran = run_cli(["extract", article], cwd=tmp_path, memory_mb=1000, cpu_seconds=60)
    assert ran.status == 0, ran.message
    assert (tmp_path / "long.yaml").exists()
