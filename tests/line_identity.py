"""How many lines LibreOffice's rendering of our DOCX shares with our PDF: same text, same page, same line number.

Both PDFs are read the same way (pdfplumber's characters, grouped into lines by baseline), the text of a line
without spaces. Run as a script it builds each document of tests/data (and the seed) in both formats, renders
the DOCX with LibreOffice and prints the figures:

    PYTHONPATH=src python3 tests/line_identity.py [name ...]

(tests/test_docx_fidelity.py asserts the figures.)
"""

from __future__ import annotations

import io
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
BASELINE_TOLERANCE = 2.0  # pt: characters of one line share a baseline; lines are 28.95 pt apart
SAME_X = 1.0  # pt: characters whose boxes start closer than this are read in the order they were drawn
# Lines that are an ornament, not text: the PDF draws the separator's ★ as a shape, a DOCX sets it as a character.
ORNAMENTS = {"★"}

# name → (data file, template); None is the bundled seed
DOCUMENTS: dict[str, tuple[Path | None, str]] = {
    "seed-briefing": (None, "briefing"),
    "seed-report": (None, "report"),
    "long-report": (DATA / "long-report.yaml", "report"),
    "punctuation": (DATA / "punctuation.yaml", "briefing"),
    "punctuation-report": (DATA / "punctuation.yaml", "report"),
    "punctuation-shifted": (DATA / "punctuation-shifted.yaml", "briefing"),
    "second-town-briefing": (DATA / "second-town.yaml", "briefing"),
    "second-town-report": (DATA / "second-town.yaml", "report"),
}


def page_lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines, top to bottom, as text without spaces (empty lines dropped)."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            chars = sorted(page.chars, key=lambda c: (page.height - c["matrix"][5], c["x0"]))
            rows: list[list[dict]] = []
            for c in chars:
                baseline = page.height - c["matrix"][5]
                if rows and abs(baseline - (page.height - rows[-1][0]["matrix"][5])) <= BASELINE_TOLERANCE:
                    rows[-1].append(c)
                else:
                    rows.append([c])
            drawn = {id(c): k for k, c in enumerate(page.chars)}
            texts = ["".join(c["text"] for c in in_order(row, drawn)) for row in rows]
            pages.append([t for t in ("".join(t.split()) for t in texts) if t and t not in ORNAMENTS])
    return pages


def in_order(row: list[dict], drawn: dict[int, int]) -> list[dict]:
    """A line's characters left to right; two whose boxes start within ``SAME_X`` of each other (a comma and
    an opening bracket both compressed by half an em share their em box: “，（”) in the order they were drawn
    (``drawn``: each character's place in the page's content, by id)."""
    out = sorted(row, key=lambda c: c["x0"])
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if b["x0"] - a["x0"] < SAME_X and drawn[id(b)] < drawn[id(a)]:
            out[k], out[k + 1] = b, a
    return out


@dataclass(frozen=True)
class Identity:
    identical: int
    total: int  # lines of the longer of the two, page by page
    pages: tuple[int, int]
    differences: tuple[tuple[int, int, str, str], ...]  # page, line (1-based), ours, LibreOffice's

    @property
    def fraction(self) -> float:
        return self.identical / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.fraction:.1%} ({self.identical}/{self.total} lines; pages {self.pages[0]} / {self.pages[1]})"


def identity(ours: bytes, theirs: bytes) -> Identity:
    a, b = page_lines(ours), page_lines(theirs)
    identical = total = 0
    differences = []
    for p in range(max(len(a), len(b))):
        left = a[p] if p < len(a) else []
        right = b[p] if p < len(b) else []
        total += max(len(left), len(right))
        for i in range(max(len(left), len(right))):
            x = left[i] if i < len(left) else ""
            y = right[i] if i < len(right) else ""
            if x == y:
                identical += 1
            else:
                differences.append((p + 1, i + 1, x, y))
    return Identity(identical, total, (len(a), len(b)), tuple(differences))


def build(name: str, workdir: Path) -> tuple[bytes, Path]:
    """The PDF's bytes and the DOCX's path of document ``name``, made as the command line makes them."""
    from lintou_report.pipeline import prepare, render_bytes
    from lintou_report.resources import default_data_file

    data, template = DOCUMENTS[name]
    prepared = prepare(data or default_data_file(), template)
    docx = workdir / name / f"{name}.docx"
    docx.parent.mkdir(parents=True, exist_ok=True)
    docx.write_bytes(render_bytes(prepared.document, "docx", prepared.fonts))
    return render_bytes(prepared.document, "pdf", prepared.fonts), docx


def main(names: list[str]) -> None:
    from lintou_report import libreoffice

    with tempfile.TemporaryDirectory() as tmp:
        for name in names or list(DOCUMENTS):
            pdf, docx = build(name, Path(tmp))
            rendered = libreoffice.convert(docx, docx.parent, workdir=Path(tmp)).read_bytes()
            found = identity(pdf, rendered)
            print(f"{name:24} {found}")
            for page, line, x, y in found.differences[:6]:
                print(f"    p{page} l{line}\n      PDF {x}\n      LO  {y}")


if __name__ == "__main__":
    main(sys.argv[1:])
