"""署名, 成文日期 and 印章: the three cases of GB/T 9704-2012 7.3.5.

- 不加盖印章 (7.3.5.2, and a <signature> without ``seal``): unsealed.
- 加盖印章 (7.3.5.1): the date 右空四字, the 署名 centred over it; the seal (42 mm, practice) centred on the
  date horizontally, its centre on the 署名's em box, so that 署名 and date lie below its centre and its top
  within one line of the body (the 署名 two blank lines below the body; spec/gbt9704.py has the numbers).
- 签发人签名章 (7.3.5.3): two blank lines below the body the stamp, right-indented four characters, the
  签发人's 职务 two characters left of it and centred on it; the date one blank line below, 右空四字.

联合行文 (several organs, ``Signature.co_signers``): 7.3.5.1 sets the organs' 署名 side by side in rows, each
under its own seal (joint_places); 7.3.5.2 stacks the 署名 (unsealed); 7.3.5.3 stacks the 职务 and
their stamps, aligned.

Without a picture the seal's place is a dashed red outline (page.Seal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from lintou_report import style
from lintou_report.errors import Problem, UserError
from lintou_report.layout.flow import CHAR, LEFT, LINES, PITCH, WIDTH, Flow
from lintou_report.layout.page import Seal
from lintou_report.spec import gbt9704
from lintou_report.tree import SealImage, Signature

DATE_RIGHT = gbt9704.SEALED_DATE_RIGHT_INDENT_CHARS * CHAR


def mark(x: float, y: float, width: float, height: float, s: Signature, picture: SealImage | None) -> Seal:
    """A seal's box with the clerk's picture, or the dashed placeholder outline."""
    return Seal(
        x, y, width, height, s.seal == "organ", style.SEAL_RED, gbt9704.SEAL_PLACEHOLDER_LINE,
        gbt9704.SEAL_PLACEHOLDER_DASH, picture.data if picture else None,
    )  # fmt: skip


def organ_places(signer_width: float, date_width: float) -> tuple[float, float]:
    """The 署名's and the date's left edges from the type area's left (7.3.5.1): the date 右空四字, the 署名
    centred on it (kept inside the type area)."""
    date_x = WIDTH - DATE_RIGHT - date_width
    signer_x = min(date_x + (date_width - signer_width) / 2, WIDTH - signer_width)
    return max(signer_x, 0.0), date_x


@dataclass(frozen=True)
class JointPlaces:
    """7.3.5.1 联合行文: each organ's row (0 the first) and the centre of its seal from the type area's left, on
    which its 署名 is centred (kept inside the type area: signer_x); the date's left edge."""

    rows: tuple[int, ...]
    centres: tuple[float, ...]
    date_x: float

    @property
    def row_count(self) -> int:
        return self.rows[-1] + 1

    def signer_x(self, k: int, width: float, measure: float = WIDTH) -> float:
        """The k-th 署名's left edge: centred on its seal, kept inside the type area (``measure`` wide)."""
        return min(max(self.centres[k] - width / 2, 0.0), measure - width)


def joint_places(signer_widths: Sequence[float], date_width: float, char: float = CHAR) -> JointPlaces:
    """Where the seals of several organs go (7.3.5.1, spec/gbt9704.py): the last organ's as one organ's (its
    seal and 署名 centred on the date 右空四字), the others in columns to its left, two a row (practice), the
    rows filled in order and a short last row keeping to the right; columns a seal and 3 mm apart, or more
    when the 署名s under them need it; one a row when two would leave the type area. ``char`` is one
    character's width (a DOCX's is a little narrower)."""
    size = gbt9704.SEAL_DIAMETER.pt
    least = size + gbt9704.JOINT_SEAL_GAP.pt
    count = len(signer_widths)
    date_x = WIDTH - DATE_RIGHT - date_width
    last = date_x + date_width / 2
    for per_row in range(min(gbt9704.JOINT_SEALS_PER_ROW, count), 0, -1):
        rows = -(-count // per_row)
        short = count - per_row * (rows - 1)  # organs on the last row
        columns = [k % per_row if k < per_row * (rows - 1) else per_row - short + k - per_row * (rows - 1)
                   for k in range(count)]  # fmt: skip
        widest = [max((w for w, c in zip(signer_widths, columns, strict=True) if c == j), default=0.0)
                  for j in range(per_row)]  # fmt: skip
        centres = [last]
        for j in range(per_row - 1, 0, -1):
            apart = (widest[j - 1] + widest[j]) / 2 + gbt9704.JOINT_SIGNER_GAP_CHARS * char
            centres.insert(0, centres[0] - max(least, apart))
        if all(c - max(size, w) / 2 >= 0 for c, w in zip(centres, widest, strict=True)) or per_row == 1:
            return JointPlaces(tuple(k // per_row for k in range(count)), tuple(centres[c] for c in columns), date_x)
    raise AssertionError("one a row always fits")


def unsealed_places(
    signer_widths: Sequence[float], date_width: float, char: float = CHAR, measure: float = WIDTH
) -> tuple[float, float]:
    """7.3.5.2: the 署名s' and the date's left edges from the type area's left (in the unit of ``char`` and
    ``measure``, the type area's width: a DOCX counts in twips). The 署名 right-indented 2
    characters (联合行文: one a line, their first characters aligned, the longest right-indented 2); the date
    starts 2 characters further right, and when that would overrun, the date is right-indented 2 and the
    署名 move left."""
    limit = measure - gbt9704.SIGNATURE_RIGHT_INDENT_CHARS * char
    signer_x = limit - max(signer_widths)
    date_x = signer_x + gbt9704.DATE_OFFSET_CHARS * char
    if date_x + date_width > limit:
        date_x = limit - date_width
        signer_x = date_x - gbt9704.DATE_OFFSET_CHARS * char
    return signer_x, date_x


def unsealed(flow: Flow, s: Signature) -> None:
    """署名 (联合行文: the 主办机关's first, the others below it) one line below the body, the date under them
    (unsealed_places)."""
    signers = [flow.one_line([(signer.name, style.BODY)], "署名") for signer in s.signers]
    date = flow.one_line([(s.date, style.BODY)], "成文日期")
    signer_x, date_x = unsealed_places([signer.width for signer in signers], date.width)
    if flow.room() < gbt9704.SIGNATURE_GAP_LINES + len(signers) + 1:
        flow.carry_over(2)
    flow.line += gbt9704.SIGNATURE_GAP_LINES
    flow.put_on_grid([*(replace(signer, x=signer_x) for signer in signers), replace(date, x=date_x)])


def signature(flow: Flow, s: Signature) -> None:
    if s.seal == "organ" and s.co_signers:
        joint_organ(flow, s)
    elif s.seal == "organ":
        organ(flow, s)
    elif s.seal == "signature":
        stamp(flow, s)
    else:
        unsealed(flow, s)


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
    flow.page.ops.append(mark(cx - size / 2, cy - size / 2, size, size, s, s.seal_image))


def _fits(flow: Flow, needed: int, what: str) -> None:
    """Start a new page with the text's last two lines unless ``needed`` grid lines are left (7.3.5.5: the
    seal on a page with text); stop with a clear message when not even a whole page would hold them."""
    if needed + 2 > LINES:
        raise UserError(
            Problem(
                f"联合行文的{what}有 {needed} 行，加上正文的最后两行，一页排不下",
                field="署名",
                fix="减少联合署名的机关，或改用不加盖印章的排法（seal: none）",
            )
        )
    if flow.room() < needed:
        flow.carry_over(2)


def joint_organ(flow: Flow, s: Signature) -> None:
    """7.3.5.1 联合行文: each organ's 署名 under its own seal, rows of two (joint_places), the first row two blank
    lines below the body as one organ's, the date under the last 署名."""
    names = [flow.one_line([(signer.name, style.BODY)], "署名") for signer in s.signers]
    date = flow.one_line([(s.date, style.BODY)], "成文日期")
    places = joint_places([name.width for name in names], date.width)
    rows = gbt9704.JOINT_SEAL_ROW_LINES * (places.row_count - 1)
    _fits(flow, gbt9704.SEALED_SIGNER_GAP_LINES + rows + 2, "署名和印章")
    flow.line += gbt9704.SEALED_SIGNER_GAP_LINES
    first, size, ops = flow.line, gbt9704.SEAL_DIAMETER.pt, []
    for name, signer, row, centre in zip(names, s.signers, places.rows, places.centres, strict=True):
        cy = flow.centre(first + row * gbt9704.JOINT_SEAL_ROW_LINES)
        ops.append(flow.put(replace(name, x=places.signer_x(len(ops), name.width)), cy))
        flow.page.ops.append(mark(LEFT + centre - size / 2, cy - size / 2, size, size, s, signer.seal_image))
    flow.line = first + rows + 1
    ops.append(flow.put(replace(date, x=places.date_x), flow.centre(flow.line)))
    flow.line += 1
    flow.tail, flow.tail_marked = ops, False


def stamp(flow: Flow, s: Signature) -> None:
    """7.3.5.3; 联合行文: the 主办机关's 职务 and stamp first, the others below it, aligned, one a line."""
    titles = [flow.one_line([(signer.name, style.BODY)], "签发人职务") for signer in s.signers]
    date = flow.one_line([(s.date, style.BODY)], "成文日期")
    lines, pitch = gbt9704.SIGNATURE_STAMP_LINES, gbt9704.JOINT_STAMP_PITCH_LINES
    stack = pitch * (len(titles) - 1) + lines
    needed = gbt9704.SIGNATURE_STAMP_GAP_LINES + stack + gbt9704.SIGNATURE_STAMP_DATE_GAP_LINES + 1
    _fits(flow, needed, "签发人职务和签名章")
    flow.line += gbt9704.SIGNATURE_STAMP_GAP_LINES
    width, height = gbt9704.SIGNATURE_STAMP_WIDTH.pt, lines * PITCH
    right = LEFT + WIDTH - gbt9704.SIGNATURE_STAMP_RIGHT_INDENT_CHARS * CHAR
    for k, (title, signer) in enumerate(zip(titles, s.signers, strict=True)):
        top = flow.cell_top(flow.line + k * pitch)
        flow.page.ops.append(mark(right - width, top - height, width, height, s, signer.seal_image))
        title_x = right - width - gbt9704.SIGNATURE_STAMP_TITLE_GAP_CHARS * CHAR - title.width
        flow.put(title, top - height / 2, x=title_x)
    flow.line += stack + gbt9704.SIGNATURE_STAMP_DATE_GAP_LINES
    flow.put_on_grid([replace(date, x=WIDTH - DATE_RIGHT - date.width)])
