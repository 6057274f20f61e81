"""Find the parts of a cleaned article from the shape of its text: header, title, intro, themes, items.

Themes are the article's top-level headings, in whichever form it uses: 一、… / 【…】 / "党建+X，为…。" opening a
paragraph / a line of its own / a short two-clause sentence opening a paragraph. Items are what the themes are
divided into: （一）… / 1. … / 一是…二是… inside a paragraph / 首先…其次… / a line of its own / a short lead
sentence (筑牢红色堡垒。). The article's own form wins: the first form found at least twice is used throughout.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin

_DATE = re.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})日?(?:\s*(\d{1,2})[:：](\d{2}))?")
DATES = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}")
_SOURCE = re.compile(r"(?:稿源|来源|信息来源|发布单位|发布机构)\s*[:：]\s*([^\s\]】|｜]+)")
_AUTHOR = re.compile(r"(?:作者|撰稿|文(?:[/／]图)?)\s*[:：／/]\s*([^\s\]】|｜]+)")
_HEADER_MARK = re.compile(r"(?:发布时间|发布日期|时间|日期|稿源|来源|作者)\s*[:：]")
_DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2})?(?:\s*发表于\S{0,10})?$")
_SENTENCE = re.compile(r"[^。！？]*(?:[。！？]”?|$)")
_NOT_IN_LEAD = re.compile(r"[，、；：（）]|\d(?![^“”]*”)")  # digits only inside quotes: 推行“1+N”结对帮扶
LEAD_MAX = 12  # characters in a lead sentence (筑牢红色堡垒。 has 6)
HEADING_MAX = 24  # characters in an item heading written on a line or after a number of its own
_NUMERAL = "一二三四五六七八九十"

# Theme forms, tried in this order; each gives the heading's text (label and slogan) and where the body starts.
_THEME_NUMBERED = re.compile(rf"^(?:[{_NUMERAL}]{{1,3}}\s*[、.．]|0\d\s*(?=\D)|第[{_NUMERAL}]{{1,3}}部分\s*)\s*")
_THEME_BRACKET = re.compile(r"^【([^】]{2,24})】\s*")
_THEME_PARTY = re.compile(r"^([^，。：；“”]{1,8}\+[^，。：；“”]{1,10})[，：]([^。！？]{2,40}?)。")
_THEME_CLAUSES = re.compile(r"^([^，。：；“”！？\d]{2,12})[，：]([^，。：；！？\d]{2,16})。")
_NOT_A_THEME = re.compile(
    r"^(?:[一二三四五六七八九十]是|首先|其次|再次|最后|今年以来|近年来|截至|目前|下一步|同时|此外)"
)
# Item forms, tried in this order within a theme.
_ITEM_PAREN = re.compile(rf"^[（(][{_NUMERAL}]{{1,3}}[）)]\s*")
_ITEM_DIGIT = re.compile(r"^\d{1,2}\s*[.．、]\s*(?!\d)")
_ITEM_BULLET = re.compile(r"^[◆●■◇○□▶►▲★☆◎※•]\s*")
_ITEM_IS = re.compile(rf"(?:^|(?<=[。；！？]))[{_NUMERAL}]是[，：]?")
_ITEM_ORDER = re.compile(r"(?:^|(?<=[。；！？]))(?:首先|其次|再次|第[一二三四五六]|最后)[，：、]")
CLOSING = ("下一步", "下步", "今后", "接下来")
# The foot of a report or a news item: the issuer's name, the date, a 供稿 note. Read into the header.
_SIGNATURE = re.compile(r"^[^，。：；！？\d]{2,24}(?:党委|党工委|党组|委员会|支部|总支|政府|办事处|局|办公室|中心)$")
_CONTRIBUTED = re.compile(r"^[（(]([^（）()]{2,24}?)(?:供稿|来稿|报送)[)）]$")
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


@dataclass
class Header:
    published: dt.datetime | None = None
    source: str | None = None
    author: str | None = None

    def merge(self, other: Header) -> None:
        """Take from ``other`` what this header still lacks."""
        self.published = self.published or other.published
        self.source = self.source or other.source
        self.author = self.author or other.author


@dataclass
class Item:
    heading: str | None  # None: the theme's own text before its first item
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Theme:
    key: str
    label: str
    slogan: str | None
    items: list[Item] = field(default_factory=list)


@dataclass
class Note:
    """Something the parser could not sort out: ``offset`` into the cleaned text."""

    offset: int
    message: str
    excerpt: str


@dataclass
class Article:
    header: Header
    title: str | None
    intro: list[str]
    themes: list[Theme]
    notes: list[Note] = field(default_factory=list)


def date_in(text: str) -> dt.datetime | None:
    if m := _DATE.search(text):
        year, month, day, hour, minute = (int(g) if g else 0 for g in m.groups())
        try:
            return dt.datetime(year, month, day, hour, minute)
        except ValueError:
            return None
    return None


def parse_header(line: str) -> Header | None:
    """A header line with the publication time, source or author, in any order, or a line with only a date
    (2024-09-12 18:30 发表于某省); None for other lines."""
    if not (_HEADER_MARK.search(line) or _DATE_ONLY.match(line)) or len(line) > 160 or "。" in line:
        return None
    header = Header(published=date_in(line))
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


def key_of(label: str, taken: set[str], limit: int = 24) -> str:
    """A key from the pinyin of the label (the part after "+"): 党建+阵地 → zhendi; unique within ``taken``."""
    words = lazy_pinyin(label.split("+", 1)[-1])
    key = re.sub(r"[^a-z0-9]", "", "".join(words).lower())[:limit] or "theme"
    if not key[0].isalpha():
        key = "t" + key
    unique, n = key, 2
    while unique in taken:
        unique, n = f"{key}{n}", n + 1
    taken.add(unique)
    return unique


def split_heading(text: str) -> tuple[str, str | None]:
    """A theme heading's label and slogan: 党建+网格：织密服务网 → (党建+网格, 织密服务网)."""
    text = text.strip().rstrip("。；")
    m = re.match(r"^(.{2,20}?)(?:[，：]|\s+|——)(.+)$", text)
    if m and not re.search(r"[，。]", m.group(2)[:-1] if m.group(2).endswith("”") else m.group(2)):
        return m.group(1).strip(), m.group(2).strip()
    return text, None


# --- themes ---------------------------------------------------------------------------------------------


@dataclass
class _Head:
    """A theme heading found at the start of paragraph ``index``: its text and the body after it."""

    index: int
    heading: str
    body: str


def _own_line(text: str) -> bool:
    return len(text) <= 30 and not re.search(r"[。！？]|；$", text) and not _ITEM_PAREN.match(text)


def _numbered(text: str) -> tuple[str, str] | None:
    if not (m := _THEME_NUMBERED.match(text)):
        return None
    rest = text[m.end() :]
    first = sentences(rest)[0] if rest else ""
    if _own_line(rest) or len(first) > 40:
        return (rest, "") if _own_line(rest) else None
    return first, rest[len(first) :]


def _bracket(text: str) -> tuple[str, str] | None:
    if not (m := _THEME_BRACKET.match(text)):
        return None
    rest = text[m.end() :]
    first = sentences(rest)[0] if rest else ""
    if first and len(first) <= 20 and (first.startswith("为") or not is_lead(first)) and not _ITEM_PAREN.match(first):
        return f"{m.group(1)}，{first}", rest[len(first) :]
    return m.group(1), rest


def _party(text: str) -> tuple[str, str] | None:
    if m := _THEME_PARTY.match(text):
        return m.group(1) + "，" + m.group(2), text[m.end() :]
    return None


def _clauses(text: str) -> tuple[str, str] | None:
    if (m := _THEME_CLAUSES.match(text)) and not _NOT_A_THEME.match(text) and len(text) > m.end():
        return m.group(1) + "，" + m.group(2), text[m.end() :]
    return None


def _line_of_its_own(text: str) -> tuple[str, str] | None:
    if _own_line(text) and not _ITEM_DIGIT.match(text) and not _NOT_A_THEME.match(text):
        return text, ""
    return None


_THEME_FORMS = (_numbered, _bracket, _party, _clauses, _line_of_its_own)


def find_themes(paragraphs: list[str]) -> tuple[list[_Head], bool]:
    """The theme headings: of the forms found (the loose ones, two-clause sentences and lines of their own, at
    least twice and not in the first paragraph, the intro), the one that comes first; and whether lines
    of their own are free to be item headings."""
    candidates = []
    for order, form in enumerate(_THEME_FORMS):
        heads = []
        for index, text in enumerate(paragraphs):
            if index == 0 and form in (_clauses, _line_of_its_own):
                continue
            if found := form(text):
                heads.append(_Head(index, *found))
        if len(heads) >= (2 if form in (_clauses, _line_of_its_own) else 1):
            candidates.append((heads[0].index, order, heads, form is not _line_of_its_own))
    if not candidates:
        return [], True
    _, _, heads, lines_are_items = min(candidates, key=lambda c: c[:2])
    return heads, lines_are_items


# --- items ----------------------------------------------------------------------------------------------


def _lead(text: str) -> tuple[str | None, str]:
    """An item's heading and the rest: its first sentence when short and plain (no figure, one clause), else
    its first clause when short and without a figure."""
    text = text.strip()
    first = sentences(text)[0] if text else ""
    whole = first and len(first.rstrip("。！？")) <= HEADING_MAX and first.endswith(("。", "！"))
    if whole and not re.search(r"\d(?![^“”]*”)", first) and ("，" not in first or len(first) == len(text)):
        return first.rstrip("。！"), text[len(first) :]
    clause = re.match(rf"^([^，。；：]{{2,{HEADING_MAX}}})[，：；]", text)
    if clause and not re.search(r"\d", clause.group(1)):
        return clause.group(1), text[clause.end() :]
    if _own_line(text):
        return text, ""
    return None, text


def _split_at(pattern: re.Pattern[str], text: str) -> list[str]:
    """``text`` cut before each match of ``pattern``."""
    bounds = [0, *(m.start() for m in pattern.finditer(text)), len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _gathered(parts: list[str], opening: Callable[[str], Item | None]) -> list[Item]:
    """Items from ``parts`` in order: a part that ``opening`` makes an item of opens one; any other part is a
    paragraph of the item before it (before the first, of an item without a heading)."""
    items: list[Item] = []
    for part in parts:
        if (opened := opening(part)) is not None:
            items.append(opened)
        elif items:
            items[-1].paragraphs.append(part)
        else:
            items.append(Item(None, [part]))
    return items


def _items_marked(paragraphs: list[str], marker: re.Pattern[str], inside: bool) -> list[Item]:
    """Items opened by ``marker`` at a paragraph's start (or, when ``inside``, after any sentence)."""

    def opening(part: str) -> Item | None:
        if not (m := marker.match(part)):
            return None
        heading, rest = _lead(part[m.end() :])
        return Item(heading, [rest] if rest else [])

    parts = [part for p in paragraphs for part in (_split_at(marker, p) if inside else [p])]
    return _gathered(parts, opening)


def _items_on_lines(paragraphs: list[str]) -> list[Item]:
    """Items whose headings stand on lines of their own."""
    return _gathered(paragraphs, lambda paragraph: Item(paragraph.strip()) if _own_line(paragraph) else None)


def _items_by_lead(paragraphs: list[str]) -> list[Item]:
    """Items opened by short lead sentences (筑牢红色堡垒。) followed by longer text."""
    items: list[Item] = []
    for paragraph in paragraphs:
        parts, new_line = sentences(paragraph), True
        for i, sentence in enumerate(parts):
            if is_lead(sentence) and i + 1 < len(parts) and not is_lead(parts[i + 1]):
                items.append(Item(sentence.rstrip("。")))
                new_line = True
                continue
            if not items:
                items.append(Item(None))
            if new_line or not items[-1].paragraphs:
                items[-1].paragraphs.append(sentence)
                new_line = False
            else:
                items[-1].paragraphs[-1] += sentence
    return items


def split_items(paragraphs: list[str], lines_are_items: bool) -> list[Item]:
    """A theme's paragraphs as items, by the first item form they use; a closing paragraph (下一步，……一是……)
    is not split but stays whole with the last item."""
    closing = next((i for i, p in enumerate(paragraphs) if i and p.startswith(CLOSING)), len(paragraphs))
    items = _split_items(paragraphs[:closing], lines_are_items)
    items[-1].paragraphs += paragraphs[closing:]
    return items


def _split_items(paragraphs: list[str], lines_are_items: bool) -> list[Item]:
    if not paragraphs:
        return [Item(None)]
    joined = "\n".join(paragraphs)
    for marker in (_ITEM_PAREN, _ITEM_DIGIT, _ITEM_BULLET):
        if any(marker.match(p) for p in paragraphs):
            return _items_marked(paragraphs, marker, inside=False)
    for marker in (_ITEM_IS, _ITEM_ORDER):
        if len(list(marker.finditer(joined))) >= 2:
            return _items_marked(paragraphs, marker, inside=True)
    if lines_are_items and sum(_own_line(p) for p in paragraphs) >= 1 and len(paragraphs) > 1:
        return _items_on_lines(paragraphs)
    return _items_by_lead(paragraphs)


# --- the article ----------------------------------------------------------------------------------------


def _foot(paragraphs: list[tuple[int, str]], article: Article) -> None:
    """Take the signature, date and 供稿 lines off the end of the text into the header, each with a note."""
    while paragraphs:
        offset, line = paragraphs[-1]
        if _DATE_LINE.match(line):
            article.header.published = article.header.published or date_in(line)
        elif m := _CONTRIBUTED.match(line) or _SIGNATURE.match(line):
            article.header.source = article.header.source or (m.group(1) if m.groups() else line)
        else:
            return
        paragraphs.pop()
        article.notes.append(Note(offset, f"文末的落款“{line}”已读入草稿的 meta（稿源、日期），不放入正文", line))


def parse(text: str) -> Article:
    """The article's parts from its cleaned text (one paragraph a line)."""
    header, title = Header(), None
    paragraphs: list[tuple[int, str]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        line, start = raw.strip(), offset + len(raw) - len(raw.lstrip())
        offset += len(raw)
        if not line:
            continue
        found = parse_header(line)
        if found and (not paragraphs or found.published or len(_HEADER_MARK.findall(line)) >= 2):
            header.merge(found)  # at the top, or at a web page's foot (with a date or two fields)
            continue
        if title is None and not paragraphs and _own_line(line) and not _THEME_NUMBERED.match(line):
            title = line
            continue
        paragraphs.append((start, line))
    article = Article(header, title, [], [])
    _foot(paragraphs, article)
    texts = [p for _, p in paragraphs]
    heads, lines_are_items = find_themes(texts)
    if not heads:
        article.intro = texts
        message = (
            "没有找到主题标题（如“一、……”“【……】”“党建+X，为……。”或单独成行的标题）："
            "全文已放入导语，请按主题、小标题整理"
        )
        article.notes.append(Note(paragraphs[0][0] if paragraphs else 0, message, ""))
        return article
    article.intro = texts[: heads[0].index]
    taken: set[str] = set()
    for k, head in enumerate(heads):
        end = heads[k + 1].index if k + 1 < len(heads) else len(texts)
        label, slogan = split_heading(head.heading)
        body = ([head.body.strip()] if head.body.strip() else []) + texts[head.index + 1 : end]
        theme = Theme(key_of(label, taken), label, slogan, split_items(body, lines_are_items))
        article.themes.append(theme)
        where = paragraphs[head.index][0]
        if slogan is None:
            article.notes.append(Note(where, f"主题“{label}”没有口号，草稿中填了【待填】主题口号", label))
        if theme.items and theme.items[0].heading is None:
            message = (
                f"主题“{label}”的第一段前没有小标题（如“（一）……”“一是……”或“筑牢红色堡垒。”），草稿中填了【待填】小标题"
            )
            article.notes.append(Note(where, message, label))
    return article
