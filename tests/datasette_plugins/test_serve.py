"""``telaah serve`` as a real subprocess answering over HTTP (issue #4, acceptance 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

TELAAH = str(Path(sys.executable).with_name("telaah"))


def test_serve_prints_its_url(server):
    base, first_line = server
    assert first_line.startswith("Serving ")
    assert f"read-only at {base}/" in first_line


def test_serve_answers_index_table_matrix_and_cite(server, ids):
    base, _ = server
    index = httpx.get(base + "/")
    assert index.status_code == 200
    assert "why civil servants (ASN) break the neutrality rule" in index.text
    assert 'href="/-/matrix"' in index.text

    rows = httpx.get(base + "/telaah/passages.json?_shape=array&_size=max").json()
    assert ids["kin_passage"] in {r["id"] for r in rows}
    kin = next(r for r in rows if r["id"] == ids["kin_passage"])
    assert kin["page_label"] == "41" and "paman dari istrinya" in kin["text"]

    matrix = httpx.get(base + "/-/matrix")
    assert matrix.status_code == 200
    assert f'data-code="kinship" data-document="{ids["thesis"]}"' in matrix.text

    cite = httpx.get(f"{base}/-/cite/{ids['kin_passage']}")
    assert cite.status_code == 200
    assert '<strong class="telaah-page">hlm. 41</strong>' in cite.text
    assert '<mark class="telaah-span" data-codes="kinship"' in cite.text
    assert ">paman dari istrinya</mark>" in cite.text
    assert f'href="{base}/-/cite/{ids["kin_passage"]}"' in cite.text  # permanent link


def test_serve_sees_new_codings_without_a_restart(corpus_copy, serve):
    """Served mutable: a coder keeps coding while the site is up."""
    from coding.codings import add_coding
    from corpus.db import open_corpus

    path, _ = corpus_copy
    base = serve(path)
    db = open_corpus(path)
    passage = next(db.query("select id, text from passages where text like '%Bawaslu kabupaten%'"))
    cite = f"{base}/-/cite/{passage['id']}"
    assert 'data-codes="pressure"' not in httpx.get(cite).text
    start = passage["text"].index("Bawaslu")
    add_coding(db, passage["id"], "pressure", "citra", start=start, end=start + 7)
    db.close()
    assert 'data-codes="pressure" title="Tekanan dan ancaman [pressure] (citra)"' in (
        httpx.get(cite).text
    )


def test_serve_refuses_a_missing_corpus(tmp_path):
    missing = tmp_path / "tidak-ada.db"
    result = subprocess.run(
        [TELAAH, "serve", "--db", str(missing), "--port", "9"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"Error: no corpus at {missing}; create one with: telaah ingest" in result.stderr
    assert not missing.exists()


def test_serve_names_a_taken_port_and_the_next_one(corpus):
    import socket

    path, _ = corpus
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [TELAAH, "serve", "--db", str(path), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert f"--port {port + 1}" in result.stderr
    assert "Serving" not in result.stdout


def test_serve_refuses_a_base_url_that_cannot_be_a_permanent_link(corpus):
    from click.testing import CliRunner

    from cli.main import main

    from .conftest import free_port

    args = ["serve", "--db", str(corpus[0]), "--port", str(free_port()), "--base-url", "x.org"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert '"x.org" is not an absolute http(s) address' in result.output
