"""Shared fixtures: the seed report, its document tree, and the rendered files (built once per session); a copy
of the example workspace and a workbench client on it (test files with a workspace of their own override it)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))

from lintou_report.fonts import FontSet  # noqa: E402
from lintou_report.resources import default_data_file  # noqa: E402
from lintou_report.source.model import Report, load_report  # noqa: E402
from lintou_report.source.templating import build_document  # noqa: E402
from lintou_report.tree import Document  # noqa: E402
from lintou_report.web.app import create_app  # noqa: E402

SEED_ARTICLE = ROOT / "seeds" / "000_dbbc15cf228ea346.txt"


@pytest.fixture(scope="session")
def seed_report() -> Report:
    return load_report(default_data_file())


@pytest.fixture(scope="session")
def seed_document(seed_report: Report) -> Document:
    return build_document(seed_report)


@pytest.fixture(scope="session")
def fonts() -> FontSet:
    return FontSet.bundled()


@pytest.fixture(scope="session")
def seed_pdf(seed_document: Document, fonts: FontSet) -> bytes:
    from lintou_report.writers import writer

    return writer("pdf").render(seed_document, fonts).data


@pytest.fixture(scope="session")
def seed_docx(seed_document: Document, fonts: FontSet) -> bytes:
    from lintou_report.writers import writer

    return writer("docx").render(seed_document, fonts)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples" / "workspace", tmp_path / "ws")
    return tmp_path / "ws"


@pytest.fixture
def client(workspace: Path) -> TestClient:
    return TestClient(create_app(workspace), base_url="http://127.0.0.1:8000")


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Callable[[bytes, str], bytes]:
    """Convert DOCX bytes to PDF bytes with LibreOffice headless, in a private profile (parallel runs do not clash)."""
    from lintou_report import libreoffice as lo

    root = tmp_path_factory.mktemp("libreoffice")

    def convert(docx: bytes, name: str) -> bytes:
        source = root / f"{name}.docx"
        source.write_bytes(docx)
        return lo.convert(source, root, workdir=root).read_bytes()

    return convert
