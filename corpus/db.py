"""Opening a corpus: where it lives, and bringing it to the current schema safely."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from . import schema
from .clock import now  # noqa: F401 (re-exported: callers stamp rows with db.now)
from .errors import CorpusError

DEFAULT_DB = "telaah.db"
ENV_VAR = "TELAAH_DB"


class NotACorpus(CorpusError):
    pass


def resolve_path(db_path: str | os.PathLike | None = None) -> Path:
    """``--db`` wins, then ``$TELAAH_DB``, then ``./telaah.db``."""
    if db_path:
        return Path(db_path)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return Path(DEFAULT_DB)


@contextmanager
def write_lock(db: Database) -> Iterator[Database]:
    """One transaction holding SQLite's write lock from its first statement.

    ``db.atomic()`` opens a deferred ``BEGIN``: two processes may both read, then the
    second to write fails at once with "database is locked" (SQLite cannot wait for a
    snapshot that is already stale). ``BEGIN IMMEDIATE`` takes the write lock before the
    first read, so the busy timeout makes a second writer (a coder, an ingest) wait its
    turn, and a check-then-insert cannot race. Nested calls become savepoints.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def open_corpus(
    db_path: str | os.PathLike | None = None, *, create: bool = True, migrate: bool = True
) -> Database:
    """Open (or create) a corpus and apply pending migrations.

    WAL mode lets a Datasette server read while a coder writes, and a busy timeout lets
    two coders write to one file without "database is locked". An existing database with
    pending migrations is copied to ``NAME.bak-YYYYmmddHHMMSS`` first, so an upgrade can
    always be undone.
    """
    path = resolve_path(db_path)
    existed = path.exists()
    if not existed and not create:
        raise NotACorpus(
            f"no corpus at {path}; create one with: telaah ingest PDF_FOLDER --db {path}"
        )
    if existed:
        _check_sqlite(path)
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 30000")
    if str(path) != ":memory:":
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    if migrate:
        todo = schema.pending(db)
        if todo and existed and db.table_names():
            backup(db, path)
        schema.apply(db)
    return db


def backup(db: Database, path: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
    target = path.with_name(f"{path.name}.bak-{stamp}")
    db.execute("PRAGMA wal_checkpoint(FULL)")
    shutil.copy2(path, target)
    return target


def _check_sqlite(path: Path) -> None:
    with open(path, "rb") as f:
        head = f.read(16)
    if head and head != b"SQLite format 3\x00":
        raise NotACorpus(f"{path} is not a SQLite database; pass another file with --db")
