"""署名, 成文日期 and 印章: the three cases of GB/T 9704-2012 7.3.5.

- 不加盖印章 (7.3.5.2, and a <signature> without ``seal``): body.signature.
- 加盖印章 (7.3.5.1): the date 右空四字, the 署名 centred over it; the seal (42 mm, practice) centred on the
  date horizontally, its centre on the 署名's em box, so that 署名 and date lie below its centre and its top
  within one line of the body (the 署名 two blank lines below the body; spec/gbt9704.py has the numbers).
- 签发人签名章 (7.3.5.3): two blank lines below the body the stamp, right-indented four characters, the
  签发人's 职务 two characters left of it and centred on it; the date one blank line below, 右空四字.

Without a picture the seal's place is a dashed red outline (page.Seal).
"""

from __future__ import annotations

from dataclasses import replace

from lintou_report import style
from lintou_report.layout import body
from lintou_report.layout.flow import CHAR, LEFT, PITCH, WIDTH, Flow
from lintou_report.layout.page import Seal
from lintou_report.spec import gbt9704
from lintou_report.tree import Signature

DATE_RIGHT = gbt9704.SEALED_DATE_RIGHT_INDENT_CHARS * CHAR


def mark(x: float, y: float, width: float, height: float, s: Signature) -> Seal:
    """The seal's box with the clerk's picture, or the dashed placeholder outline."""
    image = s.seal_image.data if s.seal_image else None
    return Seal(
        x, y, width, height, s.seal == "organ", style.SEAL_RED, gbt9704.SEAL_PLACEHOLDER_LINE,
        gbt9704.SEAL_PLACEHOLDER_DASH, image,
    )  # fmt: skip


def organ_places(signer_width: float, date_width: float) -> tuple[float, float]:
    """The 署名's and the date's left edges from the type area's left (7.3.5.1): the date 右空四字, the 署名
    centred on it (kept inside the type area)."""
    date_x = WIDTH - DATE_RIGHT - date_width
    signer_x = min(date_x + (date_width - signer_width) / 2, WIDTH - signer_width)
    return max(signer_x, 0.0), date_x


def signature(flow: Flow, s: Signature) -> None:
    if s.seal == "organ":
        organ(flow, s)
    elif s.seal == "signature":
        stamp(flow, s)
    else:
        body.signature(flow, s)


def organ(flow: Flow, s: Signature) -> None:
    signer = flow.one_line([(s.signer, style.BODY)], "署名")
    date = flow.one_line([(s.date, style.BODY)], "成文日期")
    signer_x, date_x = organ_places(signer.width, date.width)
    if flow.room() < gbt9704.SEALED_SIGNER_GAP_LINES + 2:
        flow.carry_over(2)
    flow.line += gbt9704.SEALED_SIGNER_GAP_LINES
    line = flow.line
    flow.put_on_grid([replace(signer, x=signer_x), replace(date, x=date_x)])
    size = gbt9704.SEAL_DIAMETER.pt
    cx, cy = LEFT + date_x + date.width / 2, flow.centre(line)
    flow.page.ops.append(mark(cx - size / 2, cy - size / 2, size, size, s))


def stamp(flow: Flow, s: Signature) -> None:
    title = flow.one_line([(s.signer, style.BODY)], "签发人职务")
    date = flow.one_line([(s.date, style.BODY)], "成文日期")
    lines = gbt9704.SIGNATURE_STAMP_LINES
    needed = gbt9704.SIGNATURE_STAMP_GAP_LINES + lines + gbt9704.SIGNATURE_STAMP_DATE_GAP_LINES + 1
    if flow.room() < needed:
        flow.carry_over(2)
    flow.line += gbt9704.SIGNATURE_STAMP_GAP_LINES
    width, height = gbt9704.SIGNATURE_STAMP_WIDTH.pt, lines * PITCH
    right = LEFT + WIDTH - gbt9704.SIGNATURE_STAMP_RIGHT_INDENT_CHARS * CHAR
    top = flow.cell_top(flow.line)
    flow.page.ops.append(mark(right - width, top - height, width, height, s))
    title_x = right - width - gbt9704.SIGNATURE_STAMP_TITLE_GAP_CHARS * CHAR - title.width
    flow.put(title, top - height / 2, x=title_x)
    flow.line += lines + gbt9704.SIGNATURE_STAMP_DATE_GAP_LINES
    flow.put_on_grid([replace(date, x=WIDTH - DATE_RIGHT - date.width)])
