"""Web-page chrome in an article's text: breadcrumbs, editor and source lines, view counts, font-size and share
buttons, print/close links, copyright and navigation lines, a WeChat account's prompts (点击上方蓝字关注我们).
Each such line is removed and listed.

The header line with the publication time (``时间：… 来源：… 作者：…``) is not chrome: it is read into the
draft's meta by ``parse`` and stays out of the body there.
"""

from __future__ import annotations

import re

from lintou_report.extract.traced import Finding, Traced

_FIELD = r"(?:来源|稿源|信息来源|编辑|责任编辑|审核|审校|校对|终审|初审|复审|核稿|编审|摄影|图片|供图|通讯员|记者)"
_CHROME = [
    (
        "面包屑导航",
        re.compile(r"^(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|所在位置|位置)\s*[:：]|^首页\s*[>»›/]"),
    ),
    ("面包屑导航", re.compile(r"^[^。，]{0,30}[>»›]\s*[^。，]{0,30}[>»›]")),
    ("编辑信息", re.compile(rf"^[\[【（(]?\s*{_FIELD}\s*[:：／/]")),
    ("浏览次数", re.compile(r"(?:浏览次数|浏览量|阅读次数|阅读量|点击数|点击量|点击率|访问量|浏览)\s*[:：]\s*\d*")),
    ("字号按钮", re.compile(r"(?:字号|字体)\s*[:：]?\s*[\[【]?\s*[大中小]\s*[大中小]\s*[大中小]")),
    ("分享按钮", re.compile(r"^分享到|^分享\s*[:：]|^(?:扫一扫|微信扫一扫|扫描二维码|手机扫描|微信扫描)")),
    (
        "打印关闭",
        re.compile(r"[\[【]?\s*(?:打印(?:本页|此页|文章)?|关闭(?:窗口|本页)?|返回顶部|收藏本页|加入收藏)\s*[\]】]"),
    ),
    ("打印关闭", re.compile(r"^(?:打印本页|关闭窗口|返回顶部|返回列表|上一篇|下一篇|相关链接|相关文章|相关新闻)")),
    (
        "公众号提示",
        re.compile(r"点击上方.{0,6}关注|关注我们$|点个.{0,2}在看|点赞.{0,2}在看|长按.{0,4}(?:识别|关注)|^阅读原文"),
    ),
    ("版权信息", re.compile(r"版权所有|Copyright|©|ICP备|ICP证|公网安备|网站标识码", re.I)),
    ("版权信息", re.compile(r"(?:主办单位|承办单位|技术支持|主办|承办)\s*[:：]|^(?:网站地图|联系我们|关于我们)")),
]
_NAV_TOKEN = re.compile(r"[^\s|｜·/]{1,8}")
_HEADER = re.compile(r"(?:发布时间|发布日期|时间|日期)\s*[:：]\s*\d{4}")


def chrome_kind(line: str) -> str | None:
    """What kind of chrome ``line`` is, or None for article text and for the header line with the date."""
    stripped = line.strip()
    if not stripped or _HEADER.search(stripped) or len(stripped) > 120 or re.search(r"[。！？]", stripped):
        return None  # a sentence is article text, even when it names a 主办单位 or 技术支持
    for kind, pattern in _CHROME:
        if pattern.search(stripped):
            return kind
    tokens = _NAV_TOKEN.findall(stripped)
    separated = re.search(r"[|｜·]", stripped) or len(tokens) >= 6  # a subtitle has a few words, a menu more
    if len(tokens) >= 4 and separated and not re.search(r"[，；：]", stripped) and "".join(tokens) != stripped:
        return "导航栏"
    return None


def remove_chrome(text: Traced) -> tuple[Traced, list[Finding]]:
    """Delete every chrome line (with its line break), one finding per line."""
    edits, findings, offset = [], [], 0
    for line in text.text.splitlines(keepends=True):
        if kind := chrome_kind(line):
            edits.append((offset, offset + len(line), ""))
            row, column = text.position(offset)
            shown = line.strip()
            findings.append(Finding(row, column, "网页杂项", f"删去网页上的{kind}", shown, "", shown, ""))
        offset += len(line)
    return text.edit(edits), findings
