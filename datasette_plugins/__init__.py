"""Telaah's Datasette plugin, registered through the ``datasette`` entry point.

Pluggy registers this module only, so every hook is defined (or imported) here and the
work lives in one module per concern: ``render`` (coded spans in cells), ``matrix``,
``cite``, ``findings``, ``chart``, ``synthesis``; ``publish`` builds the Datasette and
finds the corpus.
Hooks take only arguments Datasette 0.65 and 1.0 both pass.
"""

from __future__ import annotations

import inspect

from datasette import Response, hookimpl

from coding.findings import register_sql_functions
from coding.highlight import safe_colour, tint
from corpus import search

from . import chart, cite, errors, findings, matrix, synthesis
from .render import render_cell  # noqa: F401  (a hook: pluggy finds it on this module)


@hookimpl
def register_routes():
    return [
        *matrix.ROUTES,
        *cite.ROUTES,
        *findings.ROUTES,
        *chart.ROUTES,
        *synthesis.ROUTES,
    ]


@hookimpl(trylast=True)
def prepare_connection(conn):
    """Our SQL functions, and Indonesian stemming for the passages table's search box.

    ``metadata.yml`` points that box at ``passages_stem_fts`` (stems, not words), and
    Datasette turns the typed text into a query with the SQL function ``escape_fts``; ours
    (registered last, so it wins) quotes each word as Datasette's does and stems it, so the
    box finds ``kekerabatan`` for ``kerabat`` like ``telaah search``. It is the only FTS
    table the site's search boxes use.
    """
    register_sql_functions(conn)
    search.register_sql_functions(conn)
    conn.create_function("escape_fts", 1, search.fts_stem_query)


@hookimpl
def prepare_jinja2_environment(env):
    env.globals.update(telaah_colour=safe_colour, telaah_tint=tint)


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.static_plugins("telaah", "telaah.css")]


@hookimpl
def extra_js_urls(datasette):
    return [datasette.urls.static_plugins("telaah", "telaah.js")]


@hookimpl
def menu_links(datasette):
    return [
        {"href": datasette.urls.path("/-/matrix"), "label": "Study-by-code matrix"},
        {"href": datasette.urls.path("/-/chart"), "label": "Code frequency chart"},
        {"href": datasette.urls.path("/-/findings"), "label": "Findings"},
    ]


@hookimpl(hookwrapper=True)
def handle_exception(datasette, request, exception):
    """A reader's mistake (bad sort, unknown path) gets a short 400/404 page, no traceback.

    Datasette awaits every ``handle_exception`` answer, and its own default prints a
    traceback for every error; wrapping the hook lets ours be the only answer for those
    errors (the default's unawaited coroutine is closed). Real bugs are left to it.
    """
    outcome = yield
    classified = errors.classify(exception)
    if classified is None:
        return
    for answer in outcome.get_result():
        if inspect.iscoroutine(answer):
            answer.close()
    status, message = classified

    async def page():
        if request.path.split("?")[0].endswith(".json"):
            return Response.json({"ok": False, "error": message, "status": status}, status=status)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        html = await template.render_async(
            {
                "ok": False,
                "error": message,
                "status": status,
                "title": None,
                "urls": datasette.urls,
                "app_css_hash": datasette.app_css_hash(),
                "menu_links": lambda: [],
            }
        )
        return Response.html(html, status=status)

    outcome.force_result([page])
