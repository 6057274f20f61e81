"""署名, 成文日期 and 印章 (GB/T 9704-2012 7.3.5): the organ's seal (7.3.5.1) as a dashed placeholder or the
clerk's PNG, the 签名章 (7.3.5.3), measured in the PDF, the OFD and LibreOffice's rendering of the DOCX; the
seal picture is untrusted input (confined to the data folder, limited, refused in Chinese)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from lxml import etree
from markup_docs import minutes, notice, outputs, parse
from pdf_measure import MM, PITCH, RIGHT, TextLine, text_lines
from PIL import Image, ImageDraw

from lintou_report.check import check
from lintou_report.check.measure_ofd import read_ofd
from lintou_report.errors import UserError
from lintou_report.fonts import FontSet
from lintou_report.source import limits
from lintou_report.writers import render
from lintou_report.writers.options import WriterOptions

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "ofd-schemas" / "ofd-parts.xsd")))
CHAR = 156 * MM / 28
SEAL = 42 * MM
ORGAN = '<signature signer="中共林头镇委员会" date="2023年11月9日" seal="organ"{}/>'
STAMP = '<signature signer="镇长" date="2023年11月9日" seal="signature"{}/>'


def seal_png(path: Path, size: tuple[int, int] = (500, 500)) -> Path:
    """A red ring and star on a transparent ground, as a clerk's scan cut out."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size[0] - 8, size[1] - 8), outline=(230, 0, 18, 220), width=16)
    draw.regular_polygon((size[0] / 2, size[1] / 2, size[0] / 4), 5, fill=(230, 0, 18, 220))
    image.save(path)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("seal")
    seal_png(base / "seal.png")
    seal_png(base / "sign.png", (400, 200))
    return base


@pytest.fixture(scope="module")
def placeholder(fonts: FontSet, folder: Path) -> dict[str, Path]:
    return outputs(parse(notice(ORGAN.format(""))), fonts, folder, "placeholder")


@pytest.fixture(scope="module")
def pictured(fonts: FontSet, folder: Path) -> dict[str, Path]:
    document = parse(notice(ORGAN.format(' seal-image="seal.png"')), base=folder)
    return outputs(document, fonts, folder, "pictured")


@pytest.fixture(scope="module")
def stamped(fonts: FontSet, folder: Path) -> dict[str, Path]:
    document = parse(minutes(STAMP.format(' seal-image="sign.png"')), base=folder)
    return outputs(document, fonts, folder, "stamped")


def page_with(pdf: Path, text: str) -> tuple[pdfplumber.page.Page, list[TextLine]]:
    document = pdfplumber.open(pdf)
    for page in document.pages:
        lines = text_lines(page)
        if any(ln.text.replace(" ", "") == text for ln in lines):
            return page, lines
    raise AssertionError(text)


def line(lines: list[TextLine], text: str) -> TextLine:
    return next(ln for ln in lines if ln.text.replace(" ", "") == text)


def seal_box(page: pdfplumber.page.Page, picture: bool) -> dict:
    boxes = page.images if picture else [c for c in page.curves if not c.get("fill")]
    [box] = [b for b in boxes if b["x1"] - b["x0"] > 10 * MM]
    return box


@pytest.mark.parametrize("kind", ["pdf", "lo"])
@pytest.mark.parametrize("which", ["placeholder", "pictured"])
def test_organ_seal_centred_on_the_date_over_the_signer(which: str, kind: str, request: pytest.FixtureRequest) -> None:
    """7.3.5.1: the date 右空四字, the 署名 centred on it, the 42 mm seal centred on the date with 署名 and date
    below its centre, its top within one line of the text above."""
    files = request.getfixturevalue(which)
    page, lines = page_with(files[kind], "中共林头镇委员会")
    signer, date = line(lines, "中共林头镇委员会"), line(lines, "2023年11月9日")
    box = seal_box(page, which == "pictured")
    assert box["x1"] - box["x0"] == pytest.approx(SEAL, abs=0.2 * MM)
    assert box["bottom"] - box["top"] == pytest.approx(SEAL, abs=0.2 * MM)
    # LibreOffice's date may differ from the layout's by up to a character in width: its centre moves half of that
    loose = 0.6 * CHAR if kind == "lo" else 0.2 * MM
    assert RIGHT - date.x1 == pytest.approx(4 * CHAR, abs=0.3 * MM)
    assert (signer.x0 + signer.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=loose)
    assert (box["x0"] + box["x1"]) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=loose)
    centre = (box["top"] + box["bottom"]) / 2
    assert centre == pytest.approx(signer.top + 8, abs=0.6 * MM)  # on the 署名's em box
    assert (signer.top + date.top + 16) / 2 > centre  # 居印章中心偏下
    above = max((ln for ln in lines if ln.top < box["top"]), key=lambda ln: ln.top)
    assert 0 < box["top"] - (above.top + 16) < PITCH  # 印章顶端上距正文一行之内


def test_the_placeholder_is_a_dashed_red_outline(placeholder: dict[str, Path]) -> None:
    page, _ = page_with(placeholder["pdf"], "中共林头镇委员会")
    box = seal_box(page, False)
    assert box["stroking_color"] == (1, 0, 0) and box["dash"] is not None and box["dash"][0] == [4, 3]
    [ofd_seal] = [s for p in read_ofd(placeholder["ofd"]).pages for s in p.outlines]
    assert ofd_seal.x1 - ofd_seal.x0 == pytest.approx(box["x1"] - box["x0"], abs=0.1)
    assert ofd_seal.top == pytest.approx(box["top"], abs=0.1)


def test_the_picture_keeps_its_transparency_in_every_format(pictured: dict[str, Path], folder: Path) -> None:
    with pikepdf.open(pictured["pdf"]) as pdf:
        images = [obj for page in pdf.pages for obj in page.get_images().values()]
        assert len(images) == 1 and "/SMask" in images[0]
    with zipfile.ZipFile(pictured["docx"]) as docx:
        png = docx.read("word/media/seal1.png")
        assert 'Extension="png"' in docx.read("[Content_Types].xml").decode()
        assert "rIdSeal1" in docx.read("word/_rels/document.xml.rels").decode()
    with Image.open(io.BytesIO(png)) as image:
        assert image.mode == "RGBA" and image.size == (500, 500)
        assert image.getpixel((0, 0))[3] == 0 and image.getpixel((250, 250))[3] == 220
    with zipfile.ZipFile(pictured["ofd"]) as ofd:
        assert ofd.read("Doc_0/Res/seal0.png") == png
        res = etree.fromstring(ofd.read("Doc_0/PublicRes.xml"))
        SCHEMA.assertValid(res)
        for name in ofd.namelist():
            if name.endswith("Content.xml"):
                SCHEMA.assertValid(etree.fromstring(ofd.read(name)))
    [image_box] = [s for p in read_ofd(pictured["ofd"]).pages for s in p.images]
    assert image_box.x1 - image_box.x0 == pytest.approx(SEAL, abs=0.1)


def test_pdfa_with_a_seal_picture_passes_preflight(fonts: FontSet, folder: Path, tmp_path: Path) -> None:
    from test_pdfa import preflight

    document = parse(notice(ORGAN.format(' seal-image="seal.png"')), base=folder)
    path = tmp_path / "sealed-a.pdf"
    path.write_bytes(render("pdf", document, fonts, WriterOptions(pdfa=True)).data)
    assert "is a valid PDF/A-1b file" in preflight(path)


@pytest.mark.parametrize("kind", ["pdf", "lo"])
def test_signature_stamp(stamped: dict[str, Path], kind: str) -> None:
    """7.3.5.3: two blank lines below the text the stamp 右空四字, the 职务 two characters left of it and on its
    middle, the date one blank line below it 右空四字."""
    page, lines = page_with(stamped[kind], "镇长")
    title, date = line(lines, "镇长"), line(lines, "2023年11月9日")
    box = seal_box(page, True)
    assert RIGHT - box["x1"] == pytest.approx(4 * CHAR, abs=0.3 * MM)
    assert box["bottom"] - box["top"] == pytest.approx(2 * PITCH, abs=0.5)
    assert box["x0"] - title.x1 == pytest.approx(2 * CHAR, abs=0.3 * MM)
    assert title.top + 8 == pytest.approx((box["top"] + box["bottom"]) / 2, abs=0.5 * MM)
    assert RIGHT - date.x1 == pytest.approx(4 * CHAR, abs=0.3 * MM)
    # 下空一行 and 下空二行 text to stamp, in LibreOffice's rendering of the DOCX as in the PDF
    assert date.top - box["bottom"] == pytest.approx(PITCH, abs=0.5 * MM)
    above = max((ln for ln in lines if ln.top < box["top"]), key=lambda ln: ln.top)
    assert box["top"] - above.top == pytest.approx(3 * PITCH, abs=0.5 * MM)


@pytest.mark.parametrize("which", ["placeholder", "pictured", "stamped"])
@pytest.mark.parametrize("kind", ["pdf", "ofd", "docx"])
def test_check_measures_the_seal(which: str, kind: str, request: pytest.FixtureRequest) -> None:
    files = request.getfixturevalue(which)
    rules = [r for r in check(files[kind]).results if r.clause in ("7.3.5.1", "7.3.5.3")]
    assert len(rules) >= 5
    assert [f"{r.name}: {r.measured}" for r in rules if r.status != "pass"] == []


def test_check_finds_a_misplaced_date(fonts: FontSet, tmp_path: Path) -> None:
    """A sealed document whose date is set as an unsealed one (右空二字): check says so."""
    from lintou_report.layout import seal as layout_seal
    from lintou_report.spec import gbt9704

    document = parse(notice(ORGAN.format("")))
    saved = layout_seal.DATE_RIGHT
    layout_seal.DATE_RIGHT = gbt9704.SIGNATURE_RIGHT_INDENT_CHARS * gbt9704.CHAR_PITCH.pt
    try:
        pdf = render("pdf", document, fonts).data
    finally:
        layout_seal.DATE_RIGHT = saved
    path = tmp_path / "misplaced.pdf"
    path.write_bytes(pdf)
    results = {r.name: r for r in check(path).results}
    assert results["加盖印章时成文日期右空四字"].status == "fail"
    assert results["加盖印章时成文日期右空四字"].value == pytest.approx(2, abs=0.1)


def test_without_seal_or_with_seal_none_the_same_bytes(fonts: FontSet) -> None:
    """7.3.5.2 is today's <signature>: seal="none" changes nothing in any format."""
    plain = parse(notice('<signature signer="中共林头镇委员会" date="2023年11月9日"/>'))
    none = parse(notice('<signature signer="中共林头镇委员会" date="2023年11月9日" seal="none"/>'))
    for kind in ("pdf", "docx", "ofd"):
        assert render(kind, plain, fonts).data == render(kind, none, fonts).data


def test_a_seal_picture_gives_the_same_bytes_twice(fonts: FontSet, folder: Path) -> None:
    text = notice(ORGAN.format(' seal-image="seal.png"'))
    for kind in ("pdf", "docx", "ofd"):
        assert render(kind, parse(text, folder), fonts).data == render(kind, parse(text, folder), fonts).data


# --- the picture is untrusted -------------------------------------------------------------------------------


def _bomb(path: Path) -> None:
    Image.new("1", (5000, 5000)).save(path)  # 25 Mpx, a few KB


def _big(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (limits.MAX_SEAL_IMAGE_BYTES + 1))


def _text(path: Path) -> None:
    path.write_text("不是图片", encoding="utf-8")


def _truncated(path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 300), (255, 0, 0, 128)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue()[:200])


def _gif(path: Path) -> None:
    Image.new("RGB", (50, 50)).save(path, format="GIF")


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("bomb.png", _bomb, "像素"),
        ("big.png", _big, "MB"),
        ("text.png", _text, "无法读取"),
        ("cut.png", _truncated, "无法读取"),
        ("seal.gif", _gif, "无法读取"),
        ("../outside.png", None, "不在数据文件所在的文件夹内"),
        ("/etc/passwd", None, "路径"),
        ("missing.png", None, "找不到印章图片"),
        ("link.png", "symlink", "不在数据文件所在的文件夹内"),
    ],
)
def test_bad_seal_pictures_are_refused_in_chinese(name: str, make: object, words: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    seal_png(tmp_path / "outside.png")
    if make == "symlink":
        (data / name).symlink_to(tmp_path / "outside.png")
    elif callable(make):
        make(data / name)
    with pytest.raises(UserError) as caught:
        parse(notice(ORGAN.format(f' seal-image="{name}"')), base=data)
    [problem] = caught.value.problems
    assert words in problem.message and problem.fix


def test_seal_image_needs_a_sealed_signature() -> None:
    with pytest.raises(UserError) as caught:
        parse(notice('<signature signer="x" date="2023年11月9日" seal-image="seal.png"/>'))
    assert "seal 应为 organ 或 signature" in caught.value.problems[0].message
    with pytest.raises(UserError) as caught:
        parse(notice('<signature signer="x" date="2023年11月9日" seal="stamp"/>'))
    assert "organ（加盖印章）" in caught.value.problems[0].message


def test_the_picture_is_found_next_to_the_data_file(tmp_path: Path) -> None:
    """Through the pipeline: a template's seal-image is resolved in the data file's folder."""
    import shutil

    from lintou_report import pipeline
    from lintou_report.tree import Signature

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ROOT / "seeds" / "lintou-2023-11.yaml", data / "report.yaml")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "document.xml.j2").write_text(notice(ORGAN.format(' seal-image="seal.png"')), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        pipeline.prepare(data / "report.yaml", "report", overrides=templates)
    assert "找不到印章图片“seal.png”" in caught.value.problems[0].message
    seal_png(data / "seal.png")
    document = pipeline.prepare(data / "report.yaml", "report", overrides=templates).document
    [signature] = [b for b in document.blocks if isinstance(b, Signature)]
    assert signature.seal == "organ" and signature.seal_image is not None
    assert signature.seal_image.data[:8] == b"\x89PNG\r\n\x1a\n"
