"""Telaah's Datasette plugin, registered through the ``datasette`` entry point.

Pluggy registers this module only, so every hook is defined (or imported) here and the
work lives in one module per concern: ``render`` (coded spans in cells), ``matrix``,
``cite``, ``findings``, ``chart``, ``synthesis``; ``publish`` builds the Datasette and
finds the corpus.
Hooks take only arguments Datasette 0.65 and 1.0 both pass.
"""

from __future__ import annotations

from datasette import hookimpl

from coding.findings import register_sql_functions
from coding.highlight import safe_colour, tint

from . import chart, cite, findings, matrix, synthesis
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


@hookimpl
def prepare_connection(conn):
    register_sql_functions(conn)


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
