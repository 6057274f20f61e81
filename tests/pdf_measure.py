"""Reading a PDF as a typesetter with a ruler would: text lines from pdfplumber, ink from poppler's
rendering, text from pdftotext. Shared by the tests of both writers (the DOCX tests measure LibreOffice's
PDF of the DOCX with the same tools). The numbers are GB/T 9704-2012's own, independent of profile.py.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from PIL import Image

MM = 72 / 25.4
PAGE = (210 * MM, 297 * MM)
LEFT = 28 * MM
RIGHT = (28 + 156) * MM
TOP = 37 * MM  # from the page top
BOTTOM = (37 + 225) * MM
PITCH = 28.95
BODY = 16
NO_LINE_START = set("，。、；：？！）》”…")
NO_LINE_END = set("（《“")
DASH = "\u2014"


@dataclass
class TextLine:
    """Characters sharing a baseline, left to right (distance from the page top, in pt)."""

    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"]

    @property
    def size(self) -> float:
        return max(round(c["size"], 2) for c in self.chars)

    def fonts(self) -> set[str]:
        return {c["fontname"].split("+")[-1] for c in self.chars}


def text_lines(page: pdfplumber.page.Page) -> list[TextLine]:
    rows: dict[float, list[dict]] = {}
    for c in page.chars:
        rows.setdefault(round(page.height - c["matrix"][5], 1), []).append(c)
    return [TextLine(sorted(rows[k], key=lambda c: c["x0"])) for k in sorted(rows)]


def pages_of(pdf: bytes) -> Iterator[pdfplumber.page.Page]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        yield from doc.pages


def full_pages(pdf: bytes) -> list[tuple[pdfplumber.page.Page, list[TextLine]]]:
    """Each page of running text (all but the first and last) with its text lines inside the type area;
    the document must have at least two such pages to show the grid."""
    pages = list(pages_of(pdf))
    assert len(pages) >= 4, f"{len(pages)} pages: too few to measure full pages"
    return [(page, [ln for ln in text_lines(page) if ln.top < BOTTOM]) for page in pages[1:-1]]


def body_lines(page: pdfplumber.page.Page) -> list[TextLine]:
    """Lines of 3号 text inside the type area."""
    return [ln for ln in text_lines(page) if ln.size == BODY and ln.top < BOTTOM]


def page_number_line(page: pdfplumber.page.Page) -> TextLine:
    below = [ln for ln in text_lines(page) if ln.top > BOTTOM]
    assert len(below) == 1, f"page {page.page_number}: expected one line below the type area"
    return below[0]


def rendered(pdf: bytes, page: int, tmp: Path, dpi: int) -> Image.Image:
    """Page ``page`` as poppler draws it, in grey."""
    stem = tmp / f"page{page}-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), "-", str(stem)],
                   input=pdf, check=True)  # fmt: skip
    return Image.open(next(tmp.glob(f"{stem.name}*.pgm")))


def dark(image: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    return image.crop(box).point(lambda v: 255 if v < 128 else 0)


def ink_box(pdf: bytes, page: int, tmp: Path, dpi: int = 200) -> tuple[float, float, float, float]:
    """Bounding box (left, top, right, bottom, in mm) of the dark pixels of a rendered page's type area."""
    image = rendered(pdf, page, tmp, dpi)
    px = 25.4 / dpi
    cut = int((BOTTOM / MM + 3) / px)  # leave the page number out
    box = dark(image, (0, 0, image.width, cut)).getbbox()
    assert box, "page has no ink"
    return box[0] * px, box[1] * px, box[2] * px, box[3] * px


def ink_rows(pdf: bytes, page: int, tmp: Path, x0: float, x1: float, dpi: int = 600) -> tuple[float, float]:
    """Top and bottom (mm from the page top) of the ink between x0 and x1 (pt) below the type area."""
    image = rendered(pdf, page, tmp, dpi)
    scale = dpi / 72
    region = (int(x0 * scale), int(BOTTOM * scale) + 2, int(x1 * scale), image.height)
    box = dark(image, region).getbbox()
    assert box, "no ink"
    return (region[1] + box[1]) / scale / MM, (region[1] + box[3]) / scale / MM


def pdftotext(pdf: bytes, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def squeeze(text: str) -> str:
    return "".join(text.split())
