"""Where the bundled templates, fonts and seed data live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``templates``, ``fonts`` or ``seeds``: inside the wheel, else at the repository root."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} not found next to {_PACKAGE}")


def default_data_file() -> Path:
    """The curated seed report, rendered when no ``--data`` is given."""
    return data_dir("seeds") / "lintou-2023-11.yaml"
