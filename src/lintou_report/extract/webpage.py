"""A saved web page → the article's title, its header lines (date, source, author) and its body, one line a paragraph.

lxml's HTML parser reads the page (no network, no entities, comments and scripts dropped). The body is the
element that holds the most Chinese text in paragraphs of its own; navigation, footers and side bars outside
it are left out and listed. What chrome stays inside the body (责任编辑, 分享到 …) is removed later, line by line.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from lintou_report.errors import Problem, UserError
from lintou_report.extract.limits import Received, check_size

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select", "button")
_DROP += ("template", "svg", "head", "object", "embed", "textarea", "input")
_BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td", "th", "section", "article"}
_BLOCKS |= {"table", "blockquote", "ul", "ol", "dl", "dt", "dd", "pre", "center", "hr", "main", "figure"}
_HAN = re.compile(r"[\u4e00-\u9fff]")
_META = re.compile(r"(?:发布时间|发布日期|时间|日期|来源|稿源|作者|撰稿)\s*[:：]")
_TITLE_SEPARATOR = re.compile(r"\s*(?:[_|｜]|--|——|-\s)\s*")
MAX_ELEMENTS = 200_000


def _han(text: str | None) -> int:
    return len(_HAN.findall(text or ""))


def _lines(element: etree._Element) -> list[str]:
    """The element's text, a line for each block element (paragraph, line break, heading, cell …)."""
    for el in element.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    text = element.text_content().replace("\xa0", " ")
    return [line.strip(" \t\u3000") for line in text.split("\n") if line.strip(" \t\u3000")]


def _body(root: etree._Element) -> etree._Element:
    """The element whose own paragraphs hold the most Chinese text (a paragraph's text counts for its parent)."""
    score: dict[etree._Element, int] = {}
    for el in root.iter("p", "div", "td", "section", "article", "span", "font"):
        own = _han(el.text) + sum(_han(child.tail) for child in el)
        if own >= 10 and (parent := el.getparent()) is not None:
            target = parent if el.tag in ("p", "span", "font") else el
            score[target] = score.get(target, 0) + own
    return max(score, key=lambda el: score[el]) if score else root


def _title(root: etree._Element) -> str | None:
    for heading in root.iter("h1", "h2"):
        text = " ".join(heading.text_content().split())
        if _han(text) >= 4:
            return text
    for title in root.iter("title"):
        parts = _TITLE_SEPARATOR.split(title.text_content().strip())
        return max(parts, key=_han) if parts and _han(parts[0]) else None
    return None


def read_html(source: str, name: str) -> Received:
    """The article in the saved page ``source`` (decoded text)."""
    fix = "在浏览器中打开该网页，复制正文另存为 .txt 再提取"
    if re.search(r"<!ENTITY", source, re.I):
        raise UserError(Problem("网页带有实体定义（<!ENTITY>），为安全起见不读取", file=name, fix=fix))
    source = re.sub(r"^\s*<\?xml[^>]*>", "", source)  # lxml refuses a str that declares its encoding
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, default_doctype=False)
    try:
        root = lxml.html.document_fromstring(source, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise UserError(Problem("网页文件无法解析，里面没有正文", file=name, fix=fix)) from None
    if sum(1 for _ in root.iter()) > MAX_ELEMENTS:
        raise UserError(Problem(f"网页的元素超过 {MAX_ELEMENTS:,} 个，不像一篇新闻稿", file=name, fix=fix))
    title = _title(root)
    for el in list(root.iter(*_DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    body = _body(root)
    everything = _lines(root.body if root.find("body") is not None else root)
    kept = _lines(body)
    if not any(_han(line) for line in kept):
        # libxml2 stops descending past 255 levels, so an absurdly nested page also ends here
        raise UserError(Problem("网页里找不到中文正文（或网页嵌套过深）", file=name, fix=fix))
    meta = [line for line in everything if _META.search(line) and len(line) <= 120 and line not in kept]
    lines = ([title] if title and title not in kept else []) + meta[:3] + kept
    removed = [line for line in everything if line not in lines and line != title]
    return Received(check_size("\n".join(lines) + "\n", name), "网页", removed)
