"""style.py: the one place that says which role, size and colour sets each part of a document."""

from __future__ import annotations

import re
from pathlib import Path

from lintou_report import style
from lintou_report.fonts import FontSet
from lintou_report.layout.document import lay_out
from lintou_report.layout.page import TextLine
from lintou_report.spec import gbt9704
from lintou_report.tree import Document, Heading, Paragraph, Table

SRC = Path(__file__).resolve().parents[1] / "src" / "lintou_report"


def test_every_text_of_the_document_is_styled_once_in_reading_order(seed_document: Document) -> None:
    items = style.styled_document(seed_document)
    texts = [item.text for item in items]
    for block in seed_document.blocks:
        if isinstance(block, Paragraph):
            assert all(run.text in texts for run in block.runs)
        if isinstance(block, Table):
            assert block.caption in texts and all(cell in texts for row in block.rows for cell in row)
    assert items[-1].part == "page_number" and items[-1].style == style.PAGE_NUMBER
    headings = [item for item in items if item.part == "heading"]
    levels = [b.level for b in seed_document.blocks if isinstance(b, Heading)]
    assert [h.style.role for h in headings] == [gbt9704.HEADING_ROLES[level] for level in levels]


def test_the_layout_sets_each_part_in_the_style_style_py_gives_it(seed_document: Document, fonts: FontSet) -> None:
    """Each styled text is found in the laid-out pages in its style's size, colour and role's face."""
    runs = [run for page in lay_out(seed_document, fonts) for item in page.items if isinstance(item, TextLine)
            for run in item.runs]  # fmt: skip
    checked = 0
    for item in style.styled_document(seed_document):
        if item.part in ("title", "caption", "header", "name"):
            found = [run for run in runs if run.text and run.text in item.text and len(run.text) > 1]
            assert found, item
            for run in found:
                if run.size == item.style.size and run.face == fonts.faces[item.style.role]:
                    assert run.color == item.style.color
                    checked += 1
                    break
            else:
                raise AssertionError(f"{item} not set in its style")
    assert checked >= 4
    numbers = [run for run in runs if re.fullmatch(r"— \d+ —", run.text)]
    assert numbers and all(run.face == fonts.faces["song"] and run.size == style.PAGE_NUMBER.size for run in numbers)


def test_no_layout_module_chooses_a_role_or_size_of_its_own() -> None:
    for path in (SRC / "layout").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\bStyle\(", source), path
        assert not re.search(r"""["'](hei|kai|song|title)["']""", source), path


def test_role_texts_lists_each_roles_texts_with_their_places(seed_document: Document) -> None:
    by_role = style.role_texts(seed_document)
    assert set(by_role) == {"body", "title", "hei", "kai", "song"}
    assert ("页码", gbt9704.page_number_text(1234567890)) in by_role["song"]
    assert any(place == "标题" for place, _ in by_role["title"])
