"""The workbench's inputs for a joint document's seals (GB/T 9704-2012 7.3.5): each organ's seal picture
uploaded at its own button and named in meta.seal.images in the organs' order, the 签名章's 职务 of each organ
in meta.seal.titles; what the data lacks shown at its input; the PDF carries a picture for each organ."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from fastapi.testclient import TestClient
from test_web import editor_form, post, slot_text
from test_web_kinds import inputs, new_document, seal_png


def test_each_organs_seal_is_uploaded_at_its_button_and_printed(client: TestClient, workspace: Path) -> None:
    new_document(client, "notice", "2030-08-01-联合通知")  # the notice example: 中共林头镇委员会 with 林头镇人民政府
    folder = workspace / "periods" / "2030-08-01-联合通知"
    page = client.get("/p/2030-08-01-联合通知").text
    assert "上传“中共林头镇委员会”的印章图片" in page and "上传“林头镇人民政府”的印章图片" in page
    fields = editor_form(client, "2030-08-01-联合通知")
    bad = post(
        client,
        "/p/2030-08-01-联合通知/seal",
        {**fields, "_seal_for": "1"},
        files={"seal-1": ("b.png", b"x", "image/png")},
    )
    assert "无法读取" in slot_text(bad.text, "meta.seal.images") and not (folder / "seal-2.png").exists()
    first = post(
        client, "/p/2030-08-01-联合通知/seal", {**fields, "_seal_for": "0"}, files={"seal-0": ("党委.png", seal_png())}
    )
    fields = inputs(first.text)
    assert fields["meta.seal.images[0]"] == "seal-1.png" and (folder / "seal-1.png").is_file()
    # one picture for two organs: the data says how many it lacks, at the seal
    assert "印章图片 images 有 1 张，发文机关有 2 个" in first.text
    second = post(
        client,
        "/p/2030-08-01-联合通知/seal",
        {**fields, "_seal_for": "1"},
        files={"seal-1": ("政府.png", seal_png(180))},
    )
    fields = inputs(second.text)
    assert (fields["meta.seal.images[0]"], fields["meta.seal.images[1]"]) == ("seal-1.png", "seal-2.png")
    fields["meta.seal.mode"] = "organ"
    assert "已保存" in post(client, "/p/2030-08-01-联合通知/save", fields).text
    saved = (folder / "report.yaml").read_text(encoding="utf-8")
    assert "images:" in saved and "seal-2.png" in saved
    pdf = folder / "out.pdf"
    pdf.write_bytes(client.get("/p/2030-08-01-联合通知/download/pdf").content)
    with pikepdf.open(pdf) as document:
        sizes = sorted(int(obj.Width) for p in document.pages for obj in p.get_images().values())
    assert sizes == [180, 200]  # each organ's own picture


def test_a_report_without_a_seal_gets_none_from_the_seal_lists(client: TestClient, workspace: Path) -> None:
    """The seal's lists make no meta.seal: a saved report that had none still has none (and prints none)."""
    fields = editor_form(client, "2023-11")
    assert "已保存" in post(client, "/p/2023-11/save", fields).text
    assert "seal:" not in (workspace / "periods" / "2023-11" / "report.yaml").read_text(encoding="utf-8")
