"""Fixtures for the extraction tests: each shared PDF is extracted at most once a session."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import ExtractionError, extract_file


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: extracts every shared PDF (about a minute)")


@pytest.fixture(scope="session")
def extracted(shared: Path):
    """``extracted("dir/file.pdf")``: the document, or the ExtractionError it raised."""
    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            try:
                cache[name] = extract_file(shared / "pdfs" / name)
            except ExtractionError as e:
                cache[name] = e
        return cache[name]

    return get
