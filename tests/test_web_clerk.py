"""What a clerk stumbled on in the workbench, each fixed and held here (routes with TestClient; the browser's
side is in test_web_clerk_browser.py): the text a new period still carries from the last, messages without
Python's reprs, the fields of the selected template only, the differences before 仍然保存, the section
jumps, and metric ids made from their labels."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hostile import run_cli
from test_web import editor_form, post, slot_text

from lintou_report.errors import quoted
from lintou_report.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
REPR = re.compile(r"实际为 '|而不是 '|'[^'\s]*'|\bNone\b|\bTrue\b|\bFalse\b")


def main_form(html: str) -> str:
    """The editor's form without the fields set aside as not printed by the template."""
    form = html[html.index('<form id="editor"') : html.index("</form>")]
    return form[: form.index('<details id="unused"')] if '<details id="unused"' in form else form


def todo(html: str) -> str:
    found = re.search(r'<div id="todo"[^>]*>(.*?)\n</div>', html, re.S)
    return re.sub(r"<[^>]+>", "", found[1]) if found else ""


# --- 1. a new period: what still carries the last period's text, and the metrics to check -----------------


def test_a_new_period_lists_the_text_carried_over_until_each_is_rewritten(client: TestClient) -> None:
    post(client, "/periods/next", {"from": "2023-12"})
    page = client.get("/p/2024-01").text
    listed = todo(page)
    assert "仍是上期（2023-12）原文的 11 处" in listed  # title, intro and 9 paragraphs, word for word
    assert "标题" in listed and "导语第 1 段" in listed and "主题 2 第 1 项的正文第 1 段" in listed
    assert "待核对的指标 19 项" in listed
    assert "仍是上期（2023-12）的原文" in slot_text(page, "intro[0]")  # at the field too
    periods = client.get("/").text  # and in the list of periods
    assert re.search(r"2024年1月</td>.*?待改：上期原文 11 处、待核对指标 19 项", periods, re.S)

    fields = editor_form(client, "2024-01")
    rewritten = fields | {"intro[0]": "1月，林头镇党委以“党建+”统领全年开局工作。", "metrics[0].review": ""}
    live = post(client, "/p/2024-01/live", rewritten).text
    now = todo(live)
    assert "原文的 10 处" in now and "导语第 1 段" not in now and "标题" in now
    assert "待核对的指标 18 项" in now and 'hx-swap-oob="true"' in live.split('id="todo"')[0][-200:] + live
    assert slot_text(live, "intro[0]") == ""

    done = fields | {k: "" for k in fields if k.endswith(".review")}
    done |= {k: f"本期新写的第 {n} 段。" for n, k in enumerate(fields) if "paragraphs" in k or k.startswith("intro")}
    done["meta.title"] = "林头镇党委一月工作简报"
    assert todo(post(client, "/p/2024-01/live", done).text).strip() == ""  # nothing left: the list is gone


def test_only_what_repeats_the_previous_period_is_listed(client: TestClient) -> None:
    listed = todo(client.get("/p/2023-12").text)  # the example's 2023-12 repeats five paragraphs of 2023-11
    assert "仍是上期（2023-11）原文的 5 处" in listed and "主题 3 第 1 项的正文第 1 段" in listed
    assert "导语" not in listed and "标题" not in listed and "待核对" not in listed
    assert re.search(r'<div id="todo"[^>]*hidden', client.get("/p/2023-11").text)  # no previous period


# --- 2. messages in plain Chinese, no Python reprs -----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("", "空"),
        ("  ", "空白"),
        (None, "未填写"),
        ("林头镇", "“林头镇”"),
        (True, "true"),
        ([1, 2], "一个列表（2 项）"),
    ],
)
def test_values_are_quoted_in_words(value: object, words: str) -> None:
    assert quoted(value) == words


def test_an_empty_field_says_so_without_a_repr(client: TestClient, tmp_path: Path) -> None:
    fields = editor_form(client, "2023-12")
    live = post(client, "/p/2023-12/live", fields | {"meta.briefing.name": "", "metrics[0].value": ""}).text
    assert slot_text(live, "meta.briefing.name").startswith("不能为空")
    assert "实际为" not in slot_text(live, "meta.briefing.name")
    assert slot_text(live, "metrics[0].value").startswith("应为数值（实际为 空）")
    problems = "".join(re.findall(r'<div class="err"[^>]*>(.*?)</div>', live, re.S))
    assert problems and not REPR.search(problems), REPR.search(problems)

    data = tmp_path / "bad.yaml"  # the CLI says the same
    text = (ROOT / "examples" / "workspace" / "periods" / "2023-12" / "report.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\s+name:).*$", r'\1 ""', text, count=1)
    text = re.sub(r"(?m)^(\s+issue:).*$", r"\1 ~", text, count=1)
    text = re.sub(r"(?m)^(\s+party_organ:).*$", r"\1 '是'", text, count=1)
    data.write_text(text, encoding="utf-8")
    result = run_cli(["validate", str(data)], cwd=tmp_path)
    assert result.status == 2
    said = result.message.replace(str(data), "")
    assert "不能为空" in said and "未填写" in said and "“是”" in said
    assert not REPR.search(said), said


def test_a_metric_is_named_by_its_label_and_its_theme_by_its_name(client: TestClient) -> None:
    fields = editor_form(client, "2023-12")
    fields["themes[0].items[0].paragraphs[0]"] = "本月新写的一段，没有原来的句子。"
    said = slot_text(post(client, "/p/2023-12/live", fields).text, "metrics[0].source")
    who = "指标“纳入非公企业和社会组织信息平台企业”（enterprises-on-platform）"
    assert said == who + "的原文句子不在主题“党建+阵地”第 1 项的正文中"


def test_settings_and_format_messages_quote_in_words(tmp_path: Path) -> None:
    result = run_cli(["--format", "odt"], cwd=tmp_path)
    assert result.status == 2 and "不认识的格式 “odt”" in result.err


# --- 3. the fields of the selected template ---------------------------------------------------------


def test_the_form_shows_the_fields_the_selected_template_prints(client: TestClient) -> None:
    fields = editor_form(client, "2023-12")
    briefing = main_form(client.get("/p/2023-12").text)
    assert 'name="meta.briefing.name"' in briefing and 'name="meta.recipients.report_to[0]"' in briefing
    assert 'name="meta.doc_number"' not in briefing

    report = post(client, "/p/2023-12/op", fields | {"_template": "report"}).text
    shown = main_form(report)
    assert 'name="meta.briefing.name"' not in shown and ">报头<" not in shown  # the 报头 group is set aside
    assert 'name="meta.doc_number"' in shown and 'name="meta.recipients.main[0]"' in shown
    aside = report[report.index('<details id="unused"') :]
    assert 'name="meta.briefing.name" value="党建工作简报"' in aside  # kept, and sent with the form
    assert "报头" not in re.search(r'<nav id="sections".*?</nav>', report, re.S)[0]

    emptied = post(client, "/p/2023-12/op", fields | {"_template": "report", "meta.briefing.name": ""}).text
    assert 'name="meta.briefing.name"' in main_form(emptied)  # a problem brings its field back into view


def test_a_fields_list_that_is_not_a_list_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(ROOT / "templates" / "briefing", folder)
    manifest = folder / "template.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\nfields: meta.title\n", encoding="utf-8")
    result = run_cli(["validate", "--template", str(folder)], cwd=tmp_path)
    assert result.status == 2 and "fields 应为字段路径的列表" in result.message and "Traceback" not in result.message


# --- 4. the differences before 仍然保存 ----------------------------------------------------------------


def test_a_stale_save_shows_what_the_other_tab_changed(client: TestClient, workspace: Path) -> None:
    mine = editor_form(client, "2023-12")
    theirs = editor_form(client, "2023-12")
    saved = post(
        client, "/p/2023-12/save", theirs | {"meta.title": "另一个标签页的标题", "intro[0]": "另一个标签页的导语。"}
    )
    assert "已保存" in saved.text
    reply = post(client, "/p/2023-12/save", mine | {"meta.briefing.name": "党建工作简讯"}).text
    table = re.search(r'<table id="changes">(.*?)</table>', reply, re.S)[1]
    rows = [re.sub(r"<[^>]+>", "|", r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]]
    assert len(rows) == 2 and "别处改动了以下 2 项" in reply
    assert (
        rows[0].startswith("|标题|") and "另一个标签页的标题" in rows[0] and "仍然保存会撤销别处的这项修改" in rows[0]
    )
    assert rows[1].startswith("|导语第 1 段|") and "另一个标签页的导语。" in rows[1]
    assert "党建工作简讯" not in table  # this tab's own edit is not the other's
    path = workspace / "periods" / "2023-12" / "report.yaml"
    assert "另一个标签页的标题" in path.read_text(encoding="utf-8")  # nothing written before the clerk decides


def test_without_the_opened_version_the_differences_from_the_file_are_shown(workspace: Path) -> None:
    first = TestClient(create_app(workspace), base_url="http://127.0.0.1:8000")
    mine = editor_form(first, "2023-12")
    path = workspace / "periods" / "2023-12" / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("党建工作简报", "党建简报", 1), encoding="utf-8")
    restarted = TestClient(create_app(workspace), base_url="http://127.0.0.1:8000")  # knows no earlier version
    reply = post(restarted, "/p/2023-12/save", mine).text
    assert "文件中现在的内容与你的表单有以下 1 处不同" in reply
    assert re.search(r"<td>简报名称</td><td>党建简报</td><td>党建工作简报", reply)


# --- 5. section jumps ----------------------------------------------------------------------------------


def test_every_section_has_a_jump(client: TestClient) -> None:
    page = client.get("/p/2023-12").text
    nav = re.search(r'<nav id="sections"[^>]*>(.*?)</nav>', page, re.S)[1]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav)
    titles = [t for _, t in links]
    assert titles[:3] == ["本期设置", "报头", "标题与报告期"]
    assert {"导语", "主题1", "主题2", "主题3", "指标", "报送范围", "更正记录"} <= set(titles)
    for anchor, _ in links:  # each leads somewhere the keyboard can land
        assert re.search(rf'<section[^>]* id="{anchor}" tabindex="-1"', page), anchor


# --- 6. metric ids from labels --------------------------------------------------------------------------


def test_a_new_metric_gets_its_id_from_its_label_and_keeps_it(client: TestClient, workspace: Path) -> None:
    fields = editor_form(client, "2023-12")
    added = post(client, "/p/2023-12/op", fields | {"op": "add:metrics"}).text
    assert re.search(r'<label class="f m-id adv"><span>代号（保存时按指标名称生成）', added)
    row = {"label": "新建党群服务站", "value": "2", "unit": "个", "theme": "zhendi", "item": "1"}
    row["source"] = "成立31个非公党组织"
    fields = fields | {f"metrics[19].{k}": v for k, v in row.items()} | {"metrics[19].id": ""}
    fields["themes[0].items[0].paragraphs[0]"] += "新建党群服务站2个。"
    fields["metrics[19].source"] = "新建党群服务站2个"
    saved = post(client, "/p/2023-12/save", fields)
    assert "已保存" in saved.text, re.findall(r'<div class="err"[^>]*>([^<]+)', saved.text)
    assert 'name="metrics[19].id" value="zhendi-xjdqfwz"' in saved.text  # 新建党群服务站 → xjdqfwz
    text = (workspace / "periods" / "2023-12" / "report.yaml").read_text(encoding="utf-8")
    assert "id: zhendi-xjdqfwz" in text

    again = editor_form(client, "2023-12") | {"metrics[19].label": "新建党群服务驿站"}
    post(client, "/p/2023-12/save", again)
    text = (workspace / "periods" / "2023-12" / "report.yaml").read_text(encoding="utf-8")
    assert "新建党群服务驿站" in text and "id: zhendi-xjdqfwz" in text  # reworded: the id stays


def test_ids_are_unique_and_advanced_shows_them(client: TestClient) -> None:
    from lintou_report.web import forms, library

    made = forms.with_ids(
        {
            "metrics": [
                {"id": "zhendi-xjdqfwz", "label": "新建党群服务站"},
                {"theme": "zhendi", "label": "新建党群服务站"},
            ]
        },
        library.metric_id,
    )
    assert [m["id"] for m in made["metrics"]] == ["zhendi-xjdqfwz", "zhendi-xjdqfwz-2"]
    fields = editor_form(client, "2023-12")
    shown = post(client, "/p/2023-12/op", fields | {"_advanced": "on"}).text
    assert '<input type="checkbox" name="_advanced" id="advanced" checked>' in shown


def test_a_kind_s_fields_the_form_has_no_inputs_for_are_kept(client: TestClient, workspace: Path) -> None:
    path = workspace / "periods" / "2023-12" / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  doc_number:", "  copy_number: '000003'\n  doc_number:", 1), encoding="utf-8")
    fields = editor_form(client, "2023-12") | {"_template": "report"}
    saved = post(client, "/p/2023-12/save", fields | {"meta.title": "改过的标题"})
    assert "已保存" in saved.text
    text = path.read_text(encoding="utf-8")
    assert "改过的标题" in text and "copy_number: '000003'" in text  # 份号: no input, not dropped

    notice = post(client, "/p/2023-12/op", fields | {"_template": "notice"}).text  # issue 19's kinds
    shown = main_form(notice)
    assert 'name="meta.doc_number"' in shown and 'name="meta.briefing.name"' not in shown
    assert 'name="themes[0].label"' not in shown and 'name="themes[0].label"' in notice  # set aside, kept
