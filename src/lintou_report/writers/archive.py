"""A zip made the same way every time (the DOCX and OFD packages, the workbench's PDF+DOCX bundle): members
in the order given, deflated, each with one fixed time, mode and system: the same members, the same bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry: no clock in the file
UNIX = 3  # the "made by" system whose mode bits the entries carry


def zip_bytes(members: Iterable[tuple[str, bytes]], mode: int = 0, system: int = 0) -> bytes:
    """``members`` (name, bytes) zipped in their order; each entry's permission bits ``mode`` (with ``system``
    UNIX; 0: none) and made-by ``system``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            entry = zipfile.ZipInfo(name, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = system
            entry.external_attr = mode << 16
            archive.writestr(entry, data)
    return out.getvalue()
