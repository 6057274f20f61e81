"""A clerk's mistakes in a valid data file: what would go out silently if nobody said a word.

Errors: 【待填】 placeholders left by ``extract`` (allowed in a draft), and a ``#`` that YAML took for the
start of a comment, cutting the value short (``title: …赋能 #镇园融合发展``). Warnings (提醒, a build still
runs): unpaired quotes and brackets, ASCII punctuation in Chinese text, leading spaces, a heading's end stop
(dropped by the model), a period label that does not match its id, a 印发 date before the 成文日期.
"""

from __future__ import annotations

import re

from lintou_report.errors import Problem
from lintou_report.source.model import HEADING_STOPS, LABEL_STOPS, Report
from lintou_report.source.yamlfile import Position, field_name, texts

PLACEHOLDER = "【待填"
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_ASCII_PUNCTUATION = re.compile(rf'(?<=[{_CJK}])[,";:?!()]|[,";:?!()](?=[{_CJK}])')
_FULL_WIDTH = {",": "，", '"': "“ 或 ”", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】", "〔": "〕", "「": "」"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_CUT = re.compile(r"\s+#(\S.*)")


class _Source:
    """The data file's lines and value positions: where in the line a value, or a character of it, stands."""

    def __init__(self, text: str, file: str, positions: dict[tuple, Position]) -> None:
        self.lines = text.splitlines()
        self.file = file
        self.positions = positions

    def written(self, path: tuple) -> tuple[str, int]:
        """The line from the start of the value at ``path``, its opening quote dropped, and the quote's
        width (0 or 1); ("", 0) when the place is unknown."""
        line, column = self.positions.get(path, (0, 0))
        if not 0 < line <= len(self.lines):
            return "", 0
        rest = self.lines[line - 1][column - 1 :]
        quoted = int(rest[:1] in ("'", '"'))
        return rest[quoted:], quoted

    def problem(self, path: tuple, message: str, fix: str, value: str = "", offset: int = 0) -> Problem:
        """A problem at the value, or at its character ``offset`` when ``value`` is written on one line."""
        line, column = self.positions.get(path, (None, None))
        rest, quoted = self.written(path)
        if column is not None and offset and rest.startswith(value[: offset + 1]):
            column += quoted + offset
        return Problem(message, file=self.file, line=line, column=column, field=field_name(path), fix=fix)


UNFILLED = "还有待填的内容"  # the start of a 【待填】 problem's message (the workbench previews such a draft)


def text_problems(
    report: Report, text: str, file: str, positions: dict[tuple, Position], draft: bool = False
) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) in the report's text; ``text`` is the data file's, ``positions`` its values' places."""
    source = _Source(text, file, positions)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for path, value in texts(report.dump()):
        if not draft and PLACEHOLDER in value:
            errors.append(
                source.problem(
                    path,
                    f"{UNFILLED}：{value[:30]}",
                    "填写实际内容并删去【待填】（extract 生成草稿时留下的）；只想先看排版效果时按草稿生成（--draft）",
                    value,
                    value.index(PLACEHOLDER),
                )
            )
        if cut := _cut_by_comment(source.written(path)[0], value):
            errors.append(
                source.problem(
                    path,
                    f"值后面的“#{cut}”被 YAML 当作注释，没有进入这一项（这一项只剩“{value[-12:]}”）",
                    f'若“#{cut}”是内容的一部分，给整个值加引号："{value} #{cut}"；'
                    "若是注释，在 # 后加空格或移到单独一行",
                )
            )
        if _verbatim(path):
            continue
        warnings += _punctuation(source, path, value)
    return errors, warnings + _heading_stops(report, source) + _meta_warnings(report, source)


def _verbatim(path: tuple) -> bool:
    """Values copied on purpose, not proofread: a correction's wording (the original's mistakes included) and
    a metric's source sentence (its paragraph is proofread)."""
    return path[0] == "corrections" or (path[0] == "metrics" and path[-1] == "source")


def _cut_by_comment(rest: str, value: str) -> str | None:
    """The comment after a value written plain on its line, when it looks like cut-off text (``#`` then text)."""
    if not rest.startswith(value):
        return None
    match = _CUT.match(rest[len(value) :])
    return match.group(1) if match else None


def _punctuation(source: _Source, path: tuple, value: str) -> list[Problem]:
    found = []
    if value[:1] in (" ", "\u3000"):
        found.append(
            source.problem(
                path,
                "开头有空格（全角空格常随从 Word 复制的文字而来）",
                "删去开头的空格：段首缩进由排版自动加上",
            )
        )
    if match := _ASCII_PUNCTUATION.search(value):
        char = match.group()
        context = value[max(0, match.start() - 6) : match.end() + 6]
        found.append(
            source.problem(
                path,
                f"中文里用了英文标点 {char} ：…{context}…",
                f"改用中文标点 {_FULL_WIDTH[char]}（中文里的标点用全角，GB/T 15834）",
                value,
                match.start(),
            )
        )
    if (offset := _unpaired(value)) is not None:
        char = value[offset]
        found.append(
            source.problem(
                path,
                f"引号或括号 {char} 没有配对：…{value[max(0, offset - 6) : offset + 7]}…",
                "补上配对的另一半，或删去多余的一个",
                value,
                offset,
            )
        )
    return found


def _unpaired(value: str) -> int | None:
    """The offset of the first quote or bracket without its partner, or None."""
    open_: list[int] = []
    for i, char in enumerate(value):
        if char in _PAIRS:
            open_.append(i)
        elif char in _CLOSERS:
            if not open_ or value[open_[-1]] != _CLOSERS[char]:
                return i
            open_.pop()
    return open_[0] if open_ else None


def _heading_stops(report: Report, source: _Source) -> list[Problem]:
    """Headings typed with the punctuation the templates add, which the model dropped: said, so that the data
    gets cleaned."""
    headings = []
    for t, theme in enumerate(report.themes):
        headings += [(("themes", t, "label"), theme.label, LABEL_STOPS, "模板在主题名后加“，”再接口号")]
        headings += [(("themes", t, "slogan"), theme.slogan, HEADING_STOPS, "一级标题末尾不加标点")]
        headings += [
            (("themes", t, "items", i, "heading"), item.heading, HEADING_STOPS, "模板在小标题后自动加句号")
            for i, item in enumerate(theme.items)
        ]
    notes = []
    for path, heading, stops, why in headings:
        rest = source.written(path)[0]
        stop = rest[len(heading) : len(heading) + 1]
        if rest.startswith(heading) and stop and stop in stops:
            notes.append(source.problem(path, f"末尾的“{stop}”已去掉：{why}", "在数据中删去末尾的标点"))
    return notes


def _meta_warnings(report: Report, source: _Source) -> list[Problem]:
    from lintou_report.workspace.periods import period_label

    meta = report.meta
    notes = []
    expected = period_label(meta.period.id) if meta.period is not None else ""
    if meta.period is not None and not _loosely(meta.period.label).startswith(_loosely(expected)):
        notes.append(
            source.problem(
                ("meta", "period", "label"),
                f"报告期写法 {meta.period.label} 与报告期代号 {meta.period.id} 不一致",
                f"改为 {expected}（或改正 meta.period.id）",
            )
        )
    if meta.printing is not None and meta.printing.date < meta.date:
        notes.append(
            source.problem(
                ("meta", "printing", "date"),
                f"印发日期 {meta.printing.date} 早于成文日期 {meta.date}",
                "印发日期应不早于成文日期：核对 meta.printing.date 和 meta.date",
            )
        )
    return notes


def _loosely(label: str) -> str:
    """A label as compared: 2023年01月 is 2023年1月 and 2023年四季度 is 2023年第四季度 (written differently, not
    wrongly); what follows the period (2023年度, 2023年11月份) is left to the prefix comparison."""
    return re.sub(r"(?<!\d)0+(?=\d)", "", label.strip()).replace("第", "")


def repeated_issues(reports: list[tuple[str, Report, dict[tuple, Position]]]) -> list[Problem]:
    """The same 期号 of the same 简报 in one year, in two data files of a workspace: a warning at the later."""
    seen: dict[tuple[str, int, int], str] = {}
    notes = []
    for file, report, positions in reports:
        briefing = report.meta.briefing
        if briefing is None:
            continue
        key = (briefing.name, report.meta.date.year, briefing.issue)
        if key in seen:
            line, column = positions.get(("meta", "briefing", "issue"), (None, None))
            notes.append(
                Problem(
                    f"期号 {briefing.issue}（{briefing.name}，{key[1]}年）与 {seen[key]} 相同",
                    file=file,
                    line=line,
                    column=column,
                    field="meta.briefing.issue",
                    fix="核对期号：同一简报每年的期号应各不相同",
                )
            )
        else:
            seen[key] = file
    return notes
