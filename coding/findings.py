"""Findings: a named, saved query with the statement it supports, citable by URL.

Following the RDA recommendations for citing queries on changing data, a finding stores
its SQL and parameters, the corpus version it ran on and a hash of its result. Anyone can
re-run it later and see whether the result still holds (:func:`check_finding`).

The result hash ignores row order: ``ORDER BY`` decides how a result reads, not what it
claims, and SQLite may order ties differently after an index changes. Which rows a
``LIMIT`` keeps does change the hash, as it should.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from corpus.db import now, write_lock
from corpus.queries import fts_query
from corpus.version import corpus_version

from .errors import CodingError

FINDING_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


class FindingError(CodingError):
    pass


class NoSuchFinding(FindingError):
    def __init__(self, finding_id: str):
        super().__init__(
            f'finding "{finding_id}" does not exist; list findings with: telaah finding list'
        )


class FindingExists(FindingError):
    def __init__(self, finding_id: str):
        super().__init__(
            f'finding "{finding_id}" already exists; pick another --id, or add --replace '
            "to save it again (its old result hash is then lost)"
        )


class BadFinding(FindingError):
    pass


def register_sql_functions(conn: sqlite3.Connection) -> None:
    """SQL functions a saved query may call, the same in the CLI and in Datasette.

    ``telaah_fts(text)`` turns words typed by a reader into a safe FTS5 query (every word
    quoted, all required), so ``passages_fts match telaah_fts(:q)`` never fails on ``-``.
    """
    conn.create_function("telaah_fts", 1, lambda text: fts_query(text or ""), deterministic=True)


def slugify(name: str) -> str:
    """``"Kekerabatan di Pilkada 2024"`` -> ``kekerabatan-di-pilkada-2024`` (URL-safe)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:80].rstrip("-")


def _canonical(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    if isinstance(value, float):
        return repr(value)
    return value


def result_hash(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """sha256 of the column names and the rows as a multiset (order-independent)."""
    lines = sorted(
        json.dumps([_canonical(v) for v in row], ensure_ascii=False, separators=(",", ":"))
        for row in rows
    )
    digest = hashlib.sha256(json.dumps(list(columns), ensure_ascii=False).encode("utf-8"))
    for line in lines:
        digest.update(b"\n")
        digest.update(line.encode("utf-8"))
    return digest.hexdigest()


def run_query(
    db: Database, sql: str, params: dict[str, Any] | None = None
) -> tuple[list[str], list[tuple]]:
    """Run one read-only statement; return its column names and rows.

    ``PRAGMA query_only`` makes SQLite itself refuse any write, so a finding can never
    change the corpus it describes, whatever its SQL says.
    """
    conn = db.conn
    register_sql_functions(conn)
    was_query_only = conn.execute("PRAGMA query_only").fetchone()[0]
    conn.execute("PRAGMA query_only = 1")
    try:
        cursor = conn.execute(sql, params or {})
        if cursor.description is None:
            raise BadFinding("the SQL returns no rows; a finding must be one SELECT statement")
        columns = [d[0] for d in cursor.description]
        rows = [tuple(r) for r in cursor.fetchall()]
    except sqlite3.ProgrammingError as e:
        raise BadFinding(_sql_hint(str(e))) from e
    except sqlite3.Error as e:
        raise BadFinding(f"the SQL failed: {e}; try it first in Datasette or sqlite3") from e
    finally:
        conn.execute(f"PRAGMA query_only = {int(was_query_only)}")
    return columns, rows


def _sql_hint(message: str) -> str:
    missing = re.search(r"binding parameter :?(\w+)", message)
    if missing:
        name = missing.group(1)
        return f"the SQL needs a value for :{name}; add --param {name}=VALUE"
    if "one statement" in message:
        return "the SQL holds more than one statement; a finding is one SELECT"
    return f"the SQL failed: {message}"


def save_finding(
    db: Database,
    name: str,
    sql: str,
    statement: str,
    *,
    params: dict[str, Any] | None = None,
    finding_id: str | None = None,
    created_by: str | None = None,
    replace: bool = False,
    at: str | None = None,
) -> dict:
    """Run ``sql`` now and save it as a finding with its result hash and corpus version."""
    name, statement = (name or "").strip(), (statement or "").strip()
    if not name:
        raise BadFinding("give the finding a name, e.g. telaah finding add 'Kekerabatan 2024'")
    if not statement:
        raise BadFinding('say what the result shows: add --statement "..."')
    fid = finding_id or slugify(name)
    if not FINDING_ID.match(fid):
        raise BadFinding(
            f'finding id "{fid}" must be lower-case letters, digits and "-" (it is a URL); '
            "choose one with --id"
        )
    params = dict(params or {})
    with write_lock(db):
        exists = db.execute("select 1 from findings where id = ?", [fid]).fetchone()
        if exists and not replace:
            raise FindingExists(fid)
        columns, rows = run_query(db, sql, params)
        record = {
            "id": fid,
            "name": name,
            "statement": statement,
            "sql": sql.strip(),
            "params": json.dumps(params, ensure_ascii=False, sort_keys=True),
            "corpus_version": corpus_version(db),
            "result_hash": result_hash(columns, rows),
            "row_count": len(rows),
            "created_by": created_by,
            "created_at": at or now(),
        }
        db["findings"].upsert(record, pk="id")
    return _decode(record)


def _decode(row: dict) -> dict:
    return {**row, "params": json.loads(row["params"] or "{}")}


def get_finding(db: Database, finding_id: str) -> dict:
    rows = list(db.query("select * from findings where id = ?", [finding_id]))
    if not rows:
        raise NoSuchFinding(finding_id)
    return _decode(rows[0])


def list_findings(db: Database) -> list[dict]:
    return [_decode(r) for r in db.query("select * from findings order by created_at, id")]


def compare(finding: dict, columns: Sequence[str], rows: list[Sequence[Any]], version: str) -> dict:
    """How a finding's current result (already computed) stands against the saved one."""
    current = result_hash(columns, rows)
    return {
        "id": finding["id"],
        "name": finding["name"],
        "changed": current != finding["result_hash"],
        "saved_hash": finding["result_hash"],
        "current_hash": current,
        "saved_rows": finding["row_count"],
        "current_rows": len(rows),
        "saved_version": finding["corpus_version"],
        "current_version": version,
        "corpus_changed": version != finding["corpus_version"],
    }


def check_finding(db: Database, finding: dict) -> dict:
    """Re-run a finding; ``changed`` is True when its result differs from the saved one.

    A finding whose SQL no longer runs (a table it used is gone) is reported with
    ``error`` set and ``changed`` True, rather than stopping a check of all findings.
    """
    version = corpus_version(db)
    try:
        columns, rows = run_query(db, finding["sql"], finding["params"])
    except BadFinding as e:
        out = compare(finding, [], [], version)
        return {**out, "changed": True, "current_hash": None, "current_rows": None, "error": str(e)}
    return {**compare(finding, columns, rows, version), "error": None}


def check_findings(db: Database, finding_ids: Iterable[str] = ()) -> list[dict]:
    """:func:`check_finding` for the given findings, or for all of them."""
    ids = list(finding_ids)
    findings = [get_finding(db, i) for i in ids] if ids else list_findings(db)
    return [check_finding(db, f) for f in findings]
