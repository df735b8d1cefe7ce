"""Reviewing suggestions: a generator of pending items and one function to decide each.

The interactive ``telaah review`` only consumes ``iter_pending`` and calls ``decide``, so
everything here is tested without a terminal (the shape of Prodigy's recipes). Each coder
decides independently: a suggestion Ayu accepted is still pending for Budi, which is what
an agreement study needs. Accepting makes a coding with origin ``suggestion``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sqlite_utils import Database

from corpus.db import now, write_lock

from . import suggestions
from .codebook import resolve_code_id
from .codings import add_coding, check_span
from .errors import BadOrder, BadSpan, MissingCoder, NoSuchSuggestion

DECISIONS = ("accepted", "rejected", "skipped")
ORDERS = {
    "reading": "s.document_id, p.seq, s.score desc, s.code_id",
    "uncertain": "abs(coalesce(json_extract(s.detail, '$.model_score'), s.score) - 0.5), "
    "s.document_id, p.seq, s.code_id",
}
_OFFSETS = re.compile(r"^\s*(\d+)\s*[:,-]\s*(\d+)\s*$")


def iter_pending(
    db: Database,
    coder: str,
    *,
    document_id: str | None = None,
    code_id: str | None = None,
    min_score: float = 0.0,
    max_score: float | None = None,
    method: str | None = None,
    include_skipped: bool = False,
    order: str = "reading",
) -> Iterator[dict]:
    """Suggestions this coder has not decided, best first within reading order.

    ``code_id`` may be a label or former id (resolved once); ``method`` is ``rules``,
    ``model`` or ``rules+model``; ``max_score`` is inclusive, like ``min_score``.
    ``order="uncertain"`` shows the suggestions the suggester is least sure of first
    (score, or the model's score when a model weighed in, nearest 0.5): deciding those
    teaches ``telaah train`` the most per decision (uncertainty sampling).

    Each item carries the passage text and the code's labels, ready to show. Items are
    re-checked as they are reached, so one another session decided meanwhile (or whose
    passage vanished in a re-ingest) is passed over rather than shown twice.
    """
    if not (coder or "").strip():
        raise MissingCoder()
    if order not in ORDERS:
        raise BadOrder(f'unknown order "{order}"; use one of: {", ".join(ORDERS)}')
    clauses = ["s.score >= ?"]
    params: list = [coder, min_score]
    if document_id:
        clauses.append("s.document_id = ?")
        params.append(document_id)
    if code_id:
        clauses.append("s.code_id = ?")
        params.append(resolve_code_id(db, code_id))
    if max_score is not None:
        clauses.append("s.score <= ?")
        params.append(max_score)
    if method:
        clauses.append("s.method = ?")
        params.append(method)
    undecided = "d.decision is null"
    clauses.append(f"({undecided} or d.decision = 'skipped')" if include_skipped else undecided)
    ids = [
        r["id"]
        for r in db.query(
            f"""
            select s.id from suggestions s
            join passages p on p.id = s.passage_id
            left join suggestion_decisions d on d.suggestion_id = s.id and d.coder = ?
            where {" and ".join(clauses)}
            order by {ORDERS[order]}
            """,
            params,
        )
    ]
    for sid in ids:
        item = pending_item(db, sid, coder, include_skipped=include_skipped)
        if item is not None:
            yield item


def pending_item(
    db: Database, suggestion_id: str, coder: str, *, include_skipped: bool = False
) -> dict | None:
    """The suggestion ready to show, or None once decided / already coded / gone."""
    rows = list(
        db.query(
            """
            select s.*, p.text, p.section, p.page, p.page_label, k.label_id, k.label_en,
                   k.colour, d.title, d.year, dec.decision
            from suggestions s
            join passages p on p.id = s.passage_id
            join codes k on k.id = s.code_id
            join documents d on d.id = s.document_id
            left join suggestion_decisions dec on dec.suggestion_id = s.id and dec.coder = ?
            where s.id = ?
            """,
            [coder, suggestion_id],
        )
    )
    if not rows:
        return None
    item = rows[0]
    if item["decision"] and not (include_skipped and item["decision"] == "skipped"):
        return None
    already = db.execute(
        "select 1 from codings where passage_id = ? and code_id = ? and coder = ?",
        [item["passage_id"], item["code_id"], coder],
    ).fetchone()
    return None if already else item


def decide(
    db: Database,
    suggestion_id: str,
    coder: str,
    decision: str,
    *,
    start: int | None = None,
    end: int | None = None,
    memo: str | None = None,
) -> dict:
    """Record a coder's decision; ``accepted`` also writes the coding (edited span if given).

    Returns ``{"suggestion_id", "decision", "coding"}`` (coding is None unless accepted).
    """
    coder = (coder or "").strip()
    if not coder:
        raise MissingCoder()
    if decision not in DECISIONS:
        raise BadSpan(f'decision "{decision}" must be one of {", ".join(DECISIONS)}')
    stamp = now()
    with write_lock(db):
        rows = list(db.query("select * from suggestions where id = ?", [suggestion_id]))
        if not rows:
            raise NoSuchSuggestion(suggestion_id)
        s = rows[0]
        coding = None
        span_start, span_end = s["char_start"], s["char_end"]
        if start is not None or end is not None:
            span_start, span_end = start, end
        if decision == "accepted":
            coding = add_coding(
                db,
                s["passage_id"],
                s["code_id"],
                coder,
                start=span_start,
                end=span_end,
                memo=memo,
                origin="suggestion",
                at=stamp,
            )
        suggestions.record_decision(
            db,
            suggestion_id,
            coder,
            decision,
            coding_id=coding["id"] if coding else None,
            start=span_start,
            end=span_end,
            at=stamp,
        )
    return {"suggestion_id": suggestion_id, "decision": decision, "coding": coding}


def decide_all(db: Database, items: list[dict], coder: str, decision: str) -> dict[str, int]:
    """Decide many suggestions the same way (``telaah review --accept|--reject``).

    Each is recorded exactly as an interactive decision by ``coder`` would be, one
    transaction per suggestion, so an interrupted run keeps what it decided. Items
    another session decided meanwhile are passed over. Returns counts by outcome.
    """
    counts = {"decided": 0, "passed_over": 0}
    for item in items:
        if pending_item(db, item["id"], coder, include_skipped=True) is None:
            counts["passed_over"] += 1
            continue
        decide(db, item["id"], coder, decision)
        counts["decided"] += 1
    return counts


ANSWERS = {"a": "accept", "r": "reject", "s": "skip", "e": "edit", "q": "quit"}


def parse_answer(line: str) -> tuple[str, str | None] | None:
    """One line of ``telaah review`` read from a pipe: ``(key, rest)``; None for a blank.

    ``a``, ``r``, ``s``, ``q`` (or the words ``accept``, ``reject``, ``skip``, ``quit``);
    ``e START:END`` or ``e some words`` edits the span, then accepts. Anything else comes
    back as ``("?", line)`` so the caller can say what it expected.
    """
    line = line.strip()
    if not line:
        return None
    head, _, rest = line.partition(" ")
    key = head[0].lower()
    if key in ANSWERS and head.lower() in (key, ANSWERS[key]):
        return key, rest.strip() or None
    return "?", line


def parse_span(text: str, answer: str) -> tuple[int, int]:
    """An edited span from what a coder typed: ``START:END`` offsets, or words to find.

    Words are found case-insensitively, first occurrence; a span that is not in the
    passage raises BadSpan with what to type instead.
    """
    answer = answer.strip()
    m = _OFFSETS.match(answer)
    if m:
        return check_span(text, int(m.group(1)), int(m.group(2)))
    if not answer:
        raise BadSpan("type START:END, or a few words from the passage")
    at = text.lower().find(answer.lower())
    if at < 0:
        raise BadSpan(f'"{answer}" is not in the passage; type words exactly as shown')
    return at, at + len(answer)


ANSI_MARK = ("\x1b[1;7m", "\x1b[0m")
PLAIN_MARK = ("[[", "]]")


def highlight(text: str, spans: list[tuple[int, int]], *, mark: tuple[str, str] = ANSI_MARK) -> str:
    """The passage with each span wrapped in ``mark``; overlapping spans merge into one."""
    covered = [False] * len(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(text), end)):
            covered[i] = True
    out, inside = [], False
    for ch, on in zip(text, covered):
        if on != inside:
            out.append(mark[0] if on else mark[1])
            inside = on
        out.append(ch)
    if inside:
        out.append(mark[1])
    return "".join(out)


def review_counts(
    db: Database, coder: str, *, document_id: str | None = None, code_id: str | None = None
) -> dict[str, int]:
    """How many suggestions this coder accepted, rejected, skipped, and has left."""
    clauses, params = ["d.coder = ?"], [coder]
    for column, value in (("s.document_id", document_id), ("s.code_id", code_id)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    counts = {d: 0 for d in DECISIONS}
    for r in db.query(
        "select d.decision, count(*) as n from suggestion_decisions d "
        f"join suggestions s on s.id = d.suggestion_id where {' and '.join(clauses)} "
        "group by d.decision",
        params,
    ):
        counts[r["decision"]] = r["n"]
    pending = iter_pending(db, coder, document_id=document_id, code_id=code_id)
    counts["pending"] = sum(1 for _ in pending)
    return counts
