"""The DOCX writer: what the package says (styles, faces, section, fields, tables, properties), and how a
real client lays it out — LibreOffice converts the DOCX to PDF and that PDF is measured like the project's
own (helpers from test_pdf.py).

LibreOffice has no Chinese fonts here; a private fontconfig file points it at the bundled faces under the
official names the DOCX uses (方正小标宋简体 → Noto Serif CJK SC Bold, 仿宋_GB2312 → FandolFang …), as an
office machine with those faces installed would resolve them.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from pdf_measure import (
    BODY,
    BOTTOM,
    DASH,
    LEFT,
    MM,
    PAGE,
    PITCH,
    RIGHT,
    TOP,
    body_lines,
    full_pages,
    ink_box,
    ink_rows,
    page_number_line,
    pages_of,
    text_lines,
)
from pypdf import PdfReader

from lintou_report.fonts import ROLES, FontSet
from lintou_report.layout.table import continuation
from lintou_report.spec import gbt9704
from lintou_report.tree import (
    Colophon,
    ColophonLine,
    Document,
    DocumentInfo,
    Heading,
    OfficialMasthead,
    Paragraph,
    Run,
    Signature,
    Table,
    Title,
)
from lintou_report.writers import writer
from lintou_report.writers.docx import render as render_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}
OFFICIAL = {info.official for info in ROLES.values()}
INFO = DocumentInfo("测试", "中共林头镇委员会", "测试文档", ("测试",), "2023-11-09")
# The last 版记 rule lies inside the text box, above the 0.2 pt paragraph a text box must end with: its
# centre is 0.7 pt (0.25 mm) above the type-area bottom.
RULE_ON_BOTTOM = 1.0
PDF_FONT = {  # the bundled face LibreOffice embeds for each role
    "title": "NotoSerifCJKsc-Bold",
    "body": "FandolFang-Regular",
    "hei": "NotoSansCJKsc-Medium",
    "kai": "FandolKai-Regular",
    "song": "NotoSerifCJKsc-Regular",
}


# --- reading the DOCX --------------------------------------------------------------------------------------


def parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {name: z.read(name) for name in z.namelist()}


def xml(docx: bytes, name: str) -> etree._Element:
    return etree.fromstring(parts(docx)[name])


def attr(element: etree._Element | None, name: str) -> str | None:
    return None if element is None else element.get(f"{{{W}}}{name}")


def style(docx: bytes, style_id: str) -> etree._Element:
    found = xml(docx, "word/styles.xml").find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


def east_asian_face(element: etree._Element) -> str | None:
    return attr(element.find("w:rPr/w:rFonts", NS), "eastAsia")


def render(document: Document, **options: str) -> bytes:
    return render_docx(document, FontSet.bundled(), **options)


# --- documents ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def running_document(seed_document: Document) -> Document:
    """The seed's text twice over as plain paragraphs: several full pages of running text."""
    texts = [b.text for b in seed_document.blocks if isinstance(b, Paragraph)]
    texts += ["".join(r.text for r in b.body) for b in seed_document.blocks if isinstance(b, Heading) and b.body]
    return Document(INFO, (Title("林头镇党委以“党建+”赋能镇园融合发展"), *(Paragraph((Run(t),)) for t in texts * 2)))


@pytest.fixture(scope="module")
def official_document() -> Document:
    """A 公文 with the red 版头 and ★, headings of every level, a signature and a 版记."""
    return Document(
        INFO,
        (
            OfficialMasthead("中共林头镇委员会文件", "林党〔2023〕12号", star=True),
            Title("关于印发《林头镇2023年党建工作要点》的通知"),
            Paragraph((Run("各村（社区）党组织，镇直各单位党组织："),), indent=False),
            Paragraph((Run("现将《林头镇2023年党建工作要点》印发给你们，请结合实际认真贯彻落实。"),)),
            Heading(1, "一、总体要求"),
            Heading(2, "（一）目标任务"),
            Heading(3, "1.基层组织"),
            Heading(4, "（1）非公企业"),
            Paragraph((Run("正文，"), Run("楷体的话", role="kai"), Run("和黑体的话", role="hei"), Run("。"))),
            Paragraph((Run("联系人：王堃。"),)),  # 堃 is not in GB2312: FandolFang lacks it, the 宋体 face has it
            Signature("中共林头镇委员会", "2023年11月9日"),
            Colophon(
                (
                    (ColophonLine("抄送：", "县委组织部，县委办公室。"),),
                    (ColophonLine("", "中共林头镇委员会办公室", "2023年11月9日印发"),),
                )
            ),
        ),
    )


# --- LibreOffice --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lo_seed(libreoffice: Callable[[bytes, str], bytes], seed_docx: bytes) -> bytes:
    return libreoffice(seed_docx, "seed")


@pytest.fixture(scope="module")
def lo_running(libreoffice: Callable[[bytes, str], bytes], running_document: Document) -> bytes:
    return libreoffice(render(running_document), "running")


@pytest.fixture(scope="module")
def lo_official(libreoffice: Callable[[bytes, str], bytes], official_document: Document) -> bytes:
    return libreoffice(render(official_document), "official")


def test_check_passes_libreoffices_pdf_of_the_docx_as_a_foreign_file(lo_seed: bytes, tmp_path: Path) -> None:
    """LibreOffice's PDF of our DOCX, read as any PDF (the checker does not know it came from a DOCX): every
    rule passes, the character pitch a DOCX can store (15.75 pt) included."""
    from lintou_report.check import check

    path = tmp_path / "seed.pdf"
    path.write_bytes(lo_seed)
    report = check(path)
    failed = [f"{r.clause} {r.name}: {r.measured}" for r in report.results if r.status == "fail"]
    assert report.passed, failed
    pitch = next(r for r in report.results if r.name == "字距（每行28字）")
    assert pitch.status == "pass" and "15.7" in pitch.measured, pitch


# --- the package ------------------------------------------------------------------------------------------


def test_no_theme_font_and_no_theme_part(seed_docx: bytes) -> None:
    """WPS reports theme fonts as missing: no style or run may lean on one, and the theme part is gone."""
    for name, data in parts(seed_docx).items():
        assert not re.search(rb"w:\w*[tT]heme=", data), name
        assert b"theme/theme" not in data, name
    assert not any(name.startswith("word/theme") for name in parts(seed_docx))


def test_every_style_names_official_faces_for_every_script(seed_docx: bytes) -> None:
    styles = xml(seed_docx, "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert attr(defaults.find("w:rFonts", NS), "eastAsia") == ROLES["body"].official
    assert attr(defaults.find("w:lang", NS), "eastAsia") == "zh-CN"
    checked = 0
    for element in styles.findall("w:style", NS):
        if attr(element, "type") == "table" or attr(element, "styleId") == "DefaultParagraphFont":
            continue  # Word's built-in defaults carry no run formatting
        fonts = element.find("w:rPr/w:rFonts", NS)
        assert fonts is not None, attr(element, "styleId")
        faces = {attr(fonts, slot) for slot in ("ascii", "hAnsi", "eastAsia", "cs")}
        assert len(faces) == 1 and faces <= OFFICIAL, (attr(element, "styleId"), faces)
        checked += 1
    assert checked >= 14


def test_normal_is_3hao_fangsong_on_the_579_twip_grid(seed_docx: bytes) -> None:
    normal = style(seed_docx, "Normal")
    assert east_asian_face(normal) == "仿宋_GB2312"
    assert attr(normal.find("w:rPr/w:sz", NS), "val") == "32"
    assert attr(normal.find("w:rPr/w:spacing", NS), "val") == str(gbt9704.DOCX_CHAR_SPACING_TWIPS) == "-5"
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert (attr(spacing, "line"), attr(spacing, "lineRule")) == ("579", "exact")
    assert attr(normal.find("w:pPr/w:ind", NS), "firstLineChars") == "200"


def test_headings_have_outline_levels_and_the_gongwen_faces(seed_docx: bytes) -> None:
    faces = {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"}
    for level, face in faces.items():
        heading = style(seed_docx, f"Heading{level}")
        assert attr(heading.find("w:name", NS), "val") == f"heading {level}"  # Word's built-in heading
        assert attr(heading.find("w:pPr/w:outlineLvl", NS), "val") == str(level - 1)
        assert east_asian_face(heading) == face
        assert east_asian_face(style(seed_docx, f"Heading{level}Char")) == face
    assert east_asian_face(style(seed_docx, "Title")) == "方正小标宋简体"


def test_run_in_level_2_headings_stay_in_the_outline(seed_docx: bytes, seed_document: Document) -> None:
    """A run-in heading is a body paragraph at outline level 2 led by the heading's linked character style."""
    body = xml(seed_docx, "word/document.xml").find("w:body", NS)
    leads = []
    for p in body.findall("w:p", NS):
        if attr(p.find("w:pPr/w:outlineLvl", NS), "val") == "1":
            assert attr(p.find("w:pPr/w:pStyle", NS), "val") == "Normal"
            first = p.find("w:r", NS)
            assert attr(first.find("w:rPr/w:rStyle", NS), "val") == "Heading2Char"
            leads.append(first.findtext("w:t", namespaces=NS))
    assert leads == [b.text for b in seed_document.blocks if isinstance(b, Heading) and b.run_in]
    level_1 = [p for p in body.findall("w:p", NS) if attr(p.find("w:pPr/w:pStyle", NS), "val") == "Heading1"]
    assert len(level_1) == 3


def test_runs_name_a_face_only_where_their_style_does_not(official_document: Document) -> None:
    """Real styles: a run carries a face of its own only for another role (楷体 words in a body paragraph)
    or for a character its role's face lacks (set in the fallback 宋体, as the PDF does)."""
    docx = render(official_document)
    styles = {attr(s, "styleId"): east_asian_face(s) for s in xml(docx, "word/styles.xml").findall("w:style", NS)}
    direct = []
    for p in xml(docx, "word/document.xml").iter(f"{{{W}}}p"):
        paragraph_face = styles[attr(p.find("w:pPr/w:pStyle", NS), "val") or "Normal"]
        for r in p.findall("w:r", NS):
            face = attr(r.find("w:rPr/w:rFonts", NS), "eastAsia")
            if face:
                assert face != paragraph_face, r.findtext("w:t", namespaces=NS)
                direct.append((r.findtext("w:t", namespaces=NS), face))
    assert direct == [("楷体的话", "楷体_GB2312"), ("和黑体的话", "黑体"), ("堃", "宋体")]


def test_ambiguous_punctuation_is_set_in_the_east_asian_face(seed_docx: bytes) -> None:
    runs = 0
    for name in ("word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        for r in xml(seed_docx, name).iter(f"{{{W}}}r"):
            content = "".join(t.text or "" for t in r.findall("w:t", NS))
            if set(content) & set("“”‘’—…"):
                assert attr(r.find("w:rPr/w:rFonts", NS), "hint") == "eastAsia", content
                runs += 1
    assert runs > 10


def test_font_table_gives_english_names_and_the_gb2312_charset(seed_docx: bytes) -> None:
    table = xml(seed_docx, "word/fontTable.xml")
    entries = {attr(f, "name"): f for f in table.findall("w:font", NS)}
    assert set(entries) == OFFICIAL
    for name, entry in entries.items():
        assert attr(entry.find("w:charset", NS), "val") == "86", name
        assert attr(entry.find("w:altName", NS), "val").isascii(), name
    assert attr(entries["黑体"].find("w:altName", NS), "val") == "SimHei"


def test_windows_names_setting(seed_document: Document) -> None:
    docx = render(seed_document, naming="windows")
    text = b"".join(parts(docx).values()).decode("utf-8", "replace")
    assert "_GB2312" not in text
    assert east_asian_face(style(docx, "Normal")) == "仿宋"
    assert east_asian_face(style(docx, "Heading2")) == "楷体"


def test_section_a4_gbt_9704_margins_and_22_line_grid(seed_docx: bytes) -> None:
    section = xml(seed_docx, "word/document.xml").find("w:body/w:sectPr", NS)
    size = section.find("w:pgSz", NS)
    assert (attr(size, "w"), attr(size, "h")) == ("11906", "16838")
    margins = section.find("w:pgMar", NS)
    assert [attr(margins, side) for side in ("top", "right", "bottom", "left")] == ["2098", "1474", "1984", "1587"]
    grid = section.find("w:docGrid", NS)
    assert (attr(grid, "type"), attr(grid, "linePitch")) == ("lines", "579")
    assert 22 * 579 <= 16838 - 2098 - 1984 < 23 * 579


def test_page_field_in_odd_and_even_footers(seed_docx: bytes) -> None:
    files = parts(seed_docx)
    settings = xml(seed_docx, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    rels = etree.fromstring(files["word/_rels/document.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    section = xml(seed_docx, "word/document.xml").find("w:body/w:sectPr", NS)
    refs = {attr(ref, "type"): targets[ref.get(f"{{{NS_R}}}id")] for ref in section.findall("w:footerReference", NS)}
    assert set(refs) == {"default", "even"}
    for kind, side, indent in (("default", "right", "right"), ("even", "left", "left")):
        footer = xml(seed_docx, f"word/{refs[kind]}")
        p = footer.find("w:p", NS)
        assert attr(p.find("w:pPr/w:jc", NS), "val") == side
        assert attr(p.find("w:pPr/w:ind", NS), f"{indent}Chars") == "100"
        instructions = "".join(t.text for t in footer.iter(f"{{{W}}}instrText"))
        assert instructions.strip() == "PAGE"
        texts = [t.text for t in footer.iter(f"{{{W}}}t")]
        assert texts[0] == f"{DASH} " and texts[-1] == f" {DASH}"
        assert east_asian_face(style(seed_docx, "Footer")) == "宋体"


def test_tables_have_an_explicit_grid_a_repeated_header_and_cells_off_the_grid(
    seed_docx: bytes, seed_document: Document, fonts: FontSet
) -> None:
    from lintou_report.layout.document import pagination

    body = xml(seed_docx, "word/document.xml").find("w:body", NS)
    tables = body.findall("w:tbl", NS)
    # a table the layout carries over to another page continues as a table of its own under its 续表 caption
    splits = pagination(seed_document, fonts).table_splits
    assert splits, "the seed's first table runs over a page"
    assert len(tables) == sum(isinstance(b, Table) for b in seed_document.blocks) + sum(len(r) for _, r in splits)
    captions = ["".join(t.text for t in tbl.getprevious().iter(f"{{{W}}}t")) for tbl in tables]
    assert sum(c.startswith("续表") for c in captions) == sum(len(r) for _, r in splits), captions
    for table in tables:
        widths = [int(attr(c, "w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
        assert sum(widths) == pytest.approx(gbt9704.TYPE_WIDTH.twips, abs=2) and len(widths) == 3
        rows = table.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
        assert {attr(p.find("w:pPr/w:pStyle", NS), "val") for p in rows[1].iter(f"{{{W}}}p")} == {"TableText"}
    cells = style(seed_docx, "TableText")
    assert attr(cells.find("w:pPr/w:spacing", NS), "lineRule") == "auto"
    assert attr(style(seed_docx, "Normal").find("w:pPr/w:snapToGrid", NS), "val") == "0"  # every style inherits it
    assert attr(cells.find("w:rPr/w:sz", NS), "val") == "28"
    assert east_asian_face(style(seed_docx, "TableHeading")) == "黑体"


def test_python_docx_reads_it_back_with_the_builtin_heading_styles(seed_docx: bytes, seed_document: Document) -> None:
    import docx

    opened = docx.Document(io.BytesIO(seed_docx))
    headings = [p.text for p in opened.paragraphs if p.style.name == "Heading 1"]
    assert headings == [b.text for b in seed_document.blocks if isinstance(b, Heading) and b.level == 1]
    assert opened.styles["Normal"].font.size.pt == gbt9704.BODY_SIZE.pt
    assert opened.settings.odd_and_even_pages_header_footer


def test_core_properties_come_from_the_data(seed_docx: bytes, seed_document: Document) -> None:
    core = etree.fromstring(parts(seed_docx)["docProps/core.xml"])
    values = {el.tag.split("}")[1]: el.text for el in core}
    info = seed_document.info
    assert values["title"] == info.title and values["creator"] == info.author and values["subject"] == info.subject
    assert values["keywords"] == "，".join(info.keywords)
    assert values["created"] == values["modified"] == f"{info.date}T00:00:00Z"


def test_same_input_same_bytes(seed_document: Document, seed_docx: bytes) -> None:
    again = writer("docx").render(seed_document, FontSet.bundled())
    assert again == seed_docx
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"


# --- LibreOffice's rendering --------------------------------------------------------------------------------


def test_libreoffice_pages_are_a4(lo_seed: bytes, lo_official: bytes) -> None:
    for pdf in (lo_seed, lo_official):
        for page in pages_of(pdf):
            assert (page.width, page.height) == pytest.approx(PAGE, abs=0.1)


def test_libreoffice_page_count_within_one_of_the_project_pdf(lo_seed: bytes, seed_pdf: bytes) -> None:
    ours, theirs = len(PdfReader(io.BytesIO(seed_pdf)).pages), len(PdfReader(io.BytesIO(lo_seed)).pages)
    assert abs(ours - theirs) <= 1, (ours, theirs)


def test_libreoffice_full_pages_hold_22_lines_in_the_type_area(lo_running: bytes) -> None:
    for page, lines in full_pages(lo_running):
        assert len(lines) == 22, page.page_number
        assert {round(c["size"], 2) for ln in lines for c in ln.chars} == {BODY}
        baselines = [page.height - ln.chars[0]["matrix"][5] for ln in lines]
        assert TOP < baselines[0] < TOP + PITCH  # the first line's box starts on the type-area top
        assert baselines[-1] < BOTTOM
        for a, b in zip(baselines, baselines[1:], strict=False):
            assert b - a == pytest.approx(PITCH, abs=0.06)


def test_libreoffice_margins_and_28_characters_a_line(lo_running: bytes, tmp_path: Path) -> None:
    """Left edge on 28 mm, full lines end on 28 + 156 mm with 28 characters (27 where 禁则 pushes one over);
    nothing passes the right edge (LibreOffice reads w:overflowPunct the other way round from Word: the
    value Word takes as "may hang" keeps LibreOffice's marks inside)."""
    left, _, _, _ = ink_box(lo_running, 2, tmp_path)
    assert left == pytest.approx(28, abs=0.5)
    counted = 0
    for page in pages_of(lo_running):
        lines = body_lines(page)
        for line, after in zip(lines, lines[1:], strict=False):
            assert line.x1 <= RIGHT + 0.5, line.text
            if after.x0 > LEFT + 1 or not all(ord(c["text"]) > 0x2000 for c in line.chars):
                continue  # the next line starts a paragraph, or Latin and digits have their own widths
            # 28 characters of 16 pt tightened by 0.25 pt fill 441 of the 442.2 pt: LibreOffice does not
            # spread a CJK line without spaces, so it ends 1.2 pt short; Word spreads it to the edge.
            full = 28 - round((line.x0 - LEFT) / (BODY - 0.25))  # less the paragraph indent
            # a line the layout squeezed a character into (标点挤压) is condensed evenly by the DOCX (blocks.squeeze,
            # rounded up to whole twips a character), which LibreOffice does not spread back
            short = 1.0 * MM if len(line.chars) > full else 0.5 * MM
            assert line.x1 == pytest.approx(RIGHT, abs=short), line.text
            joined = line.text + after.text
            if len(line.chars) != full:  # only 禁则 or a number kept whole may push a character over
                pushed = joined[full] in gbt9704.NO_LINE_START or joined[full - 1] in gbt9704.NO_LINE_END
                assert pushed or joined[len(line.chars)].isascii(), line.text
            counted += 1
    assert counted > 20


def test_libreoffice_page_numbers_alternate_sides_7mm_below_the_type_area(lo_seed: bytes, tmp_path: Path) -> None:
    pages = list(pages_of(lo_seed))
    assert len(pages) >= 3
    for page in pages:
        n = page.page_number
        line = page_number_line(page)
        assert line.text.replace(" ", "") == f"{DASH}{n}{DASH}"
        assert line.size == 14 and line.fonts() == {PDF_FONT["song"]}
        if n % 2:
            assert line.x1 == pytest.approx(RIGHT - 14, abs=1 * MM)
        else:
            assert line.x0 == pytest.approx(LEFT + 14, abs=1 * MM)
    dash = page_number_line(pages[0]).chars[0]
    top, _ = ink_rows(lo_seed, 1, tmp_path, dash["x0"], dash["x1"])
    assert top == pytest.approx(37 + 225 + gbt9704.PAGE_NUMBER_DROP.value, abs=gbt9704.PAGE_NUMBER_DROP.tolerance)


def test_libreoffice_sets_each_role_in_its_face(lo_official: bytes, lo_seed: bytes) -> None:
    """The style fonts reach the page: title 小标宋, body 仿宋, 一级 黑体, 二级 楷体 (fontconfig aliases)."""

    def faces(pdf: bytes, text: str) -> set[str]:
        for page in pages_of(pdf):
            for line in text_lines(page):
                if text in line.text:
                    start = line.text.index(text)
                    return {c["fontname"].split("+")[-1] for c in line.chars[start : start + len(text)]}
        raise AssertionError(f"{text} not found")

    assert faces(lo_official, "中共林头镇委员会文件") == {PDF_FONT["title"]}
    assert faces(lo_official, "关于印发") == {PDF_FONT["title"]}
    assert faces(lo_official, "一、总体要求") == {PDF_FONT["hei"]}
    assert faces(lo_official, "（一）目标任务") == {PDF_FONT["kai"]}
    assert faces(lo_official, "楷体的话") == {PDF_FONT["kai"]}
    assert faces(lo_official, "和黑体的话") == {PDF_FONT["hei"]}
    assert faces(lo_official, "堃") == {PDF_FONT["song"]}
    assert faces(lo_seed, "（一）筑牢红色堡垒。") == {PDF_FONT["kai"]}
    assert faces(lo_seed, "构建镇党委统一领导") == {PDF_FONT["body"]}


def test_libreoffice_masthead_is_red_35mm_down_over_a_red_rule(
    lo_seed: bytes, lo_official: bytes, seed_document: Document, tmp_path: Path
) -> None:
    """The red name's ink starts 35 mm below the type-area top (as the 发文机关标志 does), the office and date
    line is underlined by the 2.25 pt red rule, and the title follows on the grid line the PDF uses."""
    for k, pdf in enumerate((lo_seed, lo_official)):
        (tmp_path / str(k)).mkdir()
        _, top, _, _ = ink_box(pdf, 1, tmp_path / str(k))
        assert top == pytest.approx(37 + gbt9704.ORGAN_MARK_TOP.value, abs=gbt9704.ORGAN_MARK_TOP.tolerance)
    page = next(pages_of(lo_seed))
    lines = text_lines(page)
    name = next(ln for ln in lines if ln.text == seed_document.blocks[0].name)
    assert name.size == gbt9704.BRIEFING_NAME_SIZE.pt
    assert {tuple(c["non_stroking_color"]) for c in name.chars} == {(1.0, 0.0, 0.0)}
    office = next(ln for ln in lines if ln.text.startswith(seed_document.blocks[0].office))
    title = next(ln for ln in lines if ln.size == gbt9704.TITLE_SIZE.pt)
    rules = [r for r in page.lines if r["x1"] - r["x0"] > 150 * MM and office.top < r["top"] < title.top]
    assert len({round(r["top"], 1) for r in rules}) == 1  # one rule (LibreOffice strokes it twice)
    assert all(tuple(r["stroking_color"]) == (1.0, 0.0, 0.0) for r in rules)
    assert rules[0]["linewidth"] == pytest.approx(gbt9704.BRIEFING_RULE_WIDTH.pt, abs=0.1)
    body = body_lines(page)[2]  # after 第×期 and the office line
    assert round((body.top - TOP) / PITCH) == round((title.top - TOP) / PITCH) + 1 + gbt9704.TITLE_BELOW_GAP_LINES


def test_libreoffice_colophon_on_the_type_area_bottom_of_the_last_page(lo_seed: bytes, lo_official: bytes) -> None:
    """版记 rules 0.35 / 0.25 / 0.35 mm across the type area, the last on its bottom; lines one character in,
    a wrapped line under the text after its label."""
    for pdf, first in ((lo_seed, "报："), (lo_official, "抄送：")):
        page = list(pages_of(pdf))[-1]
        lines = text_lines(page)
        start = next(ln for ln in lines if ln.text.startswith(first))
        rules = sorted((r for r in page.lines if r["x1"] - r["x0"] > 150 * MM), key=lambda r: r["top"])
        colophon = [r for r in rules if r["top"] > start.top - PITCH]
        assert [round(r["linewidth"] / MM, 2) for r in colophon] == pytest.approx([0.35, 0.26, 0.35], abs=0.05)
        assert colophon[-1]["top"] == pytest.approx(BOTTOM, abs=RULE_ON_BOTTOM)
        assert all(r["x1"] - r["x0"] == pytest.approx(156 * MM, abs=1) for r in colophon)
        assert start.x0 == pytest.approx(LEFT + 14, abs=0.5)
        printed = next(ln for ln in lines if ln.text.endswith("印发"))
        assert printed.x0 == pytest.approx(LEFT + 14, abs=0.5) and printed.x1 == pytest.approx(RIGHT - 14, abs=0.5)
        wrapped = [ln for ln in lines if ln.top > colophon[0]["top"] and LEFT + 20 < ln.x0 < RIGHT - 200]
        assert all(ln.x0 == pytest.approx(LEFT + 3 * 14, abs=0.5) for ln in wrapped)  # after “发：”
        assert len(wrapped) == (pdf is lo_seed)


def test_libreoffice_colophon_fits_under_20_body_lines_and_moves_on_when_it_does_not(
    libreoffice: Callable[[bytes, str], bytes],
) -> None:
    """A two-line 版记 takes two grid lines: under 20 full lines it stays on the page, under 21 it goes to the
    next one, never over the text (printed on one side: duplex="no")."""
    colophon = Colophon(
        ((ColophonLine("抄送：", "县委组织部。"),), (ColophonLine("", "中共林头镇委员会办公室", "2023年11月9日印发"),)),
        duplex=False,
    )
    for lines, pages in ((20, 1), (21, 2)):
        filler = tuple(Paragraph((Run("字" * 28),), indent=False) for _ in range(lines))
        pdf = libreoffice(render(Document(INFO, (*filler, colophon))), f"fill{lines}")
        got = list(pages_of(pdf))
        assert len(got) == pages
        rules = [r for r in got[-1].lines if r["x1"] - r["x0"] > 150 * MM]
        assert max(r["top"] for r in rules) == pytest.approx(BOTTOM, abs=RULE_ON_BOTTOM)
        assert all(ln.top + BODY < min(r["top"] for r in rules) for ln in body_lines(got[-1]))


def test_libreoffice_text_round_trip(
    lo_seed: bytes, lo_official: bytes, seed_document: Document, official_document: Document
) -> None:
    """Every block's text comes back in reading order, plus the header row a table repeats on a new page
    (under its 续表 caption where the layout carries the table over)."""
    for pdf, document in ((lo_seed, seed_document), (lo_official, official_document)):
        lines = (ln.text for page in pages_of(pdf) for ln in text_lines(page) if ln.top < BOTTOM)
        text = "".join(lines).replace(" ", "").replace("★", "")
        expected = "".join(document.text_blocks()).replace(" ", "")
        matcher = difflib.SequenceMatcher(None, expected, text, autojunk=False)
        changes = [(op, expected[i1:i2], text[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
        tables = [b for b in document.blocks if isinstance(b, Table)]
        headers = {"".join(c.header for c in b.columns) for b in tables}
        headers |= {continuation(b.caption).replace(" ", "") + "".join(c.header for c in b.columns) for b in tables}
        assert all(op == "insert" and new in headers for op, _, new in changes), changes


def test_libreoffice_signature_right_indented_with_the_date_below(lo_official: bytes) -> None:
    """署名 and date one line apart, whichever runs further right is 2 characters from the edge, the date
    starts right of the 署名 (2 characters, less what the date's 中西间距 takes when it would overrun)."""
    lines = [ln for page in pages_of(lo_official) for ln in text_lines(page)]
    signer = next(ln for ln in lines if ln.text == "中共林头镇委员会")
    date = next(ln for ln in lines if ln.text.replace(" ", "") == "2023年11月9日")
    char = 156 * MM / 28
    assert date.top - signer.top == pytest.approx(PITCH, abs=0.1)
    assert RIGHT - max(signer.x1, date.x1) == pytest.approx(2 * char, abs=0.2 * char)
    assert 0 < date.x0 - signer.x0 < 2.2 * char


def test_every_block_kind_takes_its_style(official_document: Document) -> None:
    body = xml(render(official_document), "word/document.xml").find("w:body", NS)
    used = {attr(p, "val") for p in body.iter(f"{{{W}}}pStyle")}
    assert {"MastheadName", "Masthead", "Title", "Heading1", "Heading2", "Heading3", "Heading4", "Colophon"} <= used


def test_cli_windows_face_names(tmp_path: Path) -> None:
    """--docx-font-names windows names the faces Windows ships (仿宋, 楷体) instead of the _GB2312 ones."""
    from lintou_report.cli import main

    official, windows = tmp_path / "o.docx", tmp_path / "w.docx"
    assert main(["--format", "docx", "-o", str(official)]) == 0
    assert main(["--format", "docx", "--docx-font-names", "windows", "-o", str(windows)]) == 0
    styles = {p: zipfile.ZipFile(p).read("word/styles.xml").decode() for p in (official, windows)}
    assert 'w:eastAsia="仿宋_GB2312"' in styles[official] and 'w:eastAsia="楷体_GB2312"' in styles[official]
    assert 'w:eastAsia="仿宋"' in styles[windows] and 'w:eastAsia="楷体"' in styles[windows]
    assert "_GB2312" not in styles[windows]


def test_long_title_has_the_pdf_writers_trapezoid_breaks(tmp_path: Path) -> None:
    """Both writers break a long title where breaking.title_lines says: ≤ 20 characters a line, longer line first."""
    import docx

    from lintou_report.cli import main
    from lintou_report.layout.breaking import title_lines

    out = tmp_path / "report.docx"
    assert main(["--template", "report", "--format", "docx", "-o", str(out)]) == 0
    body = docx.Document(str(out))
    [title] = [p for p in body.paragraphs if p.style.name == "Title"]
    rows = title.text.split("\n")
    assert rows == title_lines(title.text.replace("\n", ""))
    assert len(rows) == 2 and len(rows[0]) >= len(rows[1]) and all(len(r) <= gbt9704.TITLE_MAX_LINE_CHARS for r in rows)
    assert not rows[1].startswith(tuple(gbt9704.NO_LINE_START))


def test_a_warm_process_gives_the_docx_of_a_fresh_process(tmp_path: Path) -> None:
    """A process keeps a data file's report (by its text), the template set, the FontSet and the faces'
    coverage between reports: the seed, then an edit of it in the same file (other text, a character only
    another face has), then the seed again, are byte for byte what a fresh process (no user cache) makes."""
    from lintou_report.pipeline import prepare, render_bytes
    from lintou_report.resources import default_data_file

    seed = default_data_file().read_text(encoding="utf-8")
    edited = seed.replace("intro:\n  - 近年来，", "intro:\n  - 伋乂新增：近年来，", 1)
    assert edited != seed
    data = tmp_path / "report.yaml"
    warm = []
    for text in (seed, edited, seed, edited):
        data.write_text(text, encoding="utf-8")
        prepared = prepare(data)
        warm.append(render_bytes(prepared.document, "docx", prepared.fonts))
    assert warm[0] == warm[2] and warm[1] == warm[3] and warm[0] != warm[1]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    for text, expected in ((seed, warm[0]), (edited, warm[1])):
        data.write_text(text, encoding="utf-8")
        out = tmp_path / "fresh.docx"
        command = [sys.executable, "-m", "lintou_report", "--data", str(data), "--format", "docx", "-o", str(out)]
        subprocess.run(command, env=env, check=True, capture_output=True)
        assert out.read_bytes() == expected
    runs = xml(warm[1], "word/document.xml").iterfind(".//w:r", NS)
    fallback = next(r for r in runs if "".join(r.itertext()).startswith("伋乂"))
    assert east_asian_face(fallback) not in (None, ROLES["body"].official)  # set in the face that has them
    assert "伋乂新增：近年来，" in "".join(xml(warm[1], "word/document.xml").itertext())


def test_body_is_written_as_xml_serializers_write_it(seed_docx: bytes) -> None:
    """The body is written as text: the data's special characters (& < > " ' tab, a lone CR) come back as they
    were, and the part is byte for byte what lxml writes for the elements it holds (the seed's too)."""
    content = "A&B <c> \"q\" 's' 1>0\tT\rX&amp;"
    special = render(Document(INFO, (Paragraph((Run(content),)),)))
    for docx in (special, seed_docx):
        data = parts(docx)["word/document.xml"]
        assert etree.tostring(etree.fromstring(data), encoding="UTF-8", standalone=True) == data
    texts = xml(special, "word/document.xml").iterfind(".//w:t", NS)
    assert content in "".join(t.text or "" for t in texts)


# --- the package's house ---------------------------------------------------------------------------------------


def test_the_shipped_skeleton_is_what_parts_py_writes() -> None:
    """skeleton/ is written by tools/docx_skeleton.py from the writer's own parts: stale files fail here."""
    from typing import get_args

    from lintou_report.writers.docx import package, parts
    from lintou_report.writers.docx.faces import Naming

    for naming in get_args(Naming):
        assert dict(package.skeleton(naming)) == parts.members(naming), f"run tools/docx_skeleton.py ({naming})"


def test_settings_carry_the_pdfs_line_breaking_tables(seed_docx: bytes) -> None:
    settings = xml(seed_docx, "word/settings.xml")
    before = settings.find("w:noLineBreaksBefore", NS)
    after = settings.find("w:noLineBreaksAfter", NS)
    assert set(attr(before, "val")) == gbt9704.NO_LINE_START and attr(before, "lang") == "zh-CN"
    assert set(attr(after, "val")) == gbt9704.NO_LINE_END and attr(after, "lang") == "zh-CN"


def test_a_fresh_process_writes_a_docx_without_python_docx_or_the_user_cache(tmp_path: Path) -> None:
    """The writer needs neither python-docx's object layer nor anything kept between runs."""
    cache = tmp_path / "cache"
    code = (
        "import sys\n"
        "from lintou_report.fonts import FontSet\n"
        "from lintou_report.resources import default_data_file\n"
        "from lintou_report.source.model import load_report\n"
        "from lintou_report.source.templating import build_document\n"
        "from lintou_report.writers.docx import render\n"
        "data = render(build_document(load_report(default_data_file())), FontSet.bundled(), embed_fonts=True)\n"
        "assert data[:2] == b'PK'\n"
        "print(sorted(m for m in sys.modules if m == 'docx' or m.startswith('docx.')))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert not cache.exists()


def test_embedded_subsets_hold_exactly_what_the_writer_set(seed_document: Document) -> None:
    """--embed-fonts cuts each face to the characters the writer set in it (and the page numbers' digits)."""
    from fontTools.ttLib import TTFont

    from lintou_report.writers.docx.embed import obfuscate

    docx = render_docx(seed_document, FontSet.bundled(), embed_fonts=True)
    members = parts(docx)
    table = xml(docx, "word/fontTable.xml")
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(members["word/_rels/fontTable.xml.rels"])}
    faces = {}
    for entry in table.findall("w:font", NS):
        embed = entry.find("w:embedRegular", NS)
        if embed is None:
            continue
        data = members["word/" + rels[embed.get(f"{{{NS_R}}}id")]]
        faces[attr(entry, "name")] = TTFont(io.BytesIO(obfuscate(data, attr(embed, "fontKey"))))
    body_face = faces[ROLES["body"].official]
    body_text = "".join(b.text for b in seed_document.blocks if isinstance(b, Paragraph))
    assert {ord(c) for c in body_text if not c.isspace()} <= set(body_face.getBestCmap())
    assert set("0123456789—") <= {chr(c) for c in faces[ROLES["song"].official].getBestCmap()}
