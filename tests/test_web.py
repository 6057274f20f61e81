"""The workbench's routes with FastAPI's TestClient, on a copy of examples/workspace: every page and action,
and each bad input → its message at its field and nothing written."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import httpx
import pytest
from docx import Document as DocxDocument
from fastapi.testclient import TestClient
from hostile import assert_refused, run_cli
from hostile import snapshot as snapshot_hashes
from openpyxl import load_workbook
from pdf_measure import pages_of, text_lines
from pypdf import PdfReader

from lintou_report.web import library
from lintou_report.web.app import MAX_UPLOAD, create_app
from lintou_report.web.forms import slot_id
from lintou_report.web.security import hash_password, inside, store_password
from lintou_report.workspace import roundtrip

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "tests" / "articles" / "qingxi-2024-06.txt"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def token(client: TestClient, url: str = "/") -> str:
    return re.search(r'"X-CSRF-Token": "([^"]+)"', client.get(url).text).group(1)


def editor_form(client: TestClient, period: str) -> dict[str, str]:
    """The editor's inputs as the browser would send them (text inputs, textareas, selects, checkboxes)."""
    html = client.get(f"/p/{period}").text
    form = html[html.index('<form id="editor"') : html.index("</form>", html.index('<form id="editor"'))]
    fields: dict[str, str] = {}
    for m in re.finditer(r'<input type="(text|date|hidden)" name="([^"]+)" value="([^"]*)"', form):
        fields[m[2]] = _unescape(m[3])
    for m in re.finditer(r'<input type="checkbox" name="([^"]+)"( checked)?', form):
        if m[2]:
            fields[m[1]] = "on"
    for m in re.finditer(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        fields[m[1]] = _unescape(m[2])
    for m in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', m[2])
        fields[m[1]] = _unescape(chosen[1]) if chosen else re.search(r'<option value="([^"]*)"', m[2])[1]
    return fields


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def post(client: TestClient, url: str, data: dict | None = None, **kw):
    return client.post(url, data=data or {}, headers={"X-CSRF-Token": token(client)}, **kw)


def slot_text(html: str, field: str) -> str:
    m = re.search(rf'<div class="err" id="{re.escape(slot_id(field))}"[^>]*>(.*?)</div>\s*(?=<|$)', html, re.S)
    return re.sub(r"<[^>]+>", "", m[1]) if m else ""


# --- pages ------------------------------------------------------------------------------------------


def test_periods_page_lists_periods_with_state(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "2023-11" in page.text and "2023年12月" in page.text and "可生成" in page.text
    assert "新建下一期（2024-01）" in page.text


def test_new_next_period_is_what_new_period_makes(client: TestClient, workspace: Path) -> None:
    reply = post(client, "/periods/next", follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == "/p/2024-01"
    data = roundtrip.load((workspace / "periods/2024-01/report.yaml").read_text(encoding="utf-8"))
    assert data["meta"]["period"]["id"] == "2024-01" and data["meta"]["briefing"]["issue"] == 1
    assert all("review" in m for m in data["metrics"])
    assert "2024-01" in client.get("/").text
    editor = client.get("/p/2024-01").text
    assert "19 项提醒" in editor and "尚待核对" in slot_text(editor, "metrics[0].review")


def test_delete_moves_to_the_recycle_folder_and_restores(client: TestClient, workspace: Path) -> None:
    before = snapshot(workspace / "periods" / "2023-11")
    assert post(client, "/periods/2023-11/delete", follow_redirects=False).status_code == 303
    assert not (workspace / "periods" / "2023-11").exists()
    [recycled] = (workspace / "recycle").iterdir()
    assert recycled.name.startswith("2023-11@") and snapshot(recycled) == before
    page = client.get("/")
    assert "回收站" in page.text and "2023-11" in page.text
    assert post(client, f"/recycle/{recycled.name}/restore", follow_redirects=False).status_code == 303
    assert snapshot(workspace / "periods" / "2023-11") == before


def test_editor_shows_every_field_as_a_form(client: TestClient) -> None:
    fields = editor_form(client, "2023-12")
    assert fields["meta.briefing.name"] == "党建工作简报"
    assert fields["meta.date"] == "2023-12-09"
    assert fields["meta.recipients.report_to[1]"] == "中共含山县委办公室"
    assert fields["themes[2].items[1].heading"] == "加大招商力度"
    assert fields["metrics[17].value"] == "3.8" and fields["metrics[17].unit"] == "亿元"
    assert fields["_template"] == "briefing"
    html = client.get("/p/2023-12").text
    assert re.search(r'name="meta.printing.date" value="2023-12-09" placeholder="如 \d{4}-\d{2}-\d{2}"', html)
    assert '<span class="muted in-words">2023年12月9日</span>' in html  # the date as the document writes it
    assert '<datalist id="cl-zhendi-1">' in html
    assert re.search(r'<img src="/p/2023-12/page/\w+/1.png"', html)


@pytest.mark.parametrize("typed", ["2024年1月9日", "2024/1/9", "2024.01.09", " 2024-1-9 "])
def test_a_date_typed_the_chinese_way_is_saved_as_a_date(client: TestClient, workspace: Path, typed: str) -> None:
    fields = editor_form(client, "2023-12") | {"meta.date": typed}
    reply = post(client, "/p/2023-12/save", fields)
    assert "已保存" in reply.text
    assert "\n  date: 2024-01-09\n" in (workspace / "periods/2023-12/report.yaml").read_text(encoding="utf-8")
    assert 'name="meta.date" value="2024-01-09"' in reply.text and "2024年1月9日" in reply.text


def test_preview_image_is_a_png_of_the_page(client: TestClient) -> None:
    html = client.get("/p/2023-12").text
    src = re.search(r'<img src="(/p/2023-12/page/\w+/1.png)"', html)[1]
    image = client.get(src)
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert client.get(src.replace("/1.png", "/99.png")).status_code == 404


def test_live_edit_changes_the_preview(client: TestClient) -> None:
    fields = editor_form(client, "2023-12")
    first = re.search(r"/page/(\w+)/1.png", client.get("/p/2023-12").text)[1]
    fields["meta.title"] = "林头镇党委推动镇园融合发展"
    reply = post(client, "/p/2023-12/live", fields)
    second = re.search(r"/page/(\w+)/1.png", reply.text)[1]
    assert second != first
    assert client.get(f"/p/2023-12/page/{second}/1.png").content != client.get(f"/p/2023-12/page/{first}/1.png").content


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("metrics[0].value", "四十八", "应为数值"),
        ("meta.date", "2023-13-45", "不是有效日期：没有 13 月"),
        ("meta.date", "2023-02-30", "不是有效日期：2023年2月只有28日"),
        ("meta.printing.date", "12/09/2023", "应为日期"),
        ("meta.briefing.issue", "十二", "应为整数"),
        ("meta.title", "", "不能为空"),
        ("metrics[0].value", "50", "不在它的原文句子中"),
        ("metrics[0].source", "没有这句话", "原文句子不在主题"),
    ],
)
def test_a_bad_value_is_shown_at_its_field_and_nothing_is_written(
    client: TestClient, workspace: Path, field: str, value: str, words: str
) -> None:
    before = snapshot(workspace)
    fields = editor_form(client, "2023-12")
    fields[field] = value
    live = post(client, "/p/2023-12/live", fields)
    assert words in slot_text(live.text, field)
    saved = post(client, "/p/2023-12/save", fields)
    assert words in slot_text(saved.text, field) and "有问题未保存" in saved.text
    assert snapshot(workspace) == before


def test_a_missing_field_is_named_at_its_field(client: TestClient, workspace: Path) -> None:
    before = snapshot(workspace)
    fields = editor_form(client, "2023-12")
    del fields["meta.printing.organ"]
    reply = post(client, "/p/2023-12/save", fields)
    assert "缺少必填字段" in slot_text(reply.text, "meta.printing.organ")
    assert snapshot(workspace) == before


def test_save_keeps_comments_and_changes_only_what_was_edited(client: TestClient, workspace: Path) -> None:
    path = workspace / "periods/2023-12/report.yaml"
    before = path.read_text(encoding="utf-8")
    fields = editor_form(client, "2023-12")
    fields["themes[0].items[0].heading"] = "筑牢红色战斗堡垒"
    reply = post(client, "/p/2023-12/save", fields)
    assert "已保存" in reply.text
    after = path.read_text(encoding="utf-8")
    assert after.startswith("# 示例：2023年12月的数据。")  # the header comment stays
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [("      - heading: 筑牢红色堡垒", "      - heading: 筑牢红色战斗堡垒")]  # nothing else moved
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert roundtrip.version(after) in reply.text  # the form carries the new version


def test_a_stale_version_is_never_saved_silently(client: TestClient, workspace: Path) -> None:
    path = workspace / "periods/2023-12/report.yaml"
    fields = editor_form(client, "2023-12")
    path.write_text(path.read_text(encoding="utf-8").replace("筑牢红色堡垒", "筑牢堡垒"), encoding="utf-8")
    meanwhile = path.read_bytes()
    fields["meta.title"] = "另一个标签页的标题"
    reply = post(client, "/p/2023-12/save", fields)
    assert 'id="conflict"' in reply.text and "重新载入" in reply.text and "仍然保存" in reply.text
    assert path.read_bytes() == meanwhile
    reply = post(client, "/p/2023-12/save", fields | {"_overwrite": "1"})
    assert "已保存" in reply.text and "另一个标签页的标题" in path.read_text(encoding="utf-8")


def test_structural_edits_add_remove_and_move(client: TestClient) -> None:
    fields = editor_form(client, "2023-12")
    moved = post(client, "/p/2023-12/op", fields | {"op": "down:themes[0].items[0]"}).text
    assert re.search(r'name="themes\[0\].items\[1\].heading" value="筑牢红色堡垒"', moved)
    added = post(client, "/p/2023-12/op", fields | {"op": "add:themes[0].items[0].paragraphs"}).text
    assert 'name="themes[0].items[0].paragraphs[1]"' in added
    assert "不能为空" in slot_text(added, "themes[0].items[0].paragraphs[1]")
    removed = post(client, "/p/2023-12/op", fields | {"op": "remove:meta.recipients.cc[1]"}).text
    assert 'name="meta.recipients.cc[1]"' not in removed
    metric = post(client, "/p/2023-12/op", fields | {"op": "add:metrics"}).text
    assert 'name="metrics[19].id" value=""' in metric  # made from its label when it is saved


def test_every_metric_is_marked_reviewed_at_once(client: TestClient, workspace: Path) -> None:
    post(client, "/periods/next", {"from": "2023-12"})
    fields = editor_form(client, "2024-01")
    assert 'id="reviewed"' in client.get("/p/2024-01").text
    assert [k for k, v in fields.items() if k.endswith(".review") and v]  # a new period's metrics await review
    reply = post(client, "/p/2024-01/op", fields | {"op": "reviewed:metrics"}).text
    assert not re.findall(r'name="metrics\[\d+\]\.review" value="[^"]', reply) and 'id="reviewed"' not in reply
    cleared = {k: "" if k.endswith(".review") else v for k, v in fields.items()}  # as the redrawn form sends
    saved = post(client, "/p/2024-01/save", cleared | {"_version": fields["_version"]})
    assert "已保存" in saved.text and "提醒" not in re.search(r'<span id="status".*?</span>', saved.text)[0]
    assert "review:" not in (workspace / "periods/2024-01/report.yaml").read_text(encoding="utf-8")


def test_template_choice_is_kept_in_the_period_settings(client: TestClient, workspace: Path) -> None:
    fields = editor_form(client, "2023-12") | {"_template": "report"}
    reply = post(client, "/p/2023-12/save", fields)
    assert "已保存" in reply.text
    settings = roundtrip.load((workspace / "periods/2023-12/settings.yaml").read_text(encoding="utf-8"))
    assert settings["template"] == "report"
    assert "报告（公文）" in client.get("/").text


def test_the_cli_renders_a_period_with_the_workbench_template(client: TestClient, workspace: Path) -> None:
    post(client, "/p/2023-12/save", editor_form(client, "2023-12") | {"_template": "report"})
    made = run_cli(["--period", "2023-12", "--workspace", workspace, "--format", "docx"])
    assert made.status == 0, made.err
    assert Path(made.out.strip()).name == "report-2023-12.docx"
    text = "\n".join(p.text for p in DocxDocument(made.out.strip()).paragraphs)
    assert "党建工作简报" not in text and "中共林头镇委员会" in text  # the report's 发文机关标志, not the masthead
    built = run_cli(["build", "2023-11", "2023-12", "--workspace", workspace, "--format", "pdf", "-j", "1"])
    assert built.status == 0, built.err
    assert sorted(p.name for p in (workspace / "out").glob("*.pdf")) == ["briefing-2023-11.pdf", "report-2023-12.pdf"]
    checked = run_cli(["validate", "--workspace", workspace])
    assert checked.status == 0 and "模板 briefing、report" in checked.out
    explicit = run_cli(["--period", "2023-12", "--workspace", workspace, "--template", "briefing", "--format", "docx"])
    assert Path(explicit.out.strip()).name == "briefing-2023-12.docx"  # an explicit --template wins


def test_a_bad_template_in_the_period_settings_is_refused_by_the_cli(workspace: Path) -> None:
    settings = workspace / "periods/2023-12/settings.yaml"
    settings.write_text("template: ../../etc\n", encoding="utf-8")
    before = snapshot_hashes(workspace)
    ran = run_cli(["--period", "2023-12", "--workspace", workspace])
    assert_refused(ran, mentions=["settings.yaml", "template", "briefing"], before=before, folder=workspace)


def test_downloads_are_named_as_the_cli_names_them(client: TestClient, workspace: Path) -> None:
    pdf = client.get("/p/2023-12/download/pdf")
    assert pdf.status_code == 200 and "briefing-2023-12.pdf" in pdf.headers["content-disposition"]
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    assert len(pages) >= 2 and round(float(pages[0].mediabox.width)) == 595
    assert (workspace / "out" / "briefing-2023-12.pdf").read_bytes() == pdf.content
    docx = client.get("/p/2023-12/download/docx")
    assert "briefing-2023-12.docx" in docx.headers["content-disposition"]
    bundle = zipfile.ZipFile(io.BytesIO(client.get("/p/2023-12/download/zip").content))
    assert sorted(bundle.namelist()) == ["briefing-2023-12.docx", "briefing-2023-12.pdf"]
    assert "已生成" in client.get("/").text
    assert client.get("/p/2023-12/download/exe").status_code == 404


def test_check_page_lists_clause_standard_and_measured_values(client: TestClient) -> None:
    page = client.get("/p/2023-12/check")
    assert page.status_code == 200
    assert "briefing-2023-12.pdf" in page.text and "条款" in page.text and "实测值" in page.text
    assert re.search(r"<td>\d+(\.\d+)*</td>", page.text)
    clauses = re.findall(r"<tr><td[^>]*>([^<]*)</td>", page.text)
    assert "通行做法" in clauses and "字体" in clauses  # the checker's own words, said in Chinese
    assert not [c for c in clauses if re.search(r"[a-z]", c)]


def test_paths_outside_the_workspace_are_refused(client: TestClient, workspace: Path) -> None:
    (workspace.parent / "periods").mkdir()
    for url in ("/p/..%2F..%2Fetc", "/p/2023-12%2F..%2F..", "/p/1999-01", "/p/2023-12/page/x/1.png"):
        assert client.get(url).status_code == 404, url
    outside = workspace.parent / "elsewhere"
    outside.mkdir()
    (workspace / "recycle").mkdir()
    (workspace / "recycle" / "2023-10@link").symlink_to(outside)
    before = snapshot(workspace)
    assert post(client, "/recycle/2023-10@link/restore").status_code == 404
    assert post(client, "/recycle/..%2F..%2Fetc/restore").status_code == 404
    assert snapshot(workspace) == before
    assert inside(workspace, "periods", "..") is None and inside(workspace, "recycle", "2023-10@link") is None


def test_every_post_needs_the_csrf_token(client: TestClient, workspace: Path) -> None:
    client.get("/")
    before = snapshot(workspace)
    for url in ("/periods/next", "/periods/2023-11/delete", "/p/2023-12/save", "/p/2023-12/live", "/extract"):
        reply = client.post(url, data={"_csrf": "forged"})
        assert reply.status_code == 403 and "CSRF" in reply.text, url
    assert snapshot(workspace) == before


def test_metrics_spreadsheet_round_trip_shows_a_diff_before_saving(client: TestClient, workspace: Path) -> None:
    book = load_workbook(io.BytesIO(client.get("/p/2023-12/metrics.xlsx").content))
    sheet = book.active
    assert [c.value for c in sheet[1]][:5] == ["代号", "指标名称", "单位", "上期数值", "本期数值"]
    assert sheet["D2"].value == 45 and sheet["E2"].value == 48  # 上期 (2023-11) and this period
    assert sheet.data_validations.dataValidation[0].type == "decimal"
    path = workspace / "periods/2023-12/report.yaml"
    sheet["E2"] = 50
    out = io.BytesIO()
    book.save(out)
    before = path.read_bytes()
    files = {"sheet": ("指标.xlsx", out.getvalue())}
    diff = client.post("/p/2023-12/metrics", files=files, headers={"X-CSRF-Token": token(client)})
    assert diff.status_code == 200 and "<b>50</b>" in diff.text and "48 家" in diff.text
    assert path.read_bytes() == before  # shown, not saved
    pending = re.search(r'name="token" value="([^"]+)"', diff.text)[1]
    assert post(client, "/p/2023-12/metrics/apply", {"token": pending}, follow_redirects=False).status_code == 303
    saved = path.read_text(encoding="utf-8")
    assert len(saved.splitlines()) == len(before.decode("utf-8").splitlines())  # values changed in place
    assert "value: 50" in saved and saved.count("将50家企业纳入") == 2 and "将48家" not in saved  # text and source


def test_a_bad_spreadsheet_value_is_named_at_its_row_and_nothing_written(client: TestClient, workspace: Path) -> None:
    book = load_workbook(io.BytesIO(client.get("/p/2023-12/metrics.xlsx").content))
    book.active["E3"] = "三十一"
    out = io.BytesIO()
    book.save(out)
    before = snapshot(workspace)
    files = {"sheet": ("指标.xlsx", out.getvalue())}
    reply = client.post("/p/2023-12/metrics", files=files, headers={"X-CSRF-Token": token(client)})
    assert reply.status_code == 400
    assert "第 3 行" in reply.text and "不是数字" in reply.text and slot_id("metrics[1].value") in reply.text
    assert snapshot(workspace) == before


@pytest.mark.parametrize(
    ("name", "content", "status", "words"),
    [
        ("big.xlsx", b"x" * (MAX_UPLOAD + 10), 413, "文件太大"),
        ("notes.exe", b"MZ", 400, "只能上传 .xlsx、.xls 或 .ods"),
        ("bad.xlsx", b"not a workbook", 400, "无法读取表格：文件已损坏，或不是 Excel、WPS 表格"),
    ],
)
def test_bad_uploads_are_refused(
    client: TestClient, workspace: Path, name: str, content: bytes, status: int, words: str
) -> None:
    before = snapshot(workspace)
    reply = client.post("/p/2023-12/metrics", files={"sheet": (name, content)}, headers={"X-CSRF-Token": token(client)})
    assert reply.status_code == status and words in reply.text
    assert snapshot(workspace) == before


def test_extract_makes_a_draft_period_with_suggestions_accepted_or_rejected(
    client: TestClient, workspace: Path
) -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    files = {"file": ("qingxi.txt", article.encode("utf-8"))}
    page = client.post("/extract", files=files, headers={"X-CSRF-Token": token(client)})
    assert page.status_code == 200 and "校对清单" in page.text
    draft = re.search(r'/extract/([^/"]+)/create', page.text)[1]
    period = re.search(r'name="period" value="([^"]*)"', page.text)[1]
    suggestions = re.findall(r'name="reject-(\d+)"', page.text)
    form = {"period": period} | {f"reject-{i}": "on" for i in suggestions[:1]}
    reply = post(client, f"/extract/{draft}/create", form, follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == f"/p/{period}"
    data = roundtrip.load((workspace / "periods" / period / "report.yaml").read_text(encoding="utf-8"))
    assert data["meta"]["period"]["id"] == period
    assert client.get(f"/p/{period}").status_code == 200


def test_extract_reads_a_saved_web_page(client: TestClient, workspace: Path) -> None:
    """A saved .html page goes through extract's web-page reader: its title, not its navigation."""
    html = (ROOT / "tests" / "articles" / "lianhe-2025-06.html").read_bytes()
    page = client.post("/extract", files={"file": ("lianhe.html", html)}, headers={"X-CSRF-Token": token(client)})
    assert page.status_code == 200 and "校对清单" in page.text and "未读入" in page.text


def test_ofd_and_pdfa_downloads(client: TestClient, workspace: Path) -> None:
    ofd = client.get("/p/2023-12/download/ofd")
    assert ofd.status_code == 200 and ofd.content[:2] == b"PK"
    assert "briefing-2023-12.ofd" in ofd.headers["content-disposition"]
    pdfa = client.get("/p/2023-12/download/pdfa")
    assert pdfa.status_code == 200 and b"pdfaid:part" in pdfa.content
    assert not (workspace / "out" / "briefing-2023-12-PDFA.pdf").exists()  # made for the download only


def test_extract_refuses_an_existing_period_and_bad_files(client: TestClient, workspace: Path) -> None:
    before = snapshot(workspace)
    page = client.post(
        "/extract", data={"article": ARTICLE.read_text(encoding="utf-8")}, headers={"X-CSRF-Token": token(client)}
    )
    draft = re.search(r'/extract/([^/"]+)/create', page.text)[1]
    reply = post(client, f"/extract/{draft}/create", {"period": "2023-12"})
    assert reply.status_code == 400 and "工作区中已有报告期 2023-12" in reply.text
    reply = post(client, f"/extract/{draft}/create", {"period": "../../x"})
    assert reply.status_code == 400 and "格式不对" in reply.text
    reply = client.post("/extract", files={"file": ("a.pdf", b"%PDF")}, headers={"X-CSRF-Token": token(client)})
    assert reply.status_code == 400 and "只能上传 .txt 文本" in reply.text
    big = {"file": ("a.txt", b"x" * (MAX_UPLOAD + 10))}
    assert client.post("/extract", files=big, headers={"X-CSRF-Token": token(client)}).status_code == 413
    assert post(client, "/extract", {"article": "  "}).status_code == 400
    assert snapshot(workspace) == before


def test_extract_says_at_once_when_the_articles_period_exists(client: TestClient, workspace: Path) -> None:
    shutil.copytree(workspace / "periods/2023-12", workspace / "periods/2024-06")  # the article's period
    page = post(client, "/extract", {"article": ARTICLE.read_text(encoding="utf-8")})
    assert page.status_code == 200 and 'name="period" value="2024-06"' in page.text
    assert "工作区中已有报告期 2024-06" in page.text and "改成另一个报告期代号" in page.text


def test_password_protects_every_page(workspace: Path) -> None:
    client = TestClient(create_app(workspace, hash_password("correct horse"), hosts=None))
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    csrf = token(client, "/login")
    wrong = client.post("/login", data={"password": "nope", "_csrf": csrf})
    assert wrong.status_code == 403 and "密码不对" in wrong.text
    right = client.post("/login", data={"password": "correct horse", "_csrf": csrf}, follow_redirects=False)
    assert right.status_code == 303
    assert client.get("/").status_code == 200


def test_serve_refuses_another_host_without_a_password(workspace: Path) -> None:
    ran = run_cli(["serve", str(workspace), "--host", "0.0.0.0", "--no-browser"], cwd=workspace)
    assert ran.status == 2 and "必须设置密码" in ran.err and "Traceback" not in ran.err
    assert not (workspace / ".lintou-web").exists()


def test_a_structural_edit_is_saved_with_comments_and_data_kept(client: TestClient, workspace: Path) -> None:
    path = workspace / "periods/2023-12/report.yaml"
    fields = editor_form(client, "2023-12")
    added = post(client, "/p/2023-12/op", fields | {"op": "add:meta.keywords"}).text
    assert 'name="meta.keywords[4]"' in added
    fields["meta.keywords[4]"] = "年终专刊"
    assert "已保存" in post(client, "/p/2023-12/save", fields).text
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 示例：2023年12月的数据。") and "年终专刊" in text
    from lintou_report.source.model import load_report

    report = load_report(path)
    assert report.meta.keywords[-1] == "年终专刊" and len(report.metrics) == 19


def test_clearing_a_review_mark_removes_only_that_key(client: TestClient, workspace: Path) -> None:
    post(client, "/periods/next")
    path = workspace / "periods/2024-01/report.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    fields = editor_form(client, "2024-01")
    fields["metrics[0].review"] = ""
    assert "已保存" in post(client, "/p/2024-01/save", fields).text
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1 and "review" in changed[0][0] and "review" not in changed[0][1]


def test_only_the_servers_own_names_are_answered_on_loopback(workspace: Path) -> None:
    app = create_app(workspace)
    assert TestClient(app, base_url="http://localhost:8000").get("/").status_code == 200
    rebound = TestClient(app, base_url="http://attacker.example:8000").get("/")
    assert rebound.status_code == 400 and "地址不对" in rebound.text and "2023-12" not in rebound.text


def test_quarters_and_years_get_their_own_next_period(client: TestClient, workspace: Path) -> None:
    text = (workspace / "periods/2023-12/report.yaml").read_text(encoding="utf-8")
    quarter = text.replace("id: 2023-12", "id: 2023-Q4").replace("label: 2023年12月", "label: 2023年第四季度")
    (workspace / "periods/2023-Q4").mkdir()
    (workspace / "periods/2023-Q4/report.yaml").write_text(quarter, encoding="utf-8")
    page = client.get("/").text
    assert "新建下一期（2024-01）" in page and "新建下一期（2024-Q1）" in page
    reply = post(client, "/periods/next", {"from": "2023-Q4"}, follow_redirects=False)
    assert reply.headers["location"] == "/p/2024-Q1" and (workspace / "periods/2024-Q1/report.yaml").is_file()


# --- the metrics command ----------------------------------------------------------------------------


def test_metrics_command_exports_and_imports_with_a_diff_first(workspace: Path, capsys) -> None:
    from lintou_report.cli import main

    sheet = workspace / "指标.xlsx"
    assert main(["metrics", "export", "2023-12", "--workspace", str(workspace), "-o", str(sheet)]) == 0
    book = load_workbook(sheet)
    book.active["E5"] = 5  # special-actions: 4 → 5
    book.save(sheet)
    data = workspace / "periods/2023-12/report.yaml"
    before = data.read_bytes()
    assert main(["metrics", "import", "2023-12", str(sheet), "--workspace", str(workspace)]) == 0
    out = capsys.readouterr().out
    assert "special-actions（实施专项行动）：4 → 5 个" in out and "加 --yes" in out
    assert data.read_bytes() == before
    assert main(["metrics", "import", "2023-12", str(sheet), "--workspace", str(workspace), "--yes"]) == 0
    text = data.read_text(encoding="utf-8")
    assert "实施“破零、培优、助力、提能”5个专项行动" in text and "value: 5," in text


def test_metrics_command_refuses_a_bad_value_at_its_row(workspace: Path) -> None:
    from hostile import run_cli

    sheet = workspace / "指标.xlsx"
    assert run_cli(["metrics", "export", "2023-12", "-o", sheet], cwd=workspace).status == 0
    book = load_workbook(sheet)
    book.active["E4"] = "二十五"
    book.save(sheet)
    before = snapshot(workspace)
    ran = run_cli(["metrics", "import", "2023-12", sheet, "--yes"], cwd=workspace)
    assert ran.status == 2 and "Traceback" not in ran.err
    assert "指标.xlsx:4" in ran.err and "party-orgs-standalone 的本期数值 二十五 不是数字" in ran.err
    assert snapshot(workspace) == before


def test_serve_with_a_password_on_another_host_asks_for_it(workspace: Path) -> None:
    store_password(workspace, "correct horse")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    args = [sys.executable, "-m", "lintou_report", "serve", str(workspace), "--host", "0.0.0.0", "--no-browser"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        warning, address = process.stdout.readline(), process.stdout.readline()
        assert "对其他电脑开放" in warning and "须输入密码" in warning
        url = re.search(r"http://[\d.]+:\d+/", address)[0]
        reply = first_reply(url)
        assert reply.status_code == 303 and reply.headers["location"] == "/login"
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0 and "Traceback" not in err


def first_reply(url: str) -> httpx.Response:
    """The server's reply to its address, once it listens (it prints the address just before)."""
    for _ in range(200):
        try:
            return httpx.get(url, follow_redirects=False)
        except httpx.ConnectError:
            time.sleep(0.05)
    return httpx.get(url, follow_redirects=False)


def test_an_open_tab_can_still_save_after_the_server_restarts(workspace: Path) -> None:
    first = TestClient(create_app(workspace), base_url="http://127.0.0.1:8000")
    fields = editor_form(first, "2023-12") | {"meta.title": "重启之后仍能保存的标题"}
    csrf = token(first)
    restarted = create_app(workspace)  # the same workspace, a new process's app; the browser keeps its cookie
    second = TestClient(restarted, base_url="http://127.0.0.1:8000", cookies=dict(first.cookies))
    reply = second.post("/p/2023-12/save", data=fields, headers={"X-CSRF-Token": csrf})
    assert "已保存" in reply.text
    assert "重启之后仍能保存的标题" in (workspace / "periods/2023-12/report.yaml").read_text(encoding="utf-8")
    assert (workspace / ".lintou-web" / "secret").stat().st_mode & 0o077 == 0


def test_an_unknown_page_is_a_chinese_404(client: TestClient) -> None:
    reply = client.get("/no/such/page")
    assert reply.status_code == 404 and "没有这个页面" in reply.text and "Not Found" not in reply.text


def test_a_form_beyond_the_parsers_limits_is_refused_in_chinese(client: TestClient, workspace: Path) -> None:
    before = snapshot(workspace)
    many = post(client, "/extract", {f"f{i}": "x" for i in range(5100)})
    files = [("file", (f"{n}.txt", b"x")) for n in "abc"]
    three = client.post("/extract", files=files, headers={"X-CSRF-Token": token(client)})
    for reply in (many, three):
        assert reply.status_code == 400 and "提交的内容超出限制" in reply.text
        assert not re.search(r"Too many|Maximum", reply.text)
    assert snapshot(workspace) == before


def test_serve_says_in_chinese_when_its_port_is_taken(workspace: Path) -> None:
    from hostile import run_cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ran = run_cli(["serve", str(workspace), "--port", str(port), "--no-browser"], cwd=workspace)
    assert ran.status == 2 and "端口已被占用" in ran.err and "Traceback" not in ran.err


def test_a_data_file_the_form_cannot_hold_is_named_with_the_clis_words(client: TestClient, workspace: Path) -> None:
    path = workspace / "periods/2023-12/report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  issuer: 中共", "  issuer： 中共", 1), encoding="utf-8")
    before = snapshot(workspace)
    reply = client.get("/p/2023-12")
    assert reply.status_code == 400 and "YAML 格式错误" in reply.text and "用文本编辑器" in reply.text
    path.write_text("schema_version: 1\nmeta: 这里应是一组字段\nthemes: 3\n", encoding="utf-8")
    reply = client.get("/p/2023-12")
    assert reply.status_code == 400 and "应为列表（实际为 3）" in reply.text and "内部错误" not in reply.text
    assert "有问题" in client.get("/").text
    assert {k: v for k, v in snapshot(workspace).items() if "report.yaml" not in k} == {
        k: v for k, v in before.items() if "report.yaml" not in k
    }


# The server, started with one step of the atomic write held up: at the held step it writes a marker file and
# waits, so the test can SIGKILL it exactly there. "write": half the bytes of the saved data (the edited title
# in them) are in the temporary file; "replace": the new data file has just taken the old one's place.
_HELD_SERVER = """
import os, sys, time
from pathlib import Path
import lintou_report.output as output
step, marker, TITLE = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
real_write, real_replace = os.write, os.replace

def write(fd, data):
    if step == "write" and TITLE.encode() in bytes(data):
        real_write(fd, bytes(data)[: len(data) // 2])
        marker.touch(); time.sleep(120)
    return real_write(fd, data)

def replace(src, dst):
    real_replace(src, dst)
    if step == "replace" and str(dst).endswith("report.yaml"):
        marker.touch(); time.sleep(120)

class Os:  # the os module as output.py sees it: the real one, with the write or the replace held
    def __getattr__(self, name): return getattr(os, name)
    write = staticmethod(write)
    replace = staticmethod(replace)

output.os = Os()
from lintou_report.cli import main
sys.exit(main(["serve", *sys.argv[4:]]))
"""


TITLE = "保存到一半被终止的标题"


@pytest.mark.parametrize("step", ["write", "replace"])
def test_a_server_killed_mid_save_leaves_the_old_or_the_new_file_whole(workspace: Path, step: str) -> None:
    data = workspace / "periods/2023-12/report.yaml"
    old = data.read_bytes()
    marker = workspace.parent / "held"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONUNBUFFERED": "1"}
    args = [sys.executable, "-c", _HELD_SERVER, step, str(marker), TITLE, str(workspace), "--no-browser"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline())[0]
        first_reply(url)
        with httpx.Client(base_url=url, timeout=60) as browser:
            fields = editor_form(browser, "2023-12") | {"meta.title": TITLE}
            csrf = token(browser)
            failed: list[Exception] = []

            def save() -> None:
                try:
                    browser.post("/p/2023-12/save", data=fields, headers={"X-CSRF-Token": csrf})
                except httpx.TransportError as exc:  # the server died while the save was under way
                    failed.append(exc)

            saving = threading.Thread(target=save)
            saving.start()
            for _ in range(600):
                if marker.exists():
                    break
                time.sleep(0.05)
            assert marker.exists(), "the save never reached the held step"
            process.send_signal(signal.SIGKILL)
            saving.join(60)
            assert failed
    finally:
        process.kill()
        process.communicate(timeout=30)
    now = data.read_bytes()
    kept = roundtrip.load(now.decode("utf-8"))  # a whole YAML file either way
    if step == "write":
        assert now == old
    else:
        assert kept["meta"]["title"] == TITLE
        assert now.decode("utf-8").replace(TITLE, "") == old.decode("utf-8").replace(
            roundtrip.load(old.decode("utf-8"))["meta"]["title"], ""
        )
    assert process.returncode == -signal.SIGKILL


# --- the period's settings: metric tables, printing, 编者按 ----------------------------------------------


def table_captions(pdf: bytes) -> list[str]:
    """The metric tables' captions (表1 …) printed in ``pdf``."""
    lines = [ln.text for page in pages_of(pdf) for ln in text_lines(page)]
    return [t.replace(" ", "　") for t in lines if re.match(r"表\d+[　 ]", t)]


@pytest.mark.parametrize(
    ("choice", "captions"),
    [("none", []), ("summary", ["表1　主要指标"]), ("per_theme", ["表1　党建+阵地主要指标", "表2　党建+保障主要指标"])],
)
def test_metric_tables_chosen_in_the_editor(client: TestClient, workspace: Path, choice: str, captions: list) -> None:
    fields = editor_form(client, "2023-12")
    assert fields["_metric_tables"] == "per_theme" and fields["_duplex"] == "true"  # the set's defaults shown
    reply = post(client, "/p/2023-12/save", fields | {"_metric_tables": choice})
    assert "已保存" in reply.text
    settings = workspace / "periods/2023-12/settings.yaml"
    if choice == "per_theme":  # the defaults: nothing to write
        assert not settings.exists()
    else:
        saved = roundtrip.load(settings.read_text(encoding="utf-8"))
        assert saved["metric_tables"] == choice and saved["template"] == "briefing"
    assert editor_form(client, "2023-12")["_metric_tables"] == choice  # the editor shows the saved choice
    web = client.get("/p/2023-12/download/pdf").content
    made = run_cli(["--period", "2023-12", "--workspace", workspace, "--format", "pdf", "-o", workspace / "cli.pdf"])
    assert made.status == 0, made.err
    cli = (workspace / "cli.pdf").read_bytes()
    assert table_captions(web)[: len(captions)] == captions and table_captions(cli) == table_captions(web)
    if choice != "per_theme":
        assert table_captions(web) == captions
    checked = run_cli(["validate", "--period", "2023-12", "--workspace", workspace])
    assert checked.status == 0, checked.out


def test_the_preview_follows_the_unsaved_metric_table_choice(workspace: Path) -> None:
    """The live preview renders the form's choice before it is saved; nothing is written."""
    found = library.open_workspace(workspace)
    text = (workspace / "periods/2023-12/report.yaml").read_text(encoding="utf-8")
    before = snapshot(workspace)
    _, pdf = library.examine(found, "2023-12", text, library.Choice("briefing", "summary"))
    assert pdf is not None and table_captions(pdf) == ["表1　主要指标"]
    _, pdf = library.examine(found, "2023-12", text, library.Choice("briefing", "none"))
    assert pdf is not None and table_captions(pdf) == []
    assert snapshot(workspace) == before


def test_one_sided_printing_chosen_in_the_editor(client: TestClient, workspace: Path) -> None:
    """双面: the 版记 on an even page (GB/T 9704 6.2), so an even page count; 单面: it stays where it falls."""
    two_sided = PdfReader(io.BytesIO(client.get("/p/2023-11/download/pdf").content))
    assert len(two_sided.pages) % 2 == 0
    post(client, "/p/2023-11/save", editor_form(client, "2023-11") | {"_duplex": "false"})
    assert "duplex: false" in (workspace / "periods/2023-11/settings.yaml").read_text(encoding="utf-8")
    one_sided = PdfReader(io.BytesIO(client.get("/p/2023-11/download/pdf").content))
    assert len(one_sided.pages) == len(two_sided.pages) - 1
    made = run_cli(["--period", "2023-11", "--workspace", workspace, "--format", "pdf", "-o", workspace / "cli.pdf"])
    assert made.status == 0 and len(PdfReader(workspace / "cli.pdf").pages) == len(one_sided.pages)


def test_a_bad_metric_table_setting_is_refused_by_the_cli(workspace: Path) -> None:
    (workspace / "periods/2023-12/settings.yaml").write_text("metric_tables: all\n", encoding="utf-8")
    before = snapshot_hashes(workspace)
    ran = run_cli(["--period", "2023-12", "--workspace", workspace])
    mentions = ["本期的设置文件", "settings.yaml", "metric_tables", "summary"]
    assert_refused(ran, mentions=mentions, before=before, folder=workspace)
    checked = run_cli(["validate", "--period", "2023-12", "--workspace", workspace])  # validate reports on stdout
    assert checked.status == 2 and all(m in checked.out for m in mentions), checked.message
    built = run_cli(["build", "2023-12", "--workspace", workspace])
    assert built.status != 0 and "metric_tables" in built.out + built.err
    assert snapshot_hashes(workspace) == before


def test_editor_note_from_the_form_is_printed_before_the_intro(client: TestClient, workspace: Path) -> None:
    fields = editor_form(client, "2023-11")
    assert fields["meta.editor_note"] == ""
    note = "本期刊发林头镇“党建+”经验，供各党组织学习借鉴。"
    reply = post(client, "/p/2023-11/save", fields | {"meta.editor_note": note})
    assert "已保存" in reply.text
    data = roundtrip.load((workspace / "periods/2023-11/report.yaml").read_text(encoding="utf-8"))
    assert data["meta"]["editor_note"] == note
    lines = text_lines(next(pages_of(client.get("/p/2023-11/download/pdf").content)))
    texts = [ln.text for ln in lines]
    at = next(i for i, t in enumerate(texts) if t.startswith("编者按："))
    title = next(i for i, t in enumerate(texts) if t.startswith(data["meta"]["title"][:6]))
    intro = next(i for i, t in enumerate(texts) if t.startswith(data["intro"][0][:6].lstrip("　")))
    assert title < at < intro
    assert all("Kai" in font for ln in lines[at:intro] for font in ln.fonts())  # 楷体, the note's lines only
    assert not any("Kai" in font for font in lines[intro].fonts())
    post(client, "/p/2023-11/save", editor_form(client, "2023-11") | {"meta.editor_note": ""})
    assert "editor_note" not in (workspace / "periods/2023-11/report.yaml").read_text(encoding="utf-8")


def test_next_period_keeps_the_settings_and_drops_the_editor_note(client: TestClient, workspace: Path) -> None:
    post(client, "/p/2023-12/save", editor_form(client, "2023-12") | {"_metric_tables": "summary"})
    post(client, "/periods/next", follow_redirects=False)
    new = workspace / "periods/2024-01"
    assert "metric_tables: summary" in (new / "settings.yaml").read_text(encoding="utf-8")
    text = (new / "report.yaml").read_text(encoding="utf-8")
    assert "年终岁末" not in text and "去掉上期的编者按" in text
    assert editor_form(client, "2024-01")["meta.editor_note"] == ""
