"""``/-/synthesis``: per code, the studies that report it and those that only mention it,
the share reporting with its 95% interval, the split by a study attribute (with a chart),
and the strongest evidence per study, each quote linked to its ``/-/cite`` page.

The numbers come from :func:`coding.synthesis.synthesis`, the same function behind
``telaah synthesis``; each count links to the ``code_evidence`` canned query that lists
the coded passages behind it. Quotes, titles and attribute values are text from PDFs or
from researchers: the template escapes them, and the chart gets them as JSON with ``<``
escaped (:func:`datasette_plugins.chart.script_json`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from urllib.parse import urlencode

from datasette import Response
from markupsafe import Markup

from coding.errors import CodingError
from coding.highlight import safe_colour
from coding.synthesis import NONE_GROUP, synthesis

from .chart import script_json
from .citation import italic_html
from .matrix import code_tree
from .publish import corpus_database

EVIDENCE_SHOWN = 25  # quotes per code on the page; the rest are one click away


@dataclass
class Filters:
    parent: str = "factors"
    coder: str = ""
    by: str = ""
    reported_only: bool = False
    rollup: bool = True

    @classmethod
    def from_args(cls, args) -> Filters:
        return cls(
            parent=(args.get("parent") if args.get("parent") is not None else "factors").strip(),
            coder=(args.get("coder") or "").strip(),
            by=(args.get("by") or "").strip(),
            reported_only=args.get("reported") in ("1", "on", "true"),
            rollup=args.get("rollup") not in ("0", "off", "false"),
        )


def choices(conn: sqlite3.Connection) -> dict:
    """What the filter menus offer: parent codes, coders, attributes."""
    tree = code_tree(conn)
    return {
        "parents": [{"id": c["id"], "label": c["label"]} for c in tree if c["has_children"]],
        "coders": [
            r[0]
            for r in conn.execute(
                "select distinct coder from codings where status = 'placed' order by coder"
            )
        ],
        "attributes": [
            r[0] for r in conn.execute("select name from attributes order by sort, name")
        ],
        "colours": {c["id"]: safe_colour(c["colour"]) for c in tree},
    }


def chart_data(s: dict, colours: dict[str, str]) -> dict:
    """Share of studies reporting each top-level code, per attribute value (or overall)."""
    codes = [c for c in s["codes"] if c["depth"] == 0]
    if s["by"]:
        labels = list(s["groups"])
        series = [
            {
                "code": c["code_id"],
                "label": c["label"],
                "colour": colours.get(c["code_id"], "#888888"),
                "values": [round(100 * c["groups"][g]["share"], 1) for g in labels],
            }
            for c in codes
        ]
    else:
        labels = ["all studies"]
        series = [
            {
                "code": c["code_id"],
                "label": c["label"],
                "colour": colours.get(c["code_id"], "#888888"),
                "values": [round(100 * c["share"], 1)],
            }
            for c in codes
        ]
    return {"labels": labels, "series": series, "by": s["by"]}


def evidence_url(datasette, database: str, f: Filters, code_id: str, **extra: str) -> str:
    """The ``code_evidence`` canned query for a code (and a stance, document or group)."""
    params = {
        "code": code_id,
        "stance": extra.get("stance", ""),
        "role": "",
        "coder": f.coder,
        "document_id": extra.get("document_id", ""),
        "attr": f.by if "value" in extra else "",
        "value": extra.get("value", ""),
        "rollup": "1" if f.rollup else "0",
    }
    return datasette.urls.database(database) + "/code_evidence?" + urlencode(params)


async def synthesis_page(datasette, request):
    db = await corpus_database(datasette)
    if db is None:
        return Response.html("<h1>No Telaah corpus is attached</h1>", status=404)
    f = Filters.from_args(request.args)

    def build(conn):
        menus = choices(conn)
        try:
            s = synthesis(
                conn,
                parent=f.parent,
                by=f.by or None,
                coder=f.coder or None,
                rollup=f.rollup,
                reported_only=f.reported_only,
                references=False,
                evidence_limit=EVIDENCE_SHOWN,
            )
        except CodingError as e:
            return menus, None, str(e)
        return menus, s, None

    menus, s, error = await db.execute_fn(build)
    data = chart_data(s, menus["colours"]) if s else {"labels": [], "series": [], "by": None}
    return Response.html(
        await datasette.render_template(
            "telaah_synthesis.html",
            {
                "s": s,
                "error": error,
                "filters": f,
                "menus": menus,
                "none_group": NONE_GROUP,
                "chart_json": script_json(data),
                "has_chart": bool(s and data["series"]),
                "chart_js": datasette.urls.static_plugins("telaah", "chart.umd.min.js"),
                "evidence_url": lambda code, **kw: evidence_url(datasette, db.name, f, code, **kw),
                "cite_url": lambda pid: datasette.urls.path(f"/-/cite/{pid}"),
                "italic": lambda text: Markup(italic_html(text)),
            },
            request=request,
        ),
        status=200 if error is None else 400,
    )


ROUTES = [(r"^/-/synthesis$", synthesis_page)]
