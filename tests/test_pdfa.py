"""PDF/A-1b: Apache PDFBox Preflight (Debian's libpdfbox2-java) accepts the file; its XMP mirrors the Info
dictionary; the output intent is the sRGB v2 profile; the pages are the PDF's; the bytes are reproducible."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from lintou_report.fonts import FontSet
from lintou_report.tree import Document
from lintou_report.writers.pdf.pdfa import to_pdfa

# Preflight and the libraries it loads, as Debian installs them (tools/setup-dev.sh)
JARS = ("preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api")
CLASSPATH = ":".join(f"/usr/share/java/{jar}.jar" for jar in JARS)


def preflight(path: Path) -> str:
    done = subprocess.run(
        ["java", "-cp", CLASSPATH, "org.apache.pdfbox.preflight.Validator_A1b", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def pdfa(seed_pdf: bytes, seed_document: Document) -> bytes:
    return to_pdfa(seed_pdf, seed_document.info)


def test_preflight_accepts_pdfa_and_refuses_the_plain_pdf(pdfa: bytes, seed_pdf: bytes, tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(pdfa)
    (tmp_path / "plain.pdf").write_bytes(seed_pdf)
    assert "is a valid PDF/A-1b file" in preflight(tmp_path / "a.pdf"), preflight(tmp_path / "a.pdf")
    refused = preflight(tmp_path / "plain.pdf")  # the validator can refuse: ReportLab's file as it is
    assert "is not a valid PDF/A-1b file" in refused and "endstream" in refused


def test_xmp_mirrors_the_info_dictionary(pdfa: bytes, seed_document: Document) -> None:
    info = seed_document.info
    with pikepdf.open(io.BytesIO(pdfa)) as pdf:
        meta = pdf.open_metadata()
        docinfo = pdf.docinfo
        assert str(docinfo["/Title"]) == meta["dc:title"] == info.title
        assert str(docinfo["/Author"]) == info.author and meta["dc:creator"] == [info.author]
        assert str(docinfo["/Subject"]) == meta["dc:description"] == info.subject
        assert str(docinfo["/Keywords"]) == meta["pdf:Keywords"] == ", ".join(info.keywords)
        assert meta["dc:subject"] == set(info.keywords)
        assert str(docinfo["/Creator"]) == meta["xmp:CreatorTool"]
        assert str(docinfo["/Producer"]) == meta["pdf:Producer"]
        assert meta["xmp:CreateDate"] == f"{info.date}T00:00:00+08:00"
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("1", "B")
        assert "/Trapped" not in docinfo


def test_srgb_v2_output_intent(pdfa: bytes) -> None:
    with pikepdf.open(io.BytesIO(pdfa)) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
        profile = intent.DestOutputProfile.read_bytes()
        assert intent.DestOutputProfile.N == 3
        assert profile[8] == 2 and profile[12:20] == b"mntrRGB "  # an ICC v2 display profile in RGB
        assert pdf.pdf_version == "1.4"


def test_same_pages_and_text_as_the_pdf(pdfa: bytes, seed_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(pdfa)) as a, pdfplumber.open(io.BytesIO(seed_pdf)) as b:
        assert [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]
        assert len(a.pages) >= 2


def test_reproducible(seed_pdf: bytes, seed_document: Document, pdfa: bytes, fonts: FontSet) -> None:
    from lintou_report.writers import writer
    from lintou_report.writers.options import WriterOptions

    assert to_pdfa(seed_pdf, seed_document.info) == pdfa
    assert writer("pdf").render(seed_document, fonts, WriterOptions(pdfa=True)).data == pdfa


def test_report_template_with_star_is_valid_pdfa(seed_report, fonts: FontSet, tmp_path: Path) -> None:
    from lintou_report.source.templating import build_document
    from lintou_report.writers import writer
    from lintou_report.writers.options import WriterOptions

    path = tmp_path / "report.pdf"
    path.write_bytes(writer("pdf").render(build_document(seed_report, "report"), fonts, WriterOptions(pdfa=True)).data)
    assert "is a valid PDF/A-1b file" in preflight(path), preflight(path)


def test_cli_writes_pdfa_and_ofd_beside_each_other(tmp_path: Path) -> None:
    """`--format pdf,ofd --pdfa`: a PDF/A-1b file Preflight accepts and an OFD of the same pages."""
    from lintou_report.cli import main

    assert main(["--format", "pdf,ofd", "--pdfa", "-o", str(tmp_path)]) == 0
    pdf, ofd = tmp_path / "briefing-2023-11.pdf", tmp_path / "briefing-2023-11.ofd"
    assert "is a valid PDF/A-1b file" in preflight(pdf) and ofd.read_bytes()[:2] == b"PK"
    with pdfplumber.open(pdf) as read:
        pages = len(read.pages)
    with zipfile.ZipFile(ofd) as package:
        assert sum(1 for n in package.namelist() if n.endswith("/Content.xml")) == pages
