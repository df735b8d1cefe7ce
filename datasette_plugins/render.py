"""Cells of the corpus: passage text with its coded spans highlighted, passage ids as links
to their cite page.

Only two kinds of cell are ours: the ``text`` column of the ``passages`` table (and a
``passage_text`` column of a query that also returns ``passage_id``), and any
``passage_id`` column. Every other cell, and every cell of another database, gets None
so Datasette (or another plugin) renders it.
"""

from __future__ import annotations

from html import escape

from datasette import hookimpl
from markupsafe import Markup

from coding.highlight import highlight_html, load_spans

from .publish import corpus_database


def passage_for_text(row, column: str, table: str | None) -> str | None:
    """The id of the passage whose text this cell holds, if it is such a cell."""
    keys = row.keys()
    if table == "passages" and column == "text" and "id" in keys:
        return row["id"]
    if table is None and column == "passage_text" and "passage_id" in keys:
        return row["passage_id"]
    return None


def cite_link(datasette, passage_id: str) -> Markup:
    href = datasette.urls.path(f"/-/cite/{passage_id}")
    return Markup(
        f'<a class="telaah-cite-link" href="{escape(href)}" '
        f'title="Cite this passage">{escape(passage_id)}</a>'
    )


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if not isinstance(value, str):
        return None
    if column == "passage_id" and value:

        async def link():
            db = await corpus_database(datasette)
            return cite_link(datasette, value) if db and db.name == database else None

        return link()
    passage_id = passage_for_text(row, column, table)
    if passage_id is None:
        return None

    async def highlight():
        db = await corpus_database(datasette)
        if db is None or db.name != database:
            return None
        spans = await db.execute_fn(lambda conn: load_spans(conn, [passage_id]))
        return Markup(highlight_html(value, spans[passage_id]))

    return highlight()
