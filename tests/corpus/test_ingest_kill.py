"""`kill -9` in the middle of `telaah ingest` leaves a sound corpus holding whole documents."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus.db import open_corpus
from corpus.ingest import ingest

TELAAH = Path(sys.executable).parent / "telaah"


def documents_landed(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1)
    try:
        return conn.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.OperationalError:  # schema not created yet, or a write in progress
        return 0
    finally:
        conn.close()


def snapshot(db_path: Path, source_path: str) -> dict:
    """What a document holds, keyed by nothing that depends on when it was ingested."""
    db = open_corpus(db_path)
    try:
        doc = next(db.query("select * from documents where source_path = ?", [source_path]))
        rows = db.query(
            "select id, seq, page, page_label, section, kind, text from passages "
            "where document_id = ? order by seq",
            [doc["id"]],
        )
        pages = db.query(
            "select page, page_label, status from pages where document_id = ? order by page",
            [doc["id"]],
        )
        fts = next(
            db.query(
                "select count(*) n from passages_fts where rowid in "
                "(select rowid from passages where document_id = ?)",
                [doc["id"]],
            )
        )["n"]
        return {
            "id": doc["id"],
            "passages": [dict(r) for r in rows],
            "pages": [dict(r) for r in pages],
            "fts": fts,
        }
    finally:
        db.close()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_kill_9_mid_run_leaves_only_whole_documents(tmp_path, workers, write_pdf):
    folder = tmp_path / "bab"
    folder.mkdir()
    for i in range(6):
        write_pdf(folder / f"bab-{i}.pdf", pages=15, seed=i)
    db_path = tmp_path / "dibunuh.db"
    proc = subprocess.Popen(
        [str(TELAAH), "ingest", str(folder), "--db", str(db_path), "--workers", workers],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while documents_landed(db_path) < 1 and time.monotonic() < deadline:
            assert proc.poll() is None, "ingest ended before it could be killed"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    landed = [r[0] for r in conn.execute("select source_path from documents order by 1")]
    conn.close()
    assert 1 <= len(landed) < 6, landed

    for source in landed:
        clean_db = tmp_path / f"bersih-{Path(source).stem}.db"
        db = open_corpus(clean_db)
        ingest(db, [source], workers=1)
        db.close()
        assert snapshot(db_path, source) == snapshot(clean_db, source)
        assert snapshot(db_path, source)["fts"] == len(snapshot(db_path, source)["passages"])

    # The next run finishes the job: the landed documents are skipped, the rest added.
    done = subprocess.run(
        [str(TELAAH), "ingest", str(folder), "--db", str(db_path), "--workers", workers],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith(
        f"6 files: {6 - len(landed)} added, 0 updated, {len(landed)} unchanged, 0 failed"
    )
