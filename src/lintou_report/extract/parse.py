"""Find the parts of a cleaned article: header line, title, intro, themes (党建+X，为……), items, paragraphs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin

_DATE = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:\s*(\d{1,2})[:：](\d{2}))?")
_SOURCE = re.compile(r"(?:稿源|来源|信息来源)[:：]\s*([^\s\]】]+)")
_AUTHOR = re.compile(r"(?:作者|撰稿|供稿|编辑)[:：]\s*([^\s\]】]+)")
_HEADER_MARK = re.compile(r"(?:时间|日期|稿源|来源|作者)[:：]")
# A theme opens its paragraph: a short label with "+", a comma (or colon), the slogan, a full stop.
_THEME = re.compile(r"^([^，。：；“”]{1,8}\+[^，。：；“”]{1,10})[，：]([^。！？]{2,40}?)。")
_SENTENCE = re.compile(r"[^。！？]*(?:[。！？]”?|$)")
_NOT_IN_LEAD = re.compile(r"[，、；：（）]|\d(?![^“”]*”)")  # digits only inside quotes: 推行“1+N”结对帮扶
LEAD_MAX = 12  # characters in a lead sentence (筑牢红色堡垒。 has 6)


@dataclass
class Header:
    published: dt.datetime | None = None
    source: str | None = None
    author: str | None = None


@dataclass
class Item:
    heading: str | None  # None: text before the theme's first lead sentence
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Theme:
    key: str
    label: str
    slogan: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Article:
    header: Header
    title: str | None
    intro: list[str]
    themes: list[Theme]


def parse_header(line: str) -> Header | None:
    """The page-chrome line ``[ 字体:大 中 小 时间:2023-11-09 15:13 稿源:… 作者:… ]``, or None."""
    if not _HEADER_MARK.search(line):
        return None
    header = Header()
    if m := _DATE.search(line):
        year, month, day, hour, minute = (int(g) if g else 0 for g in m.groups())
        try:
            header.published = dt.datetime(year, month, day, hour, minute)
        except ValueError:
            header.published = None
    if m := _SOURCE.search(line):
        header.source = m.group(1)
    if m := _AUTHOR.search(line):
        header.author = m.group(1)
    return header


def sentences(text: str) -> list[str]:
    """Sentences ending in 。！？ (a closing quote right after stays with its sentence)."""
    return [s for s in _SENTENCE.findall(text) if s]


def is_lead(sentence: str) -> bool:
    """A short lead sentence that opens an item, such as 筑牢红色堡垒。"""
    body = sentence.rstrip("。！？”")
    return sentence.endswith("。") and 2 <= len(body) <= LEAD_MAX and not _NOT_IN_LEAD.search(body)


def theme_key(label: str, taken: set[str]) -> str:
    """The pinyin of the part after "+": 党建+阵地 → zhendi; a number is added when it is taken."""
    words = lazy_pinyin(label.split("+", 1)[-1])
    key = re.sub(r"[^a-z0-9]", "", "".join(words).lower()) or "theme"
    if not key[0].isalpha():
        key = "t" + key
    unique, n = key, 2
    while unique in taken:
        unique, n = f"{key}{n}", n + 1
    taken.add(unique)
    return unique


def _add_text(theme: Theme, text: str, new_line: bool) -> None:
    """Split ``text`` at lead sentences into items; text without a lead continues the current item."""
    parts = sentences(text)
    for i, sentence in enumerate(parts):
        starts_item = is_lead(sentence) and i + 1 < len(parts) and not is_lead(parts[i + 1])
        if starts_item:
            theme.items.append(Item(sentence.rstrip("。")))
            new_line = True
            continue
        if not theme.items:
            theme.items.append(Item(None))
        item = theme.items[-1]
        if new_line or not item.paragraphs:
            item.paragraphs.append(sentence)
            new_line = False
        else:
            item.paragraphs[-1] += sentence


def parse(text: str) -> Article:
    """The article's parts from its cleaned text, line by line."""
    header, title, intro, themes = Header(), None, [], []
    taken: set[str] = set()
    seen_header = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not seen_header and not themes and (found := parse_header(line)):
            header, seen_header = found, True
            continue
        if m := _THEME.match(line):
            label, slogan = m.group(1), m.group(2)
            themes.append(Theme(theme_key(label, taken), label, slogan))
            _add_text(themes[-1], line[m.end() :], new_line=True)
        elif themes:
            _add_text(themes[-1], line, new_line=True)
        elif not intro and title is None and not re.search("[。！？]", line) and len(line) <= 40:
            title = line
        else:
            intro.append(line)
    return Article(header, title, intro, themes)
