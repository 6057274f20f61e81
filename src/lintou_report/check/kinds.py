"""The kinds of document check knows (its profiles), which kind page 1 shows, and the rules a kind adds.

The 版头 tells the format: a 信函格式's red double lines (10.1), a 纪要标志 “××纪要” (10.3), a 命令（令）标志
“××令” or “××命令” (10.2), a 公文's 版头 with
its 发文字号 or a “……文件” mark (7.2), else a briefing's 报头. Within the 公文 the 文种 is the last word of the
标题 (7.3.1: 标题由发文机关名称、事由和文种组成): 报告, 通知, 请示, 函. A 公文 whose title names none of them is
measured as a 报告, the rules of a 公文's 版头 being the same.
"""

from __future__ import annotations

from lintou_report.check.letter import is_letter
from lintou_report.check.reading import Page, TextLine, is_red
from lintou_report.check.rules import ProfileName, RuleResult, fact
from lintou_report.spec import gbt9704 as P

PROFILES: dict[str, str] = {
    "briefing": "工作简报",
    "report": "公文（报告）",
    "notice": "公文（通知）",
    "request": "公文（请示，上行文）",
    "letter": "公文（函，信函格式）",
    "minutes": "纪要（纪要格式）",
    "order": "命令（令）（命令格式）",
}
# Profiles measured with a 公文's 版头 (7.2): 发文机关标志, 发文字号, the red separator.
OFFICIAL: tuple[ProfileName, ...] = ("report", "notice", "request", "letter")
# The 文种 the title ends with (7.3.1); a 纪要's is its mark's and its title's last word.
GENRE: dict[ProfileName, str] = {
    "report": "报告",
    "notice": "通知",
    "request": "请示",
    "letter": "函",
    "minutes": "纪要",
}
_SIGNER_LABEL = "签发人："


def title_text(page: Page) -> str:
    """Page 1's 标题: its lines in the title size that are not red (the 标志 is), in reading order."""
    big = [line for line in page.lines if line.size >= P.TITLE_SIZE.pt - 1 and not _red(line)]
    return "".join(line.text for line in big)


def mark_text(page: Page) -> str:
    """The largest red line of page 1 (the 发文机关标志 or 纪要标志), or ""."""
    red = [line for line in page.lines if _red(line)]
    return max(red, key=lambda line: line.size).text if red else ""


def _red(line: TextLine) -> bool:
    return sum(is_red(g.color) for g in line.glyphs) / len(line.glyphs) > 0.5


def is_order_mark(mark: str) -> bool:
    """A 命令（令）标志 (10.2): 发文机关全称 + 令 or 命令."""
    return mark.endswith(P.ORDER_WORDS) and mark not in P.ORDER_WORDS


def genre(title: str) -> ProfileName | None:
    """The kind whose 文种 the title ends with."""
    return next((kind for kind, word in GENRE.items() if title.endswith(word)), None)


def guess(page: Page, official: bool) -> ProfileName:
    """The kind page 1 shows; ``official``: it has a 公文's 版头 (a 发文字号 or a “……文件” mark)."""
    if is_letter(page):
        return "letter"
    if mark_text(page).endswith(GENRE["minutes"]):
        return "minutes"
    if is_order_mark(mark_text(page)):
        return "order"
    if not official:
        return "briefing"
    kind = genre(title_text(page))
    return kind if kind in ("report", "notice", "request") else "report"


# The kinds known by their red mark rather than by their title's 文种: (clause, rule, norm, does the mark fit).
_MARKS = {
    "minutes": (
        P.MINUTES_CLAUSE,
        "纪要标志由“××纪要”组成",
        "红色标志以“纪要”结尾",
        lambda mark: mark.endswith(GENRE["minutes"]),
    ),
    "order": (
        P.ORDER_CLAUSE,
        "命令（令）标志由发文机关全称加“命令”或“令”组成",
        "红色标志以“令”或“命令”结尾",
        is_order_mark,
    ),
}


def kind_rules(page: Page | None, profile: ProfileName) -> list[RuleResult]:
    """What the kind asks of page 1 beyond a 公文's or a briefing's rules."""
    if page is None or profile == "briefing":
        return []
    out = []
    if profile in _MARKS:
        clause, name, norm, fits = _MARKS[profile]
        mark = mark_text(page)
        out.append(fact(clause, name, norm, f"“{mark}”" if mark else "第1页无红色标志", fits(mark)))
    else:
        title = title_text(page)
        word = GENRE[profile]
        out.append(
            fact(
                P.TITLE_SIZE.clause,
                f"标题文种（{word}）",
                f"标题以“{word}”结尾",
                f"“{title[-12:]}”" if title else "第1页无标题",
                title.endswith(word),
            )
        )
    if profile == "request":
        signed = any(_SIGNER_LABEL in line.text for line in page.lines)
        out.append(
            fact(
                P.SIGNER_CLAUSE,
                "上行文标注签发人",
                "版头有“签发人：”及姓名",
                "有" if signed else "无",
                signed,
            )
        )
    if profile == "letter":
        letter = is_letter(page)
        out.append(fact("10.1", "信函格式（首页上下各一组红色双线）", "有", "有" if letter else "无", letter))
    return out
