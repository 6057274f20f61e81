"""The 报告 template set: a 公文 to the county committee, laid out as GB/T 9704 elements."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_measure import pages_of, text_lines

from lintou_report import tree
from lintou_report.cli import main
from lintou_report.source.model import Report
from lintou_report.source.plain import plain
from lintou_report.source.templating import build_document, cn_numeral


@pytest.fixture(scope="module")
def report_document(seed_report: Report) -> tree.Document:
    return build_document(seed_report, "report")


def test_masthead_title_and_main_recipients(report_document: tree.Document) -> None:
    masthead, title, recipients = report_document.blocks[:3]
    assert masthead == tree.OfficialMasthead("中共林头镇委员会文件", "林党〔2023〕12号", star=True)
    assert isinstance(title, tree.Title)
    assert title.text == "中共林头镇委员会关于以“党建+”赋能镇园融合发展情况的报告"
    assert isinstance(recipients, tree.Paragraph) and not recipients.indent
    assert recipients.text == "中共含山县委："
    assert report_document.info.title == title.text and report_document.info.date == "2023-11-09"


def test_body_has_the_three_themes_then_closing(report_document: tree.Document) -> None:
    blocks = report_document.blocks
    paragraphs = [b for b in blocks if isinstance(b, tree.Paragraph)]
    assert paragraphs[1].text.endswith("现将有关情况报告如下。")
    level1 = [b.text for b in blocks if isinstance(b, tree.Heading) and b.level == 1]
    assert [t[:2] for t in level1] == ["一、", "二、", "三、"]
    assert len([b for b in blocks if isinstance(b, tree.Table)]) == 3
    closing, signature, colophon = blocks[-3:]
    assert isinstance(closing, tree.Paragraph) and closing.text == "特此报告。"
    assert signature == tree.Signature("中共林头镇委员会", "2023年11月9日")
    assert colophon == tree.Colophon(
        (
            (tree.ColophonLine("抄送：", "中共含山县委组织部，含山经济开发区党工委。"),),
            (tree.ColophonLine("", "中共林头镇委员会办公室", "2023年11月9日印发"),),
        )
    )


def test_government_organ_has_no_star_and_no_cc_group(seed_report: Report) -> None:
    meta = seed_report.meta.replaced(party_organ=False, recipients=seed_report.meta.recipients.replaced(cc=[]))
    document = build_document(seed_report.replaced(meta=meta), "report")
    masthead = document.blocks[0]
    assert isinstance(masthead, tree.OfficialMasthead) and not masthead.star
    colophon = document.blocks[-1]
    assert isinstance(colophon, tree.Colophon) and len(colophon.groups) == 1


def test_report_files_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pypdf = pytest.importorskip("pypdf")
    assert main(["--template", "report", "--format", "all", "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().out.split() == [
        str(tmp_path / "report-2023-11.pdf"),
        str(tmp_path / "report-2023-11.docx"),
    ]
    pdf = pypdf.PdfReader(tmp_path / "report-2023-11.pdf")
    # the 中西间距 around digits (layout/autospace.py) reads as a space to text extraction
    text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "").replace(" ", "")
    for expected in (
        "中共林头镇委员会文件",
        "林党〔2023〕12号",
        "中共含山县委：",
        "特此报告。",
        "抄送：",
        "2023年11月9日印发",
    ):
        assert expected in text
    assert pdf.metadata.title == "中共林头镇委员会关于以“党建+”赋能镇园融合发展情况的报告"
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(tmp_path / "report-2023-11.docx").element.body
    words = "".join(t.text or "" for t in body.iter(qn("w:t")))  # text boxes (the 版记) included
    for expected in ("中共林头镇委员会文件", "林党〔2023〕12号", "中共含山县委：", "特此报告。", "2023年11月9日印发"):
        assert expected in words


def test_signer_of_an_upward_document(seed_report: Report, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    signed = seed_report.replaced(meta=seed_report.meta.replaced(signer="张三"))
    masthead = build_document(signed, "report").blocks[0]
    assert isinstance(masthead, tree.OfficialMasthead) and masthead.signer == "张三"
    # without one the report is still made, with a reminder naming the field
    assert main(["validate", "--template", "report"]) == 0
    out = capsys.readouterr().out
    assert "字段 meta.signer：模板 report（报告（公文，上报县委））建议填写签发人" in out and "1 项提醒" in out
    assert main(["--template", "report", "--format", "pdf", "-o", str(tmp_path / "r.pdf")]) == 0
    assert "建议填写签发人" in capsys.readouterr().err and (tmp_path / "r.pdf").is_file()


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (115, "一百一十五"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (10000, "一万"),
        (100000, "十万"),
        (10010, "一万零一十"),
        (120305, "十二万零三百零五"),
    ],
)
def test_cn_numeral(number: int, text: str) -> None:
    assert cn_numeral(number) == text


def test_templates_see_plain_records_only(seed_report: Report) -> None:
    """No model record (nor any loader) anywhere in what a template gets; plain records give their fields."""
    import datetime as dt
    from decimal import Decimal

    from lintou_report.source.fields import Model

    seen = 0

    def walk(value: object) -> None:
        nonlocal seen
        seen += 1
        assert not isinstance(value, Model | dict | list)
        if isinstance(value, tuple):
            for item in value:
                walk(item)
        elif not isinstance(value, str | int | Decimal | dt.date | type(None)):
            public = {name for name in dir(value) if not name.startswith("_")}
            fields = set(type(value).__record_fields__)
            assert public - fields <= {"metrics_of", "value_text", "all_signers"}, public - fields
            for name in fields:
                walk(getattr(value, name))

    record = plain(seed_report)
    walk(record)
    assert seen > 200
    assert record.themes[0].items[0].heading == seed_report.themes[0].items[0].heading  # a field, not dict.items
    with pytest.raises(AttributeError):
        record.meta.title = "x"  # type: ignore[misc]


def test_a_report_has_no_editor_note_and_validate_says_so(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """GB/T 9704's 公文 has no 编者按 (a 简报 prints one after its title): the 报告 leaves meta.editor_note out,
    and validate and a build remind the user in Chinese, at the field's line, instead of dropping it silently."""
    seed = Path(__file__).resolve().parents[1] / "seeds" / "lintou-2023-11.yaml"
    note = "这是本期编者按的文字，报告中不印。"
    text = seed.read_text(encoding="utf-8")
    data = tmp_path / "report.yaml"
    data.write_text(text.replace("  title: ", f"  editor_note: {note}\n  title: ", 1), encoding="utf-8")
    line = 1 + data.read_text(encoding="utf-8").splitlines().index(f"  editor_note: {note}")

    assert main(["validate", str(data), "--template", "report"]) == 0
    out = capsys.readouterr()
    said = out.out + out.err
    assert f"{data}:{line}:" in said and "不印编者按" in said and "meta.editor_note" in said, said

    assert main(["validate", str(data), "--template", "briefing"]) == 0
    assert "编者按" not in "".join(capsys.readouterr())

    pdf = tmp_path / "report.pdf"
    assert main(["--data", str(data), "--template", "report", "-o", str(pdf)]) == 0
    assert "不印编者按" in capsys.readouterr().err
    printed = "".join(line.text for page in pages_of(pdf.read_bytes()) for line in text_lines(page))
    assert "林党〔2023〕12号" in printed and "编者按" not in printed and note[:8] not in printed
