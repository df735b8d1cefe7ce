"""Acceptance on the real PP 11/2017 (from ../shared): a search for a sentence of Pasal 3
ayat (3) finds one passage located "Pasal 3 ayat (3)", its cite page shows the locator
and cites it as "PP 11/2017, Pasal 3 ayat (3)", and no ayat number is a passage alone."""

from __future__ import annotations

import html
import json

import pytest
from click.testing import CliRunner

from cli.main import main
from corpus.db import open_corpus
from corpus.ingest import ingest
from datasette_plugins.publish import make_datasette

PP = "pdfs/rifan-skripsi/pp-11-2017-manajemen-pns.pdf"
QUERY = "Dikecualikan fungsional keahlian utama"  # words of Pasal 3 ayat (3)


@pytest.fixture(scope="module")
def pp_corpus(shared, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("pp") / "corpus.db"
    report = ingest(open_corpus(db_path), [shared / PP], workers=1)
    assert report.ok, report.outcomes
    return db_path


def test_search_finds_pasal_3_ayat_3_and_its_cite_page_shows_it(pp_corpus, client_for):
    result = CliRunner().invoke(main, ["search", QUERY, "--db", str(pp_corpus), "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert len(hits) == 1
    assert hits[0]["locator"] == "Pasal 3 ayat (3)"
    page = html.unescape(client_for(make_datasette(pp_corpus)).get(f"/-/cite/{hits[0]['id']}").text)
    assert '<strong class="telaah-locator" id="locator">Pasal 3 ayat (3)</strong>' in page
    assert "(PP 11/2017, Pasal 3 ayat (3))" in page


def test_no_ayat_number_is_a_passage_of_its_own(pp_corpus):
    db = open_corpus(pp_corpus)
    bare = db.execute(
        "select count(*) from passages "
        "where trim(text) glob '([0-9])' or trim(text) glob '([0-9][0-9])'"
    ).fetchone()[0]
    assert bare == 0
    pasal = db.execute(
        "select count(*) from passages where kind = 'heading' and text glob 'Pasal [0-9]*'"
    ).fetchone()[0]
    assert pasal >= 300
