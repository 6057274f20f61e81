"""The user cache changes how fast a file comes out, never what comes out (the PDF writer keeps nothing in it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lintou_report import cache

ROOT = Path(__file__).resolve().parents[1]


def _render_pdf(tmp_path: Path, name: str, cache_setting: str, fmt: str = "pdf") -> bytes:
    """The seed briefing as a PDF (or DOCX), made by a fresh process (faces are parsed once per process)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), LINTOU_REPORT_CACHE=cache_setting)
    out = tmp_path / f"{name}.{fmt}"
    subprocess.run(
        [sys.executable, "-m", "lintou_report", "--format", fmt, "-o", str(out)],
        env=env,
        check=True,
        capture_output=True,
    )
    return out.read_bytes()


def test_a_pdf_keeps_nothing_in_the_user_cache(tmp_path: Path) -> None:
    """Faces and their metrics are read afresh in each process: a PDF build keeps no face in the cache."""
    folder = tmp_path / "cache"
    uncached = _render_pdf(tmp_path, "off", "off")
    assert _render_pdf(tmp_path, "with-cache", str(folder)) == uncached
    kept = [entry.name for entry in folder.iterdir()] if folder.exists() else []
    assert not [name for name in kept if name.startswith(("ttf-", "cmap-"))], kept


def test_the_docx_writer_keeps_nothing_in_the_cache(tmp_path: Path) -> None:
    """The DOCX's shared parts ship as package data and its advances are read once a process."""
    folder = tmp_path / "cache"
    uncached = _render_pdf(tmp_path, "off", "off", "docx")
    cold = _render_pdf(tmp_path, "cold", str(folder), "docx")
    assert not list(folder.glob("docx-blank-*")) and not list(folder.glob("advances-*"))
    assert cold == uncached
    assert _render_pdf(tmp_path, "warm", str(folder), "docx") == uncached


def test_cache_folder_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None
    cache.store("x.pickle", 1)  # a no-op, not an error
    assert cache.load("x.pickle") is None
    monkeypatch.setenv(cache.ENV, str(tmp_path / "c"))
    cache.store("x.pickle", {"a": [1, 2]})
    assert cache.load("x.pickle") == {"a": [1, 2]}
    assert cache.load("missing.pickle") is None


def test_unwritable_cache_folder_is_passed_over(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))
    cache.store("x.pickle", 1)
    assert cache.load("x.pickle") is None


def test_compiled_template_follows_its_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_report) -> None:
    from lintou_report.source.templating import render_markup

    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    folder = tmp_path / "tpl"
    folder.mkdir()
    entry = folder / "document.xml.j2"
    entry.write_text("<document>{{ meta.title }}</document>", encoding="utf-8")
    first = render_markup(seed_report, str(folder))
    assert first == f"<document>{seed_report.meta.title}</document>"
    assert list((tmp_path / "cache").glob("jinja-*.pickle"))  # compiled once, kept for later runs
    entry.write_text("<document>{{ meta.issuer }}</document>", encoding="utf-8")
    assert render_markup(seed_report, str(folder)) == f"<document>{seed_report.meta.issuer}</document>"
