"""How well `lintou-report extract` reads the seed and the test articles, against hand-made answers.

Run:  python tests/measure_extract.py
Per article: themes found (by label), item headings under the right theme, metrics recall and precision (value,
unit and qualifier), metrics placed in the right theme and item (of those found), errata flagged (of the errata
the answer lists), and web-page debris left in the draft's data. Labels of metrics are compared separately
(exact matches, mean character similarity), since a clerk is expected to edit them.

An answer (tests/articles/NAME.expected.yaml) holds ``themes`` (theme key → item headings), ``metrics``
([theme key, item, value, unit, qualifier, label]) and optionally ``labels`` (theme key → label), ``errata``
(strings the proofreading list must flag), ``debris`` (strings that must not stay in the draft), ``loose``
(figures that must be listed but not counted), ``format: docx`` (the article NAME.docx.txt is made into a Word
file at test time), and ``proofreading`` ([kind, corrected?], the exact list, for the older articles).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from io import BytesIO
from pathlib import Path

import docx
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from lintou_report.extract import Extraction, extract_bytes  # noqa: E402
from lintou_report.source.model import load_report  # noqa: E402

ARTICLES = ROOT / "tests" / "articles"
SEED_ARTICLE = ROOT / "seeds" / "000_dbbc15cf228ea346.txt"
SEED_DATA = ROOT / "seeds" / "lintou-2023-11.yaml"
# Chrome that no article text has: what a draft must never keep, whatever the answer lists.
DEBRIS = re.compile(r"当前位置|您的位置|责任编辑|浏览次数|点击数|分享到|打印本页|关闭窗口|版权所有|Copyright|字号[:：]")
TARGETS = {"themes": 0.95, "items": 0.90, "recall": 0.95, "precision": 0.95, "placed": 0.90, "errata": 0.80}

Key = tuple[str, int, Decimal, str, str | None]


@dataclass(frozen=True)
class Case:
    name: str
    article: Path
    expected: list[tuple[Key, str]]  # (key, label)
    themes: dict[str, list[str]]  # theme key → item headings
    labels: dict[str, str] = field(default_factory=dict)  # theme key → label
    errata: list[str] = field(default_factory=list)
    debris: list[str] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)
    as_docx: bool = False

    def raw(self) -> tuple[bytes, str]:
        """The article's bytes and file name as a clerk would hand them over."""
        if not self.as_docx:
            return self.article.read_bytes(), self.article.name
        return word_file(self.article.read_text(encoding="utf-8")), self.article.name.removesuffix(".txt")


def word_file(text: str) -> bytes:
    """A Word file with one plain paragraph for each line of ``text``, as a clerk's own file might be."""
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def seed_case() -> Case:
    report = load_report(SEED_DATA)
    expected = [((m.theme, m.item, m.value, m.unit, m.qualifier), m.label) for m in report.metrics]
    themes = {t.key: [i.heading for i in t.items] for t in report.themes}
    labels = {t.key: t.label for t in report.themes}
    return Case("seed 林头镇 2023-11", SEED_ARTICLE, expected, themes, labels, ["?xùn)|", "千部", "人大大回流"])


def article_case(stem: str) -> Case:
    data = yaml.safe_load((ARTICLES / f"{stem}.expected.yaml").read_text(encoding="utf-8"))
    expected = [((t, int(i), Decimal(v), u, q), label) for t, i, v, u, q, label in data["metrics"]]
    as_docx = data.get("format") == "docx"
    suffixes = [".docx.txt"] if as_docx else [".txt", ".html", ".htm"]
    article = next(ARTICLES / f"{stem}{s}" for s in suffixes if (ARTICLES / f"{stem}{s}").exists())
    return Case(
        stem,
        article,
        expected,
        data["themes"],
        data.get("labels", {}),
        data.get("errata", []),
        data.get("debris", []),
        data.get("loose", []),
        as_docx,
    )


def stems() -> list[str]:
    return sorted(p.name.removesuffix(".expected.yaml") for p in ARTICLES.glob("*.expected.yaml"))


def cases() -> list[Case]:
    return [seed_case(), *(article_case(s) for s in stems())]


@dataclass(frozen=True)
class Score:
    themes: float
    items: float
    recall: float
    precision: float
    placed: float
    errata: float
    debris: list[str]
    labels_exact: int
    label_similarity: float
    missed: list[Key]
    wrong: list[Key]
    misplaced: list[Key]
    errata_missed: list[str]

    def below_targets(self) -> list[str]:
        """The measures under their target, and debris left."""
        low = [f"{k} {getattr(self, k):.2f}" for k, target in TARGETS.items() if getattr(self, k) < target]
        return low + [f"debris {d}" for d in self.debris]


def _share(hit: int, total: int) -> float:
    return hit / total if total else 1.0


def _metric_scores(case: Case, result: Extraction) -> tuple[int, int, int, int, int, float, list, list, list]:
    found = [((m.theme, m.item, m.value, m.unit, m.qualifier), m.label) for m in result.metrics]
    figure = lambda key: key[2:]  # noqa: E731 — value, unit, qualifier
    left = Counter(figure(k) for k, _ in case.expected)
    placed_left = Counter(k for k, _ in case.expected)
    labels = {k: label for k, label in case.expected}
    matched = placed = exact = 0
    similarity = 0.0
    wrong, misplaced = [], []
    for key, label in found:
        if left[figure(key)] <= 0:
            wrong.append(key)
            continue
        left[figure(key)] -= 1
        matched += 1
        if placed_left[key] > 0:
            placed_left[key] -= 1
            placed += 1
            exact += label == labels[key]
            similarity += SequenceMatcher(None, label, labels[key]).ratio()
        else:
            misplaced.append(key)
    missed = [k for k, n in placed_left.items() for _ in range(n) if left[figure(k)] > 0]
    return len(found), matched, placed, exact, len(case.expected), similarity, missed, wrong, misplaced


def headings_matched(case: Case, result: Extraction) -> tuple[int, int]:
    """Item headings found under the right theme (by label where the answer gives labels, else by key)."""
    if case.labels:
        found = {t.label: [i.heading for i in t.items] for t in result.article.themes}
        by = case.labels
    else:
        found = {t.key: [i.heading for i in t.items] for t in result.article.themes}
        by = {k: k for k in case.themes}
    total = sum(len(h) for h in case.themes.values())
    return sum(1 for key, heads in case.themes.items() for h in heads if h in found.get(by[key], [])), total


def _flagged(erratum: str, result: Extraction) -> bool:
    return any(f.original and (erratum in f.original or f.original in erratum) for f in result.findings)


def _debris(case: Case, result: Extraction) -> list[str]:
    data = yaml.safe_load(result.draft)
    body = [data["meta"]["title"], data["meta"]["author"], *data["intro"]]
    for theme in data["themes"]:
        body += [theme["label"], theme["slogan"]]
        for item in theme["items"]:
            body += [item["heading"], *item["paragraphs"]]
    text = "\n".join(str(b) for b in body)
    left = [d for d in case.debris if d in text]
    return left + [m.group() for m in DEBRIS.finditer(text) if m.group() not in left]


def score(case: Case, result: Extraction) -> Score:
    found, matched, placed, exact, expected, similarity, missed, wrong, misplaced = _metric_scores(case, result)
    labels = {t.label for t in result.article.themes}
    themes = _share(sum(label in labels for label in case.labels.values()), len(case.labels))
    if not case.labels:
        keys = {t.key for t in result.article.themes}
        themes = _share(sum(k in keys for k in case.themes), len(case.themes))
    heads, all_heads = headings_matched(case, result)
    errata_missed = [e for e in case.errata if not _flagged(e, result)]
    return Score(
        themes,
        _share(heads, all_heads),
        _share(matched, expected),
        _share(matched, found),
        _share(placed, matched),
        _share(len(case.errata) - len(errata_missed), len(case.errata)),
        _debris(case, result),
        exact,
        similarity / placed if placed else 0.0,
        missed,
        wrong,
        misplaced,
        errata_missed,
    )


def run(case: Case) -> tuple[Extraction, Score]:
    result = extract_bytes(*case.raw())
    return result, score(case, result)


def main() -> None:
    columns = ("themes", "items", "recall", "precis.", "placed", "errata", "debris")
    print(f"{'article':<22} " + " ".join(f"{c:>6}" for c in columns))
    below = 0
    for case in cases():
        result, s = run(case)
        print(
            f"{case.name[:22]:<22} {s.themes:>6.0%} {s.items:>6.0%} {s.recall:>6.0%} {s.precision:>7.0%} "
            f"{s.placed:>6.0%} {s.errata:>6.0%} {len(s.debris):>6}"
            f"   labels exact {s.labels_exact}, similarity {s.label_similarity:.2f}"
        )
        for what, keys in (("not a metric", s.wrong), ("missed", s.missed), ("misplaced", s.misplaced)):
            for key in keys:
                print(f"    {what}: {key}")
        for erratum in s.errata_missed:
            print(f"    erratum not flagged: {erratum}")
        for left in s.debris:
            print(f"    debris left: {left}")
        below += bool(s.below_targets())
    targets = ", ".join(f"{k} ≥ {v:.0%}" for k, v in TARGETS.items())
    print(f"targets: {targets}, debris 0 — articles below a target: {below}")


if __name__ == "__main__":
    main()
