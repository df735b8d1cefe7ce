"""The published site: which metadata, which database is the corpus, one Datasette for both
``telaah serve`` and the tests.

``metadata.yml`` describes the corpus under the database key ``telaah``; Datasette names a
database after its file, so :func:`load_metadata` moves that block to the served file's
name. The file ships inside this package (``datasette_plugins/metadata.yml``, a link to
the repository's ``metadata.yml``), so an installed Telaah finds it without the repository.
"""

from __future__ import annotations

import os
import re
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
    base_url: str | None = None,
    static: bool = False,
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
    loaded = load_metadata(metadata, name)
    if base_url or static:
        config = loaded.setdefault("plugins", {}).setdefault(PLUGIN, {})
        if base_url:
            config["base_url"] = check_base_url(base_url)
        if static:
            config["static"] = True
    return Datasette(
        [] if immutable else [path],
        immutables=[path] if immutable else [],
        metadata=loaded,
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


class BadBaseUrl(ValueError):
    pass


def check_base_url(url: str) -> str:
    """``https://example.org/netralitas`` without its trailing slash; an address that is
    not absolute http(s) cannot be a permanent link."""
    url = url.strip().rstrip("/")
    if not re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", url):
        raise BadBaseUrl(
            f'"{url}" is not an absolute http(s) address; give the address readers will '
            "use, e.g. --base-url https://example.org/netralitas"
        )
    return url


def base_url(datasette: Any) -> str | None:
    """The public address the site is published at (``plugins: telaah: base_url``)."""
    url = plugin_setting(datasette, "base_url")
    return str(url).rstrip("/") if url else None


def is_static(datasette: Any) -> bool:
    """Rendering pages for ``telaah publish --static`` (no server behind the links)."""
    return bool(plugin_setting(datasette, "static"))


def permalink(datasette: Any, request: Any, path: str) -> str | None:
    """The permanent address of ``path`` (``/-/cite/ID``): under the base URL when the
    site has one, never the host a request happened to use; without one, the request's
    address (a local ``telaah serve``); in a static snapshot without one, none."""
    base = base_url(datasette)
    if base:
        return base + path
    if is_static(datasette):
        return None
    return datasette.absolute_url(request, datasette.urls.path(path))


def corpus_citation(
    datasette: Any, request: Any, publication: dict, version: str, accessed: str
) -> dict:
    """The "cite this corpus" CSL item of this site at ``version``."""
    from . import citation

    title = datasette.metadata("title") or publication.get("title") or "Telaah corpus"
    return citation.corpus_item(
        title=title,
        version=version,
        author=plugin_setting(datasette, "corpus_author", title),
        accessed=accessed,
        url=permalink(datasette, request, "/"),
        doi=publication.get("doi"),
        published=publication.get("published_at"),
        license=datasette.metadata("license") or publication.get("license"),
    )
