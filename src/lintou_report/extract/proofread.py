"""The proofreading list: what extract corrected, and what it found but left for the clerk.

Each check takes a ``Traced`` text; checks that correct something also return the corrected text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from lintou_report import memo
from lintou_report.extract.clean import CJK, TONE_LETTERS, to_simplified
from lintou_report.extract.metrics import UNITS, arabic_figures
from lintou_report.extract.traced import Finding, Traced

TYPOS_FILE = Path(__file__).with_name("typos.yaml")
COMMON_KEPT = 8192  # characters judged: GB 2312 has 6,763
MISSING = "【待核】"  # stands where a garbled character could not be restored
GBT_15834 = "GB/T 15834—2011《标点符号用法》"
GBT_15835 = "GB/T 15835—2011《出版物上数字用法》"

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
    source: str | None = None


def typo_list(path: Path = TYPOS_FILE) -> tuple[Typo, ...]:
    """The reviewed typo list kept as data in the repository."""
    return _typos(path.read_text(encoding="utf-8"))


@memo.pure(2)
def _typos(text: str) -> tuple[Typo, ...]:
    return tuple(Typo(**entry) for entry in yaml.safe_load(text))


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
            reason = f"{typo.reason}（据{typo.source}）" if typo.source else typo.reason
            message = reason if typo.fix else f"{reason}（未改动，请核对）"
            findings.append(_finding(text, m.start(), m.end(), new, "疑似错字", message))
    return text.edit(edits), findings


_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")


def fix_figures(text: Traced) -> tuple[Traced, list[Finding]]:
    """Counted figures in Arabic numerals without separators: 两座 → 2座, 1,200 → 1200 (each change listed)."""
    edits, findings = [], []
    for start, end, digits in arabic_figures(text.text):
        edits.append((start, end, digits))
        message = f"统计数字用阿拉伯数字（{GBT_15835} 4.1.1 用于计量的数字）"
        findings.append(_finding(text, start, end, digits, "数字用法", message))
    for m in _THOUSANDS.finditer(text.text):
        digits = m.group().replace(",", "")
        edits.append((m.start(), m.end(), digits))
        message = f"多位数不分节，便于与指标数值核对（{GBT_15835} 5.1.2：分节可用可不用）"
        findings.append(_finding(text, m.start(), m.end(), digits, "数字用法", message))
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
            message = f"数字“{m.group()}”用了汉字：如是统计数字，宜改用阿拉伯数字（{GBT_15835} 4.1.1）"
            findings.append(_finding(text, m.start(), m.end(), None, "数字用字", message))
    return findings


def half_width_left(text: Traced) -> list[Finding]:
    """Half-width punctuation next to Chinese text that cleaning did not convert (such as a full stop '.')."""
    return [
        _finding(text, m.start(), m.end(), None, "半角标点", f"中文里的半角标点“{m.group()}”，请改用全角")
        for m in _HALF_WIDTH_LEFT.finditer(text.text)
    ]


# --- mojibake ---------------------------------------------------------------------------------------------

_LATIN_RUN = re.compile(r"[\u0080-\u00ff€‚ƒ„†‡ˆ‰Š‹ŒŽ‘’•–˜™š›œžŸ“”…—]{3,}")
_QUOTES = "“”‘’"  # a real quotation mark may stand next to mojibake (“å…šå‘˜”)
_HAN_RUN = re.compile(rf"[{CJK}\ufffd\u3000-\u303f\uff00-\uffef]{{2,}}")


@memo.pure(COMMON_KEPT)
def _common(ch: str) -> bool:
    """A character of everyday text: ASCII, punctuation, one of GB 2312's 3,755 level-1 characters, or the
    Traditional form of one (繼)."""
    if ord(ch) < 0x80 or not re.match(f"[{CJK}]", ch):
        return ch != "\ufffd"
    simplified = to_simplified(Traced.of(ch))[0].text
    try:
        return len(simplified) == 1 and simplified.encode("gb2312")[0] < 0xD8
    except UnicodeEncodeError:
        return False


def _round_trip(text: str, encoding: str) -> str | None:
    """``text`` as UTF-8 bytes that were decoded as ``encoding``, decoded right; None unless it reads cleanly."""
    try:
        fixed = text.encode(encoding).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    han = [c for c in fixed if re.match(f"[{CJK}]", c)]
    return fixed if han and all(_common(c) for c in fixed) and fixed != text else None


def _mojibake_spans(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, repaired or None) of each stretch of mojibake: UTF-8 read as Latin-1/Windows-1252 or as GBK."""
    spans: list[tuple[int, int, str | None]] = []
    for m in _LATIN_RUN.finditer(text):
        if re.search(r"[\u00c0-\u00ef]", m.group()):
            start, end = m.span()
            for a, b in ((start, end), (start + (text[start] in _QUOTES), end - (text[end - 1] in _QUOTES))):
                if fixed := _round_trip(text[a:b], "cp1252") or _round_trip(text[a:b], "latin-1"):
                    break
            spans.append((a, b, fixed) if fixed else (start, end, None))
    for m in _HAN_RUN.finditer(text):
        run, i = m.group(), 0
        while i < len(run):
            if _common(run[i]):
                i += 1
                continue
            for j in range(min(len(run), i + 90), i + 1, -1):
                if fixed := _round_trip(run[i:j], "gb18030"):
                    spans.append((m.start() + i, m.start() + j, fixed))
                    i = j
                    break
            else:
                end = i + 1
                while end < len(run) and not _common(run[end]):
                    end += 1
                if end - i >= 4 or "\ufffd" in run[i:end]:  # three rare characters may be a name (邬倩倩)
                    spans.append((m.start() + i, m.start() + end, None))
                i = end
    return spans


def repair_mojibake(text: Traced) -> tuple[Traced, list[Finding]]:
    """UTF-8 text once read as GBK (鍏氬缓) or as Latin-1 (å…šå»º): repaired where the round trip decodes
    cleanly into everyday characters, else listed for the clerk."""
    edits, findings = [], []
    for start, end, fixed in _mojibake_spans(text.text):
        if fixed is None:
            message = "疑似乱码（编码错误），无法自动还原，请对照原件改正"
            findings.append(_finding(text, start, end, None, "乱码", message))
        else:
            edits.append((start, end, fixed))
            message = f"编码错误造成的乱码，已按 UTF-8 还原为“{fixed}”，请核对"
            findings.append(_finding(text, start, end, fixed, "乱码", message))
    return text.edit(edits), findings


# --- doubled characters and punctuation ----------------------------------------------------------------

_DOUBLED = re.compile(rf"([{CJK}])\1")


def _is_word(text: str) -> bool:
    """A word of two to four characters in jieba's dictionary (rjieba carries it built in): a doubled character
    inside a word (常常, 人人, 绿油油) or across two words (工作作风) is no error."""
    import rjieba  # the title breaker's segmenter too; imported only when a doubled character is found

    return 2 <= len(text) <= 4 and rjieba.has_word(text)


def doubled_characters(text: Traced) -> list[Finding]:
    """A character written twice by mistake (加强强党建), unless the pair is a word or ends and starts two words."""
    findings = []
    for m in _DOUBLED.finditer(text.text):
        i, s = m.start(), text.text
        covering = any(
            _is_word(s[a:b]) for a in range(max(0, i - 2), i + 1) for b in range(i + 2, min(len(s), a + 4) + 1)
        )
        ends = any(_is_word(s[a : i + 1]) for a in range(max(0, i - 3), i))
        starts = any(_is_word(s[i + 1 : b]) for b in range(i + 3, min(len(s), i + 5) + 1))
        if covering or (ends and starts):
            continue
        finding = _finding(text, i, i + 2, None, "叠字", f"“{m.group()}”疑为多打了一个“{m.group(1)}”")
        findings.append(replace(finding, suggestion=m.group(1)))
    return findings


_REPEATED_PUNCTUATION = re.compile(r"([，。、；：])\1+")
_PUNCTUATION_CLAUSE = {
    "。": "4.1（句号）",
    "，": "4.4（逗号）",
    "、": "4.5（顿号）",
    "；": "4.6（分号）",
    "：": "4.7（冒号）",
}
_RULES = [
    (re.compile(r"”、“|》、《"), "、", "4.5.3（顿号）：标有引号或书名号的并列成分之间通常不用顿号", ""),
    (
        re.compile(r"[，、；：](?=[。！？])|(?<=[。！？])[，、；：]"),
        None,
        "4.1（句号）：两个点号连用，删去句内点号",
        "",
    ),
    (re.compile(r"。{2,}|\.{3,}|(?<!…)…(?!…)"), None, "4.11（省略号）：省略号用“……”（两个三连点）", "……"),
    (re.compile(r"(?<=\d)-(?=\d{1,2}[年月日时])"), None, "4.13（连接号）：标示时间的起止用一字线“—”", "—"),
    (re.compile(r"(?<=\d)-(?=\d+(?:\.\d+)?[^\d\s年月日时:-])"), None, "4.13（连接号）：标示数值范围用浪纹线“～”", "～"),
]


def fix_doubled_punctuation(text: Traced) -> tuple[Traced, list[Finding]]:
    """The same point written twice (，， 。。 、、) → once."""
    edits, findings = [], []
    for m in _REPEATED_PUNCTUATION.finditer(text.text):
        if m.group(1) == "。" and len(m.group()) > 2:
            continue  # 。。。 is a wrong ellipsis, listed by punctuation_rules
        edits.append((m.start(), m.end(), m.group(1)))
        message = f"{GBT_15834} {_PUNCTUATION_CLAUSE[m.group(1)]}：标点重复，保留一个"
        findings.append(_finding(text, m.start(), m.end(), m.group(1), "标点", message))
    return text.edit(edits), findings


def punctuation_rules(text: Traced) -> list[Finding]:
    """Uses of punctuation that GB/T 15834 rules out, each with its clause; listed with a suggested fix."""
    findings = []
    for pattern, remove, rule, suggestion in _RULES:
        for m in pattern.finditer(text.text):
            fix = m.group().replace(remove, "") if remove else suggestion
            finding = _finding(text, m.start(), m.end(), None, "标点用法", f"{GBT_15834} {rule}")
            findings.append(replace(finding, suggestion=fix))
    return findings
