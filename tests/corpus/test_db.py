from __future__ import annotations

from pathlib import Path

import pytest

from corpus.db import NotACorpus, open_corpus, resolve_path


def test_db_path_precedence(monkeypatch):
    monkeypatch.delenv("TELAAH_DB", raising=False)
    assert resolve_path(None) == Path("telaah.db")
    monkeypatch.setenv("TELAAH_DB", "/data/env.db")
    assert resolve_path(None) == Path("/data/env.db")
    assert resolve_path("given.db") == Path("given.db")


def test_not_a_sqlite_file_says_what_to_do(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database")
    with pytest.raises(NotACorpus, match="is not a SQLite database; pass another file with --db"):
        open_corpus(bogus)


def test_missing_corpus_when_not_creating(tmp_path):
    with pytest.raises(NotACorpus, match="no corpus at .*telaah ingest"):
        open_corpus(tmp_path / "absent.db", create=False)
