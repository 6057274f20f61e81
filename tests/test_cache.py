"""Nothing is cached between runs: a command writes its output and nothing else (no user cache, no pickles)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _render(tmp_path: Path, name: str, home: Path, fmt: str) -> bytes:
    """The seed briefing as a PDF or DOCX, made by a fresh process whose home and cache folders are ``home``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    out = tmp_path / f"{name}.{fmt}"
    subprocess.run(
        [sys.executable, "-m", "lintou_report", "--format", fmt, "-o", str(out)],
        env=env,
        check=True,
        capture_output=True,
    )
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_build_writes_nothing_but_its_output(tmp_path: Path, fmt: str) -> None:
    """No user cache of any kind: a build with a fresh home writes nothing there, and the file is the same
    as one built in the test's own process."""
    home = tmp_path / "home"
    home.mkdir()
    first = _render(tmp_path, "first", home, fmt)
    assert _render(tmp_path, "second", home, fmt) == first
    assert not any(home.rglob("*")), sorted(home.rglob("*"))


def test_compiled_template_follows_its_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_report) -> None:
    from lintou_report.source.templating import render_markup

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "tpl"
    folder.mkdir()
    entry = folder / "document.xml.j2"
    entry.write_text("<document>{{ meta.title }}</document>", encoding="utf-8")
    first = render_markup(seed_report, str(folder))
    assert first == f"<document>{seed_report.meta.title}</document>"
    assert not list((tmp_path / "cache").glob("*"))  # compiled code is kept in memory only, never on disk
    entry.write_text("<document>{{ meta.issuer }}</document>", encoding="utf-8")
    assert render_markup(seed_report, str(folder)) == f"<document>{seed_report.meta.issuer}</document>"
