"""A reader's mistakes on the site: a bad sort is a 400 and an unknown path a 404, each a
short page, and the server prints no traceback for them."""

from __future__ import annotations

import httpx
import pytest
from datasette.utils.asgi import NotFound
from datasette.views.base import DatasetteError

from datasette_plugins.errors import classify

from .conftest import start_server, stop_server

MISTAKES = {
    "/telaah/passages?_sort=nope": 400,
    "/telaah/passages?_sort_desc=nope": 400,
    "/telaah/passages.json?_sort=nope": 400,
    "/telaah/passages/-/foo": 404,
    "/telaah/no_such_table": 404,
    "/telaah/passages/no-such-passage": 404,
    "/no_such_database/passages": 404,
    "/-/no-such-page": 404,
}


def test_classify_is_pure():
    assert classify(DatasetteError("Cannot sort table by nope")) == (
        400,
        "Cannot sort table by nope; sort by one of the table's columns",
    )
    assert classify(NotFound("Table not found"))[0] == 404
    assert classify(DatasetteError("disk I/O error")) is None  # a real fault stays a 500
    assert classify(ValueError("bug")) is None


def test_in_process_pages(site):
    for path, status in MISTAKES.items():
        r = site.get(path)
        assert r.status_code == status, path
        if path.endswith("=nope") and ".json" not in path:
            assert "Cannot sort table by nope" in r.text
    assert site.get("/telaah/passages.json?_sort=nope").json() == {
        "ok": False,
        "error": "Cannot sort table by nope; sort by one of the table's columns",
        "status": 400,
    }


def test_served_site_answers_400_and_404_without_a_traceback(corpus):
    proc, base, _ = start_server(corpus[0])
    try:
        for path, status in MISTAKES.items():
            assert httpx.get(base + path, timeout=30).status_code == status, path
        assert httpx.get(base + "/telaah/passages", timeout=30).status_code == 200
    finally:
        stop_server(proc)
    output = proc.stdout.read()
    assert output.startswith("  synthesis:")  # the server's own output after its first line
    assert "Traceback" not in output and "Error" not in output


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/telaah/passages?_sort=nope", "Cannot sort table by nope; sort by one of"),
        ("/telaah/no_such_table", "the tables of this corpus are listed on its home page"),
    ],
)
def test_error_page_says_what_to_do(site, path, message):
    text = site.get(path).text
    assert message.replace("'", "&#39;") in text and "Traceback" not in text
