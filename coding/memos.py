"""Memos on codes, documents and the corpus: a team's reasoning kept beside the data.

Memos on a coding live in ``codings.memo``; these are the others REFI-QDA carries as
notes (a code's memo, a source's memo, the project's memo). Each belongs to the coder who
wrote it: only they edit or remove it, unless an explicit override is given, and every
change leaves an event in the audit trail (``coding_events`` with ``coding_id`` set to
``memo:ID``), so ``telaah history`` shows who changed which memo.
"""

from __future__ import annotations

import uuid

from sqlite_utils import Database

from corpus import events
from corpus.db import now, write_lock

from .codebook import resolve_code_id
from .codings import check_owner
from .errors import CodingError, MissingCoder, NoSuchMemo

TARGETS = ("code", "document", "corpus")


class NoSuchDocument(CodingError):
    def __init__(self, document_id: str):
        super().__init__(
            f'document "{document_id}" does not exist; list documents with: telaah documents'
        )


def _target(db: Database, target_type: str, target_id: str | None) -> str:
    """The stored target id: a live code id, an existing document id, or '' for the corpus."""
    if target_type not in TARGETS:
        raise CodingError(f'a memo is on a {", ".join(TARGETS)}, not a "{target_type}"')
    if target_type == "corpus":
        return ""
    if not target_id:
        raise CodingError(f"say which {target_type} the memo is on")
    if target_type == "code":
        return resolve_code_id(db, target_id)
    if not db.execute("select 1 from documents where id = ?", [target_id]).fetchone():
        raise NoSuchDocument(target_id)
    return target_id


def add_memo(
    db: Database,
    target_type: str,
    target_id: str | None,
    coder: str,
    text: str,
    *,
    guid: str | None = None,
    at: str | None = None,
) -> dict:
    """Write a memo on a code, a document or the corpus (``target_id`` None for it)."""
    coder = (coder or "").strip()
    if not coder:
        raise MissingCoder()
    if not (text or "").strip():
        raise CodingError("the memo is empty; write what you want to remember")
    stamp = at or now()
    with write_lock(db):
        row = {
            "id": uuid.uuid4().hex[:12],
            "target_type": target_type,
            "target_id": _target(db, target_type, target_id),
            "coder": coder,
            "text": text.strip(),
            "guid": guid,
            "created_at": stamp,
            "updated_at": stamp,
        }
        db["memos"].insert(row)
        events.record(db, f"memo:{row['id']}", "add", coder, stamp, _detail(row))
    return row


def get_memo(db: Database, memo_id: str) -> dict:
    rows = list(db.query("select * from memos where id = ?", [memo_id]))
    if not rows:
        raise NoSuchMemo(memo_id)
    return rows[0]


def list_memos(
    db: Database,
    *,
    target_type: str | None = None,
    target_id: str | None = None,
    coder: str | None = None,
) -> list[dict]:
    """Memos, oldest first, narrowed by what they are on and who wrote them."""
    clauses, params = [], []
    if target_type is not None:
        clauses.append("target_type = ?")
        params.append(target_type)
        if target_id is not None or target_type == "corpus":
            clauses.append("target_id = ?")
            params.append(_target(db, target_type, target_id))
    if coder is not None:
        clauses.append("coder = ?")
        params.append(coder)
    where = f"where {' and '.join(clauses)}" if clauses else ""
    return list(db.query(f"select * from memos {where} order by created_at, rowid", params))


def edit_memo(
    db: Database, memo_id: str, coder: str, text: str, *, override: bool | str = False
) -> dict:
    """Replace a memo's text; only its writer may, unless ``override`` (recorded)."""
    if not (text or "").strip():
        raise CodingError("the new text is empty; to delete the memo use: telaah memo remove")
    stamp = now()
    with write_lock(db):
        row = get_memo(db, memo_id)
        overridden = check_owner(f"memo {memo_id}", row["coder"], coder, override)
        db.execute(
            "update memos set text = ?, updated_at = ? where id = ?", [text.strip(), stamp, memo_id]
        )
        detail = _detail(row) | {"text": [row["text"], text.strip()]} | overridden
        events.record(db, f"memo:{memo_id}", "edit", coder, stamp, detail)
    return {**row, "text": text.strip(), "updated_at": stamp}


def remove_memo(db: Database, memo_id: str, coder: str, *, override: bool | str = False) -> dict:
    """Delete a memo; its text stays in the audit trail. Only its writer may, unless
    ``override`` (recorded)."""
    with write_lock(db):
        row = get_memo(db, memo_id)
        overridden = check_owner(f"memo {memo_id}", row["coder"], coder, override)
        db.execute("delete from memos where id = ?", [memo_id])
        events.record(db, f"memo:{memo_id}", "remove", coder, now(), _detail(row) | overridden)
    return row


def _detail(row: dict) -> dict:
    detail = {"memo_on": row["target_type"], "text": row["text"]}
    if row["target_type"] == "code":
        detail["code_id"] = row["target_id"]
    elif row["target_type"] == "document":
        detail["document_id"] = row["target_id"]
    return detail
