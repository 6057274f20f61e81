"""``lintou-report extract``: from a published article to a draft data file and a proofreading list.

read (.txt in any common encoding, a saved web page, a Word file; within limits) → clean (mojibake, pinyin,
Traditional, punctuation, web-page chrome) → proofread fixes (garble, typos, run-ons) → parse (header, title,
intro, themes, items, from the shape of the text) → metrics and loose figures → draft YAML. Every change is a
``Finding``: listed for the clerk and recorded in the draft's corrections. ``extract_bytes`` does all of it
without touching a file (for the web workbench); ``extract_file`` is the command's reading and writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lintou_report.errors import UserError
from lintou_report.extract import chrome, clean, proofread
from lintou_report.extract.draft import TODO, proofreading_lines, write_draft
from lintou_report.extract.inputs import read_article
from lintou_report.extract.limits import MAX_FILE_BYTES, Received
from lintou_report.extract.metrics import Found, Loose, find_figures
from lintou_report.extract.parse import CLOSING, DATES, Article, Header, Item, Theme, date_in, parse, parse_header
from lintou_report.extract.traced import Finding, Traced
from lintou_report.output import write_atomic
from lintou_report.source.model import Invalid, Report, parse_yaml, problems_from


@dataclass(frozen=True)
class Extraction:
    cleaned: Traced  # the cleaned text; .source is the article as received, for comparison
    article: Article
    metrics: list[Found]
    loose: list[Loose]  # figures that are not an item's metrics: the intro's, ranges, thresholds, targets
    findings: list[Finding]
    draft: str  # the draft data file (YAML)
    kind: str = "文本"  # what the article was read from: 文本, 网页, Word 文件

    @property
    def proofreading(self) -> list[str]:
        return proofreading_lines(self.findings)


def clean_text(source: str) -> tuple[Traced, list[Finding]]:
    """The article cleaned and corrected, with one finding per change and per problem left for the clerk."""
    text = Traced.of(source.replace("\r\n", "\n").lstrip("\ufeff"))
    findings: list[Finding] = []
    for step in (
        proofread.repair_mojibake,
        clean.remove_pinyin,
        clean.to_simplified,
        proofread.repair_garbled,
        clean.normalise_punctuation,
        chrome.remove_chrome,
        proofread.fix_figures,
        proofread.fix_typos,
        proofread.fix_run_ons,
        proofread.fix_doubled_punctuation,
    ):
        text, found = step(text)
        findings += found
    for check in (
        proofread.unbalanced_quotes,
        proofread.figures_in_words,
        proofread.half_width_left,
        proofread.doubled_characters,
        proofread.punctuation_rules,
    ):
        findings += check(text)
    return text, findings


def _structure(article: Article, cleaned: Traced) -> list[Finding]:
    """What the clerk has to sort out by hand, with its place: the parser's notes, a closing paragraph."""
    findings = []
    for note in article.notes:
        line, column = cleaned.position(note.offset)
        findings.append(Finding(line, column, "结构", note.message, note.excerpt))
    if article.themes and article.themes[-1].items and article.themes[-1].items[-1].paragraphs:
        last = article.themes[-1].items[-1].paragraphs[-1]
        if last.startswith(CLOSING):
            line, column = cleaned.position(max(cleaned.text.find(last), 0))
            message = "结尾段落（下一步打算）已归入最后一项的正文，请核对是否保留或另作处理"
            findings.append(Finding(line, column, "结构", message, last[:20]))
    return findings


def _header(article: Article, cleaned: Traced, findings: list[Finding]) -> list[Finding]:
    """Fill the header from removed chrome lines (来源 …), else the publication time from the text's last date."""
    for f in findings:
        if f.kind == "网页杂项" and (found := parse_header(f.original)):
            article.header.merge(Header(None, found.source, None))
    if article.header.published is not None:
        return []
    dates = [(m.start(), d) for m in DATES.finditer(cleaned.text) if (d := date_in(m.group()))]
    if not dates:
        message = f"原文没有发布时间：草稿中暂填 2000-01-01，并标了{TODO}，请改为实际时间"
        return [Finding(1, 1, "结构", message, "")]
    offset, article.header.published = dates[-1]
    line, column = cleaned.position(offset)
    message = "原文没有发布时间一栏：暂取正文中最后一个日期为发布时间，请核对"
    return [Finding(line, column, "结构", message, f"{article.header.published:%Y年%m月%d日}")]


def _complete(article: Article) -> None:
    """Fill what the model requires but the article lacks with 【待填】 placeholders."""
    if not article.themes:
        article.themes.append(Theme("theme", f"{TODO}主题", f"{TODO}主题口号"))
    for theme in article.themes:
        theme.items = [i for i in theme.items if i.paragraphs or i.heading] or [Item(None)]
        for item in theme.items:
            item.paragraphs = item.paragraphs or [f"{TODO}正文"]


def extract(source: str, name: str = "原稿", received: Received | None = None) -> Extraction:
    """Extract a draft from the article text ``source``; ``name`` is how the draft refers to the article."""
    cleaned, findings = clean_text(source)
    if received is not None and received.removed:
        shown = "；".join(received.removed[:40]) + (
            f"等 {len(received.removed)} 处" if len(received.removed) > 40 else ""
        )
        message = f"{received.kind}中正文以外的内容 {len(received.removed)} 处未读入（导航、版头、表格等）：{shown}"
        findings.insert(0, Finding(1, 1, "未读入", message, ""))
    article = parse(cleaned.text)
    findings += _header(article, cleaned, findings)
    findings += _structure(article, cleaned)
    _complete(article)
    metrics, loose = find_figures(article.themes, article.intro)
    kind = received.kind if received else "文本"
    draft = write_draft(article, metrics, loose, findings, name, kind)
    try:
        data, positions = parse_yaml(draft)
    except UserError as exc:  # the article is larger than one period's data file may be
        problems = "；".join(p.message for p in exc.problems)
        raise UserError.simple(
            f"原稿整理出的草稿超出数据文件的上限：{problems}",
            file=name,
            fix="一期的材料应是一篇文章；把原稿分成几篇，分别提取",
        ) from None
    try:
        Report.from_data(data)
    except Invalid as exc:  # a defect of extract, not of the article: say so plainly
        details = "\n".join(str(p) for p in problems_from(exc, "草稿", positions))
        raise RuntimeError(f"extract wrote a draft that does not validate:\n{details}") from exc
    return Extraction(cleaned, article, metrics, loose, findings, draft, kind)


def extract_bytes(raw: bytes, name: str) -> Extraction:
    """The draft and the proofreading list of the article file ``name`` whose bytes are ``raw``; writes nothing.

    Raises ``UserError`` (a Chinese message with the file and the fix) for what cannot be read.
    """
    received = read_article(raw, name)
    return extract(received.text, name, received)


def extract_file(article: Path, output: Path | None = None, force: bool = False) -> tuple[Path, Extraction]:
    """Read ``article``, write the draft to ``output`` (default: beside the article, .yaml), never clobbering."""
    name = str(article)
    try:
        with article.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # a larger file is refused by read_article, unread
    except FileNotFoundError:
        raise UserError.simple("原稿文件不存在", file=name, fix="检查路径和文件名") from None
    except IsADirectoryError:
        raise UserError.simple("这是一个文件夹，不是原稿文件", file=name, fix="指定文件夹中的原稿文件") from None
    except PermissionError:
        raise UserError.simple(
            "没有读取原稿的权限", file=name, fix="检查文件权限，或把原稿复制到自己的文件夹"
        ) from None
    except OSError as exc:
        raise UserError.simple(f"无法读取原稿（{exc.strerror}）", file=name) from None
    target = output or article.with_suffix(".yaml")
    if target.is_dir():
        target = target / article.with_suffix(".yaml").name
    if target.resolve() == article.resolve():
        raise UserError.simple("草稿文件不能与原稿是同一个文件", file=str(target), fix="用 -o 另指一个 .yaml 文件名")
    if target.exists() and not force:
        raise UserError.simple(
            "草稿文件已存在，未覆盖", file=str(target), fix="用 -o 另指一个文件名，或加 --force 覆盖它"
        )
    received = read_article(raw, name)
    result = extract(received.text, article.name, received)
    write_atomic(target, result.draft.encode("utf-8"))
    return target, result
