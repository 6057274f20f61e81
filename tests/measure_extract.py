"""Precision and recall of `lintou-report extract`'s metrics on the seed and on the test articles.

Run:  python tests/measure_extract.py
A metric counts as found when theme, item, value, unit and qualifier all match a hand-made one; labels are
compared separately (exact matches, and mean character similarity), since a clerk is expected to edit them.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from lintou_report.extract import Extraction, extract  # noqa: E402
from lintou_report.source.model import load_report  # noqa: E402

ARTICLES = ROOT / "tests" / "articles"
SEED_ARTICLE = ROOT / "seeds" / "000_dbbc15cf228ea346.txt"
SEED_DATA = ROOT / "seeds" / "lintou-2023-11.yaml"

Key = tuple[str, int, Decimal, str, str | None]


@dataclass(frozen=True)
class Case:
    name: str
    article: Path
    expected: list[tuple[Key, str]]  # (key, label)
    themes: dict[str, list[str]]  # theme key → item headings


def seed_case() -> Case:
    report = load_report(SEED_DATA)
    expected = [((m.theme, m.item, m.value, m.unit, m.qualifier), m.label) for m in report.metrics]
    themes = {t.key: [i.heading for i in t.items] for t in report.themes}
    return Case("seed 林头镇 2023-11", SEED_ARTICLE, expected, themes)


def article_case(stem: str) -> Case:
    data = yaml.safe_load((ARTICLES / f"{stem}.expected.yaml").read_text(encoding="utf-8"))
    expected = [((t, int(i), Decimal(v), u, q), label) for t, i, v, u, q, label in data["metrics"]]
    return Case(stem, ARTICLES / f"{stem}.txt", expected, data["themes"])


def cases() -> list[Case]:
    stems = sorted(p.name.removesuffix(".expected.yaml") for p in ARTICLES.glob("*.expected.yaml"))
    return [seed_case(), *(article_case(s) for s in stems)]


@dataclass(frozen=True)
class Score:
    found: int
    expected: int
    matched: int
    labels_exact: int
    label_similarity: float
    missed: list[Key]
    wrong: list[Key]

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def score(case: Case, result: Extraction) -> Score:
    found = [((m.theme, m.item, m.value, m.unit, m.qualifier), m.label) for m in result.metrics]
    left = Counter(k for k, _ in case.expected)
    labels = {k: label for k, label in case.expected}
    matched, exact, similarity, wrong = 0, 0, 0.0, []
    for key, label in found:
        if left[key] > 0:
            left[key] -= 1
            matched += 1
            exact += label == labels[key]
            similarity += SequenceMatcher(None, label, labels[key]).ratio()
        else:
            wrong.append(key)
    missed = [k for k, n in left.items() for _ in range(n)]
    return Score(
        len(found), len(case.expected), matched, exact, similarity / matched if matched else 0.0, missed, wrong
    )


def headings_matched(case: Case, result: Extraction) -> tuple[int, int]:
    """Item headings found under the right theme key, of those expected."""
    found = {t.key: [i.heading for i in t.items] for t in result.article.themes}
    total = sum(len(h) for h in case.themes.values())
    return sum(1 for key, heads in case.themes.items() for h in heads if h in found.get(key, [])), total


def run(case: Case) -> tuple[Extraction, Score]:
    result = extract(case.article.read_text(encoding="utf-8"), case.article.name)
    return result, score(case, result)


def main() -> None:
    total = Counter()
    for case in cases():
        result, s = run(case)
        heads, all_heads = headings_matched(case, result)
        total.update(found=s.found, expected=s.expected, matched=s.matched)
        print(
            f"{case.name}: precision {s.precision:.2f} ({s.matched}/{s.found}), "
            f"recall {s.recall:.2f} ({s.matched}/{s.expected}); "
            f"labels exact {s.labels_exact}/{s.matched}, mean label similarity {s.label_similarity:.2f}; "
            f"item headings {heads}/{all_heads}"
        )
        for key in s.wrong:
            print(f"    not a metric (or wrong value/unit/qualifier): {key}")
        for key in s.missed:
            print(f"    missed: {key}")
    p = total["matched"] / total["found"] if total["found"] else 1.0
    r = total["matched"] / total["expected"] if total["expected"] else 1.0
    m, f, e = total["matched"], total["found"], total["expected"]
    print(f"all: precision {p:.2f} ({m}/{f}), recall {r:.2f} ({m}/{e})")


if __name__ == "__main__":
    main()
