"""Fixtures for the coding tests: real corpus files with passages written by corpus.store."""

from __future__ import annotations

import hashlib

import pytest

from coding.codebook import default_codebook_path, import_codebook
from corpus.store import write_document
from extract.model import ExtractedDocument, Metadata, Passage


def put_document(
    db, name: str, texts: list[str | Passage], *, title: str | None = None
) -> list[str]:
    """Write a document of passages through the one writer; return passage ids in order."""
    passages = [t if isinstance(t, Passage) else Passage(text=t, page=1) for t in texts]
    body = "\n".join(p.text for p in passages)
    doc = ExtractedDocument(
        source_path=f"{name}.txt",
        sha256=hashlib.sha256(f"{name}\n{body}".encode()).hexdigest(),
        file_size=len(body),
        page_count=1,
        metadata=Metadata(title=title or name, year=2024),
        passages=passages,
    )
    result = write_document(db, doc)
    return [
        r["id"]
        for r in db.query(
            "select id from passages where document_id = ? order by seq", [result.document_id]
        )
    ]


@pytest.fixture
def put():
    """``put(db, name, texts)`` writes a document and returns its passage ids."""
    return put_document


@pytest.fixture
def coded_db(db):
    """A corpus with the default codebook imported."""
    import_codebook(db, default_codebook_path())
    return db
