"""Renaming and merging codes: the codebook, the codings and the suggestions change together.

A rename or merge touches three tables with three writers (``coding.codebook`` for codes
and aliases, ``coding.codings`` for codings and their audit trail, ``coding.suggestions``);
this module sits above all three and calls each inside one write-locked transaction, so
none of them imports another's writer back (the cycle ``codebook`` <-> ``codings`` was
this). The old id stays an alias: every command that takes a code id still finds it.
"""

from __future__ import annotations

from sqlite_utils import Database

from corpus.db import write_lock

from . import codebook, codetree, codings, suggestions
from .errors import CodeInUse


def rename_code(db: Database, old_id: str, new_id: str, *, by: str | None = None) -> dict:
    """Give a code a new id; its codings, children and suggestions follow, the old id resolves."""
    with write_lock(db):
        old_id = codebook.resolve_code_id(db, old_id)
        codebook.copy_code(db, old_id, new_id)
        _follow(db, old_id, new_id, by=by, reason="rename")
    return codebook.get_code(db, new_id)


def merge_codes(db: Database, source_id: str, target_id: str, *, by: str | None = None) -> dict:
    """Fold ``source`` into ``target``: codings, children and suggestions move; none is lost.

    A coding that would duplicate one the same coder already made with ``target`` on the
    same span is removed (with an audit event naming the merge) rather than doubled.
    Returns ``{"target", "moved", "duplicates_removed"}``.
    """
    with write_lock(db):
        source_id = codebook.resolve_code_id(db, source_id)
        target_id = codebook.resolve_code_id(db, target_id)
        if source_id == target_id:
            raise CodeInUse(f'"{source_id}" and "{target_id}" are the same code; nothing to merge')
        if source_id in codetree.ancestors(db, target_id):
            raise CodeInUse(
                f'cannot merge "{source_id}" into its own descendant "{target_id}"; '
                "move the child first with: telaah codebook add CHILD --parent OTHER"
            )
        dupes = db.execute(
            "select s.id from codings s join codings t on t.code_id = ? and "
            "t.passage_id = s.passage_id and t.coder = s.coder and "
            "t.char_start = s.char_start and t.char_end = s.char_end where s.code_id = ?",
            [target_id, source_id],
        ).fetchall()
        for (coding_id,) in dupes:
            codings.remove_coding(
                db,
                coding_id,
                coder=by or "telaah",
                reason=f"merged into {target_id}",
                override="merge",
            )
        n_moved = _follow(db, source_id, target_id, by=by, reason="merge")
    return {"target": target_id, "moved": n_moved, "duplicates_removed": len(dupes)}


def _follow(db: Database, old_id: str, new_id: str, *, by: str | None, reason: str) -> int:
    """Everything that names ``old_id`` names ``new_id``, each table through its writer."""
    moved = codings.recode(db, old_id, new_id, coder=by or "telaah", reason=reason)
    suggestions.recode(db, old_id, new_id)
    codebook.retire_code(db, old_id, new_id)
    return moved
