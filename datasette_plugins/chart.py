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
from coding.synthesis import NONE_GROUP  # the same "(none)" group the synthesis shows
from corpus.role_words import ROLES

from .matrix import code_tree
from .publish import corpus_database

GROUPS = {"kind": "d.kind", "year": "coalesce(cast(d.year as text), 'n.d.')"}
MEASURES = ("passages", "documents")
TOP_LEVEL = "-"  # ?parent=- charts the top-level codes; no parent, the first code with children


ATTRIBUTE_PREFIX = "attr:"  # ?group=attr:election groups documents by an attribute's values


def _attribute_group(name: str) -> tuple[str, str, list]:
    """The group expression and join for documents by attribute ``name``: a list value's
    items each make a group (the study counts in each), a document without one is
    "(none)"."""
    join = """
        left join document_attributes ga on ga.document_id = d.id and ga.name = ?
        left join json_each(case when json_valid(ga.value) and json_type(ga.value) = 'array'
                                 then ga.value else null end) gj"""
    expr = f"coalesce(cast(gj.value as text), ga.value, '{NONE_GROUP}')"
    return expr, join, [name]


def chart_data(
    conn: sqlite3.Connection, group: str, parent: str, measure: str, role: str = ""
) -> dict:
    """Series per code (the children of ``parent``, or the top-level codes) over groups.

    Each series counts distinct passages (or documents) coded with the code or any code
    below it, like the matrix's cells; ``role`` counts only codings in passages of that
    role. ``group`` is kind, year or ``attr:NAME``."""
    tree = code_tree(conn)
    if parent == TOP_LEVEL:
        codes = [c for c in tree if c["depth"] == 0]
    else:
        parent = parent or next((c["id"] for c in tree if c["has_children"]), "")
        codes = [c for c in tree if c["parent_id"] == parent]
    join, join_params = "", []
    if group.startswith(ATTRIBUTE_PREFIX):
        expr, join, join_params = _attribute_group(group[len(ATTRIBUTE_PREFIX) :])
    else:
        expr = GROUPS[group]
    role_join, role_params = (
        (" join passages rp on rp.id = c.passage_id and rp.role = ?", [role]) if role else ("", [])
    )
    count = (
        "count(distinct c.passage_id)" if measure == "passages" else "count(distinct c.document_id)"
    )
    groups = [
        {"group": g, "documents": n}
        for g, n in conn.execute(
            f"select {expr} as g, count(distinct d.id) from documents d{join} "
            f"group by g order by g = '{NONE_GROUP}', g",
            join_params,
        )
    ]
    values: dict[tuple[str, str], int] = {}
    if codes:
        marks = ", ".join("?" * len(codes))
        sql = f"""
            select {expr} as g, anc.ancestor_id, {count}
            from codings c join code_ancestors anc on anc.code_id = c.code_id{role_join}
            join documents d on d.id = c.document_id{join}
            where c.status = 'placed' and anc.ancestor_id in ({marks})
            group by g, anc.ancestor_id
        """
        values = {
            (g, code): n
            for g, code, n in conn.execute(
                sql, [*role_params, *join_params, *(c["id"] for c in codes)]
            )
        }
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
        "role": role,
        "roles": list(ROLES),
        "attributes": [
            r[0] for r in conn.execute("select name from attributes order by sort, name")
        ],
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
    group = request.args.get("group") or "kind"
    if group not in GROUPS and not (group.startswith(ATTRIBUTE_PREFIX) and len(group) > 5):
        group = "kind"
    measure = request.args.get("measure") if request.args.get("measure") in MEASURES else "passages"
    parent = (request.args.get("parent") or "").strip()
    role = request.args.get("role") if request.args.get("role") in ROLES else ""
    data = await db.execute_fn(lambda conn: chart_data(conn, group, parent, measure, role))
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
