"""The OFD writer (GB/T 33190): read back by a reader nobody here wrote (ofdkit), validated against the
schema of the parts written, the same pages as the PDF, deterministic, and measured by check like the PDF."""

from __future__ import annotations

import copy
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import ofdkit
import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from lintou_report.check import check
from lintou_report.check.report import as_json, as_text
from lintou_report.fonts import ROLES, FontSet
from lintou_report.source.model import Report
from lintou_report.source.templating import build_document
from lintou_report.writers import writer
from tests.hostile import assert_refused, run_cli

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "ofd-schemas" / "ofd-parts.xsd")))
NS = {"ofd": "http://www.ofdspec.org/2016"}
PT = 72 / 25.4
BLANKS = re.compile(r"\s+")


@pytest.fixture(scope="module", params=["briefing", "report"])
def rendered(request: pytest.FixtureRequest, seed_report: Report, fonts: FontSet) -> tuple[str, bytes, bytes]:
    """(template, OFD bytes, PDF bytes) of the seed report."""
    document = build_document(seed_report, request.param)
    return request.param, writer("ofd").render(document, fonts).data, writer("pdf").render(document, fonts).data


def _parts(ofd: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(ofd)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _pdf_pages(pdf: bytes) -> list[pdfplumber.page.Page]:
    return pdfplumber.open(io.BytesIO(pdf)).pages


def test_ofdkit_reads_every_text_in_the_pdfs_order(rendered: tuple[str, bytes, bytes]) -> None:
    _, ofd, pdf = rendered
    with ofdkit.open(ofd) as document:
        ofd_pages = [BLANKS.sub("", page.text()) for page in document.pages]
    pdf_pages = [BLANKS.sub("", page.extract_text()) for page in _pdf_pages(pdf)]
    assert len(ofd_pages) == len(pdf_pages) >= 2
    assert ofd_pages == pdf_pages
    assert sum(map(len, ofd_pages)) > 1000  # the whole report, not a cover


def test_ofdkit_places_each_run_where_the_pdf_draws_it(rendered: tuple[str, bytes, bytes]) -> None:
    """ofdkit's run origins and ends (mm, y down; the end from DeltaX plus an em for the last character)
    against pdfplumber's glyphs (pt, baseline from the text matrix): the same page, to 0.02 mm."""
    _, ofd, pdf = rendered
    with ofdkit.open(ofd) as document:
        pages = [page.runs for page in document.pages]
    checked = 0
    for runs, page in zip(pages, _pdf_pages(pdf), strict=True):
        glyphs = [
            (c["text"], c["x0"] / PT, c["x1"] / PT, (page.height - c["matrix"][5]) / PT)
            for c in page.chars
            if c["text"].strip()
        ]
        for run in runs:
            text = run.text.strip()
            starts = [g for g in glyphs if g[0] == text[0] and abs(g[1] - run.x) < 0.02 and abs(g[3] - run.y) < 0.02]
            assert starts, f"no glyph of the PDF where ofdkit puts {text!r} ({run.x:.3f}, {run.y:.3f} mm)"
            if re.fullmatch(r"[\u4e00-\u9fff]", text[-1]):  # ofdkit takes an em for a Chinese character
                end = run.x + run.width
                assert any(g[0] == text[-1] and abs(g[2] - end) < 0.02 and abs(g[3] - run.y) < 0.02 for g in glyphs)
            checked += 1
    assert checked > 100


def test_docinfo_and_page_area(rendered: tuple[str, bytes, bytes], seed_report: Report) -> None:
    template, ofd, _ = rendered
    document = build_document(seed_report, template)
    with ofdkit.open(ofd) as read:
        info = read.info
        assert [page.box for page in read.pages] == [(0, 0, 210, 297)] * len(read.pages)
    assert (info.title, info.author, info.creation_date) == (
        document.info.title,
        document.info.author,
        document.info.date,
    )
    assert info.keywords == document.info.keywords and len(info.doc_id) == 32


def test_every_part_validates_against_the_schema(rendered: tuple[str, bytes, bytes]) -> None:
    parts = _parts(rendered[1])
    xml = {name: etree.fromstring(data) for name, data in parts.items() if name.endswith(".xml")}
    assert {"OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml"} <= set(xml)
    assert sum(name.endswith("Content.xml") for name in xml) >= 2
    for name, root in xml.items():
        assert SCHEMA.validate(root), f"{name}: {SCHEMA.error_log}"
    broken = copy.deepcopy(xml["Doc_0/Pages/Page_0/Content.xml"])
    del broken.find(".//ofd:TextObject", NS).attrib["Font"]  # the schema can refuse: a text without its font
    assert not SCHEMA.validate(broken)


def test_ids_unique_and_references_resolve(rendered: tuple[str, bytes, bytes]) -> None:
    parts = _parts(rendered[1])
    roots = [etree.fromstring(data) for name, data in parts.items() if name.endswith(".xml")]
    ids = [int(e.get("ID")) for root in roots for e in root.iter() if e.get("ID") and not e.tag.endswith("}Page")]
    page_ids = [int(p.get("ID")) for p in etree.fromstring(parts["Doc_0/Document.xml"]).iterfind(".//ofd:Page", NS)]
    assert len(set(ids + page_ids)) == len(ids + page_ids)
    document = etree.fromstring(parts["Doc_0/Document.xml"])
    assert int(document.findtext(".//ofd:MaxUnitID", namespaces=NS)) == max(ids + page_ids)
    fonts = {f.get("ID") for f in etree.fromstring(parts["Doc_0/PublicRes.xml"]).iterfind(".//ofd:Font", NS)}
    used = {t.get("Font") for root in roots for t in root.iterfind(".//ofd:TextObject", NS)}
    assert used == fonts
    dests = {int(d.get("PageID")) for d in document.iterfind(".//ofd:Dest", NS)}
    assert dests and dests <= set(page_ids)


def test_fonts_are_truetype_subsets_named_by_official_faces(rendered: tuple[str, bytes, bytes]) -> None:
    parts = _parts(rendered[1])
    res = etree.fromstring(parts["Doc_0/PublicRes.xml"])
    text: dict[str, str] = {}
    for name, data in parts.items():
        if name.endswith("Content.xml"):
            for obj in etree.fromstring(data).iterfind(".//ofd:TextObject", NS):
                text[obj.get("Font")] = text.get(obj.get("Font"), "") + obj.findtext("ofd:TextCode", "", NS)
    families = set()
    for font in res.iterfind(".//ofd:Font", NS):
        families.add(font.get("FamilyName"))
        program = TTFont(io.BytesIO(parts[f"Doc_0/Res/{font.findtext('ofd:FontFile', namespaces=NS)}"]))
        assert "glyf" in program and "CFF " not in program
        cmap = program.getBestCmap()
        assert set(map(ord, text[font.get("ID")])) <= set(cmap)  # every character drawn has its glyph
        assert len(cmap) < 3000  # a subset, not the whole face
    assert families <= {info.official for info in ROLES.values()}
    assert {"仿宋_GB2312", "方正小标宋简体", "宋体"} <= families


def _points(path: etree._Element) -> list[tuple[float, float]]:
    """A PathObject's points on the page (mm): its Boundary's origin plus the AbbreviatedData's."""
    left, top = map(float, path.get("Boundary").split()[:2])
    numbers = list(map(float, re.findall(r"-?[\d.]+", path.findtext("ofd:AbbreviatedData", "", NS))))
    return [(left + x, top + y) for x, y in zip(numbers[0::2], numbers[1::2], strict=True)]


def test_red_masthead_separator_and_star(rendered: tuple[str, bytes, bytes]) -> None:
    template, ofd, _ = rendered
    first = etree.fromstring(_parts(ofd)["Doc_0/Pages/Page_0/Content.xml"])
    red = "255 0 0"
    red_text = [o for o in first.iterfind(".//ofd:TextObject", NS) if o.find("ofd:FillColor", NS).get("Value") == red]
    paths = list(first.iterfind(".//ofd:PathObject", NS))
    rules = [p for p in paths if p.find("ofd:StrokeColor", NS) is not None]
    red_rules = [_points(p) for p in rules if p.find("ofd:StrokeColor", NS).get("Value") == red]
    stars = [_points(p) for p in paths if p.get("Fill") == "true" and p.find("ofd:FillColor", NS).get("Value") == red]
    assert red_text and red_rules
    xs = [x for rule in red_rules for x, _ in rule]
    assert max(xs) - min(xs) == pytest.approx(156, abs=0.01)  # the separator spans the type area
    assert min(xs) == pytest.approx(28, abs=0.01)
    assert all(a[1] == b[1] for a, b in red_rules)  # horizontal
    if template == "report":  # 版头: the separator broken by a ★ in its middle
        (star,) = stars
        assert len(star) == 10 and len(red_rules) == 2
        assert min(x for x, _ in star) > max(x for x, _ in red_rules[0])
        assert (min(x for x, _ in star) + max(x for x, _ in star)) / 2 == pytest.approx(28 + 78, abs=0.05)


def test_check_measures_the_ofd_as_the_pdf(rendered: tuple[str, bytes, bytes], tmp_path: Path) -> None:
    template, ofd, pdf = rendered
    (tmp_path / "a.ofd").write_bytes(ofd)
    (tmp_path / "a.pdf").write_bytes(pdf)
    from_ofd, from_pdf = check(tmp_path / "a.ofd", template), check(tmp_path / "a.pdf", template)
    assert from_ofd.kind == "ofd" and from_ofd.passed, [(r.name, r.measured) for r in from_ofd.results]
    layout = {r.name: r.status for r in from_pdf.groups[0][1]}
    assert {r.name: r.status for r in from_ofd.groups[0][1]} == layout
    assert sum(s == "pass" for s in layout.values()) >= 30


def test_check_names_the_format_it_measured_and_shows_no_signed_zero(
    rendered: tuple[str, bytes, bytes], tmp_path: Path
) -> None:
    template, ofd, pdf = rendered
    (tmp_path / "a.ofd").write_bytes(ofd)
    (tmp_path / "a.pdf").write_bytes(pdf)
    for kind in ("OFD", "PDF"):
        report = check(tmp_path / f"a.{kind.lower()}", template)
        text = as_text(report)
        # a centring or a page number's place measured as a hair left of exact prints 0.0, not -0.0 or +0.0
        assert "0.0 mm" in text
        assert not re.search(r"(?<![\d.])[-+]0\.0+(?!\d)", text + as_json(report)), text
        fonts = [r for heading, rules in report.groups if "字体" in heading for r in rules]
        assert [(r.clause, r.name) for r in fonts] == [(kind, "字体全部嵌入")]
        assert ("PDF" if kind == "OFD" else "OFD") not in text, text


def test_check_refuses_a_damaged_ofd(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ofd"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("OFD.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    ran = run_cli(["check", bad], cwd=tmp_path)
    assert_refused(ran, mentions=["bad.ofd", "OFD"])
    assert "root:" not in ran.message  # the external entity was not read


def test_same_bytes_in_separate_processes(tmp_path: Path) -> None:
    script = (
        "import sys, hashlib\n"
        "from lintou_report.fonts import FontSet\n"
        "from lintou_report.resources import default_data_file\n"
        "from lintou_report.source.model import load_report\n"
        "from lintou_report.source.templating import build_document\n"
        "from lintou_report.writers import writer\n"
        "data = writer('ofd').render(build_document(load_report(default_data_file())), FontSet.bundled()).data\n"
        "print(hashlib.sha256(data).hexdigest())\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    runs = [
        subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        for _ in "ab"
    ]
    assert runs[0].stdout == runs[1].stdout and len(runs[0].stdout.strip()) == 64


def test_check_refuses_an_oversized_part_within_limits(tmp_path: Path) -> None:
    """A part that inflates past the reader's bound (a zip bomb in small) is refused, not read."""
    bomb = tmp_path / "bomb.ofd"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", b"<" + b" " * (70 << 20))
    assert bomb.stat().st_size < 1 << 20
    ran = run_cli(["check", bomb], cwd=tmp_path, memory_mb=1024)
    assert_refused(ran, mentions=["bomb.ofd", "过大"])


def test_check_refuses_a_docx_named_ofd(seed_docx: bytes, tmp_path: Path) -> None:
    renamed = tmp_path / "renamed.ofd"
    renamed.write_bytes(seed_docx)
    assert_refused(run_cli(["check", renamed], cwd=tmp_path), mentions=["renamed.ofd", "OFD.xml"])


def test_bold_run_is_filled_and_stroked_like_the_pdf(fonts: FontSet, seed_document) -> None:
    """A <b> run: the bundled faces have no bold, so both writers fill and stroke its glyphs."""
    from lintou_report.tree import Document, Paragraph, Run

    document = Document(
        seed_document.info,
        (
            Paragraph(
                (Run("镇党委"), Run("加强组织建设", bold=True), Run("。")),
            ),
        ),
    )
    ofd = writer("ofd").render(document, fonts).data
    page = etree.fromstring(_parts(ofd)["Doc_0/Pages/Page_0/Content.xml"])
    stroked = [o for o in page.iterfind(".//ofd:TextObject", NS) if o.get("Stroke") == "true"]
    assert [o.findtext("ofd:TextCode", namespaces=NS) for o in stroked] == ["加强组织建设"]
    assert float(stroked[0].get("LineWidth")) == pytest.approx(0.03 * 16 / PT, abs=0.001)
    assert stroked[0].find("ofd:StrokeColor", NS).get("Value") == "0 0 0"
    with ofdkit.open(ofd) as read:
        assert BLANKS.sub("", read.pages[0].text()) == "镇党委加强组织建设。—1—"  # and the page number


def test_outline_has_the_pdfs_entries_and_nesting(rendered: tuple[str, bytes, bytes]) -> None:
    from pypdf import PdfReader

    _, ofd, pdf = rendered

    def pdf_titles(items: list, depth: int = 0) -> list[tuple[int, str]]:
        out = []
        for item in items:
            out += pdf_titles(item, depth + 1) if isinstance(item, list) else [(depth, item.title)]
        return out

    def ofd_titles(parent: etree._Element, depth: int = 0) -> list[tuple[int, str]]:
        out = []
        for elem in parent.iterfind("ofd:OutlineElem", NS):
            out += [(depth, elem.get("Title")), *ofd_titles(elem, depth + 1)]
        return out

    outlines = etree.fromstring(_parts(ofd)["Doc_0/Document.xml"]).find("ofd:Outlines", NS)
    expected = pdf_titles(PdfReader(io.BytesIO(pdf)).outline)
    assert len(expected) >= 4 and ofd_titles(outlines) == expected


def test_pipeline_writes_ofd_beside_pdf(tmp_path: Path) -> None:
    """What `--format pdf,ofd` will call: one folder, one file per format, each named for its format."""
    from lintou_report.pipeline import make
    from lintou_report.resources import default_data_file

    paths = make(default_data_file(), "briefing", ("pdf", "ofd"), tmp_path)
    assert [p.suffix for p in paths] == [".pdf", ".ofd"] and paths[0].stem == paths[1].stem
    with ofdkit.open(paths[1]) as read:
        ofd_text = BLANKS.sub("", read.text())
    with pdfplumber.open(paths[0]) as pdf:
        assert ofd_text == "".join(BLANKS.sub("", p.extract_text()) for p in pdf.pages)
