"""The code tree, in one place: which codes sit under which.

Counts roll up the tree everywhere (a parent's matrix cell, ``telaah codings --children``,
the synthesis of a factor's sub-codes), so the ancestor relation is the SQL view
``code_ancestors`` (``corpus/schema.py``) that the plugins and ``metadata.yml``'s canned
queries use too, and the walk that orders codes for display is :func:`tree_order`.
Functions take a sqlite-utils ``Database`` or a plain ``sqlite3.Connection`` (Datasette's).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from sqlite_utils import Database

Conn = Database | sqlite3.Connection


def descendants(conn: Conn, code_id: str) -> list[str]:
    """``code_id`` and every code below it (``code_id`` first)."""
    rows = conn.execute(
        "select code_id from code_ancestors where ancestor_id = ? order by distance, code_id",
        [code_id],
    ).fetchall()
    return [r[0] for r in rows]


def ancestors(conn: Conn, code_id: str) -> list[str]:
    """``code_id`` and every code above it, nearest first."""
    rows = conn.execute(
        "select ancestor_id from code_ancestors where code_id = ? order by distance",
        [code_id],
    ).fetchall()
    return [r[0] for r in rows]


def tree_order(
    rows: Iterable[dict[str, Any]],
    visit: Callable[[dict[str, Any], int, list[dict[str, Any]]], None] | None = None,
) -> list[dict[str, Any]]:
    """``rows`` (dicts with ``id`` and ``parent_id``, in sibling order) depth first.

    Each row gets ``depth``, ``path`` (ids joined by ``/``) and ``has_children``; a row
    whose parent is missing is a root. ``visit(row, depth, children)`` runs after a row's
    children were walked, so a caller can total counts up the tree in the same pass.
    """
    kids = children_of(rows)
    out: list[dict[str, Any]] = []

    def walk(row: dict[str, Any], path: str, depth: int) -> None:
        children = kids.get(row["id"], [])
        row.update(depth=depth, path=path, has_children=bool(children))
        out.append(row)
        for child in children:
            walk(child, f"{path}/{child['id']}", depth + 1)
        if visit:
            visit(row, depth, children)

    for root in kids.get(None, []):
        walk(root, root["id"], 0)
    return out


def children_of(rows: Iterable[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    """Rows grouped by parent id (roots under ``None``), keeping their order."""
    rows = list(rows)
    ids = {r["id"] for r in rows}
    kids: dict[str | None, list[dict[str, Any]]] = {}
    for r in rows:
        kids.setdefault(r["parent_id"] if r["parent_id"] in ids else None, []).append(r)
    return kids


def rollup_map(rows: Iterable[dict[str, Any]], targets: Iterable[str]) -> dict[str, str]:
    """Each code id -> itself or its nearest ancestor among ``targets`` (absent: neither).

    How a suggestion or coding of a child counts for its parent when scoring or counting
    at the parents' level (a ``career-stake`` suggestion is a ``conflict-of-interest``
    one). ``rows`` are flat code dicts with ``id`` and ``parent_id`` (or ``parent``).
    """
    parent = {r["id"]: r.get("parent_id", r.get("parent")) for r in rows}
    wanted = set(targets)
    out: dict[str, str] = {}
    for code_id in parent:
        node: str | None = code_id
        seen: set[str] = set()
        while node is not None and node not in wanted and node not in seen:
            seen.add(node)
            node = parent.get(node)
        if node in wanted:
            out[code_id] = node
    return out
