"""Read-only questions researchers ask of a corpus: what is in it, where a phrase occurs."""

from __future__ import annotations

import json
import re
import sqlite3

from sqlite_utils import Database

from .search import BadQuery, parse_query, snippet

_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Quote every word so user input never trips FTS5 syntax (``-``, ``:``, ``"``)."""
    words = _TOKEN.findall(text)
    return " ".join(f'"{w}"' for w in words)


def search(
    db: Database, text: str, *, limit: int | None = 20, document_id: str | None = None
) -> list[dict]:
    """Passages matching ``text`` in Indonesian full-text search, best first, with a snippet.

    Words are stemmed (``kerabat`` finds ``kekerabatan``); ``"a b"`` is a phrase, ``a*`` a
    prefix, ``a OR b`` either (see :mod:`corpus.search`). ``limit`` None or 0: every hit.
    Raises :class:`corpus.search.BadQuery` for an unclosed quote or a dangling OR.
    """
    query = parse_query(text)
    if not query.groups:
        return []
    where = "passages_stem_fts match :q"
    params: dict = {"q": query.fts(), "limit": limit or -1}
    if document_id:
        where += " and p.document_id = :doc"
        params["doc"] = document_id
    sql = f"""
        select p.id, p.document_id, d.title, d.year, p.page, p.page_label, p.section, p.kind,
               p.locator, p.text
        from passages_stem_fts
        join passages p on p.rowid = passages_stem_fts.rowid
        join documents d on d.id = p.document_id
        where {where}
        order by passages_stem_fts.rank
        limit :limit
    """
    try:
        rows = list(db.query(sql, params))
    except sqlite3.OperationalError as e:  # FTS5 refused what parse_query let through
        raise BadQuery(f"cannot search for {text!r} ({e}); quote unusual words") from e
    for row in rows:
        row["snippet"] = snippet(row.pop("text"), query)
    return rows


def list_documents(db: Database) -> list[dict]:
    rows = db.query(
        """
        select d.id, d.title, d.authors, d.year, d.kind, d.venue, d.doi, d.page_count,
               (select count(*) from passages p where p.document_id = d.id) as passages,
               (select count(*) from codings c where c.document_id = d.id
                  and c.status = 'placed') as codings,
               d.source_path
        from documents d order by d.year, d.title
        """
    )
    return [{**r, "authors": json.loads(r["authors"] or "[]")} for r in rows]


def list_passages(
    db: Database,
    *,
    document_id: str | None = None,
    kind: str | None = None,
    section: str | None = None,
    speaker: str | None = None,
    limit: int | None = None,
    uncoded: bool = False,
    coder: str | None = None,
) -> list[dict]:
    """Passages in reading order; ``uncoded`` keeps those with no placed coding (by
    ``coder``, when given), the ones still waiting for a reader."""
    clauses: list[str] = []
    params: list = []
    filters = {"document_id": document_id, "kind": kind, "section": section, "speaker": speaker}
    for column, value in filters.items():
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if uncoded:
        by = " and c.coder = ?" if coder else ""
        clauses.append(
            "not exists (select 1 from codings c where c.passage_id = passages.id "
            f"and c.status = 'placed'{by})"
        )
        if coder:
            params.append(coder)
    where = f"where {' and '.join(clauses)}" if clauses else ""
    sql = (
        "select id, document_id, seq, page, page_label, locator, section, kind, speaker, text "
        "from passages "
        f"{where} order by document_id, seq"
    )
    if limit:
        sql += f" limit {int(limit)}"
    return list(db.query(sql, params))


def stats(db: Database) -> dict:
    """Counts a researcher checks after an ingest or a coding session."""

    def one(sql: str) -> int:
        return db.execute(sql).fetchone()[0]

    return {
        "documents": one("select count(*) from documents"),
        "pages": one("select coalesce(sum(page_count), 0) from documents"),
        "passages": one("select count(*) from passages"),
        "passages_by_kind": {
            r["kind"]: r["n"]
            for r in db.query("select kind, count(*) n from passages group by kind order by n desc")
        },
        "documents_by_kind": {
            r["kind"]: r["n"]
            for r in db.query(
                "select kind, count(*) n from documents group by kind order by n desc"
            )
        },
        "tables": one("select count(*) from pdf_tables"),
        "pages_needing_ocr": one("select count(*) from pages where status = 'needs-ocr'"),
        "pages_with_errors": one("select count(*) from pages where status = 'error'"),
        "codes": one("select count(*) from codes"),
        "codings": one("select count(*) from codings where status = 'placed'"),
        "codings_unplaced": one("select count(*) from codings where status = 'unplaced'"),
        "coders": one("select count(distinct coder) from codings"),
        "suggestions_pending": one("select count(*) from suggestions where status = 'pending'"),
        "failed_files": one("select count(*) from ingest_failures"),
    }
