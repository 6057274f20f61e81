"""The bundled kinds (report, notice, request, letter, minutes): their data, their templates' markup, what
``validate`` says a kind is missing, and the documents they produce."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pdf_measure import pages_of, squeeze, text_lines

from lintou_report import pipeline, tree
from lintou_report.errors import UserError
from lintou_report.resources import default_data_file
from lintou_report.source.model import load_report
from lintou_report.source.templating import render_markup, template_set
from lintou_report.source.validation import validate

ROOT = Path(__file__).resolve().parents[1]
KINDS = ROOT / "examples" / "kinds"
NAMES = ("report", "notice", "request", "letter", "minutes")


def example(kind: str) -> Path:
    return KINDS / f"{kind}.yaml"


def markup(kind: str, data: Path | None = None) -> ET.Element:
    return ET.fromstring(render_markup(load_report(data or example(kind)), kind))


def edited(tmp_path: Path, kind: str, old: str, new: str) -> Path:
    text = example(kind).read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def problems(data: Path, kind: str) -> list:
    with pytest.raises(UserError) as caught:
        validate(data, kind)
    return caught.value.problems


@pytest.mark.parametrize("kind", ("briefing", *NAMES))
def test_every_kind_declares_its_fields_and_its_example_passes(kind: str) -> None:
    tset = template_set(kind)
    assert tset.label and tset.fields, kind
    assert {p for key in tset.requires for p in key.split("|")} <= set(tset.fields)  # a required field is shown
    # every required and every listed field is one the data model knows
    for path in [*tset.fields, *(p for key in tset.requires for p in key.split("|"))]:
        assert path.split(".")[0] in ("meta", "intro", "themes", "metrics", "body", "closing", "attachments", "minutes")
    checked = validate(example(kind) if kind != "briefing" else default_data_file(), kind)
    assert not [n for n in checked.notes if n.field and not n.field.endswith(".review")], checked.notes


def test_notice_markup_carries_every_head_and_body_element() -> None:
    root = markup("notice")
    head = root.find("official-masthead")
    assert head is not None
    assert (head.get("copy-number"), head.get("urgency"), head.get("suffix")) == ("000012", "加急", "文件")
    assert [o.text for o in head.findall("organ")] == ["中共林头镇委员会", "林头镇人民政府"]  # 主办机关 first
    headings = [(el.tag, "".join(el.itertext())) for el in root if el.tag in ("h1", "h2")]
    assert headings[:2] == [("h1", "一、评议对象"), ("h1", "二、评议内容")]
    assert ("h2", "（一）个人述职") in headings and ("h1", "四、工作要求") in headings
    leads = [el.find("lead") for el in root.findall("p") if el.find("lead") is not None]
    assert ["".join(lead.itertext()) for lead in leads][:2] == ["（一）抓班子带队伍。", "（二）抓阵地强服务。"]
    note = root.find("attachments-note")
    assert note is not None and len(note.findall("item")) == 2
    order = [el.tag for el in root]
    assert order.index("attachments-note") < order.index("signature") < order.index("note") < order.index("attachment")
    assert order.index("attachment") < order.index("colophon")
    assert [a.get("number") for a in root.findall("attachment")] == ["1", "2"]
    signature = root.find("signature")
    assert signature is not None and signature.get("seal") == "organ"
    assert root.findtext("note") == "联系人：刘晓梅，电话：0555-4321678"  # the element adds the parentheses


def test_one_attachment_has_no_number_and_several_signers_are_children() -> None:
    root = markup("request")
    assert [a.get("number") for a in root.findall("attachment")] == [None]
    head = root.find("official-masthead")
    assert head is not None and head.get("signer") is None
    assert [s.text for s in head.findall("signer")] == ["陈立新", "周国栋"]
    assert [p.text for p in root.findall("p")][-1] == "妥否，请批示。"  # the 请示's closing when the data has none


def test_letter_and_minutes_use_their_special_formats() -> None:
    letter = markup("letter")
    assert letter[0].tag == "letterhead" and letter[0].get("doc-number") == "林政函〔2023〕6号"
    lines = [line.get("right") for line in letter.iter("line")]
    assert lines == [None]  # 信函格式: 抄送 only, no 印发机关 and 印发日期 (10.1)
    minutes = markup("minutes")
    head = minutes[0]
    assert (head.tag, head.get("number"), head.get("organ")) == ("minutes-masthead", "第5期", "中共林头镇委员会办公室")
    assert minutes.findtext("title") == "关于非公企业党建、冬春安全生产和述职评议工作的会议纪要"
    assert [a.get("label") for a in minutes.findall("attendance")] == ["出席", "请假", "列席"]
    assert minutes.find("signature") is None
    assert [line.get("label") for line in minutes.iter("line")][0] == "抄送："


def test_body_levels_number_one_to_four(tmp_path: Path) -> None:
    deep = """body:
  - heading: 甲
    sections:
      - heading: 乙
        sections:
          - heading: 丙
            sections:
              - heading: 丁
                run_in: true
                paragraphs: [正文。]
"""
    text = example("letter").read_text(encoding="utf-8")
    path = tmp_path / "letter.yaml"
    path.write_text(text[: text.index("body:")] + deep, encoding="utf-8")
    root = markup("letter", path)
    assert [(el.tag, "".join(el.itertext())) for el in root if el.tag in ("h1", "h2", "h3", "p")][1:5] == [
        ("h1", "一、甲"),
        ("h2", "（一）乙"),
        ("h3", "1.丙"),
        ("p", "（1）丁。正文。"),
    ]
    leaf = "                run_in: true\n                paragraphs: [正文。]\n"
    five = deep.replace(leaf, "                sections: [{heading: 戊}]\n")
    path.write_text(text[: text.index("body:")] + five, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_report(path)
    assert "最多分 4 层" in str(caught.value) and caught.value.problems[0].field == "body"


def test_validate_names_what_a_kind_lacks(tmp_path: Path) -> None:
    seed = default_data_file()
    found = {p.field: p for p in problems(seed, "notice")}
    assert set(found) == {"body"}  # the seed has a 发文字号, 主送, 印发 but no generic body
    assert "模板 notice（通知" in found["body"].message and "需要正文" in found["body"].message
    assert found["body"].fix == "在数据文件中填写 body"
    found = {p.field: p for p in problems(example("notice"), "briefing")}
    assert {"meta.period", "meta.briefing", "intro", "themes"} <= set(found)
    no_signer = edited(tmp_path, "request", "  signers: [陈立新, 周国栋]\n", "")
    found = {p.field: p for p in problems(no_signer, "request")}
    assert set(found) == {"meta.signer"} and "meta.signers" in (found["meta.signer"].fix or "")
    two = edited(tmp_path, "request", "    main: [含山县人民政府]", "    main: [含山县人民政府, 含山县财政局]")
    (problem,) = problems(two, "request")
    assert problem.field == "meta.recipients.main" and "只能有一项" in problem.message
    assert problem.line == 13  # the line of main:


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("  copy_number: 000012", "  copy_number: 1234567", "meta.copy_number", "格式不对"),
        ("  urgency: 加急", "  urgency: 急", "meta.urgency", "特急"),
        ("  note: 联系人：刘晓梅，电话：0555-4321678", "  note:\n    x: 1", "meta.note", "应为文字"),
        ("  party_organ: true", "  party_organ: true\n  seal: {image: /etc/seal.png}", "meta.seal.image", "相对路径"),
        ("  party_organ: true", "  party_organ: true\n  seal: {image: ../seal.png}", "meta.seal.image", "不能含 .."),
        ("  party_organ: true", "  party_organ: true\n  seal: {image: seal.gif}", "meta.seal.image", "PNG 或 JPEG"),
        ("  party_organ: true", "  party_organ: true\n  seal: {mode: red}", "meta.seal.mode", "organ"),
        ("  party_organ: true", "  party_organ: true\n  signer: 张三\n  signers: [李四]", "meta", "只填一个"),
        ("  copy_number: 000012", "  secrecy: {level: 秘密, period: 1年}", "meta", "应当标注份号"),
        ("  urgency: 加急", "  urgency: 加急\n  secrecy: {level: 内部}", "meta.secrecy.level", "绝密"),
        ("      - [12月5日上午, ", "      - [12月5日上午, 多一格, ", "body[3].sections[1].table", "第 1 行有 4 格"),
    ],
)
def test_new_fields_refuse_what_they_cannot_print(tmp_path: Path, old: str, new: str, field: str, words: str) -> None:
    with pytest.raises(UserError) as caught:
        load_report(edited(tmp_path, "notice", old, new))
    (problem,) = caught.value.problems
    assert problem.field == field and words in f"{problem.message}{problem.fix}", problem
    assert problem.line is not None


def test_copy_number_keeps_its_six_digits(tmp_path: Path) -> None:
    assert load_report(example("notice")).meta.copy_number == "000012"  # YAML 1.1 would read octal 10
    short = edited(tmp_path, "notice", "  copy_number: 000012", "  copy_number: 12")
    assert load_report(short).meta.copy_number == "000012"


def test_existing_data_needs_none_of_the_new_fields() -> None:
    """Every data file written for the briefing and the report loads as before, with no new field set."""
    files = [default_data_file(), *(ROOT / "tests" / "data").glob("*.yaml")]
    files += (ROOT / "examples" / "workspace" / "periods").glob("*/report.yaml")
    for path in files:
        meta = load_report(path).meta
        assert (meta.copy_number, meta.secrecy, meta.urgency, meta.note, meta.seal) == (None,) * 5, path
        root = ET.fromstring(render_markup(load_report(path), "report"))
        head = root.find("official-masthead")
        assert head is not None and len(head) == 0 and head.get("copy-number") is None
        assert root.find("signature").get("seal") is None  # the signature as before: no seal placeholder


@pytest.fixture(scope="module")
def built() -> dict[str, tuple[tree.Document, bytes]]:
    out = {}
    for kind in NAMES:
        prepared = pipeline.prepare(example(kind), kind)
        out[kind] = (prepared.document, pipeline.rendered(prepared, ("pdf",))["pdf"].data)
    return out


def test_each_kind_builds_into_its_elements(built: dict[str, tuple[tree.Document, bytes]]) -> None:
    kinds = {kind: [type(b).__name__ for b in document.blocks] for kind, (document, _) in built.items()}
    assert kinds["notice"].count("Attachment") == 2 and "AttachmentsNote" in kinds["notice"]
    assert kinds["letter"][0] == "Letterhead" and "Signature" in kinds["letter"]
    assert kinds["minutes"][0] == "MinutesMasthead" and kinds["minutes"].count("Attendance") == 3
    assert "Note" in kinds["request"] and "Note" in kinds["report"]
    head = built["notice"][0].blocks[0]
    assert isinstance(head, tree.OfficialMasthead) and head.organs == ("中共林头镇委员会", "林头镇人民政府")
    request = built["request"][0].blocks[0]
    assert isinstance(request, tree.OfficialMasthead) and request.signers == ("陈立新", "周国栋")


@pytest.mark.parametrize("kind", NAMES)
def test_each_kind_prints_its_parts_in_order(built: dict[str, tuple[tree.Document, bytes]], kind: str) -> None:
    """The PDF's text, page by page: the parts a clerk expects, in the order of GB/T 9704."""
    pages = [squeeze("".join(line.text for line in text_lines(page))) for page in pages_of(built[kind][1])]
    text = "".join(pages)
    expected = {
        "report": [
            "000003",
            "秘密★1年",
            "签发人：陈立新",
            "中共含山县委：",
            "特此报告。",
            "附件：林头镇冬春安全隐患整改清单",
            "（联系人：王志强，电话：0555-4321566）",
            "附件",
            "抄送：",
        ],
        "notice": [
            "000012",
            "加急",
            "林党〔2023〕15号",
            "各村（社区）党组织",
            "一、评议对象",
            "（一）抓班子带队伍。",
            "特此通知。",
            "附件：1.",
            "2.述职报告提纲",
            "（联系人：刘晓梅",
            "附件1",
            "附件2",
            "抄送：",
        ],
        "request": [
            "签发人：",
            "陈立新",
            "周国栋",
            "含山县人民政府：",
            "妥否，请批示。",
            "（联系人：王志强",
            "附件",
            "抄送：",
        ],
        "letter": [
            "林头镇人民政府",
            "林政函〔2023〕6号",
            "含山县自然资源和规划局：",
            "特此函商",
            "（联系人：赵明",
            "抄送：",
        ],
        "minutes": ["林头镇党委会议纪要", "第5期", "一、关于非公企业党建工作", "出席：", "请假：", "列席：", "抄送："],
    }[kind]
    at = 0
    for part in expected:
        found = text.find(part, at)
        assert found >= 0, (kind, part, text[at : at + 200])
        at = found + len(part)
    if kind == "notice":  # each attachment starts a page of its own, after the signature's page
        starts = [i for i, page in enumerate(pages) if page.startswith("附件")]
        assert len(starts) == 2 and starts[0] > next(i for i, p in enumerate(pages) if "2023年11月20日" in p)


def test_a_seal_picture_is_found_beside_the_data(tmp_path: Path) -> None:
    from PIL import Image

    data = edited(tmp_path, "request", "    mode: organ\n", "    mode: organ\n    image: seal.png\n")
    with pytest.raises(UserError) as caught:
        pipeline.prepare(data, "request")
    assert "找不到印章图片" in str(caught.value)
    Image.new("RGBA", (200, 200), (230, 0, 0, 128)).save(tmp_path / "seal.png")
    signature = next(b for b in pipeline.prepare(data, "request").document.blocks if isinstance(b, tree.Signature))
    assert signature.seal == "organ" and signature.seal_image is not None


def test_a_kind_without_a_period_is_named_by_its_date() -> None:
    report = load_report(example("notice"))
    assert pipeline.default_output(report, "notice", "pdf") == Path("out/notice-2023-11-20.pdf")


def test_new_period_refuses_a_file_without_a_period(tmp_path: Path) -> None:
    from lintou_report.workspace.periods import scaffold_data

    data = example("notice")
    with pytest.raises(UserError) as caught:
        scaffold_data(data.read_text(encoding="utf-8"), load_report(data), "2023-12")
    assert "meta.period" in str(caught.value)
    shutil.rmtree(tmp_path)


def test_the_workbench_learns_each_kinds_fields() -> None:
    from lintou_report.web import library

    assert set(NAMES) | {"briefing", "order"} == set(library.TEMPLATES)  # the 命令（令）: tests/test_order.py
    shown, required = library.kind_fields("request")
    assert {"meta.signer", "meta.signers", "meta.note", "body"} <= set(required) <= set(shown)
    shown, required = library.kind_fields("letter")
    assert "meta.printing" not in shown and "themes" not in shown


@pytest.mark.parametrize("kind", ["notice", "request", "minutes"])
def test_check_passes_the_kinds_pdf(built: dict[str, tuple[tree.Document, bytes]], kind: str, tmp_path: Path) -> None:
    """check measures the kind's PDF (its 版头, body of short paragraphs, 附件, 印章, 出席 lines) and passes it."""
    from lintou_report.check import check as check_file

    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(built[kind][1])
    report = check_file(path)
    assert report.passed, [f"{r.clause} {r.name}: {r.measured}" for r in report.results if r.status == "fail"]
    left = next(r for r in report.results if r.name.startswith("订口"))
    assert left.status == "pass" and abs(left.value - 28) < 1  # the text's edge, not its paragraphs' indent
    assert sum(r.status == "pass" for r in report.results) >= 35
