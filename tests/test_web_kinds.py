"""The workbench's inputs for the kinds of issue 19 (通知, 请示, 函, 纪要): 新建公文 from a kind's example or an
empty skeleton, the generic body (sections four levels deep, paragraphs, a table), 结束语, 附件, 份号, 密级,
紧急程度, several 签发人, joint issuing, 附注, 印章 with an uploaded picture, and the 纪要's lists; each edit
saved as the file's own text changed where it was edited, each problem at its input."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from urllib.parse import unquote

import yaml
from fastapi.testclient import TestClient
from pdf_measure import pages_of, text_lines
from PIL import Image, ImageDraw
from test_web import ROOT, editor_form, post, slot_text

from lintou_report.source.limits import MAX_SEAL_IMAGE_PIXELS


def new_document(client: TestClient, kind: str, document: str, start: str = "example") -> None:
    """新建公文 ``document`` (its date, a dash, its name: 2030-01-01-公文)."""
    fields = {"kind": kind, "date": document[:10], "name": document[11:], "start": start}
    created = post(client, "/documents/new", fields, follow_redirects=False)
    assert created.status_code == 303 and unquote(created.headers["location"]) == f"/p/{document}"


def inputs(html: str) -> dict[str, str]:
    """The editor's inputs in a page or a partial (the form a structural edit sends back)."""
    start = html.index('<form id="editor"')
    fake = type("C", (), {"get": lambda self, url: type("R", (), {"text": html[start:]})()})()
    return editor_form(fake, "")


def operate(client: TestClient, period: str, fields: dict[str, str], op: str) -> dict[str, str]:
    page = post(client, f"/p/{period}/op", {**fields, "op": op})
    assert page.status_code == 200
    return inputs(page.text)


def seal_png(size: int = 200) -> bytes:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, size - 4, size - 4), outline=(220, 0, 0, 255), width=size // 25)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


ROAD = (  # (few Arabic digits: check's 字距 is measured on full lines, which half-width digits make shorter)
    "我镇村级道路大多建成于十多年前，路面破损、坑洼较多，雨季积水严重，群众出行和农产品外运不便，"
    "人大代表和村民多次反映。经镇政府常务会议研究，拟于今年对其中破损最严重的十二公里进行维修。",
    "经测算，维修工程总投资约三百六十万元，镇财政已安排配套资金一百二十万元，尚有二百四十万元缺口。"
    "为此，恳请县政府从今年农村公路养护专项资金中给予补助，用于林头村至青溪村等六条道路的维修。",
    "工程拟于三月开工、十月底前完工，我镇将严格按照项目管理和资金管理规定组织实施，确保工程质量和资金安全。",
)


def pdf_text(pdf: bytes) -> str:
    return "".join(line.text for page in pages_of(pdf) for line in text_lines(page)).replace(" ", "")


# --- 新建公文 -----------------------------------------------------------------------------------------


def test_a_notice_from_its_example_shows_an_input_for_every_part_and_saves_unchanged(
    client: TestClient, workspace: Path
) -> None:
    assert "新建公文" in client.get("/").text
    new_document(client, "notice", "2030-01-01-公文")
    folder = workspace / "periods" / "2030-01-01-公文"
    assert "template: notice" in (folder / "settings.yaml").read_text(encoding="utf-8")
    periods = client.get("/").text
    assert "2030-01-01-公文" in periods and "新建下一期（2030-02）" not in periods  # a 通知 is not continued
    example = (ROOT / "examples" / "kinds" / "notice.yaml").read_text(encoding="utf-8")
    text = (folder / "report.yaml").read_text(encoding="utf-8")
    # the example under a heading of its own, dated the day the clerk chose (成文日期 and 印发日期)
    assert text.split("\n", 1)[1] == example.split("\n", 2)[2].replace("date: 2023-11-20", "date: 2030-01-01")
    page = client.get("/p/2030-01-01-公文").text
    fields = editor_form(client, "2030-01-01-公文")
    assert fields["meta.copy_number"] == "000012" and fields["meta.urgency"] == "加急"
    assert fields["meta.date"] == fields["meta.printing.date"] == "2030-01-01"
    assert fields["meta.co_issuers[0]"] == "林头镇人民政府" and fields["closing"] == "特此通知。"
    assert fields["body[2].sections[0].heading"] == "抓班子带队伍" and fields["body[2].sections[0].run_in"] == "on"
    assert fields["body[3].sections[1].table.rows[1][0]"] == "12月5日下午"
    assert fields["attachments[1].body[2].heading"] == "存在问题和下一步打算"
    assert fields["meta.note"].startswith("联系人：刘晓梅")
    for part in ('id="s-body"', 'id="s-closing"', 'id="s-attachments"', "＋ 添加下一层", "上传印章图片"):
        assert part in page
    assert 'id="s-theme-1"' not in page.split('id="unused"')[0]  # a 通知 has no themes: folded away
    assert "没有问题" in re.search(r'id="status"[^>]*>(.*?)</', page, re.S)[1]
    saved = post(client, "/p/2030-01-01-公文/save", fields)
    assert "已保存" in saved.text
    assert (folder / "report.yaml").read_text(encoding="utf-8") == text  # nothing edited: not a byte moved


def test_a_new_document_is_named_by_its_date_and_name_not_a_period(client: TestClient, workspace: Path) -> None:
    """A 通知 is no period's report: its folder is its date and a short name (the kind's word when none is
    given), -2 after it for a second of the same day and name; the periods' arithmetic leaves it alone."""
    before = sorted(p.name for p in (workspace / "periods").iterdir())
    for fields, words in (
        ({"date": "2030-13-01", "name": "防汛"}, "日期 2030-13-01 不对"),
        ({"date": "", "name": "防汛"}, "日期 （空） 不对"),
        ({"date": "2030-03-05", "name": "防汛/通知"}, "不能用作文件夹名"),
        ({"date": "2030-03-05", "name": "../periods"}, "不能用作文件夹名"),
        ({"date": "2030-03-05", "name": "林头镇二〇三〇年防汛抗旱工作的紧急通知附件"}, "不超过 20 个字"),
    ):
        page = post(client, "/documents/new", {"kind": "notice", **fields})
        assert page.status_code == 400 and words in page.text, fields
    assert sorted(p.name for p in (workspace / "periods").iterdir()) == before
    made = []
    for name in ("防汛 通知", "防汛通知", ""):
        created = post(client, "/documents/new", {"kind": "notice", "date": "2030-03-05", "name": name})
        made.append(unquote(created.url.path).removeprefix("/p/"))
    assert made == ["2030-03-05-防汛通知", "2030-03-05-防汛通知-2", "2030-03-05-通知"]
    periods = client.get("/").text
    assert "2030年3月5日 防汛通知（2）" in periods and "新建下一期（2030-03-05" not in periods
    # a periodical kind is still continued month by month, its next period unaffected by the documents
    assert "新建下一期（2024-01）" in periods
    # each document's files are its own, though two share a date: out/notice-<folder>.pdf
    for document in made[:2]:
        assert client.get(f"/p/{document}/download/pdf").status_code == 200
    built = sorted(p.name for p in (workspace / "out").glob("notice-2030-03-05*.pdf"))
    assert built == ["notice-2030-03-05-防汛通知-2.pdf", "notice-2030-03-05-防汛通知.pdf"]
    assert client.get("/").text.count("已生成") >= 2


def test_a_request_from_the_empty_skeleton_to_a_checked_pdf(client: TestClient, workspace: Path) -> None:
    new_document(client, "request", "2030-02-01-公文", "blank")
    fields = editor_form(client, "2030-02-01-公文")
    live = post(client, "/p/2030-02-01-公文/live", fields).text
    assert "不能为空" in slot_text(live, "meta.title") and "不能为空" in slot_text(live, "body[0].paragraphs[0]")
    fields = operate(client, "2030-02-01-公文", fields, "add:meta.signers")
    fields = operate(client, "2030-02-01-公文", fields, "add:meta.signers")
    fields |= {
        "meta.issuer": "林头镇人民政府",
        "meta.doc_number": "林政〔2030〕28号",
        "meta.title": "林头镇人民政府关于拨付村级道路维修资金的请示",
        "meta.recipients.main[0]": "含山县人民政府",
        "meta.signers[0]": "王建国",
        "meta.signers[1]": "李红梅",
        "meta.note": "联系人：赵敏，电话：0555-4321000",
        "meta.printing.organ": "林头镇党政办公室",
        "meta.printing.date": "2030-02-10",
        "meta.date": "2030年2月9日",
        "body[0].heading": "",
        "body[0].paragraphs[0]": ROAD[0],
    }
    fields = operate(client, "2030-02-01-公文", fields, "add:body[0].paragraphs")
    fields = operate(client, "2030-02-01-公文", fields, "add:body[0].paragraphs")
    fields |= {"body[0].paragraphs[1]": ROAD[1], "body[0].paragraphs[2]": ROAD[2]}
    fields.pop("meta.signer", None)
    saved = post(client, "/p/2030-02-01-公文/save", fields)
    assert "已保存" in saved.text, re.findall(r'class="err"[^>]*><div>(.*?)</div>', saved.text)
    text = (workspace / "periods" / "2030-02-01-公文" / "report.yaml").read_text(encoding="utf-8")
    assert "signers:" in text and "王建国" in text and "briefing" not in text and "themes" not in text
    pdf = client.get("/p/2030-02-01-公文/download/pdf").content
    words = pdf_text(pdf)
    assert "签发人：王建国" in words and "李红梅" in words
    assert "（联系人：赵敏，电话：0555-4321000）" in words and "妥否，请批示。" in words
    assert client.get("/p/2030-02-01-公文/download/docx").status_code == 200
    check = client.get("/p/2030-02-01-公文/check").text
    pdf_part, docx_part = re.split(r"request-[\w-]+\.docx", check, maxsplit=1)
    assert re.search(r"request-[\w-]+\.pdf", pdf_part) and "全部符合" in pdf_part and ">不符合<" not in pdf_part
    assert "7.2.6" in docx_part  # the DOCX measured too (its 签发人 line is main's own concern: see the report)


# --- the body: sections, levels, tables ---------------------------------------------------------------


def test_sections_nest_to_four_levels_and_tables_grow_and_shrink(client: TestClient) -> None:
    new_document(client, "notice", "2030-03-01-公文")
    fields = editor_form(client, "2030-03-01-公文")
    path = "body[1]"
    for _ in (2, 3, 4):  # levels 2, 3 and 4
        fields = operate(client, "2030-03-01-公文", fields, f"add:{path}.sections")
        path += ".sections[0]"
        assert f"{path}.heading" in fields
    page = post(client, "/p/2030-03-01-公文/op", {**fields, "op": "up:body[1]"}).text
    assert page.count("＋ 添加下一层") == page.count('class="card sec level-') - page.count("level-4")
    assert 'value="add:body[0].sections[0].sections[0].sections[0].sections"' not in page  # no fifth level
    fields = inputs(page)
    assert fields["body[0].heading"] == "评议对象" and fields["body[1].paragraphs[0]"].startswith("为深入")
    fields = operate(client, "2030-03-01-公文", fields, "table:body[2]")
    assert fields["body[2].table.columns[1]"] == "" and fields["body[2].table.rows[0][1]"] == ""
    fields = operate(client, "2030-03-01-公文", fields, "column:body[2].table")
    fields = operate(client, "2030-03-01-公文", fields, "add:body[2].table.rows")
    assert {k for k in fields if k.startswith("body[2].table.rows[1]")} == {
        f"body[2].table.rows[1][{c}]" for c in range(3)
    }
    fields["body[2].table.rows[1][2]"] = "第三列"
    fields = operate(client, "2030-03-01-公文", fields, "remove:body[2].table.columns[0]")
    assert fields["body[2].table.rows[1][1]"] == "第三列" and "body[2].table.rows[1][2]" not in fields
    fields = operate(client, "2030-03-01-公文", fields, "remove:body[2].table")
    assert not [k for k in fields if k.startswith("body[2].table")]


def test_a_problem_deep_in_the_body_is_shown_at_its_input(client: TestClient, workspace: Path) -> None:
    new_document(client, "notice", "2030-04-01-公文")
    file = workspace / "periods" / "2030-04-01-公文" / "report.yaml"
    before = file.read_bytes()
    fields = editor_form(client, "2030-04-01-公文")
    fields["body[3].sections[1].paragraphs[0]"] = " "
    fields["body[3].sections[1].table.rows[0][2]"] = "改动"
    fields["meta.copy_number"] = "12a"
    page = post(client, "/p/2030-04-01-公文/save", fields).text
    assert "不能为空" in slot_text(page, "body[3].sections[1].paragraphs[0]")
    assert "份号" in slot_text(page, "meta.copy_number") or "格式不对" in slot_text(page, "meta.copy_number")
    assert file.read_bytes() == before


def test_an_edit_in_an_attachment_changes_only_its_line(client: TestClient, workspace: Path) -> None:
    new_document(client, "notice", "2030-05-01-公文")
    file = workspace / "periods" / "2030-05-01-公文" / "report.yaml"
    before = file.read_text(encoding="utf-8").splitlines()
    fields = editor_form(client, "2030-05-01-公文")
    fields["attachments[1].body[0].paragraphs[0]"] = "本党组织基本情况，党员人数、年龄和学历结构。"
    fields["meta.secrecy.level"] = "秘密"
    fields["meta.secrecy.period"] = "1年"
    assert "已保存" in post(client, "/p/2030-05-01-公文/save", fields).text
    after = file.read_text(encoding="utf-8").splitlines()
    changed = {line.strip() for line in after if line not in before}
    assert changed == {"- 本党组织基本情况，党员人数、年龄和学历结构。", "secrecy:", "level: 秘密", "period: 1年"}
    assert len(after) == len(before) + 3 and after[0] == before[0]  # comments kept
    pdf = post(client, "/p/2030-05-01-公文/live", fields)
    assert pdf.status_code == 200
    words = pdf_text(client.get("/p/2030-05-01-公文/download/pdf").content)
    assert "秘密★1年" in words and "附件2" in words


# --- 纪要, 函 ---------------------------------------------------------------------------------------


def test_minutes_lists_are_edited_as_names(client: TestClient, workspace: Path) -> None:
    new_document(client, "minutes", "2030-06-01-公文")
    fields = editor_form(client, "2030-06-01-公文")
    assert fields["minutes.name"] and "、" in fields["minutes.attendance[0].names"]
    fields = operate(client, "2030-06-01-公文", fields, "add:minutes.attendance")
    last = max(int(k.split("[")[1].split("]")[0]) for k in fields if k.startswith("minutes.attendance["))
    fields[f"minutes.attendance[{last}].label"] = "列席"
    fields[f"minutes.attendance[{last}].names"] = "周晓明（镇纪委）、 吴刚（镇财政所）"
    assert "已保存" in post(client, "/p/2030-06-01-公文/save", fields).text
    text = (workspace / "periods" / "2030-06-01-公文" / "report.yaml").read_text(encoding="utf-8")
    listed = yaml.safe_load(text)["minutes"]["attendance"]
    assert listed[-1] == {"label": "列席", "names": ["周晓明（镇纪委）", "吴刚（镇财政所）"]}
    assert listed[0]["names"][:2] == ["陈立新", "周国栋"]
    words = pdf_text(client.get("/p/2030-06-01-公文/download/pdf").content)
    assert "列席：周晓明（镇纪委）、吴刚（镇财政所）" in words


def test_every_kind_opens_without_problems_from_its_example(client: TestClient) -> None:
    assert 'value="report"' not in client.get("/").text.split('id="new-doc"')[1]  # reports: 新建下一期
    for n, kind in enumerate(("notice", "request", "letter", "minutes"), 1):
        new_document(client, kind, f"2031-0{n}-01-公文")
        live = post(client, f"/p/2031-0{n}-01-公文/live", editor_form(client, f"2031-0{n}-01-公文")).text
        assert 'id="preview"' in live and "没有问题" in live, (kind, re.findall(r'class="err"[^>]*><div>(.*?)<', live))


def test_an_order_and_an_attachment_not_bound_with_the_text(client: TestClient, workspace: Path) -> None:
    """新建公文 of the kind 命令（令）: the 标志's word and the 令号 have inputs of their own; an 附件 can be ticked
    as not bound with the 正文, which needs a 发文字号 (said at the box) and prints it before “附件N”."""
    assert 'value="order"' in client.get("/").text.split('id="new-doc"')[1]
    new_document(client, "order", "2030-08-01-公布令")
    page = client.get("/p/2030-08-01-公布令").text
    assert 'id="s-order"' in page and 'name="order.number"' in page
    fields = editor_form(client, "2030-08-01-公布令")
    assert (fields["order.word"], fields["order.number"], fields["meta.seal.title"]) == ("令", "1", "镇长")
    fields |= {"order.number": "2", "attachments[0].separate": "on"}
    live = post(client, "/p/2030-08-01-公布令/live", fields).text
    assert "meta.doc_number" in slot_text(live, "attachments[0].separate")
    del fields["attachments[0].separate"]
    assert "已保存" in post(client, "/p/2030-08-01-公布令/save", fields).text
    assert "第2号" in pdf_text(client.get("/p/2030-08-01-公布令/download/pdf").content)

    new_document(client, "notice", "2030-08-02-述职评议")
    fields = editor_form(client, "2030-08-02-述职评议") | {"attachments[1].separate": "on"}
    assert "已保存" in post(client, "/p/2030-08-02-述职评议/save", fields).text
    saved = yaml.safe_load((workspace / "periods" / "2030-08-02-述职评议" / "report.yaml").read_text(encoding="utf-8"))
    assert saved["attachments"][1]["separate"] is True and "separate" not in saved["attachments"][0]
    pdf = client.get("/p/2030-08-02-述职评议/download/pdf").content
    pages = ["".join(line.text for line in text_lines(page)).replace(" ", "") for page in pages_of(pdf)]
    assert pages[-1].startswith("林党〔2023〕15号附件2") and pages[-1].endswith("—1—")
    assert any(page.startswith("抄送") or "抄送：" in page for page in pages[:-1])


# --- 印章 ------------------------------------------------------------------------------------------


def test_a_seal_picture_is_uploaded_checked_and_printed(client: TestClient, workspace: Path) -> None:
    new_document(client, "notice", "2030-07-01-公文")
    folder = workspace / "periods" / "2030-07-01-公文"
    fields = editor_form(client, "2030-07-01-公文")
    bad = post(client, "/p/2030-07-01-公文/seal", fields, files={"seal": ("seal.png", b"not a picture", "image/png")})
    assert "无法读取" in slot_text(bad.text, "seal") and not (folder / "seal.png").exists()
    side = int(MAX_SEAL_IMAGE_PIXELS**0.5) + 1
    huge = io.BytesIO()
    Image.new("L", (side, side)).save(huge, format="PNG")
    refused = post(client, "/p/2030-07-01-公文/seal", fields, files={"seal": ("big.png", huge.getvalue(), "image/png")})
    assert "超过上限" in slot_text(refused.text, "seal") and not (folder / "seal.png").exists()
    page = post(client, "/p/2030-07-01-公文/seal", fields, files={"seal": ("公章.png", seal_png(), "image/png")})
    assert Image.open(folder / "seal.png").mode == "RGBA"
    fields = inputs(page.text)
    assert fields["meta.seal.image"] == "seal.png" and 'id="preview"' in page.text
    fields["meta.seal.mode"] = "organ"
    assert "已保存" in post(client, "/p/2030-07-01-公文/save", fields).text
    pdf = client.get("/p/2030-07-01-公文/download/pdf").content
    last_text_page = [p for p in pages_of(pdf) if "中共林头镇委员会" in "".join(t.text for t in text_lines(p))]
    assert any(page.images for page in last_text_page)  # the seal, printed where the 署名 is


def label_of(html: str, name: str) -> str:
    """The words of the label that holds the input ``name``."""
    label = rf'<label class="f[^"]*"><span>([^<]*)</span>(?:(?!</label>).)*name="{re.escape(name)}"'
    found = re.search(label, html, re.S)
    assert found, name
    return found[1]


def test_a_field_the_kind_requires_is_not_labelled_optional(client: TestClient) -> None:
    """A blank 通知 asks for its 发文字号, a 请示 for its 签发人 and 附注, a 命令 for the 签名章's 职务: their labels
    do not say 可空 (a clerk left them empty and was told 不能为空); the lists are not called the 报告's."""
    new_document(client, "notice", "2030-09-01-通知", "blank")
    new_document(client, "request", "2030-09-02-请示", "blank")
    new_document(client, "order", "2030-09-03-令", "blank")
    notice = client.get("/p/2030-09-01-通知").text
    request = client.get("/p/2030-09-02-请示").text
    order = client.get("/p/2030-09-03-令").text
    required = [(notice, "meta.doc_number"), (request, "meta.signer"), (request, "meta.note")]
    for page, name in [*required, (order, "meta.seal.title")]:
        assert "可空" not in label_of(page, name), name
    assert "可空" in label_of(notice, "meta.signer") and "可空" in label_of(notice, "meta.note")  # a 通知 may omit
    assert "主送机关（报告）" not in notice and "抄送机关（报告）" not in notice


def test_a_blank_document_is_dated_the_day_the_clerk_chose(client: TestClient, workspace: Path) -> None:
    """新建公文 from the blank skeleton on 2030-03-01: its 成文日期 and 印发日期 are that day, not today's."""
    new_document(client, "order", "2030-03-01-令", "blank")
    fields = editor_form(client, "2030-03-01-令")
    assert fields["meta.date"] == "2030-03-01" and fields["meta.printing.date"] == "2030-03-01"
    saved = yaml.safe_load((workspace / "periods" / "2030-03-01-令" / "report.yaml").read_text(encoding="utf-8"))
    assert saved["meta"]["date"] == saved["meta"]["printing"]["date"] == dt.date(2030, 3, 1)
