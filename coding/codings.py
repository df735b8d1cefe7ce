"""Codings: a code applied by a coder to a passage or a span of it. The one writer of them.

Offsets are Python ``str`` indices into ``passages.text``, half-open (``char_end`` is
exclusive), and the quoted text is stored beside them, so :func:`reanchor` can put a
coding back on its text when its document is ingested again. Every change writes a
``coding_events`` row (who, when, what; through ``corpus.events``), and a removed coding
leaves its last state in that trail, so the history of a passage reads back whole even
after codings are removed.
"""

from __future__ import annotations

import json
import re
import uuid

from sqlite_utils import Database

from corpus import events
from corpus.db import now, write_lock
from corpus.pages import span_pages
from corpus.store import Reanchored

from .codebook import descendants, resolve_code_id
from .errors import BadSpan, MissingCoder, NoSuchCoding, NoSuchPassage, NotYours, RetiredPassage

ORIGINS = ("manual", "suggestion", "import")


def get_passage(db: Database, passage_id: str) -> dict:
    """A passage by id; a retired id says where its text went."""
    rows = list(db.query("select * from passages where id = ?", [passage_id]))
    if rows:
        return rows[0]
    retired = list(db.query("select new_id from retired_passages where old_id = ?", [passage_id]))
    if retired:
        raise RetiredPassage(passage_id, retired[0]["new_id"])
    raise NoSuchPassage(passage_id)


def check_span(text: str, start: int | None, end: int | None) -> tuple[int, int]:
    """The ``(start, end)`` to store: the whole passage when both are None."""
    if start is None and end is None:
        return 0, len(text)
    if start is None or end is None:
        raise BadSpan("give both --start and --end, or neither to code the whole passage")
    if 0 <= end < start <= len(text):
        raise BadSpan(
            f"span {start}:{end} is reversed (the end comes before the start); "
            f"did you mean {end}:{start}?"
        )
    if not 0 <= start < end <= len(text):
        raise BadSpan(
            f"span {start}:{end} is outside the passage (0:{len(text)}, end exclusive); "
            "see character offsets with: telaah show PASSAGE_ID --offsets"
        )
    if not text[start:end].strip():
        raise BadSpan(f"span {start}:{end} is only whitespace; widen it to the words you mean")
    return start, end


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``quote``'s words occur in ``text``, in order.

    Researchers think in words, not offsets: case is ignored, and any run of whitespace
    (a line break from the PDF, two spaces) matches any other.
    """
    words = quote.split()
    if not words:
        raise BadSpan("the quote is empty; give a few words from the passage")
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def locate_quote(
    text: str, quote: str, *, nth: int | None = None, passage_id: str = "the passage"
) -> tuple[int, int]:
    """The span of ``quote`` in ``text``; ``nth`` (1-based) picks one of several.

    An absent quote and an ambiguous one each raise BadSpan saying what to do: the
    ambiguous message lists every occurrence with its offsets and a little context.
    """
    spans = find_quote(text, quote)
    if not spans:
        raise BadSpan(
            f'"{quote}" is not in {passage_id}; copy the words as shown by: '
            f"telaah show {passage_id}"
        )
    if nth is not None:
        if not 1 <= nth <= len(spans):
            raise BadSpan(f'--nth {nth}: "{quote}" occurs {len(spans)} time(s) in {passage_id}')
        return spans[nth - 1]
    if len(spans) > 1:
        listing = "\n".join(
            f"  {n}) {a}:{b}  …{text[max(0, a - 25) : a]}[{text[a:b]}]{text[b : b + 25]}…"
            for n, (a, b) in enumerate(spans, start=1)
        )
        raise BadSpan(
            f'"{quote}" occurs {len(spans)} times in {passage_id}; choose one with --nth N:\n'
            + listing
        )
    return spans[0]


def add_coding(
    db: Database,
    passage_id: str,
    code_id: str,
    coder: str,
    *,
    start: int | None = None,
    end: int | None = None,
    memo: str | None = None,
    origin: str = "manual",
    at: str | None = None,
    guid: str | None = None,
    quote: str | None = None,
    nth: int | None = None,
) -> dict:
    """Code a passage (or ``text[start:end]`` of it) and record who did it and when.

    ``quote`` (words from the passage, see :func:`locate_quote`) finds the span instead
    of ``start``/``end``; ``nth`` picks one occurrence when the words occur several times.

    Idempotent: the same coder coding the same span with the same code again gets the
    existing coding back (with its memo updated if a new one is given), never a double.
    The check and the insert share one write-locked transaction, so two coders (or two
    processes of one coder) cannot interleave them.
    """
    coder = (coder or "").strip()
    if not coder:
        raise MissingCoder()
    if origin not in ORIGINS:
        raise BadSpan(f'origin "{origin}" is not one of {", ".join(ORIGINS)}')
    stamp = at or now()
    with write_lock(db):
        passage = get_passage(db, passage_id)
        code_id = resolve_code_id(db, code_id)
        if quote is not None:
            if start is not None or end is not None:
                raise BadSpan("give --quote or --start/--end, not both")
            start, end = locate_quote(passage["text"], quote, nth=nth, passage_id=passage_id)
        start, end = check_span(passage["text"], start, end)
        existing = list(
            db.query(
                "select * from codings where passage_id = ? and code_id = ? and coder = ? "
                "and char_start = ? and char_end = ?",
                [passage_id, code_id, coder, start, end],
            )
        )
        if existing:
            row = existing[0]
            if memo is not None and memo != row["memo"]:
                db.execute(
                    "update codings set memo = ?, updated_at = ? where id = ?",
                    [memo, stamp, row["id"]],
                )
                _event(db, row["id"], "edit", coder, stamp, {"memo": [row["memo"], memo]})
                row = {**row, "memo": memo, "updated_at": stamp}
            return {**row, "created": False}
        row = {
            "id": uuid.uuid4().hex[:16],
            "passage_id": passage_id,
            "document_id": passage["document_id"],
            "code_id": code_id,
            "coder": coder,
            "char_start": start,
            "char_end": end,
            "quote": passage["text"][start:end],
            "memo": memo,
            "origin": origin,
            "status": "placed",
            "created_at": stamp,
            "updated_at": stamp,
            "guid": guid,
        }
        db["codings"].insert(row)
        _event(db, row["id"], "add", coder, stamp, _snapshot(row))
    return {**row, "created": True}


def search_hits(
    db: Database, query: str, *, document_id: str | None = None, limit: int | None = None
) -> list[dict]:
    """Passages a full-text search finds, each with the span to code.

    The span is where the query's words occur together in the passage (first such place;
    search syntax such as quotes, ``*`` and ``OR`` set aside), else the whole passage: a
    hit on scattered words, or on another form of a word, is about the passage as a whole.
    Returns search rows plus ``text``, ``char_start``, ``char_end`` and ``quote``.
    """
    from corpus.queries import search

    out = []
    for hit in search(db, query, limit=limit or 1_000_000, document_id=document_id):
        text = get_passage(db, hit["id"])["text"]
        words = " ".join(w for w in re.findall(r"\w+", query) if w.upper() not in ("OR", "AND"))
        spans = find_quote(text, words) if words else []
        start, end = spans[0] if spans else (0, len(text))
        out.append(
            {**hit, "text": text, "char_start": start, "char_end": end, "quote": text[start:end]}
        )
    return out


def remove_coding(
    db: Database,
    coding_id: str,
    *,
    coder: str,
    reason: str | None = None,
    override: bool | str = False,
) -> dict:
    """Delete a coding; its last state stays in the audit trail. Returns the removed row.

    Only the coder who made a coding may remove it (raises NotYours naming the owner);
    ``override`` (``True`` for ``--as-admin``, or the name of the action, such as
    ``"merge"``, that needs it) lets another do so, and the audit trail records that.
    """
    coder = (coder or "").strip()
    if not coder:
        raise MissingCoder()
    with write_lock(db):
        rows = list(db.query("select * from codings where id = ?", [coding_id]))
        if not rows:
            raise NoSuchCoding(coding_id)
        row = rows[0]
        overridden = check_owner(f"coding {coding_id}", row["coder"], coder, override)
        db.execute("delete from codings where id = ?", [coding_id])
        detail = _snapshot(row) | overridden
        if reason:
            detail["reason"] = reason
        _event(db, coding_id, "remove", coder, now(), detail)
    return row


def check_owner(what: str, owner: str, coder: str, override: bool | str) -> dict:
    """``{}`` when ``coder`` owns the work; the audit detail of an override when allowed.

    The one ownership rule for codings and memos: a coder changes only their own work,
    unless an explicit override is given, which the trail records with who used it.
    """
    if owner == coder:
        return {}
    if not override:
        raise NotYours(what, owner, coder)
    return {"override": True if override is True else override, "by": coder, "owner": owner}


def find_codings(
    db: Database,
    passage_id: str,
    *,
    code_id: str | None = None,
    coder: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> list[dict]:
    """Codings on one passage narrowed by code, coder and exact span (for ``telaah uncode``)."""
    clauses, params = ["passage_id = ?"], [passage_id]
    if code_id is not None:
        clauses.append("code_id = ?")
        params.append(resolve_code_id(db, code_id))
    for column, value in (("coder", coder), ("char_start", start), ("char_end", end)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return list(
        db.query(f"select * from codings where {' and '.join(clauses)} order by created_at", params)
    )


def list_codings(
    db: Database,
    *,
    passage_id: str | None = None,
    document_id: str | None = None,
    code_id: str | None = None,
    coder: str | None = None,
    status: str | None = None,
    include_children: bool = False,
) -> list[dict]:
    """Codings with their code's label and path context, in document reading order.

    ``code_id`` accepts a former id; with ``include_children`` a parent such as
    ``factors`` also lists the codings of every code below it.
    """
    clauses, params = [], []
    if code_id is not None:
        ids = descendants(db, code_id) if include_children else [resolve_code_id(db, code_id)]
        clauses.append(f"c.code_id in ({', '.join('?' * len(ids))})")
        params.extend(ids)
    for column, value in (
        ("c.passage_id", passage_id),
        ("c.document_id", document_id),
        ("c.coder", coder),
        ("c.status", status),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    where = f"where {' and '.join(clauses)}" if clauses else ""
    sql = f"""
        select c.*, k.label_id as code_label, k.colour as code_colour,
               p.seq as passage_seq, p.page, p.page_label, p.page_breaks, p.locator
        from codings c
        join codes k on k.id = c.code_id
        left join passages p on p.id = c.passage_id
        {where}
        order by c.document_id, p.seq, c.char_start, c.code_id, c.coder
    """
    return [with_span_pages(r) for r in db.query(sql, params)]


def with_span_pages(row: dict) -> dict:
    """A coding row (with its passage's ``page``, ``page_label`` and ``page_breaks``) plus
    the pages of its own span: ``span_page``, ``span_page_end``, ``span_page_label``."""
    row = dict(row)
    pages = span_pages(row, row["char_start"], row["char_end"])
    row.pop("page_breaks", None)
    row["span_page"], row["span_page_end"] = pages.page, pages.page_end
    row["span_page_label"] = pages.page_label
    return row


def coding_history(
    db: Database,
    *,
    coding_id: str | None = None,
    passage_id: str | None = None,
    code_id: str | None = None,
    coder: str | None = None,
    since: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    """The audit trail, oldest first: ``{id, coding_id, action, coder, at, detail}``.

    ``passage_id`` and ``code_id`` match what the coding was when the event happened (an
    ``add``/``remove`` snapshot) and what it is now, so removed codings still show up.
    """
    clauses, params = [], []
    if coding_id is not None:
        clauses.append("e.coding_id = ?")
        params.append(coding_id)
    if coder is not None:
        clauses.append("e.coder = ?")
        params.append(coder)
    if since is not None:
        clauses.append("e.at >= ?")
        params.append(since)
    for key, value in (("passage_id", passage_id), ("code_id", code_id)):
        if value is not None:
            clauses.append(
                f"(json_extract(e.detail, '$.{key}') = ? or e.coding_id in "
                f"(select id from codings where {key} = ?))"
            )
            params.extend([value, value])
    where = f"where {' and '.join(clauses)}" if clauses else ""
    sql = f"select e.* from coding_events e {where} order by e.id desc"
    if limit:
        sql += f" limit {int(limit)}"
    sql = f"select * from ({sql}) order by at, id"  # the latest `limit`, oldest first
    return [{**r, "detail": json.loads(r["detail"] or "{}")} for r in db.query(sql, params)]


def _snapshot(row: dict) -> dict:
    keys = ("passage_id", "document_id", "code_id", "char_start", "char_end", "quote", "memo")
    return {k: row[k] for k in keys} | {"origin": row["origin"]}


def _event(db: Database, coding_id: str, action: str, coder: str, at: str, detail: dict) -> None:
    events.record(db, coding_id, action, coder, at, detail)


REANCHOR_CODER = "telaah-ingest"  # who the audit trail names for moves a re-ingest makes


def reanchor(db: Database, document_id: str) -> Reanchored:
    """Put the codings of a re-ingested document back on its current passages.

    A coding stays where its passage id and quote still agree; else it moves to where its
    quote now is (its old passage first, then in reading order); else it is marked
    ``unplaced`` (kept and listed, never dropped) until a later ingest brings the text back.
    Idempotent; registered as a ``telaah.on_replace`` hook (pyproject.toml), so
    ``corpus.store.write_document`` runs it inside the transaction of every re-ingest.
    """
    stamp = now()
    texts = {
        r["id"]: r["text"]
        for r in db.query(
            "select id, text from passages where document_id = ? order by seq", [document_id]
        )
    }
    result = Reanchored()
    rows = db.query(
        "select id, passage_id, char_start, char_end, quote, status from codings "
        "where document_id = ? order by created_at, id",
        [document_id],
    )
    for c in list(rows):
        text = texts.get(c["passage_id"])
        if text is not None and text[c["char_start"] : c["char_end"]] == c["quote"]:
            if c["status"] != "placed":
                _place(db, c, c["passage_id"], c["char_start"], stamp)
            result.kept += 1
            continue
        target = _locate(c["quote"], c["passage_id"], texts)
        if target:
            _place(db, c, *target, stamp)
            result.moved += 1
            continue
        if c["status"] != "unplaced":
            db.execute(
                "update codings set status = 'unplaced', updated_at = ? where id = ?",
                [stamp, c["id"]],
            )
            _event(db, c["id"], "unplace", REANCHOR_CODER, stamp, {"passage_id": c["passage_id"]})
        result.unplaced.append(c["id"])
    return result


def _locate(quote: str, passage_id: str, texts: dict[str, str]) -> tuple[str, int] | None:
    if not quote:
        return None
    if passage_id in texts and quote in texts[passage_id]:
        return passage_id, texts[passage_id].index(quote)
    for pid, text in texts.items():
        if quote in text:
            return pid, text.index(quote)
    return None


def _place(db: Database, c: dict, passage_id: str, start: int, stamp: str) -> None:
    end = start + len(c["quote"])
    db.execute(
        "update codings set passage_id = ?, char_start = ?, char_end = ?, status = 'placed', "
        "updated_at = ? where id = ?",
        [passage_id, start, end, stamp, c["id"]],
    )
    detail = {
        "from": [c["passage_id"], c["char_start"], c["char_end"]],
        "to": [passage_id, start, end],
    }
    _event(db, c["id"], "move", REANCHOR_CODER, stamp, detail)


def recode(db: Database, old_id: str, new_id: str, *, coder: str, reason: str) -> int:
    """Move every coding of code ``old_id`` to ``new_id`` (a rename or merge of the code),
    one ``edit`` event each; returns how many moved. The caller holds the write lock."""
    stamp = now()
    ids = [r[0] for r in db.execute("select id from codings where code_id = ?", [old_id])]
    db.execute(
        "update codings set code_id = ?, updated_at = ? where code_id = ?", [new_id, stamp, old_id]
    )
    detail = {"code_id": [old_id, new_id], "reason": reason}
    events.record_many(db, ((cid, "edit", coder, stamp, detail) for cid in ids))
    return len(ids)
