"""Write the draft data file: YAML a clerk can edit, with the proofreading list and placeholders as comments.

Fields the article does not give get a placeholder that starts with 【待填】, so the draft validates and
renders, and nobody can miss what is still to be filled in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from decimal import Decimal

import yaml

from lintou_report.extract.metrics import Found, Loose, metric_ids
from lintou_report.extract.parse import Article
from lintou_report.extract.traced import Finding
from lintou_report.source.periods import period_label

TODO = "【待填】"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present: the same answers, faster
MECHANICAL = {
    "删去拼音": "删去注音拼音",
    "繁简转换": "繁体改简体",
    "标点": "标点改全角/半角",
    "网页杂项": "删去网页杂项",
}
PLACEHOLDER_TIME = dt.datetime(2000, 1, 1)  # stands for a publication time the article does not give
_QUARTER = re.compile(r"第?([一二三四])季度")
_ISSUER = re.compile(r"^(.+?[镇乡村县区市]|.+?街道)党委$")


KEYWORDS = 5  # a 简报 lists a few keywords: the first themes' labels


def scalar(value: object) -> str:
    """``value`` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    text = str(value)
    try:
        plain_ok = yaml.load(f"k: {text}", Loader=_LOADER) == {"k": text} and "#" not in text and "\n" not in text
    except yaml.YAMLError:
        plain_ok = False
    if plain_ok:
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def flow_list(values: list[str]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def proofreading_lines(findings: list[Finding]) -> list[str]:
    """The proofreading list as text lines: cleaning summed up per line (a removed line of web-page chrome
    quoted), every other finding on its own."""
    per_line: dict[int, Counter[str]] = defaultdict(Counter)
    lines = []
    for f in findings:
        if f.kind in MECHANICAL:
            per_line[f.line][f.kind] += 1
    for line, counts in sorted(per_line.items()):
        done = "，".join(f"{MECHANICAL[k]} {n} 处" for k, n in counts.items())
        removed = [f"{f.message}“{f.original}”" for f in findings if f.line == line and f.kind == "网页杂项"]
        lines.append(f"第 {line} 行：{'；'.join(removed) or done}（已改）")
    for f in sorted((f for f in findings if f.kind not in MECHANICAL), key=lambda f: (f.line, f.column)):
        if f.corrected is None:
            quoted = f"：{f.before}" if f.before else ""
            lines.append(f"第 {f.line} 行第 {f.column} 列 [{f.kind}] {f.message}{quoted}（未改，请核对）")
        else:
            lines.append(f"第 {f.line} 行第 {f.column} 列 [{f.kind}] {f.message}：{f.before} → {f.after}（已改）")
    return lines


def corrections(findings: list[Finding]) -> list[dict[str, str]]:
    """Every change, as the data file's corrections: cleaning summed up per kind, each fix on its own."""
    out = []
    examples: dict[str, list[str]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for f in findings:
        if f.kind in MECHANICAL:
            counts[f.kind] += 1
            pair = f"{f.original}→{f.corrected}"
            if pair not in examples[f.kind] and len(examples[f.kind]) < 4:
                examples[f.kind].append(pair)
    reasons = {
        "删去拼音": "原稿抓取时在字后插入了注音，公文不注音",
        "繁简转换": "原稿为繁体字，公文用规范简体字（OpenCC 繁简转换）",
        "标点": "中文里的标点用全角，数字用半角（GB/T 15834、GB/T 15835）",
        "网页杂项": "网页上的导航、编辑信息、分享和打印按钮、版权信息不是正文",
    }
    for kind, n in counts.items():
        out.append(
            {
                "original": f"{MECHANICAL[kind]}共 {n} 处，如 {'、'.join(examples[kind])}",
                "corrected": MECHANICAL[kind].replace("删去", "已删去", 1).replace("改", "已改为", 1),
                "reason": reasons[kind],
            }
        )
    for f in findings:
        if f.kind not in MECHANICAL and f.corrected is not None:
            out.append({"original": f.before, "corrected": f.after, "reason": f.message})
    return out


def period_of(article: Article) -> tuple[str, str, str]:
    """The reporting period: a quarter the intro names (今年一季度), else the month of publication."""
    published = article.header.published or PLACEHOLDER_TIME
    if m := _QUARTER.search("".join(article.intro)):
        quarter = "一二三四".index(m.group(1)) + 1
        year = published.year if quarter <= (published.month - 1) // 3 + 1 else published.year - 1
        period = f"{year}-Q{quarter}"
        return period, period_label(period), f"据导语“{m.group()}”推断"
    period = f"{published:%Y-%m}"
    return period, period_label(period), "据发布时间推断"


def places(article_name: str, kind: str) -> str:
    """What the proofreading list's lines and columns count in: the file's lines, or a page's paragraphs."""
    if kind == "文本":
        return f"行、列指原稿 {article_name} 中的位置"
    return f"{kind}按段落计：“第 N 行”指 {article_name} 正文的第 N 段，列指段内第几个字"


def write_draft(
    article: Article,
    metrics: list[Found],
    loose: list[Loose],
    findings: list[Finding],
    article_name: str,
    kind: str = "文本",
) -> str:
    """The draft data file as YAML text."""
    h = article.header
    out = [
        f"# 草稿：由 lintou-report extract 从 {article_name} 生成，请逐项核对后再排版发出。",
        f"# 标有 {TODO} 的是原文没有给出的内容：已填入占位文字，使草稿能通过校验并排出版面，发出前必须改掉。",
        "# 所作改动逐条记在文末 corrections 中；校验：lintou-report --data 本文件。",
        "#",
        f"# 校对清单（{places(article_name, kind)}）：",
    ]
    out += [f"#   {line}" for line in proofreading_lines(findings)] or ["#   （无）"]
    out += ["schema_version: 1", "", "meta:"]

    source = h.source or f"{TODO}稿源"
    issuer = _ISSUER.match(h.source or "")
    if issuer:
        out.append(f"  issuer: {scalar('中共' + issuer.group(1) + '委员会')}  # 据稿源推断，请核对")
    else:
        out.append(f"  issuer: {scalar(TODO + '发文机关全称')}")
    out.append(f"  issuer_short: {scalar(h.source or TODO + '发文机关简称')}")
    out.append(f"  party_organ: {scalar('党' in source)}  # 党的机关：版头分隔线加五角星")
    out.append(f"  source: {scalar(source)}")
    out.append(f"  author: {scalar(h.author or TODO + '作者')}")
    published = h.published or PLACEHOLDER_TIME
    todo = f"  # {TODO}原文没有发布时间：请改为实际时间，报告期、日期随之核对" if h.published is None else ""
    out.append(f"  published: {published:%Y-%m-%d %H:%M}{todo}")
    period_id, period_label, why = period_of(article)
    out += [
        f"  period:  # {why}，请核对",
        f"    id: {period_id}",
        f"    label: {period_label}",
        f"  date: {published:%Y-%m-%d}  # 成文日期，暂取发布日期",
    ]
    if article.title:
        out.append(f"  title: {scalar(article.title)}")
    else:
        out.append(f"  title: {scalar(TODO + '标题')}  # 原文没有标题")
    out += [
        "  briefing:",
        f"    name: {scalar(TODO + '工作简报名称')}  # 如 党建工作简报",
        f"    issue: 1  # {TODO}期号",
        f"    office: {scalar(TODO + '编印单位')}  # 如 中共林头镇委员会办公室",
        f"  # doc_number: ×党〔{published.year}〕1号  # {TODO}发文字号（报告模板需要），如 林党〔2023〕12号",
        "  # recipients:  # 报送范围（报、送、发；主送、抄送），原文没有，按需填写",
        "  printing:",
        f"    organ: {scalar(TODO + '印发机关')}",
        f"    date: {published:%Y-%m-%d}  # 印发日期，暂取发布日期",
        f"  keywords: {flow_list([t.label for t in article.themes][:KEYWORDS])}  # 据主题推断",
        "",
        "intro:",
    ]
    out += [f"  - {scalar(p)}" for p in article.intro] or [f"  - {scalar(TODO + '导语')}  # 原文没有导语"]
    out += ["", "themes:"]
    for theme in article.themes:
        out += [
            f"  - key: {theme.key}",
            f"    label: {scalar(theme.label)}",
            f"    slogan: {scalar(theme.slogan or TODO + '主题口号')}",
            "    items:",
        ]
        for item in theme.items:
            heading = item.heading or TODO + "小标题"
            out.append(f"      - heading: {scalar(heading)}" + ("" if item.heading else "  # 原文这一段没有小标题句"))
            out.append("        paragraphs:")
            out += [f"          - {scalar(p)}" for p in item.paragraphs]
    out += ["", "# 指标代号（id）各期相同才能对比上期：可改成有意义的英文，如 enterprises-on-platform。"]
    out.append("metrics:" + ("" if metrics else " []"))
    headings = {(t.key, i): item.heading for t in article.themes for i, item in enumerate(t.items, start=1)}
    for m, metric_id in zip(metrics, metric_ids(metrics, headings), strict=True):
        out += [
            f"  - id: {metric_id}",
            f"    label: {scalar(m.label)}",
            f"    value: {m.value}",
            f"    unit: {scalar(m.unit)}",
        ]
        if m.qualifier:
            out.append(f"    qualifier: {scalar(m.qualifier)}")
        out += [f"    theme: {m.theme}", f"    item: {m.item}", f"    source: {scalar(m.source)}"]
        if m.note:
            out.append(f"    note: {scalar(m.note)}")
    if loose:
        out += ["", "# 未计入指标的数字（导语中的数字、范围、门槛、目标）：需要时补入 metrics，并指定 theme 和 item。"]
        out += [f"#   [{f.reason}] {f.figure}（{f.where}）：{f.source}" for f in loose]
    fixes = corrections(findings)
    out += ["", "corrections:" + ("" if fixes else " []")]
    for c in fixes:
        out += [f"  - original: {scalar(c['original'])}", f"    corrected: {scalar(c['corrected'])}"]
        out.append(f"    reason: {scalar(c['reason'])}")
    return "\n".join(out) + "\n"
