"""Clean an article as scraped: inserted pinyin out, Traditional to Simplified, Chinese punctuation full width.

Every step returns the new text and one ``Finding`` per change, so nothing changes silently.
"""

from __future__ import annotations

import difflib
import re

import opencc

from lintou_report.extract.traced import Finding, Traced

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A pinyin syllable in parentheses right after a Han character: 時(shí), 鎮(zhèn). Real parentheses hold Chinese.
PINYIN = re.compile(rf"(?<=[{CJK}])\((?:[a-z{TONE_LETTERS}]{{1,6}})\)")
_VOWEL = re.compile(rf"[aeiouv{TONE_LETTERS}]")

_CONVERTER = opencc.OpenCC("t2s")

# Chinese text: Han characters and full-width punctuation, including the curly quotes.
_CHINESE = re.compile(rf"[{CJK}\u3000-\u303f\uff00-\uffef“”‘’…—]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_FULL_DIGITS = {chr(0xFF10 + i): str(i) for i in range(10)} | {"．": ".", "％": "%"}


def remove_pinyin(text: Traced) -> tuple[Traced, list[Finding]]:
    """Delete the tone-marked pinyin inserted after characters, leaving real parentheses alone."""
    edits, findings = [], []
    for m in PINYIN.finditer(text.text):
        if not _VOWEL.search(m.group()):
            continue
        edits.append((m.start(), m.end(), ""))
        line, column = text.position(m.start())
        char = text.text[m.start() - 1]
        findings.append(Finding(line, column, "删去拼音", "删去字后插入的注音", char + m.group(), char))
    return text.edit(edits), findings


def to_simplified(text: Traced) -> tuple[Traced, list[Finding]]:
    """Traditional → Simplified with OpenCC (phrase-aware), one finding per changed character or phrase."""
    converted = _CONVERTER.convert(text.text)
    if converted == text.text:
        return text, []
    if len(converted) == len(text.text):
        spans = [(i, i + 1, c) for i, (a, c) in enumerate(zip(text.text, converted, strict=True)) if a != c]
        new = text.translate(converted)
    else:  # a phrase changed length: align the two texts
        matcher = difflib.SequenceMatcher(None, text.text, converted, autojunk=False)
        spans = [(i1, i2, converted[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
        new = text.edit(spans)
    findings = []
    for start, end, new_chars in spans:
        line, column = text.position(start)
        findings.append(Finding(line, column, "繁简转换", "繁体字改为简体字", text.text[start:end], new_chars))
    return new, findings


def _chinese(ch: str) -> bool:
    return bool(_CHINESE.match(ch))


def normalise_punctuation(text: Traced) -> tuple[Traced, list[Finding]]:
    """Half-width punctuation next to Chinese text → full width; full-width digits → half width.

    A comma or colon between two digits (1,302 or 15:13) stays as it is, and so does anything in Latin text.
    Straight double quotes next to Chinese become “ and ” by turns within a line.
    """
    chars = list(text.text)
    findings: list[Finding] = []
    quote_open = False
    for i, ch in enumerate(text.text):
        before = text.text[i - 1] if i > 0 else "\n"
        after = text.text[i + 1] if i + 1 < len(text.text) else "\n"
        new = None
        if ch == "\n":
            quote_open = False
        elif ch in _FULL_DIGITS:
            new = _FULL_DIGITS[ch]
        elif ch in _HALF_TO_FULL:
            between_digits = before.isdigit() and after.isdigit()
            if not between_digits and (_chinese(before) or _chinese(after)):
                new = _HALF_TO_FULL[ch]
        elif ch == '"' and (_chinese(before) or _chinese(after)):
            new = "”" if quote_open else "“"
            quote_open = not quote_open
        if new is not None:
            chars[i] = new
            line, column = text.position(i)
            findings.append(Finding(line, column, "标点", "中文里的标点用全角，数字用半角", ch, new))
    return text.translate("".join(chars)), findings
