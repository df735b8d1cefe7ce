"""metadata.yml against the real schema and a real Datasette: every table, view, column,
facet and canned query it names exists and answers (issue #4, acceptance 3).

A Datasette upgrade that moves canned queries out of metadata (as 1.0 alphas do) makes
``test_every_canned_query_answers`` fail loudly.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml

from datasette_plugins.publish import load_metadata, metadata_path

ROOT = Path(__file__).resolve().parents[2]
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
TABLES = METADATA["databases"]["telaah"]["tables"]
QUERIES = METADATA["databases"]["telaah"]["queries"]
# Parameters that select something in the test corpus (empty means "all").
PARAMS = {
    "passages_coded": {"code": "kinship", "document_id": ""},
    "study_code_matrix": {"kind": ""},
    "co_occurring_codes": {"code": ""},
    "codings_per_coder": {"coder": ""},
    "suggestions_waiting": {"coder": "", "code": ""},
    "search_ranked": {"q": "pegawai"},
    "codes_by_speaker": {"document_id": ""},
    "code_evidence": {
        "code": "kinship",
        "stance": "",
        "role": "",
        "coder": "",
        "document_id": "",
        "attr": "",
        "value": "",
        "rollup": "1",
    },
    "factors_reported_by_election": {"parent": "", "attr": ""},
}


def test_the_packaged_metadata_is_the_repository_file():
    assert metadata_path().read_text(encoding="utf-8") == (ROOT / "metadata.yml").read_text(
        encoding="utf-8"
    )


def test_site_level_fields():
    for key in ("title", "description_html", "license", "license_url", "source"):
        assert METADATA.get(key), key


def test_metadata_is_moved_to_the_served_file_name():
    moved = load_metadata(None, "demo")
    assert "demo" in moved["databases"] and "telaah" not in moved["databases"]
    assert load_metadata(None, "telaah")["databases"]["telaah"]["queries"]


def test_every_table_and_column_is_described_and_exists(corpus):
    conn = sqlite3.connect(corpus[0])
    names = {
        r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")
    }
    fts = ("passages_fts", "passages_stem_fts")
    published = {n for n in names if not n.startswith((*fts, "sqlite_"))}
    hidden_by_datasette = {n for n in names if n.startswith(fts)}
    assert hidden_by_datasette
    assert published - set(TABLES) == set(), "tables without a description"
    assert set(TABLES) - names == set(), "described tables that do not exist"
    for table, meta in TABLES.items():
        assert meta.get("description"), table
        columns = {r[1] for r in conn.execute(f"pragma table_info([{table}])")}
        assert set(meta["columns"]) == columns, table
        assert all(meta["columns"].values()), table
        assert set(meta.get("facets", [])) <= columns, table
        if "label_column" in meta:
            assert meta["label_column"] in columns


def test_tables_facets_and_search_answer(site):
    for table, meta in TABLES.items():
        r = site.get(f"/telaah/{table}.json?_shape=objects&_size=5")
        assert r.status_code == 200, table
        data = r.json()
        assert "rows" in data, table
        facets = data.get("facet_results") or {}
        facets = facets.get("results", facets)
        assert set(meta.get("facets", [])) <= set(facets), table
    listed = {t["name"] for t in site.get("/telaah.json").json()["tables"] if not t["hidden"]}
    assert "_sqlite_migrations" not in listed and {"passages", "codings"} <= listed
    hits = site.get("/telaah/passages.json?_search=kerabat&_shape=array").json()
    assert hits and all("kerabat" in h["text"].lower() for h in hits)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_answers(site, name):
    assert set(PARAMS[name]) == set(_named_params(QUERIES[name]["sql"])), "update PARAMS"
    r = site.get(f"/telaah/{name}.json", params={**PARAMS[name], "_shape": "objects"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["ok"] is not False, data
    page = site.get(f"/telaah/{name}", params=PARAMS[name])
    assert page.status_code == 200 and QUERIES[name]["title"] in page.text


def _named_params(sql: str) -> set[str]:
    import re

    return set(re.findall(r":(\w+)", sql))


def test_canned_queries_return_what_they_say(site, ids):
    def rows(name, **params):
        return site.get(f"/telaah/{name}.json", params={**params, "_shape": "array"}).json()

    coded = rows("passages_coded", code="factors", document_id=ids["thesis"])
    assert ids["kin_passage"] in {r["passage_id"] for r in coded}
    assert all(r["title"].startswith("Faktor Kekerabatan") for r in coded)
    assert rows("passages_coded", code="kinship", document_id="tidak-ada") == []
    long_form = rows("study_code_matrix", kind="thesis")
    assert {r["document_id"] for r in long_form} == {ids["thesis"]}
    assert {"kinship", "weak-oversight"} <= {r["code_id"] for r in long_form}
    pairs = rows("co_occurring_codes", code="")
    assert all(r["code_a"] < r["code_b"] and r["passages"] >= 1 for r in pairs)
    per_coder = rows("codings_per_coder", coder="budi")
    assert {r["coder"] for r in per_coder} == {"budi"}
    assert {r["code_id"] for r in per_coder} == {"kinship", "weak-oversight"}
    ranked = rows("search_ranked", q="khawatir-dimutasi")  # read as a phrase by telaah_search
    assert len(ranked) == 1 and "[khawatir]" in ranked[0]["snippet"]
    assert rows("search_ranked", q="kata-yang-tidak-ada-sama-sekali") == []


def test_suggestions_waiting(corpus_copy, client_for):
    """Pending suggestions from the real engine, per coder and undecided by anyone."""
    from coding.review import decide
    from coding.suggest.engine import suggest
    from corpus.db import open_corpus
    from datasette_plugins.publish import make_datasette

    path, _ = corpus_copy
    db = open_corpus(path)
    made = suggest(db, use_model=False)
    db.close()
    site = client_for(make_datasette(path))

    def waiting(**params):
        r = site.get("/salinan/suggestions_waiting.json", params={**params, "_shape": "array"})
        return r.json()

    everyone = waiting(coder="", code="")
    assert len(everyone) == len([s for s in made if s["status"] == "pending"]) - _coded_by_anyone(
        path
    )
    if not everyone:
        pytest.skip("the rules suggested nothing new on this corpus")
    first = everyone[0]
    db = open_corpus(path)
    decide(db, first["suggestion_id"], "ayu", "rejected")
    db.close()
    assert first["suggestion_id"] not in {r["suggestion_id"] for r in waiting(coder="ayu", code="")}
    assert first["suggestion_id"] in {r["suggestion_id"] for r in waiting(coder="budi", code="")}
    assert first["suggestion_id"] not in {r["suggestion_id"] for r in waiting(coder="", code="")}


def _coded_by_anyone(path) -> int:
    conn = sqlite3.connect(path)
    n = conn.execute(
        "select count(*) from suggestions s where s.status = 'pending' and exists "
        "(select 1 from codings c where c.passage_id = s.passage_id and c.code_id = s.code_id "
        "and c.status = 'placed')"
    ).fetchone()[0]
    conn.close()
    return n
