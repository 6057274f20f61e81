"""The workbench end to end in a real browser: Debian's chromium driven by Playwright, against
`lintou-report serve` started as a clerk starts it (a subprocess, stopped with Ctrl-C at the end).

The screenshots it takes are the README's: docs/screenshots/*.png.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook
from playwright.sync_api import Page, expect, sync_playwright
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"  # Debian's package (tools/setup-dev.sh); Playwright's own download cannot work here
ARTICLE = ROOT / "tests" / "articles" / "qingxi-2024-06.txt"
expect.set_options(timeout=30_000)  # a loaded CI machine: rendering a new period's first PDF takes a few seconds
# a clerk's laptop in China: the browser's language, time zone and a common small screen
CLERK = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
NEW_INTRO = "1月，林头镇党委以“党建+”统领全年开局工作，推动镇园融合发展迈出新步伐。"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`lintou-report serve` on a copy of the example workspace; yields its address, then stops it with Ctrl-C."""
    workspace = tmp_path / "ws"
    shutil.copytree(ROOT / "examples" / "workspace", workspace)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "lintou_report", "serve", str(workspace), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        first = process.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert address, first + process.stderr.read()
        yield address[0]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0, err
    assert "文秘工作台已停止" in out and "Traceback" not in err


def squeeze(text: str) -> str:
    return "".join(text.split())


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


def first_page_image(page: Page) -> str:
    return page.locator('#preview img[data-page="1"]').get_attribute("src")


def test_a_clerk_makes_the_next_period_in_the_browser(server: str, tmp_path: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            page = browser.new_page(**CLERK, accept_downloads=True)
            page.goto(server)
            expect(page.locator("#periods")).to_contain_text("2023-12")
            shoot(page, "periods.png")

            page.click("#new-next-1")  # 新建下一期（2024-01）
            page.wait_for_url(re.compile(r"/p/2024-01$"))
            expect(page.locator('[name="meta.period.id"]')).to_have_value("2024-01")
            before = first_page_image(page)
            page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
            shoot(page, "workbench.png")

            page.locator('[name="intro[0]"]').clear()
            page.locator('[name="intro[0]"]').press_sequentially(NEW_INTRO)  # a paragraph, typed key by key
            expect(page.locator('#preview img[data-page="1"]')).not_to_have_attribute("src", before)
            page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
            shoot(page, "editor.png")

            date = page.locator('[name="meta.printing.date"]')  # a date as the clerk reads and types it
            expect(date).to_have_value("2024-01-09")
            reading = page.locator("label:has([name='meta.printing.date']) .in-words")
            expect(reading).to_have_text("2024年1月9日")
            date.fill("2024年1月10日")
            expect(reading).to_have_text("2024年1月10日")
            page.locator("label:has([name='meta.date']) input.picker").fill("2024-01-10", force=True)  # the calendar
            expect(page.locator('[name="meta.date"]')).to_have_value("2024-01-10")
            expect(page.locator("#preview")).to_contain_text("预览")

            page.fill('[name="metrics[0].label"]', "纳入信息平台的非公企业")  # a metric
            page.fill('[name="metrics[0].review"]', "")

            page.wait_for_load_state("networkidle")  # the live check's swap done: no element replaced under us
            down = page.locator('button[value="down:themes[0].items[0]"]')  # moved: the page stays where it was
            heading = page.locator('[name="themes[0].items[0].heading"]').input_value()
            down.scroll_into_view_if_needed()
            at = page.evaluate("scrollY")
            down.click()
            expect(page.locator('[name="themes[0].items[1].heading"]')).to_have_value(heading)
            assert page.evaluate("scrollY") == at
            page.click('button[value="up:themes[0].items[1]"]')
            expect(page.locator('[name="themes[0].items[0].heading"]')).to_have_value(heading)

            expect(page.locator("#unsaved")).to_be_visible()  # edits not saved yet: a download asks first
            asked: list[str] = []
            page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
            page.click("#dl-pdf")
            assert "未保存的修改" in asked[0]
            page.keyboard.press("Control+s")  # as in Word
            expect(page.locator("#saved")).to_contain_text("已保存")
            expect(page.locator("#unsaved")).to_be_hidden()

            with page.expect_download() as pdf_download:
                page.click("#dl-pdf")
            assert pdf_download.value.suggested_filename == "briefing-2024-01.pdf"
            pdf = PdfReader(io.BytesIO(Path(pdf_download.value.path()).read_bytes()))
            box = pdf.pages[0].mediabox
            assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
            text = squeeze("".join(pg.extract_text() for pg in pdf.pages))
            assert squeeze(NEW_INTRO) in text and "纳入信息平台的非公企业" in text and "2024年1月10日" in text
            with page.expect_download() as docx_download:
                page.click("#dl-docx")
            assert docx_download.value.suggested_filename == "briefing-2024-01.docx"
            docx = DocxDocument(docx_download.value.path())
            assert NEW_INTRO in [para.text for para in docx.paragraphs]
            assert round(docx.sections[0].page_width.mm) == 210

            with page.expect_download() as sheet_download:
                page.click("#dl-sheet")
            book = load_workbook(io.BytesIO(Path(sheet_download.value.path()).read_bytes()))
            assert book.active["A3"].value == "party-orgs-founded"
            book.active["E3"] = 33
            filled = tmp_path / "指标.xlsx"
            book.save(filled)
            page.set_input_files('[name="sheet"]', str(filled))
            expect(page.locator("span.file:has([name='sheet']) .file-name")).to_have_text("指标.xlsx")
            page.click("text=上传并查看改动")
            expect(page.locator("#diff")).to_contain_text("33")
            shoot(page, "spreadsheet.png")
            page.click("#apply")
            page.wait_for_url(re.compile(r"/p/2024-01$"))
            expect(page.locator('[name="metrics[1].value"]')).to_have_value("33")

            page.fill('[name="metrics[2].value"]', "二十五")  # a bad value: shown at its field
            slot = page.locator("#e-metrics_2__value")
            expect(slot).to_contain_text("应为数值")
            expect(page.locator("#status")).to_contain_text("处问题")
            page.evaluate("window.scrollTo(0, 0)")
            page.click("#status")  # leads to the problem, far down the form
            expect(slot).to_be_in_viewport()
            page.wait_for_load_state("networkidle")
            slot.scroll_into_view_if_needed()
            page.mouse.wheel(0, -200)
            shoot(page, "bad-value.png")

            other = browser.new_page(**CLERK)  # a second tab
            other.goto(server + "p/2024-01")
            other.fill('[name="meta.title"]', "第二个标签页改的标题")
            other.click("#save")
            expect(other.locator("#saved")).to_contain_text("已保存")
            page.fill('[name="metrics[2].value"]', "25")
            page.fill('[name="meta.briefing.name"]', "党建工作简讯")
            page.click("#save")  # this tab's form is older than the file: never saved silently
            expect(page.locator("#conflict")).to_contain_text("已被修改")
            shoot(page, "conflict.png")
            page.click("text=仍然保存（用我的修改覆盖）")
            expect(page.locator("#saved")).to_contain_text("已保存")

            page.goto(server + "p/2024-01/check")  # the saved period's files measured against the standard
            expect(page.locator("h1")).to_contain_text("格式检查")
            expect(page.locator("table.check").first).to_contain_text("实测值")
            shoot(page, "check.png")

            page.goto(server + "extract")  # a new period from a published article
            page.fill('[name="article"]', ARTICLE.read_text(encoding="utf-8"))
            page.click("text=提取")
            expect(page.locator("h1")).to_contain_text("校对原稿")
            shoot(page, "extract.png")
            page.click("text=生成这一期的草稿并打开")
            page.wait_for_url(re.compile(r"/p/\d{4}-(\d{2}|Q\d)$"))
            expect(page.locator("#preview img").first).to_be_visible()
        finally:
            browser.close()


def test_a_new_period_says_what_it_still_needs_and_the_form_is_navigable(server: str) -> None:
    """The stumbles of a clerk's month, each met in the browser: the text carried from last period listed
    until rewritten, the section jumps by keyboard, ids kept out of sight, the template's fields only, and a
    stale save that shows what the other tab changed."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            page = browser.new_page(**CLERK)
            page.goto(server)
            page.click("#new-next-1")
            page.wait_for_url(re.compile(r"/p/2024-01$"))
            todo = page.locator("#todo")
            expect(todo).to_be_visible()
            expect(todo).to_contain_text("仍是上期（2023-12）原文的 11 处")
            expect(todo).to_contain_text("待核对的指标 19 项")
            page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
            shoot(page, "new-period.png")

            page.click("#todo a:has-text('导语第 1 段')")  # the list leads to the field, focused
            intro = page.locator('[name="intro[0]"]')
            expect(intro).to_be_focused()
            expect(intro).to_be_in_viewport()
            page.keyboard.press("Control+a")
            page.keyboard.type(NEW_INTRO)
            expect(todo).to_contain_text("原文的 10 处")
            expect(todo).not_to_contain_text("导语第 1 段")

            page.wait_for_load_state("networkidle")
            page.evaluate("window.scrollTo(0, 0)")
            page.locator("#sections a:has-text('指标')").focus()  # reached with Tab, followed with Enter
            page.keyboard.press("Enter")
            section = page.locator("#s-metrics")
            expect(section).to_be_focused()
            below_toolbar = page.evaluate(
                "document.querySelector('#s-metrics h2').getBoundingClientRect().top"
                " >= document.querySelector('#editor .toolbar').getBoundingClientRect().bottom"
            )
            assert below_toolbar  # not hidden under the sticky toolbar
            expect(page.locator("#sections a:has-text('指标')")).to_have_attribute("aria-current", "true")
            page.keyboard.press("Tab")  # the keyboard goes on from the section
            assert page.evaluate("document.getElementById('s-metrics').contains(document.activeElement)")

            metric_id = page.locator('[name="metrics[0].id"]')  # ids: made by the workbench, out of sight
            expect(metric_id).to_be_hidden()
            page.check("#advanced")
            expect(metric_id).to_be_visible()
            expect(metric_id).to_have_value("enterprises-on-platform")

            page.select_option('[name="_template"]', "report")  # the 报告 prints no 报头
            expect(page.locator('[name="meta.doc_number"]')).to_be_visible()
            expect(page.locator('[name="meta.briefing.name"]')).to_be_hidden()
            expect(page.locator("#sections")).not_to_contain_text("报头")
            expect(page.locator("#preview")).to_contain_text("报告（公文）")
            page.select_option('[name="_template"]', "briefing")
            expect(page.locator('[name="meta.briefing.name"]')).to_be_visible()
            page.wait_for_load_state("networkidle")

            other = browser.new_page(**CLERK)  # a second tab changes the title and saves
            other.goto(server + "p/2024-01")
            other.fill('[name="meta.title"]', "第二个标签页改的标题")
            other.click("#save")
            expect(other.locator("#saved")).to_contain_text("已保存")
            page.fill('[name="meta.briefing.name"]', "党建工作简讯")
            page.wait_for_load_state("networkidle")
            page.click("#save")
            changes = page.locator("#changes")
            expect(changes).to_be_visible()
            expect(changes.locator("tr", has_text="标题")).to_contain_text("第二个标签页改的标题")
            expect(changes.locator("tr", has_text="标题")).to_contain_text("仍然保存会撤销别处的这项修改")
        finally:
            browser.close()
