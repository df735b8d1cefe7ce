"""Fixtures shared by every test package: a fresh corpus file and the shared test data."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.db import open_corpus

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "corpus.db"


@pytest.fixture
def db(db_path: Path):
    database = open_corpus(db_path)
    yield database
    database.close()


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared`` beside the project; absent in a user's clone, so tests skip."""
    if not (SHARED / "pdfs" / "MANIFEST.tsv").exists():
        pytest.skip(f"needs the shared test data at {SHARED} (not part of a user's clone)")
    return SHARED
