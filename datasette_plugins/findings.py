"""Saved findings on the web: ``/-/findings`` lists them, ``/-/findings/{id}`` shows one
with its current result, whether that result still matches the one saved, its citation
and permanent URL; ``.bib``, ``.ris``, ``.json`` (CSL-JSON) and ``.csv`` download it.
``/-/cite/finding/{id}`` is the same page under the cite prefix.

The current result is computed on every view with the same functions the CLI uses
(:mod:`coding.findings`), under Datasette's SQL time limit, on its read-only connection.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from urllib.parse import urlencode

from datasette import Response
from datasette.utils import sqlite_timelimit
from markupsafe import Markup
from sqlite_utils import Database

from coding.findings import BadFinding, compare, run_query
from corpus.publication import get_publication
from corpus.version import corpus_version

from . import citation
from .cite import FORMATS, download, today
from .publish import corpus_citation, corpus_database, fetch, permalink, plugin_setting

SHOW_ROWS = 200


def finding_record(conn: sqlite3.Connection, finding_id: str, time_limit_ms: int) -> dict | None:
    rows = fetch(conn, "select * from findings where id = ?", [finding_id])
    if not rows:
        return None
    finding = {**rows[0], "params": json.loads(rows[0]["params"] or "{}")}
    db = Database(conn)
    version = corpus_version(db)
    publication = get_publication(conn)
    try:
        with sqlite_timelimit(conn, time_limit_ms):
            columns, result = run_query(db, finding["sql"], finding["params"])
    except BadFinding as e:
        return {
            "finding": finding,
            "version": version,
            "publication": publication,
            "error": str(e),
            "columns": [],
            "rows": [],
        }
    return {
        "finding": finding,
        "version": version,
        "publication": publication,
        "error": None,
        "columns": columns,
        "rows": result,
        "status": compare(finding, columns, result, version),
    }


async def findings_list(datasette, request):
    db = await corpus_database(datasette)
    if db is None:
        return Response.html("<h1>No Telaah corpus is attached</h1>", status=404)
    findings = await db.execute_fn(
        lambda conn: fetch(
            conn,
            "select id, name, statement, corpus_version, row_count, created_by, created_at "
            "from findings order by created_at desc, id",
        )
    )
    return Response.html(
        await datasette.render_template(
            "telaah_findings.html", {"findings": findings, "database": db.name}, request=request
        )
    )


async def finding_page(datasette, request):
    finding_id = request.url_vars["finding_id"]
    fmt = request.url_vars.get("format")
    db = await corpus_database(datasette)
    if db is None:
        return Response.html("<h1>No Telaah corpus is attached</h1>", status=404)
    limit = datasette.setting("sql_time_limit_ms")
    record = await db.execute_fn(lambda conn: finding_record(conn, finding_id, limit))
    if record is None:
        return Response.html(
            await datasette.render_template(
                "telaah_missing.html",
                {
                    "what": f"Finding {finding_id}",
                    "message": "There is no saved finding with this id; see the list of findings.",
                },
                request=request,
            ),
            status=404,
        )
    finding = record["finding"]
    link = permalink(datasette, request, f"/-/findings/{finding_id}")
    corpus = corpus_citation(datasette, request, record["publication"], record["version"], today())
    title = corpus["title"]
    item = citation.finding_item(
        finding,
        url=link,
        accessed=today(),
        dataset_title=title,
        author=plugin_setting(datasette, "corpus_author", title),
    )
    if fmt == "csv":
        return _csv(record)
    if fmt:
        return download([item, corpus], fmt, f"finding-{finding_id}")
    year = (finding.get("created_at") or "")[:4]
    who = finding.get("created_by") or plugin_setting(datasette, "corpus_author", title)
    sql_url = (
        datasette.urls.database(db.name)
        + "?"
        + urlencode({"sql": finding["sql"], **{k: str(v) for k, v in finding["params"].items()}})
    )
    return Response.html(
        await datasette.render_template(
            "telaah_finding.html",
            {
                "database": db.name,
                "finding": finding,
                "record": record,
                "shown_rows": record["rows"][:SHOW_ROWS],
                "permalink": link,
                "sql_url": sql_url,
                "apa": Markup(
                    citation.italic_html(
                        f"{who}. ({year}). *{finding['name']}* [Saved query, corpus version "
                        f"{finding['corpus_version']}]. {title}. {link or ''}"
                    )
                ),
                "indonesian": Markup(
                    citation.italic_html(
                        f"{who}. ({year}). *{finding['name']}* [Kueri tersimpan, versi korpus "
                        f"{finding['corpus_version']}]. {title}."
                        + (f" Diakses {today()}, dari {link}" if link else "")
                    )
                ),
                "bibtex": citation.to_bibtex(item),
                "ris": citation.to_ris(item),
                "corpus": corpus,
                "corpus_bibtex": citation.to_bibtex(corpus),
                "corpus_ris": citation.to_ris(corpus),
                "meta_tags": citation.meta_tags(item),
                "downloads": {
                    f: datasette.urls.path(f"/-/findings/{finding_id}.{f}")
                    for f in (*FORMATS, "csv")
                },
            },
            request=request,
        )
    )


def _csv(record: dict) -> Response:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(record["columns"])
    w.writerows(record["rows"])
    return Response(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={
            "content-disposition": f'attachment; filename="finding-{record["finding"]["id"]}.csv"'
        },
    )


async def cite_finding(datasette, request):
    return Response.redirect(
        datasette.urls.path(f"/-/findings/{request.url_vars['finding_id']}"), status=301
    )


ROUTES = [
    (r"^/-/findings$", findings_list),
    (r"^/-/findings/(?P<finding_id>[a-z0-9-]+?)(\.(?P<format>bib|ris|json|csv))?$", finding_page),
    (r"^/-/cite/finding/(?P<finding_id>[a-z0-9-]+)$", cite_finding),
]
