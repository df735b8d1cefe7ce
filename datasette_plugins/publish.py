"""The published site: which metadata, which database is the corpus, one Datasette for both
``telaah serve`` and the tests.

``metadata.yml`` describes the corpus under the database key ``telaah``; Datasette names a
database after its file, so :func:`load_metadata` moves that block to the served file's
name. The file ships inside this package (``datasette_plugins/metadata.yml``, a link to
the repository's ``metadata.yml``), so an installed Telaah finds it without the repository.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import yaml

PLUGIN = "telaah"
METADATA_KEY = "telaah"
PACKAGED_METADATA = Path(__file__).resolve().parent / "metadata.yml"
SETTINGS = {
    # Suggested facets run a query per column on every table page: at 500,000 passages
    # they cost more than they help; the useful facets are named in metadata.yml.
    "suggest_facets": False,
    "facet_time_limit_ms": 500,
    # A saved finding or the co-occurrence query may scan every coding.
    "sql_time_limit_ms": 5000,
}


def metadata_path() -> Path:
    return PACKAGED_METADATA


def load_metadata(path: str | os.PathLike | None, database_name: str) -> dict[str, Any]:
    """metadata.yml with its ``telaah`` database block renamed to ``database_name``."""
    with open(path or metadata_path(), encoding="utf-8") as f:
        metadata = yaml.safe_load(f) or {}
    databases = metadata.get("databases") or {}
    if METADATA_KEY in databases and database_name != METADATA_KEY:
        databases[database_name] = databases.pop(METADATA_KEY)
    return metadata


def make_datasette(
    db_path: str | os.PathLike,
    *,
    metadata: str | os.PathLike | None = None,
    immutable: bool = False,
    settings: dict[str, Any] | None = None,
) -> Any:
    """A Datasette serving one corpus file read-only, with our metadata and plugins.

    ``immutable`` is for a published copy nobody writes to any more: Datasette then
    counts rows once and skips file locking. A corpus still being coded is opened
    mutable (still read-only from the web), so each page shows the latest codings.
    """
    # Imported here: Datasette loads this package while datasette.app is half-imported.
    from datasette.app import Datasette

    path = str(Path(db_path))
    name = Path(path).stem
    return Datasette(
        [] if immutable else [path],
        immutables=[path] if immutable else [],
        metadata=load_metadata(metadata, name),
        settings={**SETTINGS, **(settings or {})},
    )


_FOUND: WeakKeyDictionary = WeakKeyDictionary()


async def corpus_database(datasette: Any):
    """The attached database that holds a Telaah corpus (the first one with passages and
    codings), or None. ``plugins: telaah: database: NAME`` in metadata picks one.

    Remembered per Datasette once found: ``render_cell`` asks for every cell."""
    config = datasette.plugin_config(PLUGIN) or {}
    name = config.get("database") or _FOUND.get(datasette)
    if name and name in datasette.databases:
        return datasette.get_database(name)
    for db in datasette.databases.values():
        if db.is_memory:
            continue
        tables = set(await db.table_names())
        if {"passages", "codings", "codes", "documents"} <= tables:
            _FOUND[datasette] = db.name
            return db
    return None


def fetch(conn: sqlite3.Connection, sql: str, params: Sequence[Any] | dict = ()) -> list[dict]:
    """Rows as dicts, whatever the connection's row factory (Datasette sets its own)."""
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def plugin_setting(datasette: Any, key: str, default: Any = None) -> Any:
    return (datasette.plugin_config(PLUGIN) or {}).get(key, default)
