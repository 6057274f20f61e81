"""The DOCX sets every text in the style style.py gives it: the face of its role (or the face that has a
character the role's face lacks), its size, colour and weight, as Word resolves them — the run's own
properties, then its character style, its paragraph style and the styles that one is based on, then the
document defaults."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pytest
from lxml import etree

from lintou_report.fonts import ROLES, FontSet
from lintou_report.layout.table import continuation
from lintou_report.style import Styled, styled_document
from lintou_report.tree import (
    BriefingMasthead,
    Colophon,
    ColophonLine,
    Column,
    Document,
    DocumentInfo,
    Heading,
    OfficialMasthead,
    Paragraph,
    Run,
    Signature,
    Table,
    Title,
)
from lintou_report.writers.docx import render

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


@dataclass(frozen=True)
class Props:
    """Run properties as far as they are set (None: not set at this level)."""

    face: str | None = None
    size: float | None = None
    color: str | None = None
    bold: bool | None = None

    def over(self, under: Props) -> Props:
        """These properties, falling back to ``under``'s where not set."""
        return Props(
            *(mine if mine is not None else theirs for mine, theirs in zip(self.fields(), under.fields(), strict=True))
        )

    def fields(self) -> tuple:
        return (self.face, self.size, self.color, self.bold)


def _props(rpr: etree._Element | None) -> Props:
    if rpr is None:
        return Props()
    fonts, size = rpr.find("w:rFonts", NS), rpr.find("w:sz", NS)
    color, bold = rpr.find("w:color", NS), rpr.find("w:b", NS)
    return Props(
        fonts.get(f"{{{W}}}eastAsia") if fonts is not None else None,
        int(size.get(f"{{{W}}}val")) / 2 if size is not None else None,
        color.get(f"{{{W}}}val") if color is not None else None,
        bold.get(f"{{{W}}}val", "1") not in ("0", "false") if bold is not None else None,
    )


def characters(docx: bytes) -> list[tuple[str, Props]]:
    """Each character of the main document's text, in reading order, with its resolved run properties."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
    own = {s.get(f"{{{W}}}styleId"): s for s in styles.findall("w:style", NS)}

    def style_props(style_id: str | None) -> Props:
        if style_id is None:
            return Props()
        element = own[style_id]
        based = element.find("w:basedOn", NS)
        return _props(element.find("w:rPr", NS)).over(
            style_props(based.get(f"{{{W}}}val") if based is not None else None)
        )

    defaults = _props(styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)).over(Props(color="000000", bold=False))
    out = []
    for run in body.iter(f"{{{W}}}r"):
        paragraph = next(a for a in run.iterancestors(f"{{{W}}}p"))
        pstyle = paragraph.find("w:pPr/w:pStyle", NS)
        rstyle = run.find("w:rPr/w:rStyle", NS)
        props = (
            _props(run.find("w:rPr", NS))
            .over(style_props(rstyle.get(f"{{{W}}}val") if rstyle is not None else None))
            .over(style_props(pstyle.get(f"{{{W}}}val") if pstyle is not None else "Normal"))
            .over(defaults)
        )
        out += [(ch, props) for t in run.findall("w:t", NS) for ch in (t.text or "")]
    return out


def assert_follows(document: Document, docx: bytes, fonts: FontSet) -> int:
    """Every styled text of ``document`` found in ``docx``, in order, each character in its style; returns how
    many characters were checked."""
    names = {role: info.official for role, info in ROLES.items()}
    chars = characters(docx)
    text = "".join(ch for ch, _ in chars)
    cursor = checked = 0
    items: list[Styled] = [s for s in styled_document(document) if s.part != "page_number" and s.text]
    # nothing skipped but the separator's star and, where the layout carries a table over, its 续表 caption and
    # header row again (the continuation is a table of its own)
    tables = [b for b in document.blocks if isinstance(b, Table)]
    repeated = {continuation(t.caption) + "".join(c.header for c in t.columns) for t in tables}
    for item in items:
        found = text.find(item.text, cursor)
        assert found >= 0, (item.part, item.text)
        assert text[cursor:found] in {"", "★", *repeated}, (item.part, item.text, text[cursor:found])
        cursor = at = found
        want = item.style
        for face, segment in fonts.segments(item.text, want.role):
            for ch, got in chars[at : at + len(segment)]:
                if face == fonts.faces[want.role]:
                    assert got.face == names[want.role], (item.part, ch, got.face)
                else:  # a character the role's face lacks: a face name whose face has it
                    assert any(names[r] == got.face for r in names if fonts.faces[r] == face), (item.part, ch)
                assert got.size == pytest.approx(want.size, abs=0.25), (item.part, ch)
                assert got.color == "".join(f"{round(c * 255):02X}" for c in want.color), (item.part, ch)
                assert got.bold == want.bold, (item.part, ch)
                checked += 1
            at += len(segment)
        cursor = at
    return checked


INFO = DocumentInfo("关于印发《要点》的通知", "林头镇党委", date="2023-11-09")
OFFICIAL = Document(
    INFO,
    (
        OfficialMasthead("中共林头镇委员会文件", "林党〔2023〕12号", star=True, signer="王堃"),
        Title("关于印发《林头镇2023年党建工作要点》的通知"),
        Paragraph((Run("各村（社区）党组织："),), indent=False),
        Heading(1, "一、总体要求"),
        Heading(2, "（一）目标任务。", (Run("正文，"), Run("加粗的话", bold=True), Run("黑体的话", role="hei"))),
        Heading(3, "1.基层组织"),
        Heading(4, "（1）非公企业"),
        Paragraph(
            (Run("正文，"), Run("楷体的话", role="kai"), Run("加粗的黑体", role="hei", bold=True), Run("王堃。"))
        ),
        Table(
            "表1　主要指标",
            (Column("指标"), Column("数值", "right", 0.5)),
            (("党员人数", "1234"), ("新发展党员", "12")),
        ),
        Signature("中共林头镇委员会", "2023年11月9日"),
        Colophon(
            (
                (ColophonLine("抄送：", "县委组织部，县委办公室。"),),
                (ColophonLine("", "中共林头镇委员会办公室", "2023年11月9日印发"),),
            )
        ),
    ),
)
LONG_NAME = Document(  # a briefing name long enough to be set below 小初
    INFO,
    (
        BriefingMasthead("中共林头镇委员会党建工作情况简报特刊", "第11期", "林头镇党委办公室", "2023年11月9日"),
        Paragraph((Run("正文。"),)),
    ),
)


def test_the_seed_docx_sets_every_text_as_style_py_says(seed_document: Document, fonts: FontSet) -> None:
    assert assert_follows(seed_document, render(seed_document, fonts), fonts) > 1000


def test_a_gongwen_with_every_part_sets_every_text_as_style_py_says(fonts: FontSet) -> None:
    """签发人, bold and role runs, a character only the fallback face has, every heading level, a table, a 版记."""
    assert assert_follows(OFFICIAL, render(OFFICIAL, fonts), fonts) > 100


def test_a_long_briefing_name_is_set_in_its_fitted_size(fonts: FontSet) -> None:
    assert assert_follows(LONG_NAME, render(LONG_NAME, fonts), fonts) > 20


@pytest.mark.parametrize("run", [Run("一段正文。", role="hei"), Run("一段正文。", bold=True)])
def test_the_check_fails_on_a_docx_made_from_another_style(fonts: FontSet, run: Run) -> None:
    """The check is not vacuous: a DOCX of plain 仿宋 text does not pass for the same text in 黑体 or bold."""
    plain = Document(INFO, (Paragraph((Run("一段正文。"),)),))
    docx = render(plain, fonts)
    assert assert_follows(plain, docx, fonts) == 5
    with pytest.raises(AssertionError):
        assert_follows(Document(INFO, (Paragraph((run,)),)), docx, fonts)
