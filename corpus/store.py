"""The one writer of documents, pages, passages (their stemmed search copy and roles, with
the role overrides a person sets) and tables.

A document lands whole or not at all: everything it writes happens in one transaction.
Re-ingesting a document keeps its id, keeps the ids of passages whose text did not change,
records retired ids so old citations resolve, and calls the caller's ``on_replace`` hook
in the same transaction so codings (which corpus does not know) are re-anchored by their
quote.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points

from sqlite_utils import Database

from extract.model import DOCUMENT_KINDS, ExtractedDocument

from .clock import now
from .errors import CorpusError
from .roles import NoSuchTarget, check_role, document_roles
from .search import stem_text

_SPACE = re.compile(r"\s+")


@dataclass
class Reanchored:
    """What re-anchoring did to a replaced document's codings (see ``write_document``)."""

    kept: int = 0
    moved: int = 0
    unplaced: list[str] = field(default_factory=list)


# Called inside write_document's transaction after a document's passages were replaced,
# with the document id. ``corpus`` knows nothing of codings, and imports nothing above it:
# the packages that keep data on passages register a hook under the entry point group
# ``telaah.on_replace`` (``coding.codings:reanchor``, in pyproject.toml), so codings follow
# their text whoever calls ingest, a notebook included.
OnReplace = Callable[[Database, str], Reanchored]
HOOKS = "telaah.on_replace"


@functools.cache
def replace_hooks() -> tuple[OnReplace, ...]:
    """The installed ``telaah.on_replace`` hooks, loaded once per process."""
    return tuple(ep.load() for ep in entry_points(group=HOOKS))


def _run_replace_hooks(db: Database, doc_id: str) -> Reanchored:
    total = Reanchored()
    for hook in replace_hooks():
        r = hook(db, doc_id)
        total.kept += r.kept
        total.moved += r.moved
        total.unplaced += list(r.unplaced)
    return total


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


CURATED = "bib:"  # field_sources prefix of metadata a reference library gave (import bib)
MANUAL = "manual"  # field_sources value of metadata a person set (telaah document set)

# What a person may correct without re-extracting; documents columns, in display order.
EDITABLE_FIELDS = (
    "title",
    "authors",
    "year",
    "kind",
    "venue",
    "volume",
    "issue",
    "pages",
    "institution",
    "doi",
    "language",
)
_JSON_FIELDS = ("authors", "keywords")


class MetadataError(CorpusError):
    pass


def source_rank(source: object) -> int:
    """How much a field's source is trusted: a person (2) over a reference library (1)
    over anything extraction guessed (0)."""
    text = str(source or "")
    if text == MANUAL:
        return 2
    return 1 if text.startswith(CURATED) else 0


def _keep_curated_fields(record: dict, existing: dict) -> None:
    """A re-extraction replaces what extraction guessed, never what a person or a
    reference library gave.

    Without this a later ``telaah ingest --force`` would silently put the guesses back
    over ``telaah document set`` and ``telaah import bib``.
    """
    old_sources = json.loads(existing.get("field_sources") or "{}")
    sources = json.loads(record["field_sources"])
    for name, source in old_sources.items():
        if source_rank(source) > source_rank(sources.get(name)) and name in record:
            record[name] = existing[name]
            sources[name] = source
    record["field_sources"] = json.dumps(sources, sort_keys=True)
    record["metadata_updated_at"] = existing.get("metadata_updated_at")


def parse_metadata(values: dict[str, str]) -> dict:
    """Typed documents fields from ``name -> text`` as a person types them: ``authors`` is
    split on ``;`` ("Ayu Lestari; Budi Santoso"), ``year`` is a number, ``kind`` one of
    :data:`extract.model.DOCUMENT_KINDS`; an empty value clears the field."""
    out: dict = {}
    for name, raw in values.items():
        name = name.strip().lower()
        value = " ".join(str(raw).split())
        if name not in EDITABLE_FIELDS:
            raise MetadataError(f'"{name}" cannot be set; fields: {", ".join(EDITABLE_FIELDS)}')
        if name == "authors":
            out[name] = [a.strip() for a in value.split(";") if a.strip()]
        elif name == "year":
            if value and not re.fullmatch(r"\d{4}", value):
                raise MetadataError(f'year "{value}" is not a four-digit year')
            out[name] = int(value) if value else None
        elif name == "kind":
            if value not in DOCUMENT_KINDS:
                raise MetadataError(
                    f'kind "{value}" is unknown; kinds: {", ".join(DOCUMENT_KINDS)}'
                )
            out[name] = value
        else:
            out[name] = value or None
    return out


def update_metadata(db: Database, doc_id: str, fields: dict, source: str) -> dict[str, list[str]]:
    """Change a document's metadata, and nothing else: its pages, passages, tables,
    codings and ids stay as they are.

    ``fields`` maps documents columns to values (``authors`` and ``keywords`` as lists);
    each changed field's ``field_sources`` entry becomes ``source``. A field set by a more
    trusted source (see :func:`source_rank`) is kept, not overwritten: a reference
    library does not undo a person's correction. Returns ``{"set": [...], "kept": [...]}``.
    """
    rows = list(db.query("select * from documents where id = ?", [doc_id]))
    if not rows:
        raise MetadataError(
            f"document {doc_id} does not exist; list documents with: telaah documents"
        )
    existing = rows[0]
    sources = json.loads(existing.get("field_sources") or "{}")
    changes: dict = {}
    done: dict[str, list[str]] = {"set": [], "kept": []}
    for name, value in fields.items():
        if name not in existing or name in ("id", "field_sources"):
            raise MetadataError(f'documents have no field "{name}"')
        if source_rank(sources.get(name)) > source_rank(source):
            done["kept"].append(name)
            continue
        changes[name] = json.dumps(value, ensure_ascii=False) if name in _JSON_FIELDS else value
        sources[name] = source
        done["set"].append(name)
    if changes:
        changes["field_sources"] = json.dumps(sources, sort_keys=True)
        changes["metadata_updated_at"] = now()
        db["documents"].update(doc_id, changes)
    return done


def write_document(
    db: Database,
    doc: ExtractedDocument,
    *,
    stems: list[tuple[str, str]] | None = None,
    on_replace: OnReplace | None = None,
) -> WriteResult:
    """Insert or replace one extracted document in a single transaction.

    ``stems`` are the passages' ``(stem_text(text), stem_text(section))`` when the caller
    already has them (``corpus.ingest`` computes them in its extraction workers); else
    they are computed here.

    When it replaces a document, ``on_replace(db, document_id)`` runs in the same
    transaction (by default every installed ``telaah.on_replace`` hook: re-anchoring
    codings, ``coding.codings.reanchor``), so a document and the codings on it land
    together or not at all.
    """
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
            db.execute(
                "delete from passages_stem_fts where rowid in "
                "(select rowid from passages where document_id = ?)",
                [doc_id],
            )
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
            "url": meta.url,
            "published": meta.published,
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
                    "locator": p.locator,
                    "page_breaks": json.dumps(p.page_breaks, ensure_ascii=False),
                    "speaker": p.speaker,
                }
                for seq, (pid, p) in enumerate(zip(ids, doc.passages), start=1)
            ),
            batch_size=500,
        )
        if stems is None:
            stems = [(stem_text(p.text), stem_text(p.section)) for p in doc.passages]
        _write_stems(db, doc_id, stems)
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
        refresh_roles(db, [doc_id])
        result = WriteResult(document_id=doc_id, passages=len(ids), replaced=bool(existing))
        if existing:
            new_texts = dict(zip(ids, (p.text for p in doc.passages)))
            _retire(db, doc_id, old_passages, new_texts, result)
            anchored = (on_replace or _run_replace_hooks)(db, doc_id)
            if anchored is not None:
                result.codings_kept = anchored.kept
                result.codings_moved = anchored.moved
                result.codings_unplaced = list(anchored.unplaced)
        return result


def _write_stems(db: Database, doc_id: str, stems: list[tuple[str, str]]) -> None:
    """The stemmed copy Indonesian search runs on (``passages_stem_fts``, same rowids)."""
    rowids = [
        r[0]
        for r in db.execute(
            "select rowid from passages where document_id = ? order by seq", [doc_id]
        ).fetchall()
    ]
    db.conn.executemany(
        "INSERT INTO passages_stem_fts(rowid, text, section) VALUES (?, ?, ?)",
        [(rowid, text, section) for rowid, (text, section) in zip(rowids, stems)],
    )


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


def write_capture(
    db: Database,
    document_id: str,
    *,
    url: str,
    final_url: str,
    fetched_at: str,
    content_type: str,
    body: bytes,
) -> None:
    """Keep a fetched page as it was served, and when: the live page may change or vanish,
    and a quote must stay checkable against what was coded."""
    db["web_captures"].upsert(
        {
            "document_id": document_id,
            "url": url,
            "final_url": final_url,
            "fetched_at": fetched_at,
            "content_type": content_type,
            "body": body,
        },
        pk="document_id",
    )
    db.execute("update documents set accessed_at = ? where id = ?", [fetched_at, document_id])


# -- roles: the derived passages.role column and the overrides a person sets -------------


def refresh_roles(db: Database, document_ids: Iterable[str] | None = None) -> int:
    """(Re)compute ``passages.role`` for these documents (all when None), with the
    overrides a person set (:func:`corpus.roles.document_roles`); return how many
    passages were written."""
    if document_ids is None:
        document_ids = [r[0] for r in db.execute("select id from documents order by id")]
    written = 0
    with db.atomic():
        for doc_id in document_ids:
            roles = document_roles(db, doc_id)
            db.conn.executemany(
                "update passages set role = ? where id = ?",
                [(r, pid) for pid, r in roles.items()],
            )
            written += len(roles)
    return written


def set_role(
    db: Database,
    role: str,
    *,
    passage_id: str | None = None,
    document_id: str | None = None,
    section: str | None = None,
    set_by: str | None = None,
) -> int:
    """Override the role of one passage, or of every passage under a section heading of a
    document; return how many passages now carry ``role``. Kept across re-ingests."""
    check_role(role)
    if passage_id:
        row = db.execute("select document_id from passages where id = ?", [passage_id]).fetchone()
        if row is None:
            raise NoSuchTarget(
                f'no passage "{passage_id}"; find one with: telaah passages DOCUMENT_ID'
            )
        document_id, section = row[0], None
    else:
        if not document_id or section is None:
            raise NoSuchTarget("name a passage, or a document and a section (--doc, --section)")
        hits = db.execute(
            "select count(*) from passages where document_id = ? and section = ?",
            [document_id, section],
        ).fetchone()[0]
        if not hits:
            raise NoSuchTarget(
                f'document "{document_id}" has no section "{section}"; list its sections '
                f"with: telaah role list --doc {document_id}"
            )
    with db.atomic():
        db.execute(
            "delete from role_overrides where document_id = ? and passage_id is ? and section is ?",
            [document_id, passage_id, section],
        )
        db["role_overrides"].insert(
            {
                "document_id": document_id,
                "passage_id": passage_id,
                "section": section,
                "role": role,
                "set_by": set_by,
                "set_at": now(),
            }
        )
        refresh_roles(db, [document_id])
    where = "id = ?" if passage_id else "document_id = ? and section = ?"
    params = [passage_id] if passage_id else [document_id, section]
    return db.execute(
        f"select count(*) from passages where {where} and role = ?", [*params, role]
    ).fetchone()[0]
