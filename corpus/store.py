"""The one writer of documents, pages, passages and tables.

A document lands whole or not at all: everything it writes happens in one transaction.
Re-ingesting a document keeps its id, keeps the ids of passages whose text did not change,
records retired ids so old citations resolve, and re-anchors codings by their quote.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from sqlite_utils import Database

from extract.model import ExtractedDocument

from .db import now

_SPACE = re.compile(r"\s+")


@dataclass
class WriteResult:
    document_id: str
    passages: int
    replaced: bool = False
    retired_passages: int = 0
    codings_kept: int = 0
    codings_moved: int = 0
    codings_unplaced: list[str] = field(default_factory=list)


def document_id_for(sha256: str) -> str:
    return sha256[:12]


def passage_ids(document_id: str, texts: list[str]) -> list[str]:
    """Content-derived ids: the same text in the same document gets the same id.

    Only ``[A-Za-z0-9-]`` so the id needs no escaping in a Datasette URL; a repeated text
    (a heading such as "Tabel 1") gets ``-2``, ``-3`` in reading order.
    """
    seen: Counter[str] = Counter()
    ids = []
    for text in texts:
        norm = _SPACE.sub(" ", text).strip().lower()
        digest = hashlib.sha1(norm.encode("utf-8")).hexdigest()[:10]
        seen[digest] += 1
        suffix = "" if seen[digest] == 1 else f"-{seen[digest]}"
        ids.append(f"{document_id}-{digest}{suffix}")
    return ids


def find_document(db: Database, *, sha256: str, source_path: str) -> dict | None:
    rows = list(db.query("select * from documents where sha256 = ?", [sha256]))
    if rows:
        return rows[0]
    rows = list(db.query("select * from documents where source_path = ?", [source_path]))
    return rows[0] if rows else None


CURATED = "bib:"  # field_sources prefix of metadata a person supplied (telaah import bib)


def _keep_curated_fields(record: dict, existing: dict) -> None:
    """A re-extraction replaces what extraction guessed, never what a reference library gave.

    ``telaah import bib`` takes a Zotero or Mendeley entry as the truth; without this a
    later ``telaah ingest --force`` would silently put the guesses back. A newer library
    entry still replaces an older one.
    """
    old_sources = json.loads(existing.get("field_sources") or "{}")
    sources = json.loads(record["field_sources"])
    for name, source in old_sources.items():
        newer = str(sources.get(name, ""))
        if str(source).startswith(CURATED) and not newer.startswith(CURATED) and name in record:
            record[name] = existing[name]
            sources[name] = source
    record["field_sources"] = json.dumps(sources, sort_keys=True)


def write_document(db: Database, doc: ExtractedDocument) -> WriteResult:
    """Insert or replace one extracted document in a single transaction."""
    with db.atomic():
        existing = find_document(db, sha256=doc.sha256, source_path=doc.source_path)
        doc_id = existing["id"] if existing else document_id_for(doc.sha256)
        old_passages = {
            r["id"]: r["text"]
            for r in db.query("select id, text from passages where document_id = ?", [doc_id])
        }
        if existing:
            db.execute("delete from pdf_tables where document_id = ?", [doc_id])
            db.execute("delete from pages where document_id = ?", [doc_id])
            db.execute("delete from passages where document_id = ?", [doc_id])
        meta = doc.metadata
        record = {
            "id": doc_id,
            "title": meta.title,
            "authors": json.dumps(meta.authors, ensure_ascii=False),
            "year": meta.year,
            "kind": meta.kind,
            "venue": meta.venue,
            "volume": meta.volume,
            "issue": meta.issue,
            "pages": meta.pages,
            "doi": meta.doi,
            "issn": meta.issn,
            "institution": meta.institution,
            "language": meta.language,
            "abstract": meta.abstract,
            "keywords": json.dumps(meta.keywords, ensure_ascii=False),
            "page_count": doc.page_count,
            "sha256": doc.sha256,
            "source_path": doc.source_path,
            "file_size": doc.file_size,
            "extractor": doc.extractor,
            "extractor_version": doc.extractor_version,
            "extractor_settings": json.dumps(doc.settings, sort_keys=True),
            "field_sources": json.dumps(meta.sources, sort_keys=True),
            "warnings": json.dumps(doc.warnings, ensure_ascii=False),
            "ingested_at": now(),
        }
        if existing:
            _keep_curated_fields(record, existing)
        db["documents"].upsert(record, pk="id")
        db["pages"].insert_all(
            (
                {
                    "document_id": doc_id,
                    "page": p.page,
                    "page_label": p.label,
                    "status": p.status,
                    "message": p.message,
                    "chars_total": p.chars_total,
                    "chars_passages": p.chars_passages,
                    "chars_tables": p.chars_tables,
                    "chars_furniture": p.chars_furniture,
                    "chars_figures": p.chars_figures,
                    "chars_lost": p.chars_lost,
                    "glyphs_dropped": p.glyphs_dropped,
                }
                for p in doc.pages
            ),
            pk=("document_id", "page"),
        )
        ids = passage_ids(doc_id, [p.text for p in doc.passages])
        db["passages"].insert_all(
            (
                {
                    "id": pid,
                    "document_id": doc_id,
                    "seq": seq,
                    "page": p.page,
                    "page_end": p.page_end,
                    "page_label": p.page_label,
                    "section": p.section,
                    "kind": p.kind,
                    "text": p.text,
                }
                for seq, (pid, p) in enumerate(zip(ids, doc.passages), start=1)
            ),
            batch_size=500,
        )
        db["pdf_tables"].insert_all(
            {
                "id": f"{doc_id}-t{page_seq}",
                "document_id": doc_id,
                "page": t.page,
                "page_label": t.page_label,
                "seq": page_seq,
                "rows": json.dumps(t.rows, ensure_ascii=False),
                "bbox": json.dumps(t.bbox) if t.bbox else None,
            }
            for page_seq, t in enumerate(doc.tables, start=1)
        )
        result = WriteResult(document_id=doc_id, passages=len(ids), replaced=bool(existing))
        if existing:
            new_texts = dict(zip(ids, (p.text for p in doc.passages)))
            _retire(db, doc_id, old_passages, new_texts, result)
            _reanchor_codings(db, doc_id, new_texts, result)
        return result


def _retire(
    db: Database, doc_id: str, old: dict[str, str], new: dict[str, str], result: WriteResult
) -> None:
    """Keep every id a citation may use resolvable: map vanished ids to their best heir."""
    gone = [pid for pid in old if pid not in new]
    stamp = now()
    for pid in gone:
        heir = _best_heir(old[pid], new)
        db["retired_passages"].upsert(
            {"old_id": pid, "new_id": heir, "document_id": doc_id, "retired_at": stamp},
            pk="old_id",
        )
    # An id that comes back is live again, not retired.
    for pid in new:
        db.execute("delete from retired_passages where old_id = ?", [pid])
    result.retired_passages = len(gone)


def _best_heir(text: str, new: dict[str, str]) -> str | None:
    """The new passage holding the most of the old passage's opening words."""
    probe = _SPACE.sub(" ", text).strip()[:80]
    if not probe:
        return None
    for pid, candidate in new.items():
        if probe in _SPACE.sub(" ", candidate):
            return pid
    return None


def _reanchor_codings(db: Database, doc_id: str, new: dict[str, str], result: WriteResult) -> None:
    """Codings follow their passage by id; if the text moved, by their quote; else unplaced."""
    stamp = now()
    rows = list(
        db.query(
            "select id, passage_id, char_start, char_end, quote, status from codings "
            "where document_id = ?",
            [doc_id],
        )
    )
    for c in rows:
        text = new.get(c["passage_id"])
        if text is not None and text[c["char_start"] : c["char_end"]] == c["quote"]:
            if c["status"] != "placed":
                _set_place(db, c, c["passage_id"], c["char_start"], stamp, "move")
            result.codings_kept += 1
            continue
        target = _locate(c["quote"], c["passage_id"], new)
        if target:
            pid, start = target
            _set_place(db, c, pid, start, stamp, "move")
            result.codings_moved += 1
        else:
            if c["status"] != "unplaced":
                db.execute(
                    "update codings set status = 'unplaced', updated_at = ? where id = ?",
                    [stamp, c["id"]],
                )
                _event(db, c["id"], "unplace", stamp, {"passage_id": c["passage_id"]})
            result.codings_unplaced.append(c["id"])


def _locate(quote: str, passage_id: str, new: dict[str, str]) -> tuple[str, int] | None:
    if not quote:
        return None
    if passage_id in new and quote in new[passage_id]:
        return passage_id, new[passage_id].index(quote)
    for pid, text in new.items():
        if quote in text:
            return pid, text.index(quote)
    return None


def _set_place(db: Database, c: dict, pid: str, start: int, stamp: str, action: str) -> None:
    end = start + len(c["quote"])
    db.execute(
        "update codings set passage_id = ?, char_start = ?, char_end = ?, status = 'placed', "
        "updated_at = ? where id = ?",
        [pid, start, end, stamp, c["id"]],
    )
    _event(
        db,
        c["id"],
        action,
        stamp,
        {
            "from": [c["passage_id"], c["char_start"], c["char_end"]],
            "to": [pid, start, end],
        },
    )


def _event(db: Database, coding_id: str, action: str, at: str, detail: dict) -> None:
    db["coding_events"].insert(
        {
            "coding_id": coding_id,
            "action": action,
            "coder": "telaah-ingest",
            "at": at,
            "detail": json.dumps(detail, ensure_ascii=False),
        }
    )


def record_failure(
    db: Database, source_path: str, sha256: str | None, reason: str, hint: str | None
) -> None:
    db["ingest_failures"].upsert(
        {
            "source_path": source_path,
            "sha256": sha256,
            "reason": reason,
            "hint": hint,
            "failed_at": now(),
        },
        pk="source_path",
    )


def clear_failure(db: Database, source_path: str) -> None:
    db.execute("delete from ingest_failures where source_path = ?", [source_path])
