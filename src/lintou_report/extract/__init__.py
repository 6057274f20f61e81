"""``lintou-report extract``: from a published article to a draft data file and a proofreading list.

clean (pinyin, Traditional, punctuation) → proofread fixes (garble, run-ons, typos) → parse (header, intro,
themes, items) → metrics → draft YAML. Every change becomes a ``Finding``: listed for the clerk and recorded in
the draft's corrections.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from lintou_report.errors import UserError
from lintou_report.extract import clean, proofread
from lintou_report.extract.draft import TODO, proofreading_lines, write_draft
from lintou_report.extract.metrics import Found, find_metrics
from lintou_report.extract.parse import Article, Item, Theme, parse
from lintou_report.extract.traced import Finding, Traced
from lintou_report.output import write_atomic
from lintou_report.source.model import Report, parse_yaml, problems_from


@dataclass(frozen=True)
class Extraction:
    cleaned: Traced  # the cleaned text; .source is the article as received, for comparison
    article: Article
    metrics: list[Found]
    findings: list[Finding]
    draft: str  # the draft data file (YAML)

    @property
    def proofreading(self) -> list[str]:
        return proofreading_lines(self.findings)


def clean_text(source: str) -> tuple[Traced, list[Finding]]:
    """The article cleaned and corrected, with one finding per change and per problem left for the clerk."""
    text = Traced.of(source.replace("\r\n", "\n").lstrip("\ufeff"))
    findings: list[Finding] = []
    for step in (
        clean.remove_pinyin,
        clean.to_simplified,
        proofread.repair_garbled,
        clean.normalise_punctuation,
        proofread.fix_typos,
        proofread.fix_run_ons,
    ):
        text, found = step(text)
        findings += found
    findings += proofread.unbalanced_quotes(text)
    findings += proofread.figures_in_words(text)
    findings += proofread.half_width_left(text)
    return text, findings


_CLOSING = ("下一步", "下步", "今后", "接下来")


def _structure(article: Article, cleaned: Traced) -> list[Finding]:
    """What the clerk has to sort out by hand: no themes found, text before a theme's first lead sentence."""
    if not article.themes:
        message = "没有找到以“党建+X，为……。”开头的主题段落：全文已放入导语（intro），请按主题、小标题整理"
        return [Finding(1, 1, "结构", message, "")]
    findings = []
    last = article.themes[-1].items[-1].paragraphs[-1] if article.themes[-1].items else ""
    if last.startswith(_CLOSING):
        line, column = cleaned.position(max(cleaned.text.find(last), 0))
        message = "结尾段落（下一步打算）已归入最后一项的正文，请核对是否保留或另作处理"
        findings.append(Finding(line, column, "结构", message, last[:20]))
    for theme in article.themes:
        if theme.items and theme.items[0].heading is None:
            line, column = cleaned.position(max(cleaned.text.find(theme.label), 0))
            message = f"主题“{theme.label}”的第一段前没有小标题句（如“筑牢红色堡垒。”），草稿中填了{TODO}小标题"
            findings.append(Finding(line, column, "结构", message, theme.label))
    return findings


def _complete(article: Article, name: str) -> None:
    """Fill what the model requires but the article lacks with 【待填】 placeholders."""
    if article.header.published is None:
        raise UserError.simple(
            "原稿中找不到发布时间",
            file=name,
            fix="在原稿第一行写上发布时间，如“时间:2023-11-09 15:13 稿源:林头镇党委 作者:管理员”",
        )
    if not article.themes:
        article.themes.append(Theme("theme", f"{TODO}主题", f"{TODO}主题口号"))
    for theme in article.themes:
        theme.items = [i for i in theme.items if i.paragraphs] or [Item(None, [f"{TODO}正文"])]


def extract(source: str, name: str = "原稿") -> Extraction:
    """Extract a draft from the article text ``source``; ``name`` is how the draft refers to the article."""
    cleaned, findings = clean_text(source)
    article = parse(cleaned.text)
    findings += _structure(article, cleaned)
    _complete(article, name)
    metrics = find_metrics(article.themes)
    draft = write_draft(article, metrics, findings, name)
    data, positions = parse_yaml(draft)
    try:
        Report.model_validate(data)
    except ValidationError as exc:  # a defect of extract, not of the article: say so plainly
        details = "\n".join(str(p) for p in problems_from(exc, "草稿", positions))
        raise RuntimeError(f"extract wrote a draft that does not validate:\n{details}") from exc
    return Extraction(cleaned, article, metrics, findings, draft)


def _decode(raw: bytes, name: str) -> str:
    """UTF-8, or GB18030 (what Windows Notepad saves as “ANSI” on a Chinese system)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError.simple("原稿既不是 UTF-8 也不是 GBK/GB18030 编码", file=name, fix="用记事本以 UTF-8 编码另存")


def extract_file(article: Path, output: Path | None = None, force: bool = False) -> tuple[Path, Extraction]:
    """Read ``article``, write the draft to ``output`` (default: beside the article, .yaml), never clobbering."""
    name = str(article)
    try:
        raw = article.read_bytes()
    except FileNotFoundError:
        raise UserError.simple("原稿文件不存在", file=name, fix="检查路径和文件名") from None
    except OSError as exc:
        raise UserError.simple(f"无法读取原稿：{exc.strerror}", file=name) from None
    source = _decode(raw, name)
    target = output or article.with_suffix(".yaml")
    if target.is_dir():
        target = target / article.with_suffix(".yaml").name
    if target.exists() and not force:
        raise UserError.simple(
            "草稿文件已存在，未覆盖", file=str(target), fix="用 -o 另指一个文件名，或加 --force 覆盖它"
        )
    result = extract(source, article.name)
    write_atomic(target, result.draft.encode("utf-8"))
    return target, result
