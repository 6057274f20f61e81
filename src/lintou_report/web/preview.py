"""The live preview: a form's PDF kept by its digest, its pages drawn as PNG images on request (pypdfium2)."""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict

import pypdfium2

_KEEP = 16  # PDFs kept (a few edits of a few tabs); each is a few hundred kilobytes
SCALE = 1.25  # 72 dpi × 1.25: an A4 page 744 pixels wide, readable beside the form


class Previews:
    """PDFs by digest and their page images; pdfium is not thread-safe, so drawing holds a lock."""

    def __init__(self) -> None:
        self._pdfs: OrderedDict[str, bytes] = OrderedDict()
        self._pages: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()  # the dictionaries
        self._drawing = threading.Lock()  # pdfium

    def add(self, pdf: bytes) -> tuple[str, int]:
        """Keep ``pdf``; returns its key and page count."""
        key = hashlib.sha256(pdf).hexdigest()[:24]
        with self._lock:
            count = self._counts.get(key)
        if count is None:
            with self._drawing:
                document = pypdfium2.PdfDocument(pdf)
                count = len(document)
                document.close()
        with self._lock:
            self._pdfs[key] = pdf
            self._counts[key] = count
            self._pdfs.move_to_end(key)
            while len(self._pdfs) > _KEEP:
                old, _ = self._pdfs.popitem(last=False)
                self._counts.pop(old, None)
        return key, count

    def page(self, key: str, number: int) -> bytes | None:
        """Page ``number`` (1-based) of the PDF ``key`` as PNG, or None when either is unknown."""
        with self._lock:
            pdf = self._pdfs.get(key)
            if (key, number) in self._pages or pdf is None or not 1 <= number <= self._counts.get(key, 0):
                return self._pages.get((key, number))
        with self._drawing:  # pdfium is not thread-safe; a page drawn meanwhile is not drawn again
            if (key, number) not in self._pages:
                image = _draw(pdf, number)
                with self._lock:
                    self._pages[(key, number)] = image
                    while len(self._pages) > _KEEP * 8:
                        self._pages.popitem(last=False)
        return self._pages.get((key, number))


def _draw(pdf: bytes, number: int) -> bytes:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[number - 1].render(scale=SCALE).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()
