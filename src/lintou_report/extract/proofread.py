"""The proofreading list: what extract corrected, and what it found but left for the clerk.

Each check takes a ``Traced`` text; checks that correct something also return the corrected text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from lintou_report.extract.clean import CJK, TONE_LETTERS
from lintou_report.extract.metrics import UNITS
from lintou_report.extract.traced import Finding, Traced

TYPOS_FILE = Path(__file__).with_name("typos.yaml")
MISSING = "【待核】"  # stands where a garbled character could not be restored

# Scraping debris: Latin letters with tone marks, "?" and "|" and stray parentheses between Han characters.
_DEBRIS = rf"[?|()A-Za-z{TONE_LETTERS}]"
_GARBLE = re.compile(rf"(?<=[{CJK}])(?={_DEBRIS}*[|A-Za-z{TONE_LETTERS}]){_DEBRIS}*[?|{TONE_LETTERS}]{_DEBRIS}*")
# Phrases that open a clause; right after a Han character or a closing quote they miss a comma before them.
_CLAUSE_OPENERS = ("今年以来", "近年来", "截至目前", "此外")
_RUN_ON = re.compile(rf"(?<=[{CJK}”])(?<![自从])(?:{'|'.join(_CLAUSE_OPENERS)})")
_CLAUSE_END = "，。；：！？,;\n"
_HALF_WIDTH_LEFT = re.compile(rf"(?<=[{CJK}])[.,;:?!()'\"]|[.,;:?!()'\"](?=[{CJK}])")


_FIGURE_IN_WORDS = re.compile(
    rf"(?<![一二两三四五六七八九十百千万])[两二三四五六七八九十][十百千万]?(?:{'|'.join(UNITS)})"
)


@dataclass(frozen=True)
class Typo:
    wrong: str
    right: str
    fix: bool
    reason: str
    not_before: str | None = None
    not_after: str | None = None


@cache
def typo_list(path: Path = TYPOS_FILE) -> tuple[Typo, ...]:
    """The reviewed typo list kept as data in the repository."""
    return tuple(Typo(**entry) for entry in yaml.safe_load(path.read_text(encoding="utf-8")))


def clause_around(text: str, start: int, end: int) -> str:
    """The clause (between Chinese commas, full stops …) that holds ``text[start:end]``."""
    left = max(text.rfind(c, 0, start) for c in _CLAUSE_END) + 1
    rights = [i for i in (text.find(c, end) for c in _CLAUSE_END) if i != -1]
    return text[left : min(rights, default=len(text))]


def _finding(text: Traced, start: int, end: int, new: str | None, kind: str, message: str) -> Finding:
    line, column = text.position(start)
    before = clause_around(text.text, start, end)
    after = before if new is None else before.replace(text.text[start:end], new, 1)
    return Finding(line, column, kind, message, text.text[start:end], new, before, after)


def repair_garbled(text: Traced) -> tuple[Traced, list[Finding]]:
    """Replace scraping debris by the character the rest of the article suggests, or by 【待核】.

    ``推动?xùn)|关振兴`` → ``推动东关振兴``: the three characters after the debris (关振兴) stand elsewhere in
    the article after 东 and only after 东, so 东 is restored.
    """
    edits, findings = [], []
    for m in _GARBLE.finditer(text.text):
        right = text.text[m.end() : m.end() + 3]
        others = Counter(
            text.text[k.start() - 1]
            for k in re.finditer(re.escape(right), text.text)
            if k.start() != m.end() and k.start() > 0 and re.match(f"[{CJK}]", text.text[k.start() - 1])
        )
        best = others.most_common(2)
        if len(right) == 3 and best and (len(best) == 1 or best[0][1] > best[1][1]):
            new, message = best[0][0], f"抓取乱码，据上下文“{best[0][0]}{right}”补正，请核对"
        else:
            new, message = MISSING, "抓取乱码，无法据上下文补正，已换成【待核】，请对照原件补上"
        edits.append((m.start(), m.end(), new))
        findings.append(_finding(text, m.start(), m.end(), new, "乱码", message))
    return text.edit(edits), findings


def fix_run_ons(text: Traced) -> tuple[Traced, list[Finding]]:
    """Insert the comma missing before a clause opener such as 今年以来 that follows a clause without a stop."""
    edits, findings = [], []
    for m in _RUN_ON.finditer(text.text):
        edits.append((m.start(), m.start(), "，"))
        line, column = text.position(m.start())
        before = clause_around(text.text, m.start(), m.end())
        cut = before.index(m.group())
        after = before[:cut] + "，" + before[cut:]
        message = f"两个分句之间缺少逗号：在“{m.group()}”前补上逗号"
        findings.append(Finding(line, column, "缺逗号", message, before, after, before, after))
    return text.edit(edits), findings


def fix_typos(text: Traced, typos: tuple[Typo, ...] | None = None) -> tuple[Traced, list[Finding]]:
    """Correct the typos of the reviewed list marked ``fix``; list the others for the clerk."""
    edits, findings = [], []
    for typo in typos if typos is not None else typo_list():
        for m in re.finditer(re.escape(typo.wrong), text.text):
            prev, nxt = text.text[m.start() - 1 : m.start()], text.text[m.end() : m.end() + 1]
            if typo.not_before and prev and re.fullmatch(typo.not_before, prev):
                continue
            if typo.not_after and nxt and re.fullmatch(typo.not_after, nxt):
                continue
            new = typo.right if typo.fix else None
            if typo.fix:
                edits.append((m.start(), m.end(), typo.right))
            message = typo.reason if typo.fix else f"{typo.reason}（未改动，请核对）"
            findings.append(_finding(text, m.start(), m.end(), new, "疑似错字", message))
    return text.edit(edits), findings


def unbalanced_quotes(text: Traced) -> list[Finding]:
    """Opening quotes not closed before the end of the sentence, and closing quotes never opened."""
    findings = []
    open_at: int | None = None
    for i, ch in enumerate(text.text):
        if ch == "“":
            if open_at is not None:
                findings.append(_finding(text, open_at, open_at + 1, None, "引号不成对", "前引号没有对应的后引号"))
            open_at = i
        elif ch == "”":
            if open_at is None:
                findings.append(_finding(text, i, i + 1, None, "引号不成对", "后引号没有对应的前引号"))
            open_at = None
        elif ch in "。！？\n" and open_at is not None and text.text[i + 1 : i + 2] != "”":
            message = "前引号到句末仍未关闭，请补上后引号"
            findings.append(_finding(text, open_at, open_at + 1, None, "引号不成对", message))
            open_at = None
    return findings


def figures_in_words(text: Traced) -> list[Finding]:
    """Figures written in Chinese numerals outside quotation marks (新建电站两座): possibly a missed metric.

    Names in quotes (“两个覆盖”“五个一”) and 一 (一批, 一季度) are left alone.
    """
    findings = []
    for m in _FIGURE_IN_WORDS.finditer(text.text):
        sentence_start = max(text.text.rfind(c, 0, m.start()) for c in "。！？\n") + 1
        before = text.text[sentence_start : m.start()]
        if before.count("“") <= before.count("”"):  # not inside quotation marks
            message = f"统计数字“{m.group()}”用了汉字：如是指标，宜改用阿拉伯数字（GB/T 15835）并补入 metrics"
            findings.append(_finding(text, m.start(), m.end(), None, "数字用字", message))
    return findings


def half_width_left(text: Traced) -> list[Finding]:
    """Half-width punctuation next to Chinese text that cleaning did not convert (such as a full stop '.')."""
    return [
        _finding(text, m.start(), m.end(), None, "半角标点", f"中文里的半角标点“{m.group()}”，请改用全角")
        for m in _HALF_WIDTH_LEFT.finditer(text.text)
    ]
