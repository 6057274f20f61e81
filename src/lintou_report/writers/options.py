"""What a writer is asked for beyond the document and its faces, and what every writer returns."""

from __future__ import annotations

from typing import Literal, NamedTuple

Naming = Literal["official", "windows"]


class WriterOptions(NamedTuple):
    """One record for every writer; each reads the fields of its format and ignores the rest.

    ``docx_naming``: the face names a DOCX gives, "official" (仿宋_GB2312, 楷体_GB2312) or "windows" (仿宋, 楷体).
    ``embed_fonts``: put subsets of the faces used into the DOCX (a PDF always embeds them).
    ``one_document``: the process makes no other file of this format (a command for one report): a writer
    may then prepare only what this document needs (the PDF writer reads only the glyphs it draws).
    ``pdfa``: the PDF as PDF/A-1b, for archives (writers/pdf/pdfa.py).
    """

    docx_naming: Naming = "official"
    embed_fonts: bool = False
    one_document: bool = False
    pdfa: bool = False


class Rendered(NamedTuple):
    """A written file's bytes and its page count (None where the format leaves pagination to the reader:
    a DOCX is paginated by Word, WPS or LibreOffice)."""

    data: bytes
    pages: int | None
