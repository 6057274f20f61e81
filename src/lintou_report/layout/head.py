"""The 版头 elements around the 发文机关标志 (GB/T 9704-2012 7.2): 份号, 密级和保密期限 and 紧急程度 顶格 at the top
left; the stacked names of a joint 版头 with “文件” right of them; several 签发人 with the 发文字号 on the
line of the last name."""

from __future__ import annotations

import math

from lintou_report import style
from lintou_report.fonts import FontSet
from lintou_report.fonts.metrics import metrics
from lintou_report.layout.flow import CHAR, LEFT, PITCH, TOP, WIDTH, Flow, too_long
from lintou_report.layout.linebreak import Line, measure
from lintou_report.spec import gbt9704
from lintou_report.tree import HeadMarks, OfficialMasthead

_WHAT = {"copy_number": "份号", "secrecy": "密级和保密期限", "urgency": "紧急程度"}


def head_mark_lines(flow: Flow, marks: HeadMarks) -> list[Line]:
    """The 份号, 密级 and 紧急程度 lines, each set on one line, flush left."""
    return [flow.one_line([(text, style.HEAD_MARK)], _WHAT[part]) for part, text in marks.lines()]


def head_marks(flow: Flow, marks: HeadMarks) -> None:
    """份号, 密级和保密期限, 紧急程度 顶格 on the type area's first lines, top to bottom (7.2.1–7.2.3)."""
    for i, line in enumerate(head_mark_lines(flow, marks)):
        flow.put(line, flow.centre(i))


def joint_mark(flow: Flow, b: OfficialMasthead) -> tuple[float, float]:
    """联合行文 (7.2.4): the organs' names stacked in red, 主办机关 first, spread to the longest one's width;
    the suffix (“文件”) right of them, centred on them vertically; the whole centred on the type area, the
    first name's ink 35 mm below the type-area top. Returns the bottom of the last name's em box and the
    names' baseline pitch."""
    look = style.joint_mark(b.organs, b.suffix)
    size = look.size
    names = [measure([(organ, look)], flow.fonts) for organ in b.organs]
    widest = max(sum(c.advance for c in chars) for chars in names)
    suffix = measure([(b.suffix, look)], flow.fonts) if b.suffix else []
    gap = gbt9704.JOINT_SUFFIX_GAP * size if suffix else 0.0
    total = widest + gap + sum(c.advance for c in suffix)
    x = LEFT + (WIDTH - total) / 2
    first = names[0][0]
    ascent, descent = metrics(first.face).ascent, metrics(first.face).descent
    baseline = TOP - gbt9704.ORGAN_MARK_TOP.pt - max(metrics(c.face).glyph_top(c.text) for c in names[0]) * size
    pitch = names_pitch(baseline + descent * size, len(names), size)
    baselines = [baseline - k * pitch for k in range(len(names))]
    for chars, y in zip(names, baselines, strict=True):
        natural = sum(c.advance for c in chars)
        spread = (widest - natural) / (len(chars) - 1) if len(chars) > 1 else 0.0
        flow.put_at(Line(tuple(chars), (widest - natural) / 2 if len(chars) == 1 else 0.0, spread), y, x=x)
    if suffix:
        centre = (baselines[0] + baselines[-1]) / 2 + (ascent + descent) / 2 * size
        flow.put(Line(tuple(suffix), 0.0, 0.0), centre, x=x + widest + gap)
    return baselines[-1] + descent * size, pitch


def names_pitch(first_bottom: float, count: int, size: float) -> float:
    """The distance between the stacked names' baselines: about JOINT_MARK_PITCH ems, made such that the last
    name's em box ends JOINT_MARK_GRID_END of a line into a grid line (as a single 初号 标志 does), so that the
    发文字号 two lines below stands as far below the names as below a single 标志."""
    nominal = gbt9704.JOINT_MARK_PITCH * size
    if count < 2:
        return nominal  # one name: no stack to fit (a writer still sizes its row by it)
    lines = (TOP - first_bottom + (count - 1) * nominal) / PITCH  # where the last em box ends, in grid lines
    options = [math.floor(lines) + k + gbt9704.JOINT_MARK_GRID_END for k in (-1, 0, 1)]
    pitches = [(end * PITCH - (TOP - first_bottom)) / (count - 1) for end in options]
    allowed = [p for p in pitches if p >= gbt9704.JOINT_MARK_MIN_PITCH * size] or [nominal]
    return min(allowed, key=lambda p: abs(p - nominal))


def number_line(bottom: float) -> int:
    """The grid line of the 发文字号 under a joint 标志 whose last name's em box ends at ``bottom``."""
    return Flow.line_below(bottom) + gbt9704.DOC_NUMBER_GAP_LINES


def joint_geometry(b: OfficialMasthead, fonts: FontSet) -> tuple[float, int]:
    """The joint 版头's baseline pitch and its 发文字号's grid line, for a writer that sets text itself (DOCX)."""
    bottom, pitch = joint_mark(Flow(fonts), b)
    return pitch, number_line(bottom)


def signer_rows(flow: Flow, b: OfficialMasthead, i: int) -> int:
    """Several 签发人 (7.2.6) from grid line ``i`` down, right-indented one character, two names a line, each
    new line starting under the first name; the 发文字号 left-indented one character on the line of the last
    name (7.2.5). Returns the grid line of the 发文字号."""
    names = b.signer_names
    per = gbt9704.SIGNERS_PER_LINE
    space = "\u3000" * gbt9704.SIGNER_NAME_GAP_CHARS
    groups = [space.join(names[k : k + per]) for k in range(0, len(names), per)]
    rows = [flow.one_line([(text, style.SIGNER)], "签发人") for text in groups]
    label = flow.one_line([("签发人：", style.BODY)], "签发人")
    indent = gbt9704.DOC_NUMBER_INDENT_CHARS * CHAR
    names_x = LEFT + WIDTH - indent - max(row.width for row in rows)
    label_x = names_x - label.width - label.spacing
    number = flow.one_line([(b.doc_number, style.BODY)], "发文字号", indent=indent)
    last = i + len(rows) - 1
    if LEFT + number.x + number.width + CHAR > (label_x if len(rows) == 1 else names_x):
        raise too_long("签发人", f"{b.doc_number}　签发人：{'、'.join(names)}")
    flow.put(label, flow.centre(i), x=label_x)
    for k, row in enumerate(rows):
        flow.put(row, flow.centre(i + k), x=names_x)
    flow.put(number, flow.centre(last))
    return last
