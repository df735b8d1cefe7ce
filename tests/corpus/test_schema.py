from __future__ import annotations

import sqlite3

import sqlite_utils

from corpus import schema
from corpus.db import open_corpus

PUBLIC_COLUMNS = {
    "documents": {
        "id", "title", "authors", "year", "kind", "venue", "doi", "page_count", "sha256",
        "source_path",
    },
    "passages": {"id", "document_id", "seq", "page", "page_label", "section", "kind", "text"},
    "pdf_tables": {"id", "document_id", "page", "rows"},
    "pages": {
        "document_id", "page", "page_label", "status", "chars_total", "chars_passages",
        "chars_tables", "chars_furniture", "chars_figures", "chars_lost", "glyphs_dropped",
    },
}  # fmt: skip


def test_public_schema_contract(db):
    for table, columns in PUBLIC_COLUMNS.items():
        assert columns <= set(db[table].columns_dict), table
    assert db["passages"].detect_fts() == "passages_fts"


def test_open_is_idempotent_and_records_migrations(db_path):
    open_corpus(db_path).close()
    db = open_corpus(db_path)
    applied = [m.name for m in schema.migrations.applied(db)]
    assert applied == [m.name for m in schema.migrations._migrations]
    assert schema.pending(db) == []


def test_foreign_keys_and_wal_are_on(db):
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_old_database_is_backed_up_before_migrating(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    first = schema.migrations._migrations[0].name
    later = [m.name for m in schema.migrations._migrations[1:]]
    schema.migrations.apply(db, stop_before=later[0])
    assert first in [m.name for m in schema.migrations.applied(db)]
    db.close()

    reopened = open_corpus(path)
    assert schema.pending(reopened) == []
    backups = list(tmp_path.glob("old.db.bak-*"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert "codings" not in {r[0] for r in old.execute("select name from sqlite_master")}
