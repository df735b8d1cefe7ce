"""``/-/chart``: how often each code occurs per group of documents (by kind or by year).

Drawn with Chart.js 4 (MIT), vendored as ``static/chart.umd.min.js`` so the site needs no
network; the same numbers are in a plain table under the chart (readable without
JavaScript, and by screen readers). Codes and their labels reach the browser only as JSON
inside a ``<script type="application/json">`` block with ``<`` escaped, and Chart.js
draws text on a canvas, so a crafted code label stays text.
"""

from __future__ import annotations

import json
import sqlite3

from datasette import Response
from markupsafe import Markup

from coding.highlight import safe_colour

from .matrix import code_tree
from .publish import corpus_database

GROUPS = {"kind": "d.kind", "year": "coalesce(cast(d.year as text), 'n.d.')"}
MEASURES = ("passages", "documents")
TOP_LEVEL = "-"  # ?parent=- charts the top-level codes; no parent, the first code with children


def chart_data(conn: sqlite3.Connection, group: str, parent: str, measure: str) -> dict:
    """Series per code (the children of ``parent``, or the top-level codes) over groups.

    Each series counts distinct passages (or documents) coded with the code or any code
    below it, like the matrix's cells."""
    tree = code_tree(conn)
    if parent == TOP_LEVEL:
        codes = [c for c in tree if c["depth"] == 0]
    else:
        parent = parent or next((c["id"] for c in tree if c["has_children"]), "")
        codes = [c for c in tree if c["parent_id"] == parent]
    expr = GROUPS[group]
    count = (
        "count(distinct c.passage_id)" if measure == "passages" else "count(distinct c.document_id)"
    )
    groups = [
        {"group": g, "documents": n}
        for g, n in conn.execute(
            f"select {expr} as g, count(*) from documents d group by g order by g"
        )
    ]
    values: dict[tuple[str, str], int] = {}
    if codes:
        marks = ", ".join("?" * len(codes))
        sql = f"""
            select {expr} as g, anc.ancestor_id, {count}
            from codings c join code_ancestors anc on anc.code_id = c.code_id
            join documents d on d.id = c.document_id
            where c.status = 'placed' and anc.ancestor_id in ({marks})
            group by g, anc.ancestor_id
        """
        values = {(g, code): n for g, code, n in conn.execute(sql, [c["id"] for c in codes])}
    return {
        "group": group,
        "measure": measure,
        "labels": [str(g["group"]) for g in groups],
        "documents": [g["documents"] for g in groups],
        "series": [
            {
                "code": c["id"],
                "label": c["label"],
                "colour": safe_colour(c["colour"]),
                "values": [values.get((g["group"], c["id"]), 0) for g in groups],
            }
            for c in codes
        ],
        "parent": parent,
        "parents": [{"id": c["id"], "label": c["label"]} for c in tree if c["has_children"]],
    }


def script_json(data: dict) -> Markup:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` left to parse."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


async def chart_page(datasette, request):
    db = await corpus_database(datasette)
    if db is None:
        return Response.html("<h1>No Telaah corpus is attached</h1>", status=404)
    group = request.args.get("group") if request.args.get("group") in GROUPS else "kind"
    measure = request.args.get("measure") if request.args.get("measure") in MEASURES else "passages"
    parent = (request.args.get("parent") or "").strip()
    data = await db.execute_fn(lambda conn: chart_data(conn, group, parent, measure))
    return Response.html(
        await datasette.render_template(
            "telaah_chart.html",
            {
                "data": data,
                "data_json": script_json(data),
                "chart_js": datasette.urls.static_plugins("telaah", "chart.umd.min.js"),
                "telaah_js": datasette.urls.static_plugins("telaah", "telaah.js"),
            },
            request=request,
        )
    )


ROUTES = [(r"^/-/chart$", chart_page)]
