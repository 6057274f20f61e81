"""联合行文's 署名, 成文日期 and 印章 (GB/T 9704-2012 7.3.5.1–7.3.5.3): several organs' 署名 with a seal each in
rows, stacked without seals, stacked 签名章; measured in the PDF and in LibreOffice's rendering of the DOCX,
checked by `check` in every format, and refused in Chinese where the data does not fit the organs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from markup_docs import notice, outputs, parse
from pdf_measure import LEFT, MM, PITCH, RIGHT, text_lines
from test_seal import seal_png

from lintou_report.check import check
from lintou_report.check.measure_ofd import read_ofd
from lintou_report.cli import main
from lintou_report.errors import UserError
from lintou_report.fonts import FontSet
from lintou_report.spec import gbt9704
from lintou_report.writers import render

ROOT = Path(__file__).resolve().parents[1]
CHAR = 156 * MM / 28
SEAL = 42 * MM
DATE = "2023年11月9日"
PARTY, GOVERNMENT, CONGRESS = "中共林头镇委员会", "林头镇人民政府", "林头镇人大主席团"


def joint(mode: str, *signers: str, images: tuple[str, ...] = ()) -> str:
    pictures = [f' seal-image="{image}"' if image else "" for image in images or ("",) * len(signers)]
    children = "".join(f"<signer{picture}>{name}</signer>" for name, picture in zip(signers, pictures, strict=True))
    return f'<signature date="{DATE}" seal="{mode}">{children}</signature>'


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("joint")
    seal_png(base / "party.png")
    seal_png(base / "government.png", (480, 480))
    seal_png(base / "sign1.png", (400, 200))
    seal_png(base / "sign2.png", (420, 200))
    return base


@pytest.fixture(scope="module")
def two(fonts: FontSet, folder: Path) -> dict[str, Path]:
    text = notice(joint("organ", PARTY, GOVERNMENT, images=("party.png", "government.png")))
    return outputs(parse(text, base=folder), fonts, folder, "two")


@pytest.fixture(scope="module")
def three(fonts: FontSet, folder: Path) -> dict[str, Path]:
    return outputs(parse(notice(joint("organ", PARTY, GOVERNMENT, CONGRESS))), fonts, folder, "three")


@pytest.fixture(scope="module")
def unsealed(fonts: FontSet, folder: Path) -> dict[str, Path]:
    return outputs(parse(notice(joint("none", PARTY, GOVERNMENT, CONGRESS))), fonts, folder, "unsealed")


@pytest.fixture(scope="module")
def stamped(fonts: FontSet, folder: Path) -> dict[str, Path]:
    text = notice(joint("signature", "中共林头镇委员会书记", "林头镇人民政府镇长", images=("sign1.png", "sign2.png")))
    return outputs(parse(text, base=folder), fonts, folder, "stamped")


class Word:
    """A run of characters on one baseline with no gap of half a character in it (one 署名 of a row)."""

    def __init__(self, chars: list[dict]) -> None:
        self.text = "".join(c["text"] for c in chars)
        self.x0, self.x1 = chars[0]["x0"], chars[-1]["x1"]
        self.top = min(c["top"] for c in chars)

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def words(page: pdfplumber.page.Page) -> list[Word]:
    out = []
    for line in text_lines(page):
        chars = [c for c in line.chars if c["text"].strip()]
        start = 0
        for k in range(1, len(chars) + 1):
            if k == len(chars) or chars[k]["x0"] - chars[k - 1]["x1"] > 8:
                out.append(Word(chars[start:k]))
                start = k
    return out


def page_with(pdf: Path, text: str) -> tuple[pdfplumber.page.Page, list[Word]]:
    for page in pdfplumber.open(pdf).pages:
        found = words(page)
        if any(w.text == text for w in found):
            return page, found
    raise AssertionError(text)


def word(found: list[Word], text: str) -> Word:
    return next(w for w in found if w.text == text)


def boxes(page: pdfplumber.page.Page, picture: bool, least: float = 10 * MM) -> list[dict]:
    found = page.images if picture else [c for c in page.curves if not c.get("fill")]
    return sorted((b for b in found if b["x1"] - b["x0"] > least), key=lambda b: (round(b["top"]), b["x0"]))


def centre(box: dict) -> tuple[float, float]:
    return (box["x0"] + box["x1"]) / 2, (box["top"] + box["bottom"]) / 2


def loose(kind: str) -> float:
    """LibreOffice's text may differ from the layout's by up to a character in width (docs/word-grid.md §1)."""
    return 0.6 * CHAR if kind == "lo" else 0.2 * MM


@pytest.mark.parametrize("kind", ["pdf", "lo"])
def test_two_organs_seal_side_by_side(two: dict[str, Path], kind: str) -> None:
    """7.3.5.1: each 署名 under its own seal on one line, the seals a row, apart and inside the type area; the
    last seal and 署名 centred on the date 右空四字; the row's top within a line of the text above."""
    page, found = page_with(two[kind], PARTY)
    party, government, date = word(found, PARTY), word(found, GOVERNMENT), word(found, DATE)
    first, last = boxes(page, True)
    for box in (first, last):
        assert box["x1"] - box["x0"] == pytest.approx(SEAL, abs=0.2 * MM)
        assert box["bottom"] - box["top"] == pytest.approx(SEAL, abs=0.2 * MM)
    assert party.top == pytest.approx(government.top, abs=0.5)  # one line
    assert party.x1 < government.x0  # in order, the 主办机关 first
    assert centre(first)[0] == pytest.approx(party.centre, abs=loose(kind))
    assert centre(last)[0] == pytest.approx(government.centre, abs=loose(kind))
    assert centre(last)[0] == pytest.approx((date.x0 + date.x1) / 2, abs=loose(kind))
    assert RIGHT - date.x1 == pytest.approx(4 * CHAR, abs=0.3 * MM)
    assert first["top"] == pytest.approx(last["top"], abs=0.2 * MM)  # 排列整齐
    assert 0 < last["x0"] - first["x1"] < 6 * MM  # 互不相交或相切, close as practice has them
    assert first["x0"] >= LEFT and last["x1"] <= RIGHT  # 不超出版心
    assert date.top - party.top == pytest.approx(PITCH, abs=1.5 * MM if kind == "lo" else 0.2)
    assert centre(last)[1] == pytest.approx(government.top + 8, abs=0.6 * MM)  # on the 署名's em box
    above = max((w for w in found if w.top < first["top"]), key=lambda w: w.top)
    assert 0 < first["top"] - (above.top + 16) < PITCH  # 首排印章顶端上距正文一行之内


def test_each_organ_has_its_own_picture_in_every_format(two: dict[str, Path]) -> None:
    with pikepdf.open(two["pdf"]) as pdf:
        images = [obj for page in pdf.pages for obj in page.get_images().values()]
        assert len(images) == 2 and all("/SMask" in image for image in images)
        assert sorted(int(image.Width) for image in images) == [480, 500]
    with zipfile.ZipFile(two["docx"]) as docx:
        assert {n for n in docx.namelist() if n.startswith("word/media/")} == {
            "word/media/seal1.png",
            "word/media/seal2.png",
        }
    ofd_images = [s for p in read_ofd(two["ofd"]).pages for s in p.images]
    assert len(ofd_images) == 2
    assert all(s.x1 - s.x0 == pytest.approx(SEAL, abs=0.1) for s in ofd_images)


@pytest.mark.parametrize("kind", ["pdf", "lo"])
def test_three_organs_make_two_aligned_rows(three: dict[str, Path], kind: str) -> None:
    """Two seals a row (practice); the third organ's on a second row under the last column, on the date."""
    page, found = page_with(three[kind], CONGRESS)
    party, government, congress, date = (word(found, t) for t in (PARTY, GOVERNMENT, CONGRESS, DATE))
    first, second, third = boxes(page, False)
    assert first["top"] == pytest.approx(second["top"], abs=0.2 * MM)
    assert centre(third)[0] == pytest.approx(centre(second)[0], abs=0.2 * MM)  # the same column
    gap = gbt9704.JOINT_SEAL_ROW_LINES * PITCH
    assert third["top"] - first["top"] == pytest.approx(gap, abs=1.5 * MM if kind == "lo" else 0.2)
    assert third["top"] - second["bottom"] > 0  # rows do not touch
    assert congress.top - party.top == pytest.approx(gap, abs=1.5 * MM if kind == "lo" else 0.2)
    for box, name in ((first, party), (second, government), (third, congress)):
        assert centre(box)[0] == pytest.approx(name.centre, abs=loose(kind))
    assert centre(third)[0] == pytest.approx((date.x0 + date.x1) / 2, abs=loose(kind))
    assert date.top > congress.top


@pytest.mark.parametrize("kind", ["pdf", "lo"])
def test_unsealed_organs_stack_under_the_main_one(unsealed: dict[str, Path], kind: str) -> None:
    """7.3.5.2: the 主办机关's 署名 first, the others below it one a line, first characters aligned; the date on
    the next line two characters right of them."""
    page, found = page_with(unsealed[kind], PARTY)
    names = [word(found, t) for t in (PARTY, GOVERNMENT, CONGRESS)]
    date = word(found, DATE)
    assert not boxes(page, False)
    tops = [n.top for n in (*names, date)]
    for a, b in zip(tops, tops[1:], strict=False):
        assert b - a == pytest.approx(PITCH, abs=1.5 * MM if kind == "lo" else 0.2)
    assert max(n.x0 for n in names) - min(n.x0 for n in names) < 0.3 * MM
    # the longest 署名 右空二字, or (the date reaching further, as here) the date, the 署名 moving left
    assert RIGHT - max(n.x1 for n in (*names, date)) == pytest.approx(2 * CHAR, abs=0.3 * MM)
    assert date.x0 - names[0].x0 == pytest.approx(2 * CHAR, abs=loose(kind))


@pytest.mark.parametrize("kind", ["pdf", "lo"])
def test_joint_signature_stamps_stack_aligned(stamped: dict[str, Path], kind: str) -> None:
    """7.3.5.3: the 主办机关's 职务 and 签名章 first, the other below, aligned, one a line; the date one blank
    line below the last stamp, 右空四字."""
    page, found = page_with(stamped[kind], "中共林头镇委员会书记")
    titles = [word(found, t) for t in ("中共林头镇委员会书记", "林头镇人民政府镇长")]
    date = word(found, DATE)
    first, second = boxes(page, True)
    for box, title in zip((first, second), titles, strict=True):
        assert RIGHT - box["x1"] == pytest.approx(4 * CHAR, abs=0.3 * MM)
        assert box["x0"] - title.x1 == pytest.approx(2 * CHAR, abs=0.3 * MM)
        assert title.top + 8 == pytest.approx(centre(box)[1], abs=0.5 * MM)
    assert second["x0"] == pytest.approx(first["x0"], abs=0.1)
    pitch = gbt9704.JOINT_STAMP_PITCH_LINES * PITCH
    assert second["top"] - first["top"] == pytest.approx(pitch, abs=0.5)
    # 7.3.5.3 下空二行 / 下空一行, text to stamp and stamp to text, in LibreOffice's rendering as in the PDF
    above = max((w for w in found if w.top < first["top"] - PITCH), key=lambda w: w.top)
    assert first["top"] - above.top == pytest.approx(3 * PITCH, abs=0.5 * MM)
    assert date.top - second["bottom"] == pytest.approx(PITCH, abs=0.5 * MM)
    assert RIGHT - date.x1 == pytest.approx(4 * CHAR, abs=0.3 * MM)


JOINT_RULES = {
    "7.3.5.1": (
        "最后一个印章以成文日期为准居中（水平偏差）",
        "印章一一对应下压各发文机关署名",
        "印章居中下压署名（水平偏差最大者）",
        "印章排列整齐（同排顶端、同列中线，最大偏差）",
        "印章之间互不相交或相切",
        "每排印章两端不超出版心",
        "首排印章顶端距正文（或附件说明）一行之内",
    ),
    "7.3.5.3": ("各签名章上下对齐（左右边缘最大偏差）", "每行只编排一个机关的签发人职务、签名章"),
}


@pytest.mark.parametrize("which", ["two", "three", "stamped"])
@pytest.mark.parametrize("kind", ["pdf", "ofd", "docx"])
def test_check_measures_joint_seals(which: str, kind: str, request: pytest.FixtureRequest) -> None:
    files = request.getfixturevalue(which)
    clause = "7.3.5.3" if which == "stamped" else "7.3.5.1"
    rules = {r.name: r for r in check(files[kind]).results if r.clause == clause}
    for name in JOINT_RULES[clause]:
        assert rules[name].status == "pass", (name, rules[name].measured)
    assert [f"{r.name}: {r.measured}" for r in rules.values() if r.status != "pass"] == []


def test_check_finds_intersecting_seals(fonts: FontSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Seals drawn overlapping (columns closer than a seal): check fails 互不相交或相切 and names the overlap."""
    monkeypatch.setattr(gbt9704, "JOINT_SEAL_GAP", gbt9704.Measure(-12, "mm", "7.3.5.1", "test"))
    monkeypatch.setattr(gbt9704, "JOINT_SIGNER_GAP_CHARS", -4)
    path = tmp_path / "overlapping.pdf"
    path.write_bytes(render("pdf", parse(notice(joint("organ", PARTY, GOVERNMENT))), fonts).data)
    rules = {r.name: r for r in check(path).results}
    assert rules["印章之间互不相交或相切"].status == "fail"
    assert "最近处相距 -" in rules["印章之间互不相交或相切"].measured


def test_one_signer_child_is_the_one_organ_signature(fonts: FontSet) -> None:
    """<signature><signer>…</signer></signature> is <signature signer="…"/>: the same bytes in every format."""
    attribute = parse(notice(f'<signature signer="{PARTY}" date="{DATE}" seal="organ"/>'))
    child = parse(notice(joint("organ", PARTY)))
    for kind in ("pdf", "docx", "ofd"):
        assert render(kind, attribute, fonts).data == render(kind, child, fonts).data


def test_too_many_sealed_organs_for_a_page_are_refused_in_chinese(fonts: FontSet) -> None:
    organs = [f"林头镇第{k}机关" for k in range(1, 11)]
    with pytest.raises(UserError) as caught:
        render("pdf", parse(notice(joint("organ", *organs))), fonts)
    [problem] = caught.value.problems
    assert "一页排不下" in problem.message and problem.fix


def test_markup_mistakes_are_named() -> None:
    with pytest.raises(UserError) as caught:
        parse(
            notice(f'<signature signer="{PARTY}" date="{DATE}" seal="organ"><signer>{GOVERNMENT}</signer></signature>')
        )
    assert "不写 signer、seal-image" in caught.value.problems[0].message
    with pytest.raises(UserError) as caught:
        parse(notice(f'<signature date="{DATE}" seal="none"><signer seal-image="a.png">{PARTY}</signer></signature>'))
    assert "seal 应为 organ 或 signature" in caught.value.problems[0].message


# --- the data: meta.co_issuers with meta.seal.images / titles ------------------------------------------------


def _data(tmp_path: Path, seal: str) -> Path:
    text = (ROOT / "examples" / "kinds" / "joint-notice.yaml").read_text(encoding="utf-8")
    text = text.replace("  seal:\n    mode: organ\n", seal)
    path = tmp_path / "joint.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("seal", "words"),
    [
        (
            "  seal:\n    images: [party.png]\n",
            "印章图片 images 有 1 张，发文机关有 2 个（中共林头镇委员会、林头镇人民政府）",
        ),
        ("  seal:\n    image: a.png\n    images: [a.png, b.png]\n", "image 和 images 只填一个"),
        ("  seal:\n    mode: signature\n", "须在 titles 中按发文机关顺序写出各机关签发人的职务全称"),
        ("  seal:\n    mode: signature\n    titles: [镇党委书记]\n", "titles 有 1 个"),
        ("  seal:\n    mode: signature\n    title: 镇长\n", "不写 title"),
        ("  seal:\n    mode: none\n    images: [a.png, b.png]\n", "不加盖印章（mode: none）时不用印章图片"),
    ],
)
def test_validate_names_what_the_joint_seal_lacks(
    seal: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _data(tmp_path, seal)
    assert main(["validate", "--template", "notice", str(path)]) != 0
    out = capsys.readouterr()
    assert words in out.out + out.err


def test_the_data_gives_each_organ_its_picture_and_title(tmp_path: Path) -> None:
    """Through the pipeline: meta.seal.images and meta.seal.titles reach each organ's <signer> in order."""
    from lintou_report import pipeline
    from lintou_report.tree import Signature

    seal_png(tmp_path / "party.png")
    seal_png(tmp_path / "government.png", (480, 480))
    path = _data(tmp_path, "  seal:\n    images: [party.png, government.png]\n")
    [signature] = [b for b in pipeline.prepare(path, "notice").document.blocks if isinstance(b, Signature)]
    assert [s.name for s in signature.signers] == [PARTY, GOVERNMENT]
    assert [s.seal_image.width for s in signature.signers if s.seal_image] == [500, 480]
    path = _data(tmp_path, "  seal:\n    mode: signature\n    titles: [中共林头镇委员会书记, 林头镇人民政府镇长]\n")
    [signature] = [b for b in pipeline.prepare(path, "notice").document.blocks if isinstance(b, Signature)]
    assert signature.seal == "signature"
    assert [s.name for s in signature.signers] == ["中共林头镇委员会书记", "林头镇人民政府镇长"]


def test_joint_notice_example_passes_check_in_every_format(tmp_path: Path) -> None:
    """examples/kinds/joint-notice.yaml built as a clerk builds it; check passes the PDF, the OFD and the DOCX
    and measures both seals against their 署名 and the date."""
    data = str(ROOT / "examples" / "kinds" / "joint-notice.yaml")
    assert main(["--template", "notice", "--data", data, "--format", "all", "-o", str(tmp_path)]) == 0
    assert main(["--template", "notice", "--data", data, "--format", "ofd", "-o", str(tmp_path)]) == 0
    for fmt in ("pdf", "ofd", "docx"):
        report = check(next(tmp_path.glob(f"*.{fmt}")))
        failed = [f"{r.clause} {r.name}: {r.measured}" for r in report.results if r.status == "fail"]
        assert not failed, (fmt, failed)
        names = {r.name for r in report.results if r.clause == "7.3.5.1" and r.status == "pass"}
        assert set(JOINT_RULES["7.3.5.1"]) <= names, fmt


def test_one_picture_is_the_main_organs_and_validate_reminds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """meta.seal.image alone on a joint document: the 主办机关's seal; the other organ's is the placeholder,
    and validate reminds the clerk of it (a reminder, not an error)."""
    from lintou_report import pipeline
    from lintou_report.tree import Signature

    seal_png(tmp_path / "party.png")
    path = _data(tmp_path, "  seal:\n    image: party.png\n")
    assert main(["validate", "--template", "notice", str(path)]) == 0
    out = capsys.readouterr()
    assert "只给了主办机关（中共林头镇委员会）的印章图片：林头镇人民政府的印章印为示意框" in out.out + out.err
    [signature] = [b for b in pipeline.prepare(path, "notice").document.blocks if isinstance(b, Signature)]
    assert [s.seal_image is not None for s in signature.signers] == [True, False]


# --- check on a foreign page: only what the page shows ----------------------------------------------------


def _foreign_page(seals: list[tuple[float, float]], names: list[tuple[str, float, float]]):
    """A last page as another tool might set it: a line of text, seal outlines (centre x, centre y, in pt from
    the top-left) and 署名 / date lines (text, centre x, baseline)."""
    from lintou_report.check.reading import Glyph, Page, Shape, TextLine

    def text(t: str, cx: float, bottom: float) -> TextLine:
        x0 = cx - len(t) * 8
        return TextLine(1, 1, [Glyph(ch, "FangSong", 16, x0 + 16 * k, x0 + 16 * (k + 1), bottom - 16, bottom, None)
                               for k, ch in enumerate(t)])  # fmt: skip

    body = text("特此通知。", LEFT + 56, 300)
    lines = [body] + [text(t, cx, b) for t, cx, b in names]
    r = SEAL / 2
    outlines = [Shape(cx - r, cx + r, cy - r, cy + r, (1.0, 0.0, 0.0)) for cx, cy in seals]
    return Page(1, 595.3, 841.9, lines, [], [], outlines=outlines)


def _rules(page) -> dict[str, object]:
    from lintou_report.check.seal import seal_rules

    return {r.name: r for r in seal_rules([page], LEFT, RIGHT, PITCH)}


def test_check_reads_a_foreign_joint_signature_from_the_page() -> None:
    """Two seals a row over their 署名 and the date, as the standard's figure has them: every joint rule passes;
    the second seal dropped 5 mm, or the first pushed out of the type area and onto the second, each fails."""
    date_cx = RIGHT - 4 * 16 - len(DATE) * 8  # the date 右空四字 (this page's glyphs are all 16 pt wide)
    row = 300 + 3 * PITCH
    names = [(PARTY, date_cx - 48 * MM, row), (GOVERNMENT, date_cx, row), (DATE, date_cx, row + PITCH)]
    good = _rules(_foreign_page([(date_cx - 48 * MM, row - 8), (date_cx, row - 8)], names))
    assert [f"{n}: {r.measured}" for n, r in good.items() if r.status != "pass"] == []
    assert set(JOINT_RULES["7.3.5.1"]) <= set(good)
    dropped = _rules(_foreign_page([(date_cx - 48 * MM, row - 8), (date_cx, row - 8 + 5 * MM)], names))
    assert dropped["印章排列整齐（同排顶端、同列中线，最大偏差）"].status == "fail"
    crowded = _rules(_foreign_page([(date_cx - 30 * MM, row - 8), (date_cx, row - 8)], names))
    assert crowded["印章之间互不相交或相切"].status == "fail"
    outside = _rules(_foreign_page([(LEFT + 10 * MM, row - 8), (date_cx, row - 8)], names))
    assert outside["每排印章两端不超出版心"].status == "fail"
    assert outside["印章一一对应下压各发文机关署名"].status == "fail"  # no 署名 under the moved seal


def test_check_reads_five_stacked_organs_as_one_mark(tmp_path: Path) -> None:
    """7.2.4/7.2.5: with five organs the 标志 is five red lines; check takes all of them as the 标志 and measures
    the 发文字号 two blank lines below the last one's foot, as the page is set."""
    data = (ROOT / "examples" / "kinds" / "joint-notice.yaml").read_text(encoding="utf-8")
    organs = "[林头镇人民政府, 林头镇纪律检查委员会, 林头镇人民代表大会主席团, 共青团林头镇委员会]"
    path = tmp_path / "five.yaml"
    path.write_text(data.replace("co_issuers: [林头镇人民政府]", f"co_issuers: {organs}"), encoding="utf-8")
    assert main(["--template", "notice", "--data", str(path), "--format", "pdf", "-o", str(tmp_path)]) == 0
    pdf = next(tmp_path.glob("*.pdf"))
    with pdfplumber.open(pdf) as opened:
        lines = text_lines(opened.pages[0])
    red = [line for line in lines if line.size > 25]  # the 标志 (29 pt), not the title (22 pt)
    number = next(line for line in lines if "〔2023〕16号" in line.text)
    assert "共青团林头镇委员会" in red[-1].text.replace(" ", "")
    [rule] = [r for r in check(pdf).results if r.name == "发文字号在标志下空二行"]
    assert rule.status == "pass", rule.measured
    foot = max(c["bottom"] for c in red[-1].chars)
    assert float(rule.measured.split()[0]) == pytest.approx((number.top - foot) / PITCH, abs=0.3)
