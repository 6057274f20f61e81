"""A 通知 with an 附件, a 请示 with 签发人, 附注 and an uploaded seal, and a 命令（令）, made in a real browser
from 新建公文 to the PDF, the DOCX and 格式检查 (Debian's chromium driven by Playwright, against `lintou-report serve`).

It takes docs/screenshots/kind-notice.png: the body's sections, a subsection and an attachment in the form; and
docs/screenshots/documents.png: the list with the periods and the documents, each named by its date and name.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import test_web_browser
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect, sync_playwright
from pypdf import PdfReader
from test_web_browser import CHROMIUM, CLERK, shoot, squeeze

server = test_web_browser.server  # the fixture: `lintou-report serve` on a copy of examples/workspace


def create(page: Page, base: str, kind: str, code: str) -> None:
    """新建公文 ``code``: its date (the browser's date picker) and its name, 2030-01-01-述职评议."""
    page.goto(base)
    page.select_option("#new-kind", kind)
    page.fill("#new-date", code[:10])
    page.fill("#new-name", code[11:])
    page.click("#new-doc-create")
    expect(page).to_have_url(f"{base}p/{quote(code)}")
    expect(page.locator('#preview img[data-page="1"]')).to_be_visible()


def redraw(page: Page, button: str, appears: str) -> None:
    """A structural edit (添加、删除): the form is redrawn with the new input."""
    page.click(button)
    expect(page.locator(appears)).to_be_visible()


def save(page: Page) -> None:
    page.click("#save")
    expect(page.locator("#saved")).to_contain_text("已保存")


def downloaded_pdf(page: Page) -> str:
    with page.expect_download() as download:
        page.click("#dl-pdf")
    data = Path(download.value.path()).read_bytes()
    return squeeze("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_a_notice_with_an_attachment_and_a_request_with_signers_in_the_browser(server: str, tmp_path: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_context(accept_downloads=True, **CLERK).new_page()

        # 通知: from the example, a subsection under 一、 and a third attachment with a paragraph
        create(page, server, "notice", "2030-01-01-述职评议")
        redraw(page, 'button[value="add:body[1].sections"]', '[name="body[1].sections[0].heading"]')
        expect(page.locator('button[value="add:body[1].sections"]')).to_have_text("＋ 添加下一层 （一）")
        page.fill('[name="body[1].sections[0].heading"]', "评议范围")
        page.fill('[name="body[1].sections[0].paragraphs[0]"]', "本年度新任职的党组织书记一并参加述职评议。")
        redraw(page, 'button[value="add:attachments"]', '[name="attachments[2].title"]')
        page.fill('[name="attachments[2].title"]', "述职评议工作日程安排")
        page.fill('[name="attachments[2].body[0].paragraphs[0]"]', "12月5日上午召开述职评议大会，下午汇总测评结果。")
        save(page)
        page.locator("#s-attachments").scroll_into_view_if_needed()
        shoot(page, "kind-notice.png")
        text = downloaded_pdf(page)
        assert "（一）评议范围" in text and "3.述职评议工作日程安排" in text and "附件3" in text
        with page.expect_download() as docx:
            page.click("#dl-docx")
        assert docx.value.suggested_filename.endswith(".docx")

        # 请示: a third 签发人, the 附注 rewritten, the seal's picture uploaded, then 格式检查
        create(page, server, "request", "2030-02-01-道路维修请示")
        redraw(page, 'button[value="add:meta.signers"]', '[name="meta.signers[2]"]')
        page.fill('[name="meta.signers[2]"]', "李红梅")
        page.fill('[name="meta.note"]', "联系人：赵敏，电话：0555-4321000")
        seal = tmp_path / "公章.png"
        image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
        ImageDraw.Draw(image).ellipse((6, 6, 294, 294), outline=(220, 0, 0, 255), width=12)
        image.save(seal)
        page.set_input_files("#seal-upload", str(seal))
        expect(page.locator('[name="meta.seal.image"]')).to_have_value("seal.png")
        save(page)
        text = downloaded_pdf(page)
        assert "李红梅" in text and "（联系人：赵敏，电话：0555-4321000）" in text
        page.click("text=格式检查")
        expect(page.locator("h1")).to_contain_text("格式检查")
        first = page.locator(".card").filter(has_text=".pdf").first
        expect(first).to_contain_text("全部符合")

        # 命令（令）: named by the clerk's date alone (the kind's word), an 附件 ticked as not bound with the 正文
        page.goto(server)
        page.select_option("#new-kind", "order")
        page.fill("#new-date", "2030-03-01")
        page.click("#new-doc-create")
        expect(page).to_have_url(f"{server}p/{quote('2030-03-01-令')}")
        page.fill('[name="order.number"]', "3")
        page.check('[name="attachments[0].separate"]')
        # a separate 附件 needs a 发文字号: said at the box, as the live check finds it
        expect(page.locator("#e-attachments_0__separate")).to_contain_text("发文字号")
        page.uncheck('[name="attachments[0].separate"]')
        save(page)
        assert "林头镇人民政府令" in downloaded_pdf(page) and "第3号" in downloaded_pdf(page)

        # the list: periods by their month, documents by their date and name
        page.goto(server)
        rows = page.locator("#periods")
        for label in ("2023年12月", "2030年1月1日 述职评议", "2030年2月1日 道路维修请示", "2030年3月1日 令"):
            expect(rows).to_contain_text(label)
        expect(page.locator("#new-next-1")).to_contain_text("新建下一期（2024-01）")
        shoot(page, "documents.png")
        browser.close()


def test_a_seal_uploaded_for_a_joint_notice_keeps_its_reminder(server: str) -> None:
    """One seal picture uploaded for a joint 通知: the reminder that the other organ's seal prints as a box stays at
    the picture's input (the form's live check does not race the upload with the data from before it)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_context(**CLERK).new_page()
        create(page, server, "notice", "2030-04-01-联合通知")  # the example: 中共林头镇委员会 with 林头镇人民政府
        posted: list[str] = []
        page.on("request", lambda r: posted.append(r.url.rsplit("/", 1)[-1]) if r.method == "POST" else None)
        seal = io.BytesIO()
        image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
        ImageDraw.Draw(image).ellipse((6, 6, 294, 294), outline=(220, 0, 0, 255), width=12)
        image.save(seal, format="PNG")
        picture = {"name": "党委.png", "mimeType": "image/png", "buffer": seal.getvalue()}
        with page.expect_response(lambda r: r.url.endswith("/seal")):
            page.set_input_files("#seal-upload", picture)
        page.wait_for_load_state("networkidle")
        assert posted == ["seal"], posted
        expect(page.locator('[name="meta.seal.image"]')).to_have_value("seal.png")
        expect(page.locator("#e-meta_seal_image")).to_contain_text("林头镇人民政府的印章印为示意框")
        browser.close()
