"""The import rules of docs/architecture.md, read from the sources with ast (nothing is imported).

An import under ``if TYPE_CHECKING:`` is for type hints only and does not count; an import inside a
function does (it runs when the function does).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "lintou_report"

# module or folder → what it must never import (our modules, or libraries by top-level name)
NEVER = {
    "spec": ["lintou_report"],
    "tree": ["lintou_report.source", "lintou_report.fonts", "lintou_report.layout", "lintou_report.writers"],
    "style": ["lintou_report.fonts", "lintou_report.layout", "lintou_report.writers", "reportlab", "docx"],
    "fonts": ["lintou_report.layout", "lintou_report.writers", "lintou_report.check", "lintou_report.pipeline",
              "lintou_report.commands", "reportlab", "docx"],
    "layout": ["lintou_report.writers", "lintou_report.check", "lintou_report.source", "lintou_report.pipeline",
               "lintou_report.commands", "lintou_report.workspace", "reportlab", "docx", "fontTools"],
    "writers": ["lintou_report.check", "lintou_report.commands", "lintou_report.workspace", "lintou_report.source",
                "lintou_report.extract", "lintou_report.pipeline"],
    "writers.pdf": ["lintou_report.writers.docx", "docx"],
    "writers.docx": ["lintou_report.writers.pdf", "reportlab"],
    "writers.ofd": ["lintou_report.writers.pdf", "lintou_report.writers.docx", "reportlab", "docx"],
    "check": ["lintou_report.writers", "lintou_report.layout", "lintou_report.pipeline"],
    "extract": ["lintou_report.writers", "lintou_report.layout", "lintou_report.check"],
    "source": ["lintou_report.writers", "lintou_report.layout", "lintou_report.check", "lintou_report.commands"],
}  # fmt: skip


def _modules() -> dict[str, Path]:
    out = {}
    for path in (SRC / PACKAGE).rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports (absolute names), outside ``if TYPE_CHECKING:`` blocks."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                subs = {f"{child.module}.{a.name}" for a in child.names} & MODULES.keys()
                found.update(subs)
                if len(subs) < len(child.names):
                    found.add(child.module)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


IMPORTS = {name: _imports(path) for name, path in MODULES.items()}


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("area", list(NEVER))
def test_each_area_imports_only_what_the_architecture_allows(area: str) -> None:
    prefix = f"{PACKAGE}.{area}"
    members = [name for name in MODULES if _within(name, prefix)]
    assert members, area
    breaches = [
        (name, imported)
        for name in members
        for imported in IMPORTS[name]
        for banned in NEVER[area]
        if _within(imported, banned) and not _within(imported, prefix)
    ]
    assert not breaches, breaches


def test_no_import_cycles_between_modules() -> None:
    """A module's imports of our modules (a package's own __init__ not counted for its members)."""
    graph = {
        name: {i for i in imports if i in MODULES and not name.startswith(i + ".") and i != name}
        for name, imports in IMPORTS.items()
    }
    done: set[str] = set()

    def walk(name: str, path: list[str]) -> None:
        if name in path:
            raise AssertionError("import cycle: " + " → ".join([*path[path.index(name) :], name]))
        if name in done:
            return
        for target in sorted(graph[name]):
            walk(target, [*path, name])
        done.add(name)

    for name in sorted(graph):
        walk(name, [])


def test_the_rules_see_real_imports() -> None:
    """The reader is not vacuous: it finds imports we know are there, and skips type-checking-only ones."""
    assert "reportlab.pdfgen.canvas" in IMPORTS["lintou_report.writers.pdf.draw"]
    assert "lintou_report.fonts.metrics" in IMPORTS["lintou_report.layout.flow"]
    assert not any(_within(i, "lintou_report.fonts") for i in IMPORTS["lintou_report.style"])


# Modules that may use functools' caches: the memo layer itself; spec/words.py, whose cache is the once-only
# setup of rjieba's process-wide dictionary (spec/ imports nothing of ours); source/model.py's validated
# reports, which the model's replacement takes over.
OWN_CACHES = {"lintou_report.memo", "lintou_report.spec.words", "lintou_report.source.model"}


def _caches(path: Path) -> list[str]:
    """functools' result caches ``path`` imports or names (``cached_property`` lives with its object: not one)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "functools":
            found += [a.name for a in node.names if a.name in ("cache", "lru_cache")]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "functools":
            found += [node.attr] if node.attr in ("cache", "lru_cache") else []
    return found


def test_results_are_remembered_only_through_the_memo_layer() -> None:
    breaches = {name: found for name, path in MODULES.items() if name not in OWN_CACHES and (found := _caches(path))}
    assert not breaches, breaches
    assert _caches(MODULES["lintou_report.memo"]) == ["lru_cache"]  # the check sees what it looks for
